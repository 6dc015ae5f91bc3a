using System.Management.Automation;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Test-BmgHistory and Clear-BmgHistory: they work on the whole history of one store, the one -Database names (else
    /// $env:BMG_DATABASE, else the per-user store), and take nothing from the pipeline. Anything piped to them is refused,
    /// terminating, before the store is opened.
    /// </summary>
    /// <remarks>
    /// PowerShell alone refuses a piped object with a generic ParameterBindingException, non-terminating, and then runs the
    /// command on its default store: <c>Get-ChildItem ./tanaka.db | Test-BmgHistory</c> checked the store of
    /// $env:BMG_DATABASE and said Valid (walkthrough 29, 9), and the same pipe to Clear-BmgHistory would clear that other
    /// store's history. A pipe that brings nothing (<c>Get-ChildItem ./t*.db</c> found no file) is refused too: the
    /// command was meant for what it did not get. The error keeps PowerShell's ErrorId for it (InputObjectNotBound), and
    /// says what to give instead: a piped store file, <c>-Database '&lt;that file&gt;'</c> (<see cref="PipedFile.StoreAdvice"/>).
    /// </remarks>
    public abstract class WholeHistoryCmdlet : HistoryCmdlet
    {
        /// <summary>PowerShell's ErrorId for a piped object no parameter takes; kept so a script's check of it still holds.</summary>
        internal const string InputObjectNotBound = "InputObjectNotBound";

        /// <summary>
        /// Anything piped, taken only to be refused with advice (a store file: -Database). Hidden, and refused when typed.
        /// </summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>What the refusal left undone: "nothing was checked".</summary>
        private protected abstract string NothingDone { get; }

        /// <summary>The command's one operation on the whole history (EndProcessing).</summary>
        private protected abstract void OnWholeHistory();

        private protected override string? PipelineOnlyInputAdvice =>
            $"{CommandName} takes no input: -InputObject is there only to refuse piped objects. Name the store with -Database.";

        protected sealed override void ProcessRecordCore()
        {
            if (InputObject != null)
            {
                Refuse(InputObject);
            }
        }

        protected sealed override void EndProcessingCore()
        {
            // Something was piped, and nothing came (every piped object was $null, or the command before found nothing).
            if (MyInvocation.ExpectingInput)
            {
                Refuse(null);
            }

            try
            {
                OnWholeHistory();
            }
            finally
            {
                EndWalkProgress();
            }
        }

        /// <summary>
        /// A piped Device or other module object of another store is refused as any piped object is (terminating, once):
        /// the PipedFromOtherStore advice (give -Database of its store) does not fit a command that takes no piped input.
        /// </summary>
        private protected override void RefusePipedFromOtherStore(ErrorRecord refusal) => Refuse(InputObject);

        private string CommandName => MyInvocation.MyCommand.Name;

        private void Refuse(PSObject? piped)
        {
            string what = piped == null ? "Input was piped to it, and nothing came (the command before it wrote nothing)"
                : PipedFile.Is(piped) ? (PipedFile.StoreAdvice(piped, null) != null ? "A BizMobileGo store file" : "A file") + $" was piped ('{Core.Fields.FieldText.Printable(PipedFile.PathOf(piped))}')"
                : piped.BaseObject is string text ? $"The text '{Core.Errors.MessageText.Value(Core.Fields.FieldText.Printable(text))}' was piped"
                : $"A {piped.BaseObject.GetType().Name} was piped";
            string advice = piped != null && PipedFile.Is(piped) && PipedFile.StoreAdvice(piped, CommandName) is string useStore
                ? useStore
                : $"Name the store with -Database, and run {CommandName} on its own, not after a pipe.";
            ThrowTerminatingError(new ErrorRecord(
                new System.ArgumentException($"{what}, but {CommandName} takes no piped input: it works on the whole history of the store -Database names "
                    + $"(else $env:BMG_DATABASE, else the per-user store), and {NothingDone}. {advice}"),
                InputObjectNotBound, ErrorCategory.InvalidArgument, piped?.BaseObject));
        }
    }
}
