using System.Collections.Generic;
using System.Management.Automation;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Outbox;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    /// <summary>The outbox of check-in emails, queued whenever a device with a RegistrationEmail is created or changed.</summary>
    [Cmdlet(VerbsCommon.Get, "BmgCheckInEmail", DefaultParameterSetName = "All")]
    [OutputType(typeof(CheckInEmail))]
    public sealed class GetBmgCheckInEmailCommand : BmgCmdlet, IDynamicParameters
    {
        /// <summary>Only emails for these device identifiers; wildcards allowed. Binds piped names and the Identifier of piped objects.</summary>
        // By value too, only so that the one piping rule (NameNotObject) sees each piped object whole: by property name alone,
        // `Get-BmgDevice -Database A x | Get-BmgCheckInEmail` read the email of the store's own device 'x', another store's
        // device, and fed it to Send-BmgCheckInEmail (walkthrough 29, finding 3); now such a device is PipedFromOtherStore.
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Identifier), "Get-BmgCheckInEmail")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(CheckInEmailIdentifierCompleter))]
        public string[]? Identifier { get; set; }

        /// <summary>Only emails for these device identifiers, taken exactly as typed (never a pattern); with -Identifier, emails matching either.</summary>
        [Parameter]
        [NoScriptBlock]
        [ArgumentCompleter(typeof(CheckInEmailIdentifierCompleter))]
        public string[]? LiteralIdentifier { get; set; }

        /// <summary>Only emails to this address (wildcards allowed, any case). Alone (no -Identifier), an exact address no email goes to is CheckInEmailNotFound.</summary>
        [Parameter]
        [NoScriptBlock]
        [Alias("Address")]
        [SupportsWildcards]
        public string? Recipient { get; set; }

        /// <summary>Only emails still to be sent: Pending, or Sending right now (-Pending works too); not Failed or Superseded ones.</summary>
        [Parameter(ParameterSetName = "Unsent")]
        [Alias("Pending")]
        public SwitchParameter Unsent { get; set; }

        /// <summary>Only emails already sent.</summary>
        [Parameter(ParameterSetName = "Sent")]
        public SwitchParameter Sent { get; set; }

        /// <summary>Only emails in these delivery states.</summary>
        [Parameter(ParameterSetName = "Status")]
        [NameNotNumber(typeof(CheckInEmailStatus))]
        public CheckInEmailStatus[]? Status { get; set; }

        /// <summary>
        /// The piped object itself, so that a piped Device of this store shows that device's own emails, not those of every
        /// device that ever bore its Identifier (a removed one whose name was reused: walkthrough 32, 2), as a piped Device shows
        /// its own history (Get-BmgDeviceHistory). Hidden, and refused when typed: the Identifier is what a person types.
        /// </summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        private PipedOutboxRecords? _piped;

        private protected override string? PipelineOnlyInputAdvice =>
            "-InputObject takes only piped devices (Get-BmgDevice | Get-BmgCheckInEmail); name a device by -Identifier.";

        protected override void ProcessRecordCore()
        {
            if (Identifier == null && LiteralIdentifier == null && PipedWithoutKey)
            {
                return;
            }

            if (Identifier != null && LiteralIdentifier == null && FromPipeline(nameof(Identifier)))
            {
                // Piped identifiers (literal) are answered a batch at a time, with one read of the outbox per batch.
                _piped ??= new PipedOutboxRecords();
                _piped.Add(Identifier, InputObject?.BaseObject as Device);
                if (_piped.IsDue)
                {
                    WritePiped();
                }

                return;
            }

            WritePiped();
            var emails = new System.Collections.Generic.List<CheckInEmail>(Store.GetCheckInEmails());
            NameMatch? recipient = RecipientFilter(emails);
            System.Func<string, bool> isIdentifier = name => System.Linq.Enumerable.Any(emails, e => string.Equals(e.Identifier, name, System.StringComparison.OrdinalIgnoreCase));
            var identifiers = Identifier == null && LiteralIdentifier == null ? null : new System.Collections.Generic.List<NameMatch>();
            if (Identifier != null)
            {
                identifiers!.AddRange(Matches(Identifier, FromPipeline(nameof(Identifier)), ignoreCase: true, isIdentifier, nameof(Identifier)));
            }

            if (LiteralIdentifier != null)
            {
                identifiers!.AddRange(Matches(LiteralIdentifier, literal: true, ignoreCase: true, isIdentifier, nameof(LiteralIdentifier)));
            }

            // -Recipient alone (no identifiers) is a look-up by address, as Get-BmgUser -EmailAddress and Get-BmgDevice
            // -RegistrationEmail are: an exact address no email goes to is CheckInEmailNotFound, a pattern that matches none
            // says nothing (desk45, 4). With identifiers it only filters their emails.
            IEnumerable<CheckInEmail> selected = identifiers == null && recipient != null
                ? SelectByEmail(emails, new List<NameMatch> { recipient }, email => email.Recipient, address => EmailLookup.NoCheckInEmail(Store, address))
                : emails;
            foreach (CheckInEmail email in selected)
            {
                if ((identifiers == null || System.Linq.Enumerable.Any(identifiers, id => id.IsMatch(email.Identifier))) && Passes(email, recipient))
                {
                    WriteObject(email);
                }
            }

            // An exact name that no email has and no device has is that device's DeviceNotFound, as Get-BmgDevice's (naming a
            // rename the history records); a pattern that matches nothing, and a device without email, say nothing.
            if (identifiers != null)
            {
                WriteNotFound(System.Linq.Enumerable.ToList(System.Linq.Enumerable.Select(
                    System.Linq.Enumerable.Where(identifiers, id => id.Exact != null && !isIdentifier(id.Exact)), id => id.Exact)), piped: false);
            }
        }

        /// <summary>
        /// The errors of Identifiers no email has and no device has (<see cref="DeviceEditor.NoCheckInEmailNotFound"/>), in the
        /// order given: read only for names that matched no email.
        /// </summary>
        private void WriteNotFound(System.Collections.Generic.List<string?> identifiers, bool piped)
        {
            if (identifiers.Count == 0)
            {
                return;
            }

            var errors = DeviceEditor.NoCheckInEmailNotFound(Store, identifiers, piped);
            foreach (string? identifier in identifiers)
            {
                if (identifier != null && errors.TryGetValue(identifier.Trim(), out Core.Errors.BmgException? error))
                {
                    WriteError(ToErrorRecord(error));
                }
            }
        }

        protected override void EndProcessingCore() => WritePiped();

        /// <summary>Answers the piped records kept so far, in order, each with its emails as it would have had them alone.</summary>
        private void WritePiped()
        {
            if (_piped == null || _piped.Count == 0)
            {
                return;
            }

            var emails = new System.Collections.Generic.List<CheckInEmail>(Store.GetCheckInEmails());
            NameMatch? recipient = RecipientFilter(emails);
            var unmatched = new System.Collections.Generic.List<string?>();
            foreach ((string[] identifiers, System.Collections.Generic.List<CheckInEmail> matched) in _piped.Take(emails))
            {
                // Each of the record's names that matched none of its emails: a record naming several Identifiers, one of
                // them unknown, is told about that one even when another matched (left26).
                foreach (string? identifier in identifiers)
                {
                    if (identifier != null && !System.Linq.Enumerable.Any(matched,
                        email => Core.Fields.DeviceIdentifier.Comparer.Equals(email.Identifier, identifier.Trim())))
                    {
                        unmatched.Add(identifier);
                    }
                }

                foreach (CheckInEmail email in matched)
                {
                    if (Passes(email, recipient))
                    {
                        WriteObject(email);
                    }
                }
            }

            // After the batch's emails: the batch's names that matched none, with one read of the devices for them all.
            WriteNotFound(unmatched, piped: true);
        }

        private NameMatch? RecipientFilter(System.Collections.Generic.List<CheckInEmail> emails) =>
            Filter(Recipient, nameof(Recipient), ignoreCase: true,
                name => System.Linq.Enumerable.Any(emails, e => string.Equals(e.Recipient, name, System.StringComparison.OrdinalIgnoreCase)));

        /// <summary>The filters besides the identifiers: -Recipient, -Unsent, -Sent, -Status.</summary>
        private bool Passes(CheckInEmail email, NameMatch? recipient) =>
            (recipient == null || recipient.IsMatch(email.Recipient))
            && (!Unsent || email.Status == CheckInEmailStatus.Pending || email.Status == CheckInEmailStatus.Sending)
            && (!Sent || email.SentAt != null)
            && (Status == null || System.Array.IndexOf(Status, email.Status) >= 0);
    }
}
