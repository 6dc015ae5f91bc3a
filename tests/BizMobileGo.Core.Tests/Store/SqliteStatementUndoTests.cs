using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Tests.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Store
{
    /// <summary>
    /// An import's write transaction keeps each statement's undo in memory (SqliteDeviceStore.StatementUndo), and only
    /// that: the connection's temporary storage is the default again once the transaction holds the lock, so sorts and
    /// temporary tables stay on disk. (That the journal is in memory: Pester Reliability.StoreFiles 9.15, an import with
    /// SQLite's temporary folder full.)
    /// </summary>
    public class SqliteStatementUndoTests
    {
        private static readonly ChangeOrigin Origin = new ChangeOrigin("Import-BmgDeviceCsv");

        private static Device NewDevice(int n, string serial) => new Device
        {
            Identifier = $"dev{n:D4}",
            PlainCode = $"C{n:D6}",
            OS = "ios",
            Serial = serial,
            DisplayName = $"Device {n}",
            State = DeviceState.Registered,
            CreatedAt = DateTimeOffset.UnixEpoch,
            SavedAt = DateTimeOffset.UnixEpoch,
        };

        private static List<StoreChange> NewDevices(int from, int count, Func<int, string> serial) =>
            Enumerable.Range(from, count).Select(n => StoreChange.OfDevice(null, NewDevice(n, serial(n)), Origin.AtLine(n + 2))).ToList();

        [Fact]
        public void AnImportsTransactionAndEveryOtherLeaveTemporaryStorageAtTheDefault()
        {
            using var fx = new StoreFixture();
            SqliteDeviceStore store = fx.Store;
            Assert.Equal(0, store.TemporaryStorage);
            using (IStoreTransaction import = store.BeginImportTransaction())
            {
                Assert.Equal(0, store.TemporaryStorage);
                store.ApplyChanges(NewDevices(0, 10, n => $"F{n:D11}"));
                import.Commit();
            }

            Assert.Equal(0, store.TemporaryStorage);
            using (store.BeginTransaction())
            {
                Assert.Equal(0, store.TemporaryStorage);
            }

            Assert.Equal(10, store.GetDevices().Count());
        }

        /// <summary>
        /// A chunk's statement refused at one of its rows (a serial held by a device of an earlier chunk) undoes only
        /// itself from the in-memory journal: the earlier chunks' rows stay in the transaction, none of the refused
        /// statement's, and the store is whole.
        /// </summary>
        [Fact]
        public void AnImportsStatementRefusedPartWayUndoesOnlyItselfAndTheTransactionGoesOn()
        {
            using var fx = new StoreFixture();
            SqliteDeviceStore store = fx.Store;
            using (IStoreTransaction import = store.BeginImportTransaction())
            {
                store.ApplyChanges(NewDevices(0, 600, n => $"F{n:D11}"));
                // 100 new devices, one statement of 100 rows, the 60th with the serial of device 5: refused at its 60th row.
                Exception refused = Assert.ThrowsAny<Exception>(() =>
                    store.ApplyChanges(NewDevices(600, 100, n => n == 659 ? $"F{5:D11}" : $"F{n:D11}")));
                Assert.Contains("serial", refused.Message, StringComparison.OrdinalIgnoreCase);
                Assert.Equal(600, store.GetDevices().Count());
                store.ApplyChanges(NewDevices(700, 10, n => $"F{n:D11}"));
                import.Commit();
            }

            List<Device> devices = store.GetDevices().ToList();
            Assert.Equal(610, devices.Count);
            Assert.DoesNotContain(devices, d => d.Identifier == "dev0600" || d.Identifier == "dev0658");
            Assert.Equal("F00000000709", store.GetDevice("dev0709")!.Serial);
            using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={fx.DatabasePath};Pooling=False");
            check.Open();
            using Microsoft.Data.Sqlite.SqliteCommand integrity = check.CreateCommand();
            integrity.CommandText = "PRAGMA integrity_check;";
            Assert.Equal("ok", (string?)integrity.ExecuteScalar());
        }
    }
}
