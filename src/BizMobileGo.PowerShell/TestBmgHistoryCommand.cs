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

        /// <summary>
        /// Also compares every device and user row with the newest values its entries set, and names each mismatch (a row edited,
        /// deleted or restored by hand): RecordTampered, one error a mismatch, and the result's Records. A noun, as the rest of
        /// what is checked (Test-Path -IsValid reads alike): "test the history, and the records against it". Opt-in: it reads
        /// every row after the chain (a million devices: about as long again as the walk).
        /// </summary>
        [Parameter]
        public SwitchParameter Records { get; set; }

        private protected override string NothingDone => "nothing was checked";

        private protected override void OnWholeHistory()
        {
            HistoryVerification result = History.Verify(KnownHash, Records);
            WriteObject(result);
            if (Records && result.Records == null)
            {
                WriteWarning("The records were not compared with their history: the chain does not verify, so its entries can't vouch for any value.");
            }

            foreach (BmgException mismatch in ChangeHistory.RecordsTampered(result))
            {
                WriteError(ToErrorRecord(mismatch));
            }

            if (result.Records is RecordCheck check && check.MismatchCount > check.Mismatches.Count)
            {
                WriteWarning($"{Core.Text.EnglishWords.Amount(check.MismatchCount - check.Mismatches.Count, "more mismatch", "more mismatches")} than the {check.Mismatches.Count.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture)} named (Records.MismatchCount counts them all); fix those named and run Test-BmgHistory -Records again.");
            }

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
