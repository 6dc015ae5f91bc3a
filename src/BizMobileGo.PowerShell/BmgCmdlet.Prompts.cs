using System;
using System.Collections.Generic;
using System.Management.Automation;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.PowerShell
{
    // The questions a command asks (a warning under -WarningAction Inquire, -Confirm's prompt) go through here: a PowerShell
    // that can't read an answer gets PromptUnavailable, and an import can hold its warnings back to ask them before it takes
    // the store's write lock (Import-BmgDeviceCsv's WarningsFirst).
    public abstract partial class BmgCmdlet
    {
        /// <summary>
        /// Writes a warning, as PowerShell's WriteWarning does (under -WarningAction Inquire it asks; under Stop it ends the
        /// command), with two differences: while <see cref="_heldWarnings"/> is set (a dry plan made to ask its warnings
        /// before the write lock) the warning is kept there instead; a warning in <see cref="_warningsAsked"/> (asked already,
        /// from that plan) is not said again. A question the host can't ask (no console input) is PromptUnavailable.
        /// </summary>
        public new void WriteWarning(string text)
        {
            if (_heldWarnings != null)
            {
                _heldWarnings.Add(text);
                return;
            }

            if (_warningsAsked != null && _warningsAsked.Contains(text))
            {
                return;
            }

            AskOrRefuse(() =>
            {
                try
                {
                    base.WriteWarning(text);
                }
                catch (PipelineStoppedException) when (EndsEarlyUnlessStopping())
                {
                    throw; // not reached: the filter only looks (-WarningAction Stop, Inquire's Halt end the command early)
                }

                return true;
            }, isWarning: true, text);
        }

        // Warnings kept, not said: the dry plan of WarningsFirst collects what it would say.
        private protected List<string>? _heldWarnings;

        // Warnings asked already (from the dry plan), not said again by the import under the lock.
        private protected HashSet<string>? _warningsAsked;

        /// <summary>The question this command could not ask (PromptUnavailable), for an import to record why it stopped.</summary>
        private protected BmgException? PromptFailure { get; private set; }

        /// <summary>
        /// ShouldProcess's forms with a caption (Import-BmgDeviceCsv's own question, its what-if lines); the two-part form is in
        /// BmgCmdlet.PipedStores.cs. A prompt the host can't show is PromptUnavailable.
        /// </summary>
        protected new bool ShouldProcess(string verboseDescription, string? verboseWarning, string? caption) =>
            AskOrRefuse(() => base.ShouldProcess(verboseDescription, verboseWarning, caption), isWarning: false, verboseWarning ?? verboseDescription);

        protected new bool ShouldProcess(string verboseDescription, string? verboseWarning, string? caption, out ShouldProcessReason reason)
        {
            ShouldProcessReason given = ShouldProcessReason.None;
            bool answer = AskOrRefuse(() => base.ShouldProcess(verboseDescription, verboseWarning, caption, out given), isWarning: false, verboseWarning ?? verboseDescription);
            reason = given;
            return answer;
        }

        // -Confirm's prompt may be shown: ShouldProcess may prompt, and it is no dry run (-WhatIf never prompts).
        private bool ConfirmationAsks() => ConfirmMayPrompt && !WhatIfInEffect;

        /// <summary>
        /// Runs a step that may ask (a warning under Inquire, or -Confirm's prompt): when the host fails to ask — a console host without input
        /// (stdin closed) throws a raw NullReferenceException, -NonInteractive a PSInvalidOperationException — the command
        /// stops with PromptUnavailable, naming the question, instead. Halt (ActionPreferenceStopException) and Ctrl+C pass as they are.
        /// </summary>
        private T AskOrRefuse<T>(Func<T> ask, bool isWarning, string question)
        {
            try
            {
                return ask();
            }
            catch (Exception e) when ((e is NullReferenceException || e is PSInvalidOperationException || e is System.Management.Automation.Host.HostException)
                && (isWarning ? WarningAsks() : ConfirmationAsks()))
            {
                PromptFailure = new BmgException(ErrorIds.PromptUnavailable, BmgErrorCategory.InvalidOperation,
                    $"{MyInvocation.MyCommand.Name} stopped at a question it could not ask: "
                    + (isWarning ? $"the warning \"{FieldText.Printable(question)}\" asks whether to go on (-WarningAction Inquire, or $WarningPreference = 'Inquire')"
                        : $"-Confirm's prompt (or $ConfirmPreference's) asks \"{FieldText.Printable(question)}\"")
                    + ", and this PowerShell can't read an answer (it runs -NonInteractive, or its standard input is closed: a scheduled task, a CI job). "
                    + "Nothing was changed for this question; what the command wrote before it stays written. In a script "
                    + (isWarning ? "use -WarningAction Continue (or Stop, to stop at a warning)" : "give -Confirm:$false, or -WhatIf to see what it would do")
                    + ", or run it at a console.");
                ThrowTerminatingError(ToErrorRecord(PromptFailure));
                throw; // not reached: ThrowTerminatingError always throws
            }
        }
    }
}
