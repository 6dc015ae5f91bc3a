using System.Management.Automation;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Devices;

namespace BizMobileGo.PowerShell
{
    /// <summary>Changes the given fields of devices; fields not given stay as they are. The edit lock applies.</summary>
    [Cmdlet(VerbsCommon.Set, "BmgDevice", SupportsShouldProcess = true, DefaultParameterSetName = WholeTagListSet)]
    [OutputType(typeof(Device))]
    public sealed class SetBmgDeviceCommand : DeviceFieldsCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [NameNotObject(nameof(Identifier), "Set-BmgDevice", Use = PipedUse.Change)]
        [ArgumentCompleter(typeof(IdentifierCompleter))]
        public string[] Identifier { get; set; } = new string[0];

        private protected override string? PipelineOnlyInputAdvice =>
            "-InputObject takes only piped devices (Get-BmgDevice | Set-BmgDevice -Description ...); name a device by -Identifier.";

        /// <summary>The OS can't change once a device exists; given, it must equal the registered one.</summary>
        [Parameter]
        [NoScriptBlock(Edits = FieldEdit.Device)]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(OsCompleter))]
        [ValueNotObject(nameof(OS))]
        public string? OS { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private protected override string TallyNoun => "device";

        protected override void ProcessRecordCore()
        {
            // A piped record's other properties are not applied (see DeviceFieldsCmdlet); say so rather than drop them silently.
            WarnOfFieldsNotApplied($"device '{FieldText.Printable(string.Join("', '", Identifier))}'");
            FieldValues given = GivenFields();
            WarnIfNoFieldGiven(given, FieldKey.Identifier, "-DisplayName, -UserName or -DeviceTags");
            foreach (string identifier in Identifier)
            {
                EditOrKeep(nameof(Identifier), identifier, () =>
                {
                    bool declined = false;
                    TallyStarted();
                    RecordPlan<Device> plan = DeviceEditor.Edit(Store, identifier.Trim(), given,
                        change => !(declined = !WarnThenConfirm(change, $"Device '{change.Proposed.Identifier}'", change.DescribeAction("Update"))), origin: Origin,
                        confirmMayPrompt: ConfirmMayPrompt);
                    if (!declined && plan.Action == RecordAction.Updated)
                    {
                        TallyCommitted(plan.Proposed.Identifier);
                    }

                    WriteOverwritten(plan.Overwritten);

                    if (PassThru && !declined)
                    {
                        AfterCommit(() => WriteObject(plan.Proposed));
                    }
                });
            }
        }
    }
}
