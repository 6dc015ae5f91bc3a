using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Store.Postgres;
using Npgsql;
using Xunit;

namespace BizMobileGo.Core.Tests.Postgres
{
    /// <summary>
    /// The stop's cancel requests are for the stopped round trip only (claim47, rel46's repeated requests): one the stop's
    /// thread gets to late — the round trip ended on its own meanwhile, and the command made its next statement, a round trip
    /// after the stop — must not cancel that statement. The stop's thread is held before its first request (a test hook)
    /// until the next statement waits on the server for another session's lock; no sleep decides anything.
    /// </summary>
    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresLateCancelTests : IDisposable
    {
        private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
        private const string LockOutbox = "LOCK TABLE checkin_emails IN ACCESS EXCLUSIVE MODE;";

        private readonly PostgresTestDatabases _databases = new PostgresTestDatabases();

        public void Dispose() => _databases.Dispose();

        [Fact]
        public void ACancelRequestTheStopsThreadGetsToAfterTheRoundTripEndedLeavesTheNextStatementAlone()
        {
            string uri = _databases.New();
            using var store = (PostgresDeviceStore)DeviceStores.Open(uri, StoreUse.Command);
            using NpgsqlConnection first = PostgresTestServer.Open(uri);
            using NpgsqlConnection second = PostgresTestServer.Open(uri);
            using NpgsqlConnection watcher = PostgresTestServer.Open(uri);
            using NpgsqlConnection hookWatcher = PostgresTestServer.Open(uri);
            using var stop = new CancellationTokenSource();
            using var cancelsEnded = new ManualResetEventSlim();

            NpgsqlTransaction firstHolding = first.BeginTransaction();
            PostgresTestServer.Execute(first, LockOutbox);
            store.WaitCancellation = stop.Token;
            // The stopped round trip: a read of the outbox, waiting for the first session's lock; then the next statement.
            Task<(CheckInEmail?, CheckInEmail?)> reading = Task.Run(() => (store.GetCheckInEmail(1), store.GetCheckInEmail(2)));
            Assert.True(SpinWait.SpinUntil(() => reading.IsCompleted || WaitingForALock(watcher) == 1, Guard), "the first read waits for the lock");

            NpgsqlTransaction? secondHolding = null;
            // The next statement finds the outbox locked by the second session.
            store.BeforeStatement = sql =>
            {
                if (secondHolding == null)
                {
                    secondHolding = second.BeginTransaction();
                    PostgresTestServer.Execute(second, LockOutbox);
                }
            };
            bool late = false;
            store.BeforeCancel = () =>
            {
                if (late)
                {
                    return;
                }

                late = true;
                // Before the stop's thread gets to its first request, the first read ends on its own (its lock goes) and the
                // command's next statement waits on the server.
                firstHolding.Rollback();
                Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref secondHolding) != null && WaitingForALock(hookWatcher) == 1, Guard), "the next statement waits for the lock");
            };
            store.CancelsEnded = cancelsEnded.Set;

            stop.Cancel();
            Assert.True(cancelsEnded.Wait(Guard), "the stop's thread sent its requests");
            Assert.True(late, "the stop's thread was held before its first request");
            secondHolding!.Rollback();
            Assert.True(SpinWait.SpinUntil(() => reading.IsCompleted, Guard), "the reads ended");

            // Both reads answered (no email is there): the next statement was not cancelled as the stopped round trip's.
            (CheckInEmail?, CheckInEmail?) read = default;
            Assert.Null(Record.Exception(() => read = reading.GetAwaiter().GetResult()));
            Assert.Equal((null, null), read);
            store.BeforeStatement = null;
            store.BeforeCancel = null;
            store.CancelsEnded = null;
        }

        private static long WaitingForALock(NpgsqlConnection watcher) => Convert.ToInt64(PostgresTestServer.Scalar(watcher,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock';"),
            CultureInfo.InvariantCulture);
    }
}
