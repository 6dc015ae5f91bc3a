using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Threading;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Users;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Bulk-imports users and devices from CSV files or from piped objects whose property names are
    /// the CSV header names. Each file (and the whole piped stream) is one all-or-nothing import.
    /// </summary>
    [Cmdlet(VerbsData.Import, "BmgDeviceCsv", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
    [OutputType(typeof(ImportSummary), typeof(ImportRowResult))]
    public sealed class ImportBmgDeviceCsvCommand : BmgCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string InputObjectSet = "InputObject";
        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

        /// <summary>CSV files; wildcards allowed.</summary>
        [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0)]
        [SupportsWildcards]
        public string[] Path { get; set; } = new string[0];

        /// <summary>CSV files, taken exactly as written.</summary>
        [Parameter(ParameterSetName = LiteralPathSet, Mandatory = true)]
        [Alias("PSPath", "LP")]
        public string[] LiteralPath { get; set; } = new string[0];

        /// <summary>
        /// Rows as objects whose property names are the header names (Import-Csv output, [pscustomobject]s).
        /// A piped file (Get-ChildItem) or string is taken as a path instead.
        /// </summary>
        [Parameter(ParameterSetName = InputObjectSet, Mandatory = true, ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>The file encoding: an [System.Text.Encoding], a PowerShell encoding name, a code page number or name (932, shift_jis). Default: detected.</summary>
        [Parameter]
        [EncodingArgumentTransformation]
        [ArgumentCompleter(typeof(EncodingCompleter))]
        public string? Encoding { get; set; }

        [Parameter]
        public char Delimiter { get; set; } = ',';

        /// <summary>Write the valid rows and report the failed ones, instead of writing nothing when a row fails.</summary>
        [Parameter]
        public SwitchParameter SkipInvalidRows { get; set; }

        /// <summary>Write one result per row instead of the summary.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>
        /// A CSV file that receives the failed rows as they were read: the file's own header and cells, in its
        /// encoding, so it can be fixed (in Excel) and imported again as it is. Its folder must exist.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? FailedRowsPath { get; set; }

        private Encoding? _encoding;
        private ImportRun? _pipelineRun;
        private readonly Dictionary<string, ImportHeader> _headersBySignature = new Dictionary<string, ImportHeader>(StringComparer.Ordinal);
        private readonly List<string?> _cells = new List<string?>();
        // Set by StopProcessing on another thread (Ctrl+C), read between rows.
        private volatile bool _stopping;
        // Cancels a file read that is not between rows (a slow pipe, an endless device) on Ctrl+C.
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        private readonly List<string> _failedImports = new List<string>();
        private FailedRowsFile? _failedRows;
        private string? _failedRowsFile;
        private bool _importedInBegin;

        protected override void BeginProcessingCore()
        {
            CheckDelimiter(Delimiter);
            if (FailedRowsPath != null)
            {
                _failedRowsFile = ResolveOutputFile(FailedRowsPath, nameof(FailedRowsPath));
            }

            if (Encoding != null)
            {
                if (!EncodingArgument.TryResolve(Encoding, out Encoding encoding, out ErrorRecord? error))
                {
                    ThrowTerminatingError(error!);
                }

                _encoding = encoding;
            }

            // Files named on the command line are imported here, before any later command of the pipeline
            // begins: an Export-Csv into a missing folder fails in its own BeginProcessing, and must find
            // the import already settled, not prevent it.
            if (ParameterSetName != InputObjectSet && !MyInvocation.ExpectingInput)
            {
                ImportGivenFiles();
                _importedInBegin = true;
            }
        }

        protected override void ProcessRecordCore()
        {
            if (!_importedInBegin)
            {
                ImportGivenFiles();
            }
        }

        private void ImportGivenFiles()
        {
            switch (ParameterSetName)
            {
                case PathSet:
                    ImportFiles(Path, literal: false);
                    break;
                case LiteralPathSet:
                    ImportFiles(LiteralPath, literal: true);
                    break;
                default:
                    ImportObject(InputObject);
                    break;
            }
        }

        protected override void EndProcessingCore()
        {
            FinishPipelineRun();
            if (_failedImports.Count != 0)
            {
                // Every file was tried; now the command fails, so try/catch and -ErrorAction Stop see it.
                string message = _failedImports.Count == 1
                    ? _failedImports[0]
                    : $"{_failedImports.Count} imports failed and wrote nothing: " + string.Join(" ", _failedImports);
                ThrowTerminatingError(new ErrorRecord(new BmgException(ErrorIds.ImportFailed, BmgErrorCategory.InvalidData, message),
                    ErrorIds.ImportFailed, ErrorCategory.InvalidData, null));
            }
        }

        private void FinishPipelineRun()
        {
            if (_pipelineRun != null)
            {
                ImportRun run = _pipelineRun;
                _pipelineRun = null;
                Finish(run);
            }
        }

        /// <summary>A piped import stopped by Ctrl+C or -ErrorAction Stop is rolled back and recorded as an attempt.</summary>
        protected override void CloseOpenWork()
        {
            _pipelineRun?.Dispose();
            _pipelineRun = null;
        }

        protected override void StopProcessing()
        {
            _stopping = true;
            _cancellation.Cancel();
            // The wait for the store's writer lock (TakeStore) ends with the base class's stop.
            base.StopProcessing();
        }

        // ---- files ----

        private void ImportFiles(string[] paths, bool literal)
        {
            foreach (string path in paths)
            {
                foreach (string file in ResolveFiles(path, literal))
                {
                    ImportFile(file);
                }
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

            using FileStream? stream = OpenFile(file);
            if (stream == null)
            {
                return;
            }

            // One read of the file: the reader detects the encoding and hashes the bytes as the rows are parsed. The import
            // takes the store (waits for another writer's lock) only once its header is read and its reading thread runs.
            // Not for a pipe, a FIFO or stdin (a stream that can't seek): its reading thread may block in a read for as long as
            // the writer stalls, and StoreBusy (which ends that thread) must not wait for it; such a file takes the store first.
            using ImportRun run = StartRun(file, dryRun, null, stream, waitForStore: stream.CanSeek);
            try
            {
                using CsvDecodingReader text = CsvEncoding.OpenText(stream, _encoding, _cancellation.Token);
                string[] cells = new string[0];
                try
                {
                    foreach (ImportRowResult row in DeviceCsvFile.ImportRows(run.Import, text, Delimiter, file, WriteWarning,
                        record => { cells = record.Fields; run.HeaderCells ??= cells; }, () => SayImporting(run.Import.Stages, file, stream, dryRun)))
                    {
                        run.Report(row, cells);
                    }
                }
                finally
                {
                    // The failed rows are written back in the encoding the file was read in.
                    run.Encoding = text.Encoding;
                }

                WriteVerbose($"Read '{file}' ({text.BytesRead:N0} bytes, {text.EncodingName}{(_encoding == null ? ", detected" : "")}).");
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            catch (CsvFormatException e)
            {
                run.Import.Abandon(e.LineNumber, e.ErrorId, e.Message);
                ThrowTerminatingError(new ErrorRecord(e, e.ErrorId, ErrorCategory.ParserError, file)
                {
                    ErrorDetails = new ErrorDetails($"'{file}' can't be read: {e.Message} Nothing was imported."),
                });
            }
            catch (BmgException e)
            {
                // A header that can't be read stops the command before any row, as the spec says.
                run.Import.Abandon(e is ImportHeaderException header ? header.Line : 1, e.ErrorId, e.Message);
                if (e is ImportHeaderException several && several.Problems.Count > 1)
                {
                    ReportHeaderProblems(several);
                }

                ThrowTerminatingError(ToErrorRecord(e));
            }

            Finish(run);
        }

        /// <summary>
        /// Said once the import holds the store (its transaction is open), before the first row: a script (and the Ctrl+C
        /// tests) can tell the import is under way, and a stop from here on is recorded as an attempt.
        /// </summary>
        private void SayImporting(ImportStages stages, string file, FileStream stream, bool dryRun)
        {
            // Ctrl+C while the import waited for the store: it stops here, before any row (rolled back, recorded as an attempt).
            if (_stopping)
            {
                throw new PipelineStoppedException();
            }

            WriteVerbose($"Importing '{file}'{(stream.CanSeek ? $" ({stream.Length:N0} bytes)" : "")}.");
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
                return new ImportRun(this, waitForStore
                    ? DeviceImport.WaitingForStore(Store, Mode, dryRun, source, sha256: sha256, command: command)
                    : new DeviceImport(Store, Mode, dryRun, source, sha256: sha256, command: command), source, stream);
            }
            catch (BmgException e)
            {
                ThrowTerminatingError(ToErrorRecord(e));
                throw; // not reached: ThrowTerminatingError always throws
            }
        }

        // ---- piped objects ----

        private void ImportObject(PSObject? input)
        {
            object? value = input?.BaseObject;
            if (value is FileInfo fileInfo)
            {
                ImportFile(fileInfo.FullName);
                return;
            }

            if (value is string path)
            {
                ImportFiles(new[] { path }, literal: false);
                return;
            }

            if (input == null)
            {
                return;
            }

            if (_pipelineRun == null)
            {
                bool dryRun = DecideDryRun("pipeline input");
                if (dryRun && !WhatIfRequested)
                {
                    return;
                }

                _pipelineRun = StartRun("pipeline", dryRun, null, null);
            }

            ImportRun run = _pipelineRun;
            ImportHeader header;
            _cells.Clear();
            var names = new List<string>();
            ReadRow(input, names, _cells);

            try
            {
                header = HeaderFor(names, run.RowCount + 2);
            }
            catch (BmgException e)
            {
                _pipelineRun = null;
                run.Import.Abandon(run.RowCount + 2, e.ErrorId, e.Message);
                run.Dispose();
                if (e is ImportHeaderException headerProblems && headerProblems.Problems.Count > 1)
                {
                    ReportHeaderProblems(headerProblems);
                }

                ThrowTerminatingError(ToErrorRecord(e));
                return;
            }

            // Piped rows have no file line; they are numbered as a one-line-per-row file would be (header = line 1).
            // The module's own objects carry stored values: an apostrophe there is data, not an export's formula escape.
            bool moduleObject = input.BaseObject is Device || input.BaseObject is User || input.BaseObject is DeviceDepLink;
            ImportRowResult result;
            try
            {
                result = run.Import.ImportRow(header, run.RowCount + 2, _cells, unescapeFormulas: !moduleObject);
            }
            catch (BmgException e)
            {
                // The store failed under a chunk's write (the server gone, a full disk): rolled back, recorded as an
                // attempt where the store still takes it, and the command stops with the store's own error.
                _pipelineRun = null;
                run.Import.Abandon(run.RowCount + 2, e.ErrorId, e.Message);
                run.Dispose();
                ThrowTerminatingError(ToErrorRecord(e));
                return;
            }

            run.Report(result, result.Failed && FailedRowsPath != null ? NamedCells(names, _cells) : null);
        }

        /// <summary>A piped row's names and values, alternating, so its failed-rows line can be written under any header.</summary>
        private static List<string?> NamedCells(List<string> names, List<string?> cells)
        {
            var named = new List<string?>(names.Count * 2);
            for (int i = 0; i < names.Count; i++)
            {
                named.Add(names[i]);
                named.Add(cells[i]);
            }

            return named;
        }

        /// <summary>
        /// A piped object as a row: a hashtable's keys, else the object's property names, matched to the columns
        /// ignoring case as PowerShell matches property names (DepMethod is DEPMethod). The module's own objects
        /// also carry properties that are not columns (State, CreatedAt, DepDevice...): those are left out, so
        /// Get-BmgDevice output imports as it is. Any other object's unknown names are header errors.
        /// </summary>
        private static void ReadRow(PSObject input, List<string> names, List<string?> cells)
        {
            if (input.BaseObject is IDictionary dictionary)
            {
                foreach (DictionaryEntry entry in dictionary)
                {
                    names.Add(ColumnName(entry.Key?.ToString() ?? ""));
                    cells.Add(CellText(entry.Value));
                }

                return;
            }

            bool moduleObject = input.BaseObject is Device || input.BaseObject is User || input.BaseObject is DeviceDepLink;
            foreach (PSPropertyInfo property in input.Properties)
            {
                string name = ColumnName(property.Name);
                if (moduleObject && !FieldKeys.TryFind(name, out _))
                {
                    continue;
                }

                names.Add(name);
                cells.Add(CellText(property));
            }
        }

        private static string ColumnName(string propertyName) =>
            FieldKeys.TryFind(propertyName.Trim(), out FieldKey key) ? key.ToString() : propertyName;

        private static string? CellText(PSPropertyInfo property)
        {
            try
            {
                return CellText(property.Value);
            }
            catch (GetValueException)
            {
                return null;
            }
        }

        private static string? CellText(object? value)
        {
            return value switch
            {
                null => "",
                PSObject wrapped when wrapped.BaseObject is string s => s,
                PSObject wrapped => CellText(wrapped.BaseObject),
                string s => s,
                System.Collections.IEnumerable list => string.Join("|", ToStrings(list)),
                _ => LanguagePrimitives.ConvertTo<string>(value),
            };
        }

        private static IEnumerable<string> ToStrings(System.Collections.IEnumerable list)
        {
            foreach (object? item in list)
            {
                yield return LanguagePrimitives.ConvertTo<string>(item) ?? "";
            }
        }

        private ImportHeader HeaderFor(List<string> names, int line)
        {
            string signature = string.Join("\u001f", names);
            if (!_headersBySignature.TryGetValue(signature, out ImportHeader? header))
            {
                header = ImportHeader.Parse(names, line, "properties of the piped object");
                _headersBySignature.Add(signature, header);
            }

            return header;
        }

        // ---- shared ----

        private ImportMode Mode => SkipInvalidRows ? ImportMode.SkipInvalidRows : ImportMode.AllOrNothing;

        private bool WhatIfRequested { get; set; }

        /// <summary>Real import, or a dry run under -WhatIf. -Confirm answered No: neither.</summary>
        private bool DecideDryRun(string source)
        {
            if (ShouldProcess($"Performing the operation \"Import users and devices\" on target \"{source}\".",
                $"Import users and devices from \"{source}\"?", "Import-BmgDeviceCsv", out ShouldProcessReason reason))
            {
                return false;
            }

            WhatIfRequested = (reason & ShouldProcessReason.WhatIf) != 0;
            return true;
        }

        /// <summary>Each problem of a header as its own error record (the first twenty of them).</summary>
        private void ReportHeaderProblems(ImportHeaderException header)
        {
            foreach (RecordError problem in header.Problems.Take(ImportHeaderException.ProblemsShown))
            {
                WriteError(new ErrorRecord(new BmgException(problem.ErrorId, problem.Category, problem.Message, problem.Value),
                    problem.ErrorId, ToCategory(problem.Category), problem.Value));
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
                ImportSummary summary;
                try
                {
                    summary = run.Complete();
                }
                catch (BmgException e)
                {
                    ThrowTerminatingError(ToErrorRecord(e));
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
                    WriteError(ToErrorRecord(e));
                }

                WriteVerbose(run.Import.Stages.ToString());

                WriteVerbose(summary.WhatIf
                    ? $"What if: {summary.Rows} rows checked; nothing was written (transaction rolled back)."
                    : summary.Committed
                        ? $"{summary.Rows} rows imported in one transaction: {summary.Created} created, {summary.Updated} updated, {summary.Unchanged} unchanged, {summary.Failed} failed; {summary.EmailsQueued} check-in emails queued."
                        : "The transaction was rolled back; nothing was written.");
                if (!summary.WhatIf && !summary.Committed)
                {
                    // The other files still get their turn; EndProcessing then fails the command.
                    _failedImports.Add($"{summary.Failed} of {summary.Rows} rows of '{summary.Source}' failed, so nothing was imported from it. Fix the rows reported above, or use -SkipInvalidRows to import the valid rows.");
                    return;
                }

                if (!PassThru)
                {
                    WriteObject(summary);
                }
            }
        }

        /// <summary>Writes the import's failed rows to -FailedRowsPath, before any row is reported.</summary>
        private void WriteFailedRows(ImportRun run)
        {
            if (FailedRowsPath == null || run.Import.Summary.Failed == 0 || run.Import.Summary.WhatIf)
            {
                return;
            }

            try
            {
                _failedRows ??= new FailedRowsFile(_failedRowsFile!, Delimiter, Store.Location);
                string? skipped = _failedRows.Write(run.Source, run.HeaderCells, run.Encoding ?? _encoding, run.FailedRows());
                if (skipped != null)
                {
                    WriteWarning(skipped);
                }
            }
            catch (BmgException e)
            {
                // The failed-rows path is the store: refused, and the import stays settled as reported.
                WriteError(ToErrorRecord(e));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // The import is settled already; a failed-rows file that can't be written is reported, not fatal.
                WriteError(new ErrorRecord(new BmgException(ErrorIds.FileWriteFailure, BmgErrorCategory.WriteError,
                    $"The failed rows could not be written to '{FailedRowsPath}': {e.Message} The import itself is settled as reported.", FailedRowsPath, e),
                    ErrorIds.FileWriteFailure, ErrorCategory.WriteError, FailedRowsPath));
            }
        }

        /// <summary>One import in progress: its rows are imported and spooled; they are reported once the import is settled.</summary>
        private sealed class ImportRun : IDisposable
        {
            private readonly ImportBmgDeviceCsvCommand _cmdlet;
            private readonly string _source;
            private readonly Stream? _stream;
            private readonly Stopwatch _sinceProgress = Stopwatch.StartNew();
            private readonly string _activity;
            private readonly RowResultSpool _spool = new RowResultSpool();
            private ProgressRecord? _lastProgress;

            public ImportRun(ImportBmgDeviceCsvCommand cmdlet, DeviceImport import, string source, Stream? stream)
            {
                _cmdlet = cmdlet;
                Import = import;
                _source = source;
                _stream = stream;
                _activity = $"Importing {source}";
            }

            public DeviceImport Import { get; }

            public string Source => _source;

            public int RowCount { get; private set; }

            /// <summary>The file's header as read; null for piped objects, whose failed rows carry their names.</summary>
            public string[]? HeaderCells { get; set; }

            /// <summary>The file's encoding, for the failed-rows file.</summary>
            public Encoding? Encoding { get; set; }

            /// <summary>Imports nothing itself: keeps what must be reported about the row until the import is settled.</summary>
            public void Report(ImportRowResult row, IReadOnlyList<string?>? cells)
            {
                RowCount++;
                if (_cmdlet._stopping)
                {
                    throw new PipelineStoppedException();
                }

                bool describe = row.Failed || row.GetWarnings().Count != 0 || _cmdlet.PassThru ||
                    (Import.Summary.WhatIf && row.Outcome != RecordAction.Unchanged);
                if (describe)
                {
                    _spool.Add(row, row.Failed && _cmdlet.FailedRowsPath != null ? cells : null);
                }

                ShowProgress();
            }

            public IEnumerable<IReadOnlyList<string?>> FailedRows()
            {
                foreach (SpooledRow spooled in _spool.Read())
                {
                    if (spooled.Result.Failed && spooled.Cells != null)
                    {
                        yield return spooled.Cells;
                    }
                }
            }

            /// <summary>Reports every spooled row, in order; called once the import is settled.</summary>
            public void ReportRows()
            {
                foreach (SpooledRow spooled in _spool.Read())
                {
                    ReportRow(spooled.Result);
                }
            }

            private void ReportRow(ImportRowResult row)
            {
                if (_cmdlet._stopping)
                {
                    throw new PipelineStoppedException();
                }

                foreach (string warning in row.GetWarnings())
                {
                    _cmdlet.WriteWarning($"Line {row.Line}: {warning}");
                }

                if (row.Failed)
                {
                    RecordError first = row.GetErrors()[0];
                    _cmdlet.WriteError(new ErrorRecord(new BmgException(first.ErrorId, first.Category, row.Error!, row), first.ErrorId,
                        ToCategory(first.Category), row));
                }
                else if (Import.Summary.WhatIf && row.Outcome != RecordAction.Unchanged)
                {
                    DescribeWhatIf(row);
                }

                // A refused import wrote nothing: only its failed rows are results; no row may claim Created.
                if (_cmdlet.PassThru && (row.Failed || Import.Summary.Committed || Import.Summary.WhatIf))
                {
                    _cmdlet.WriteObject(row);
                }
            }

            private void ShowProgress()
            {
                // Throttled by time: a record per row would cost more than the import itself.
                if (_sinceProgress.Elapsed >= ProgressInterval)
                {
                    _sinceProgress.Restart();
                    // A new record each time: whoever collects progress records (a runspace's Streams.Progress) keeps the reference.
                    var progress = new ProgressRecord(1, _activity, $"{RowCount:N0} rows");
                    if (_stream != null && _stream.CanSeek && _stream.Length > 0)
                    {
                        progress.PercentComplete = (int)Math.Min(100, _stream.Position * 100 / _stream.Length);
                    }

                    _cmdlet.WriteProgress(progress);
                    _lastProgress = progress;
                }
            }

            private void DescribeWhatIf(ImportRowResult row)
            {
                var text = new StringBuilder($"Line {row.Line}: ");
                if (row.UserName != null)
                {
                    text.Append($"{row.UserAction} user '{row.UserName}'");
                }

                if (row.Identifier != null)
                {
                    text.Append(row.UserName != null ? ", " : "").Append($"{row.DeviceAction} device '{row.Identifier}'");
                }

                text.Append(": ").Append(row.Changes);

                // Under -WhatIf this only prints "What if: <text>", the way every cmdlet reports what it would do.
                _cmdlet.ShouldProcess(text.ToString(), null, null);
                foreach (FieldChange change in row.GetFieldChanges())
                {
                    if (change.IsCleared)
                    {
                        _cmdlet.WriteWarning($"Line {row.Line}: {change.Field} '{change.OldValue}' would be CLEARED: a blank cell clears the registered value.");
                    }
                }
            }

            public ImportSummary Complete() => Import.Complete();

            public void Dispose()
            {
                Import.Dispose();
                _spool.Dispose();
                if (_lastProgress != null)
                {
                    var completed = new ProgressRecord(1, _activity, _lastProgress.StatusDescription)
                    {
                        PercentComplete = _lastProgress.PercentComplete,
                        RecordType = ProgressRecordType.Completed,
                    };
                    _lastProgress = null;
                    _cmdlet.WriteProgress(completed);
                }
            }
        }
    }

    public sealed class EncodingCompleter : FixedValuesCompleter
    {
        public EncodingCompleter()
            : base("utf8", "utf8BOM", "utf8NoBOM", "unicode", "bigendianunicode", "utf32", "ascii", "latin1", "932", "shift_jis")
        {
        }
    }
}
