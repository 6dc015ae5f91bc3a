using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Tests.Import;
using BizMobileGo.Core.Users;
using Microsoft.Data.Sqlite;
using Xunit;

namespace BizMobileGo.Core.Tests.Store
{
    /// <summary>
    /// The page cache of a SQLite store connection (SqliteDeviceStore.PageCache): the one-pass small cache for a write
    /// transaction that begins with no user and no device and for every import's transaction (a dry run's read of the store
    /// file too), the default everywhere else and again after that transaction; and reads go through it, never memory-mapped.
    /// </summary>
    public class SqlitePageCacheTests
    {
        private static Device NewDevice(string identifier) => new Device
        {
            Identifier = identifier,
            PlainCode = "Code1",
            OS = "ios",
            State = DeviceState.Registered,
            CreatedAt = DateTimeOffset.UnixEpoch,
            SavedAt = DateTimeOffset.UnixEpoch,
        };

        [Fact]
        public void AWriteTransactionOnANewStoreRunsWithTheOnePassCacheAndTheCommitRestoresTheDefault()
        {
            using var fx = new StoreFixture();
            SqliteDeviceStore store = fx.Store;
            Assert.Equal(SqliteDeviceStore.DefaultPageCacheKib, store.PageCacheKib);

            using (IStoreTransaction transaction = store.BeginTransaction())
            {
                Assert.Equal(SqliteDeviceStore.OnePassPageCacheKib, store.PageCacheKib);
                store.InsertDevice(NewDevice("D1"));
                transaction.Commit();
            }

            Assert.Equal(SqliteDeviceStore.DefaultPageCacheKib, store.PageCacheKib);
            Assert.Equal(SqliteDeviceStore.OnePassPageCacheKib, store.LastWritePageCacheKib);
        }

        [Fact]
        public void ARolledBackFirstFillRestoresTheDefaultAndTheNextWriteFillsFirstAgain()
        {
            using var fx = new StoreFixture();
            SqliteDeviceStore store = fx.Store;
            using (IStoreTransaction transaction = store.BeginTransaction())
            {
                store.InsertDevice(NewDevice("D1"));
            }

            Assert.Equal(SqliteDeviceStore.DefaultPageCacheKib, store.PageCacheKib);
            using (store.BeginTransaction())
            {
                // Nothing was kept: the store is still empty.
                Assert.Equal(SqliteDeviceStore.OnePassPageCacheKib, store.PageCacheKib);
            }

            Assert.Equal(SqliteDeviceStore.DefaultPageCacheKib, store.PageCacheKib);
        }

        [Fact]
        public void ABatchedDepLinkReadReadsThroughThePageCacheNeverMapped()
        {
            // Get-BmgDeviceDepLink's piped identifiers, a thousand a batch, read on the reading thread: mapped, a cut store
            // file ended the process with SIGBUS (the CI's Pester run, 2026-12-05) where an unmapped read fails with an error.
            using var fx = new StoreFixture();
            using (IStoreTransaction transaction = fx.Store.BeginTransaction())
            {
                fx.Store.InsertDevice(NewDevice("D1"));
                transaction.Commit();
            }

            string[] identifiers = Enumerable.Range(0, 1000).Select(i => i == 500 ? "D1" : $"nosuch{i}").ToArray();
            IReadOnlyList<DeviceDepLink?> links = fx.Store.GetDepLinks(identifiers);

            Assert.Equal("D1", links[500]!.Identifier);
            Assert.Equal(999, links.Count(link => link == null));
            Assert.Equal(0, fx.Store.MappedBytes);
            Assert.Equal(SqliteDeviceStore.DefaultPageCacheKib, fx.Store.PageCacheKib);
        }

        [Fact]
        public void ABatchedDepLinkReadKeepsNoMoreThanTheBatchedReadsCacheAndGivesTheDefaultBack()
        {
            // A piped look-up of a large store filled the 64 MB cache with fresh memory, a page fault per page read once
            // (PERFORMANCE.md, forty-sixth and forty-seventh rounds). Here the batched read's cache is 64 KiB (16 pages) against
            // the ~1 MB of pages 2,000 devices with long names take.
            using var fx = new StoreFixture();
            using (IStoreTransaction transaction = fx.Store.BeginTransaction())
            {
                for (int i = 0; i < 2000; i++)
                {
                    Device device = NewDevice($"D{i:D5}");
                    device.DisplayName = new string('n', 400);
                    fx.Store.InsertDevice(device);
                }

                transaction.Commit();
            }

            string[] identifiers = Enumerable.Range(0, 2000).Select(i => $"D{i:D5}").ToArray();
            Assert.Equal(2000, fx.Store.GetDepLinks(identifiers).Count(link => link != null));
            Assert.True(fx.Store.PageCacheUsedBytes > 512 * 1024, $"the default cache kept {fx.Store.PageCacheUsedBytes} bytes");

            fx.Store.BatchedReadWithTestCache = true;
            IReadOnlyList<DeviceDepLink?> links = fx.Store.GetDepLinks(identifiers);

            Assert.Equal(2000, links.Count(link => link != null));
            Assert.True(fx.Store.PageCacheUsedBytes < 128 * 1024, $"the batched read's cache kept {fx.Store.PageCacheUsedBytes} bytes");
            Assert.Equal(SqliteDeviceStore.DefaultPageCacheKib, fx.Store.PageCacheKib);
        }

        [Fact]
        public void ABatchedDepLinkReadInAOnePassTransactionLeavesItsCache()
        {
            using var fx = new StoreFixture();
            using IStoreTransaction transaction = fx.Store.BeginTransaction();
            fx.Store.InsertDevice(NewDevice("D1"));

            Assert.Equal("D1", fx.Store.GetDepLinks(new[] { "D1" })[0]!.Identifier);
            Assert.Equal(SqliteDeviceStore.OnePassPageCacheKib, fx.Store.PageCacheKib);
        }

        [Fact]
        public void AStoreWithADeviceOrAUserWritesWithTheDefaultCache()
        {
            using var withDevice = new StoreFixture();
            withDevice.Store.InsertDevice(NewDevice("D1"));
            using var withUser = new StoreFixture();
            withUser.Store.InsertUser(new User { UserName = "sato" });

            foreach (SqliteDeviceStore store in new[] { withDevice.Store, withUser.Store })
            {
                using IStoreTransaction transaction = store.BeginTransaction();
                Assert.Equal(SqliteDeviceStore.DefaultPageCacheKib, store.PageCacheKib);
                Assert.Equal(SqliteDeviceStore.DefaultPageCacheKib, store.LastWritePageCacheKib);
            }
        }

        [Fact]
        public void AFirstImportAndAReImportRunWithTheOnePassCacheAndTheDefaultComesBackAfterEach()
        {
            using var fx = new StoreFixture();
            string csv = StoreFixture.Csv("UserName,Identifier,OS,Code", "sato,D1,ios,C1", "suzuki,D2,android,C2");

            fx.ImportOk(csv);
            Assert.Equal(SqliteDeviceStore.OnePassPageCacheKib, fx.Store.LastWritePageCacheKib);
            Assert.Equal(SqliteDeviceStore.DefaultPageCacheKib, fx.Store.PageCacheKib);

            // The store holds users and devices now: only the import's transaction makes the re-import's cache small.
            fx.ImportOk(csv);
            Assert.Equal(SqliteDeviceStore.OnePassPageCacheKib, fx.Store.LastWritePageCacheKib);
            Assert.Equal(SqliteDeviceStore.DefaultPageCacheKib, fx.Store.PageCacheKib);

            using (fx.Store.BeginTransaction())
            {
                Assert.Equal(SqliteDeviceStore.DefaultPageCacheKib, fx.Store.PageCacheKib);
            }
        }

        [Fact]
        public void ADryRunOfAReImportReadsTheStoreFileWithTheOnePassCache()
        {
            using var fx = new StoreFixture();
            fx.ImportOk(StoreFixture.Csv("UserName,Identifier,OS,Code", "sato,D1,ios,C1"));
            using SqliteDeviceStore snapshot = SqliteDeviceStore.OpenSnapshot(fx.DatabasePath);
            using (snapshot.BeginTransaction())
            {
                // Not an import: a dry run's read of a store with records keeps the default.
                Assert.Equal(SqliteDeviceStore.DefaultPageCacheKib, snapshot.PageCacheKib);
            }

            using (snapshot.BeginImportTransaction())
            {
                Assert.Equal(SqliteDeviceStore.OnePassPageCacheKib, snapshot.PageCacheKib);
                Assert.Equal("sato", snapshot.GetDevice("D1")!.UserName);
            }

            Assert.Equal(SqliteDeviceStore.DefaultPageCacheKib, snapshot.PageCacheKib);
        }

        [Fact]
        public void ADryRunOfAFirstImportFillsItsCopyWithTheOnePassCache()
        {
            using var fx = new StoreFixture();
            using SqliteDeviceStore snapshot = SqliteDeviceStore.OpenSnapshot(System.IO.Path.Combine(fx.Folder, "new.db"));
            using (snapshot.BeginTransaction())
            {
                Assert.Equal(SqliteDeviceStore.OnePassPageCacheKib, snapshot.PageCacheKib);
            }

            Assert.Equal(SqliteDeviceStore.DefaultPageCacheKib, snapshot.PageCacheKib);
        }

        /// <summary>
        /// A first import larger than the one-pass cache: SQLite spills its written pages to the WAL mid-transaction
        /// and reads them back from there; every row, every history entry and the chain come out as with a large cache.
        /// </summary>
        [Fact]
        public void AFirstImportLargerThanTheOnePassCacheKeepsEveryRowAndAValidHistory()
        {
            const int rows = 15000;
            using var fx = new StoreFixture();
            var csv = new StringBuilder("UserName,Name,Identifier,OS,Code,Serial,DisplayName,Description\n");
            for (int i = 0; i < rows; i++)
            {
                csv.Append($"user{i:D5},User number {i} with a longer name,dev{i:D6},ios,C{i:D6},F{i:D11},Device {i} display name,A description long enough to fill pages {i}\n");
            }

            ImportOutcome outcome = fx.ImportOk(csv.ToString());
            Assert.Equal(rows, outcome.Rows.Count);
            Assert.Equal(SqliteDeviceStore.OnePassPageCacheKib, fx.Store.LastWritePageCacheKib);
            // Larger than the one-pass cache: every page was dirty in one transaction, so the cache spilled to the WAL.
            using (SqliteConnection raw = new SqliteConnection($"Data Source={fx.DatabasePath};Pooling=False"))
            {
                raw.Open();
                using SqliteCommand size = raw.CreateCommand();
                size.CommandText = "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size;";
                Assert.True((long)size.ExecuteScalar()! > 1024L * SqliteDeviceStore.OnePassPageCacheKib);
            }

            Assert.Equal(rows, fx.Store.GetDevices().Count());
            Assert.Equal(rows, fx.Store.GetUsers().Count());
            Device last = fx.Store.GetDevice($"dev{rows - 1:D6}")!;
            Assert.Equal($"F{rows - 1:D11}", last.Serial);
            Assert.Equal($"user{rows - 1:D5}", last.UserName);

            List<ChangeEntry> chain;
            using (fx.Store.BeginReadTransaction())
            {
                chain = ((IHistoryStore)fx.Store).ReadChain().ToList();
            }

            Assert.Equal(rows, chain.Count(e => e.SubjectKind == SubjectKind.Device && e.Action == ChangeAction.Created));
            Assert.Equal(rows, chain.Count(e => e.SubjectKind == SubjectKind.User && e.Action == ChangeAction.Created));
            Assert.True(HistoryChain.Verify(chain).Valid);
        }

        /// <summary>
        /// A re-import larger than the one-pass cache that changes every other row: the pages it read for a chunk are gone
        /// from the cache by the time later chunks are read, and its written pages spill to the WAL; every changed row and
        /// only those are updated, with one history entry each, and the chain verifies.
        /// </summary>
        [Fact]
        public void AReImportLargerThanTheOnePassCacheUpdatesEveryChangedRowAndKeepsAValidHistory()
        {
            const int rows = 15000;
            using var fx = new StoreFixture();
            string File(bool changed)
            {
                var csv = new StringBuilder("UserName,Name,Identifier,OS,Code,Serial,DisplayName,Description\n");
                for (int i = 0; i < rows; i++)
                {
                    string display = changed && i % 2 == 0 ? $"Renamed device {i}" : $"Device {i} display name";
                    csv.Append($"user{i:D5},User number {i} with a longer name,dev{i:D6},ios,C{i:D6},F{i:D11},{display},A description long enough to fill pages {i}\n");
                }

                return csv.ToString();
            }

            fx.ImportOk(File(changed: false));
            ImportOutcome again = fx.ImportOk(File(changed: true));

            Assert.Equal(SqliteDeviceStore.OnePassPageCacheKib, fx.Store.LastWritePageCacheKib);
            Assert.Equal(rows / 2, again.Summary.Updated);
            Assert.Equal(rows / 2, again.Summary.Unchanged);
            Assert.Equal("Renamed device 0", fx.Store.GetDevice("dev000000")!.DisplayName);
            Assert.Equal("Device 1 display name", fx.Store.GetDevice("dev000001")!.DisplayName);
            Assert.Equal($"Renamed device {rows - 2}", fx.Store.GetDevice($"dev{rows - 2:D6}")!.DisplayName);

            List<ChangeEntry> chain;
            using (fx.Store.BeginReadTransaction())
            {
                chain = ((IHistoryStore)fx.Store).ReadChain().ToList();
            }

            Assert.Equal(rows / 2, chain.Count(e => e.SubjectKind == SubjectKind.Device && e.Action == ChangeAction.Changed));
            Assert.Equal(0, chain.Count(e => e.SubjectKind == SubjectKind.User && e.Action == ChangeAction.Changed));
            Assert.True(HistoryChain.Verify(chain).Valid);
        }
    }
}
