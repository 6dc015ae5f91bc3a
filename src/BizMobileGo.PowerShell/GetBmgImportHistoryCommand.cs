using System.Management.Automation;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Import;

namespace BizMobileGo.PowerShell
{
    /// <summary>Every import that wrote or tried to: when, who, which file (and its SHA-256), how, the counts and the row errors.</summary>
    [Cmdlet(VerbsCommon.Get, "BmgImportHistory")]
    [OutputType(typeof(ImportHistoryEntry))]
    public sealed class GetBmgImportHistoryCommand : BmgCmdlet
    {
        /// <summary>
        /// Import history ids; binds piped numbers, the Id of piped import history entries (Get-BmgImportHistory), the HistoryId
        /// of import summaries and the ImportId of change-history entries (Get-BmgDeviceHistory, Get-BmgUserHistory).
        /// </summary>
        // By value too, only so that the one piping rule sees each piped object whole: 'Id' means another record on other
        // objects (a check-in email's outbox number, an organization's id), so of the module's objects only an import
        // history entry (Id), an import summary (HistoryId) and a change-history entry (ImportId) name an import (one without: a
        // -WhatIf summary, an edit's entry, is refused as naming none); the others are refused instead of showing an unrelated import.
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Id), RecordTypes = new[] { typeof(ImportHistoryEntry), typeof(ImportSummary), typeof(ChangeEntry) }, AliasesBound = new[] { "HistoryId", "ImportId" }, TakesNumbers = true)]
        [Alias("HistoryId", "ImportId")]
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
