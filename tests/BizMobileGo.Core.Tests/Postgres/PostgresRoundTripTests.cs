using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using FieldChange = BizMobileGo.Core.History.FieldChange;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;
using Npgsql;
using Xunit;

namespace BizMobileGo.Core.Tests.Postgres
{
    /// <summary>
    /// The PostgreSQL store's fewer round trips, on the real test server: a chunk's three look-ups in one batch find
    /// exactly what the three look-ups find, and history appended aside (prepared on the hashing thread, queued for
    /// the next round trip) is on the server before any later statement reads, commits with its transaction, and is
    /// gone with a rolled-back one.
    /// </summary>
    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresRoundTripTests : IDisposable
    {
        // The databases this test makes, dropped in the background once it is done.
        private readonly PostgresTestDatabases _databases = new PostgresTestDatabases();

        public void Dispose() => _databases.Dispose();

        private static readonly ChangeOrigin Origin = ChangeOrigin.Library("postgres round-trip tests");

        private static Device NewDevice(string identifier, string? serial, string? userName) => new Device
        {
            Identifier = identifier,
            PlainCode = "Code1234",
            OS = "ios",
            Serial = serial,
            UserName = userName,
            ExpirationDays = 7,
            State = DeviceState.Registered,
            CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            SavedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        };

        private static string Describe(Device d) => $"{d.Identifier}|{d.Serial}|{d.UserName}";

        [Fact]
        public void OpeningACurrentStoreOnAKeptConnectionIsOneRoundTripThatSetsTheSessionUp()
        {
            // Thirty-fourth round (left34a, branch-office item 3): the session's setup and the schema's version are one batch
            // (one round trip; the pool's reset goes ahead of it), not two statements. Counted as Npgsql's own activities
            // (one a command or batch sent) of this test's database alone: other tests run beside it.
            string uri = _databases.New();
            string database = new Uri(uri).AbsolutePath.TrimStart('/');
            using (IDeviceStore created = DeviceStores.Open(uri, StoreUse.Command))
            {
                created.GetDevices().ToList();
            }

            var sent = new List<string>();
            using var listener = new System.Diagnostics.ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
                ActivityStopped = activity =>
                {
                    // A physical connect ("CONNECT <database>") is not a statement: the pool may have pruned the kept
                    // connection (idle lifetime 10 s) when a loaded machine stalls this test between the two opens.
                    if (!activity.DisplayName.StartsWith("CONNECT ", StringComparison.Ordinal)
                        && activity.TagObjects.Any(tag => Equals(tag.Value, database)))
                    {
                        lock (sent)
                        {
                            sent.Add(activity.DisplayName);
                        }
                    }
                },
            };
            System.Diagnostics.ActivitySource.AddActivityListener(listener);
            using (IDeviceStore kept = DeviceStores.Open(uri, StoreUse.Command))
            {
                Assert.Single(sent);
                // The session is the store's: its search_path finds the store's tables, unqualified.
                Assert.Empty(kept.GetDevices());
            }
        }

        [Fact]
        public void AChunksLookUpsInOneBatchFindWhatTheThreeLookUpsFind()
        {
            using IDeviceStore store = DeviceStores.Open(_databases.New(), StoreUse.Command);
            using (IStoreTransaction write = store.BeginTransaction())
            {
                store.ApplyChanges(new[]
                {
                    StoreChange.OfUser(null, new User { UserName = "sato", Name = "Sato", Organizations = Array.Empty<string>() }, Origin),
                    StoreChange.OfUser(null, new User { UserName = "Sato", Organizations = Array.Empty<string>() }, Origin),
                    StoreChange.OfDevice(null, NewDevice("IPAD-1", "F2LXAAAA0001", "sato"), Origin),
                    StoreChange.OfDevice(null, NewDevice("ipad-2", "F2LXAAAA0002", null), Origin),
                    StoreChange.OfDevice(null, NewDevice("ipad-3", null, "Sato"), Origin),
                });
                write.Commit();
            }

            // Names as an import passes them: some stored, some not, identifiers in another case, serials of devices
            // named by identifier and of devices not named, and a serial nobody has.
            var userNames = new[] { "sato", "SATO", "nobody" };
            var identifiers = new[] { "ipad-1", "IPAD-3", "ipad-9" };
            var serials = new[] { "F2LXAAAA0001", "F2LXAAAA0002", "F2LXZZZZ9999" };

            ChunkRead read = ((IChunkReads)store).ReadChunk(userNames, identifiers, serials);

            Assert.Equal(store.FindUsers(userNames).Select(u => u.UserName).OrderBy(n => n, StringComparer.Ordinal),
                read.Users.Select(u => u.UserName).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(new[] { "sato" }, read.Users.Select(u => u.UserName));
            Assert.Equal(store.FindDevices(identifiers).Select(Describe).OrderBy(d => d, StringComparer.Ordinal),
                read.Devices.Select(Describe).OrderBy(d => d, StringComparer.Ordinal));
            Assert.Equal(new[] { "IPAD-1|F2LXAAAA0001|sato", "ipad-3||Sato" }, read.Devices.Select(Describe).OrderBy(d => d, StringComparer.Ordinal));
            // The serials' look-up leaves out the devices found by identifier (IPAD-1 holds F2LXAAAA0001, named here as
            // ipad-1): each device is read and sent once. It finds what FindDevicesBySerial finds for the other serials.
            var heldSerials = new HashSet<string>(read.Devices.Where(d => d.Serial != null).Select(d => d.Serial!), StringComparer.Ordinal);
            Assert.Equal(store.FindDevicesBySerial(serials.Where(s => !heldSerials.Contains(s)).ToList()).Select(Describe).OrderBy(d => d, StringComparer.Ordinal),
                read.DevicesBySerial.Select(Describe).OrderBy(d => d, StringComparer.Ordinal));
            Assert.Equal(new[] { "ipad-2|F2LXAAAA0002|" }, read.DevicesBySerial.Select(Describe));

            // Serials only (no identifier to look up: an import's keys of tables empty when it began): every device the
            // serials name is found by serial.
            ChunkRead bySerial = ((IChunkReads)store).ReadChunk(Array.Empty<string>(), Array.Empty<string>(), serials);
            Assert.Empty(bySerial.Devices);
            Assert.Equal(new[] { "IPAD-1|F2LXAAAA0001|sato", "ipad-2|F2LXAAAA0002|" }, bySerial.DevicesBySerial.Select(Describe).OrderBy(d => d, StringComparer.Ordinal));

            // Identifiers only: nothing is found by serial.
            ChunkRead byIdentifier = ((IChunkReads)store).ReadChunk(Array.Empty<string>(), new[] { "ipad-2" }, Array.Empty<string>());
            Assert.Equal(new[] { "ipad-2|F2LXAAAA0002|" }, byIdentifier.Devices.Select(Describe));
            Assert.Empty(byIdentifier.DevicesBySerial);

            // Nothing to look up: no statement, nothing found.
            ChunkRead none = ((IChunkReads)store).ReadChunk(Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>());
            Assert.Empty(none.Users);
            Assert.Empty(none.Devices);
            Assert.Empty(none.DevicesBySerial);
        }

        private static List<ChangeEntry> Unlinked(int count, long firstKey) => Enumerable.Range(0, count).Select(i => new ChangeEntry(
            new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero), "admin", "host", "Import-BmgDeviceCsv", null, i + 2, SubjectKind.Device,
            (firstKey + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "device-" + i, ChangeAction.Created,
            new[] { new FieldChange("DisplayName", null, "name " + i) })).ToList();

        [Fact]
        public void HistoryAppendedAsideIsOnTheServerBeforeTheNextReadCommitsWithItsTransactionAndGoesWithARollback()
        {
            using IDeviceStore store = DeviceStores.Open(_databases.New(), StoreUse.Command);
            var history = (IHistoryStore)store;
            var prepared = (IPreparedHistoryAppend)store;

            // Rolled back: the queued statements were sent before the read, and the rollback takes them away.
            using (IStoreTransaction write = store.BeginTransaction())
            {
                IReadOnlyList<ChangeEntry> linked = HistoryChain.Link(history.ReadHead(), Unlinked(3, 100));
                prepared.AppendPrepared(prepared.Prepare(linked));
                Assert.Equal(3L, history.ReadHead()!.Sequence);
                prepared.AppendPrepared(prepared.Prepare(HistoryChain.Link(history.ReadHead(), Unlinked(2, 200))));
            }

            using (IStoreTransaction read = store.BeginReadTransaction())
            {
                Assert.Null(history.ReadHead());
            }

            // Queued and never followed by another statement: the commit sends them first.
            IReadOnlyList<ChangeEntry> kept;
            using (IStoreTransaction write = store.BeginTransaction())
            {
                kept = HistoryChain.Link(history.ReadHead(), Unlinked(4, 300));
                prepared.AppendPrepared(prepared.Prepare(kept));
                write.Commit();
            }

            // The next transaction sends nothing of the one rolled back: its own write is the fifth entry.
            using (IStoreTransaction write = store.BeginTransaction())
            {
                store.ApplyChanges(new[] { StoreChange.OfDevice(null, NewDevice("after", null, null), Origin) });
                write.Commit();
            }

            List<ChangeEntry> chain;
            using (IStoreTransaction read = store.BeginReadTransaction())
            {
                chain = history.ReadChain().ToList();
            }

            Assert.Equal(new[] { 1L, 2L, 3L, 4L, 5L }, chain.Select(e => e.Sequence));
            Assert.Equal(kept.Select(e => e.Hash), chain.Take(4).Select(e => e.Hash));
            Assert.Equal("after", chain[4].Subject);
            Assert.True(HistoryChain.Verify(chain).Valid);
        }

        [Fact]
        public void HistoryQueuedBeforeALookUpAndAWriteGoesInTheirRoundTripAndTheirResultsStayTheirs()
        {
            using IDeviceStore store = DeviceStores.Open(_databases.New(), StoreUse.Command);
            var history = (IHistoryStore)store;
            var prepared = (IPreparedHistoryAppend)store;
            using (IStoreTransaction write = store.BeginTransaction())
            {
                store.ApplyChanges(new[] { StoreChange.OfDevice(null, NewDevice("first", "F2LXAAAA0001", null), Origin) });
                write.Commit();
            }

            using (IStoreTransaction write = store.BeginTransaction())
            {
                // Queued, then a chunk's look-ups: the queue goes in front of them, and what they find is theirs.
                prepared.AppendPrepared(prepared.Prepare(HistoryChain.Link(history.ReadHead(), Unlinked(3, 100))));
                ChunkRead read = ((IChunkReads)store).ReadChunk(new[] { "nobody" }, new[] { "FIRST" }, new[] { "F2LXAAAA0001", "F2LXZZZZ9999" });
                Assert.Empty(read.Users);
                Assert.Equal(new[] { "first|F2LXAAAA0001|" }, read.Devices.Select(Describe));
                Assert.Empty(read.DevicesBySerial);

                // Queued, then a write that reads its rows' keys back: the keys are the write's, not shifted by the queue.
                prepared.AppendPrepared(prepared.Prepare(HistoryChain.Link(history.ReadHead(), Unlinked(2, 200))));
                store.ApplyChanges(new[] { StoreChange.OfDevice(null, NewDevice("second", null, null), Origin) });
                write.Commit();
            }

            List<ChangeEntry> chain;
            using (IStoreTransaction read = store.BeginReadTransaction())
            {
                chain = history.ReadChain().ToList();
            }

            Assert.Equal(new[] { 1L, 2L, 3L, 4L, 5L, 6L, 7L }, chain.Select(e => e.Sequence));
            Assert.Equal(new[] { "first", "device-0", "device-1", "device-2", "device-0", "device-1", "second" }, chain.Select(e => e.Subject));
            // The write's entry names its own row's key: that of the second device inserted.
            Assert.Equal(long.Parse(chain[0].SubjectKey, System.Globalization.CultureInfo.InvariantCulture) + 1,
                long.Parse(chain[6].SubjectKey, System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(HistoryChain.Verify(chain).Valid);
        }

        [Fact]
        public void AQueuedStatementTheServerRefusesIsAStoreErrorTheCommitThrowsItTooAndTheNextTransactionIsClean()
        {
            string uri = _databases.New();
            using IDeviceStore store = DeviceStores.Open(uri, StoreUse.Command);
            var history = (IHistoryStore)store;
            var prepared = (IPreparedHistoryAppend)store;
            using (NpgsqlConnection admin = PostgresTestServer.Open(uri))
            {
                PostgresTestServer.Execute(admin, @"CREATE FUNCTION refuse_history() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'no room for history' USING ERRCODE = 'lock_not_available'; END $$;
CREATE TRIGGER refuse_history BEFORE INSERT ON change_history FOR EACH ROW EXECUTE FUNCTION refuse_history();");
            }

            using (IStoreTransaction write = store.BeginTransaction())
            {
                prepared.AppendPrepared(prepared.Prepare(HistoryChain.Link(history.ReadHead(), Unlinked(3, 100))));
                // The queue goes in front of the write: the server refuses it there, as the write's own error.
                var refused = Assert.Throws<BmgException>(() =>
                    store.ApplyChanges(new[] { StoreChange.OfDevice(null, NewDevice("lost", null, null), Origin) }));
                Assert.Equal(ErrorIds.StoreBusy, refused.ErrorId);

                // A caller that went on regardless: the commit does not pass for one (the server would roll back).
                var commit = Assert.Throws<BmgException>(() => write.Commit());
                Assert.Equal(ErrorIds.StoreBusy, commit.ErrorId);
            }

            using (NpgsqlConnection admin = PostgresTestServer.Open(uri))
            {
                PostgresTestServer.Execute(admin, "DROP TRIGGER refuse_history ON change_history;");
            }

            // Nothing stayed, and nothing of the failed transaction (queue or failure) follows the store into the next one.
            using (IStoreTransaction write = store.BeginTransaction())
            {
                Assert.Null(store.FindDevices(new[] { "lost" }).FirstOrDefault());
                store.ApplyChanges(new[] { StoreChange.OfDevice(null, NewDevice("kept", null, null), Origin) });
                write.Commit();
            }

            List<ChangeEntry> chain;
            using (IStoreTransaction read = store.BeginReadTransaction())
            {
                chain = history.ReadChain().ToList();
            }

            Assert.Equal(new[] { "kept" }, chain.Select(e => e.Subject));
            Assert.Equal(1L, chain[0].Sequence);
            Assert.True(HistoryChain.Verify(chain).Valid);
            Assert.Equal(new[] { "kept" }, store.GetDevices().Select(d => d.Identifier));
        }

        [Fact]
        public void AWhatIfSavepointRolledBackTakesItsQueuedHistoryWithItSentOrNot()
        {
            string uri = _databases.New();
            using (IDeviceStore command = DeviceStores.Open(uri, StoreUse.Command))
            {
            }

            using IDeviceStore store = DeviceStores.Open(uri, StoreUse.Snapshot);
            var history = (IHistoryStore)store;
            var prepared = (IPreparedHistoryAppend)store;

            // Rolled back with the statements still queued.
            using (IStoreTransaction write = store.BeginTransaction())
            {
                prepared.AppendPrepared(prepared.Prepare(HistoryChain.Link(null, Unlinked(3, 100))));
            }

            using (IStoreTransaction read = store.BeginReadTransaction())
            {
                Assert.Null(history.ReadHead());
            }

            // Rolled back after they were sent (the read sent them).
            using (IStoreTransaction write = store.BeginTransaction())
            {
                prepared.AppendPrepared(prepared.Prepare(HistoryChain.Link(null, Unlinked(2, 200))));
                Assert.Equal(2L, history.ReadHead()!.Sequence);
            }

            using (IStoreTransaction read = store.BeginReadTransaction())
            {
                Assert.Null(history.ReadHead());
            }

            // Released: queued, the release sends them first, and the snapshot sees them.
            using (IStoreTransaction write = store.BeginTransaction())
            {
                prepared.AppendPrepared(prepared.Prepare(HistoryChain.Link(null, Unlinked(4, 300))));
                write.Commit();
            }

            using (IStoreTransaction read = store.BeginReadTransaction())
            {
                Assert.Equal(4L, history.ReadHead()!.Sequence);
                Assert.True(HistoryChain.Verify(history.ReadChain().ToList()).Valid);
            }
        }

        private static string Rows(int count, Func<int, string> displayName)
        {
            var lines = new List<string> { "UserName,Name,Identifier,OS,Serial,DisplayName" };
            for (int i = 0; i < count; i++)
            {
                // Users shared by several devices, serials on most, identifiers in mixed case.
                string serial = i % 5 == 4 ? "" : $"C02X{i:D8}";
                lines.Add($"user{i % 700},User {i % 700},{(i % 2 == 0 ? "DEV" : "dev")}-{i:D5},{(i % 3 == 0 ? "android" : "ios")},{serial},{displayName(i)}");
            }

            return string.Join("\n", lines) + "\n";
        }

        private static ImportSummary Import(IDeviceStore store, string csv)
        {
            var at = new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.Zero);
            using var import = new DeviceImport(store, ImportMode.AllOrNothing, false, "devices.csv", () => at);
            List<ImportRowResult> rows = DeviceCsvFile.ImportRows(import, new StringReader(csv), ',', "devices.csv").ToList();
            Assert.DoesNotContain(rows, r => r.Failed);
            return import.Complete();
        }

        private static string Describe(IDeviceStore store) => string.Join("\n", store.GetDevices()
            .Select(d => $"{d.Identifier}|{d.Serial}|{d.UserName}|{d.OS}|{d.DisplayName}|{d.State}")
            .OrderBy(d => d, StringComparer.Ordinal));

        [Fact]
        public void AnImportOfSeveralChunksAndItsReImportGiveTheDevicesSqliteGivesAndAHistoryThatVerifies()
        {
            // 2,600 rows: three chunks, the look-ups of the later ones carrying the history the earlier ones queued.
            string created = Rows(2600, i => "Device " + i);
            string changed = Rows(2600, i => i % 2 == 0 ? "Renamed " + i : "Device " + i);
            using IDeviceStore postgres = DeviceStores.Open(_databases.New(), StoreUse.Command);
            string folder = Path.Combine(Path.GetTempPath(), "bmg-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                using IDeviceStore sqlite = SqliteDeviceStore.Open(Path.Combine(folder, "store.db"));
                foreach (string csv in new[] { created, changed })
                {
                    ImportSummary onPostgres = Import(postgres, csv);
                    ImportSummary onSqlite = Import(sqlite, csv);
                    Assert.True(onPostgres.Committed);
                    Assert.Equal((onSqlite.Rows, onSqlite.Created, onSqlite.Updated, onSqlite.Unchanged),
                        (onPostgres.Rows, onPostgres.Created, onPostgres.Updated, onPostgres.Unchanged));
                    Assert.Equal(Describe(sqlite), Describe(postgres));
                }

                Assert.Equal(2600, postgres.GetDevices().Count());
                Assert.Equal("Renamed 2", postgres.FindDevices(new[] { "dev-00002" }).Single().DisplayName);
                List<ChangeEntry> chain;
                using (IStoreTransaction read = postgres.BeginReadTransaction())
                {
                    chain = ((IHistoryStore)postgres).ReadChain().ToList();
                }

                // Created: 700 users and 2,600 devices; changed: 1,300 devices.
                Assert.Equal(700 + 2600 + 1300, chain.Count);
                Assert.Equal(Enumerable.Range(1, chain.Count).Select(i => (long)i), chain.Select(e => e.Sequence));
                Assert.True(HistoryChain.Verify(chain).Valid);
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
