using System.Management.Automation;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Outbox;

namespace BizMobileGo.PowerShell
{
    /// <summary>The outbox of check-in emails, queued whenever a device with a RegistrationEmail is created or changed.</summary>
    [Cmdlet(VerbsCommon.Get, "BmgCheckInEmail", DefaultParameterSetName = "All")]
    [OutputType(typeof(CheckInEmail))]
    public sealed class GetBmgCheckInEmailCommand : BmgCmdlet
    {
        /// <summary>Only emails for these device identifiers; wildcards allowed.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string[]? Identifier { get; set; }

        /// <summary>Only emails for these device identifiers, taken exactly as typed (never a pattern); with -Identifier, emails matching either.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string[]? LiteralIdentifier { get; set; }

        /// <summary>Only emails to this address (wildcards allowed, any case).</summary>
        [Parameter]
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
        public CheckInEmailStatus[]? Status { get; set; }

        protected override void ProcessRecord()
        {
            if (Identifier == null && LiteralIdentifier == null && PipedWithoutKey)
            {
                return;
            }

            var emails = Store.GetCheckInEmails();
            NameMatch? recipient = Filter(Recipient, nameof(Recipient), ignoreCase: true,
                name => System.Linq.Enumerable.Any(emails, e => string.Equals(e.Recipient, name, System.StringComparison.OrdinalIgnoreCase)));
            System.Func<string, bool> isIdentifier = name => System.Linq.Enumerable.Any(emails, e => string.Equals(e.Identifier, name, System.StringComparison.OrdinalIgnoreCase));
            var identifiers = Identifier == null && LiteralIdentifier == null ? null : new System.Collections.Generic.List<NameMatch>();
            if (Identifier != null)
            {
                identifiers!.AddRange(Matches(Identifier, FromPipeline(nameof(Identifier)), ignoreCase: true, isIdentifier));
            }

            if (LiteralIdentifier != null)
            {
                identifiers!.AddRange(Matches(LiteralIdentifier, literal: true, ignoreCase: true, isIdentifier));
            }

            foreach (CheckInEmail email in emails)
            {
                bool identifierMatches = identifiers == null || System.Linq.Enumerable.Any(identifiers, id => id.IsMatch(email.Identifier));
                if (identifierMatches
                    && (recipient == null || recipient.IsMatch(email.Recipient))
                    && (!Unsent || email.Status == CheckInEmailStatus.Pending || email.Status == CheckInEmailStatus.Sending)
                    && (!Sent || email.SentAt != null)
                    && (Status == null || System.Array.IndexOf(Status, email.Status) >= 0))
                {
                    WriteObject(email);
                }
            }
        }
    }
}
