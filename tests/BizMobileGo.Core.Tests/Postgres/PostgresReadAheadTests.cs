using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Store.Postgres;
using BizMobileGo.Core.Users;
using Xunit;

namespace BizMobileGo.Core.Tests.Postgres
{
    /// <summary>
    /// Chunk N+1 is read while chunk N, just planned, is not written yet (it is written beside N+1's planning): chunk N's
    /// changes are shown over the read in their order, so chunk N+1 sees a user chunk N creates, a serial chunk N frees or
    /// takes, and (into empty tables, where OwnKeys decides what is looked up) what chunk N−1 wrote. (The twenty-fourth
    /// round read chunk N+1 ahead on the writing thread; the twenty-fifth removed that read-ahead, which gained nothing
    /// measurable, and kept these tests of what a chunk's read sees.)
    /// </summary>
    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresReadAheadTests : IDisposable
    {
        // The databases this test makes, dropped in the background once it is done.
        private readonly PostgresTestDatabases _databases = new PostgresTestDatabases();

        public void Dispose() => _databases.Dispose();

        private static readonly ImportHeader Header = ImportHeader.ParseFile(
            CsvFileHeader.Of(new CsvRecord(1, new[] { "Identifier", "OS", "Serial", "UserName", "DisplayName" })), ',');

        private static readonly ChangeOrigin Origin = ChangeOrigin.Library("postgres read-ahead tests");

        /// <summary>Imports the chunks as a file's import does, one Prefetch a chunk.</summary>
        private static (List<ImportRowResult> Rows, ImportSummary Summary) ImportInChunks(IDeviceStore store, params string[][] chunks)
        {
            int line = 2;
            var records = new List<List<CsvRecord>>();
            foreach (string[] chunk in chunks)
            {
                records.Add(chunk.Select(row => new CsvRecord(line++, row.Split(','))).ToList());
            }

            List<PrefetchKeys> keys = records.Select(chunk => DeviceImport.KeysOf(Header, chunk)).ToList();
            var results = new List<ImportRowResult>();
            using var import = new DeviceImport(store, ImportMode.SkipInvalidRows, dryRun: false, "readahead.csv");
            for (int index = 0; index < records.Count; index++)
            {
                import.Prefetch(Header, records[index], keys[index]);
                results.AddRange(records[index].Select(r => import.ImportRow(Header, r.LineNumber, r.Fields)));
            }

            ImportSummary summary = import.Complete();
            return (results, summary);
        }

        private static void Seed(IDeviceStore store)
        {
            using IStoreTransaction transaction = store.BeginTransaction();
            store.SaveUser(null, new User { UserName = "someone" }, Origin);
            store.SaveDevice(null, new Device
            {
                Identifier = "E0", PlainCode = "Code1234", OS = "ios", Serial = "C02XK1ABJG5H", ExpirationDays = 7, State = DeviceState.Registered,
                CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), SavedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            }, Origin);
            transaction.Commit();
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void TheChunkAfterNextSeesTheUserTheSerialsAndTheDevicesTheChunkBeforeItChanged(bool storeHeldRows)
        {
            string uri = _databases.New();
            using IDeviceStore store = DeviceStores.Open(uri, StoreUse.Command);
            if (storeHeldRows)
            {
                Seed(store);
            }

            // Chunk 3 is read after chunk 1 is written and before chunk 2 is: each of its rows depends on what chunk 2 (shown
            // over the read) or chunk 1 (in the store by then; into empty tables, looked up only because OwnKeys knew chunk 1
            // wrote it) did. A device's serial moves between chunks only in a store that held it (a file names a device once).
            var second = new List<string> { "E0X,ios,C02XK1ABJG5N,owner,", "N2,ios,C02XK1ABJG5L,," };
            var third = new List<string>
            {
                "OTHER,ios,c02xk1abjg5l,,", // the serial of the device chunk 2 created: taken
                "LATE,ios,C02XK1ABJG5M,,", // the serial of the device chunk 1 created: taken
                "LINKED,ios,,early,", // the user chunk 1 created: found, not created again
                "OWNED,ios,,owner,", // the user chunk 2 created: shown, not created again
            };
            if (storeHeldRows)
            {
                second.Add("E0,ios,C02XK1ABJG5K,owner,moved");
                third.Add("FREED,ios,C02XK1ABJG5H,owner,"); // the serial chunk 2 moved away from E0: free again
                third.Add("TAKEN,ios,C02XK1ABJG5K,,"); // the serial chunk 2 gave E0: taken
            }

            (List<ImportRowResult> rows, ImportSummary summary) = ImportInChunks(store,
                new[] { "A1,ios,C02XK1ABJG5M,early,", "A2,ios,,," }, second.ToArray(), third.ToArray());

            ImportRowResult Row(string identifier) => rows.Single(r => r.Identifier == identifier);
            Assert.Equal(ErrorIds.DuplicateSerial, Row("OTHER").ErrorId);
            Assert.Contains("'N2'", Row("OTHER").Error, StringComparison.Ordinal);
            Assert.Equal(ErrorIds.DuplicateSerial, Row("LATE").ErrorId);
            Assert.Contains("'A1'", Row("LATE").Error, StringComparison.Ordinal);
            Assert.Equal((RecordAction.Unchanged, RecordAction.Created), (Row("LINKED").UserAction, Row("LINKED").DeviceAction));
            Assert.Equal((RecordAction.Unchanged, RecordAction.Created), (Row("OWNED").UserAction, Row("OWNED").DeviceAction));
            var owned = new List<string> { "E0X", "OWNED" };
            if (storeHeldRows)
            {
                Assert.Equal((RecordAction.Unchanged, RecordAction.Created), (Row("FREED").UserAction, Row("FREED").DeviceAction));
                Assert.Equal(ErrorIds.DuplicateSerial, Row("TAKEN").ErrorId);
                Assert.Contains("'E0'", Row("TAKEN").Error, StringComparison.Ordinal);
                Assert.Equal("C02XK1ABJG5H", store.GetDevice("FREED")!.Serial);
                Assert.Equal("C02XK1ABJG5K", store.GetDevice("E0")!.Serial);
                owned.AddRange(new[] { "E0", "FREED" });
            }

            Assert.True(summary.Committed);
            Assert.Equal(storeHeldRows ? 3 : 2, summary.Failed);
            // One user 'owner', made by chunk 2, holding the devices chunks 2 and 3 gave it; one 'early', holding two.
            Assert.Equal(owned.OrderBy(i => i, StringComparer.Ordinal), store.GetDevicesOfUser("owner").Select(d => d.Identifier).OrderBy(i => i, StringComparer.Ordinal));
            Assert.Equal(2, store.GetDevicesOfUser("early").Count);
            Assert.Null(store.GetDevice("TAKEN"));
            Assert.Null(store.GetDevice("OTHER"));
        }

        [Fact]
        public void ARowsOwnReadOfAKeyTheChunkDidNotNameWaitsForTheReadAheadAndWhatThatRowChangesShowsOverIt()
        {
            // A read in the middle of chunk 2 (the planner's own look-up of a key chunk 2 did not prefetch) meets the writing
            // thread's read of chunk 3 only after it ended; chunk 3 still uses that read, with that row's change shown over it.
            string uri = _databases.New();
            using IDeviceStore store = DeviceStores.Open(uri, StoreUse.Command);
            Seed(store);
            var records = new List<List<CsvRecord>>
            {
                new List<CsvRecord> { new CsvRecord(2, new[] { "A1", "ios", "", "", "" }) },
                new List<CsvRecord> { new CsvRecord(3, new[] { "B1", "ios", "", "", "" }) },
                new List<CsvRecord> { new CsvRecord(4, new[] { "C1", "ios", "C02XK1ABJG5H", "", "" }) },
            };
            List<PrefetchKeys> keys = records.Select(chunk => DeviceImport.KeysOf(Header, chunk)).ToList();
            using var import = new DeviceImport(store, ImportMode.SkipInvalidRows, dryRun: false, "readahead.csv");
            var results = new List<ImportRowResult>();
            import.Prefetch(Header, records[0], keys[0]);
            results.Add(import.ImportRow(Header, 2, records[0][0].Fields));
            import.Prefetch(Header, records[1], keys[1]);
            // Not among chunk 2's keys: read on its own, after the writing thread is done; its blank Serial frees E0's serial,
            // which chunk 3's read (made before this row was written) found E0 holding.
            results.Add(import.ImportRow(Header, 3, new[] { "e0", "ios", "", "", "renamed" }));
            import.Prefetch(Header, records[2], keys[2]);
            results.Add(import.ImportRow(Header, 4, records[2][0].Fields));
            Assert.True(import.Complete().Committed);

            Assert.Equal(RecordAction.Updated, results[1].DeviceAction);
            Assert.Equal(RecordAction.Created, results[2].DeviceAction);
            Assert.Equal("renamed", store.GetDevice("E0")!.DisplayName);
            Assert.Null(store.GetDevice("E0")!.Serial);
            Assert.Equal("C02XK1ABJG5H", store.GetDevice("C1")!.Serial);
        }

        [Fact]
        public void NoOtherWriterCanWriteBetweenTwoChunksTheImportHoldsTheWriterLockFromItsFirstReadToItsCommit()
        {
            // Why a chunk's read can't miss another session's write: the import's transaction holds the store's writer
            // lock from before its first read until its commit, so a second writer waits (here: past its busy timeout) and
            // nothing it would write can land between two chunks.
            string uri = _databases.New();
            using IDeviceStore store = DeviceStores.Open(uri, StoreUse.Command);
            using var other = (PostgresDeviceStore)DeviceStores.Open(uri, StoreUse.Command);
            other.BusyTimeout = TimeSpan.FromMilliseconds(300);
            Seed(store);
            var first = new List<CsvRecord> { new CsvRecord(2, new[] { "A1", "ios", "", "", "" }) };
            var second = new List<CsvRecord> { new CsvRecord(3, new[] { "B1", "ios", "C02XK1ABJG5H", "", "" }) };
            PrefetchKeys secondKeys = DeviceImport.KeysOf(Header, second);
            using (var import = new DeviceImport(store, ImportMode.SkipInvalidRows, dryRun: false, "readahead.csv"))
            {
                import.Prefetch(Header, first, null);
                import.ImportRow(Header, 2, first[0].Fields);

                var e = Assert.Throws<BmgException>(() => { other.BeginTransaction(); });
                Assert.Equal(ErrorIds.StoreBusy, e.ErrorId);

                import.Prefetch(Header, second, secondKeys);
                Assert.Equal(ErrorIds.DuplicateSerial, import.ImportRow(Header, 3, second[0].Fields).ErrorId);
                Assert.True(import.Complete().Committed);
            }

            Assert.NotNull(store.GetDevice("A1"));
            Assert.Null(store.GetDevice("B1"));
        }
    }
}
