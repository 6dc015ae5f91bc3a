using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Bulk-imports users and devices from CSV files or from piped objects whose property names are
    /// the CSV header names. Each file (and the whole piped stream) is one all-or-nothing import.
    /// </summary>
    [Cmdlet(VerbsData.Import, "BmgDeviceCsv", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
    [OutputType(typeof(ImportSummary), typeof(ImportRowResult))]
    public sealed partial class ImportBmgDeviceCsvCommand : BmgCmdlet
    {
        /// <summary>Who a service says this change is made for, recorded beside the OS user (BmgCmdlet.ChangedBy.cs).</summary>
        [Parameter]
        [NoScriptBlock]
        public string? ChangedBy { get; set; }

        protected override string? ChangedByGiven => ChangedBy;

        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string InputObjectSet = "InputObject";

        /// <summary>CSV files; wildcards allowed.</summary>
        [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0)]
        [NoScriptBlock]
        [SupportsWildcards]
        public string[] Path { get; set; } = new string[0];

        /// <summary>CSV files, taken exactly as written.</summary>
        [Parameter(ParameterSetName = LiteralPathSet, Mandatory = true)]
        [NoScriptBlock]
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
        /// A CSV file that receives the rows that were not imported, as they were read: the file's own header and cells,
        /// in its encoding, so it can be fixed (in Excel) and imported again as it is. With -SkipInvalidRows the failed
        /// rows; for a refused all-or-nothing import every row of it. Its folder must exist.
        /// </summary>
        [Parameter]
        [NoScriptBlock]
        [ValidateNotNullOrEmpty]
        public string? FailedRowsPath { get; set; }

        /// <summary>
        /// -FailedRowsPath never replaces a file already there (an earlier run's rejected rows): the command stops with
        /// FileExists before anything is imported, as Export-BmgDeviceCsv -NoClobber does.
        /// </summary>
        [Parameter]
        public SwitchParameter NoClobber { get; set; }

        private Encoding? _encoding;
        private ImportRun? _pipelineRun;
        // Piped rows held under -WarningAction Inquire until the input ends (WarningsFirst); null otherwise.
        private List<(PSObject Row, RecordError? RefusedBecause)>? _heldRows;
        private readonly PipedImportRows _pipedRows = new PipedImportRows();
        private readonly List<string?> _cells = new List<string?>();
        private FailedRowsFile? _failedRows;
        private string? _failedRowsFile;
        private bool _importedInBegin;

        protected override void BeginProcessingCore()
        {
            CheckDelimiter(Delimiter);
            if (FailedRowsPath != null)
            {
                _failedRowsFile = ResolveOutputFile(FailedRowsPath, nameof(FailedRowsPath));
                // Before any file is read or the store touched: found after the commit, the valid rows would be imported
                // and the failed rows' cells written nowhere.
                try
                {
                    FailedRowsFile.CheckTarget(_failedRowsFile, StoreFileLocation, NoClobber);
                }
                catch (BmgException e)
                {
                    ThrowTerminatingError(ToErrorRecord(e));
                }
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
                    ImportFiles(Path, literal: false, "-Path");
                    break;
                case LiteralPathSet:
                    ImportFiles(LiteralPath, literal: true, "-LiteralPath");
                    break;
                default:
                    ImportObject(InputObject);
                    break;
            }
        }

        protected override void EndProcessingCore()
        {
            ReportCsvTextGivenAsPaths();
            FinishPipelineRun();
            SayWhoseRowsTheFailedRowsFileHolds();
            // Every file was tried; now the command fails if one wrote nothing (BmgCmdlet.ImportFailures.cs).
            ThrowIfAnyImportWroteNothing(WhatIfRequested);
        }

        private void FinishPipelineRun()
        {
            if (_heldRows != null)
            {
                List<(PSObject Row, RecordError? RefusedBecause)> held = _heldRows;
                _heldRows = null;
                ImportHeldRows(held);
            }

            if (_pipelineRun != null)
            {
                ImportRun run = _pipelineRun;
                _pipelineRun = null;
                try
                {
                    Finish(run);
                }
                finally
                {
                    _warningsAsked = null;
                }
            }
        }

        /// <summary>A piped import stopped by Ctrl+C or -ErrorAction Stop is rolled back and recorded as an attempt.</summary>
        protected override void CloseOpenWork()
        {
            // Rows held for their warnings' questions never reached the store: nothing to roll back or record.
            _heldRows = null;
            _pipelineRun?.Dispose();
            _pipelineRun = null;
        }

        // ---- piped objects ----

        /// <param name="refusedBecause">Why the command refused the object whole (PipedFromOtherStore under -SkipInvalidRows):
        /// it is counted and reported as a skipped row, and not imported.</param>
        private void ImportObject(PSObject? input, RecordError? refusedBecause = null)
        {
            object? value = input?.BaseObject;
            if (value is FileInfo fileInfo)
            {
                ImportResolvedFiles(new[] { fileInfo.FullName });
                return;
            }

            if (value is string path)
            {
                ImportFiles(new[] { path }, literal: false, PipelineSource);
                return;
            }

            if (input == null)
            {
                return;
            }

            if (_pipelineRun == null && _heldRows == null)
            {
                bool dryRun = DecideDryRun("pipeline input");
                if (dryRun && !WhatIfRequested)
                {
                    return;
                }

                // Under -WarningAction Inquire the rows are held until the input ends, then planned dry and their warnings
                // asked before the import takes the write lock (WarningsFirst).
                if (!dryRun && WarningAsks())
                {
                    _heldRows = new List<(PSObject, RecordError?)>();
                }
                else
                {
                    _pipelineRun = StartRun(PipelineSource, dryRun, null, null);
                }
            }

            if (_heldRows != null)
            {
                _heldRows.Add((input, refusedBecause));
                return;
            }

            ImportPipedRow(input, refusedBecause);
        }

        /// <summary>Imports one piped object (a row, or a row refused whole) into the piped import in progress.</summary>
        private void ImportPipedRow(PSObject input, RecordError? refusedBecause)
        {
            ImportRun run = _pipelineRun!;
            ImportHeader header;
            _cells.Clear();
            var names = new List<string>();
            RecordError? objectValue = PipedImportRows.ReadRow(input, names, _cells);
            if (refusedBecause != null)
            {
                ImportRowResult refused = run.Import.RefuseObject(run.RowCount + 2, PipedImportRows.Cell(names, _cells, FieldKey.Identifier),
                    PipedImportRows.Cell(names, _cells, FieldKey.UserName), refusedBecause);
                run.Report(refused, run.KeepsCells(refused) ? PipedImportRows.NamedCells(names, _cells) : null);
                return;
            }

            try
            {
                header = _pipedRows.HeaderFor(names, run.RowCount + 2);
            }
            catch (BmgException e)
            {
                // A dry plan (WarningsFirst) gives up here; the import itself meets the problem and says it.
                GiveUpIfDryPlanning();
                _pipelineRun = null;
                run.Import.Abandon(run.RowCount + 2, e.ErrorId, e.Message);
                // The earlier piped rows' own errors and warnings first, as a file that breaks after some rows says them
                // (the import history holds them): real findings to fix with the input, though nothing was imported.
                ReportRowsBeforeBreak(run);
                run.Dispose();
                // None of the piped rows was imported, and none is in -FailedRowsPath: said, as for a file refused before its
                // rows, and (the command ends here, before EndProcessing) whose rows the rejected file holds, if any.
                if (FailedRowsPath != null && !run.Import.Summary.WhatIf)
                {
                    WithFailedRowsFile(failedRows => failedRows.LeavePipedOut(run.Source, run.RowCount + 1, e.ErrorId));
                    SayWhoseRowsTheFailedRowsFileHolds();
                }

                // Piped objects have no lines: the header problem names the object (the first piped is 1), and is about it.
                ThrowTerminatingError(e is ImportHeaderException headerProblems ? HeaderErrors(headerProblems, null, run.RowCount + 1, input) : ImportStoppedRecord(e, WhatIfRequested));
                return;
            }

            if (objectValue != null)
            {
                // A field holding an object (a nested [pscustomobject]) is a row error, as an invalid value is: its display
                // form ("@{site=Tokyo}") is no value to store.
                ImportRowResult refused = run.Import.RefuseObject(run.RowCount + 2, PipedImportRows.Cell(names, _cells, FieldKey.Identifier),
                    PipedImportRows.Cell(names, _cells, FieldKey.UserName), objectValue);
                run.Report(refused, run.KeepsCells(refused) ? PipedImportRows.NamedCells(names, _cells) : null);
                return;
            }

            if (input.BaseObject is BizMobileGo.Core.Devices.Device)
            {
                run.PipedDevices = true;
            }

            // Piped rows have no file line; they are numbered as a one-line-per-row file would be (header = line 1).
            // The module's own objects carry stored values: an apostrophe there is data, not an export's formula escape (PipedCells).
            ImportRowResult result;
            try
            {
                result = run.Import.ImportRow(header, run.RowCount + 2, _cells, unescapeFormulas: PipedCells.AreCells(input));
            }
            catch (BmgException e)
            {
                // The store failed under a chunk's write (the server gone, a full disk): rolled back, recorded as an
                // attempt where the store still takes it, and the command stops with the store's own error.
                GiveUpIfDryPlanning();
                _pipelineRun = null;
                run.Import.Abandon(run.RowCount + 2, e.ErrorId, e.Message);
                run.Dispose();
                ThrowTerminatingError(ImportStoppedRecord(e, WhatIfRequested));
                return;
            }

            run.Report(result, run.KeepsCells(result) ? PipedImportRows.NamedCells(names, _cells) : null);
        }

        /// <summary>
        /// A piped object of another store (PipedFromOtherStore) refuses the whole piped import, as a row error does: nothing is
        /// imported, and the command stops with the refusal. With -SkipInvalidRows it is one row skipped, the others imported.
        /// </summary>
        private protected override void RefusePipedFromOtherStore(ErrorRecord refusal)
        {
            if (SkipInvalidRows)
            {
                // Skipped as any invalid row is: counted in the summary's Failed, kept in the import history and
                // -FailedRowsPath, and reported with the other rows' errors.
                // The refusal names the piped record ("The piped device 'dev01' was read from …"): its row's error does not again.
                ImportObject(InputObject, new RecordError(ErrorIds.PipedFromOtherStore, BmgErrorCategory.InvalidArgument,
                    refusal.Exception.Message, null, refusal.TargetObject as string, namesRecord: true));
                return;
            }

            if (_heldRows != null)
            {
                // Rows held for their warnings' questions (WarningsFirst): refused as the import in progress would be.
                int held = _heldRows.Count;
                _heldRows = null;
                ImportRun refused = StartRun(PipelineSource, false, null, null);
                refused.Import.Abandon(held + 2, ErrorIds.PipedFromOtherStore, refusal.Exception.Message);
                refused.Dispose();
            }

            if (_pipelineRun is ImportRun run)
            {
                _pipelineRun = null;
                run.Import.Abandon(run.RowCount + 2, ErrorIds.PipedFromOtherStore, refusal.Exception.Message);
                run.Dispose();
            }

            ThrowTerminatingError(refusal);
        }

        // ---- shared ----

        private ImportMode Mode => SkipInvalidRows ? ImportMode.SkipInvalidRows : ImportMode.AllOrNothing;

        private bool WhatIfRequested { get; set; }

        /// <summary>Real import, or a dry run under -WhatIf. -Confirm answered No: neither.</summary>
        private bool DecideDryRun(string source)
        {
            // A file name may hold control characters (an escape sequence would reach the screen raw): shown as the
            // row messages show it (<U+001B>).
            source = FieldText.Printable(source);
            if (ShouldProcess($"Performing the operation \"Import users and devices\" on target \"{source}\".",
                $"Import users and devices from \"{source}\"?", "Import-BmgDeviceCsv", out ShouldProcessReason reason))
            {
                return false;
            }

            WhatIfRequested = (reason & ShouldProcessReason.WhatIf) != 0;
            return true;
        }
    }
}
