using System;
using System.Management.Automation;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Text;
using BizMobileGo.Core.Times;

namespace BizMobileGo.PowerShell
{
    /// <summary>Removes the change history recorded before a date, for stores that must forget; the clear is recorded itself.</summary>
    [Cmdlet(VerbsCommon.Clear, "BmgHistory", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(ChangeEntry))]
    public sealed class ClearBmgHistoryCommand : ClearBeforeCmdlet
    {
        /// <summary>
        /// The entries (their Sequence, as Test-BmgHistory names them) that the one who runs this accepts as they are, though
        /// they no longer verify: the clear then removes a history that doesn't verify, when every entry at fault is among
        /// those it removes and named here, and what it keeps verifies; its own entry names them (walkthrough 24, 4).
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public long[]? AcceptTampered { get; set; }

        /// <summary>
        /// Why the clear is run ("GDPR art. 17 request #123"), recorded in its hashed entry and shown in Test-BmgHistory's
        /// Clears (walkthrough 32, 5): one line, at most 1024 characters (ClearReason).
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [NoScriptBlock]
        public string? Reason { get; set; }

        private protected override void OnWholeHistory()
        {
            DateTimeOffset before = HistoryTime.FromParameter(Before);
            string shown = ShownTime.ToText(before);
            // The command's one operation: a refusal (HistoryTampered: the clear would hide what was done to the history)
            // escapes as the terminating error (BmgCmdlet), as ImportFailed does, so a retention job's try/catch sees it
            // without -ErrorAction Stop (walkthrough 19, 4).
            // -WhatIf and -Confirm name how many entries the real run would remove (History counts them as the clear does).
            bool confirmed = false;
            ChangeEntry? cleared = History.ClearBefore(before, Origin, DateTimeOffset.UtcNow,
                (count, accepted) =>
                {
                    // The count's walk is over: its progress line goes before the prompt.
                    EndWalkProgress();
                    return confirmed = ShouldProcess($"Change history entries recorded before {shown}",
                        $"Remove {EnglishWords.Amount(count, "entry", "entries")}"
                        + (accepted != null ? $", accepting as they are the tampered entries {accepted} (recorded in the clear's entry)" : ""));
                },
                AcceptTampered, actor: null, Reason);
            // fixc32 (walkthrough 32, 6): the import history's rows that no kept entry names go with them (ImportHistoryRetention).
            if (confirmed)
            {
                ForgetImports(before, shown);
            }

            // Confirmed, yet nothing came back: no entry was recorded before the date, so the clear recorded nothing either.
            EndClear(cleared, confirmed, $"No change history entries were recorded before {shown}: nothing was removed, and no clear was recorded.",
                entry => $"Removed {RemovedEntries(entry)} change history entries recorded before {shown}; the clear is entry {entry.Sequence}.");
        }

        /// <summary>The import history's part of the clear (fixc32): its own Core rule and transaction, after the entries' clear.</summary>
        private void ForgetImports(DateTimeOffset before, string shown)
        {
            int forgotten = new ImportHistoryRetention(Store).ForgetBefore(before);
            SayVerbose($"Removed {EnglishWords.Amount(forgotten, "import", "imports")} from the import history that ended before {shown} and that no kept entry names.");
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
