using System;
using System.Management.Automation;
using BizMobileGo.Core.CheckIn;
using BizMobileGo.Core.Devices;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Lets a device check in again at once after too many wrong codes locked its check-ins: forgets its recent refused
    /// check-ins and records that in the change history.
    /// </summary>
    [Cmdlet(VerbsCommon.Unlock, "BmgDeviceCheckIn", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Device))]
    public sealed class UnlockBmgDeviceCheckInCommand : BmgCmdlet
    {
        /// <summary>Who a service says this change is made for, recorded beside the OS user (BmgCmdlet.ChangedBy.cs).</summary>
        [Parameter]
        [NoScriptBlock]
        public string? ChangedBy { get; set; }

        protected override string? ChangedByGiven => ChangedBy;

        /// <summary>The devices to unlock, exactly (any case); binds from piped Get-BmgDevice output.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Identifier), "Unlock-BmgDeviceCheckIn", Use = PipedUse.Change)]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string[] Identifier { get; set; } = new string[0];

        /// <summary>Writes each device unlocked, as Get-BmgDevice shows it after the unlock (nothing under -WhatIf, a "No", or nothing to unlock).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecordCore()
        {
            foreach (string identifier in Identifier)
            {
                ForNamedItem(nameof(Identifier), identifier, () =>
                {
                    bool confirmed = false;
                    CheckInLockState state = CheckInLockout.Unlock(Store, identifier.Trim(),
                        s => confirmed = ShouldProcess($"Device '{s.Device.Identifier}' ({s.ToText()})", "Unlock check-in"), DateTimeOffset.UtcNow, Origin);
                    if (state.RefusedCheckIns == 0)
                    {
                        SayVerbose($"Device '{state.Device.Identifier}' has no refused check-ins in the last {CheckInService.LockoutWindow.TotalMinutes:0} minutes: nothing to unlock.");
                    }

                    // Only a device this command unlocked: as Set-BmgDevice -PassThru, nothing under -WhatIf or a "No".
                    if (PassThru && confirmed)
                    {
                        WriteObject(state.Device);
                    }
                });
            }
        }
    }
}
