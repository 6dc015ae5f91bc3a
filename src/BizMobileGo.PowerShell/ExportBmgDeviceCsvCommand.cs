using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Management.Automation;
using System.Text;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Export;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Text;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Writes users and devices in the import format of Import-BmgDeviceCsv: the whole store, or the
    /// devices piped in (with their users). Importing the file back changes nothing.
    /// </summary>
    [Cmdlet(VerbsData.Export, "BmgDeviceCsv", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportBmgDeviceCsvCommand : BmgCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        /// <summary>The CSV file to write; a wildcard must match exactly one file.</summary>
        [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0)]
        [NoScriptBlock]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        /// <summary>The CSV file to write, taken exactly as written.</summary>
        [Parameter(ParameterSetName = LiteralPathSet, Mandatory = true)]
        [NoScriptBlock]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string LiteralPath { get; set; } = "";

        /// <summary>Devices to export (Get-BmgDevice output). Without pipeline input, the whole store is exported.</summary>
        [Parameter(ValueFromPipeline = true)]
        [PipedRecordNote]
        public Device[]? InputObject { get; set; }

        /// <summary>
        /// Devices to export by Identifier, taken literally: bound from the Identifier property of piped module objects
        /// (Get-BmgDeviceDepLink, Get-BmgDeviceHistory output), as the other device cmdlets take them. A piped record's value
        /// is read as an export's cell ("'-ipad1" names '-ipad1': <see cref="PipedCells"/>, noted by -InputObject's binding).
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [PipedCell]
        [ValidateNotNullOrEmpty]
        public string[]? Identifier { get; set; }

        /// <summary>
        /// The file encoding: a PowerShell encoding name, a code page number or name (932, shift_jis). Default: UTF-8 with BOM
        /// (utf8BOM), which Excel 2016 and later open correctly by a double-click; 932 for an older Excel or a tool that reads
        /// only Shift_JIS. unicode (UTF-16) is written tab-separated unless -Delimiter is given, as Excel's "Unicode text" is: Excel
        /// opens a UTF-16 file at tabs. Import-BmgDeviceCsv reads all of these back without -Encoding or -Delimiter.
        /// </summary>
        [Parameter]
        [EncodingArgumentTransformation]
        [ArgumentCompleter(typeof(EncodingCompleter))]
        public string? Encoding { get; set; }

        /// <summary>The character between fields. Default: a comma; a tab for -Encoding unicode (UTF-16), which Excel reads at tabs.</summary>
        [Parameter]
        public char Delimiter { get; set; } = ',';

        /// <summary>Refuse to replace an existing file.</summary>
        [Parameter]
        [Alias("NoOverwrite")]
        public SwitchParameter NoClobber { get; set; }

        /// <summary>Replace a read-only file too.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write values that a spreadsheet would run as a formula (first character = + - @, tab or CR) raw, without the leading apostrophe that the export adds by default.</summary>
        [Parameter]
        public SwitchParameter NoFormulaEscape { get; set; }

        /// <summary>Write the file's FileInfo once it is written.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private Encoding _encoding = new UTF8Encoding(true, true);
        private char _delimiter = ',';
        private string _target = "";
        private bool _piped;
        private readonly List<string> _identifiers = new List<string>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        protected override void BeginProcessingCore()
        {
            if (Encoding != null)
            {
                if (!EncodingArgument.TryResolve(Encoding, out Encoding encoding, out ErrorRecord? error))
                {
                    ThrowTerminatingError(error!);
                }

                _encoding = encoding;
            }

            CheckDelimiter(Delimiter);
            // Excel opens a UTF-16 file as "Unicode text", at tabs: with commas every row would stand in column A (walkthrough 26, 8).
            _delimiter = !MyInvocation.BoundParameters.ContainsKey(nameof(Delimiter)) && _encoding.CodePage is 1200 or 1201 ? '\t' : Delimiter;

            _target = ResolveTarget(ParameterSetName == LiteralPathSet ? LiteralPath : Path, ParameterSetName == LiteralPathSet);

            // Refused before any input is collected; the export checks again when it moves the file into place.
            if (NoClobber && File.Exists(_target))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new IOException($"The file '{_target}' already exists and -NoClobber was given; it was not changed."),
                    ErrorIds.FileExists, ErrorCategory.ResourceExists, _target));
            }

            // Piped input selects devices even when it turns out empty: an empty selection must not export everything.
            _piped = MyInvocation.ExpectingInput;
            _storeFilesRefusedBefore = PipedRecordNoteAttribute.StoreFilesRefused;
        }

        protected override void ProcessRecordCore()
        {
            if (InputObject == null && Identifier == null)
            {
                return;
            }

            _piped = true;
            foreach (Device? device in InputObject ?? new Device[0])
            {
                if (device != null)
                {
                    Select(device.Identifier);
                }
            }

            foreach (string identifier in Identifier ?? new string[0])
            {
                Select(identifier);
            }
        }

        /// <summary>
        /// A piped device of another store (PipedFromOtherStore) is reported, and the export then writes nothing, as for a
        /// piped device no longer stored (<see cref="StoredDevices"/>): a file with fewer devices than were piped is never written.
        /// </summary>
        private protected override void RefusePipedFromOtherStore(ErrorRecord refusal)
        {
            WriteError(refusal);
            _piped = true;
            _fromOtherStore++;
        }

        private int _fromOtherStore;

        // PipedRecordNoteAttribute's count of refused store files when this command began: a store piped in is no device list.
        private int _storeFilesRefusedBefore;

        private void Select(string identifier)
        {
            if (_seen.Add(identifier))
            {
                _identifiers.Add(identifier);
            }
        }

        protected override void EndProcessingCore()
        {
            string action = _piped
                ? $"Export {_identifiers.Count} device(s) and their users"
                : "Export every user and device";
            // The store first: a dry run must not plan an export the real run refuses (a store that does not exist,
            // StoreNotFound).
            IDeviceStore store = Store;
            if (_fromOtherStore != 0)
            {
                ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(
                    $"{_fromOtherStore} of the {_fromOtherStore + _identifiers.Count} piped devices were read from another store (reported above), so '{_target}' was not written."),
                    ErrorIds.PipedFromOtherStore, ErrorCategory.InvalidArgument, _target));
            }

            if (PipedRecordNoteAttribute.StoreFilesRefused != _storeFilesRefusedBefore)
            {
                ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(
                    $"A BizMobileGo store file was piped (reported above), not devices, so '{_target}' was not written. To export a store's devices, "
                    + "name the store: Export-BmgDeviceCsv <file.csv> -Database <store>."),
                    ErrorIds.PathIsStore, ErrorCategory.InvalidArgument, _target));
            }

            if (!ShouldProcess(_target, action))
            {
                return;
            }

            // Piped input that selected nothing (objects that failed to bind, an empty result) must not replace a file
            // with a header alone: a backup is kept as it was.
            if (_piped && _identifiers.Count == 0 && File.Exists(_target))
            {
                WriteWarning($"No device was piped, so '{_target}' was not changed.");
                return;
            }

            DeviceCsvExportSummary? summary = null;
            // Past a second, how many rows are written (an export of 300,000 devices ran 42 s silent: walkthrough 34b, finding 5).
            var progress = new CountProgress(this, ExportProgressId, MyInvocation.MyCommand.Name, rows => $"Writing '{_target}': {EnglishWords.Amount(rows, "row")}");
            try
            {
                var export = new DeviceCsvExport(store);
                var options = new DeviceCsvFileOptions { NoClobber = NoClobber, Force = Force, Delimiter = _delimiter, NoFormulaEscape = NoFormulaEscape };
                summary = export.WriteFile(_target, _encoding, _piped ? StoredDevices() : null, options,
                    StopToken, rows => progress.Tell(rows));
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            catch (BmgException e)
            {
                ThrowTerminatingError(ToErrorRecord(e));
            }
            finally
            {
                progress.End();
            }

            SayVerbose($"Wrote '{_target}' ({CsvEncoding.Describe(_encoding)}): {EnglishWords.Amount(summary!.Rows, "row")}, {EnglishWords.Amount(summary.Devices, "device")}, {EnglishWords.Amount(summary.Users, "user")} ({summary.UsersWithoutDevice:#,0} without a device).");
            if (PassThru)
            {
                WriteObject(new FileInfo(_target));
            }
        }

        // Not the writer-lock wait's line (BmgCmdlet).
        private const int ExportProgressId = 6;

        /// <summary>The piped devices as stored now, so the file holds what a re-import compares against.</summary>
        /// <remarks>
        /// A piped device no longer stored is reported, and then the export stops before its file replaces the target: a
        /// file with fewer devices than were piped is never written over the previous one.
        /// </remarks>
        private IEnumerable<Device> StoredDevices()
        {
            int missing = 0;
            // A thousand identifiers a statement (DevicesInOrder), in the order given: one read a device was a round trip each
            // over a slow link (walkthrough 33a, finding 11).
            for (int first = 0; first < _identifiers.Count; first += PipedBatch.BatchSize)
            {
                List<string> chunk = _identifiers.GetRange(first, Math.Min(PipedBatch.BatchSize, _identifiers.Count - first));
                IReadOnlyList<Device?> found = DevicesInOrder.Read(Store, chunk);
                for (int place = 0; place < chunk.Count; place++)
                {
                    if (found[place] is Device device)
                    {
                        yield return device;
                        continue;
                    }

                    // A typed 'cdev*' is an exact name here: its error says so, and how to export the devices it matches, in
                    // Set-BmgDevice's words.
                    WriteError(ToErrorRecord(WithExactNameHint(DeviceEditor.NotFound(Store, chunk[place]), nameof(Identifier), chunk[place])));
                    missing++;
                }
            }

            if (missing != 0)
            {
                // "piped" only when they were (walkthrough 29, finding 12: a typed -Identifier read "piped devices"), and the
                // store named, as the devices' own errors name it.
                string given = MyInvocation.ExpectingInput ? "piped devices" : "devices given by -Identifier";
                throw new BmgException(ErrorIds.DeviceNotFound, BmgErrorCategory.ObjectNotFound,
                    $"{missing} of the {_identifiers.Count} {given} {(missing == 1 ? "is" : "are")} not {SearchedStore.In(Store)} (reported above), so '{_target}' was not written.", _target);
            }
        }

        /// <summary>
        /// The file-system path to write, as Export-Csv resolves it: -Path may name an existing file by a
        /// wildcard that matches exactly one; a path that matches nothing is taken as written.
        /// </summary>
        private string ResolveTarget(string path, bool literal)
        {
            ProviderInfo? provider = null;
            string? resolved = null;
            try
            {
                if (!literal)
                {
                    try
                    {
                        Collection<string> matches = GetResolvedProviderPathFromPSPath(path, out provider);
                        if (matches.Count > 1)
                        {
                            ThrowTerminatingError(new ErrorRecord(
                                new ArgumentException($"'{path}' matches {matches.Count} files; give the path of one file (or use -LiteralPath)."),
                                "MultipleFilesNotSupported", ErrorCategory.InvalidArgument, path));
                        }

                        if (matches.Count == 1)
                        {
                            resolved = matches[0];
                        }
                    }
                    catch (ItemNotFoundException)
                    {
                        // A new file: resolved below as written.
                    }
                }

                if (resolved == null)
                {
                    resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
                }
            }
            catch (SessionStateException e)
            {
                ThrowTerminatingError(new ErrorRecord(e.ErrorRecord, e));
            }

            if (provider == null || provider.Name != "FileSystem")
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"'{path}' is a {provider?.Name} path; give the path of a file."),
                    ErrorIds.NotFileSystemPath, ErrorCategory.InvalidArgument, path));
            }

            if (Directory.Exists(resolved))
            {
                ThrowTerminatingError(new ErrorRecord(new IOException($"'{resolved}' is a directory; give the path of the CSV file to write."),
                    ErrorIds.PathIsDirectory, ErrorCategory.InvalidArgument, resolved));
            }

            return resolved!;
        }
    }
}
