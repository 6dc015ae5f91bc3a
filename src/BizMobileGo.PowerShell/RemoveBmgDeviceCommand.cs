using System.Management.Automation;
using BizMobileGo.Core.Devices;

namespace BizMobileGo.PowerShell
{
    /// <summary>Deletes device information; a checked-in device is refused.</summary>
    [Cmdlet(VerbsCommon.Remove, "BmgDevice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(Device))]
    public sealed class RemoveBmgDeviceCommand : BmgCmdlet
    {
        /// <summary>Who a service says this change is made for, recorded beside the OS user (BmgCmdlet.ChangedBy.cs).</summary>
        [Parameter]
        [NoScriptBlock]
        public string? ChangedBy { get; set; }

        protected override string? ChangedByGiven => ChangedBy;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Identifier), "Remove-BmgDevice", Use = PipedUse.Remove)]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string[] Identifier { get; set; } = new string[0];

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override string TallyNoun => "device";

        private protected override string TallyVerb => "removed";

        protected override void ProcessRecordCore()
        {
            foreach (string identifier in Identifier)
            {
                EditOrKeep(nameof(Identifier), identifier, () =>
                {
                    bool removed = false;
                    TallyStarted();
                    Device device = DeviceEditor.Remove(Store, identifier.Trim(),
                        d => removed = ShouldProcess($"Device '{d.Identifier}' ({d.State})", "Remove"), Origin, ConfirmMayPrompt);
                    if (removed)
                    {
                        TallyCommitted(device.Identifier);
                    }

                    if (removed && PassThru)
                    {
                        AfterCommit(() => WriteObject(device));
                    }
                });
            }
        }
    }
}
