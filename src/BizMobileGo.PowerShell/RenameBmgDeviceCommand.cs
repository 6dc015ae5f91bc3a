using System.Management.Automation;
using BizMobileGo.Core.Devices;

namespace BizMobileGo.PowerShell
{
    /// <summary>Gives a Registered device another Identifier; its history, DEP enrollment, code, check-in emails and lockout follow.</summary>
    [Cmdlet(VerbsCommon.Rename, "BmgDevice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Device))]
    public sealed class RenameBmgDeviceCommand : BmgCmdlet
    {
        /// <summary>Who a service says this change is made for, recorded beside the OS user (BmgCmdlet.ChangedBy.cs).</summary>
        [Parameter]
        [NoScriptBlock]
        public string? ChangedBy { get; set; }

        protected override string? ChangedByGiven => ChangedBy;

        /// <summary>The device's Identifier now (any case); binds from piped Device objects (Get-BmgDevice) only, of the module's objects.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Identifier), "Rename-BmgDevice", RecordTypes = new[] { typeof(Device) })]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string Identifier { get; set; } = "";

        /// <summary>The new Identifier. -NewName as every Rename- cmdlet has it; -NewIdentifier says what it is.</summary>
        // By property name too, as Rename-Item's: a renames file's NewName column, or a delay-bind script block
        // (-NewName { $_.Identifier -replace ... }) for each piped item; so on every Rename- cmdlet. No object of the module
        // has a NewName (or alias) property, so a piped Device binds its key alone (Rename.Tests.ps1 checks every type). An
        // empty NewName cell (or a script block that gives nothing) binds, AllowEmptyString/AllowNull, so that the rename
        // refuses it naming the device and the rule, not PowerShell naming only the parameter.
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [PipedCell]
        [AllowEmptyString]
        [AllowNull]
        [Alias("NewIdentifier")]
        public string NewName { get; set; } = "";

        /// <summary>Writes the renamed device, as Rename-Item -PassThru writes the item (the item as it is for its own name; nothing under -WhatIf or a "No").</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecordCore() => ForNamedItem(nameof(Identifier), Identifier, () =>
        {
            Device? renamed = DeviceRename.Rename(Store, Identifier, NewName ?? "",
                (device, newName) => ShouldProcess($"Device '{device.Identifier}'",
                    $"Rename to '{newName}' (its history, check-in code, DEP enrollment and check-in emails follow)"), Origin, WriteWarning, ConfirmMayPrompt);
            if (renamed != null && PassThru)
            {
                WriteObject(renamed);
            }
        });
    }
}
