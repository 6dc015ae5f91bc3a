using System.Management.Automation;
using BizMobileGo.Core.Dep;

namespace BizMobileGo.PowerShell
{
    /// <summary>The outbox of check-in emails, queued whenever a device with a RegistrationEmail is created or changed.</summary>
    [Cmdlet(VerbsCommon.Get, "BmgCheckInEmail")]
    [OutputType(typeof(CheckInEmail))]
    public sealed class GetBmgCheckInEmailCommand : BmgCmdlet
    {
        /// <summary>Only emails for these device identifiers; wildcards allowed.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[]? Identifier { get; set; }

        protected override void ProcessRecord() =>
            WriteObject(SelectByName(Store.GetCheckInEmails(), Identifier, e => e.Identifier, ignoreCase: true, "CheckInEmailNotFound", "check-in email for device"), enumerateCollection: true);
    }
}
