using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;

namespace BizMobileGo.PowerShell
{
    [Cmdlet(VerbsCommon.Set, "BmgDeviceDepEnrollment", DefaultParameterSetName = EnableSet, SupportsShouldProcess = true)]
    [OutputType(typeof(Device))]
    public sealed class SetBmgDeviceDepEnrollmentCommand : BmgCmdlet
    {
        /// <summary>Who a service says this change is made for, recorded beside the OS user (BmgCmdlet.ChangedBy.cs).</summary>
        [Parameter]
        [NoScriptBlock]
        public string? ChangedBy { get; set; }

        protected override string? ChangedByGiven => ChangedBy;

        private const string EnableSet = "Enable";
        private const string DisableSet = "Disable";
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        // What a -Path file's rows give the edit; its other columns (an export's, an import file's) are read by nothing.
        private static readonly FieldKey[] PathColumns = { FieldKey.Identifier, FieldKey.DEPMethod, FieldKey.Serial };

        /// <summary>The devices to change; binds piped names, and the Identifier property of piped objects that name the device now.</summary>
        // By value too, only so that the one piping rule (NameNotObject, PipedDeviceObjects) sees each piped object whole: by
        // property name alone, a history entry piped here changed whatever device bears its old name now. A piped file
        // (Get-ChildItem) has a PSPath and is handed on, so it still binds -LiteralPath; where -Method, -Serial or -Disable rule
        // that out, PowerShell binds its path here, and ProcessRecordCore refuses it (PipedFile.HandedOnFile).
        [Parameter(ParameterSetName = EnableSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = DisableSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        // FieldsTaken: a piped 'SerialNumber' turned DEP on with the old serial (refused in ProcessRecordCore, unless -Disable or
        // -Serial means the row's serial is not taken). Not DEPMethod: without -Method a row
        // that lacks it is refused by PowerShell (mandatory), and with -Method the command line wins over any column.
        [NameNotObject(nameof(Identifier), "Set-BmgDeviceDepEnrollment", Use = PipedUse.Change, PassOnWith = new[] { "PSPath", nameof(LiteralPath), "LP" },
            FieldsTaken = new[] { nameof(FieldKey.Serial) })]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string[] Identifier { get; set; } = new string[0];

        /// <summary>Serial or Keycode ("Key Code" is accepted); blank turns DEP enrollment off, as a blank CSV cell does.</summary>
        [Parameter(ParameterSetName = EnableSet, Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("DEPMethod")]
        [AllowEmptyString]
        [AllowNull]
        [ArgumentCompleter(typeof(DepMethodCompleter))]
        public string? Method { get; set; }

        /// <summary>The Apple serial number of the DEP device; "" clears it; not given: the registered serial is kept.</summary>
        [Parameter(ParameterSetName = EnableSet, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [AllowNull]
        public string? Serial { get; set; }

        /// <summary>Turns DEP enrollment off; the registered serial is kept.</summary>
        [Parameter(ParameterSetName = DisableSet, Mandatory = true)]
        public SwitchParameter Disable { get; set; }

        /// <summary>A CSV file with the columns Identifier, DEPMethod and (optionally) Serial; other columns (Export-BmgDeviceCsv's) are ignored.</summary>
        [Parameter(ParameterSetName = PathSet, Mandatory = true)]
        [NoScriptBlock]
        [SupportsWildcards]
        public string Path { get; set; } = "";

        /// <summary>The CSV file, taken exactly as written ([ and ] are part of the name); binds piped files (Get-ChildItem) by PSPath.</summary>
        [Parameter(ParameterSetName = LiteralPathSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        public string LiteralPath { get; set; } = "";

        /// <summary>The -Path file's delimiter, as Import-Csv's: ';' for a file Excel saved in a locale whose list separator it is.</summary>
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        public char Delimiter { get; set; } = ',';

        /// <summary>Writes each device after the change.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private readonly FieldValues _values = new FieldValues();
        // The devices the piped rows named so far, and how many objects were piped (the first is 1).
        private readonly RepeatedDevices _piped = new RepeatedDevices();
        private int _pipedObjects;

        protected override void BeginProcessingCore() => CheckDelimiter(Delimiter);

        protected override void ProcessRecordCore()
        {
            if (ParameterSetName == PathSet || ParameterSetName == LiteralPathSet)
            {
                bool literal = ParameterSetName == LiteralPathSet;
                string path = literal ? LiteralPath : Path;
                RepeatedDevices? inFile = null;
                string? fileRead = null;
                foreach ((string file, int line, FieldValues values) in ReadDeviceCsvRows(path, PathColumns, FieldKey.Identifier, literal, Delimiter))
                {
                    if (file != fileRead)
                    {
                        // SPEC §4's rule is per file: each file of a wildcard names its devices once.
                        (inFile, fileRead) = (new RepeatedDevices(), file);
                    }

                    string? identifier = values.NonBlank(FieldKey.Identifier);
                    if (identifier != null)
                    {
                        EditOnce(inFile!, identifier, RepeatedDevices.Line(line), values, SourceLine.Prefix(line, file));
                    }
                }

                return;
            }

            if (FromPipeline(nameof(Identifier)))
            {
                _pipedObjects++;
            }

            _values.Clear();
            _values[FieldKey.DEPMethod] = Disable.IsPresent ? "" : Method ?? "";
            if (ParameterSetName == EnableSet && MyInvocation.BoundParameters.ContainsKey(nameof(Serial)))
            {
                // A null from a piped object's empty Serial property means "not given", not "clear".
                _values[FieldKey.Serial] = Serial;
            }

            foreach (string identifier in Identifier)
            {
                if (FromPipeline(nameof(Identifier)) && PipedFile.HandedOnFile(identifier) is PSObject file)
                {
                    RefusePipedFile(file);
                    continue;
                }

                if (FromPipeline(nameof(Identifier)) && PipedMisspeltFieldsRefusal(identifier) is string misspelt)
                {
                    // A row's 'SerialNumber' turned DEP on with the device's old serial; with -Disable or -Serial it is read by nothing.
                    WritePipedObjectRefused(misspelt, identifier);
                    continue;
                }

                if (FromPipeline(nameof(Identifier)))
                {
                    // One pipeline of rows is one file (as Import-BmgDeviceCsv reads piped rows): Import-Csv dep.csv | Set-… .
                    EditOnce(_piped, identifier, RepeatedDevices.PipedObject(_pipedObjects), _values, null);
                }
                else
                {
                    Edit(identifier, _values, null);
                }
            }
        }

        /// <summary>
        /// SPEC §4's rule for a file, kept by this cmdlet's rows: a device named again (in any case) fails that row, naming
        /// the earlier one. Applied twice, the device ended as the later row said, while -WhatIf (each row judged against
        /// the stored device) predicted the earlier row's end state.
        /// </summary>
        private void EditOnce(RepeatedDevices seen, string identifier, string earlier, FieldValues values, string? location)
        {
            if (seen.Remember(identifier.Trim(), earlier) is RecordError repeated)
            {
                // A piped row has no line: "Piped object 3: ", as Import-BmgDeviceCsv names piped rows.
                string where = location ?? SourceLine.OfPipedObject("", 0, _pipedObjects);
                WriteError(ToErrorRecord(new BmgException(repeated.ErrorId, repeated.Category, where + repeated.Message, repeated.Value)));
                return;
            }

            Edit(identifier, values, location);
        }

        /// <summary>
        /// A piped file that -LiteralPath could not take (-Method, -Serial or -Disable given), whose path PowerShell bound to
        /// -Identifier: refused by the piped-file rule (<see cref="PipedFile"/>), not looked up as the device '/home/f.csv'.
        /// </summary>
        private void RefusePipedFile(PSObject file)
        {
            string given = string.Join(", ", new[] { nameof(Method), nameof(Serial), nameof(Disable) }
                .Where(name => MyInvocation.BoundParameters.ContainsKey(name) && !FromPipeline(name)).Select(name => "-" + name));
            string otherWay = "To set DEP enrollment from a CSV file with Identifier, DEPMethod and Serial columns, pipe the file"
                + (given.Length == 0 ? "" : $" without {given}") + " (or give it to -Path).";
            WritePipedObjectRefused(PipedFile.Refusal(file, nameof(Identifier), null, "Set-BmgDeviceDepEnrollment", otherWay), file.BaseObject);
        }

        private void Edit(string identifier, FieldValues values, string? location)
        {
            // A row of a -Path file (its location given) is no typed name: only a typed -Identifier is told it is no pattern.
            if (location == null)
            {
                ForNamedItem(nameof(Identifier), identifier, () => EditDevice(identifier, values, null));
            }
            else
            {
                ForItem(() => EditDevice(identifier, values, location));
            }
        }

        private void EditDevice(string identifier, FieldValues values, string? location)
        {
            bool declined = false;
            RecordPlan<Device> plan = DeviceEditor.Edit(Store, identifier.Trim(), values,
                change => !(declined = !WarnThenConfirm(change, $"Device '{change.Proposed.Identifier}'", $"Set DEP enrollment ({change.DescribeChanges()})", location)),
                location, Origin, ConfirmMayPrompt);
            Device device = plan.Proposed;
            WriteOverwritten(plan.Overwritten.Select(w => location + w));

            if (PassThru && !declined)
            {
                WriteObject(device);
            }
        }
    }
}
