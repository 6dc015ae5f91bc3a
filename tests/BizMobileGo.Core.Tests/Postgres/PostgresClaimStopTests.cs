using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Outbox;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Store.Postgres;
using BizMobileGo.Core.Tests.Store;
using Npgsql;
using Xunit;

namespace BizMobileGo.Core.Tests.Postgres
{
    /// <summary>
    /// A stop that lands once the server committed a sender's claim, while the sender still waits on a round trip of the store
    /// (claim47; round 46's CI saw CheckInEmailDelivery's stopped email stay Sending): the email must be Pending again, its
    /// attempt not counted, not Sending until its claim goes stale. A statement after the claim is held on the server by
    /// another session's table lock, taken as the statement is made (a test hook), so the stop's cancel ends it on every run;
    /// no sleep decides anything. On the real test server; no SMTP server is reached (port 1: nothing listens).
    /// </summary>
    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresClaimStopTests : IDisposable
    {
        private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
        private static readonly ChangeOrigin Origin = ChangeOrigin.Library("claim stop tests");
        private const string ClaimSql = "SET status = 'Sending'";

        private readonly PostgresTestDatabases _databases = new PostgresTestDatabases();

        public void Dispose() => _databases.Dispose();

        [Fact]
        public void AStopOnTheReadAfterTheClaimCommittedLeavesTheEmailPendingUncounted() =>
            StopHeldStatement(DeviceState.Registered, sql => true);

        [Fact]
        public void AStopOnTheWriteThatWasToEndTheClaimLeavesTheEmailPendingUncounted() =>
            // The device was withdrawn: the sender's check finds its email stale, and the write that makes it Superseded is held.
            StopHeldStatement(DeviceState.Withdrawn, sql => sql.Contains("claimed_by = NULL", StringComparison.Ordinal));

        /// <summary>
        /// A device in <paramref name="state"/> and a Pending email of it; the sender claims the email, and the first statement
        /// after the claim that <paramref name="held"/> picks finds the outbox locked by another session (the claim is committed
        /// by then); the stop comes while the sender waits on it. The lock goes as the sender makes its next statement (or
        /// once the send ended). The stopped send must end as a stop and leave the email Pending, its attempt not counted,
        /// its claim gone.
        /// </summary>
        private void StopHeldStatement(DeviceState state, Func<string, bool> held)
        {
            string uri = _databases.New();
            using var store = (PostgresDeviceStore)DeviceStores.Open(uri, StoreUse.Command);
            using (IStoreTransaction writing = store.BeginTransaction())
            {
                Device device = RegisteredDevice.New("DEV1");
                device.State = state;
                store.SaveDevice(null, device, Origin);
                writing.Commit();
            }

            var email = new CheckInEmail { Recipient = "user1@example.com", Identifier = "DEV1", PlainCode = "Code1234", QueuedAt = DateTimeOffset.UtcNow };
            store.InsertCheckInEmail(email);

            using NpgsqlConnection blocker = PostgresTestServer.Open(uri);
            using var stop = new CancellationTokenSource();
            NpgsqlTransaction? holding = null;
            bool claimMade = false;
            bool lockTaken = false;
            store.BeforeStatement = sql =>
            {
                if (holding != null)
                {
                    // The held statement ended: the statement after it (a release of the claim) finds the outbox free.
                    holding.Rollback();
                    holding = null;
                }
                else if (claimMade && !lockTaken && held(sql))
                {
                    lockTaken = true;
                    holding = blocker.BeginTransaction();
                    PostgresTestServer.Execute(blocker, "LOCK TABLE checkin_emails IN ACCESS EXCLUSIVE MODE;");
                }

                claimMade |= sql.Contains(ClaimSql, StringComparison.Ordinal);
            };

            store.WaitCancellation = stop.Token;
            var settings = new SmtpSettings { Server = "127.0.0.1", Port = 1, From = "kitting@example.com", CheckInUrl = "https://checkin.example.com" };
            using var sender = new CheckInEmailSender(store, settings, CheckInEmailTemplate.Default(CultureInfo.InvariantCulture));
            Task<SendOutcome> sending = Task.Run(() => sender.Send(email.Id, stop.Token));

            using NpgsqlConnection watcher = PostgresTestServer.Open(uri);
            Assert.True(SpinWait.SpinUntil(() => sending.IsCompleted || WaitingForALock(watcher) == 1, Guard), "the sender's statement waits for the lock");
            Assert.False(sending.IsCompleted, "the sender waits on the server");
            // The lock's holder reads through it: the claim is committed.
            Assert.Equal("Sending", (string)PostgresTestServer.Scalar(blocker, $"SELECT status FROM checkin_emails WHERE email_id = {email.Id};")!);
            stop.Cancel();
            Assert.True(SpinWait.SpinUntil(() => sending.IsCompleted, Guard), "the stopped send ended");
            holding?.Rollback();

            Assert.IsAssignableFrom<OperationCanceledException>(Record.Exception(() => sending.GetAwaiter().GetResult()));
            store.BeforeStatement = null;
            store.WaitCancellation = default;
            CheckInEmail after = store.GetCheckInEmail(email.Id)!;
            Assert.Equal(CheckInEmailStatus.Pending, after.Status);
            Assert.Equal(0, after.Attempts);
            Assert.Null(after.ClaimedBy);
            Assert.Null(after.LastError);
        }

        /// <summary>How many sessions of the test's database wait for a lock (the sender's held statement).</summary>
        private static long WaitingForALock(NpgsqlConnection watcher) => Convert.ToInt64(PostgresTestServer.Scalar(watcher,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock';"),
            CultureInfo.InvariantCulture);
    }
}
