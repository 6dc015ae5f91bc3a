using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using BizMobileGo.Core.CheckIn;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace BizMobileGo.Core.Outbox
{
    /// <summary>
    /// Sends outbox entries through one SMTP connection. Each entry is claimed in the store before it
    /// is sent (so two senders never send the same one), keeps its Message-ID across attempts, and ends
    /// Sent, Failed, Superseded, or Pending again for a later attempt.
    /// </summary>
    public sealed partial class CheckInEmailSender : IDisposable
    {
        private readonly IDeviceStore _store;
        private readonly SmtpSettings _settings;
        private readonly CheckInEmailTemplate _template;
        private readonly Func<DateTimeOffset> _clock;
        // Null only in a dry run given no sender address: it sends nothing (see DryRun).
        private readonly MailboxAddress? _from;

        /// <summary>The sender address; a dry-run sender made without one only previews, and never gets here.</summary>
        private MailboxAddress From => _from ?? throw new InvalidOperationException("A dry-run sender (no sender address) only previews; it sends nothing.");
        private readonly string _claimant = SenderIdentity.NewClaimant();
        private HandoverTrackingSmtpClient? _client;

        /// <summary>The words a LastError carries when the message may have reached the server although no reply said so.</summary>
        public const string MayHaveBeenDelivered = "may have been delivered";

        /// <param name="dryRun">
        /// Only <see cref="Preview"/> will be asked (Send-BmgCheckInEmail -WhatIf: who would get what): no server and no sender
        /// address are needed, since none is contacted or shown. What the messages would carry is still checked (a check-in
        /// URL the template shows), and a sender address given is checked too. <see cref="Send"/> refuses to run.
        /// </param>
        public CheckInEmailSender(IDeviceStore store, SmtpSettings settings, CheckInEmailTemplate template, Func<DateTimeOffset>? clock = null, bool dryRun = false)
        {
            _store = store;
            _settings = settings;
            _template = template;
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
            _from = CheckSettings(settings, template, dryRun);
            // The value checked is the value sent: white space a copy-paste added around the URL is no part of the link.
            _checkInUrl = template.UsesCheckInUrl ? settings.CheckInUrl?.Trim() : null;
            if (!template.UsesCheckInUrl && !string.IsNullOrWhiteSpace(settings.CheckInUrl))
            {
                CheckInUrlNotUsed = $"The template has no {{{{CheckInUrl}}}} placeholder: the check-in URL ({settings.CheckInUrlSource}) is not used, and not checked.";
            }
        }

        private readonly string? _checkInUrl;

        /// <summary>Said (-Verbose) when a check-in URL is set but the template shows none: it is neither used nor checked.</summary>
        public string? CheckInUrlNotUsed { get; }

        private static MailboxAddress? CheckSettings(SmtpSettings settings, CheckInEmailTemplate template, bool dryRun)
        {
            if (string.IsNullOrWhiteSpace(settings.Server) && !dryRun)
            {
                throw new BmgException(ErrorIds.SmtpSettingsInvalid, BmgErrorCategory.InvalidArgument,
                    "No SMTP server: give -SmtpServer, or set $env:BMG_SMTP_SERVER.", "SmtpServer");
            }

            if (string.IsNullOrWhiteSpace(settings.From) && dryRun)
            {
                CheckMessageSettings(settings, template);
                return null;
            }

            if (string.IsNullOrWhiteSpace(settings.From))
            {
                throw new BmgException(ErrorIds.SmtpSettingsInvalid, BmgErrorCategory.InvalidArgument,
                    "No sender address: give -From, or set $env:BMG_SMTP_FROM.", "From");
            }

            if (!MailboxAddress.TryParse(settings.From, out MailboxAddress? from) || from == null || from.Address.IndexOf('@') <= 0)
            {
                throw new BmgException(ErrorIds.SmtpSettingsInvalid, BmgErrorCategory.InvalidArgument,
                    $"The From address '{settings.From}' is not an email address ('user@example.com' or 'Name <user@example.com>').", settings.From);
            }

            CheckMessageSettings(settings, template);
            return from;
        }

        /// <summary>What the messages themselves need (a dry run's previews too): the check-in URL the template shows.</summary>
        private static void CheckMessageSettings(SmtpSettings settings, CheckInEmailTemplate template)
        {
            if (template.UsesCheckInUrl && string.IsNullOrWhiteSpace(settings.CheckInUrl))
            {
                throw new BmgException(ErrorIds.CheckInUrlMissing, BmgErrorCategory.InvalidArgument,
                    "The template has a {{CheckInUrl}} placeholder but no check-in URL is set: give -CheckInUrl, or set $env:BMG_CHECKIN_URL.", "CheckInUrl");
            }

            if (template.UsesCheckInUrl && !CheckInUrl.TryParse(settings.CheckInUrl!, out string? problem))
            {
                // Only a template that shows the URL needs it: one that doesn't sends no link, broken or not (a
                // $env:BMG_CHECKIN_URL set for another template must not stop these emails).
                throw new BmgException(ErrorIds.CheckInUrlInvalid, BmgErrorCategory.InvalidArgument,
                    $"The check-in URL '{FieldText.Printable(settings.CheckInUrl!)}' ({settings.CheckInUrlSource}) is not valid: {CheckInUrl.Rule}, and {problem}; "
                    + "the emails would carry a broken link. Nothing was sent.", settings.CheckInUrl!);
            }
        }

        /// <summary>The entry as it would be sent now, for -WhatIf and to check it is still current.</summary>
        public CheckInMessage Preview(CheckInEmail email) => CheckInMessage.For(_store, email, _template, _checkInUrl);

        /// <summary>
        /// The store's email of a piped one's Id, when it is that email: the same device (Identifier) and the same recipient.
        /// Ids are per store (every store has an email 4), so a piped email read from another store's outbox named another
        /// customer's email here, and sending it sent another person their code (walkthrough 29, finding 1). Whatever store
        /// the piped email says it came from (PipedFromOtherStore is the cmdlet's first guard, and a command given -Database
        /// does as told), one whose device or recipient differs from the stored email's is refused: CheckInEmailMismatch;
        /// one the outbox lacks: CheckInEmailNotFound. The message names the Id and devices, never a code.
        /// </summary>
        public static CheckInEmail StoredAsPiped(IDeviceStore store, CheckInEmail piped)
        {
            CheckInEmail? stored = store.GetCheckInEmail(piped.Id);
            if (stored == null)
            {
                // Piped from another store's outbox, or removed since: nothing of this store to send.
                throw new BmgException(ErrorIds.CheckInEmailNotFound, BmgErrorCategory.ObjectNotFound,
                    $"There is no check-in email {piped.Id} (device '{FieldText.Printable(piped.Identifier)}', to '{FieldText.Printable(piped.Recipient)}') {SearchedStore.In(store)}.", piped.Id);
            }

            bool sameDevice = DeviceIdentifier.Comparer.Equals(stored.Identifier, piped.Identifier);
            if (sameDevice && string.Equals(stored.Recipient, piped.Recipient, StringComparison.OrdinalIgnoreCase))
            {
                return stored;
            }

            string differs = sameDevice
                ? $"which is to '{FieldText.Printable(stored.Recipient)}'"
                : $"which is for device '{FieldText.Printable(stored.Identifier)}'";
            throw new BmgException(ErrorIds.CheckInEmailMismatch, BmgErrorCategory.InvalidArgument,
                $"The piped check-in email {piped.Id} (device '{FieldText.Printable(piped.Identifier)}', to '{FieldText.Printable(piped.Recipient)}') "
                + $"is not the email {piped.Id} of {SearchedStore.Named(store.Location)}, {differs}; nothing was sent for it. Check-in email Ids are "
                + "per store: an email read from another store's outbox names another device's email here (and one read before its "
                + "device was renamed or its address changed is out of date). Read the email again from the store that holds it "
                + "(Get-BmgCheckInEmail -Identifier <device> -Database <that store>) and pipe that.", piped.Id);
        }

        /// <summary>The subject as -WhatIf and progress show it: the code masked.</summary>
        public string SubjectWithoutCode(CheckInMessage message) => _template.RenderSubject(message.Values, hideCode: true);

        /// <summary>
        /// Sends one entry, retrying temporary failures within the run. Throws a BmgException when the
        /// whole run can't go on (connection, TLS, authentication); the entry is then Pending again (after a server that
        /// could not be reached, with the attempt counted and the reason in LastError).
        /// With <paramref name="retryFailed"/>, an entry that is Failed is sent again (see <see cref="RetryFailed"/>).
        /// </summary>
        public SendOutcome Send(long id, CancellationToken cancellation, bool retryFailed = false)
        {
            int maxAttempts = _settings.MaxAttempts;
            bool sentAgain = false;   // a Failed email handed back: this run's tries, then Failed again (RetryFailed)
            for (int attemptInRun = 1; ; attemptInRun++)
            {
                CheckInEmail? current = _store.GetCheckInEmail(id);
                if (current == null)
                {
                    throw new BmgException(ErrorIds.CheckInEmailNotFound, BmgErrorCategory.ObjectNotFound, $"There is no check-in email {id} {SearchedStore.In(_store)}.", id);
                }

                if (attemptInRun == 1 && Held(current, retryFailed) is SendOutcome held)
                {
                    return held;
                }

                if (retryFailed && attemptInRun == 1 && current.Status == CheckInEmailStatus.Failed)
                {
                    SendOutcome? refused = RetryFailed(current, out current);
                    if (refused != null)
                    {
                        return refused;
                    }

                    maxAttempts = Math.Max(maxAttempts, current.Attempts + _settings.AttemptsPerRun);
                    sentAgain = true;
                }

                if (SkipReason(current, out string? staleClaim) is SendOutcome skipped)
                {
                    return skipped;
                }

                SendOutcome? outcome = ClaimAndSend(current, staleClaim, maxAttempts, sentAgain, cancellation);
                if (outcome != null)
                {
                    return outcome;
                }

                // A temporary failure: the entry is Pending again, with the reply in LastError.
                if (attemptInRun >= _settings.AttemptsPerRun)
                {
                    CheckInEmail deferred = _store.GetCheckInEmail(id)!;
                    return new SendOutcome(SendOutcomeKind.Deferred, deferred,
                        $"Email {id} to '{deferred.Recipient}' failed {attemptInRun} times in this run ({deferred.LastError}); the next run tries again.");
                }

                Wait(TimeSpan.FromTicks(_settings.RetryDelay.Ticks << (attemptInRun - 1)), cancellation);
            }
        }

        /// <summary>
        /// What a run stopped by the server says of the emails: the one tried counted its attempt, the rest were not tried. An
        /// email that attempt made Failed is named with why, since the nightly run never sends a Failed email again.
        /// </summary>
        private static string RunStopped(CheckInEmail tried) =>
            $"The run stopped: email {tried.Id} counted this attempt and is {tried.Status}"
            + (tried.Status == CheckInEmailStatus.Failed
                ? $" ({tried.StatusReason?.Split(';')[0]}): no later run sends it by itself; once the server takes mail, "
                    + $"Get-BmgCheckInEmail -Status Failed -LiteralIdentifier '{tried.Identifier}' | Send-BmgCheckInEmail sends it"
                : "")
            + "; the emails after it were not tried and stay as they were, for the next run (Get-BmgCheckInEmail -Unsent lists them).";

        /// <summary>
        /// For an email being marked Sent: what its LastError said of an earlier try handed over and never confirmed (it may
        /// have been delivered, <see cref="AfterHandover"/>), as the Sent entry's StatusReason; null when no such try was made.
        /// </summary>
        private static string? MayHaveBeenDeliveredBefore(CheckInEmail claimed) =>
            claimed.LastError != null && claimed.LastError.Contains(MayHaveBeenDelivered, StringComparison.Ordinal)
                ? $"Sent, but an earlier try was handed over to the server and not confirmed, so its user may have received it twice (the same Message-ID): {claimed.LastError}"
                : null;

        /// <summary>
        /// The outcome <see cref="Send"/> would give the entry without trying it, as the store holds it now: another sender
        /// sent or is sending it, or it is no longer Pending; null when Send would try it (or the entry is gone: Send says so).
        /// Asked before the cmdlet's ShouldProcess line, so that "Performing the operation … Send" is said only for an email
        /// this run sends (walkthrough 24, finding 7). One read of the entry; Send decides again under its claim.
        /// </summary>
        public SendOutcome? Skipped(long id, bool retryFailed = false)
        {
            CheckInEmail? current = _store.GetCheckInEmail(id);
            if (current == null)
            {
                return null;
            }

            if (retryFailed && current.Status == CheckInEmailStatus.Failed)
            {
                return Held(current, retryFailed);
            }

            return SkipReason(current, out _) ?? Held(current, retryFailed);
        }

        /// <summary>
        /// Held, not sent (walkthrough 31b, 6): an email that this run would send (Pending, or Failed to send again) whose device's
        /// check-in would be rejected whatever the user does, by the rule the check-in applies (<see cref="CheckInService.WhyCheckInWouldFail"/>:
        /// its DEP serial released by Apple, not an iOS device, another record's). The code would only lead the user to a
        /// refusal, so it stays unsent and as it is, named in a warning each run: the admin gives the device a DEP serial it can
        /// check in as (Set-BmgDeviceDepEnrollment) or Apple lists the serial again, and the next run sends it. Unlike a
        /// superseded email its code is still the device's; an email that is stale (<see cref="CheckInMessage.StaleReason"/>)
        /// is left to be superseded. Null when the email is not held.
        /// </summary>
        private SendOutcome? Held(CheckInEmail current, bool retryFailed)
        {
            if (current.Status != CheckInEmailStatus.Pending && !(retryFailed && current.Status == CheckInEmailStatus.Failed))
            {
                return null;
            }

            Device? device = _store.GetDevice(current.Identifier);
            if (device == null || Preview(current).StaleReason != null || CheckInService.WhyCheckInWouldFail(_store, device) is not string why)
            {
                return null;
            }

            return new SendOutcome(SendOutcomeKind.Held, current,
                $"Email {current.Id} to '{current.Recipient}' for device '{device.Identifier}' was not sent and stays {current.Status}: the device's check-in would be rejected, "
                + $"because {why}. Give the device a DEP serial it can check in as (Set-BmgDeviceDepEnrollment -Serial), and a later run sends the email.");
        }

        /// <summary>
        /// Why an entry is not sent as it is: claimed by a sender still at work (named as <see cref="SenderIdentity.Describe(string?)"/>
        /// says it), or not Pending. Null when it may be claimed; <paramref name="staleClaim"/> is then a claim left behind, to take over.
        /// </summary>
        private SendOutcome? SkipReason(CheckInEmail current, out string? staleClaim)
        {
            staleClaim = null;
            if (current.Status == CheckInEmailStatus.Sending)
            {
                if (!SenderIdentity.IsAbandoned(current.ClaimedBy, current.ClaimedUntil, _clock()))
                {
                    return new SendOutcome(SendOutcomeKind.Skipped, current,
                        $"Another sender ({SenderIdentity.Describe(current.ClaimedBy)}) is sending email {current.Id}; it is not sent by this run.");
                }

                staleClaim = current.ClaimedBy;
            }
            else if (current.Status != CheckInEmailStatus.Pending)
            {
                return new SendOutcome(SendOutcomeKind.Skipped, current, $"Email {current.Id} is {current.Status}; only Pending emails are sent.");
            }

            return null;
        }

        /// <summary>
        /// Makes a Failed entry Pending again, for an admin who hands it back to the sender (Get-BmgCheckInEmail -Status Failed |
        /// Send-BmgCheckInEmail): it keeps its Attempts, Message-ID and LastError, and gets this run's attempts on top of those it
        /// used (so an entry that used up -MaxAttempts is tried again, not failed at once); if they fail too it is Failed again,
        /// not left for the nightly run. An outcome when it can't be retried (another sender took it first), else null.
        /// </summary>
        private SendOutcome? RetryFailed(CheckInEmail failed, out CheckInEmail current)
        {
            bool requeued = _store.RequeueFailedCheckInEmail(failed.Id);
            current = _store.GetCheckInEmail(failed.Id) ?? failed;
            if (!requeued && current.Status != CheckInEmailStatus.Pending)
            {
                return new SendOutcome(SendOutcomeKind.Skipped, current, $"Email {failed.Id} is {current.Status} now; it was not retried.");
            }

            return null;
        }

        /// <summary>
        /// Claims the entry and sends it once (<see cref="SendClaimed"/>), or says another sender took it first. A stop during a
        /// round trip of the store in between (PostgreSQL's are cancelled by it) may come once the server committed the claim:
        /// the claim's own answer cancelled on its way back, the reads after it, or a write that was to end the claim. The
        /// sender then never reached (or left) the catch that puts a stopped email back, and the email stayed Sending,
        /// unsendable until its claim went stale (claim47: round 46's CI saw it, a stop as the claim committed). So any stop
        /// here releases the claim if it is still this sender's (<see cref="ReleaseStoppedClaim"/>) before the stop goes on;
        /// after SendClaimed's own release that compare-and-set changes nothing.
        /// </summary>
        private SendOutcome? ClaimAndSend(CheckInEmail current, string? staleClaim, int maxAttempts, bool sentAgain, CancellationToken cancellation)
        {
            long id = current.Id;
            string newMessageId = $"bmg-checkin.{id}.{Guid.NewGuid():N}@{From.Domain}";
            try
            {
                if (!_store.TryClaimCheckInEmail(id, _claimant, _clock() + _settings.ClaimLease, newMessageId, staleClaim))
                {
                    return new SendOutcome(SendOutcomeKind.Skipped, _store.GetCheckInEmail(id) ?? current, $"Another sender took email {id} first.");
                }

                return SendClaimed(_store.GetCheckInEmail(id)!, maxAttempts, sentAgain, cancellation);
            }
            catch (OperationCanceledException)
            {
                ReleaseStoppedClaim(id);
                throw;
            }
        }

        /// <summary>
        /// Puts an email whose claim a stop may have left behind back to Pending, its attempt not counted, as for a stop before
        /// the message reached the SMTP server (where such a stop lands: the claim, the reads before the send; a stop on the
        /// very write that records a try's failure loses that try's count, a lesser harm than an email stuck Sending). One
        /// compare-and-set on this sender's claim, so it changes nothing when the claim never committed or was ended. Made
        /// after the stop, it is not cancelled but waited for at most <see cref="StoreWait.AfterStop"/> (PostgreSQL's round
        /// trips after a stop). A store that can't be written then leaves the claim to go stale, as before; the user is told
        /// of the stop, as for any stop.
        /// </summary>
        private void ReleaseStoppedClaim(long id)
        {
            try
            {
                _store.FinishCheckInEmailClaim(id, _claimant, CheckInEmailStatus.Pending, null, null, null, null, uncountAttempt: true);
            }
            catch (BmgException)
            {
                // The store is unavailable after the stop: the stop is what the command ends with.
            }
        }

        /// <summary>
        /// Sends a claimed entry once: an outcome, or null after a temporary failure to try again in this run (the entry is
        /// Pending again). <paramref name="sentAgain"/>: a Failed email handed back, whose run's tries all count (RetryFailed).
        /// </summary>
        private SendOutcome? SendClaimed(CheckInEmail claimed, int maxAttempts, bool sentAgain, CancellationToken cancellation)
        {
            CheckInMessage message = Preview(claimed);
            if (message.StaleReason != null)
            {
                Finish(claimed, CheckInEmailStatus.Superseded, null, null, null, message.StaleReason, uncount: true);
                return new SendOutcome(SendOutcomeKind.Superseded, Reread(claimed), message.StaleReason);
            }

            if (claimed.Attempts > maxAttempts)
            {
                string reason = GaveUp(claimed.Attempts - 1, maxAttempts) + ".";
                Finish(claimed, CheckInEmailStatus.Failed, null, null, null, reason, uncount: true);
                return new SendOutcome(SendOutcomeKind.GaveUp, Reread(claimed), reason);
            }

            HandoverTrackingSmtpClient? client = null;
            try
            {
                client = Connected(cancellation);
                client.StartMessage();   // before the throttle's pause: a stop there hands nothing over, whatever the last message did
                Throttle(cancellation);
                MimeMessage composed = Compose(claimed, message);
                string reply;
                try
                {
                    reply = WithinTimeout(token => client.Send(composed, token), cancellation);
                }
                catch (SmtpCommandException e) when (e.StatusCode == SmtpStatusCode.ServiceNotAvailable && client.MessagesAccepted > 0)
                {
                    // A 421 after the connection carried messages: the relay's limit of messages per connection (Exchange,
                    // Postfix's smtpd_client_message_rate_limit), not a deferral of the sender. Once, on a fresh connection,
                    // within this email's attempt; a 421 there (no message accepted on it yet) ends the run as any 421 does.
                    Drop();
                    client = Connected(cancellation);
                    client.StartMessage();
                    reply = WithinTimeout(token => client.Send(composed, token), cancellation);
                }

                // Sent, but an earlier try handed the message over and heard no reply (a relay that stored it and hung up):
                // the user may now hold two copies. LastError goes with the Sent state, so the fact stays in StatusReason and
                // is said as the run's warning (walkthrough 42, finding 2: it was said nowhere once the retry succeeded).
                string? twice = MayHaveBeenDeliveredBefore(claimed);
                string sentBy = CheckInOutbox.SentReason(History.ChangeActor.Current);
                Finish(claimed, CheckInEmailStatus.Sent, _clock(), "250 " + reply, null, twice == null ? sentBy : sentBy + " " + twice);
                return new SendOutcome(SendOutcomeKind.Sent, Reread(claimed), twice);
            }
            catch (BmgException e) when (e.ErrorId == ErrorIds.SmtpConnectionFailed && UnknownHostName.Is(e.InnerException))
            {
                // A server name that does not exist is the run's setting, as TLS or authentication: no email is at fault, so no
                // attempt counts (walkthrough 42, finding 1: a mistyped $env:BMG_SMTP_SERVER made the first email Failed after
                // -MaxAttempts nights, though it never reached a server). LastError still keeps why: the nightly run's trace.
                Finish(claimed, CheckInEmailStatus.Pending, null, null, KeepingHandover(e.Message, claimed.LastError), null, uncount: true);
                throw;
            }
            catch (BmgException e) when (e.ErrorId == ErrorIds.SmtpConnectionFailed)
            {
                // The server could not be reached (refused, timed out): the run can't go on, but this email was tried, so it
                // counts the attempt and keeps why in LastError, as after a connection broken mid-send (one rule:
                // TemporaryFailure). A nightly run that never reached the server leaves that trace in the store, not only in
                // its log. The message names the server and the socket's reason, never a credential. When that attempt was
                // its last, the stop says so: the email is Failed now, and no later run sends it by itself.
                if (TemporaryFailure(claimed, maxAttempts, e.Message) is SendOutcome gaveUp)
                {
                    throw new BmgException(e.ErrorId, e.Category, $"{e.Message.TrimEnd('.')}. {RunStopped(gaveUp.Email)}", e.Target, e.InnerException);
                }

                throw;
            }
            catch (BmgException)
            {
                // The run can't go on because of its settings (TLS, authentication, the From address): no email is at
                // fault, so the entry waits, its attempt not counted.
                Finish(claimed, CheckInEmailStatus.Pending, null, null, null, null, uncount: true);
                throw;
            }
            catch (OperationCanceledException)
            {
                // Stopped (Ctrl+C). Before a recipient was accepted nothing of the message reached the server (connecting, the
                // greeting, a pause between tries, MAIL FROM): no attempt of the email, which keeps its LastError. After it, the
                // message may or may not have gone out: the attempt counts, and LastError says it may have been delivered; the
                // next run sends it with the same Message-ID.
                if (client?.MayHaveHandedOver == true)
                {
                    Finish(claimed, CheckInEmailStatus.Pending, null, null,
                        $"The run was stopped after the message was handed to the server, before it confirmed it: it {MayHaveBeenDelivered}, and the next run sends it again.", null);
                }
                else
                {
                    Finish(claimed, CheckInEmailStatus.Pending, null, null, null, null, uncount: true);
                }

                Drop();
                throw;
            }
            catch (TimeoutException e)
            {
                // Connected, and then the server stopped answering (it stored the message and never replied, or sits on a
                // command): every email would wait as long, so the run ends, as when the server can't be reached.
                string error = AfterHandover($"The SMTP server '{ServerName}' {e.Message}", client);
                Drop();
                TemporaryFailure(claimed, maxAttempts, error);
                throw new BmgException(ErrorIds.SmtpConnectionFailed, BmgErrorCategory.ConnectionError,
                    $"The SMTP server '{ServerName}' {e.Message} while email {claimed.Id} was being sent. {RunStopped(Reread(claimed))}", _settings.Server, e);
            }
            catch (SmtpCommandException e) when (DefersTheSession(e))
            {
                // A 4xx to the greeting, EHLO or MAIL FROM (a rate limit of the sender), or a 421 (the server is closing the
                // session): not this email's matter, and every email after it would get the same reply and spend its attempts;
                // one try counts, the run ends.
                TemporaryFailure(claimed, maxAttempts, SmtpFailureText.Reply(e));
                Drop();
                throw new BmgException(ErrorIds.SmtpServerDeferred, BmgErrorCategory.ResourceUnavailable,
                    $"The SMTP server '{ServerName}' refuses to take mail now: {SmtpFailureText.Reply(e)}. {RunStopped(Reread(claimed))}", _settings.Server, e);
            }
            catch (Exception e) when (e is ServiceNotAuthenticatedException
                || (e is SmtpCommandException command && command.StatusCode == SmtpStatusCode.AuthenticationRequired))
            {
                Finish(claimed, CheckInEmailStatus.Pending, null, null, null, null, uncount: true);
                throw new BmgException(ErrorIds.SmtpAuthenticationRequired, BmgErrorCategory.PermissionDenied,
                    $"The SMTP server '{_settings.Server}:{_settings.EffectivePort}' requires authentication ({e.Message.Trim()}); give -Credential. Nothing was sent.", _settings.Server, e);
            }
            catch (SmtpCommandException e) when ((int)e.StatusCode >= 500 && e.ErrorCode == SmtpErrorCode.SenderNotAccepted)
            {
                // The From address is refused: every email would fail the same way, and none of them is at fault.
                Finish(claimed, CheckInEmailStatus.Pending, null, null, null, null, uncount: true);
                throw new BmgException(ErrorIds.SmtpSettingsInvalid, BmgErrorCategory.InvalidArgument,
                    $"The SMTP server '{_settings.Server}:{_settings.EffectivePort}' refused the From address '{From.Address}': {SmtpFailureText.Reply(e)}. Nothing was sent.", "From", e);
            }
            catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
            {
                string reply = SmtpFailureText.Reply(e);
                Finish(claimed, CheckInEmailStatus.Failed, null, null, reply, $"The server refused the message for good: {reply}");
                return new SendOutcome(SendOutcomeKind.Failed, Reread(claimed), reply);
            }
            catch (SmtpCommandException e) when (e.ErrorCode == SmtpErrorCode.RecipientNotAccepted && !sentAgain)
            {
                // A 4xx to RCPT TO: the server defers this address (greylisting, a full mailbox), not the sender, so the run goes
                // on with the others (thirty-fourth round, left34b: a relay that greylists every new recipient stopped each
                // night's run after 3 of them). Not tried again in this run: the reply holds for minutes or hours (a greylist
                // lets a retry through only after its delay), so a try seconds later would only spend an attempt. One attempt
                // counts; the next run tries again. A Failed email handed back gets its run's tries, as for any temporary
                // failure, and is Failed again after them: the admin asked for it now, not the nightly run (RetryFailed).
                string reply = SmtpFailureText.Reply(e);
                return TemporaryFailure(claimed, maxAttempts, reply)
                    ?? new SendOutcome(SendOutcomeKind.Deferred, Reread(claimed),
                        $"Email {claimed.Id} to '{claimed.Recipient}' was deferred by the server ({reply}); it stays Pending, and the next run tries again "
                        + "(a deferred address is not tried again in the same run).");
            }
            catch (Exception e) when (e is SmtpCommandException || e is SmtpProtocolException || e is IOException || e is SocketException
                || e is ServiceNotConnectedException || e is TimeoutException)
            {
                string error = e is SmtpCommandException ? SmtpFailureText.Of(e) : AfterHandover($"Connection to '{_settings.Server}' failed: {SmtpFailureText.Of(e)}", client);
                if (!(e is SmtpCommandException))
                {
                    Drop();
                }

                return TemporaryFailure(claimed, maxAttempts, error);
            }
        }

        /// <summary>
        /// A claimed email's try failed for a reason that may pass (4xx, a broken connection, a server that could not be
        /// reached): its attempt counts and LastError keeps <paramref name="error"/>; Pending again for a later try, or
        /// Failed once <paramref name="maxAttempts"/> are used. The Failed outcome, or null when it is Pending again.
        /// </summary>
        private SendOutcome? TemporaryFailure(CheckInEmail claimed, int maxAttempts, string error)
        {
            error = KeepingHandover(error, claimed.LastError);
            if (claimed.Attempts >= maxAttempts)
            {
                string reason = $"{GaveUp(claimed.Attempts, maxAttempts)}; the last: {error}";
                Finish(claimed, CheckInEmailStatus.Failed, null, null, error, reason);
                return new SendOutcome(SendOutcomeKind.GaveUp, Reread(claimed), reason);
            }

            Finish(claimed, CheckInEmailStatus.Pending, null, null, error, null);
            return null;
        }

        /// <summary>
        /// Why an email is Failed after <paramref name="attempts"/> temporary failures, naming the limit that was reached:
        /// -MaxAttempts, or for a Failed email sent again (piped back in), this run's attempts on top of those it had used.
        /// </summary>
        private string GaveUp(int attempts, int maxAttempts) => maxAttempts == _settings.MaxAttempts
            ? $"Gave up after {attempts} attempts (-MaxAttempts {_settings.MaxAttempts})"
            : $"Gave up after {attempts} attempts (sent again after it had failed: this run's {_settings.AttemptsPerRun} attempts were used up)";

        /// <summary>
        /// The server defers the sender or the session, not one address or message: a 421 to anything (the greeting included:
        /// "service not available, try later"), or any other 4xx that is not the reply to RCPT TO or to the message (the
        /// greeting, EHLO, MAIL FROM). The one rule of what ends a run; a 4xx to RCPT TO defers that email only.
        /// </summary>
        private static bool DefersTheSession(SmtpCommandException e) =>
            (int)e.StatusCode >= 400 && (int)e.StatusCode < 500
            && (e.StatusCode == SmtpStatusCode.ServiceNotAvailable
                || (e.ErrorCode != SmtpErrorCode.RecipientNotAccepted && e.ErrorCode != SmtpErrorCode.MessageNotAccepted));

        /// <summary>
        /// The error of a try that broke after a recipient was accepted (the message's content followed, and the server may have
        /// stored it although no reply said so): it says the email may have been delivered, so an admin can tell which one
        /// may reach its user twice when it is sent again (walkthrough 33c, finding 3).
        /// </summary>
        private static string AfterHandover(string error, HandoverTrackingSmtpClient? client) => client?.MayHaveHandedOver == true
            ? $"{error.TrimEnd('.')}, after the message was handed over: it {MayHaveBeenDelivered}, and sending it again may deliver it twice"
            : error;

        /// <summary>
        /// <paramref name="error"/>, keeping what an earlier try's LastError said of a message that may have been delivered: a
        /// reconnect that failed next overwrote it, and nothing told the admin any more which email may arrive twice.
        /// </summary>
        private static string KeepingHandover(string error, string? lastError)
        {
            if (lastError == null || !lastError.Contains(MayHaveBeenDelivered, StringComparison.Ordinal) || error.Contains(MayHaveBeenDelivered, StringComparison.Ordinal))
            {
                return error;
            }

            const string Earlier = "; an earlier try: ";
            int at = lastError.IndexOf(Earlier, StringComparison.Ordinal);
            return error + Earlier + (at < 0 ? lastError : lastError.Substring(at + Earlier.Length));
        }

        private void Finish(CheckInEmail claimed, CheckInEmailStatus status, DateTimeOffset? sentAt, string? reply, string? error, string? reason, bool uncount = false) =>
            _store.FinishCheckInEmailClaim(claimed.Id, _claimant, status, sentAt, reply, error, reason, uncount);

        private CheckInEmail Reread(CheckInEmail email) => _store.GetCheckInEmail(email.Id) ?? email;

        private MimeMessage Compose(CheckInEmail email, CheckInMessage content)
        {
            var message = new MimeMessage();
            message.From.Add(From);
            message.To.Add(new MailboxAddress("", email.Recipient));
            message.Subject = _template.RenderSubject(content.Values);
            message.MessageId = email.MessageId ?? throw new InvalidOperationException($"Email {email.Id} was claimed without a Message-ID.");
            message.Date = _clock();
            message.Headers.Add("Content-Language", _template.Language);
            message.Headers.Add("X-BizMobileGo-Email-Id", email.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var body = new BodyBuilder
            {
                TextBody = _template.RenderText(content.Values),
                HtmlBody = _template.RenderHtml(content.Values),
            };
            message.Body = body.ToMessageBody();
            return message;
        }

        /// <summary>The server as messages name it: host and port.</summary>
        private string ServerName => $"{_settings.Server}:{_settings.EffectivePort}";

        private static void Wait(TimeSpan delay, CancellationToken cancellation)
        {
            if (cancellation.WaitHandle.WaitOne(delay))
            {
                cancellation.ThrowIfCancellationRequested();
            }
        }

        public void Dispose()
        {
            if (_client != null && _client.IsConnected)
            {
                try
                {
                    _client.Disconnect(true);
                }
                catch (Exception e) when (e is IOException || e is SocketException || e is SmtpProtocolException || e is SmtpCommandException)
                {
                    // The messages are sent; a failed QUIT changes nothing.
                }
            }

            Drop();
        }
    }
}
