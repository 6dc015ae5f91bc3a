using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Import;

namespace BizMobileGo.PowerShell
{
    /// <summary>Every import that wrote or tried to: when, who, which file (and its SHA-256), how, the counts and the row errors.</summary>
    [Cmdlet(VerbsCommon.Get, "BmgImportHistory", DefaultParameterSetName = NewestSet)]
    [OutputType(typeof(ImportHistoryEntry))]
    public sealed class GetBmgImportHistoryCommand : BmgCmdlet
    {
        // -Id names its entries and -Last counts the newest of the whole history: the pair is refused at binding
        // (AmbiguousParameterSet; a piped Id beside -Last, InputObjectNotBound), not one of them quietly ignored.
        private const string NewestSet = "Newest";
        private const string IdSet = "Id";

        /// <summary>
        /// Import history ids; binds piped numbers, the Id of piped import history entries (Get-BmgImportHistory), the HistoryId
        /// of import summaries and the ImportId of change-history entries (Get-BmgDeviceHistory, Get-BmgUserHistory).
        /// </summary>
        // By value too, only so that the one piping rule sees each piped object whole: 'Id' means another record on other
        // objects (a check-in email's outbox number, an organization's id), so of the module's objects only an import
        // history entry (Id), an import summary (HistoryId) and a change-history entry (ImportId) name an import (one without: a
        // -WhatIf summary, an edit's entry, is refused as naming none); the others are refused instead of showing an unrelated import.
        [Parameter(ParameterSetName = IdSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Id), "Get-BmgImportHistory", RecordTypes = new[] { typeof(ImportHistoryEntry), typeof(ImportSummary), typeof(ChangeEntry) }, AliasesBound = new[] { "HistoryId", "ImportId" }, TakesNumbers = true)]
        [Alias("HistoryId", "ImportId")]
        [ArgumentCompleter(typeof(ImportIdCompleter))]
        public long[]? Id { get; set; }

        /// <summary>Only the newest N entries (of those the other parameters select); not with -Id.</summary>
        [Parameter(ParameterSetName = NewestSet)]
        [ValidateRange(1, int.MaxValue)]
        public int? Last { get; set; }

        /// <summary>
        /// Only imports of a file whose full path or file name matches this wildcard (* and ?; A-Z in either case; [ ] are
        /// literal, as in a file name).
        /// </summary>
        [Parameter]
        [NoScriptBlock]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ImportSourceCompleter))]
        public string? Source { get; set; }

        /// <summary>
        /// Only imports started at or after this time: a DateTimeOffset, as Get-BmgDeviceHistory -Since; a DateTime or a text
        /// without an offset is local time.
        /// </summary>
        [Parameter]
        public DateTimeOffset? Since { get; set; }

        /// <summary>Only imports started at or before this time (as <see cref="Since"/>).</summary>
        [Parameter]
        public DateTimeOffset? Until { get; set; }

        /// <summary>
        /// Only imports that ended so: Committed, Refused, Stopped, Failed (the table's Status). Filtered in the store's
        /// query, as -Source is, so -Status Failed -Last 1 is the last import that failed.
        /// </summary>
        [Parameter]
        [NameNotNumber(typeof(ImportStatus))]
        public ImportStatus[]? Status { get; set; }

        private ImportHistoryFilter? _filter;

        /// <summary>-Since later than -Until selects nothing: refused (InvalidTimeRange), as the change history's cmdlets refuse it.</summary>
        protected override void BeginProcessingCore()
        {
            // As given, not cut to the change history's microseconds: an import's StartedAt keeps what its store keeps (SQLite
            // 100 ns), and -Until $entry.StartedAt must include that entry.
            HistoryTimeRange.Check(Since, Until);
            SayWindow(Since, Until, "Imports started");
            if (Source != null || Since != null || Until != null || Status != null)
            {
                _filter = new ImportHistoryFilter { Source = Source, Since = Since, Until = Until, Statuses = Status };
            }
        }

        private bool _clearedWindowSaid;

        protected override void ProcessRecordCore()
        {
            if (Id == null)
            {
                IReadOnlyList<ImportHistoryEntry> entries = Store.GetImportHistory(null, Last, _filter);
                if (!_clearedWindowSaid)
                {
                    // A retention clear forgot the imports before its date that no entry left names (ImportHistoryRetention): a window
                    // that reaches before it is said to lack them, as the change history's cmdlets say it (walkthrough 35, 1); the
                    // newest N all found after that date lack nothing (walkthrough 44, 5).
                    _clearedWindowSaid = true;
                    DateTimeOffset? wholeFrom = ChangeHistory.NewestWholeFrom(Last, entries.Count,
                        entries.Count > 0 ? entries.Min(entry => entry.StartedAt.ToUniversalTime()) : null);
                    if (Store is IHistoryStore history
                        && new ChangeHistory(history).ClearedWindowWarning(Since?.ToUniversalTime(), "Imports that ended, and that no entry left names,", wholeFrom) is string cleared)
                    {
                        WriteWarning(cleared);
                    }
                }

                WriteObject(entries, enumerateCollection: true);
                return;
            }

            foreach (long id in Id)
            {
                ImportHistoryLookup found = Store.FindImportHistory(id, _filter);
                if (found.Entry != null)
                {
                    WriteObject(found.Entry);
                }
                else if (!found.Exists)
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException($"No import has the history Id {id}. "
                        + "An import ended from outside (its process killed, its connection to the store lost for good) records nothing, though it said its Id."), "ImportNotFound", ErrorCategory.ObjectNotFound, id));
                }

                // An import the filter leaves out is not written, as a filter that matches nothing writes nothing.
            }
        }
    }
}
