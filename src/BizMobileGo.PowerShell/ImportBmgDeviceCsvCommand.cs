using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Threading;
using BizMobileGo.Core.Csv;
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

        /// <summary>The file encoding: a PowerShell encoding name, a code page number or name (932, shift_jis). Default: detected.</summary>
        [Parameter]
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

        private Encoding? _encoding;
        private ImportRun? _pipelineRun;
        private readonly Dictionary<string, ImportHeader> _headersBySignature = new Dictionary<string, ImportHeader>(StringComparer.Ordinal);
        private readonly List<string?> _cells = new List<string?>();
        // Set by StopProcessing on another thread (Ctrl+C), read between rows.
        private volatile bool _stopping;
        // Cancels a file read that is not between rows (a slow pipe, an endless device) on Ctrl+C.
        private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();
        private readonly List<string> _failedImports = new List<string>();

        protected override void BeginProcessing()
        {
            CheckDelimiter(Delimiter);
            if (Encoding == null)
            {
                return;
            }

            try
            {
                _encoding = CsvEncoding.Resolve(Encoding);
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "UnknownEncoding", ErrorCategory.InvalidArgument, Encoding));
            }
        }

        protected override void ProcessRecord()
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

        protected override void EndProcessing()
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

            // One read of the file: the reader detects the encoding and hashes the bytes as the rows are parsed.
            using ImportRun run = StartRun(file, dryRun, null, stream);
            try
            {
                using CsvDecodingReader text = CsvEncoding.OpenText(stream, _encoding, _cancellation.Token);
                foreach (ImportRowResult row in DeviceCsvFile.ImportRows(run.Import, text, Delimiter, file, WriteWarning))
                {
                    run.Report(row);
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

        /// <summary>Starts an import; a store that can't be written (busy, damaged) stops the command with its own error.</summary>
        private ImportRun StartRun(string source, bool dryRun, string? sha256, Stream? stream)
        {
            try
            {
                return new ImportRun(this, new DeviceImport(Store, Mode, dryRun, source, sha256: sha256), source, stream);
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
            foreach (PSPropertyInfo property in input.Properties)
            {
                names.Add(property.Name);
                _cells.Add(CellText(property));
            }

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
            run.Report(run.Import.ImportRow(header, run.RowCount + 2, _cells));
        }

        private static string? CellText(PSPropertyInfo property)
        {
            object? value;
            try
            {
                value = property.Value;
            }
            catch (GetValueException)
            {
                return null;
            }

            return value switch
            {
                null => "",
                PSObject wrapped when wrapped.BaseObject is string s => s,
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

        /// <summary>One import in progress: reports each row (errors, what-if text, progress) as it goes.</summary>
        private sealed class ImportRun : IDisposable
        {
            private readonly ImportBmgDeviceCsvCommand _cmdlet;
            private readonly string _source;
            private readonly Stream? _stream;
            private readonly Stopwatch _sinceProgress = Stopwatch.StartNew();
            private readonly string _activity;
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

            public int RowCount { get; private set; }

            public void Report(ImportRowResult row)
            {
                RowCount++;
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

                if (_cmdlet.PassThru)
                {
                    _cmdlet.WriteObject(row);
                }

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
