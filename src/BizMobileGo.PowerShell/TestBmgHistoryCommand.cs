using System.Management.Automation;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.History;

namespace BizMobileGo.PowerShell
{
    /// <summary>Walks the hash chain of the change history and names the first entry altered, inserted or removed by hand.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "BmgHistory")]
    [OutputType(typeof(HistoryVerification))]
    public sealed class TestBmgHistoryCommand : WholeHistoryCmdlet
    {
        /// <summary>A head hash written down earlier: the entry with it must still be in the chain.</summary>
        [Parameter(Position = 0)]
        [HashText]
        [ValidatePattern("^[0-9a-fA-F]{64}$")]
        public string? KnownHash { get; set; }

        private protected override string NothingDone => "nothing was checked";

        private protected override void OnWholeHistory()
        {
            HistoryVerification result = History.Verify(KnownHash);
            WriteObject(result);
            if (!result.Valid)
            {
                WriteError(ToErrorRecord(ChangeHistory.Failure(result, KnownHash)));
            }

            // Of its own kind: the chain holds (Valid may be True), but an import the entries name has lost its row.
            if (ChangeHistory.ImportsMissing(result) is BmgException missing)
            {
                WriteError(ToErrorRecord(missing));
            }
        }
    }
}
