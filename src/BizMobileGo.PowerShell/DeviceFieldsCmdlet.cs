using System.Management.Automation;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// The device fields Set-BmgDevice takes, named like the CSV columns so that one mapping
    /// (<see cref="FieldEditCmdlet.GivenFields"/>) turns them into the values the planner checks.
    /// $null or "" clears a field, as a blank CSV cell does. Parameters only, never bound from a piped object's
    /// properties: a piped Device (or any record) selects devices by Identifier, and re-applying its other properties
    /// would write back values read earlier over changes made since. New-BmgDevice declares the same fields bound by
    /// property name (NewBmgDeviceCommand).
    /// </summary>
    public abstract class DeviceFieldsCmdlet : FieldEditCmdlet
    {
        protected override string FieldKind => "device";

        [Parameter]
        [NoScriptBlock(Edits = FieldEdit.Device)]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(TemplateCompleter))]
        [ValueNotObject(nameof(Template))]
        public string? Template { get; set; }

        [Parameter]
        [NoScriptBlock(Edits = FieldEdit.Device)]
        [AllowNull]
        [AllowEmptyString]
        [ValueNotObject(nameof(Code))]
        [CodeArgument]
        public string? Code { get; set; }

        /// <summary>The parameter set of the whole tag list (-DeviceTags), and of every call without a tag parameter.</summary>
        protected const string WholeTagListSet = "WholeTagList";

        /// <summary>The parameter set of -AddDeviceTag/-RemoveDeviceTag, which -DeviceTags (the whole list) is not in.</summary>
        protected const string TagEditSet = "TagEdit";

        /// <summary>Tag names, in order, replacing the device's list; $null or @() removes them all.</summary>
        [Parameter(ParameterSetName = WholeTagListSet)]
        [NoScriptBlock(Edits = FieldEdit.Device)]
        [AllowNull]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(DeviceTagCompleter))]
        [ValueNotObject(nameof(DeviceTags), NamesOf = typeof(DeviceTag), HashtableToListRefusal = true)]
        public string[]? DeviceTags { get; set; }

        /// <summary>Tag names to add to each device's list, at its end; one the device has changes nothing (NameListEdit).</summary>
        [Parameter(ParameterSetName = TagEditSet)]
        [NoScriptBlock]
        [ArgumentCompleter(typeof(DeviceTagCompleter))]
        [ValueNotObject(nameof(AddDeviceTag), NamesOf = typeof(DeviceTag))]
        public string[]? AddDeviceTag { get; set; }

        /// <summary>Tag names to remove from each device's list; one the device lacks changes nothing (NameListEdit).</summary>
        [Parameter(ParameterSetName = TagEditSet)]
        [NoScriptBlock]
        [ArgumentCompleter(typeof(HeldDeviceTagCompleter))]
        [ValueNotObject(nameof(RemoveDeviceTag), NamesOf = typeof(DeviceTag))]
        public string[]? RemoveDeviceTag { get; set; }

        [Parameter]
        [NoScriptBlock(Edits = FieldEdit.Device)]
        [AllowNull]
        [AllowEmptyString]
        [ValueNotObject(nameof(WifiMac))]
        public string? WifiMac { get; set; }

        [Parameter]
        [NoScriptBlock(Edits = FieldEdit.Device)]
        [AllowNull]
        [AllowEmptyString]
        [ValueNotObject(nameof(IMEI))]
        public string? IMEI { get; set; }

        [Parameter]
        [NoScriptBlock(Edits = FieldEdit.Device)]
        [AllowNull]
        [AllowEmptyString]
        [ValueNotObject(nameof(MEID))]
        public string? MEID { get; set; }

        [Parameter]
        [NoScriptBlock(Edits = FieldEdit.Device)]
        [AllowNull]
        [AllowEmptyString]
        [ValueNotObject(nameof(UDID))]
        public string? UDID { get; set; }

        [Parameter]
        [NoScriptBlock(Edits = FieldEdit.Device)]
        [AllowNull]
        [AllowEmptyString]
        [ValueNotObject(nameof(Serial))]
        public string? Serial { get; set; }

        /// <summary>
        /// Days after the last save during which check-in is allowed (1–365); $null or "" resets to 7. Text, as a CSV
        /// cell is, so every value meets the one field rule the import uses (see NewBmgDeviceCommand.ExpirationDays).
        /// </summary>
        [Parameter]
        [NoScriptBlock(Edits = FieldEdit.Device)]
        [AllowNull]
        [AllowEmptyString]
        [ValueNotObject(nameof(ExpirationDays))]
        public string? ExpirationDays { get; set; }

        [Parameter]
        [NoScriptBlock(Edits = FieldEdit.Device)]
        [AllowNull]
        [AllowEmptyString]
        [ValueNotObject(nameof(DisplayName))]
        public string? DisplayName { get; set; }

        [Parameter]
        [NoScriptBlock(Edits = FieldEdit.Device)]
        [AllowNull]
        [AllowEmptyString]
        [ValueNotObject(nameof(Description))]
        public string? Description { get; set; }

        [Parameter]
        [NoScriptBlock(Edits = FieldEdit.Device)]
        [AllowNull]
        [AllowEmptyString]
        [ValueNotObject(nameof(RegistrationEmail))]
        public string? RegistrationEmail { get; set; }

        /// <summary>Serial or Keycode; $null or "" turns DEP enrollment off.</summary>
        [Parameter]
        [NoScriptBlock(Edits = FieldEdit.Device)]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(DepMethodCompleter))]
        [ValueNotObject(nameof(DEPMethod))]
        public string? DEPMethod { get; set; }

        /// <summary>The user the device belongs to; $null or "" unlinks it.</summary>
        [Parameter]
        [NoScriptBlock(Edits = FieldEdit.Device)]
        [AllowNull]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(UserNameCompleter))]
        [ValueNotObject(nameof(UserName))]
        public string? UserName { get; set; }
    }
}
