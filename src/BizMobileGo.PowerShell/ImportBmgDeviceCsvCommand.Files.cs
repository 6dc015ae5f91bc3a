using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;

namespace BizMobileGo.PowerShell
{
    // Files (-Path, -LiteralPath, a piped file or path): each resolved, opened and imported in turn as one import of its own,
    // its delimiter decided, and a file that can't be imported reported while the next one still gets its turn.
    public sealed partial class ImportBmgDeviceCsvCommand
    {
        /// <param name="givenAs">How the paths were given (-Path, -LiteralPath, piped), for CSV text given as one.</param>
        private void ImportFiles(string[] paths, bool literal, string givenAs)
        {
            var files = new List<string>();
            foreach (string path in paths)
            {
                if (RefusedAsCsvText(path, givenAs, literal))
                {
                    continue;
                }

                // A missing file, or a pattern that named none (an empty drop folder, a share not mounted), wrote nothing as
                // surely as a refused file: the command ends in ImportFailed, so a nightly job whose input never came fails.
                files.AddRange(ResolveFiles(path, literal, NothingImportedFrom));
            }

            ImportResolvedFiles(files);
        }

        /// <summary>
        /// Imports each file in turn; a -FailedRowsPath that is one of them stops the command first, before any of them is
        /// read or the failed-rows file written.
        /// </summary>
        private void ImportResolvedFiles(IReadOnlyList<string> files)
        {
            if (_failedRowsFile != null)
            {
                foreach (string file in files)
                {
                    try
                    {
                        FailedRowsFile.RefuseInput(_failedRowsFile, file);
                    }
                    catch (BmgException e)
                    {
                        ThrowTerminatingError(ToErrorRecord(e));
                    }
                }
            }

            foreach (string file in files)
            {
                ImportFile(file);
            }
        }

        private void ImportFile(string file)
        {
            // All piped rows so far are one import; a piped file is another, so that one ends here.
            FinishPipelineRun();
            bool dryRun = DecideDryRun(file);
            if (dryRun && !WhatIfRequested)
            {
                return; // -Confirm answered No.
            }

            using FileStream? stream = OpenFile(file, out ErrorRecord? openError);
            if (stream == null)
            {
                NothingImportedFrom(file, openError!);
                LeaveOutOfFailedRows(file, openError!.FullyQualifiedErrorId.Split(',')[0], dryRun);
                return;
            }

            // One read of the file: the reader detects the encoding and hashes the bytes as the rows are parsed. The import
            // takes the store (waits for another writer's lock) only once its header is read and its reading thread runs.
            // Not for a pipe, a FIFO or stdin (a stream that can't seek): its reading thread may block in a read for as long as
            // the writer stalls, and StoreBusy (which ends that thread) must not wait for it; such a file takes the store first.
            using ImportRun run = StartRun(file, dryRun, null, stream, waitForStore: stream.CanSeek);
            try
            {
                ImportFileRows(run, file, stream, dryRun);
            }
            finally
            {
                _warningsAsked = null;
            }
        }

        // Its loop over the rows would otherwise run unoptimized, then be compiled again mid-loop (OSR) and once more later.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row: see BmgCmdlet.Store
        private void ImportFileRows(ImportRun run, string file, FileStream stream, bool dryRun)
        {
            // A warning that asks (-WarningAction Inquire) is asked from a dry plan of the whole file, before the import takes
            // the store's write lock, as -Confirm's prompt is (WarningsFirst). Only a file that can be read twice; a pipe, a
            // FIFO or stdin is asked under the lock, as before.
            if (!dryRun && stream.CanSeek && WarningAsks())
            {
                AskWarningsFirst(run, file);
            }

            try
            {
                using CsvDecodingReader text = CsvEncoding.OpenText(stream, _encoding, StopToken);
                string[] cells = new string[0];
                try
                {
                    char delimiter = DelimiterOf(text, file);
                    run.Delimiter = delimiter;
                    foreach (ImportRowResult row in DeviceCsvFile.ImportRows(run.Import, text, delimiter, file, WriteWarning,
                        record => { cells = record.Fields; run.HeaderCells ??= cells; }, () => SayImporting(run.Import.Stages, file, stream, dryRun)))
                    {
                        run.Report(row, cells);
                    }
                }
                finally
                {
                    // The failed rows are written back in the encoding the file was read in; an ASCII-only file, which
                    // has no byte to tell, as UTF-8 without a BOM (before: null, written as piped objects are, with a BOM).
                    run.Encoding = text.EncodingRead;
                }

                SayVerbose($"Read '{file}' ({text.BytesRead:N0} bytes, {text.EncodingName}{(_encoding == null ? ", detected" : "")}).");
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception e) when (DeviceCsvFile.IsFileProblem(e))
            {
                // The file can't be imported (its header, its bytes, it changed while read): its own error, and the next
                // file still gets its turn; EndProcessing then fails the command. The history keeps the problem in full.
                var format = e as CsvFormatException;
                var problem = e as BmgException;
                string errorId = format?.ErrorId ?? problem!.ErrorId;
                BmgErrorCategory category = format != null ? BmgErrorCategory.ParserError : problem!.Category;
                int line = format?.LineNumber ?? (e as ImportHeaderException)?.Line ?? 1;
                run.Import.Abandon(line, errorId, e.Message);
                ReportRowsBeforeBreak(run);
                ErrorRecord fileError = e is ImportHeaderException header
                    ? HeaderErrors(header, file)
                    : ToErrorRecord(new BmgException(errorId, category, SourceLine.Of(e.Message, line, file), file, e));
                WriteError(fileError);
                // ImportFailed says the cause in full even though the header's own error was just shown: a nightly job's catch
                // may log only ImportFailed (decision "A refused header is said twice"). A header with several problems: its last
                // error counts them "(each reported above)"; ImportFailed names the first.
                NothingImportedFrom(file, e is ImportHeaderException several && several.Problems.Count > 1
                    ? ImportCause(several.Problems[0].ErrorId, SourceLine.Of(several.Problems[0].Message, several.Line, file),
                        $"the first of the header's {several.Problems.Count} problems")
                    : ImportCause(fileError), fileError.CategoryInfo.Category);
                // Its rows were never read as rows, so -FailedRowsPath can't hold them: said, not left for the admin to find.
                LeaveOutOfFailedRows(file, errorId, dryRun);
                return;
            }
            catch (BmgException e)
            {
                // The store failed (busy, gone, full): the command stops at once, as for every store failure.
                run.Import.Abandon(1, e.ErrorId, e.Message);
                ThrowTerminatingError(ImportStoppedRecord(e, WhatIfRequested));
            }

            Finish(run);
        }

        /// <summary>
        /// -Delimiter, or when it was not given and the header reads only at tabs (Excel's "Unicode text"), a tab, said in a
        /// verbose line: the nightly job's *.csv, *.txt takes every file of the share, each with its own delimiter.
        /// </summary>
        private char DelimiterOf(CsvDecodingReader text, string file, bool say = true)
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Delimiter)))
            {
                return Delimiter;
            }

            char delimiter = DeviceCsvFile.DelimiterOf(text, Delimiter);
            if (delimiter != Delimiter && say)
            {
                SayVerbose($"'{file}': the header has known column names only when split at tabs (as Excel's \"Unicode text\" writes it): reading it as tab-separated. Give -Delimiter to read it otherwise.");
            }

            return delimiter;
        }

        /// <summary>The rows' own errors before the file's: the history entry of the file holds both (see ImportRun.ReportFindingsBeforeBreak).</summary>
        private void ReportRowsBeforeBreak(ImportRun run)
        {
            try
            {
                run.ReportFindingsBeforeBreak();
            }
            catch (BmgException e)
            {
                // The row results could not be read back (the temporary folder failed): the file's own error still follows.
                WriteError(ImportStoppedRecord(e, WhatIfRequested));
            }
        }

        /// <summary>
        /// Said once the import holds the store (its transaction is open), before the first row: a script (and the Ctrl+C
        /// tests) can tell the import is under way, and a stop from here on is recorded as an attempt.
        /// </summary>
        private void SayImporting(ImportStages stages, string file, FileStream stream, bool dryRun)
        {
            // Ctrl+C while the import waited for the store: it stops here, before any row (rolled back, recorded as an attempt).
            if (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }

            SayVerbose($"Importing '{file}'{(stream.CanSeek ? $" ({stream.Length:N0} bytes)" : "")}.");
            // Only for a wait that lasted, and never for -WhatIf (it takes no writer lock).
            if (!dryRun && stages.StoreWaitLine() is string waited)
            {
                WriteVerbose(waited);
            }
        }

        /// <summary>
        /// Starts an import; a store that can't be written (busy, damaged) stops the command with its own error. With
        /// <paramref name="waitForStore"/> the import takes the store later, once its file is being read (<see cref="DeviceCsvFile.ImportRows"/>).
        /// </summary>
        private ImportRun StartRun(string source, bool dryRun, string? sha256, Stream? stream, bool waitForStore = false)
        {
            try
            {
                string command = MyInvocation.MyCommand.Name;
                Action<long> sayId = id => SayImportId(source, id);
                DeviceImport import = waitForStore
                    ? DeviceImport.WaitingForStore(Store, Mode, dryRun, source, sha256: sha256, command: command, changedBy: ChangedByName, historyIdReserved: sayId)
                    : new DeviceImport(Store, Mode, dryRun, source, sha256: sha256, command: command, changedBy: ChangedByName, historyIdReserved: sayId);
                // Recorded in the import's history row, so the file of failed rows (codes verbatim) can be found later.
                import.FailedRowsPath = _failedRowsFile;
                return new ImportRun(this, import, source, stream);
            }
            catch (BmgException e)
            {
                ThrowTerminatingError(ImportStoppedRecord(e, WhatIfRequested));
                throw; // not reached: ThrowTerminatingError always throws
            }
        }
    }
}
