using System.Collections.Generic;
using System.Management.Automation;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Text;

namespace BizMobileGo.PowerShell
{
    // How far a long edit of many records has got (Set-/Remove-BmgDevice, Set-/Remove-BmgUser, piped or given several names):
    // a stop leaves the records before it changed and the rest as they were (README, "Piped edits commit a batch at a time").
    // Walkthrough 34b, finding 7: 46,583 of 50,000 piped devices were changed when the run was stopped, and nothing said so.
    public abstract partial class BmgCmdlet
    {
        // The edit's own progress id, apart from the wait for the writer (WriterWaitProgressId).
        private const int EditProgressId = 3;

        // The edit's progress line (CountProgress: from a second after the command's first record, then at most four times a
        // second); null until the first record: no edit tallied.
        private CountProgress? _editProgress;
        private long _committed;
        private string? _lastCommitted;

        /// <summary>
        /// One record's change was committed (<paramref name="name"/>: its Identifier or UserName, as changed); after a second,
        /// and then at most four times a second, the progress line says how many so far and the last one.
        /// </summary>
        protected void TallyCommitted(string name)
        {
            if (_batchCommitted != null)
            {
                // Counted when the batch is (BmgCmdlet.PipedEdits.cs).
                _batchCommitted.Add(name);
                return;
            }

            Counted(name);
            ShowTallyIfDue();
        }

        // The names a batch open now has changed, counted once it commits; null: no batch open.
        private List<string>? _batchCommitted;

        private void Counted(string name)
        {
            _committed++;
            _lastCommitted = name;
        }

        private void ShowTallyIfDue()
        {
            CountProgress progress = EditProgress;
            if (_lastCommitted != null && !WritesObjects)
            {
                progress.Tell(_committed);
            }
        }

        private CountProgress EditProgress => _editProgress ??= new CountProgress(this, EditProgressId, MyInvocation.MyCommand.Name, _ => TallyText());

        // -PassThru: the objects show how far it got. A progress line the console host redraws under every object asks the
        // terminal for its cursor each time, and a piped Set-BmgDevice -PassThru typed into a terminal did not stop within 60 s
        // of Ctrl+C with one (race24's hazard, RELIABILITY.md: 7 hangs in 12 tries, pipe36); without the line, 0 in 15, to the
        // screen, into Format-Table or a variable (CtrlCInTerminal.Tests.ps1 keeps it so).
        private bool WritesObjects =>
            MyInvocation.BoundParameters.TryGetValue("PassThru", out object? passThru) && passThru is SwitchParameter given && given.IsPresent;

        /// <summary>A record was read but not committed (unchanged, refused, -WhatIf): the progress clock starts with the first record.</summary>
        protected void TallyStarted() => _ = EditProgress;

        // "46,583 devices changed; the last committed: 'dev0046582'".
        private string TallyText() =>
            $"{EnglishWords.Amount(_committed, TallyNoun)} {TallyVerb}; the last committed: '{FieldText.Printable(_lastCommitted ?? "")}'";

        /// <summary>"device" or "user": what the cmdlet's tally counts.</summary>
        private protected virtual string TallyNoun => "record";

        /// <summary>"changed" or "removed".</summary>
        private protected virtual string TallyVerb => "changed";

        /// <summary>At the command's end: the progress line is taken down, and with -Verbose one line says how many.</summary>
        private void EndTally()
        {
            if (_editProgress == null)
            {
                return;
            }

            _editProgress.End();

            if (_committed != 0)
            {
                SayVerbose($"{MyInvocation.MyCommand.Name}: {TallyText()}.");
            }
        }

        /// <summary>
        /// After Ctrl+C (or PowerShell.Stop()) PowerShell takes no more output from the command, so how far it got is said
        /// straight to the host, as a warning line: from Dispose, on the pipeline's thread once the command's steps have
        /// unwound, so no record is committed after the line is written. Said only when a record had come, and not after an error
        /// ended the command (<see cref="StoppedByUser"/>).
        /// </summary>
        private void SayTallyAfterStop()
        {
            if (_editProgress == null || !StoppedByUser)
            {
                return;
            }

            string line = $"{MyInvocation.MyCommand.Name} was stopped: " + (_committed == 0
                ? $"no {TallyNoun} {TallyVerb}."
                : $"{TallyText()}. Those before it stay {TallyVerb}; the {TallyNoun}s after it were not {TallyVerb}.");
            try
            {
                Host?.UI?.WriteWarningLine(line);
            }
            catch (PSInvalidOperationException)
            {
                // A host that takes no lines (a runspace without a UI) has nobody to tell.
            }
            catch (System.NotImplementedException)
            {
            }
        }
    }
}
