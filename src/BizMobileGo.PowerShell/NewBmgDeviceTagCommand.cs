using System.Management.Automation;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    [Cmdlet(VerbsCommon.New, "BmgDeviceTag", SupportsShouldProcess = true)]
    [OutputType(typeof(DeviceTag))]
    public sealed class NewBmgDeviceTagCommand : BmgCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        public string Name { get; set; } = "";

        protected override void ProcessRecordCore()
        {
            if (ShouldProcess($"Device tag '{Name}'", "Create"))
            {
                ForItem(() => WriteObject(ReferenceData.AddDeviceTag(Store, Name)));
            }
        }
    }
}
