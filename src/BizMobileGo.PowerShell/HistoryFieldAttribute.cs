using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.CheckIn;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Import;

namespace BizMobileGo.PowerShell
{
    /// <summary>The fields a kind's change history records, the names Get-BmgDeviceHistory/Get-BmgUserHistory -Field take.</summary>
    internal static class HistoryFields
    {
        public static readonly IReadOnlyList<string> Device = new[]
        {
            FieldNames.Identifier, FieldNames.Template, FieldNames.Code, FieldNames.OS, FieldNames.DeviceTags, FieldNames.WifiMac,
            FieldNames.IMEI, FieldNames.MEID, FieldNames.UDID, FieldNames.Serial, FieldNames.ExpirationDays, FieldNames.DisplayName,
            FieldNames.Description, FieldNames.RegistrationEmail, FieldNames.DEPMethod, FieldNames.UserName, ChangeDiff.StateField,
            ChangeDiff.DepDeviceField, ChangeDiff.DepProfileField, ChangeDiff.DepReleasedField, ChangeDiff.CheckedInAtField, ChangeDiff.WithdrawnAtField,
            CheckInLockout.HistoryField,
        };

        public static readonly IReadOnlyList<string> User = new[]
        {
            FieldNames.UserName, FieldNames.Name, FieldNames.EmailAddress, FieldNames.UserDescription, FieldNames.Organizations,
        };

        public static IReadOnlyList<string> Of(SubjectKind kind) => kind == SubjectKind.User ? User : Device;
    }

    /// <summary>
    /// -Field of the history cmdlets: one of the kind's <see cref="HistoryFields"/> (any case, as ValidateSet took them), or
    /// refused naming the field and the one it nearly is: "-Field 'Tags' is not a field of a device's history; did you mean
    /// 'DeviceTags'?", the did-you-mean of a CSV header's column (ImportHeader.Suggest). ValidateSet said
    /// "does not belong to the set "Identifier,Template,…"", all 22 names on one line and no hint (walkthrough 25, finding 11).
    /// The error stays PowerShell's ParameterArgumentValidationError; tab completion is the kind's completer below.
    /// <see cref="ValidValues"/> is ValidateSetAttribute's name for the set: Get-Help's syntax lists them from it ("-Field
    /// {Identifier | Template | …}", module/help/New-MamlHelp.ps1), as it did ValidateSet's, and a script reads them from
    /// (Get-Command Get-BmgDeviceHistory).Parameters.Field.Attributes. Public for that: PowerShell shows a non-public
    /// type's object only through its public base type, whose members lack the set. Its fields hold no type of the core
    /// (a bool, not the SubjectKind): Import-Module loads a public type of this assembly before the core's load context
    /// (DependencyLoadContext) can resolve one.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    public sealed class HistoryFieldAttribute : ValidateEnumeratedArgumentsAttribute
    {
        private readonly bool _user;

        internal HistoryFieldAttribute(SubjectKind kind) => _user = kind == SubjectKind.User;

        /// <summary>The names -Field takes, in the history's order (any case is taken).</summary>
        public IReadOnlyList<string> ValidValues => _user ? HistoryFields.User : HistoryFields.Device;

        protected override void ValidateElement(object element)
        {
            string name = element?.ToString() ?? "";
            IReadOnlyList<string> fields = ValidValues;
            if (fields.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return;
            }

            string whose = _user ? "a user's" : "a device's";
            string? near = ImportHeader.Suggest(name, fields, handTyped: true);
            string rest = near != null ? $"did you mean '{near}'?" : "the fields are " + string.Join(", ", fields) + ".";
            throw new ValidationMetadataException($"'{FieldText.Printable(name)}' is not a field of {whose} history; {rest}");
        }
    }

    public sealed class DeviceHistoryFieldCompleter : FixedValuesCompleter
    {
        public DeviceHistoryFieldCompleter()
            : base(HistoryFields.Device.ToArray())
        {
        }
    }

    public sealed class UserHistoryFieldCompleter : FixedValuesCompleter
    {
        public UserHistoryFieldCompleter()
            : base(HistoryFields.User.ToArray())
        {
        }
    }
}
