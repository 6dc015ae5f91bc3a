using System;
using System.Globalization;
using System.Management.Automation;
using BizMobileGo.Core.History;

namespace BizMobileGo.PowerShell
{
    /// <summary>Removes the change history recorded before a date, for stores that must forget; the clear is recorded itself.</summary>
    [Cmdlet(VerbsCommon.Clear, "BmgHistory", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(ChangeEntry))]
    public sealed class ClearBmgHistoryCommand : HistoryCmdlet
    {
        /// <summary>Entries recorded before this time go (a time without a zone is local time).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        public DateTime Before { get; set; }

        /// <summary>Writes the entry that records the clear.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessingCore()
        {
            DateTimeOffset before = HistoryTime.FromParameter(Before);
            string shown = before.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
            if (!ShouldProcess($"Change history entries recorded before {shown}", "Remove"))
            {
                return;
            }

            ForItem(() =>
            {
                ChangeEntry cleared = History.ClearBefore(before, Origin, DateTimeOffset.UtcNow);
                WriteVerbose($"Removed {RemovedEntries(cleared)} change history entries recorded before {shown}; the clear is entry {cleared.Sequence}.");
                if (PassThru)
                {
                    WriteObject(cleared);
                }
            });
        }

        private static string RemovedEntries(ChangeEntry cleared)
        {
            foreach (FieldChange change in cleared.Changes)
            {
                if (change.Field == HistoryChain.RemovedEntriesField)
                {
                    return change.NewValue ?? "0";
                }
            }

            return "0";
        }
    }
}
