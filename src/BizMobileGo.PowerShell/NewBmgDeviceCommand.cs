using System.Management.Automation;
using BizMobileGo.Core.Users;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Registers the information of one device, with the same rules as an import row. Every field binds from a piped
    /// record by property name too (Import-Csv rows, [pscustomobject]s, another store's Device), each record its own
    /// device: on create a blank value and an absent one mean the same (no value), as in a CSV.
    /// </summary>
    /// <remarks>
    /// The fields are declared here, not shared with Set-BmgDevice (DeviceFieldsCmdlet): PowerShell reads a parameter's
    /// pipeline binding from its attribute, and Set-BmgDevice must not bind them. Keep the two lists alike (a Pester test
    /// compares them).
    /// </remarks>
    [Cmdlet(VerbsCommon.New, "BmgDevice", SupportsShouldProcess = true)]
    [OutputType(typeof(Device))]
    public sealed class NewBmgDeviceCommand : FieldEditCmdlet
    {
        protected override string FieldKind => "device";

        private protected override string? PipelineOnlyInputAdvice =>
            "-InputObject takes only piped records (Import-Csv devices.csv | New-BmgDevice); give the fields as parameters: -Identifier, -OS, ...";

        // A blank or null key or OS (a blank cell, a JSON null) goes to the field rules, which name the field, instead of
        // PowerShell's "empty string" / "null" binding errors.
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValueNotObject(nameof(Identifier))]
        [AllowNull]
        [AllowEmptyString]
        public string? Identifier { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValueNotObject(nameof(OS))]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(OsCompleter))]
        public string? OS { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValueNotObject(nameof(Template))]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(TemplateCompleter))]
        public string? Template { get; set; }

        /// <summary>A piped Device's Code binds too: a copy into another store keeps the check-in code its user was sent.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValueNotObject(nameof(Code))]
        [AllowNull]
        [AllowEmptyString]
        [CodeArgument]
        public string? Code { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(DeviceTagCompleter))]
        [ValueNotObject(nameof(DeviceTags), NamesOf = typeof(DeviceTag), HashtableToListRefusal = true)]
        public string[]? DeviceTags { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValueNotObject(nameof(WifiMac))]
        [AllowNull]
        [AllowEmptyString]
        public string? WifiMac { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValueNotObject(nameof(IMEI))]
        [AllowNull]
        [AllowEmptyString]
        public string? IMEI { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValueNotObject(nameof(MEID))]
        [AllowNull]
        [AllowEmptyString]
        public string? MEID { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValueNotObject(nameof(UDID))]
        [AllowNull]
        [AllowEmptyString]
        public string? UDID { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValueNotObject(nameof(Serial))]
        [AllowNull]
        [AllowEmptyString]
        public string? Serial { get; set; }

        /// <summary>
        /// Days after the last save during which check-in is allowed (1–365); $null or blank: 7. Text, as a CSV cell is:
        /// a typed 30 arrives as "30", and every value meets the one field rule the import uses (InvalidFieldValue).
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValueNotObject(nameof(ExpirationDays))]
        [AllowNull]
        [AllowEmptyString]
        public string? ExpirationDays { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValueNotObject(nameof(DisplayName))]
        [AllowNull]
        [AllowEmptyString]
        public string? DisplayName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValueNotObject(nameof(Description))]
        [AllowNull]
        [AllowEmptyString]
        public string? Description { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValueNotObject(nameof(RegistrationEmail))]
        [AllowNull]
        [AllowEmptyString]
        public string? RegistrationEmail { get; set; }

        /// <summary>Serial or Keycode; $null or "": no DEP enrollment.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValueNotObject(nameof(DEPMethod))]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(DepMethodCompleter))]
        public string? DEPMethod { get; set; }

        /// <summary>The user the device belongs to (it must exist); $null or "": none.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValueNotObject(nameof(UserName))]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(UserNameCompleter))]
        public string? UserName { get; set; }

        protected override void ProcessRecordCore() => ForItem(() =>
        {
            string identifier = KeyGiven(nameof(Identifier), Identifier);
            WarnOfFieldsNotApplied($"device '{FieldText.Printable(identifier)}'");
            bool created = false;
            RecordPlan<Device> plan = DeviceEditor.Create(Store, identifier, GivenFields(),
                change => created = WarnThenConfirm(change, $"Device '{change.Proposed.Identifier}'", $"Create ({change.DescribeChanges()})"), Origin, ConfirmMayPrompt);
            if (created)
            {
                WriteObject(plan.Proposed);
            }
        });
    }
}
