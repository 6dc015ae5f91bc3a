using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Outbox;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Tests.Import;
using BizMobileGo.Core.Tests.Store;
using Xunit;

namespace BizMobileGo.Core.Tests.Outbox
{
    /// <summary>Issue 14: the outbox's states, claims and superseding, on a real store file.</summary>
    public class CheckInOutboxTests : IDisposable
    {
        private readonly StoreFixture _fx = new StoreFixture();

        public void Dispose() => _fx.Dispose();

        private CheckInEmail Single(string identifier) => _fx.Store.GetCheckInEmails().Single(e => e.Identifier == identifier && e.Status == CheckInEmailStatus.Pending);

        private static string Claimant(int processId, long startTicks) =>
            string.Format(CultureInfo.InvariantCulture, "{0}/{1}/{2}/test", Environment.MachineName, processId, startTicks);

        [Fact]
        public void Email_14_2_a_claim_is_taken_by_one_sender_only_and_fixes_the_Message_ID()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,RegistrationEmail", "DEV1,ios,a@example.com"));
            long id = Single("DEV1").Id;
            using SqliteDeviceStore other = SqliteDeviceStore.Open(_fx.DatabasePath);
            DateTimeOffset until = DateTimeOffset.UtcNow.AddMinutes(10);

            Assert.True(_fx.Store.TryClaimCheckInEmail(id, "sender-a", until, "first@example.com", null));
            Assert.False(other.TryClaimCheckInEmail(id, "sender-b", until, "second@example.com", null));
            Assert.False(other.TryClaimCheckInEmail(id, "sender-b", until, "second@example.com", staleClaim: "someone-else"));

            CheckInEmail claimed = other.GetCheckInEmail(id)!;
            Assert.Equal(CheckInEmailStatus.Sending, claimed.Status);
            Assert.Equal("sender-a", claimed.ClaimedBy);
            Assert.Equal(1, claimed.Attempts);
            Assert.Equal("first@example.com", claimed.MessageId);

            Assert.False(other.FinishCheckInEmailClaim(id, "sender-b", CheckInEmailStatus.Sent, DateTimeOffset.UtcNow, "250 ok", null, null));
            Assert.True(_fx.Store.FinishCheckInEmailClaim(id, "sender-a", CheckInEmailStatus.Pending, null, null, "451 later", null));
            Assert.True(other.TryClaimCheckInEmail(id, "sender-b", until, "second@example.com", null));
            CheckInEmail again = other.GetCheckInEmail(id)!;
            Assert.Equal("first@example.com", again.MessageId);
            Assert.Equal(2, again.Attempts);
            Assert.Equal("451 later", again.LastError);

            Assert.True(other.FinishCheckInEmailClaim(id, "sender-b", CheckInEmailStatus.Sent, DateTimeOffset.UtcNow, "250 ok", null, null));
            Assert.False(_fx.Store.TryClaimCheckInEmail(id, "sender-a", until, "x@example.com", "sender-b"));
            Assert.Equal(CheckInEmailStatus.Sent, _fx.Store.GetCheckInEmail(id)!.Status);
        }

        [Fact]
        public void Email_14_2_a_claim_left_by_a_dead_process_is_taken_over_with_the_same_Message_ID()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,RegistrationEmail", "DEV1,ios,a@example.com"));
            long id = Single("DEV1").Id;
            string dead = Claimant(int.MaxValue - 1, 0);
            Assert.True(_fx.Store.TryClaimCheckInEmail(id, dead, DateTimeOffset.UtcNow.AddMinutes(10), "kept@example.com", null));

            CheckInEmail left = _fx.Store.GetUnsentCheckInEmails().Single();
            Assert.True(SenderIdentity.IsAbandoned(left.ClaimedBy, left.ClaimedUntil, DateTimeOffset.UtcNow));
            Assert.True(_fx.Store.TryClaimCheckInEmail(id, "next-run", DateTimeOffset.UtcNow.AddMinutes(10), "new@example.com", staleClaim: left.ClaimedBy));
            Assert.Equal("kept@example.com", _fx.Store.GetCheckInEmail(id)!.MessageId);
            Assert.Equal(2, _fx.Store.GetCheckInEmail(id)!.Attempts);
        }

        [Fact]
        public void Email_14_2_a_claim_of_a_live_sender_holds_until_its_lease_ends_and_one_of_another_machine_until_its_lease()
        {
            using Process self = Process.GetCurrentProcess();
            string live = Claimant(self.Id, self.StartTime.ToUniversalTime().Ticks);
            DateTimeOffset now = DateTimeOffset.UtcNow;
            Assert.False(SenderIdentity.IsAbandoned(live, now.AddMinutes(1), now));
            Assert.True(SenderIdentity.IsAbandoned(live, now.AddMinutes(-1), now));
            Assert.False(SenderIdentity.IsAbandoned("another-machine/1/0/x", now.AddMinutes(1), now));
            Assert.True(SenderIdentity.IsAbandoned("another-machine/1/0/x", now.AddSeconds(-1), now));
            Assert.True(SenderIdentity.IsAbandoned(Claimant(self.Id, 0), now.AddMinutes(1), now));
            Assert.StartsWith(Environment.MachineName + "/" + self.Id + "/", SenderIdentity.NewClaimant());
        }

        [Fact]
        public void Email_14_3_a_new_email_supersedes_the_devices_pending_ones_and_says_why()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Code,RegistrationEmail", "DEV1,ios,Code111,a@example.com", "DEV2,ios,Code222,b@example.com"));
            _fx.ImportOk(StoreFixture.Csv("Identifier,Code", "dev1,Code333"));
            _fx.ImportOk(StoreFixture.Csv("Identifier,RegistrationEmail", "DEV1,c@example.com"));
            _fx.ImportOk(StoreFixture.Csv("Identifier,Code,RegistrationEmail", "DEV1,Code444,d@example.com"));
            _fx.ImportOk(StoreFixture.Csv("Identifier,DisplayName", "DEV1,Phone"));

            var emails = _fx.Store.GetCheckInEmails().Where(e => e.Identifier == "DEV1" || e.Identifier == "dev1").ToList();
            Assert.Equal(new[] { CheckInEmailStatus.Superseded, CheckInEmailStatus.Superseded, CheckInEmailStatus.Superseded, CheckInEmailStatus.Superseded, CheckInEmailStatus.Pending },
                emails.Select(e => e.Status));
            Assert.Equal(emails.Skip(1).Select(e => (long?)e.Id), emails.Take(4).Select(e => e.SupersededBy));
            Assert.Contains("check-in code changed", emails[0].StatusReason);
            Assert.Contains("RegistrationEmail changed to 'c@example.com'", emails[1].StatusReason);
            Assert.Contains("code and RegistrationEmail changed", emails[2].StatusReason);
            Assert.Contains("saved again", emails[3].StatusReason);
            Assert.Equal(CheckInEmailStatus.Pending, Single("DEV2").Status);
        }

        [Fact]
        public void Email_14_3_an_email_already_sent_is_not_superseded_and_MarkSent_marks_once()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Code,RegistrationEmail", "DEV1,ios,Code111,a@example.com"));
            long first = Single("DEV1").Id;
            var outbox = new CheckInOutbox(_fx.Store);
            Assert.True(outbox.MarkSent(first, StoreFixture.T0, "250 by hand"));
            Assert.False(outbox.MarkSent(first, StoreFixture.T0, null));
            Assert.False(outbox.MarkSent(9999, StoreFixture.T0, null));
            _fx.ImportOk(StoreFixture.Csv("Identifier,Code", "DEV1,Code222"));

            CheckInEmail sent = _fx.Store.GetCheckInEmail(first)!;
            Assert.Equal(CheckInEmailStatus.Sent, sent.Status);
            Assert.Equal(StoreFixture.T0, sent.SentAt);
            Assert.Equal("250 by hand", sent.ServerReply);
            Assert.Equal("Code222", Single("DEV1").PlainCode);
        }

        [Fact]
        public void Email_14_4_a_version_1_store_keeps_its_emails_as_Pending_or_Sent_and_only_the_newest_pending_per_device()
        {
            string copy = TestStoreFolder.CopyOfVersion1StoreIn(_fx.Folder);
            using SqliteDeviceStore store = SqliteDeviceStore.Open(copy);
            CheckInEmail email = store.GetCheckInEmails().Single();
            Assert.Equal(CheckInEmailStatus.Pending, email.Status);
            Assert.Equal(0, email.Attempts);
            Assert.Null(email.MessageId);
        }

        [Fact]
        public void Email_14_1_loopback_is_known_by_name_and_address()
        {
            Assert.True(CheckInEmailSender.IsLoopback("localhost"));
            Assert.True(CheckInEmailSender.IsLoopback("127.0.0.1"));
            Assert.True(CheckInEmailSender.IsLoopback("127.8.9.10"));
            Assert.True(CheckInEmailSender.IsLoopback("::1"));
            Assert.True(CheckInEmailSender.IsLoopback("[::1]"));
            Assert.False(CheckInEmailSender.IsLoopback("192.0.2.2"));
            Assert.False(CheckInEmailSender.IsLoopback("2001:db8::1"));
        }

        [Fact]
        public void A_second_sender_names_the_first_by_user_host_process_and_run_start_and_skips_before_sending()
        {
            // Walkthrough 24, finding 7: the first sender was named by its opaque claim token.
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,RegistrationEmail", "DEV1,ios,a@example.com", "DEV2,ios,b@example.com", "DEV3,ios,c@example.com"));
            long claimedId = Single("DEV1").Id;
            long sentId = Single("DEV2").Id;
            string first = SenderIdentity.NewClaimant();
            Assert.True(_fx.Store.TryClaimCheckInEmail(claimedId, first, DateTimeOffset.UtcNow.AddMinutes(10), "m1@example.com", null));
            Assert.True(_fx.Store.TryClaimCheckInEmail(sentId, first, DateTimeOffset.UtcNow.AddMinutes(10), "m2@example.com", null));
            Assert.True(_fx.Store.FinishCheckInEmailClaim(sentId, first, CheckInEmailStatus.Sent, DateTimeOffset.UtcNow, "250 ok", null, null));

            using Process self = Process.GetCurrentProcess();
            var settings = new SmtpSettings { Server = "localhost", Port = 1, From = "kitting@example.com", CheckInUrl = "https://checkin.example.com" };
            using var second = new CheckInEmailSender(_fx.Store, settings, CheckInEmailTemplate.Default(CultureInfo.InvariantCulture));

            SendOutcome claimed = second.Skipped(claimedId)!;
            Assert.Equal(SendOutcomeKind.Skipped, claimed.Kind);
            Assert.Matches(
                $@"^Another sender \(user '{System.Text.RegularExpressions.Regex.Escape(Environment.UserName)}' on {System.Text.RegularExpressions.Regex.Escape(Environment.MachineName)}, process {self.Id}, its run started \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d\) is sending email {claimedId}; it is not sent by this run\.$",
                claimed.Reason);
            Assert.DoesNotContain(first, claimed.Reason);
            Assert.Equal($"Email {sentId} is Sent; only Pending emails are sent.", second.Skipped(sentId)!.Reason);
            Assert.Null(second.Skipped(Single("DEV3").Id));

            // Send says the same without trying (no SMTP server listens on port 1).
            Assert.Equal(claimed.Reason, second.Send(claimedId, System.Threading.CancellationToken.None).Reason);
        }

        [Fact]
        public void A_claimant_of_an_earlier_form_is_named_by_its_machine_and_process()
        {
            Assert.Equal("on vm, process 8314", SenderIdentity.Describe("vm/8314/639320171162846117/a1f47a02"));
            Assert.Equal("'sender-a'", SenderIdentity.Describe("sender-a"));
        }

        [Fact]
        public void Email_14_1_settings_without_server_sender_or_url_are_refused_naming_what_is_missing()
        {
            CheckInEmailTemplate template = CheckInEmailTemplate.Default(CultureInfo.InvariantCulture);
            BmgException Refused(SmtpSettings settings) =>
                Assert.Throws<BmgException>(() => new CheckInEmailSender(_fx.Store, settings, template));

            Assert.Equal("SmtpServer", Refused(new SmtpSettings { From = "a@example.com", CheckInUrl = "https://x" }).Target);
            Assert.Equal("From", Refused(new SmtpSettings { Server = "localhost", CheckInUrl = "https://x" }).Target);
            BmgException badFrom = Refused(new SmtpSettings { Server = "localhost", From = "nobody", CheckInUrl = "https://x" });
            Assert.Equal(ErrorIds.SmtpSettingsInvalid, badFrom.ErrorId);
            Assert.Contains("'nobody'", badFrom.Message);
            Assert.Equal(ErrorIds.CheckInUrlMissing, Refused(new SmtpSettings { Server = "localhost", From = "a@example.com" }).ErrorId);
            Assert.Equal(465, new SmtpSettings { UseSsl = true }.EffectivePort);
            Assert.Equal(25, new SmtpSettings().EffectivePort);
        }
    }
}
