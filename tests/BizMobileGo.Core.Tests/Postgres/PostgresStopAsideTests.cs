using System;
using System.Threading;
using System.Threading.Tasks;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Store.Postgres;
using BizMobileGo.Core.Tests.Store;
using Npgsql;
using Xunit;

namespace BizMobileGo.Core.Tests.Postgres
{
    /// <summary>
    /// Work a PostgreSQL store runs aside (an import chunk's writes, IStoppableAside) makes its round trips on its own pool
    /// thread, and the thread that waits for it answers the stop for it: a stop while its statement waits on the server
    /// cancels that statement, the wait ends as the stop, nothing of the work is written, and the store goes on (thirty-fourth
    /// round, p534). A silent network is Pester's Postgres.SilentNetwork.Tests.ps1. On the real test server.
    /// </summary>
    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresStopAsideTests : IDisposable
    {
        private readonly PostgresTestDatabases _databases = new PostgresTestDatabases();

        public void Dispose() => _databases.Dispose();

        private static readonly ChangeOrigin Origin = ChangeOrigin.Library("stop aside tests");

        [Fact]
        public void AStopEndsTheWaitForWorkAsideWhoseStatementTheServerHolds()
        {
            string uri = _databases.New();
            using var store = (PostgresDeviceStore)DeviceStores.Open(uri, StoreUse.Command);
            using (IStoreTransaction seed = store.BeginTransaction())
            {
                store.SaveDevice(null, RegisteredDevice.New("HELD1"), Origin);
                seed.Commit();
            }

            Device before = store.GetDevice("HELD1")!;
            Device after = before.Clone();
            after.DisplayName = "changed";

            // Another session holds the device's row: the work's UPDATE waits for it (up to the store's busy timeout).
            using NpgsqlConnection other = PostgresTestServer.Open(uri);
            using NpgsqlTransaction holding = other.BeginTransaction();
            using (var hold = new NpgsqlCommand("SELECT 1 FROM devices WHERE identifier = 'HELD1' FOR UPDATE;", other, holding))
            {
                hold.ExecuteScalar();
            }

            using var stop = new CancellationTokenSource();
            store.WaitCancellation = stop.Token;
            IStoreTransaction write = store.BeginTransaction();
            Task aside = store.RunAside(() => store.SaveDevice(before, after, Origin));
            // A hang guard, not a measure: the UPDATE is waiting for the row once the server shows a lock not granted.
            for (int polls = 0; polls < 600 && Convert.ToInt64(PostgresTestServer.Scalar(other, "SELECT count(*) FROM pg_locks WHERE NOT granted;")) == 0; polls++)
            {
                Assert.False(aside.IsCompleted, "the work waits for the row another session holds");
                Thread.Sleep(50);
            }

            Assert.False(aside.IsCompleted);
            stop.Cancel();
            // The server's query_canceled is the stop (not StoreBusy at the busy timeout, nor a store error).
            Assert.ThrowsAny<OperationCanceledException>(() => store.EndAside(aside, rethrow: true));
            write.Dispose();
            holding.Rollback();

            store.WaitCancellation = default;
            Assert.Null(store.GetDevice("HELD1")!.DisplayName);
            using (IStoreTransaction next = store.BeginTransaction())
            {
                store.SaveDevice(before, after, Origin);
                next.Commit();
            }

            Assert.Equal("changed", store.GetDevice("HELD1")!.DisplayName);
        }

        [Fact]
        public void WorkAsideThatFailsIsThrownByItsWaitOrKeptQuietWhenGivenUp()
        {
            string uri = _databases.New();
            using var store = (PostgresDeviceStore)DeviceStores.Open(uri, StoreUse.Command);
            using var stop = new CancellationTokenSource();
            store.WaitCancellation = stop.Token;
            using IStoreTransaction write = store.BeginTransaction();
            store.SaveDevice(null, RegisteredDevice.New("TWICE1"), Origin);
            // The same identifier again: the server refuses it, and the wait throws the store's own error, as the write would.
            Task failing = store.RunAside(() => store.SaveDevice(null, RegisteredDevice.New("TWICE1"), Origin));
            Assert.IsType<BmgException>(Record.Exception(() => store.EndAside(failing, rethrow: true)));
            // Again on every later wait (ImportChunk.WaitForStore), and not at all for a caller that gives the work up.
            Assert.IsType<BmgException>(Record.Exception(() => store.EndAside(failing, rethrow: true)));
            store.EndAside(failing, rethrow: false);
        }
    }
}
