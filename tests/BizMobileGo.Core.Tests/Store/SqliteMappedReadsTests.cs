using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Tests.Import;
using Microsoft.Data.Sqlite;
using Xunit;

namespace BizMobileGo.Core.Tests.Store
{
    /// <summary>
    /// A batched DEP-link read (Get-BmgDeviceDepLink's piped identifiers) reads the file memory-mapped from its first batch
    /// until the store is handed back (SqliteDeviceStore.MappedReads): mapped while the command runs, unmapped before a
    /// connection is kept for the next command, and correct when another connection changes and shrinks the file between
    /// two batches.
    /// </summary>
    public class SqliteMappedReadsTests
    {
        private static Device NewDevice(string identifier) => new Device
        {
            Identifier = identifier,
            Code = "Code1",
            OS = "ios",
            Serial = "F2LX" + identifier.PadLeft(8, '0'),
            State = DeviceState.Registered,
            CreatedAt = DateTimeOffset.UnixEpoch,
            SavedAt = DateTimeOffset.UnixEpoch,
        };

        private static void Fill(SqliteDeviceStore store, int devices)
        {
            using IStoreTransaction transaction = store.BeginTransaction();
            for (int i = 0; i < devices; i++)
            {
                store.InsertDevice(NewDevice($"D{i:D5}"));
            }

            transaction.Commit();
        }

        [Fact]
        public void ABatchedDepLinkReadMapsTheFileAndOtherReadsDoNot()
        {
            using var fx = new StoreFixture();
            Fill(fx.Store, 3);
            fx.Store.GetDevices();
            fx.Store.GetDepLinkBySerial("F2LX000D00001");
            Assert.Equal(0, fx.Store.MappedBytes);

            IReadOnlyList<DeviceDepLink?> links = fx.Store.GetDepLinks(new[] { "D00001", "nosuch" });
            Assert.Equal("D00001", links[0]!.Identifier);
            Assert.Null(links[1]);
            long expected = Environment.Is64BitProcess ? SqliteDeviceStore.MappedReadBytes : 0;
            Assert.Equal(expected, fx.Store.MappedBytes);
        }

        [Fact]
        public void AConnectionKeptForTheNextCommandIsUnmappedFirst()
        {
            if (OperatingSystem.IsWindows())
            {
                return; // Nothing is kept on Windows (no stat(2)): every command opens the store afresh and closes it after.
            }

            using var fx = new StoreFixture(seed: false);
            string path = Path.Combine(fx.Folder, "kept.db");

            // A command that wrote closes its store; the next one, that only read, is kept.
            var filling = (SqliteDeviceStore)DeviceStores.Open(path, StoreUse.Command);
            Fill(filling, 3);
            DeviceStores.Release(filling);
            IDeviceStore first = DeviceStores.Open(path, StoreUse.Command);
            first.GetDevices();
            DeviceStores.Release(first);

            // A piped look-up takes the kept store, maps it, and hands it back.
            var lookUp = (SqliteDeviceStore)DeviceStores.Open(path, StoreUse.Read);
            Assert.Same(first, lookUp);
            Assert.NotNull(lookUp.GetDepLinks(new[] { "D00002" })[0]);
            Assert.Equal(SqliteDeviceStore.MappedReadBytes, lookUp.MappedBytes);
            DeviceStores.Release(lookUp);

            IDeviceStore next = DeviceStores.Open(path, StoreUse.Read);
            try
            {
                Assert.Same(lookUp, next);
                Assert.Equal(0, lookUp.MappedBytes);
            }
            finally
            {
                next.Dispose();
            }
        }

        [Fact]
        public void AFileAnotherConnectionChangedAndShrankBetweenTwoBatchesIsReadAsItIsNow()
        {
            using var fx = new StoreFixture();
            Fill(fx.Store, 3000);
            string[] all = Enumerable.Range(0, 3000).Select(i => $"D{i:D5}").ToArray();
            using var other = new SqliteConnection($"Data Source={fx.DatabasePath}");
            other.Open();
            using SqliteCommand command = other.CreateCommand();

            // The rows in the file itself (not only in the -wal file), so that the first batch maps all of them.
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            command.ExecuteNonQuery();
            Assert.All(fx.Store.GetDepLinks(all.Take(1000).ToList()), link => Assert.NotNull(link));
            long sizeBefore = new FileInfo(fx.DatabasePath).Length;

            // Another client removes most devices and compacts the file (what a VACUUM and the checkpoint after it do).
            command.CommandText = "DELETE FROM devices WHERE identifier >= 'D00100'; VACUUM; PRAGMA wal_checkpoint(TRUNCATE);";
            command.ExecuteNonQuery();

            Assert.True(new FileInfo(fx.DatabasePath).Length < sizeBefore, "the file shrank");

            // The mapped connection's next batch sees the file as it is now, beyond its old end included.
            IReadOnlyList<DeviceDepLink?> links = fx.Store.GetDepLinks(all);
            Assert.Equal(100, links.Count(link => link != null));
            Assert.All(links.Take(100), link => Assert.NotNull(link));
            Assert.All(links.Skip(100), link => Assert.Null(link));
        }
    }
}
