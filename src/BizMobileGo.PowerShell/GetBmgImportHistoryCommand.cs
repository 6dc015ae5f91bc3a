using System.Management.Automation;
using BizMobileGo.Core.Import;

namespace BizMobileGo.PowerShell
{
    /// <summary>Every import that wrote or tried to: when, who, which file (and its SHA-256), how, the counts and the row errors.</summary>
    [Cmdlet(VerbsCommon.Get, "BmgImportHistory")]
    [OutputType(typeof(ImportHistoryEntry))]
    public sealed class GetBmgImportHistoryCommand : BmgCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
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
