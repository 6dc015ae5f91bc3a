using System;
using System.Threading;
using System.Threading.Tasks;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Store.Postgres;
using BizMobileGo.Core.Tests.Store;
using Npgsql;
using Xunit;

namespace BizMobileGo.Core.Tests.Postgres
{
    /// <summary>
    /// A stop that lands in the moments around the start of the wait for the writer lock still ends the wait as a stop
    /// (rel46; p545 saw ImportWaitingForStoreTests' stopped import get a BmgException once in seven runs under load): after
    /// the wait's own look at the stop and before its statement, and after the round trip began but before Npgsql sent its
    /// statement, where Npgsql's Cancel does nothing (a command not in progress). The hooks hold those moments open, so the
    /// window is hit on every run; no sleep decides anything. On the real test server, another session holding the lock.
    /// </summary>
    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresWriterWaitStopTests : IDisposable
    {
        private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
        private static readonly ChangeOrigin Origin = ChangeOrigin.Library("writer wait stop tests");

        private readonly PostgresTestDatabases _databases = new PostgresTestDatabases();

        public void Dispose() => _databases.Dispose();

        [Fact]
        public void AStopLandingAfterTheWaitLookedAtItAndBeforeItsStatementEndsAsAStopNotAStoreError()
        {
            RunStoppedWait((store, stop) =>
            {
                int tried = 0;
                // The stop comes after TakeWriterLock's check, as the wait's statement is about to be made...
                store.BeforeWriterWait = () =>
                {
                    tried = store.CancelsTried;
                    stop.Cancel();
                };
                // ...and its cancel is tried before the statement is in progress (so Npgsql drops it): before the fix the
                // wait ran on, the grace gave the connection up, and the wait, taken for one made after the stop, said
                // StoreUnavailable.
                store.BeforeLockStatement = () => UntilCancelTried(store, tried);
            });
        }

        [Fact]
        public void AStopWhoseFirstCancelCameBeforeTheStatementWasSentStillHasTheServerEndTheWait()
        {
            RunStoppedWait((store, stop) =>
            {
                // The stop comes once the wait's round trip began, before Npgsql sent its statement: the first cancel is
                // dropped (not in progress). Before the fix nothing cancelled it again: the grace gave the connection up while
                // its session went on waiting on the server for the lock.
                store.BeforeLockStatement = () =>
                {
                    int tried = store.CancelsTried;
                    stop.Cancel();
                    UntilCancelTried(store, tried);
                };
            });
        }

        /// <summary>
        /// Another session holds the writer lock; <paramref name="arrange"/> places the stop; the store's wait for the lock must
        /// end as a stop (OperationCanceledException) while the lock is still held, with no backend of the database left
        /// waiting for a lock; then the store writes again on the same object.
        /// </summary>
        private void RunStoppedWait(Action<PostgresDeviceStore, CancellationTokenSource> arrange)
        {
            string uri = _databases.New();
            using var store = (PostgresDeviceStore)DeviceStores.Open(uri, StoreUse.Command);
            using IDeviceStore other = DeviceStores.Open(uri, StoreUse.Command);
            using var stop = new CancellationTokenSource();
            store.WaitCancellation = stop.Token;
            arrange(store, stop);
            using (IStoreTransaction holding = other.BeginTransaction())
            {
                Task<IStoreTransaction> waiting = Task.Run(() => store.BeginTransaction());
                Assert.True(SpinWait.SpinUntil(() => waiting.IsCompleted, Guard), "the stopped wait ended while the lock is held");
                Exception? failure = null;
                try
                {
                    waiting.GetAwaiter().GetResult().Dispose();
                }
                catch (Exception e)
                {
                    failure = e;
                }

                // A stop, never a store error (StoreUnavailable), and never a lock taken.
                Assert.IsAssignableFrom<OperationCanceledException>(failure);
                // The server ended the wait (query_canceled), or it never began: no session of the store waits on.
                Assert.Equal(0L, BackendsWaitingForALock(uri));
                other.SaveDevice(null, RegisteredDevice.New("HOLDER"), Origin);
                holding.Commit();
            }

            store.BeforeWriterWait = null;
            store.BeforeLockStatement = null;
            store.WaitCancellation = default;
            using (IStoreTransaction next = store.BeginTransaction())
            {
                store.SaveDevice(null, RegisteredDevice.New("AFTER"), Origin);
                next.Commit();
            }

            Assert.NotNull(store.GetDevice("HOLDER"));
            Assert.NotNull(store.GetDevice("AFTER"));
        }

        /// <summary>Returns once the stop has tried to cancel the statement in flight (more than <paramref name="tried"/> tries); the guard only stops a hung test.</summary>
        private static void UntilCancelTried(PostgresDeviceStore store, int tried) =>
            Assert.True(SpinWait.SpinUntil(() => store.CancelsTried > tried, Guard), "the stop tried to cancel the statement");

        private static long BackendsWaitingForALock(string uri)
        {
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            return Convert.ToInt64(PostgresTestServer.Scalar(connection,
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database());"));
        }
    }
}
