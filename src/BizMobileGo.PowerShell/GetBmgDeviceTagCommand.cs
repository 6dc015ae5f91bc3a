using System.Management.Automation;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    [Cmdlet(VerbsCommon.Get, "BmgDeviceTag")]
    [OutputType(typeof(DeviceTag))]
    public sealed class GetBmgDeviceTagCommand : BmgCmdlet
    {
        /// <summary>Device tag names; wildcards allowed; case-sensitive.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(DeviceTagCompleter))]
        public string[]? Name { get; set; }

        protected override void ProcessRecord() =>
            WriteObject(SelectByName(Store.GetDeviceTags(), Name, t => t.Name, ignoreCase: false, "DeviceTagNotFound", "device tag"), enumerateCollection: true);
    }
}
