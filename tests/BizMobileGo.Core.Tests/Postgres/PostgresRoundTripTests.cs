using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;
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
    public sealed class PostgresRoundTripTests
    {
        private static readonly ChangeOrigin Origin = ChangeOrigin.Library("postgres round-trip tests");

        private static Device NewDevice(string identifier, string? serial, string? userName) => new Device
        {
            Identifier = identifier,
            Code = "Code1234",
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
        public void AChunksLookUpsInOneBatchFindWhatTheThreeLookUpsFind()
        {
            using IDeviceStore store = DeviceStores.Open(PostgresTestServer.NewDatabase(), StoreUse.Command);
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
            Assert.Equal(store.FindDevicesBySerial(serials).Select(Describe).OrderBy(d => d, StringComparer.Ordinal),
                read.DevicesBySerial.Select(Describe).OrderBy(d => d, StringComparer.Ordinal));
            Assert.Equal(2, read.DevicesBySerial.Count);

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
            using IDeviceStore store = DeviceStores.Open(PostgresTestServer.NewDatabase(), StoreUse.Command);
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
    }
}
