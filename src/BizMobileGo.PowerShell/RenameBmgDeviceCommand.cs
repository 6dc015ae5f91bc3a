using System.Management.Automation;
using BizMobileGo.Core.Devices;

namespace BizMobileGo.PowerShell
{
    /// <summary>Gives a Registered device another Identifier; its history, DEP enrollment, code, check-in emails and lockout follow.</summary>
    [Cmdlet(VerbsCommon.Rename, "BmgDevice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Device))]
    public sealed class RenameBmgDeviceCommand : BmgCmdlet
    {
        /// <summary>The device's Identifier now (any case); binds from piped Device objects (Get-BmgDevice) only, of the module's objects.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Identifier), RecordTypes = new[] { typeof(Device) })]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string Identifier { get; set; } = "";

        /// <summary>The new Identifier. -NewName as every Rename- cmdlet has it; -NewIdentifier says what it is.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [Alias("NewIdentifier")]
        public string NewName { get; set; } = "";

        /// <summary>Writes the renamed device, as Rename-Item -PassThru writes the item (the item as it is for its own name; nothing under -WhatIf or a "No").</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecordCore() => ForItem(() =>
        {
            Device? renamed = DeviceRename.Rename(Store, Identifier, NewName,
                (device, newName) => ShouldProcess($"Device '{device.Identifier}'",
                    $"Rename to '{newName}' (its history, check-in code, DEP enrollment and check-in emails follow)"), Origin);
            if (renamed != null && PassThru)
            {
                WriteObject(renamed);
            }
        });
    }
}
