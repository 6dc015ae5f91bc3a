using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Outbox;

namespace BizMobileGo.PowerShell
{
    /// <summary>Sends the outbox's pending check-in emails through an SMTP server, each at most once per Message-ID.</summary>
    [Cmdlet(VerbsCommunications.Send, "BmgCheckInEmail", SupportsShouldProcess = true, DefaultParameterSetName = "Select")]
    [OutputType(typeof(CheckInEmail))]
    public sealed partial class SendBmgCheckInEmailCommand : BmgCmdlet
    {
        private readonly List<CheckInEmail> _selected = new List<CheckInEmail>();
        private readonly HashSet<long> _selectedIds = new HashSet<long>();

        // Entries piped in as outbox entries: the admin chose each one, so a Failed one among them is sent again.
        private readonly HashSet<long> _handedIn = new HashSet<long>();
        private readonly SortedDictionary<CheckInEmailStatus, int> _handedInNotSent = new SortedDictionary<CheckInEmailStatus, int>();
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        // Devices piped or named whose newest email Failed: not sent again (only a piped outbox entry is), one warning names them.
        private readonly List<string> _devicesFailed = new List<string>();

        // How the warning calls those devices: "piped in", or "named" for -Identifier/-LiteralIdentifier typed.
        private string _devicesGiven = "piped in";
        private bool _anySelection;

        // Emails this run left Pending after temporary failures (a deferred address): each has its warning; the run's end counts them.
        private int _deferred;

        /// <summary>Outbox entries from Get-BmgCheckInEmail.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = "InputObject")]
        public CheckInEmail[]? InputObject { get; set; }

        /// <summary>Only the emails of these devices; wildcards allowed. Binds piped names and the Identifier of piped objects that name the device now.</summary>
        // By value too, only so that the one piping rule (NameNotObject, PipedDeviceObjects) sees each piped object whole:
        // sending changes the device's email, and by property name alone a history entry piped here sent the email of
        // whatever device bears its old name now. A piped outbox entry still binds -InputObject (by value, as it is).
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "Select")]
        [NameNotObject(nameof(Identifier), "Send-BmgCheckInEmail", Use = PipedUse.Change)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(CheckInEmailIdentifierCompleter))]
        public string[]? Identifier { get; set; }

        /// <summary>Only the emails of these devices, taken exactly as typed (never a pattern); with -Identifier, emails matching either.</summary>
        [Parameter(ParameterSetName = "Select")]
        [NoScriptBlock]
        [ArgumentCompleter(typeof(CheckInEmailIdentifierCompleter))]
        public string[]? LiteralIdentifier { get; set; }

        /// <summary>Only the emails to this address; wildcards allowed.</summary>
        [Parameter(ParameterSetName = "Select")]
        [NoScriptBlock]
        [SupportsWildcards]
        public string? Recipient { get; set; }

        /// <summary>The SMTP server; default $env:BMG_SMTP_SERVER.</summary>
        [Parameter]
        [NoScriptBlock]
        [Alias("ComputerName")]
        [ValidateNotNullOrEmpty]
        public string? SmtpServer { get; set; }

        /// <summary>The SMTP port; default 25, or 465 with -UseSsl.</summary>
        [Parameter]
        [ValidateRange(1, 65535)]
        public int Port { get; set; }

        /// <summary>The sender address; default $env:BMG_SMTP_FROM.</summary>
        [Parameter]
        [NoScriptBlock]
        [ValidateNotNullOrEmpty]
        public string? From { get; set; }

        /// <summary>The account to authenticate with.</summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>TLS required, as with Send-MailMessage: from the first byte on port 465, by STARTTLS on any other port.</summary>
        [Parameter]
        public SwitchParameter UseSsl { get; set; }

        /// <summary>Allows clear text to a server that isn't on this machine and offers no TLS.</summary>
        [Parameter]
        public SwitchParameter AllowUnencryptedConnection { get; set; }

        /// <summary>The language of the built-in template; default the session's UI culture.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(CultureCompleter))]
        public CultureInfo? Culture { get; set; }

        /// <summary>A custom template file.</summary>
        [Parameter]
        [NoScriptBlock]
        [ValidateNotNullOrEmpty]
        public string? TemplatePath { get; set; }

        /// <summary>The check-in URL the template shows; default $env:BMG_CHECKIN_URL.</summary>
        [Parameter]
        [NoScriptBlock]
        [ValidateNotNullOrEmpty]
        public string? CheckInUrl { get; set; }

        /// <summary>The most attempts an email gets over all runs.</summary>
        [Parameter]
        [ValidateRange(1, 100)]
        public int MaxAttempts { get; set; } = 5;

        /// <summary>The most messages a minute; 0 for no limit.</summary>
        [Parameter]
        [ValidateRange(0, 1000000)]
        public int Throttle { get; set; }

        /// <summary>How long the server may take to connect and greet, and to answer each exchange (as Invoke-WebRequest -TimeoutSec).</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 30;

        /// <summary>
        /// Records the selected emails as Sent without sending them: no server is contacted and no message goes out. For emails
        /// another store already sent (a store moved with Export-/Import-BmgDeviceCsv queues them again) or codes given some
        /// other way. Pending emails, and Failed ones piped in; each is asked (-WhatIf, -Confirm) and keeps who marked it in its
        /// StatusReason.
        /// </summary>
        [Parameter]
        public SwitchParameter MarkSent { get; set; }

        /// <summary>Writes each email handled, as it is after the run.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>
        /// A pipeline that carried nothing (<c>@() | Send-BmgCheckInEmail</c>): a selection of nothing, as <c>@() | Remove-Item</c>
        /// removes nothing, never the whole outbox that the bare command line selects.
        /// </summary>
        private bool NothingPiped => !_anySelection && MyInvocation.ExpectingInput;

        protected override void EndProcessingCore()
        {
            SelectPiped();
            if (MarkSent)
            {
                if (!_anySelection)
                {
                    // A pipeline that carried nothing selected nothing, as `@() | Remove-Item` removes nothing: only a command
                    // line with no selection at all is refused. Else a move's step 4 from a store that never sent an email
                    // stopped a script run under Stop before its later lines (walk36, finding 3).
                    if (NothingPiped)
                    {
                        WriteVerbose("Nothing was piped to Send-BmgCheckInEmail -MarkSent; no email was marked sent.");
                        return;
                    }

                    throw CheckInOutbox.MarkSentNeedsSelection();
                }

                MarkSelectedSent();
                return;
            }

            CheckInEmailSender sender = CreateSender();
            const string Activity = "Sending check-in emails";
            try
            {
                for (int index = 0; index < _selected.Count; index++)
                {
                    CheckInEmail email = _selected[index];
                    bool retry = email.Status == CheckInEmailStatus.Failed && _handedIn.Contains(email.Id);
                    if (email.Status != CheckInEmailStatus.Pending && email.Status != CheckInEmailStatus.Sending && !retry)
                    {
                        SayVerbose($"Email {email.Id} to '{email.Recipient}' is {email.Status}; it is not sent again.");
                        if (_handedIn.Contains(email.Id))
                        {
                            _handedInNotSent[email.Status] = _handedInNotSent.GetValueOrDefault(email.Status) + 1;
                        }

                        continue;
                    }

                    WriteProgress(new ProgressRecord(1, Activity, $"{index + 1} of {_selected.Count}: email {email.Id} to {email.Recipient}")
                    {
                        PercentComplete = index * 100 / _selected.Count,
                    });

                    // Decided before the ShouldProcess line, so that its "Performing the operation … Send" is said only for an
                    // email this run goes on to send: one another sender sent or is sending since the selection is named instead.
                    if (sender.Skipped(email.Id, retry) is SendOutcome skipped)
                    {
                        Report(skipped);
                        continue;
                    }

                    CheckInMessage preview = sender.Preview(email);
                    string target = $"email {email.Id} to '{email.Recipient}' for device '{email.Identifier}'";
                    string action = preview.StaleReason != null
                        ? $"Supersede without sending: {preview.StaleReason}"
                        : retry
                        ? $"Send again the failed check-in email '{sender.SubjectWithoutCode(preview)}' ({email.Attempts} attempt{(email.Attempts == 1 ? "" : "s")} so far; {email.StatusReason ?? email.LastError})"
                        : $"Send check-in email '{sender.SubjectWithoutCode(preview)}'";
                    if (!ShouldProcess(target, action))
                    {
                        continue;
                    }

                    SendOutcome outcome;
                    try
                    {
                        outcome = sender.Send(email.Id, _stopping.Token, retryFailed: retry);
                    }
                    catch (BmgException e) when (e.ErrorId == ErrorIds.CheckInEmailNotFound)
                    {
                        // Removed by another process since it was selected: the others are still sent.
                        WriteError(ToErrorRecord(e));
                        continue;
                    }
                    catch (BmgException e)
                    {
                        ThrowTerminatingError(ToErrorRecord(e));
                        return;
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    Report(outcome);
                }
            }
            finally
            {
                sender.Dispose();
                this.TakeDown(new ProgressRecord(1, Activity, "Done") { RecordType = ProgressRecordType.Completed, PercentComplete = 100 });
            }

            if (NothingPiped)
            {
                // Not "the outbox has no pending emails": the outbox was not read, and its pending emails wait for a run
                // that selects them (round 37, fixs37 item 2).
                WriteVerbose("Nothing was piped to Send-BmgCheckInEmail; no email was sent, and the outbox's pending emails were left alone "
                    + "(Send-BmgCheckInEmail with no pipeline and no selection sends them all).");
            }
            else if (!_anySelection && _selected.Count == 0)
            {
                WriteVerbose("The outbox has no pending check-in emails.");
            }

            if (_deferred > 1)
            {
                // The run's summary, so a night of a greylisting relay reads as one line at the end of its log, not only hundreds above it.
                WriteWarning($"{_deferred} emails were deferred (a 4xx reply, such as a greylisted address, or a broken connection) and stay Pending: "
                    + "the next run tries them again. Get-BmgCheckInEmail -Status Pending | Format-List Identifier, Recipient, Attempts, LastError shows them.");
            }

            if (_handedInNotSent.Count != 0)
            {
                // Said once, not per email: piping the whole outbox in is common, and most of it is Sent.
                int count = _handedInNotSent.Values.Sum();
                string states = string.Join(", ", _handedInNotSent.Select(pair => $"{pair.Value} {pair.Key}"));
                WriteWarning($"{count} of the emails piped in {Core.Text.EnglishWords.Was(count)} not sent: {states}. A Sent email is not sent twice (to mail a device again, give it a new code: Set-BmgDevice -Code queues a new email), and a Superseded one "
                    + "was replaced by a newer email of its device (Get-BmgCheckInEmail shows its StatusReason); Pending emails are sent, and Failed ones piped in are sent again. -Verbose names each.");
            }

            if (_devicesFailed.Count != 0)
            {
                // Said once, with the way that works: piping every device in is common. No code in it: names only.
                int count = _devicesFailed.Count;
                string names = string.Join(", ", _devicesFailed.Take(5).Select(name => $"'{name}'")) + (count > 5 ? $" and {count - 5} more" : "");
                WriteWarning($"{count} of the devices {_devicesGiven} {(count == 1 ? "has" : "have")} a Failed check-in email, not sent again: {names}. "
                    + "A device (or -Identifier) sends Pending emails only; to send a Failed one again, pipe its outbox entry: "
                    + $"Get-BmgCheckInEmail -Status Failed -LiteralIdentifier {string.Join(", ", _devicesFailed.Take(5).Select(name => $"'{name.Replace("'", "''")}'"))} | Send-BmgCheckInEmail. -Verbose says why each failed.");
            }
        }

        /// <summary>
        /// -MarkSent: each selected Pending email (a Failed one too when piped in) is recorded as Sent, asked first, with no
        /// server and no template (CheckInOutbox.MarkSentWithoutSending). One warning counts the piped entries not marked.
        /// </summary>
        private void MarkSelectedSent()
        {
            var outbox = new CheckInOutbox(Store);
            var notMarked = new SortedDictionary<CheckInEmailStatus, int>();
            foreach (CheckInEmail email in _selected)
            {
                bool markable = email.Status == CheckInEmailStatus.Pending
                    || (email.Status == CheckInEmailStatus.Failed && _handedIn.Contains(email.Id));
                string target = $"email {email.Id} to '{email.Recipient}' for device '{email.Identifier}'";
                if (!markable)
                {
                    SayVerbose($"Email {email.Id} to '{email.Recipient}' is {email.Status}; it is not marked sent.");
                    notMarked[email.Status] = notMarked.GetValueOrDefault(email.Status) + 1;
                    continue;
                }

                if (!ShouldProcess(target, "Mark as sent without sending (no message goes out: its user must already have the code)"))
                {
                    continue;
                }

                if (!outbox.MarkSentWithoutSending(email.Id, DateTimeOffset.UtcNow, Core.History.ChangeActor.Current))
                {
                    // A sender claimed it, or another run sent, marked or superseded it, since it was selected.
                    CheckInEmail? now = Store.GetCheckInEmail(email.Id);
                    WriteWarning($"Email {email.Id} to '{email.Recipient}' was not marked sent: it is {now?.Status.ToString() ?? "no longer in the outbox"} now.");
                    continue;
                }

                SayVerbose($"Marked email {email.Id} to '{email.Recipient}' for device '{email.Identifier}' as sent; no message went out.");
                if (PassThru && Store.GetCheckInEmail(email.Id) is CheckInEmail marked)
                {
                    WriteObject(marked);
                }
            }

            if (notMarked.Count != 0)
            {
                int count = notMarked.Values.Sum();
                WriteWarning($"{count} of the emails selected {Core.Text.EnglishWords.Was(count)} not marked sent: "
                    + $"{string.Join(", ", notMarked.Select(pair => $"{pair.Value} {pair.Key}"))}. -MarkSent marks Pending emails, and Failed ones piped in; -Verbose names each.");
            }
        }

        private void Report(SendOutcome outcome)
        {
            CheckInEmail email = outcome.Email;
            switch (outcome.Kind)
            {
                case SendOutcomeKind.Sent:
                    SayVerbose($"Sent email {email.Id} to '{email.Recipient}' as <{email.MessageId}>: {email.ServerReply}");
                    if (outcome.Reason != null)
                    {
                        // An earlier try may have been delivered too: the user may hold two copies (StatusReason keeps it).
                        WriteWarning($"Email {email.Id} to '{email.Recipient}' (device '{email.Identifier}') was sent, but an earlier try was handed over to the server "
                            + "and not confirmed: its user may have received it twice (the same Message-ID). Get-BmgCheckInEmail -Status Sent | Where-Object StatusReason -Like '*received it twice*' lists such emails.");
                    }

                    break;
                case SendOutcomeKind.Failed:
                    WriteFailed(outcome, ErrorIds.CheckInEmailRejected, ErrorCategory.ProtocolError);
                    break;
                case SendOutcomeKind.GaveUp:
                    // Failed too, but nobody refused it: its own ErrorId, so a log searched for rejections (addresses to fix)
                    // does not mix in a relay that deferred it until -MaxAttempts ran out (walkthrough 33c, finding 4).
                    WriteFailed(outcome, ErrorIds.CheckInEmailGaveUp, ErrorCategory.LimitsExceeded);
                    break;
                case SendOutcomeKind.Deferred:
                    WriteWarning(outcome.Reason!);
                    _deferred++;
                    break;
                case SendOutcomeKind.Superseded:
                    WriteWarning($"Email {email.Id} to '{email.Recipient}' was not sent: {outcome.Reason}");
                    break;
                case SendOutcomeKind.Held:
                    // Still Pending: its device's check-in would be rejected (the reason names device and rule).
                    WriteWarning(outcome.Reason!);
                    break;
                case SendOutcomeKind.Skipped:
                    WriteVerbose(outcome.Reason);
                    return;
            }

            if (PassThru)
            {
                WriteObject(email);
            }
        }

        /// <summary>An email that ended Failed: one error record, led by its ErrorId, naming the email and why.</summary>
        private void WriteFailed(SendOutcome outcome, string errorId, ErrorCategory category)
        {
            CheckInEmail email = outcome.Email;
            WriteError(new ErrorRecord(new InvalidOperationException(MessageText.Capped($"Email {email.Id} to '{email.Recipient}' (device '{email.Identifier}') failed: {outcome.Reason}")),
                errorId, category, email.Id));
        }

        private CheckInEmailSender CreateSender()
        {
            CultureInfo culture = Culture ?? CultureInfo.CurrentUICulture;
            var settings = new SmtpSettings
            {
                Server = SmtpServer ?? Environment.GetEnvironmentVariable("BMG_SMTP_SERVER") ?? "",
                Port = Port,
                From = From ?? Environment.GetEnvironmentVariable("BMG_SMTP_FROM") ?? "",
                Credential = Credential?.GetNetworkCredential(),
                UseSsl = UseSsl,
                AllowUnencryptedConnection = AllowUnencryptedConnection,
                MaxAttempts = MaxAttempts,
                MessagesPerMinute = Throttle,
                Timeout = TimeSpan.FromSeconds(TimeoutSec),
                CheckInUrl = CheckInUrl ?? NullIfEmpty(Environment.GetEnvironmentVariable("BMG_CHECKIN_URL")),
                CheckInUrlSource = CheckInUrl != null ? "-CheckInUrl" : "$env:BMG_CHECKIN_URL",
            };
            try
            {
                CheckInEmailTemplate template = TemplatePath == null
                    ? CheckInEmailTemplate.Default(culture)
                    : CheckInEmailTemplate.Load(GetUnresolvedProviderPathFromPSPath(TemplatePath), culture);
                // -WhatIf is a dry run of who would get what: it contacts no server, so it needs neither a server nor a sender.
                var sender = new CheckInEmailSender(Store, settings, template, dryRun: WhatIfInEffect) { Connecting = WriteVerbose };
                if (sender.CheckInUrlNotUsed != null)
                {
                    WriteVerbose(sender.CheckInUrlNotUsed);
                }

                return sender;
            }
            catch (BmgException e)
            {
                ThrowTerminatingError(ToErrorRecord(e));
                throw;
            }
        }

        private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

        // Not the base class's stop: a sender stopped mid-send still waits for the store to record what the server accepted
        // (FinishCheckInEmailClaim), so a delivery is never left unrecorded because another writer held the lock just then.
        protected override void StopProcessing() => _stopping.Cancel();
    }
}
