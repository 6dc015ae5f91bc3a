using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Import;
using FieldChange = BizMobileGo.Core.History.FieldChange;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Store.Postgres;
using Npgsql;
using NpgsqlTypes;
using Xunit;

namespace BizMobileGo.Core.Tests.Postgres
{
    /// <summary>
    /// The PostgreSQL store keeps a run of created users and devices (an import's new records) as one row of
    /// change_history_packs (migration 5), as SQLite does (PackedHistoryTests). These tests import into a new database on
    /// the real test server, then read, clear and edit its tables by hand: what comes back must be exactly what was
    /// appended, and hand edits must be named as for rows. A store upgraded from version 4 keeps its rows and packs what
    /// it appends after.
    /// </summary>
    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresPackedHistoryTests : IDisposable
    {
        private const int Rows = 40;

        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 6, 2, 0, 30, 0, TimeSpan.Zero);

        private readonly string _uri = PostgresTestServer.NewDatabase();
        private IDeviceStore? _store;

        private IDeviceStore Store => _store ??= DeviceStores.Open(_uri, StoreUse.Command);

        private IHistoryStore History => (IHistoryStore)Store;

        public void Dispose()
        {
            _store?.Dispose();
            NpgsqlConnection.ClearAllPools();
            using NpgsqlConnection admin = new NpgsqlConnection(PostgresTestServer.Admin.ConnectionString.ConnectionString);
            admin.Open();
            PostgresTestServer.Execute(admin, $"DROP DATABASE IF EXISTS \"{PostgresLocation.Parse(_uri).ConnectionString.Database}\" WITH (FORCE);");
        }

        private static string Csv(int first, int count) => string.Join("\n", new[] { "UserName,Name,Identifier,OS,DisplayName" }
            .Concat(Enumerable.Range(first, count).Select(i => string.Format(CultureInfo.InvariantCulture, "user-{0:D4},名前 {0},dev-{0:D4},ios,Device \"{0}\"", i)))) + "\n";

        /// <summary>An import of <paramref name="count"/> new users and devices: 2 × count entries, all in packs.</summary>
        private void ImportNew(int first = 1, int count = Rows, IDeviceStore? into = null)
        {
            using var import = new DeviceImport(into ?? Store, ImportMode.AllOrNothing, false, "test.csv", () => T0);
            List<ImportRowResult> rows = DeviceCsvFile.ImportRows(import, new StringReader(Csv(first, count)), ',', "test.csv").ToList();
            Assert.DoesNotContain(rows, r => r.Failed);
            Assert.True(import.Complete().Committed);
        }

        private List<ChangeEntry> Chain()
        {
            using IStoreTransaction read = Store.BeginReadTransaction();
            return History.ReadChain().ToList();
        }

        private HistoryVerification Verify() => new ChangeHistory(History).Verify();

        private Device Device(string identifier) => Store.GetDevice(identifier) ?? throw new Xunit.Sdk.XunitException($"no device '{identifier}'");

        private long Scalar(string sql)
        {
            using NpgsqlConnection raw = PostgresTestServer.Open(_uri);
            return Convert.ToInt64(PostgresTestServer.Scalar(raw, sql), CultureInfo.InvariantCulture);
        }

        private void Exec(string sql, byte[]? blob = null)
        {
            using NpgsqlConnection raw = PostgresTestServer.Open(_uri);
            using var command = new NpgsqlCommand(sql, raw);
            if (blob != null)
            {
                command.Parameters.Add(new NpgsqlParameter { ParameterName = "blob", NpgsqlDbType = NpgsqlDbType.Bytea, Value = blob });
            }

            command.ExecuteNonQuery();
        }

        private byte[] PackBlob(long firstSequence)
        {
            using NpgsqlConnection raw = PostgresTestServer.Open(_uri);
            using var command = new NpgsqlCommand($"SELECT entries FROM change_history_packs WHERE first_sequence = {firstSequence};", raw);
            return (byte[])command.ExecuteScalar()!;
        }

        private static string Describe(ChangeEntry e) =>
            string.Join("|", e.Sequence, HistoryTime.ToText(e.At), e.OsUser, e.Host, e.Command, e.ImportId, e.Line, e.SubjectKind, e.SubjectKey, e.Subject,
                e.Action, ChangeListText.Write(e.Changes), e.PreviousHash, e.Hash);

        [Fact]
        public void AnImportsCreatedRecordsArePackedAndReadBackAsTheyWereAppended()
        {
            ImportNew();

            Assert.Equal(0, Scalar("SELECT count(*) FROM change_history;"));
            Assert.True(Scalar("SELECT count(*) FROM change_history_packs;") >= 1);
            Assert.Equal(2 * Rows, Scalar("SELECT sum(last_sequence - first_sequence + 1) FROM change_history_packs;"));

            List<ChangeEntry> chain = Chain();
            Assert.Equal(Enumerable.Range(1, 2 * Rows).Select(i => (long)i), chain.Select(e => e.Sequence));
            Assert.True(HistoryChain.Verify(chain).Valid);
            Assert.All(chain, e => Assert.Equal(HistoryCanonicalForm.Hash(e), e.Hash));
            Assert.Equal(HistoryChain.GenesisHash, chain[0].PreviousHash);

            ChangeEntry device = chain.Single(e => e.Subject == "dev-0007");
            Assert.Equal((ChangeAction.Created, SubjectKind.Device, 8, "Import-BmgDeviceCsv"), (device.Action, device.SubjectKind, device.Line, device.Command));
            Assert.NotNull(device.ImportId);
            Assert.Contains(device.Changes, c => c.ToString() == "DisplayName: (none) \u2192 Device \"7\"");
            Assert.Contains(chain.Single(e => e.Subject == "user-0007").Changes, c => c.ToString() == "Name: (none) \u2192 名前 7");

            using (IStoreTransaction write = Store.BeginTransaction())
            {
                HistoryHead head = History.ReadHead()!;
                Assert.Equal((chain[^1].Sequence, chain[^1].Hash), (head.Sequence, head.Hash));
            }
        }

        [Fact]
        public void QueriesAndLookUpsFindPackedEntriesByKindKeyTimeAndName()
        {
            ImportNew();
            List<ChangeEntry> chain = Chain();
            ChangeEntry device = chain.Single(e => e.Subject == "dev-0013");
            ChangeEntry user = chain.Single(e => e.Subject == "user-0013");
            var history = new ChangeHistory(History);

            var byKey = new HistoryQuery(SubjectKind.Device) { SubjectKeys = new[] { device.SubjectKey } };
            Assert.Equal(new[] { Describe(device) }, history.Query(byKey).Select(Describe));
            var userByKey = new HistoryQuery(SubjectKind.User) { SubjectKeys = new[] { user.SubjectKey } };
            Assert.Equal(new[] { Describe(user) }, history.Query(userByKey).Select(Describe));

            // A user's and a device's key may be equal: a query of one kind never returns the other's entry.
            var sameNumber = new HistoryQuery(SubjectKind.User) { SubjectKeys = new[] { device.SubjectKey } };
            Assert.All(history.Query(sameNumber), e => Assert.Equal(SubjectKind.User, e.SubjectKind));

            List<ChangeEntry> devices = history.Query(new HistoryQuery(SubjectKind.Device)).ToList();
            Assert.Equal(Rows, devices.Count);
            Assert.Equal(devices.Select(e => e.Sequence).OrderByDescending(s => s), devices.Select(e => e.Sequence));
            Assert.Empty(history.Query(new HistoryQuery(SubjectKind.Device) { Since = device.At.AddTicks(10) }));
            Assert.Equal(Rows, history.Query(new HistoryQuery(SubjectKind.Device) { Until = device.At }).Count());
            Assert.Empty(history.Query(new HistoryQuery(SubjectKind.Device) { Until = device.At.AddTicks(-10) }));

            using (IStoreTransaction read = Store.BeginReadTransaction())
            {
                Assert.Equal(new[] { (device.SubjectKey, "dev-0013") }, History.FindSubjects(SubjectKind.Device, "DEV-0013").Select(s => (s.Key, s.Name)));
                Assert.Equal(new[] { (user.SubjectKey, "user-0013") }, History.FindSubjects(SubjectKind.User, "user-0013").Select(s => (s.Key, s.Name)));
                Assert.Empty(History.FindSubjects(SubjectKind.User, "USER-0013"));
                Assert.Equal(Rows, History.FindSubjects(SubjectKind.Device, null).Select(s => (s.Key, s.Name)).Distinct().Count());
                Assert.Equal(Rows, History.FindSubjects(SubjectKind.User, null).Select(s => (s.Key, s.Name)).Distinct().Count());
            }

            // A device made outside the import has entries in rows only; it is found, and the packed ones still are.
            Store.SaveDevice(null, new Device { Identifier = "single", Code = "A7K29QX4", OS = "ios" }, ChangeOrigin.Library("tests"));
            using (IStoreTransaction read = Store.BeginReadTransaction())
            {
                Assert.Equal(Rows + 1, History.FindSubjects(SubjectKind.Device, null).Select(s => (s.Key, s.Name)).Distinct().Count());
                Assert.Single(History.FindSubjects(SubjectKind.Device, "single"));
            }
        }

        [Fact]
        public void RowsAfterPacksMergeInSequenceAndARenamedOrRemovedSubjectIsFoundByItsPackedName()
        {
            ImportNew();
            Device stored = Device("dev-0005");
            Device renamed = stored.Clone();
            renamed.Identifier = "renamed-0005";
            Store.SaveDevice(stored, renamed, ChangeOrigin.Library("tests"));
            Store.SaveDevice(Device("dev-0009"), null, ChangeOrigin.Library("tests"));
            Store.SaveUser(Store.GetUser("user-0009"), null, ChangeOrigin.Library("tests"));
            ImportNew(Rows + 1, 20);

            List<ChangeEntry> chain = Chain();
            Assert.Equal(Enumerable.Range(1, 2 * Rows + 3 + 40).Select(i => (long)i), chain.Select(e => e.Sequence));
            Assert.True(HistoryChain.Verify(chain).Valid);
            Assert.Equal(3, Scalar("SELECT count(*) FROM change_history;"));
            // The names the packs hold that the subjects no longer have: kept when the rows ended them.
            Assert.Equal(3, Scalar("SELECT count(*) FROM change_history_names WHERE subject IN ('dev-0005', 'dev-0009', 'user-0009');"));

            string key = chain.Single(e => e.Subject == "dev-0005").SubjectKey;
            using (IStoreTransaction read = Store.BeginReadTransaction())
            {
                Assert.Equal(new[] { (key, "dev-0005") }, History.FindSubjects(SubjectKind.Device, "DEV-0005").Select(s => (s.Key, s.Name)));
                Assert.Equal(new[] { (key, "renamed-0005") }, History.FindSubjects(SubjectKind.Device, "renamed-0005").Select(s => (s.Key, s.Name)));
                Assert.Single(History.FindSubjects(SubjectKind.Device, "dev-0009"));
                Assert.Single(History.FindSubjects(SubjectKind.User, "user-0009"));
                Assert.Empty(History.FindSubjects(SubjectKind.User, "USER-0009"));
                // Every device with entries by each name it had: dev-0005 twice, the removed dev-0009 by its name.
                Assert.Equal(Rows + 20 + 1, History.FindSubjects(SubjectKind.Device, null).Select(s => (s.Key, s.Name)).Distinct().Count());
            }

            var history = new ChangeHistory(History);
            Assert.Equal(new[] { ChangeAction.Changed, ChangeAction.Created },
                history.Query(new HistoryQuery(SubjectKind.Device) { SubjectKeys = new[] { key } }).Select(e => e.Action));
            Assert.Equal(Rows + 20, history.Query(new HistoryQuery(SubjectKind.Device)).Count(e => e.Action == ChangeAction.Created));
        }

        [Fact]
        public void AStoreRenamedTwiceInOneTransactionKeepsItsPackedNameOnce()
        {
            ImportNew();
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                Device first = Device("dev-0003");
                Device second = first.Clone();
                second.Identifier = "dev-0003-b";
                Store.SaveDevice(first, second, ChangeOrigin.Library("tests"));
                Device third = second.Clone();
                third.Identifier = "dev-0003-c";
                Store.SaveDevice(Device("dev-0003-b"), third, ChangeOrigin.Library("tests"));
                write.Commit();
            }

            Assert.True(Verify().Valid);
            using IStoreTransaction read = Store.BeginReadTransaction();
            foreach (string name in new[] { "dev-0003", "dev-0003-b", "dev-0003-c" })
            {
                Assert.Single(History.FindSubjects(SubjectKind.Device, name));
            }
        }

        [Fact]
        public void ClearingThroughTheMiddleOfAPackKeepsTheRestLinkedAndVerifiable()
        {
            ImportNew();
            List<ChangeEntry> before = Chain();
            const long through = 23;

            using (IStoreTransaction write = Store.BeginTransaction())
            {
                Assert.Equal(through, History.DeleteThrough(through));
                write.Commit();
            }

            List<ChangeEntry> after = Chain();
            Assert.Equal(before.Skip((int)through).Select(Describe), after.Select(Describe));
            Assert.Equal(before[(int)through - 1].Hash, after[0].PreviousHash);
            Assert.Equal(0, Scalar("SELECT count(*) FROM change_history;"));
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                Assert.Equal(before[^1].Hash, History.ReadHead()!.Hash);
            }
        }

        [Fact]
        public void ClearBmgHistoryRemovesWholePacksAndWhatIsLeftVerifies()
        {
            ImportNew();
            ImportNew(Rows + 1, 20);
            // Entries carry the store's clock (not the import's): clear before the second import's first entry.
            List<ChangeEntry> chain = Chain();
            DateTimeOffset secondImport = chain.Single(e => e.Subject == "user-0041").At;
            Assert.True(secondImport > chain[0].At);

            ChangeEntry cleared = new ChangeHistory(History).ClearBefore(secondImport, ChangeOrigin.Library("Clear-BmgHistory"), secondImport.AddMinutes(1));
            Assert.Equal(2 * Rows, long.Parse(cleared.Changes.Single(c => c.Field == HistoryChain.RemovedEntriesField).NewValue!, CultureInfo.InvariantCulture));
            Assert.True(Verify().Valid);
            Assert.Equal(41, Chain().Count);
            using IStoreTransaction read = Store.BeginReadTransaction();
            Assert.Empty(History.FindSubjects(SubjectKind.Device, "dev-0030"));
            Assert.Single(History.FindSubjects(SubjectKind.Device, "dev-0050"));
        }

        [Fact]
        public void ABytesEditInsideAPackNamesThatEntry()
        {
            ImportNew();
            ChangeEntry target = Chain().Single(e => e.Subject == "dev-0011");
            long first = Scalar($"SELECT first_sequence FROM change_history_packs WHERE first_sequence <= {target.Sequence} AND last_sequence >= {target.Sequence};");
            byte[] blob = PackBlob(first);
            byte[] name = Encoding.UTF8.GetBytes("dev-0011");
            int at = blob.AsSpan().IndexOf(name);
            Assert.True(at > 0);
            blob[at + 4] = (byte)'9';
            Exec($"UPDATE change_history_packs SET entries = @blob WHERE first_sequence = {first};", blob);

            HistoryVerification check = Verify();
            Assert.False(check.Valid);
            Assert.Equal(target.Sequence, check.FirstBadEntry);
        }

        /// <summary>Two imports (two packs, the second from <c>second</c>) and a device saved after them (a row).</summary>
        private long TwoPacksAndARow()
        {
            ImportNew();
            ImportNew(Rows + 1, 20);
            Store.SaveDevice(null, new Device { Identifier = "single", Code = "A7K29QX4", OS = "ios" }, ChangeOrigin.Library("tests"));
            long second = Scalar("SELECT max(first_sequence) FROM change_history_packs;");
            Assert.True(second > 1);
            Assert.True(Verify().Valid);
            return second;
        }

        [Theory]
        [InlineData("UPDATE change_history_packs SET os_user = 'intruder' WHERE first_sequence = {0};", "altered")]
        [InlineData("UPDATE change_history_packs SET at = '2001-01-01T00:00:00Z' WHERE first_sequence = {0};", "altered")]
        [InlineData("UPDATE change_history_packs SET import_id = import_id + 1 WHERE first_sequence = {0};", "altered")]
        [InlineData("UPDATE change_history_packs SET previous_hash = repeat('0', 64) WHERE first_sequence = {0};", "altered")]
        [InlineData("DELETE FROM change_history_packs WHERE first_sequence = {0};", "missing")]
        [InlineData("UPDATE change_history_packs SET entries = '\\x0102' WHERE first_sequence = {0};", "altered")]
        [InlineData("UPDATE change_history_packs SET entries = substring(entries FROM 1 FOR octet_length(entries) - 40) WHERE first_sequence = {0};", "altered")]
        [InlineData("UPDATE change_history_packs SET entries = '' WHERE first_sequence = {0};", "altered")]
        [InlineData("UPDATE change_history_packs SET last_sequence = last_sequence - 1 WHERE first_sequence = {0};", "header")]
        [InlineData("UPDATE change_history_packs SET last_sequence = last_sequence + 1 WHERE first_sequence = {0};", "header")]
        [InlineData("UPDATE change_history_packs SET first_device_key = NULL WHERE first_sequence = {0};", "header")]
        [InlineData("UPDATE change_history_packs SET last_device_key = last_device_key - 1 WHERE first_sequence = {0};", "header")]
        [InlineData("UPDATE change_history_packs SET first_user_key = first_user_key + 1 WHERE first_sequence = {0};", "header")]
        [InlineData("UPDATE change_history_packs SET last_user_key = NULL WHERE first_sequence = {0};", "header")]
        [InlineData("UPDATE change_history_packs SET first_device_key = (SELECT last_device_key FROM change_history_packs WHERE first_sequence = 1) WHERE first_sequence = {0};", "header")]
        public void AHandEditOfAPackNamesItsFirstEntry(string edit, string reason)
        {
            // The row after the packs makes a removed pack a gap (removing the newest entries only a known hash shows).
            long second = TwoPacksAndARow();
            Exec(string.Format(CultureInfo.InvariantCulture, edit, second));

            HistoryVerification check = Verify();
            Assert.False(check.Valid);
            Assert.Equal(second, check.FirstBadEntry);
            Assert.Contains(reason, check.Reason, StringComparison.Ordinal);

            // Nothing is cleared from a history that doesn't verify.
            BmgException refused = Assert.Throws<BmgException>(() =>
                new ChangeHistory(History).ClearBefore(DateTimeOffset.UtcNow.AddDays(1), ChangeOrigin.Library("Clear-BmgHistory"), DateTimeOffset.UtcNow.AddDays(1)));
            Assert.Equal(ErrorIds.HistoryTampered, refused.ErrorId);
        }

        [Fact]
        public void AClearRefusesAPackWhoseLastSequenceWasEditedAndRemovesNothing()
        {
            long second = TwoPacksAndARow();
            Exec($"UPDATE change_history_packs SET last_sequence = {second} WHERE first_sequence = {second};");
            long packs = Scalar("SELECT count(*) FROM change_history_packs;");

            using (IStoreTransaction write = Store.BeginTransaction())
            {
                BmgException refused = Assert.Throws<BmgException>(() => History.DeleteThrough(second + 2));
                Assert.Equal(ErrorIds.HistoryTampered, refused.ErrorId);
            }

            Assert.Equal(packs, Scalar("SELECT count(*) FROM change_history_packs;"));
        }

        [Fact]
        public void APackThatNoLongerDecodesStopsAQueryAndARenameWithHistoryTampered()
        {
            ImportNew();
            // The version byte changed: the blob's last hash (the head) still reads, its entries don't.
            Exec("UPDATE change_history_packs SET entries = '\\x02'::bytea || substring(entries FROM 2);");

            BmgException stopped = Assert.Throws<BmgException>(() => new ChangeHistory(History).Query(new HistoryQuery(SubjectKind.Device)).ToList());
            Assert.Equal(ErrorIds.HistoryTampered, stopped.ErrorId);
            Assert.Equal(1L, Verify().FirstBadEntry);

            Device stored = Device("dev-0005");
            Device renamed = stored.Clone();
            renamed.Identifier = "renamed-0005";
            BmgException refused = Assert.Throws<BmgException>(() => Store.SaveDevice(stored, renamed, ChangeOrigin.Library("tests")));
            Assert.Equal(ErrorIds.HistoryTampered, refused.ErrorId);
            Assert.Equal("dev-0005", Device("dev-0005").Identifier);
            Assert.Equal(0, Scalar("SELECT count(*) FROM change_history;"));
        }

        [Fact]
        public void AnEverydayUserGrantedOnAVersion4StoreImportsAndReadsTheHistoryAfterTheOwnerUpgradesIt()
        {
            // README's grants ("Share one inventory") given while the store was at version 4: ON ALL TABLES covers only the
            // tables there were. The owner's next open migrates to version 5, which must carry them to change_history_packs.
            var location = PostgresLocation.Parse(_uri);
            string database = location.ConnectionString.Database!;
            string role = "bmg_kit_" + Guid.NewGuid().ToString("N").Substring(0, 12);
            using (NpgsqlConnection raw = PostgresTestServer.Open(_uri))
            {
                PostgresSchema.Ensure(raw, location, PostgresSchemaMigrations.All.Take(4).ToArray());
                PostgresTestServer.Execute(raw, $@"CREATE ROLE {role} LOGIN PASSWORD 'kit-pw';
GRANT CONNECT ON DATABASE {database} TO {role};
GRANT USAGE ON SCHEMA public TO {role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role};");
            }

            // The owner opens it: migrated.
            Assert.True(Verify().Valid);
            Assert.Equal(PostgresSchema.CurrentVersion, (int)Scalar("SELECT version FROM bmg_schema;"));
            _store!.Dispose();
            _store = null;

            var builder = new NpgsqlConnectionStringBuilder(location.ConnectionString.ConnectionString);
            using (IDeviceStore kit = DeviceStores.Open($"postgresql://{role}:kit-pw@{builder.Host}:{builder.Port}/{database}", StoreUse.Command))
            {
                ImportNew(into: kit);
                var kitHistory = (IHistoryStore)kit;
                Assert.True(new ChangeHistory(kitHistory).Verify().Valid);
                ChangeEntry device = Assert.Single(new ChangeHistory(kitHistory).Query(new HistoryQuery(SubjectKind.Device)), e => e.Subject == "dev-0007");
                Assert.Equal(ChangeAction.Created, device.Action);
            }

            Assert.Equal(2 * Rows, Scalar("SELECT sum(last_sequence - first_sequence + 1) FROM change_history_packs;"));
            Assert.Equal(0, Scalar("SELECT count(*) FROM change_history;"));
        }

        /// <summary>A row of change_history with the columns of the row at <paramref name="sequence"/>'s place (the values don't matter: the sequence does).</summary>
        private static string RowAt(string sequence) => $@"INSERT INTO change_history VALUES ({sequence}, now(), 'old', 'host', 'Set-BmgDevice', NULL, NULL, 'Device', '1',
    'dev-0001', 'Changed', '', repeat('0', 64), repeat('1', 64));";

        /// <summary>A copy of the pack that starts at 1 (its first entries 1..) moved to start at <paramref name="first"/> and end at <paramref name="last"/>.</summary>
        private static string PackAt(string first, string last) => $@"INSERT INTO change_history_packs
SELECT {first}, {last}, at, os_user, host, command, import_id, previous_hash, first_user_key, last_user_key, first_device_key, last_device_key, entries
FROM change_history_packs WHERE first_sequence = 1;";

        [Theory]
        // A client of an older module that opened before the upgrade numbers its next entry from the rows only (none yet).
        [InlineData("row", "1", null)]
        [InlineData("row", "(SELECT last_sequence FROM change_history_packs WHERE first_sequence = 1)", null)]
        [InlineData("row", "(SELECT max(first_sequence) + 1 FROM change_history_packs)", null)]
        // A pack that starts inside another, that holds another's start, or that holds the row after the packs.
        [InlineData("pack", "2", "3")]
        [InlineData("pack", "(SELECT max(last_sequence) FROM change_history_packs)", "(SELECT max(last_sequence) + 5 FROM change_history_packs)")]
        [InlineData("pack", "0", "(SELECT max(last_sequence) + 1 FROM change_history_packs)")]
        [InlineData("pack", "(SELECT max(last_sequence) + 1 FROM change_history_packs)", "(SELECT max(sequence) FROM change_history)")]
        public void AnEntryThatForksTheChainInsideAPackIsRefusedAsADuplicateSequence(string what, string first, string? last)
        {
            TwoPacksAndARow();
            long rows = Scalar("SELECT count(*) FROM change_history;");
            long packs = Scalar("SELECT count(*) FROM change_history_packs;");

            PostgresException refused = Assert.Throws<PostgresException>(() => Exec(what == "row" ? RowAt(first) : PackAt(first, last!)));
            Assert.Equal(PostgresErrorCodes.UniqueViolation, refused.SqlState);
            BmgException named = Assert.IsType<BmgException>(PostgresDeviceStore.Translate(refused, "test", opening: false));
            Assert.Equal(ErrorIds.AlreadyExists, named.ErrorId);
            Assert.Contains("change history entry", named.Message, StringComparison.Ordinal);

            Assert.Equal((rows, packs), (Scalar("SELECT count(*) FROM change_history;"), Scalar("SELECT count(*) FROM change_history_packs;")));
            Assert.True(Verify().Valid);
        }

        [Fact]
        public void EntriesAfterTheChainAreStillAccepted()
        {
            // The triggers refuse only overlaps: a row and a pack past every entry pass (the chain then no longer verifies: a hand edit).
            TwoPacksAndARow();
            Exec(RowAt("(SELECT max(sequence) + 1 FROM change_history)"));
            Exec(PackAt("(SELECT max(sequence) + 1 FROM change_history)", "(SELECT max(sequence) + 3 FROM change_history)"));
            Exec(RowAt("(SELECT max(last_sequence) + 1 FROM change_history_packs)"));
            Assert.Equal(3, Scalar("SELECT count(*) FROM change_history;"));
            Assert.Equal(3, Scalar("SELECT count(*) FROM change_history_packs;"));
        }

        [Fact]
        public void ThePacksAreCompressedWithLz4WhereTheServerHasIt()
        {
            ImportNew();
            using NpgsqlConnection raw = PostgresTestServer.Open(_uri);
            if (Convert.ToInt32(PostgresTestServer.Scalar(raw, "SHOW server_version_num;"), CultureInfo.InvariantCulture) < 140000)
            {
                // Before PostgreSQL 14 there is no per-column compression (nor pg_attribute.attcompression): the column keeps
                // the default, compressed (pglz) when large: storage 'x', extended.
                Assert.Equal("x", Convert.ToString(PostgresTestServer.Scalar(raw,
                    "SELECT attstorage::text FROM pg_attribute WHERE attrelid = 'change_history_packs'::regclass AND attname = 'entries';"), CultureInfo.InvariantCulture));
                Assert.True(Verify().Valid);
                return;
            }

            bool lz4;
            try
            {
                PostgresTestServer.Execute(raw, "SET default_toast_compression = lz4;");
                lz4 = true;
            }
            catch (PostgresException)
            {
                lz4 = false;
            }

            Assert.Equal(lz4 ? "l" : "", Convert.ToString(PostgresTestServer.Scalar(raw,
                "SELECT attcompression::text FROM pg_attribute WHERE attrelid = 'change_history_packs'::regclass AND attname = 'entries';"), CultureInfo.InvariantCulture));
            Assert.True(Verify().Valid);
        }

        [Fact]
        public void ShortRunsAndOtherActionsStayRows()
        {
            using (var import = new DeviceImport(Store, ImportMode.AllOrNothing, false, "test.csv", () => T0))
            {
                Assert.DoesNotContain(DeviceCsvFile.ImportRows(import, new StringReader(Csv(1, ChangeEntryPack.MinEntries / 2 - 1)), ',', "test.csv").ToList(), r => r.Failed);
                import.Complete();
            }

            Assert.Equal(0, Scalar("SELECT count(*) FROM change_history_packs;"));
            Assert.Equal(ChangeEntryPack.MinEntries - 2, Scalar("SELECT count(*) FROM change_history;"));
            Assert.True(Verify().Valid);
        }

        [Fact]
        public void AVersion4StoreKeepsItsRowsAndPacksWhatItAppendsAfterTheUpgrade()
        {
            // A version-4 store with history written as version 4 wrote it: one row an entry, 30 created devices in a run.
            var location = PostgresLocation.Parse(_uri);
            var old = new List<ChangeEntry>();
            using (NpgsqlConnection raw = PostgresTestServer.Open(_uri))
            {
                PostgresSchema.Ensure(raw, location, PostgresSchemaMigrations.All.Take(4).ToArray());
                using (var devices = new NpgsqlCommand(@"INSERT INTO devices (identifier, code, os, expiration_days, state, created_at, saved_at)
SELECT 'old-' || lpad(i::text, 4, '0'), 'A7K29QX4', 'ios', 7, 'Registered', now(), now() FROM generate_series(1, 30) i RETURNING device_id, identifier;", raw))
                using (NpgsqlDataReader reader = devices.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        old.Add(new ChangeEntry(T0.AddDays(-1), "admin", "host", "Import-BmgDeviceCsv", null, old.Count + 2, SubjectKind.Device,
                            reader.GetInt64(0).ToString(CultureInfo.InvariantCulture), reader.GetString(1), ChangeAction.Created,
                            new[] { new FieldChange("Identifier", null, reader.GetString(1)), FieldChange.Hidden("Code") }));
                    }
                }

                foreach (ChangeEntry e in HistoryChain.Link(null, old))
                {
                    using var insert = new NpgsqlCommand(@"INSERT INTO change_history VALUES ($1, $2, $3, $4, $5, NULL, $6, 'Device', $7, $8, 'Created', $9, $10, $11);", raw);
                    insert.Parameters.Add(new NpgsqlParameter { Value = e.Sequence });
                    insert.Parameters.Add(new NpgsqlParameter { Value = e.At });
                    insert.Parameters.Add(new NpgsqlParameter { Value = e.OsUser });
                    insert.Parameters.Add(new NpgsqlParameter { Value = e.Host });
                    insert.Parameters.Add(new NpgsqlParameter { Value = e.Command });
                    insert.Parameters.Add(new NpgsqlParameter { Value = e.Line!.Value });
                    insert.Parameters.Add(new NpgsqlParameter { Value = e.SubjectKey });
                    insert.Parameters.Add(new NpgsqlParameter { Value = e.Subject });
                    insert.Parameters.Add(new NpgsqlParameter { Value = ChangeListText.Write(e.Changes) });
                    insert.Parameters.Add(new NpgsqlParameter { Value = e.PreviousHash });
                    insert.Parameters.Add(new NpgsqlParameter { Value = e.Hash });
                    insert.ExecuteNonQuery();
                }

                Assert.Equal(4L, Convert.ToInt64(PostgresTestServer.Scalar(raw, "SELECT version FROM bmg_schema;"), CultureInfo.InvariantCulture));
            }

            // Opened: migrated to version 5, the rows stay rows and still verify.
            Assert.True(Verify().Valid);
            Assert.Equal(PostgresSchema.CurrentVersion, (int)Scalar("SELECT version FROM bmg_schema;"));
            Assert.Equal(30, Scalar("SELECT count(*) FROM change_history;"));
            Assert.Equal(0, Scalar("SELECT count(*) FROM change_history_packs;"));

            // What is appended after the upgrade is packed, and the chain goes on from the last row.
            ImportNew();
            List<ChangeEntry> chain = Chain();
            Assert.Equal(Enumerable.Range(1, 30 + 2 * Rows).Select(i => (long)i), chain.Select(e => e.Sequence));
            Assert.Equal(30, Scalar("SELECT count(*) FROM change_history;"));
            Assert.Equal(2 * Rows, Scalar("SELECT sum(last_sequence - first_sequence + 1) FROM change_history_packs;"));
            Assert.Equal(chain[29].Hash, chain[30].PreviousHash);
            Assert.True(Verify().Valid);

            // An old device renamed (its created entry a row) and a new one (in a pack): each found by both names.
            foreach ((string from, string to) in new[] { ("old-0007", "old-0007-renamed"), ("dev-0007", "dev-0007-renamed") })
            {
                Device stored = Device(from);
                Device renamed = stored.Clone();
                renamed.Identifier = to;
                Store.SaveDevice(stored, renamed, ChangeOrigin.Library("tests"));
                using IStoreTransaction read = Store.BeginReadTransaction();
                HistorySubject byOld = Assert.Single(History.FindSubjects(SubjectKind.Device, from));
                HistorySubject byNew = Assert.Single(History.FindSubjects(SubjectKind.Device, to));
                Assert.Equal(byOld.Key, byNew.Key);
            }

            Assert.True(Verify().Valid);

            // A hand edit inside a pack written after the upgrade is named: the entry it altered.
            ChangeEntry target = Chain().Single(e => e.Subject == "user-0011");
            long first = Scalar($"SELECT first_sequence FROM change_history_packs WHERE first_sequence <= {target.Sequence} AND last_sequence >= {target.Sequence};");
            byte[] blob = PackBlob(first);
            int at = blob.AsSpan().IndexOf(Encoding.UTF8.GetBytes("user-0011"));
            blob[at + 5] = (byte)'9';
            Exec($"UPDATE change_history_packs SET entries = @blob WHERE first_sequence = {first};", blob);
            HistoryVerification check = Verify();
            Assert.False(check.Valid);
            Assert.Equal(target.Sequence, check.FirstBadEntry);
        }
    }
}
