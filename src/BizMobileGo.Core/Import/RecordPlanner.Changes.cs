using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Import
{
    // The field changes a plan lists: each field before against after.
    public sealed partial class RecordPlanner
    {
        [MethodImpl(PerRowCode.Compile)]
        private static void DiffUser(User? before, User after, List<FieldChange> changes)
        {
            Compare(changes, FieldNames.UserName, before?.UserName, after.UserName);
            Compare(changes, FieldNames.Name, before?.Name, after.Name);
            Compare(changes, FieldNames.EmailAddress, before?.EmailAddress, after.EmailAddress);
            Compare(changes, FieldNames.UserDescription, before?.UserDescription, after.UserDescription);
            CompareNames(changes, FieldNames.Organizations, before?.Organizations, after.Organizations);
        }

        /// <summary>
        /// The changed fields. A generated code shows as "(generated)": it is drawn anew on every
        /// plan, so a dry run could not show the value the real run will store (Get-BmgDevice shows it).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        private static void DiffDevice(Device? before, Device after, List<FieldChange> changes, bool codeGenerated)
        {
            Compare(changes, FieldNames.Identifier, before?.Identifier, after.Identifier);
            Compare(changes, FieldNames.Template, before?.Template, after.Template);
            if (codeGenerated || !string.Equals(before?.PlainCode, after.PlainCode, StringComparison.Ordinal))
            {
                // A code is a secret: the change says that it changed, never the old or the new code.
                changes.Add(new FieldChange(FieldNames.Code, null, codeGenerated ? GeneratedCodeText : ChangedCodeText));
            }

            Compare(changes, FieldNames.OS, before?.OS, after.OS);
            CompareNames(changes, FieldNames.DeviceTags, before?.DeviceTags, after.DeviceTags);
            Compare(changes, FieldNames.WifiMac, before?.WifiMac, after.WifiMac);
            Compare(changes, FieldNames.IMEI, before?.IMEI, after.IMEI);
            Compare(changes, FieldNames.MEID, before?.MEID, after.MEID);
            Compare(changes, FieldNames.UDID, before?.UDID, after.UDID);
            Compare(changes, FieldNames.Serial, before?.Serial, after.Serial);
            if (before == null || before.ExpirationDays != after.ExpirationDays)
            {
                Compare(changes, FieldNames.ExpirationDays, before?.ExpirationDays.ToString(CultureInfo.InvariantCulture), after.ExpirationDays.ToString(CultureInfo.InvariantCulture));
            }

            Compare(changes, FieldNames.DisplayName, before?.DisplayName, after.DisplayName);
            Compare(changes, FieldNames.Description, before?.Description, after.Description);
            Compare(changes, FieldNames.RegistrationEmail, before?.RegistrationEmail, after.RegistrationEmail);
            if (before == null || before.DEPMethod != after.DEPMethod)
            {
                Compare(changes, FieldNames.DEPMethod, before?.DEPMethod is DepMethod b ? DepMethods.ToText(b) : null, after.DEPMethod is DepMethod a ? DepMethods.ToText(a) : null);
            }

            Compare(changes, FieldNames.UserName, before?.UserName, after.UserName);
        }

        private static string? Joined(IReadOnlyList<string>? names) =>
            names == null || names.Count == 0 ? null : NameList.Join(names);

        /// <summary>Compares name lists as their joined text would compare, joining them only when they differ.</summary>
        private static void CompareNames(List<FieldChange> changes, string field, IReadOnlyList<string>? before, IReadOnlyList<string>? after)
        {
            if (!NameList.Same(before, after))
            {
                Compare(changes, field, Joined(before), Joined(after));
            }
        }

        [MethodImpl(PerRowCode.Compile)]
        private static void Compare(List<FieldChange> changes, string field, string? before, string? after)
        {
            if (!string.Equals(before, after, StringComparison.Ordinal))
            {
                changes.Add(new FieldChange(field, before, after));
            }
        }
    }
}
