using System;
using System.IO;
using System.Management.Automation;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Text;

namespace BizMobileGo.PowerShell
{
    // How an import ends: settled first (committed, or rolled back and recorded), then reported: header problems, row
    // warnings, errors and results, the failed-rows file, the summary. Only a warning that would stop the command comes first.
    public sealed partial class ImportBmgDeviceCsvCommand
    {
        /// <summary>The tag of the information record that says an import is not in the import history (<see cref="SayNotRecorded"/>).</summary>
        public const string NotRecordedTag = "BmgImportNotRecorded";

        /// <summary>
        /// An import that ended before its commit (stopped, or failing) whose attempt record could not be written (the server
        /// gone): said, so that the history's silence is not read as "it never ran" (left34a's leftover), as a warning after a
        /// stop is (<see cref="BmgCmdlet.WarnAfterStop"/>, tagged <see cref="NotRecordedTag"/>).
        /// </summary>
        private void SayNotRecorded(string source, string why) =>
            WarnAfterStop($"The import of '{Core.Fields.FieldText.Printable(source)}' is not in the import history: it ended before its commit "
                + $"(nothing of it was written), and its record could not be written: {why.TrimEnd()}", NotRecordedTag);

        /// <summary>The tag of the information record that gives an import's import history Id as it starts (<see cref="SayImportId"/>).</summary>
        public const string ImportIdTag = "BmgImportId";

        /// <summary>
        /// A real import's import history Id, said as soon as the import holds the store: a script (or an admin who stops a long
        /// import) ties Get-BmgImportHistory -Id and the change entries' ImportId to this import while it runs or after it
        /// ended, however it ended (round 36, left36). An information record tagged <see cref="ImportIdTag"/> whose MessageData
        /// is the Id (hidden unless -InformationAction Continue, or caught with 6>&amp;1 or Streams.Information), and a verbose line.
        /// </summary>
        /// <remarks>
        /// Said again, with its new Id, when a stopped or failed import's attempt record could not take the Id it said (SQLite: a
        /// writer that came between its rollback and its record took it): the last BmgImportId record is the one. That may be
        /// after a stop, which takes information records but no verbose line.
        /// </remarks>
        private void SayImportId(string source, long id)
        {
            WriteInformation(id, new[] { ImportIdTag });
            try
            {
                SayVerbose($"The import of '{Core.Fields.FieldText.Printable(source)}' is import {id}: Get-BmgImportHistory -Id {id} shows it once it ends, "
                    + $"however it ends (only an import ended from outside, its process killed or its connection lost for good, records nothing), "
                    + $"and its change entries carry ImportId {id}.");
            }
            catch (PipelineStoppedException)
            {
                // Stopping: the information record above says it.
            }
        }

        /// <summary>
        /// Settles the import (commit, or roll back and record the refusal) and only then reports it: row
        /// warnings, errors and results, the failed-rows file, the summary. Whatever happens to that output
        /// downstream (Select-Object -First, a failing Export-Csv, Ctrl+C) can't change what was imported.
        /// </summary>
        private void Finish(ImportRun run)
        {
            using (run)
            {
                // A warning that stops the command (-WarningAction Stop) or asks (Inquire) is said before the commit, as
                // New-BmgDevice's is before its device is written: a stop then leaves the store as it was, and the import
                // history says Stopped (walkthrough 30, finding 4). Otherwise every finding waits for the settled import.
                // Warnings asked already from a dry plan, before the write lock (WarningsFirst), are not asked again here: any
                // other (another writer's change meanwhile) follows the commit, with the rows, as -Confirm's stale values do.
                // A file imported before, whose rows undo later work, is said before the commit whatever the preference.
                run.SayRepeatedFile();
                // So is a row that sets a field back over a colleague's recent change, or creates again what was removed recently.
                run.SayUndoneWork();
                if (run.Import.CommitsOnComplete && WarningActsOnEach() && _warningsAsked == null)
                {
                    try
                    {
                        run.ReportWarningsBeforeCommit();
                        SayFailedRowsLeftOutBeforeCommit(run);
                    }
                    catch (BmgException e)
                    {
                        // The row results could not be read back (the temporary folder failed) before the commit: the import
                        // is given up with that reason (its history says why), not committed unreported.
                        run.Import.Abandon(0, e.ErrorId, e.Message);
                        ThrowTerminatingError(ImportStoppedRecord(e, WhatIfRequested));
                    }
                }

                ImportSummary summary;
                try
                {
                    summary = run.Complete();
                }
                catch (BmgException e)
                {
                    ThrowTerminatingError(ImportStoppedRecord(e, WhatIfRequested));
                    throw; // not reached
                }

                WriteFailedRows(run);
                try
                {
                    run.ReportRows();
                }
                catch (BmgException e)
                {
                    // The row results could not be read back (the temporary folder failed): the import is settled,
                    // so this is reported and the summary still follows.
                    WriteError(ImportStoppedRecord(e, WhatIfRequested));
                }

                // The DEP links the rows set that check-in will refuse, once, after the rows (unless said before the commit).
                run.SayDepLinks();
                WriteVerbose(run.Import.Stages.ToString());
                if (run.NameOnlyUsersWarning(summary, _warningsAsked) is string nameOnly)
                {
                    // Once an import, after its rows (unless said or asked before the commit): the module's Device objects
                    // piped from another store name their users only.
                    WriteWarning(nameOnly);
                }

                // "1 row", "2 rows": EnglishWords, as every message counts.
                WriteVerbose(summary.WhatIf
                    ? $"What if: {EnglishWords.Amount(summary.Rows, "row")} checked; nothing was written to the store{(summary.Refused ? "" : " (the dry run keeps what the file would write, for the files after it)")}."
                    : summary.Committed
                        ? $"{EnglishWords.Amount(summary.Rows, "row")} imported in one transaction: {summary.Created} created, {summary.Updated} updated, {summary.Unchanged} unchanged, {summary.Failed} failed; "
                            + $"{EnglishWords.Amount(summary.UsersCreated, "user")} created and {summary.UsersUpdated} updated; {EnglishWords.Amount(summary.EmailsQueued, "check-in email")} queued."
                        : "The transaction was rolled back; nothing was written.");
                if (summary.Refused)
                {
                    // The other files still get their turn; EndProcessing then fails the command. A dry run ends the same way
                    // (its summary says Created 0 first): a pre-flight -WhatIf in try/catch sees the refusal the real run
                    // would meet.
                    ImportRefused(summary.Source, $"{summary.Failed} of {EnglishWords.Amount(summary.Rows, "row")} of '{summary.Source}' failed", summary.WhatIf,
                        FixFailedItems("rows", SkipInvalidRows));
                }

                // A refused file's summary too (Refused = True, its import history's HistoryId), in the real run as in a dry run
                // and as Import-BmgDepDevice writes it: one summary an import, so a nightly `$r | Export-Csv` or
                // `$r | Where-Object Refused` sees every file, not only the imported ones (walkthrough 28, finding 10).
                if (!PassThru)
                {
                    WriteObject(summary);
                }
            }
        }

        /// <summary>Writes the import's rows that were not written (FailedRowsFile.RowsOf) to -FailedRowsPath, before any row is reported.</summary>
        private void WriteFailedRows(ImportRun run)
        {
            if (!WritesFailedRows(run))
            {
                return;
            }

            string? saidBeforeCommit = _failedRowsLeftOutSaid;
            _failedRowsLeftOutSaid = null;
            WithFailedRowsFile(failedRows =>
            {
                string? warning = failedRows.Write(run.Source, run.HeaderCells, run.Encoding ?? _encoding, run.FailedRows(), run.Delimiter);
                return warning == saidBeforeCommit ? null : warning;
            }, run.Import.Summary);
        }

        /// <summary>
        /// The -FailedRowsPath file could not be written (<paramref name="why"/>, the system's words): the import stands, and the
        /// message says where its failed rows are now and how to get the file (walkthrough 33b, 5: a disk full said only
        /// "No space left on device The import itself is settled as reported.", the last of thousands of row errors).
        /// </summary>
        private string FailedRowsNotWritten(string why, ImportSummary? rowsOf)
        {
            string where = rowsOf?.HistoryId is long id
                ? $": its {EnglishWords.Amount(rowsOf.Failed, "failed row")} are still in '{rowsOf.Source}', and their lines and errors in its import history ((Get-BmgImportHistory -Id {id}).Errors)"
                : "";
            return $"The failed rows could not be written to '{FailedRowsPath}': {why.TrimEnd().TrimEnd('.')}. The import itself is settled as reported{where}. "
                + "To get the file, clear what stopped it (free some space, get write permission) or name another -FailedRowsPath, and run the same import again: "
                + "the rows it imported are then unchanged, and the failed rows fail again, into the file.";
        }

        private bool WritesFailedRows(ImportRun run) => FailedRowsPath != null && run.Import.Summary.Failed != 0 && !run.Import.Summary.WhatIf;

        // The warning that a -SkipInvalidRows file's failed rows can't go into the rejected file, said before its commit.
        private string? _failedRowsLeftOutSaid;

        /// <summary>
        /// Under a warning preference that stops (or asks) at each warning: the rejected file's warning for this file's failed
        /// rows (another file's header, encoding or delimiter there), known before the commit, is said before it, as the rows'
        /// warnings are; a stop then writes nothing of the file. Said once: not again when the rows are written.
        /// </summary>
        private void SayFailedRowsLeftOutBeforeCommit(ImportRun run)
        {
            if (_failedRows != null && WritesFailedRows(run)
                && _failedRows.WouldLeaveOut(run.Source, run.HeaderCells, run.Encoding ?? _encoding, run.Delimiter) is string leftOut)
            {
                _failedRowsLeftOutSaid = leftOut;
                WriteWarning(leftOut);
            }
        }

        /// <summary>
        /// A file refused before its rows were read (its header, its bytes): with -FailedRowsPath, a warning that its rows are
        /// not in the rejected file (<see cref="FailedRowsFile.LeaveOut"/>). Not under -WhatIf, which writes no rejected file.
        /// </summary>
        private void LeaveOutOfFailedRows(string file, string errorId, bool dryRun)
        {
            if (FailedRowsPath != null && !dryRun)
            {
                WithFailedRowsFile(failedRows => failedRows.LeaveOut(file, errorId));
            }
        }

        /// <summary>Once every file had its turn: whose rows the rejected file holds, if some file's rows were left out of it.</summary>
        private void SayWhoseRowsTheFailedRowsFileHolds()
        {
            if (_failedRows?.Holds() is string holds)
            {
                WriteWarning(holds);
            }
        }

        /// <summary>
        /// Does <paramref name="use"/> with the -FailedRowsPath file, made at its first use; a warning it returns is written.
        /// <paramref name="rowsOf"/>: the import whose failed rows are written, for where they are if the file can't be.
        /// </summary>
        private void WithFailedRowsFile(Func<FailedRowsFile, string?> use, ImportSummary? rowsOf = null)
        {
            try
            {
                _failedRows ??= new FailedRowsFile(_failedRowsFile!, Delimiter, Store.Location, NoClobber);
                string? warning = use(_failedRows);
                if (warning != null)
                {
                    WriteWarning(warning);
                }
            }
            catch (BmgException e)
            {
                // The failed-rows path became the store since the command began (checked then: FailedRowsFile.CheckTarget),
                // its folder swapped for a link: refused, and the import stays settled as reported.
                WriteError(ImportStoppedRecord(e, WhatIfRequested));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // The import is settled already; a failed-rows file that can't be written is reported, not fatal.
                WriteError(new ErrorRecord(new BmgException(ErrorIds.FileWriteFailure, BmgErrorCategory.WriteError,
                    FailedRowsNotWritten(e.Message, rowsOf), FailedRowsPath, e),
                    ErrorIds.FileWriteFailure, ErrorCategory.WriteError, FailedRowsPath));
            }
        }
    }
}
