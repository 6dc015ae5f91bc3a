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
    /// A stop that lands once the server committed a sender's claim, while the sender still waits on a round trip of its own
    /// before the send begins (claim47; round 46's CI saw CheckInEmailDelivery's stopped email stay Sending): the email must be
    /// Pending again, its attempt not counted. The store's read right after the claim is held on the server by another
    /// session's table lock, taken as that read is made (a test hook), so the stop's cancel ends it on every run; no sleep
    /// decides anything. On the real test server; the SMTP server is never reached (port 1, nothing listens).
    /// </summary>
    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresClaimStopTests : IDisposable
    {
        private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
        private static readonly ChangeOrigin Origin = ChangeOrigin.Library("claim stop tests");

        private readonly PostgresTestDatabases _databases = new PostgresTestDatabases();

        public void Dispose() => _databases.Dispose();

        [Fact]
        public void AStopAfterTheClaimCommittedWhileTheSenderStillWaitsOnTheStoreLeavesTheEmailPendingUncounted()
        {
            string uri = _databases.New();
            using var store = (PostgresDeviceStore)DeviceStores.Open(uri, StoreUse.Command);
            using (IStoreTransaction writing = store.BeginTransaction())
            {
                store.SaveDevice(null, RegisteredDevice.New("DEV1"), Origin);
                writing.Commit();
            }

            var email = new CheckInEmail { Recipient = "user1@example.com", Identifier = "DEV1", PlainCode = "Code1234", QueuedAt = DateTimeOffset.UtcNow };
            store.InsertCheckInEmail(email);

            using NpgsqlConnection blocker = PostgresTestServer.Open(uri);
            NpgsqlTransaction? holding = null;
            bool claimMade = false;
            // The first statement after the claim's UPDATE (the claimed email's read) finds the outbox locked by another session:
            // the claim is committed, and the sender waits on the server.
            store.BeforeStatement = sql =>
            {
                if (sql.Contains("SET status = 'Sending'", StringComparison.Ordinal))
                {
                    claimMade = true;
                }
                else if (claimMade && holding == null)
                {
                    holding = blocker.BeginTransaction();
                    PostgresTestServer.Execute(blocker, "LOCK TABLE checkin_emails IN ACCESS EXCLUSIVE MODE;");
                }
            };

            using var stop = new CancellationTokenSource();
            store.WaitCancellation = stop.Token;
            var settings = new SmtpSettings { Server = "127.0.0.1", Port = 1, From = "kitting@example.com", CheckInUrl = "https://checkin.example.com" };
            using var sender = new CheckInEmailSender(store, settings, CheckInEmailTemplate.Default(CultureInfo.InvariantCulture));
            Task<SendOutcome> sending = Task.Run(() => sender.Send(email.Id, stop.Token));

            using NpgsqlConnection watcher = PostgresTestServer.Open(uri);
            Assert.True(SpinWait.SpinUntil(() => sending.IsCompleted || ReadsWaitingForALock(watcher) == 1, Guard), "the sender's read waits for the lock");
            Assert.False(sending.IsCompleted, "the sender waits on the server");
            Assert.Equal("Sending", Status(blocker, email.Id)); // the lock's holder reads through it: the claim is committed
            stop.Cancel();
            // The stop's cancel ended the read (the lock is still held); then the lock goes, for whatever the sender writes next.
            Assert.True(SpinWait.SpinUntil(() => sending.IsCompleted || ReadsWaitingForALock(watcher) == 0, Guard), "the stop ended the read");
            holding!.Rollback();
            Assert.True(SpinWait.SpinUntil(() => sending.IsCompleted, Guard), "the stopped send ended");

            Assert.IsAssignableFrom<OperationCanceledException>(Record.Exception(() => sending.GetAwaiter().GetResult()));
            store.BeforeStatement = null;
            store.WaitCancellation = default;
            CheckInEmail after = store.GetCheckInEmail(email.Id)!;
            Assert.Equal(CheckInEmailStatus.Pending, after.Status);
            Assert.Equal(0, after.Attempts);
            Assert.Null(after.ClaimedBy);
            Assert.Null(after.LastError);
        }

        /// <summary>How many sessions wait for a lock on a read of the outbox (the sender's, held by the test's lock).</summary>
        private static long ReadsWaitingForALock(NpgsqlConnection watcher) => Convert.ToInt64(PostgresTestServer.Scalar(watcher,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'SELECT%checkin_emails%';"),
            CultureInfo.InvariantCulture);

        private static string Status(NpgsqlConnection connection, long id) => (string)PostgresTestServer.Scalar(connection,
            $"SELECT status FROM checkin_emails WHERE email_id = {id.ToString(CultureInfo.InvariantCulture)};")!;
    }
}
