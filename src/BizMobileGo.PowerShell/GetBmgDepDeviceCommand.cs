using System.Management.Automation;
using BizMobileGo.Core.Dep;

namespace BizMobileGo.PowerShell
{
    [Cmdlet(VerbsCommon.Get, "BmgDepDevice")]
    [OutputType(typeof(DepDevice))]
    public sealed class GetBmgDepDeviceCommand : BmgCmdlet
    {
        /// <summary>Serial numbers; wildcards allowed; case-insensitive.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Serial")]
        [SupportsWildcards]
        public string[]? SerialNumber { get; set; }

        protected override void ProcessRecord() =>
            WriteObject(SelectByName(Store.GetDepDevices(), SerialNumber, d => d.SerialNumber, ignoreCase: true, "DepDeviceNotFound", "DEP device"), enumerateCollection: true);
    }
}
