using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Store;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Deletes DEP devices from the inventory, the ones Apple released too (Get-BmgDepDevice -Released); device records that
    /// registered their serial keep it.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "BmgDepDevice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(DepDevice))]
    public sealed class RemoveBmgDepDeviceCommand : BmgCmdlet
    {
        /// <summary>
        /// Serial numbers; wildcards allowed (typed ones: piped values are literal); case-insensitive. Binds piped strings (a
        /// file of serials, as Remove-BmgDevice takes identifiers), the SerialNumber of Get-BmgDepDevice output and a Device's Serial.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Serial")]
        [NameNotObject(nameof(SerialNumber), "Remove-BmgDepDevice", AliasesBound = new[] { "Serial" })]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(RemovableDepSerialCompleter))]
        public string[] SerialNumber { get; set; } = new string[0];

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        // Piped records' serials, answered a batch at a time from one read of their DEP devices.
        private readonly PipedDepSerials _piped = new PipedDepSerials();

        protected override void ProcessRecordCore()
        {
            if (SerialNumber.Length != 0 && FromPipeline(nameof(SerialNumber)))
            {
                // Piped serials (a file of 10,000) are answered a batch at a time: Apple's whole list was read once a record.
                if (_piped.Keep(SerialNumber))
                {
                    AnswerPiped(_piped, Remove, releasedToo: true);
                }

                return;
            }

            AnswerPiped(_piped, Remove, releasedToo: true);
            foreach (DepDevice device in SelectBySerial(Removable(Store), SerialNumber, FromPipeline(nameof(SerialNumber)), d => d.SerialNumber, "DepDeviceNotFound", ActiveDepDeviceKind))
            {
                Remove(device);
            }
        }

        protected override void AnswerPipedAtEnd() => AnswerPiped(_piped, Remove, releasedToo: true);

        /// <summary>
        /// What this cmdlet removes: Apple's list and the serials Apple released, in one serial order (a released record is
        /// removed as a listed one is); its -SerialNumber offers these at Tab (<see cref="RemovableDepSerialCompleter"/>).
        /// </summary>
        internal static IEnumerable<DepDevice> Removable(IDeviceStore store) =>
            store.GetDepDevices().Concat(store.GetReleasedDepDevices()).OrderBy(d => d.SerialNumber, StringComparer.Ordinal);

        /// <summary>Removes one DEP device, if confirmed (-WhatIf, -Confirm: per device); true when it was removed.</summary>
        private bool Remove(DepDevice device)
        {
            bool removed = false;
            ForItem(() =>
            {
                DepRemoval removal = DepInventory.Remove(Store, device, target => ShouldProcess(target, "Remove"), Origin);
                if (removal.Warning != null)
                {
                    // Said once for all the devices of a removal of many (Get-BmgDepDevice -Released | Remove-BmgDepDevice).
                    WarnOrBatch(removal.Warning);
                }

                removed = removal.Removed;
                if (removal.Removed && PassThru)
                {
                    WriteObject(device);
                }
            });
            return removed;
        }
    }
}
