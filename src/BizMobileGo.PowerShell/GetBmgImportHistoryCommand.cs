using System.Management.Automation;
using BizMobileGo.Core.Import;

namespace BizMobileGo.PowerShell
{
    /// <summary>Every import that wrote or tried to: when, who, which file (and its SHA-256), how, the counts and the row errors.</summary>
    [Cmdlet(VerbsCommon.Get, "BmgImportHistory")]
    [OutputType(typeof(ImportHistoryEntry))]
    public sealed class GetBmgImportHistoryCommand : BmgCmdlet
    {
        /// <summary>Import history ids; binds piped numbers and the Id of piped import history entries (Get-BmgImportHistory).</summary>
        // By value too, only so that the one piping rule sees each piped object whole: 'Id' means another record on other
        // objects (a check-in email's outbox number, an organization's id), so of the module's objects only an import
        // history entry (Id) and an import summary (HistoryId) name an import; the others are refused instead of showing an unrelated import.
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Id), RecordTypes = new[] { typeof(ImportHistoryEntry), typeof(ImportSummary) }, AliasesBound = new[] { "HistoryId" })]
        [Alias("HistoryId")]
        [ArgumentCompleter(typeof(ImportIdCompleter))]
        public long[]? Id { get; set; }

        /// <summary>Only the newest N entries.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? Last { get; set; }

        protected override void ProcessRecordCore()
        {
            if (Id == null)
            {
                WriteObject(Store.GetImportHistory(null, Last), enumerateCollection: true);
                return;
            }

            foreach (long id in Id)
            {
                var entries = Store.GetImportHistory(id);
                if (entries.Count == 0)
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException($"No import has the history Id {id}."), "ImportNotFound", ErrorCategory.ObjectNotFound, id));
                }
                else
                {
                    WriteObject(entries[0]);
                }
            }
        }
    }
}
