using System;
using System.Management.Automation;
using BizMobileGo.Core.CheckIn;
using BizMobileGo.Core.Devices;

namespace BizMobileGo.PowerShell
{
    /// <summary>Withdraws devices: their information is kept but can no longer be edited.</summary>
    [Cmdlet(VerbsLifecycle.Unregister, "BmgDevice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Device))]
    public sealed class UnregisterBmgDeviceCommand : BmgCmdlet
    {
        /// <summary>Who a service says this change is made for, recorded beside the OS user (BmgCmdlet.ChangedBy.cs).</summary>
        [Parameter]
        [NoScriptBlock]
        public string? ChangedBy { get; set; }

        protected override string? ChangedByGiven => ChangedBy;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Identifier), "Unregister-BmgDevice", Use = PipedUse.Remove)]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string[] Identifier { get; set; } = new string[0];

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecordCore()
        {
            foreach (string identifier in Identifier)
            {
                ForNamedItem(nameof(Identifier), identifier, () =>
                {
                    Device device = CheckInService.Withdraw(Store, identifier.Trim(),
                        d => ShouldProcess($"Device '{d.Identifier}' ({d.State})", "Withdraw"), DateTimeOffset.UtcNow, Origin);
                    if (PassThru && device.State == DeviceState.Withdrawn)
                    {
                        WriteObject(device);
                    }
                });
            }
        }
    }
}
