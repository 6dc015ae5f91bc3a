using System;
using System.Management.Automation;
using BizMobileGo.Core.History;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// A clear of what was recorded before a date (Clear-BmgHistory, Clear-BmgCheckInEmail): its -Before and -PassThru, and
    /// how it ends — a verbose line saying nothing was removed when nothing was, else what was, and the clear's change-history
    /// entry under -PassThru.
    /// </summary>
    public abstract class ClearBeforeCmdlet : WholeHistoryCmdlet
    {
        /// <summary>Who a service says this change is made for, recorded beside the OS user (BmgCmdlet.ChangedBy.cs).</summary>
        [Parameter]
        [NoScriptBlock]
        public string? ChangedBy { get; set; }

        protected override string? ChangedByGiven => ChangedBy;

        /// <summary>
        /// What was recorded (queued) before this time goes. A DateTimeOffset, so that a time the module handed out (an
        /// entry's At) binds as it is; a DateTime or a text without an offset is local time, as Get-Date gives it.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0)]
        public DateTimeOffset Before { get; set; }

        /// <summary>Writes the change history entry that records the clear.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override string NothingDone => "nothing was removed";

        /// <summary>
        /// Ends the clear: <paramref name="cleared"/> null means nothing was removed (said only when the clear was confirmed:
        /// under -WhatIf or a "no" nothing is said); otherwise <paramref name="removed"/>'s line, and the entry under -PassThru.
        /// </summary>
        private protected void EndClear(ChangeEntry? cleared, bool confirmed, string nothingRemoved, Func<ChangeEntry, string> removed)
        {
            if (cleared == null)
            {
                if (confirmed)
                {
                    WriteVerbose(nothingRemoved);
                }

                return;
            }

            WriteVerbose(removed(cleared));
            if (PassThru)
            {
                WriteObject(cleared);
            }
        }
    }
}
