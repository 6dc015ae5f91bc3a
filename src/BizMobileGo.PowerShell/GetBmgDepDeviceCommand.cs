using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    /// <summary>The DEP devices Apple assigned to this MDM, with the device record that claims each (by Serial).</summary>
    [Cmdlet(VerbsCommon.Get, "BmgDepDevice", DefaultParameterSetName = ProfileNameSet)]
    [OutputType(typeof(DepDevice))]
    public sealed class GetBmgDepDeviceCommand : BmgCmdlet
    {
        /// <summary>
        /// Serial numbers; wildcards allowed (typed ones: piped values are literal); case-insensitive. Binds piped strings, as
        /// Get-BmgDevice's -Identifier does, and the SerialNumber or Serial property of piped objects.
        /// </summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Serial")]
        [NameNotObject(nameof(SerialNumber), "Get-BmgDepDevice", AliasesBound = new[] { "Serial" })]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(DepSerialCompleter))]
        public string[]? SerialNumber { get; set; }

        /// <summary>Only DEP devices that no device record claims.</summary>
        [Parameter]
        public SwitchParameter Unassigned { get; set; }

        /// <summary>
        /// The serials Apple released (sold, returned, moved to another MDM server in Apple Business Manager), with ReleasedAt and
        /// ReleasedReason, in place of the DEP devices of Apple's list: a filter, as Get-ChildItem -Hidden is, not an addition.
        /// </summary>
        [Parameter]
        public SwitchParameter Released { get; set; }

        private const string ProfileNameSet = "ProfileName";
        private const string NoProfileSet = "NoProfile";

        /// <summary>Only DEP devices assigned this DEP profile (wildcards allowed).</summary>
        [Parameter(ParameterSetName = ProfileNameSet)]
        [NoScriptBlock]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        /// <summary>
        /// Only DEP devices assigned no DEP profile (neither a profile uuid nor a name): a filter, as -Unassigned is; with
        /// -ProfileName it is a parameter-set error, as PowerShell gives for two filters that can't both hold.
        /// </summary>
        [Parameter(ParameterSetName = NoProfileSet)]
        public SwitchParameter NoProfile { get; set; }

        private System.Lazy<NameMatch?>? _profileFilter;

        private List<DepDevice>? _released;

        // Piped records' serials, answered a batch at a time from one read of their DEP devices.
        private readonly PipedDepSerials _piped = new PipedDepSerials();

        protected override void ProcessRecordCore()
        {
            // An exact name that names no profile is DepProfileNotFound with a did-you-mean, as Get-BmgDevice -Template's is
            // (ReferenceData.NotFound); a wildcard that matches none stays silent, as there. Read once: -ProfileName is never piped.
            _profileFilter ??= new System.Lazy<NameMatch?>(() =>
            {
                string[]? names = null;
                string[] Names() => names ??= Store.GetDepProfiles().Where(p => p.Name != null).Select(p => p.Name!).ToArray();
                if (ProfileName != null && ProfileName.Trim().Length == 0)
                {
                    // No profile has an empty name: '' asked for the devices without one (walkthrough 39, 7).
                    ThrowTerminatingError(ToErrorRecord(new BmgException(ErrorIds.DepProfileNotFound, BmgErrorCategory.ObjectNotFound,
                        $"No DEP profile has an empty name {Core.Store.SearchedStore.In(Store)}: Get-BmgDepDevice -NoProfile lists the DEP devices assigned no profile.", ProfileName)));
                }

                return Filter(ProfileName, nameof(ProfileName), ignoreCase: false, name => Names().Contains(name),
                    name => ReferenceData.NotFound(ErrorIds.DepProfileNotFound, "DEP profile", name, Names(), Store.Location));
            });
            NameMatch? profile = _profileFilter.Value;
            if (SerialNumber != null && SerialNumber.Length != 0 && FromPipeline(nameof(SerialNumber)) && !Released)
            {
                // Piped serials (Import-Csv of 10,000) are answered a batch at a time: Apple's whole list was read once a record.
                if (_piped.Keep(SerialNumber))
                {
                    WritePiped(profile);
                }

                return;
            }

            WritePiped(profile);
            // -Released reads the released serials once for the command, whatever is piped: the batched reading of piped
            // serials (PipedDepSerials) answers with active DEP devices only. The command writes nothing, so one read serves.
            IEnumerable<DepDevice> devices = Released ? _released ??= Store.GetReleasedDepDevices().ToList() : Store.GetDepDevices();
            foreach (DepDevice device in SelectBySerial(devices, SerialNumber, FromPipeline(nameof(SerialNumber)), d => d.SerialNumber, "DepDeviceNotFound",
                Released ? "released DEP serial" : ActiveDepDeviceKind, Released ? NotReleasedSerial : ReleasedSerial))
            {
                Write(device, profile);
            }
        }

        protected override void EndProcessingCore() => WritePiped(_profileFilter?.Value);

        /// <summary>For -Released, an exact serial Apple's list holds active: the error says so, rather than that it does not exist.</summary>
        private string? NotReleasedSerial(string typed, string serialNumber) =>
            Store.GetDepDevice(serialNumber) is DepDevice { ReleasedAt: null }
                ? $"The serial {Core.Fields.AppleSerial.Echo(typed, serialNumber)} is not released: it is a DEP device of Apple's list (Get-BmgDepDevice {serialNumber} without -Released shows it)."
                : null;

        private void WritePiped(NameMatch? profile) => AnswerPiped(_piped, device =>
        {
            Write(device, profile);
            return false;
        });

        private void Write(DepDevice device, NameMatch? profile)
        {
            if ((!Unassigned || device.Identifier == null) && (profile == null || profile.IsMatch(device.ProfileName))
                && (!NoProfile || (device.ProfileUuid == null && device.ProfileName == null)))
            {
                WriteObject(Released ? AsReleased(device) : device);
            }
        }

        /// <summary>The PSTypeName of -Released's objects, whose table (BizMobileGo.Format.ps1xml) shows ReleasedAt.</summary>
        internal const string ReleasedTypeName = "BizMobileGo.Core.Dep.DepDevice#Released";

        private static PSObject AsReleased(DepDevice device)
        {
            PSObject shown = PSObject.AsPSObject(device);
            shown.TypeNames.Insert(0, ReleasedTypeName);
            return shown;
        }
    }
}
