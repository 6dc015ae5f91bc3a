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
            ChangeDiff.DepDeviceField, ChangeDiff.DepProfileField, ChangeDiff.CheckedInAtField, ChangeDiff.WithdrawnAtField,
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
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class HistoryFieldAttribute : ValidateEnumeratedArgumentsAttribute
    {
        private readonly SubjectKind _kind;

        public HistoryFieldAttribute(SubjectKind kind) => _kind = kind;

        protected override void ValidateElement(object element)
        {
            string name = element?.ToString() ?? "";
            IReadOnlyList<string> fields = HistoryFields.Of(_kind);
            if (fields.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return;
            }

            string whose = _kind == SubjectKind.User ? "a user's" : "a device's";
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
