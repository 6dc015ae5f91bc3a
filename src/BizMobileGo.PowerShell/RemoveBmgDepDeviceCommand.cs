using System.Management.Automation;
using BizMobileGo.Core.Dep;

namespace BizMobileGo.PowerShell
{
    /// <summary>Deletes DEP devices from the inventory; device records that registered their serial keep it.</summary>
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
        [NameNotObject(nameof(SerialNumber), AliasesBound = new[] { "Serial" }, Command = "Remove-BmgDepDevice")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(DepSerialCompleter))]
        public string[] SerialNumber { get; set; } = new string[0];

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecordCore()
        {
            foreach (DepDevice device in SelectBySerial(Store.GetDepDevices(), SerialNumber, FromPipeline(nameof(SerialNumber)), d => d.SerialNumber, "DepDeviceNotFound", "DEP device", ReleasedSerial))
            {
                ForItem(() =>
                {
                    DepRemoval removal = DepInventory.Remove(Store, device, target => ShouldProcess(target, "Remove"));
                    if (removal.Warning != null)
                    {
                        WriteWarning(removal.Warning);
                    }

                    if (removal.Removed && PassThru)
                    {
                        WriteObject(device);
                    }
                });
            }
        }
    }
}
