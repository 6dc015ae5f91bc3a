using System.Collections.Generic;
using System.Management.Automation;
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

        /// <summary>Device identifiers; case-insensitive; wildcards allowed. None: every device.</summary>
        [Parameter(ParameterSetName = IdentifierSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string[]? Identifier { get; set; }

        /// <summary>Device identifiers taken exactly as typed: never read as a wildcard pattern.</summary>
        [Parameter(ParameterSetName = LiteralIdentifierSet, Mandatory = true)]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string[] LiteralIdentifier { get; set; } = new string[0];

        /// <summary>Registered serial numbers of the devices to show; any case; wildcards allowed.</summary>
        [Parameter(ParameterSetName = SerialSet, Mandatory = true)]
        [SupportsWildcards]
        public string[] Serial { get; set; } = new string[0];

        /// <summary>A CSV file with an Identifier column naming the devices to show.</summary>
        [Parameter(ParameterSetName = PathSet, Mandatory = true)]
        [SupportsWildcards]
        public string Path { get; set; } = "";

        /// <summary>The CSV file, taken exactly as written ([ and ] are part of the name); binds piped files (Get-ChildItem) by PSPath.</summary>
        [Parameter(ParameterSetName = LiteralPathSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        public string LiteralPath { get; set; } = "";

        /// <summary>Only devices in these states.</summary>
        [Parameter]
        public DeviceState[]? State { get; set; }

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case SerialSet:
                    foreach (NameMatch serial in SerialMatches(Serial, literal: false))
                    {
                        if (serial.Exact != null)
                        {
                            Device? device = Store.GetDeviceBySerial(serial.Exact);
                            if (device == null)
                            {
                                WriteError(ToErrorRecord(new BmgException(ErrorIds.DeviceNotFound, BmgErrorCategory.ObjectNotFound,
                                    $"No device is registered with the Serial '{serial.Exact}'.", serial.Exact)));
                            }
                            else
                            {
                                Write(device);
                            }
                        }
                        else
                        {
                            foreach (Device device in Store.GetDevices())
                            {
                                if (serial.IsMatch(device.Serial))
                                {
                                    Write(device);
                                }
                            }
                        }
                    }

                    break;
                case PathSet:
                case LiteralPathSet:
                    bool literal = ParameterSetName == LiteralPathSet;
                    foreach ((int _, FieldValues values) in ReadDeviceCsvRows(literal ? LiteralPath : Path, allowed: null, FieldKey.Identifier, literal))
                    {
                        string? identifier = values.NonBlank(FieldKey.Identifier);
                        if (identifier != null)
                        {
                            // A cell of a file is a name, never a pattern: a '*' there must not mean every device.
                            foreach (Device device in FindDevices(new[] { identifier }, literal: true))
                            {
                                Write(device);
                            }
                        }
                    }

                    break;
                case LiteralIdentifierSet:
                    foreach (Device device in FindDevices(LiteralIdentifier, literal: true))
                    {
                        Write(device);
                    }

                    break;
                default:
                    if (FromPipeline(nameof(Identifier)))
                    {
                        // Piped identifiers are looked up a batch at a time (see PipedIdentifiers).
                        _piped.Add(Identifier);
                        if (_piped.IsFull)
                        {
                            WritePiped();
                        }

                        break;
                    }

                    foreach (Device device in FindDevices(Identifier, literal: false))
                    {
                        Write(device);
                    }

                    break;
            }
        }

        protected override void EndProcessing()
        {
            WritePiped();
        }

        private readonly PipedIdentifiers _piped = new PipedIdentifiers();

        /// <summary>
        /// Writes the pending piped identifiers' links in the order they were piped, each unknown one's
        /// DeviceNotFound error at its place: the same output as one look-up per piped record.
        /// </summary>
        private void WritePiped()
        {
            foreach ((string identifier, Device? device) in _piped.Take(Store))
            {
                if (device == null)
                {
                    WriteError(ToErrorRecord(DeviceEditor.NotFound(identifier)));
                }
                else
                {
                    Write(device);
                }
            }
        }

        private bool? _anyReleased;

        private void Write(Device device)
        {
            if (State == null || System.Array.IndexOf(State, device.State) >= 0)
            {
                // The DEP device this record is linked to, or would check in as: Apple may have released it since.
                // Asked once per command: without any release, no link needs its DEP device looked up.
                _anyReleased ??= Store.HasReleasedDepDevices();
                string? depSerial = device.DepDevice ?? (device.UseDep ? device.Serial : null);
                var link = new DeviceDepLink(device, depSerial == null || _anyReleased == false ? null : Store.GetDepDevice(depSerial));
                if (link.Warning != null)
                {
                    WriteWarning($"Device '{device.Identifier}': {link.Warning}.");
                }

                WriteObject(link);
            }
        }
    }
}
