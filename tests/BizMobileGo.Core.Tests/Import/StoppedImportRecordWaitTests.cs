using System;
using System.IO;
using System.Linq;
using System.Threading;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Store.Postgres;
using BizMobileGo.Core.Tests.Postgres;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    /// <summary>
    /// Round 41 (left41, net40's leftover): a stopped import's attempt record that finds another writer holding the store's
    /// writer lock waits for it <see cref="StoreWait.AfterStop"/> at most, not the busy timeout, on both stores; then the
    /// record is said missing with its own StoreBusy text. The other writer takes the lock at the import's test hook, between
    /// the stopped import's rollback and its record, and holds it until the import has ended. The busy timeout is longer than
    /// the limit (SQLite: the default 30 s; PostgreSQL: 20 s), so a record that waited it would say "for 30 seconds" instead.
    /// </summary>
    public sealed class StoppedImportRecordWaitTests : IDisposable
    {
        private readonly PostgresTestDatabases _databases = new PostgresTestDatabases();

        public void Dispose() => _databases.Dispose();

        [Fact]
        public void SqliteStoppedImportsRecordWaitsForAnotherWriterOnlyTheAfterStopLimit()
        {
            using var fx = new StoreFixture();
            AssertRecordGivesUpAfterTheStopLimit(fx.Store, () => SqliteDeviceStore.Open(fx.DatabasePath));
        }

        [Fact]
        [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
        public void PostgresStoppedImportsRecordWaitsForAnotherWriterOnlyTheAfterStopLimit()
        {
            string uri = _databases.New();
            using var store = (PostgresDeviceStore)DeviceStores.Open(uri, StoreUse.Command);
            store.BusyTimeout = TimeSpan.FromSeconds(20);
            AssertRecordGivesUpAfterTheStopLimit(store, () => DeviceStores.Open(uri, StoreUse.Command));
        }

        private static void AssertRecordGivesUpAfterTheStopLimit(IDeviceStore store, Func<IDeviceStore> anotherWriter)
        {
            using var stop = new CancellationTokenSource();
            store.WaitCancellation = stop.Token;
            IDeviceStore? other = null;
            IStoreTransaction? held = null;
            try
            {
                var import = new DeviceImport(store, ImportMode.AllOrNothing, dryRun: false, "stopped.csv", () => StoreFixture.T0);
                import.BeforeAttemptRecord = () =>
                {
                    other = anotherWriter();
                    held = other.BeginTransaction();
                };
                _ = DeviceCsvFile.ImportRows(import, new StringReader(StoreFixture.Csv("Identifier,OS", "STOP1,ios")), ',', "stopped.csv").ToList();

                // Ctrl+C: the import ends before its commit, rolls back, and tries to record its attempt.
                stop.Cancel();
                import.Dispose();

                Assert.NotNull(held);
                Assert.Equal(
                    $"The store '{store.Location}' stayed locked by another writer for 5 s after the command was stopped, as long as a stopped command waits for it; nothing was changed.",
                    import.NotRecordedReason);
            }
            finally
            {
                held?.Dispose();
                other?.Dispose();
                store.WaitCancellation = CancellationToken.None;
            }

            Assert.Empty(store.GetImportHistory(null));
            Assert.Null(store.GetDevice("STOP1"));
        }
    }
}
