using System.Collections.Generic;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;

namespace BizMobileGo.PowerShell
{
    [Cmdlet(VerbsCommon.Get, "BmgDeviceDepLink", DefaultParameterSetName = IdentifierSet)]
    [OutputType(typeof(DeviceDepLink))]
    public sealed class GetBmgDeviceDepLinkCommand : BmgCmdlet
    {
        private const string IdentifierSet = "Identifier";
        private const string LiteralIdentifierSet = "LiteralIdentifier";
        private const string SerialSet = "Serial";
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private static readonly FieldKey[] PathColumns = { FieldKey.Identifier };

        /// <summary>Device identifiers; case-insensitive; wildcards allowed. None: every device.</summary>
        [Parameter(ParameterSetName = IdentifierSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Identifier), "Get-BmgDeviceDepLink", PassOnWith = new[] { nameof(Serial), DeviceListHeader.SerialNumber, DeviceListHeader.SerialNumberSpaced, "PSPath", nameof(LiteralPath), "LP" })]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string[]? Identifier { get; set; }

        /// <summary>Device identifiers taken exactly as typed: never read as a wildcard pattern.</summary>
        [Parameter(ParameterSetName = LiteralIdentifierSet, Mandatory = true)]
        [NoScriptBlock]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string[] LiteralIdentifier { get; set; } = new string[0];

        /// <summary>Serial numbers of the devices to show: registered, or the DEP serial a device checked in as; any case; wildcards allowed (matching both alike); binds the Serial property of piped objects (Import-Csv of a list of serials).</summary>
        // By property name only: a piped object with an Identifier binds that (the default set is tried first), a piped
        // string is an identifier, and a record with only a Serial (a CSV of serials) is looked up by its serial instead
        // of being read as the identifier "@{Serial=...}". Measured: no cost to piped identifiers (5a).
        // Its aliases are the serial column names of Apple's data (DeviceListHeader.SerialColumnNames, which -Path reads too):
        // Import-Csv of Apple Business Manager's export ("Serial Number") binds here as the same file given to -Path reads.
        [Parameter(ParameterSetName = SerialSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias(DeviceListHeader.SerialNumber, DeviceListHeader.SerialNumberSpaced)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(SerialCompleter))]
        public string[] Serial { get; set; } = new string[0];

        /// <summary>A CSV file naming the devices to show: by an Identifier column, or by a column of serial numbers (Serial, SerialNumber or Serial Number).</summary>
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

        /// <summary>Only devices in these states.</summary>
        [Parameter]
        [NameNotNumber(typeof(DeviceState))]
        public DeviceState[]? State { get; set; }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        protected override void ProcessRecordCore()
        {
            if (ParameterSetName == IdentifierSet && FromPipeline(nameof(Identifier)))
            {
                AddPiped();
                return;
            }

            if (_piped != null)
            {
                // A record of another kind (a piped file) after piped identifiers: their links go first, in the order piped,
                // and the store is read by one thread at a time (a batch may be being read aside).
                _piped.TakeAll();
            }

            switch (ParameterSetName)
            {
                case SerialSet:
                    // A serial bound from a piped record (Import-Csv of serials) is a name, never a pattern: a '*' cell must
                    // not select every device. Exact serials: one statement each (GetDepLinkBySerial reads the link's columns
                    // and its DEP device's release; a script's loop repeats this). An exact serial finds the record registered with
                    // it, else the one that checked in as its DEP device (a Keycode device's serial, known from its check-in).
                    // A pattern selects the same devices as its serials typed one by one would: the checked-in DEP devices too.
                    foreach (DeviceDepLink link in FindBySerial(Serial, literal: FromPipeline(nameof(Serial)), ReadLinksBySerial, LinkOf, SerialNotFound, checkedInAs: true))
                    {
                        Write(link);
                    }

                    break;
                case PathSet:
                case LiteralPathSet:
                    bool literal = ParameterSetName == LiteralPathSet;
                    // A thousand rows at a time: their identifiers' links read with one statement (a statement a row was 1,007
                    // statements for a 1,000-line list, walkthrough 33a, finding 8).
                    var rows = new List<(string? Identifier, string? Serial)>();
                    foreach ((string _, int _, FieldValues values) in ReadDeviceCsvRows(literal ? LiteralPath : Path, PathColumns, FieldKey.Identifier, literal, Delimiter, serialsTaken: true))
                    {
                        rows.Add((values.NonBlank(FieldKey.Identifier), values.NonBlank(FieldKey.Serial)));
                        if (rows.Count == PipedBatch.BatchSize)
                        {
                            WriteListRows(rows);
                            rows.Clear();
                        }
                    }

                    WriteListRows(rows);

                    break;
                case LiteralIdentifierSet:
                    foreach (Device device in FindDevices(LiteralIdentifier, literal: true))
                    {
                        Write(device);
                    }

                    break;
                default:
                    foreach (Device device in FindDevices(Identifier, literal: false))
                    {
                        Write(device);
                    }

                    break;
            }
        }

        protected override void BeginProcessingCore() => CheckDelimiter(Delimiter);

        protected override void EndProcessingCore()
        {
            if (_piped != null)
            {
                _piped.TakeAll();
            }

            // Asked only now, and only when some link shown is still to check in through DEP and no link's read saw the list
            // with a device (a script's loop of -Serial look-ups asked the store once more a call): once per command.
            if (_checkingInThroughDep != 0 && !_depListSeenNotEmpty && Lookup.DepListIsEmpty)
            {
                WriteWarning(DeviceDepLink.EmptyDepListWarning(_checkingInThroughDep, Store));
            }
        }

        /// <summary>Stopped early (Ctrl+C, -ErrorAction Stop, a failure): batches still being read aside end before the store is handed back.</summary>
        protected override void CloseOpenWork()
        {
            _piped?.Abandon();
        }

        private PipedIdentifiers<DeviceDepLink>? _piped;
        private readonly PipedMisses _misses = new PipedMisses();

        /// <summary>Keeps a piped record's identifiers; piped identifiers are looked up a batch at a time (see PipedIdentifiers).</summary>
        // Optimized at once, as the methods below: a piped file runs these a hundred thousand times in the command's first second.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void AddPiped()
        {
            _piped ??= new PipedIdentifiers<DeviceDepLink>(ReadPiped, link => link.Identifier, WritePiped);
            _piped.Add(Identifier);
            if (_piped.HasWork)
            {
                _piped.Take();
            }
        }

        /// <summary>A batch of piped identifiers' links (PipedIdentifiers' batched read), with the DeviceNotFound errors of its misses.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private IReadOnlyList<DeviceDepLink?> ReadPiped(IReadOnlyList<string> identifiers) => _misses.Note(Store, identifiers, Store.GetDepLinks(identifiers));

        /// <summary>
        /// Writes piped identifiers' links in the order they were piped, each unknown one's DeviceNotFound error
        /// at its place: the same output as one look-up per piped record.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void WritePiped(string identifier, DeviceDepLink? link)
        {
            if (link == null)
            {
                // Made with its batch's read (one history read for a batch's misses).
                WriteError(ToErrorRecord(_misses.ErrorOf(Store, identifier, _piped!.WaitForReadsAside)));
            }
            else
            {
                Write(link);
            }
        }

        /// <summary>
        /// A -Path list's rows, in order: an identifier's link (a cell of a file is a name, never a pattern: a '*' there must not
        /// mean every device), read for all the rows' identifiers at once, its DeviceNotFound made with one history read for the
        /// rows' misses; a serial's links as -Serial finds a piped serial's.
        /// </summary>
        private void WriteListRows(List<(string? Identifier, string? Serial)> rows)
        {
            var identifiers = new List<string>();
            foreach ((string? identifier, string? _) in rows)
            {
                if (identifier != null)
                {
                    identifiers.Add(identifier.Trim());
                }
            }

            IReadOnlyList<DeviceDepLink?> links = Store.GetDepLinks(identifiers);
            var missing = new List<string>();
            for (int place = 0; place < identifiers.Count; place++)
            {
                if (links[place] == null)
                {
                    missing.Add(identifiers[place]);
                }
            }

            IReadOnlyDictionary<string, BmgException> notFound = missing.Count == 0 ? new Dictionary<string, BmgException>()
                : DeviceEditor.NotFound(Store, missing, piped: false);
            int next = 0;
            foreach ((string? identifier, string? serial) in rows)
            {
                if (identifier != null)
                {
                    string name = identifiers[next];
                    if (links[next++] is DeviceDepLink link)
                    {
                        Write(link);
                    }
                    else
                    {
                        WriteError(ToErrorRecord(notFound[name]));
                    }
                }
                else if (serial != null)
                {
                    // A list of serials (DeviceListHeader): each looked up as -Serial looks up a piped serial.
                    WriteLinksOfSerial(serial);
                }
            }
        }

        private IReadOnlyDictionary<string, DeviceDepLink> ReadLinksBySerial(IReadOnlyCollection<string> serials)
        {
            var links = new Dictionary<string, DeviceDepLink>();
            foreach (string serial in serials)
            {
                DeviceDepLink? link = Store.GetDepLinkBySerial(serial);
                if (link != null)
                {
                    links[serial] = link;
                }
            }

            return links;
        }

        /// <summary>
        /// The links of one serial of a -Path list of serials, found as a piped serial's are (exact, never a pattern); one found
        /// nowhere is told as -Serial's is: neither a record's serial nor a DEP device's check-in (review31, 6).
        /// </summary>
        private void WriteLinksOfSerial(string serial)
        {
            foreach (DeviceDepLink link in FindBySerial(new[] { serial }, literal: true, ReadLinksBySerial, LinkOf, SerialNotFound))
            {
                Write(link);
            }
        }

        /// <summary>A serial neither a record has nor a DEP device checked in as: the one not-found of -Serial and a -Path list.</summary>
        private BmgException SerialNotFound(string typed, string serial) => DeviceEditor.SerialNorDepDeviceNotFound(Store, typed, serial);

        private DepLinkLookup? _lookup;

        private DepLinkLookup Lookup => _lookup ??= new DepLinkLookup(Store);

        /// <summary>Links shown that are still to check in through DEP: said once at the end when Apple's DEP list is empty.</summary>
        private int _checkingInThroughDep;

        /// <summary>A link shown was read beside Apple's DEP list with a device in it (DeviceDepLink.ReadBesideDepDevices).</summary>
        private bool _depListSeenNotEmpty;

        /// <summary>The link of a device read whole (names, wildcards, a file).</summary>
        private void Write(Device device)
        {
            if (State != null && System.Array.IndexOf(State, device.State) < 0)
            {
                return;
            }

            Write(LinkOf(device));
        }

        /// <summary>A device's link: its DEP device looked up only where it can change the link (DepLinkLookup).</summary>
        private DeviceDepLink LinkOf(Device device) => Lookup.LinkOf(device);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Write(DeviceDepLink link)
        {
            if (State == null || System.Array.IndexOf(State, link.State) >= 0)
            {
                if (DeviceDepLink.ChecksInThroughDep(link.State, link.DEPMethod))
                {
                    _checkingInThroughDep++;
                    _depListSeenNotEmpty |= DeviceDepLink.ReadBesideDepDevices(link);
                }

                // A link without a Warning has no line (WarningLine): asked here, the usual link of a piped look-up calls nothing.
                if (link.Warning != null && link.WarningLine(Store) is string line)
                {
                    // A Serial Apple's list lacks, typed with O or I where an unclaimed DEP serial has 0 or 1 (walkthrough 39, 5).
                    WriteWarning(link.Serial != null && link.Warning == DeviceDepLink.UnlistedSerialWarning(link.Serial)
                        ? line + DepSerialLookalike.UnclaimedDepSerial(Store, link.Serial)
                        : line);
                }

                WriteObject(link);
            }
        }
    }
}
