using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.Dep;

namespace BizMobileGo.PowerShell
{
    /// <summary>The DEP devices Apple assigned to this MDM, with the device record that claims each (by Serial).</summary>
    [Cmdlet(VerbsCommon.Get, "BmgDepDevice")]
    [OutputType(typeof(DepDevice))]
    public sealed class GetBmgDepDeviceCommand : BmgCmdlet
    {
        /// <summary>Serial numbers; wildcards allowed; case-insensitive.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Serial")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(DepSerialCompleter))]
        public string[]? SerialNumber { get; set; }

        /// <summary>Only DEP devices that no device record claims.</summary>
        [Parameter]
        public SwitchParameter Unassigned { get; set; }

        /// <summary>Only DEP devices assigned this DEP profile (wildcards allowed).</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        protected override void ProcessRecordCore()
        {
            NameMatch? profile = Filter(ProfileName, nameof(ProfileName), ignoreCase: false, name => Store.GetDepProfiles().Any(p => p.Name == name));
            foreach (DepDevice device in SelectBySerial(Store.GetDepDevices(), SerialNumber, FromPipeline(nameof(SerialNumber)), d => d.SerialNumber, "DepDeviceNotFound", "DEP device", ReleasedSerial))
            {
                if ((!Unassigned || device.Identifier == null) && (profile == null || profile.IsMatch(device.ProfileName)))
                {
                    WriteObject(device);
                }
            }
        }
    }
}
