using System;
using System.Management.Automation;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Outbox;
using BizMobileGo.Core.Text;
using BizMobileGo.Core.Times;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Removes check-in emails queued before a date from the outbox, for stores that must forget (addresses and codes); by
    /// default only final ones (Sent, Failed, Superseded), never a Pending one unless -Status names it. The clear is recorded
    /// in the change history. A command on the whole outbox, like Clear-BmgHistory on the whole history: anything piped is refused.
    /// </summary>
    [Cmdlet(VerbsCommon.Clear, "BmgCheckInEmail", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(ChangeEntry))]
    public sealed class ClearBmgCheckInEmailCommand : ClearBeforeCmdlet
    {
        /// <summary>Only emails in these delivery states (default: Sent, Failed, Superseded). Pending or Sending ones go only when named here.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [NameNotNumber(typeof(CheckInEmailStatus))]
        public CheckInEmailStatus[]? Status { get; set; }

        private protected override void OnWholeHistory()
        {
            DateTimeOffset before = HistoryTime.FromParameter(Before);
            string shown = ShownTime.ToText(before);
            string statuses = string.Join(", ", CheckInEmailRetention.Statuses(Status));
            bool confirmed = false;
            ChangeEntry? cleared = new CheckInEmailRetention(Store).Clear(before, Status, Origin, DateTimeOffset.UtcNow,
                count => confirmed = ShouldProcess($"Check-in emails ({statuses}) queued before {shown}",
                    $"Remove {EnglishWords.Amount(count, "email", "emails")}"));
            EndClear(cleared, confirmed, $"No check-in emails ({statuses}) were queued before {shown}: nothing was removed, and no clear was recorded.",
                entry => $"Removed check-in emails ({statuses}) queued before {shown}; the clear is change history entry {entry.Sequence}.");
        }
    }
}
