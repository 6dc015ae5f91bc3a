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

        /// <summary>Only emails to this address (wildcards allowed, any case).</summary>
        [Parameter]
        [Alias("Address")]
        [SupportsWildcards]
        public string? Recipient { get; set; }

        /// <summary>Only emails not sent yet (the pending ones; -Pending works too).</summary>
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
            if (Identifier == null && PipedWithoutKey)
            {
                return;
            }

            var recipient = Recipient == null ? null : new WildcardPattern(Recipient, WildcardOptions.IgnoreCase);
            foreach (CheckInEmail email in Store.GetCheckInEmails())
            {
                bool identifierMatches = Identifier == null || System.Linq.Enumerable.Any(Identifier,
                    id => new WildcardPattern(id, WildcardOptions.IgnoreCase).IsMatch(email.Identifier));
                if (identifierMatches
                    && (recipient == null || recipient.IsMatch(email.Recipient))
                    && (!Unsent || email.SentAt == null)
                    && (!Sent || email.SentAt != null)
                    && (Status == null || System.Array.IndexOf(Status, email.Status) >= 0))
                {
                    WriteObject(email);
                }
            }
        }
    }
}
