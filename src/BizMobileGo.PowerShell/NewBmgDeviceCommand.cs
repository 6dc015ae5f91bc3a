using System.Management.Automation;
using BizMobileGo.Core.Devices;

namespace BizMobileGo.PowerShell
{
    /// <summary>Registers the information of one device, with the same rules as an import row.</summary>
    [Cmdlet(VerbsCommon.New, "BmgDevice", SupportsShouldProcess = true)]
    [OutputType(typeof(Device))]
    public sealed class NewBmgDeviceCommand : DeviceFieldsCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string Identifier { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1)]
        [ArgumentCompleter(typeof(OsCompleter))]
        public string OS { get; set; } = "";

        protected override void ProcessRecordCore() => ForItem(() =>
        {
            bool created = false;
            Device device = DeviceEditor.Create(Store, Identifier, GivenFields(),
                plan => created = WarnThenConfirm(plan.Warnings, $"Device '{plan.Proposed.Identifier}'", $"Create ({string.Join("; ", plan.Changes)})"), Origin).Proposed;
            if (created)
            {
                WriteObject(device);
            }
        });
    }
}
