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
        private const string SerialSet = "Serial";
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        /// <summary>Device identifiers; case-insensitive; wildcards allowed. None: every device.</summary>
        [Parameter(ParameterSetName = IdentifierSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string[]? Identifier { get; set; }

        /// <summary>Registered serial numbers of the devices to show.</summary>
        [Parameter(ParameterSetName = SerialSet, Mandatory = true)]
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
                    foreach (string serial in Serial)
                    {
                        string normalized = serial.Trim().ToUpperInvariant();
                        Device? device = Store.GetDeviceBySerial(normalized);
                        if (device == null)
                        {
                            WriteError(ToErrorRecord(new BmgException(ErrorIds.DeviceNotFound, BmgErrorCategory.ObjectNotFound,
                                $"No device is registered with the Serial '{serial}'.", serial)));
                        }
                        else
                        {
                            Write(device);
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
                            foreach (Device device in FindDevices(new[] { identifier }))
                            {
                                Write(device);
                            }
                        }
                    }

                    break;
                default:
                    foreach (Device device in FindDevices(Identifier))
                    {
                        Write(device);
                    }

                    break;
            }
        }

        private void Write(Device device)
        {
            if (State == null || System.Array.IndexOf(State, device.State) >= 0)
            {
                WriteObject(new DeviceDepLink(device));
            }
        }
    }
}
