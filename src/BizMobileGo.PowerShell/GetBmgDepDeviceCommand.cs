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
        public string[]? SerialNumber { get; set; }

        /// <summary>Only DEP devices that no device record claims.</summary>
        [Parameter]
        public SwitchParameter Unassigned { get; set; }

        /// <summary>Only DEP devices assigned this DEP profile (wildcards allowed).</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        protected override void ProcessRecord()
        {
            var profile = ProfileName == null ? null : new WildcardPattern(ProfileName, WildcardOptions.None);
            foreach (DepDevice device in SelectByName(Store.GetDepDevices(), SerialNumber, d => d.SerialNumber, ignoreCase: true, "DepDeviceNotFound", "DEP device"))
            {
                if ((!Unassigned || device.Identifier == null) && (profile == null || (device.ProfileName != null && profile.IsMatch(device.ProfileName))))
                {
                    WriteObject(device);
                }
            }
        }
    }
}
