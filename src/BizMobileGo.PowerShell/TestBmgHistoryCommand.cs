using System.Management.Automation;
using BizMobileGo.Core.History;

namespace BizMobileGo.PowerShell
{
    /// <summary>Walks the hash chain of the change history and names the first entry altered, inserted or removed by hand.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "BmgHistory")]
    [OutputType(typeof(HistoryVerification))]
    public sealed class TestBmgHistoryCommand : HistoryCmdlet
    {
        /// <summary>A head hash written down earlier: the entry with it must still be in the chain.</summary>
        [Parameter(Position = 0)]
        [HashText]
        // Said in words, not as the pattern: a HeadHash cut short or with a stray character is a copying mistake.
        [ValidatePattern("^[0-9a-fA-F]{64}$", ErrorMessage = "'{0}' is not a head hash: a HeadHash is 64 hex digits (0-9, a-f), as Test-BmgHistory shows it.")]
        public string? KnownHash { get; set; }

        protected override void EndProcessingCore()
        {
            HistoryVerification result = History.Verify(KnownHash);
            WriteObject(result);
            if (!result.Valid)
            {
                WriteError(ToErrorRecord(ChangeHistory.Failure(result, KnownHash)));
            }
        }
    }
}
