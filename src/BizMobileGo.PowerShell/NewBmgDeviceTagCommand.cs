using System.Management.Automation;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    [Cmdlet(VerbsCommon.New, "BmgDeviceTag", SupportsShouldProcess = true)]
    [OutputType(typeof(DeviceTag))]
    public sealed class NewBmgDeviceTagCommand : ReferenceNewCmdlet
    {
        /// <summary>The names of the device tags to create; each is its own item.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Name), "New-BmgDeviceTag", RecordTypes = new[] { typeof(DeviceTag) })]
        public string[] Name { get; set; } = new string[0];

        protected override ReferenceKind Kind => ReferenceKind.DeviceTag;

        protected override void ProcessRecordCore() => CreateEach(Name, name => ReferenceData.AddDeviceTag(Store, name));
    }
}
