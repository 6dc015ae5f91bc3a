using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    /// <summary>The DEP devices Apple assigned to this MDM, with the device record that claims each (by Serial).</summary>
    [Cmdlet(VerbsCommon.Get, "BmgDepDevice")]
    [OutputType(typeof(DepDevice))]
    public sealed class GetBmgDepDeviceCommand : BmgCmdlet
    {
        /// <summary>
        /// Serial numbers; wildcards allowed (typed ones: piped values are literal); case-insensitive. Binds piped strings, as
        /// Get-BmgDevice's -Identifier does, and the SerialNumber or Serial property of piped objects.
        /// </summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Serial")]
        [NameNotObject(nameof(SerialNumber), AliasesBound = new[] { "Serial" }, Command = "Get-BmgDepDevice")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(DepSerialCompleter))]
        public string[]? SerialNumber { get; set; }

        /// <summary>Only DEP devices that no device record claims.</summary>
        [Parameter]
        public SwitchParameter Unassigned { get; set; }

        /// <summary>Only DEP devices assigned this DEP profile (wildcards allowed).</summary>
        [Parameter]
        [NoScriptBlock]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        private System.Lazy<NameMatch?>? _profileFilter;

        // Piped records' serials, kept until their batch is due (PipedBatch) and then answered from one read of their DEP devices.
        private readonly PipedBatch _batch = new PipedBatch();
        private readonly List<PipedSerial[]> _piped = new List<PipedSerial[]>();

        protected override void ProcessRecordCore()
        {
            // An exact name that names no profile is DepProfileNotFound with a did-you-mean, as Get-BmgDevice -Template's is
            // (ReferenceData.NotFound); a wildcard that matches none stays silent, as there. Read once: -ProfileName is never piped.
            _profileFilter ??= new System.Lazy<NameMatch?>(() =>
            {
                string[]? names = null;
                string[] Names() => names ??= Store.GetDepProfiles().Where(p => p.Name != null).Select(p => p.Name!).ToArray();
                return Filter(ProfileName, nameof(ProfileName), ignoreCase: false, name => Names().Contains(name),
                    name => ReferenceData.NotFound(ErrorIds.DepProfileNotFound, "DEP profile", name, Names()));
            });
            NameMatch? profile = _profileFilter.Value;
            if (SerialNumber != null && SerialNumber.Length != 0 && FromPipeline(nameof(SerialNumber)))
            {
                // Piped serials (Import-Csv of 10,000) are answered a batch at a time: Apple's whole list was read once a record.
                _batch.Arrived(_piped.Count, keeps: true);
                _piped.Add(System.Array.ConvertAll(SerialNumber, PipedSerial.Parse));
                if (_piped.Count >= _batch.Limit)
                {
                    WritePiped(profile);
                }

                return;
            }

            WritePiped(profile);
            foreach (DepDevice device in SelectBySerial(Store.GetDepDevices(), SerialNumber, FromPipeline(nameof(SerialNumber)), d => d.SerialNumber, "DepDeviceNotFound", "DEP device", ReleasedSerial))
            {
                Write(device, profile);
            }
        }

        protected override void EndProcessingCore() => WritePiped(_profileFilter?.Value);

        /// <summary>
        /// The kept piped records, in order, each as SelectBySerial answered it alone: its invalid serials' errors, then its
        /// serials the list lacks (DepDeviceNotFound, or why: released), then its DEP devices in the list's order.
        /// </summary>
        private void WritePiped(NameMatch? profile)
        {
            if (_piped.Count == 0)
            {
                return;
            }

            var exact = new List<string>();
            foreach (PipedSerial[] record in _piped)
            {
                foreach (PipedSerial serial in record)
                {
                    if (serial.Match != null)
                    {
                        exact.Add(serial.Match.Exact!);
                    }
                }
            }

            DepDevicesOfSerials read = DepDevicesOfSerials.Read(Store, exact);
            PipedSerial[][] records = _piped.ToArray();
            _piped.Clear();
            _batch.Taken();
            var matched = new List<string>();
            foreach (PipedSerial[] record in records)
            {
                matched.Clear();
                foreach (PipedSerial serial in record)
                {
                    if (serial.Invalid != null)
                    {
                        WriteError(ToErrorRecord(serial.Invalid));
                    }
                    else
                    {
                        matched.Add(serial.Match!.Exact!);
                    }
                }

                foreach (PipedSerial serial in record)
                {
                    if (serial.Match != null && (read.Stored(serial.Match.Exact!) is not DepDevice stored || stored.ReleasedAt != null))
                    {
                        WriteError(SerialNotFoundRecord(serial.Match, "DepDeviceNotFound", "DEP device",
                            ReleasedSerial(read.Stored(serial.Match.Exact!), serial.Match.Text, serial.Match.Exact!)));
                    }
                }

                foreach (DepDevice device in read.Listed(matched))
                {
                    Write(device, profile);
                }
            }
        }

        private void Write(DepDevice device, NameMatch? profile)
        {
            if ((!Unassigned || device.Identifier == null) && (profile == null || profile.IsMatch(device.ProfileName)))
            {
                WriteObject(device);
            }
        }

        /// <summary>A piped serial (literal: never a pattern) read through the serial rule: its match, or why it is invalid.</summary>
        private sealed class PipedSerial
        {
            public NameMatch? Match { get; private set; }

            public BmgException? Invalid { get; private set; }

            public static PipedSerial Parse(string text)
            {
                try
                {
                    return new PipedSerial { Match = NameMatch.Serial(text, literal: true) };
                }
                catch (BmgException e)
                {
                    return new PipedSerial { Invalid = e };
                }
            }
        }
    }
}
