using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Store.Postgres;
using BizMobileGo.Core.Tests.Postgres;
using BizMobileGo.Core.Users;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    /// <summary>
    /// A file's import reads and parses its first chunks while another writer holds the store's writer lock (issue 13's
    /// P5: two admins at once), and plans only once it holds the lock: what the other writer committed meanwhile is what
    /// its rows are planned against. Each store runs the same tests with a real second connection holding the lock.
    /// No test asserts on time: the import's own count of records read says what happened before the lock was released.
    /// </summary>
    public abstract class ImportWaitingForStoreTests
    {
        private const int Rows = 3000;
        private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
        private static readonly ChangeOrigin HolderOrigin = ChangeOrigin.Library("the other writer");

        /// <summary>A store with template Std, and a second connection to it (the other admin).</summary>
        protected abstract (IDeviceStore Store, IDeviceStore Other) OpenStores();

        private static string Csv(int rows, int lateRow = 7)
        {
            var text = new StringBuilder("Identifier,Template,OS,DisplayName\n");
            for (int i = 1; i <= rows; i++)
            {
                // Row 7 (or lateRow) names template Late, which only the other writer makes (before it commits): the import
                // must read the reference data under the lock, not before it.
                text.Append("wait").Append(i.ToString("D5")).Append(i == lateRow ? ",Late,ios,Imported\n" : ",Std,ios,Imported\n");
            }

            return text.ToString();
        }

        private static Device HolderDevice(string identifier) => new Device
        {
            Identifier = identifier,
            Template = "Std",
            PlainCode = "Code1234",
            OS = "ios",
            DisplayName = "The other writer's",
            ExpirationDays = 7,
            State = DeviceState.Registered,
            CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            SavedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        };

        private static void WaitFor(Func<bool> condition, Thread import, Func<Exception?> failure, string what)
        {
            // The guard only stops a hung test; the import ending first fails it (it must still be waiting).
            DateTime deadline = DateTime.UtcNow + Guard;
            while (!condition())
            {
                Assert.True(import.IsAlive, $"The import ended before {what}: {failure()?.Message}");
                Assert.True(DateTime.UtcNow < deadline, $"Waited {Guard.TotalSeconds} s (guard) for {what}.");
                Thread.Sleep(20);
            }
        }

        /// <summary>
        /// Imports <paramref name="csv"/> on a thread of its own while <paramref name="other"/> holds the store: once the import
        /// has read <paramref name="rows"/> records (and still neither holds the store nor has planned a row),
        /// <paramref name="whileHeld"/> does the other writer's work, which then commits. Returns the import's row results.
        /// </summary>
        private static List<ImportRowResult> ImportWhileHeld(IDeviceStore other, DeviceImport import, string csv, string source, int rows, Action whileHeld)
        {
            IStoreTransaction holding = other.BeginTransaction();
            List<ImportRowResult>? results = null;
            Exception? failure = null;
            var run = new Thread(() =>
            {
                try
                {
                    results = DeviceCsvFile.ImportRows(import, new StringReader(csv), ',', source).ToList();
                }
                catch (Exception e)
                {
                    failure = e;
                }
            });
            run.Start();
            try
            {
                WaitFor(() => import.Stages.RecordsRead == rows, run, () => failure, "the import to read its rows while the store is held");
                Assert.False(import.HoldsStore);
                Assert.Equal(0, import.Summary.Rows);
                whileHeld();
                holding.Commit();
            }
            finally
            {
                holding.Dispose();
            }

            Assert.True(run.Join(Guard), "the import ended once the store was free");
            Assert.Null(failure);
            return results!;
        }

        [Fact]
        public void AnImportReadsItsFirstChunksWhileAnotherWriterHoldsTheStoreAndPlansAgainstWhatThatWriterCommitted()
        {
            (IDeviceStore store, IDeviceStore other) = OpenStores();
            using (store)
            using (other)
            {
                using var import = DeviceImport.WaitingForStore(store, ImportMode.AllOrNothing, dryRun: false, source: "waiting.csv");
                // Every chunk of the file (three: fewer than the reader may read before the import takes one) is read and
                // parsed while the other writer still holds the lock. The other writer then creates a device the file names and
                // a template a row uses, and commits: the import must see both (the device Updated, not Created; the row of
                // template Late imported, not refused).
                List<ImportRowResult> rows = ImportWhileHeld(other, import, Csv(Rows), "waiting.csv", Rows, () =>
                {
                    other.SaveDevice(null, HolderDevice("wait00005"), HolderOrigin);
                    other.InsertTemplate(new Template("Late"));
                });
                ImportSummary summary = import.Complete();

                Assert.Equal(Rows, import.Stages.RecordsReadBeforeStore);
                Assert.True(summary.Committed);
                Assert.Equal((Rows - 1, 1, 0), (summary.Created, summary.Updated, summary.Failed));
                Assert.Equal(RecordAction.Updated, rows.Single(r => r.Line == 6).DeviceAction);
                Assert.Equal(Enumerable.Range(2, Rows), rows.Select(r => r.Line));
                List<Device> devices = store.GetDevices().ToList();
                Assert.Equal(Rows, devices.Count);
                Assert.All(devices, d => Assert.Equal("Imported", d.DisplayName));
                Assert.Equal("Late", store.GetDevice("wait00007")!.Template);
                // The other writer's device kept what the import did not change (its code), so it was updated, not made anew.
                Assert.Equal("Code1234", store.GetDevice("wait00005")!.PlainCode);
            }
        }

        [Fact]
        public void AWaitingImportReadsNoMoreThanItsBoundOfChunksAheadAndPlansTheLastOfThemAgainstWhatTheOtherWriterCommitted()
        {
            // A file two chunks longer than the reader may read before the import takes the first: however long the wait, it
            // stops at the bound (what a waiting import holds is a constant, so memory stays flat), and every row it read
            // ahead is still planned under the lock, against what the other writer committed meanwhile.
            int bound = ChunkedRecords.ChunksBeforeFirst * ImportChunk.Rows;
            int rows = bound + 2 * ImportChunk.Rows;
            // The last row read ahead names template Late, which only the other writer makes before it commits.
            int lateRow = bound;
            (IDeviceStore store, IDeviceStore other) = OpenStores();
            using (store)
            using (other)
            {
                IStoreTransaction holding = other.BeginTransaction();
                using var import = DeviceImport.WaitingForStore(store, ImportMode.AllOrNothing, dryRun: false, source: "ahead.csv");
                List<int>? lines = null;
                Exception? failure = null;
                var run = new Thread(() =>
                {
                    try
                    {
                        lines = DeviceCsvFile.ImportRows(import, new StringReader(Csv(rows, lateRow)), ',', "ahead.csv").Select(r => r.Line).ToList();
                    }
                    catch (Exception e)
                    {
                        failure = e;
                    }
                });
                run.Start();
                try
                {
                    WaitFor(() => import.Stages.RecordsRead >= bound, run, () => failure, "the import to read its bound of chunks while the store is held");
                    Assert.False(import.HoldsStore);
                    Assert.Equal(0, import.Summary.Rows);
                    other.SaveDevice(null, HolderDevice("wait" + (bound - 1).ToString("D5")), HolderOrigin);
                    other.InsertTemplate(new Template("Late"));
                    // Not past the bound, however long the wait (the reader waits for room: nothing more is read). The pause only
                    // gives a reader that would read on the time to do it; the count is what is asserted.
                    Thread.Sleep(300);
                    Assert.Equal(bound, import.Stages.RecordsRead);
                    holding.Commit();
                }
                finally
                {
                    holding.Dispose();
                }

                Assert.True(run.Join(Guard), "the import ended once the store was free");
                Assert.Null(failure);
                ImportSummary summary = import.Complete();

                Assert.Equal(bound, import.Stages.RecordsReadBeforeStore);
                Assert.True(summary.Committed);
                Assert.Equal((rows - 1, 1, 0), (summary.Created, summary.Updated, summary.Failed));
                Assert.Equal(Enumerable.Range(2, rows), lines);
                Assert.Equal("Late", store.GetDevice("wait" + lateRow.ToString("D5"))!.Template);
                Assert.Equal("Code1234", store.GetDevice("wait" + (bound - 1).ToString("D5"))!.PlainCode);
            }
        }

        [Fact]
        public void ARowReadAndItsKeysCheckedWhileWaitingStillFailsDuplicateSerialForASerialTheOtherWriterCommittedMeanwhile()
        {
            // Two admins' files claim one serial. The waiting import's row is read, parsed and its keys (its serial among them)
            // checked by the field rules before the lock, but whether its serial is free is a question of the store: asked
            // under the lock, it finds the other writer's committed device and fails DuplicateSerial, naming that device.
            // Row 42 (line 43) holds the serial the other writer's device takes.
            const string serial = "C02WAIT00042";
            var text = new StringBuilder("Identifier,Template,OS,Serial\n");
            for (int i = 1; i <= Rows; i++)
            {
                text.Append("wait").Append(i.ToString("D5")).Append(",Std,ios,C02WAIT").Append(i.ToString("D5")).Append('\n');
            }

            (IDeviceStore store, IDeviceStore other) = OpenStores();
            using (store)
            using (other)
            {
                using var import = DeviceImport.WaitingForStore(store, ImportMode.SkipInvalidRows, dryRun: false, source: "serials.csv");
                List<ImportRowResult> rows = ImportWhileHeld(other, import, text.ToString(), "serials.csv", Rows, () =>
                {
                    Device othersDevice = HolderDevice("other00042");
                    othersDevice.Serial = serial;
                    other.SaveDevice(null, othersDevice, HolderOrigin);
                });
                ImportSummary summary = import.Complete();

                Assert.Equal(Rows, import.Stages.RecordsReadBeforeStore);
                Assert.True(summary.Committed);
                Assert.Equal((Rows - 1, 0, 1), (summary.Created, summary.Updated, summary.Failed));
                ImportRowResult refused = Assert.Single(rows, r => r.Failed);
                Assert.Equal(43, refused.Line);
                RecordError error = Assert.Single(refused.GetErrors());
                Assert.Equal(ErrorIds.DuplicateSerial, error.ErrorId);
                Assert.Contains("other00042", error.Message);
                Assert.Null(store.GetDevice("wait00042"));
                Assert.Equal("other00042", store.GetDevices().Single(d => d.Serial == serial).Identifier);
            }
        }

        [Fact]
        public void AnImportThatWaitedStartsWhenItHoldsTheStoreSoItsTimesFollowTheOtherWritersCommit()
        {
            (IDeviceStore store, IDeviceStore other) = OpenStores();
            using (store)
            using (other)
            {
                var began = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
                var afterOtherCommit = new DateTimeOffset(2026, 3, 1, 9, 5, 0, TimeSpan.Zero);
                long clock = began.UtcTicks;
                using var import = DeviceImport.WaitingForStore(store, ImportMode.AllOrNothing, dryRun: false, source: "late.csv",
                    clock: () => new DateTimeOffset(Interlocked.Read(ref clock), TimeSpan.Zero));
                ImportWhileHeld(other, import, Csv(20), "late.csv", 20, () =>
                {
                    other.InsertTemplate(new Template("Late"));
                    // The other writer commits at 09:05; the import began to wait at 09:00.
                    Interlocked.Exchange(ref clock, afterOtherCommit.UtcTicks);
                });
                Assert.True(import.Complete().Committed);

                // Before the fix: 09:00, a time before the commit the import's rows follow.
                Assert.Equal(afterOtherCommit, Assert.Single(store.GetImportHistory(null)).StartedAt);
                Assert.All(store.GetDevices(), d => Assert.Equal((afterOtherCommit, afterOtherCommit), (d.CreatedAt, d.SavedAt)));
            }
        }

        [Fact]
        public void AnImportStoppedWhileItWaitsEndsAtOnceWritesNothingAndRecordsNoAttempt()
        {
            (IDeviceStore store, IDeviceStore other) = OpenStores();
            using (store)
            using (other)
            using (var stop = new CancellationTokenSource())
            {
                store.WaitCancellation = stop.Token;
                var import = DeviceImport.WaitingForStore(store, ImportMode.AllOrNothing, dryRun: false, source: "stopped.csv");
                Exception? failure = null;
                var run = new Thread(() =>
                {
                    try
                    {
                        DeviceCsvFile.ImportRows(import, new StringReader(Csv(20)), ',', "stopped.csv").ToList();
                    }
                    catch (Exception e)
                    {
                        failure = e;
                    }
                });
                using (IStoreTransaction holding = other.BeginTransaction())
                {
                    run.Start();
                    WaitFor(() => import.Stages.RecordsRead == 20, run, () => failure, "the import to read its rows while the store is held");
                    stop.Cancel();
                    // Ended while the other writer still holds the store (before the fix: StoreBusy after the busy timeout).
                    Assert.True(run.Join(Guard), "the stopped import ended");
                    Assert.IsAssignableFrom<OperationCanceledException>(failure);
                    Assert.False(import.HoldsStore);
                    import.Dispose();
                    holding.Commit();
                }

                store.WaitCancellation = default;
                Assert.Empty(store.GetDevices());
                // It never held the store: as for StoreBusy, no attempt is recorded.
                Assert.Empty(store.GetImportHistory(null));
            }
        }

        [Fact]
        public void ABadHeaderFailsWhileAnotherWriterStillHoldsTheStoreAndTheAttemptIsRecordedOnceItIsFree()
        {
            (IDeviceStore store, IDeviceStore other) = OpenStores();
            using (store)
            using (other)
            {
                var import = DeviceImport.WaitingForStore(store, ImportMode.AllOrNothing, dryRun: false, source: "header.csv");
                ImportHeaderException failure;
                using (IStoreTransaction holding = other.BeginTransaction())
                {
                    // Read before the lock: the header's error needs no wait for the other writer.
                    failure = Assert.Throws<ImportHeaderException>(() =>
                        DeviceCsvFile.ImportRows(import, new StringReader("Identifer,OS\nwait1,ios\n"), ',', "header.csv").ToList());
                    Assert.False(import.HoldsStore);
                }

                Assert.Equal(ErrorIds.UnknownCsvColumn, failure.ErrorId);
                import.Abandon(failure.Line, failure.ErrorId, failure.Message);
                Assert.Empty(store.GetDevices());
                ImportHistoryEntry entry = Assert.Single(store.GetImportHistory(null));
                Assert.False(entry.Committed);
                Assert.Contains(entry.Errors, e => e.ErrorId == ErrorIds.UnknownCsvColumn);
            }
        }
    }

    public sealed class SqliteImportWaitingForStoreTests : ImportWaitingForStoreTests, IDisposable
    {
        private readonly StoreFixture _fx = new StoreFixture();

        protected override (IDeviceStore Store, IDeviceStore Other) OpenStores() =>
            (SqliteDeviceStore.Open(_fx.DatabasePath), SqliteDeviceStore.Open(_fx.DatabasePath));

        public void Dispose() => _fx.Dispose();
    }

    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresImportWaitingForStoreTests : ImportWaitingForStoreTests, IDisposable
    {
        // The databases this test makes, dropped in the background once it is done.
        private readonly PostgresTestDatabases _databases = new PostgresTestDatabases();

        public void Dispose() => _databases.Dispose();

        protected override (IDeviceStore Store, IDeviceStore Other) OpenStores()
        {
            string uri = _databases.New();
            IDeviceStore store = DeviceStores.Open(uri, StoreUse.Command);
            store.InsertTemplate(new Template("Std"));
            return (store, DeviceStores.Open(uri, StoreUse.Command));
        }

        [Fact]
        public void AnImportWaitingPastTheBusyTimeoutFailsWithStoreBusyWritesNothingAndRecordsNoAttempt()
        {
            (IDeviceStore store, IDeviceStore other) = OpenStores();
            using (store)
            using (other)
            {
                ((PostgresDeviceStore)store).BusyTimeout = TimeSpan.FromMilliseconds(300);
                var import = DeviceImport.WaitingForStore(store, ImportMode.AllOrNothing, dryRun: false, source: "busy.csv");
                BmgException busy;
                using (IStoreTransaction holding = other.BeginTransaction())
                {
                    busy = Assert.Throws<BmgException>(() =>
                        DeviceCsvFile.ImportRows(import, new StringReader("Identifier,Template,OS\nbusy1,Std,ios\n"), ',', "busy.csv").ToList());
                }

                Assert.Equal(ErrorIds.StoreBusy, busy.ErrorId);
                Assert.False(import.HoldsStore);
                import.Abandon(1, busy.ErrorId, busy.Message);
                Assert.Empty(store.GetDevices());
                Assert.Empty(store.GetImportHistory(null));
            }
        }
    }
}
