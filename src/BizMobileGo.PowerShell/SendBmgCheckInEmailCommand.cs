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
    public sealed class SendBmgCheckInEmailCommand : BmgCmdlet
    {
        private readonly List<CheckInEmail> _selected = new List<CheckInEmail>();
        private readonly HashSet<long> _selectedIds = new HashSet<long>();
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private bool _anySelection;

        /// <summary>Outbox entries from Get-BmgCheckInEmail.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = "InputObject")]
        public CheckInEmail[]? InputObject { get; set; }

        /// <summary>Only the emails of these devices; wildcards allowed.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = "Select")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string[]? Identifier { get; set; }

        /// <summary>Only the emails to this address; wildcards allowed.</summary>
        [Parameter(ParameterSetName = "Select")]
        [SupportsWildcards]
        public string? Recipient { get; set; }

        /// <summary>The SMTP server; default $env:BMG_SMTP_SERVER.</summary>
        [Parameter]
        [Alias("ComputerName")]
        [ValidateNotNullOrEmpty]
        public string? SmtpServer { get; set; }

        /// <summary>The SMTP port; default 25, or 465 with -UseSsl.</summary>
        [Parameter]
        [ValidateRange(1, 65535)]
        public int Port { get; set; }

        /// <summary>The sender address; default $env:BMG_SMTP_FROM.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? From { get; set; }

        /// <summary>The account to authenticate with.</summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>TLS from the first byte (SMTPS).</summary>
        [Parameter]
        public SwitchParameter UseSsl { get; set; }

        /// <summary>Allows clear text to a server that isn't on this machine and offers no TLS.</summary>
        [Parameter]
        public SwitchParameter AllowUnencryptedConnection { get; set; }

        /// <summary>The language of the built-in template; default the session's UI culture.</summary>
        [Parameter]
        public CultureInfo? Culture { get; set; }

        /// <summary>A custom template file.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TemplatePath { get; set; }

        /// <summary>The check-in URL the template shows; default $env:BMG_CHECKIN_URL.</summary>
        [Parameter]
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

        /// <summary>Writes each email handled, as it is after the run.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (InputObject != null)
            {
                _anySelection = true;
                foreach (CheckInEmail email in InputObject)
                {
                    Select(Store.GetCheckInEmail(email.Id) ?? email);
                }

                return;
            }

            if (Identifier == null && PipedWithoutKey)
            {
                return;
            }

            _anySelection |= Identifier != null || Recipient != null || PipedWithoutKey;
            var identifiers = Identifier?.Select(id => new WildcardPattern(id, WildcardOptions.IgnoreCase)).ToList();
            var recipient = Recipient == null ? null : new WildcardPattern(Recipient, WildcardOptions.IgnoreCase);
            foreach (CheckInEmail email in Store.GetUnsentCheckInEmails())
            {
                if ((identifiers == null || identifiers.Any(pattern => pattern.IsMatch(email.Identifier)))
                    && (recipient == null || recipient.IsMatch(email.Recipient)))
                {
                    Select(email);
                }
            }
        }

        private void Select(CheckInEmail email)
        {
            if (_selectedIds.Add(email.Id))
            {
                _selected.Add(email);
            }
        }

        protected override void EndProcessing()
        {
            CheckInEmailSender sender = CreateSender();
            const string Activity = "Sending check-in emails";
            try
            {
                for (int index = 0; index < _selected.Count; index++)
                {
                    CheckInEmail email = _selected[index];
                    if (email.Status != CheckInEmailStatus.Pending && email.Status != CheckInEmailStatus.Sending)
                    {
                        WriteVerbose($"Email {email.Id} to '{email.Recipient}' is {email.Status}; only Pending emails are sent.");
                        continue;
                    }

                    WriteProgress(new ProgressRecord(1, Activity, $"{index + 1} of {_selected.Count}: email {email.Id} to {email.Recipient}")
                    {
                        PercentComplete = index * 100 / _selected.Count,
                    });

                    CheckInMessage preview = sender.Preview(email);
                    string target = $"email {email.Id} to '{email.Recipient}' for device '{email.Identifier}'";
                    string action = preview.StaleReason != null
                        ? $"Supersede without sending: {preview.StaleReason}"
                        : $"Send check-in email '{sender.SubjectWithoutCode(preview)}'";
                    if (!ShouldProcess(target, action))
                    {
                        continue;
                    }

                    SendOutcome outcome;
                    try
                    {
                        outcome = sender.Send(email.Id, _stopping.Token);
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
                WriteProgress(new ProgressRecord(1, Activity, "Done") { RecordType = ProgressRecordType.Completed, PercentComplete = 100 });
            }

            if (!_anySelection && _selected.Count == 0)
            {
                WriteVerbose("The outbox has no pending check-in emails.");
            }
        }

        private void Report(SendOutcome outcome)
        {
            CheckInEmail email = outcome.Email;
            switch (outcome.Kind)
            {
                case SendOutcomeKind.Sent:
                    WriteVerbose($"Sent email {email.Id} to '{email.Recipient}' as <{email.MessageId}>: {email.ServerReply}");
                    break;
                case SendOutcomeKind.Failed:
                    WriteError(new ErrorRecord(new InvalidOperationException($"Email {email.Id} to '{email.Recipient}' (device '{email.Identifier}') failed: {outcome.Reason}"),
                        ErrorIds.CheckInEmailRejected, ErrorCategory.ProtocolError, email.Id));
                    break;
                case SendOutcomeKind.Deferred:
                    WriteWarning(outcome.Reason);
                    break;
                case SendOutcomeKind.Superseded:
                    WriteWarning($"Email {email.Id} to '{email.Recipient}' was not sent: {outcome.Reason}");
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
                CheckInUrl = CheckInUrl ?? NullIfEmpty(Environment.GetEnvironmentVariable("BMG_CHECKIN_URL")),
            };
            try
            {
                CheckInEmailTemplate template = TemplatePath == null
                    ? CheckInEmailTemplate.Default(culture)
                    : CheckInEmailTemplate.Load(GetUnresolvedProviderPathFromPSPath(TemplatePath), culture);
                return new CheckInEmailSender(Store, settings, template);
            }
            catch (BmgException e)
            {
                ThrowTerminatingError(ToErrorRecord(e));
                throw;
            }
        }

        private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

        protected override void StopProcessing() => _stopping.Cancel();
    }
}
