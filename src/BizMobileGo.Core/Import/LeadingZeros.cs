using System.Collections.Generic;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// Excel's General format reads a digits-only cell as a number when it opens a CSV by double-click, and a CSV saved
    /// from it writes that number: an export re-imported that way says '42' for device '0042', '123' for user '000123',
    /// '735924' for Code '0735924' (walkthrough 20, finding 1). The module can't stop Excel; it says so, as a warning on the
    /// row: a change that only drops a stored value's leading zeros, and a new device or user whose key is a bare number
    /// while that number with leading zeros exists. A warning, not a refusal: the row is applied, so a deliberate change
    /// (a renumbering) stays possible without a switch, and -WhatIf shows the warning before anything is written.
    /// New-/Set-BmgDevice and New-/Set-BmgUser plan through the same rule: a value typed as their parameter is warned of
    /// alike, worded as a check of what was typed (no Excel was involved); one bound from a piped record (Import-Csv's rows)
    /// is worded as a file's row is. One exception to "a warning, not a refusal": a Code from a file's row or a piped record
    /// that only lost its leading zeros is refused (<see cref="CodeLostZeros"/>, walkthrough 23, finding 3).
    /// </summary>
    internal static class LeadingZeros
    {
        internal const string ExcelHowToKeep =
            "Excel drops leading zeros when it opens a CSV by double-click; open the file with Data > From Text/CSV and set " +
            "those columns to Text (or give the value with its zeros)";

        /// <summary>
        /// True when <paramref name="after"/> is <paramref name="before"/>, ASCII digits led by one or more '0's, as the number
        /// Excel makes of it: without the leading zeros ('0042' -> '42', '000' -> '0').
        /// </summary>
        internal static bool OnlyLost(string? before, string? after)
        {
            if (before == null || after == null || after.Length == 0 || before.Length <= after.Length || before[0] != '0'
                || (after[0] == '0' && after.Length != 1))
            {
                return false;
            }

            int zeros = before.Length - after.Length;
            for (int i = 0; i < zeros; i++)
            {
                if (before[i] != '0')
                {
                    return false;
                }
            }

            for (int i = 0; i < after.Length; i++)
            {
                if (!FieldText.IsAsciiDigit(after[i]) || before[zeros + i] != after[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A key Excel may have made of a zero-padded one: ASCII digits, the first not '0'.</summary>
        internal static bool IsBareNumber(string key)
        {
            if (key.Length == 0 || key[0] == '0')
            {
                return false;
            }

            foreach (char c in key)
            {
                if (!FieldText.IsAsciiDigit(c))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Adds a warning for each of an existing record's changes that only drops a value's leading zeros; the Code's
        /// (<paramref name="codeBefore"/>, <paramref name="codeAfter"/>: null for a user) is said without either code.
        /// </summary>
        internal static void WarnOfLostZeros<T>(RecordPlan<T> plan, FieldValues values, string kind, string key, string? codeBefore, string? codeAfter)
            where T : class
        {
            List<FieldChange> changes = plan.Changes;
            for (int i = 0; i < changes.Count; i++)
            {
                FieldChange change = changes[i];
                // The Code's change holds neither code (OldValue null): it is compared below, by the codes themselves.
                if (OnlyLost(change.OldValue, change.NewValue))
                {
                    plan.Warnings.Add($"{change.Field} of {kind} '{FieldText.Printable(key)}' changes from '{change.OldValue}' to '{change.NewValue}', " +
                        $"which only drops its leading zeros: {HowToKeep(values, change.Field)}.");
                }
            }

            if (OnlyLost(codeBefore, codeAfter))
            {
                if (!IsRefusedCode(values, codeBefore, codeAfter))
                {
                    plan.Warnings.Add($"{FieldNames.Code} of device '{FieldText.Printable(key)}' changes only by dropping its leading zeros (neither code is shown), " +
                        $"so the code its user was sent would no longer work: {HowToKeep(values, FieldNames.Code)}.");
                }
                else
                {
                    plan.Errors.Add(CodeLostZeros(key));
                }
            }
        }

        /// <summary>
        /// A Code that is refused (<see cref="CodeLostZeros"/>) rather than warned of: the stored code without its leading zeros,
        /// read from a file's row or a piped record. The planner asks it too, so that such a code gets its error alone, not the
        /// short-code warning first (a '0123' shortened to '123' is also short): one message for the one value (Leftovers 25).
        /// </summary>
        internal static bool IsRefusedCode(FieldValues values, string? before, string? after) =>
            OnlyLost(before, after) && !IsTyped(values, FieldNames.Code);

        /// <summary>
        /// The refusal of a Code read from a file's row or a piped record that is the stored code without its leading zeros
        /// (walkthrough 23, finding 3). Of all the fields Excel strips, the Code is the one whose silent change breaks a device
        /// in the field: the user holds the code they were sent, and a warning in a nightly log is read after their check-in
        /// failed. So it is refused (InvalidFieldValue, neither code shown), with Excel's hint and the way to make the change
        /// on purpose: a typed <c>Set-BmgDevice -Code</c>, which is only warned of (no spreadsheet was involved).
        /// </summary>
        private static RecordError CodeLostZeros(string key) =>
            new RecordError(ErrorIds.InvalidFieldValue, BmgErrorCategory.InvalidData,
                $"{FieldNames.Code} value is not valid for device '{FieldText.Printable(key)}': it is the device's code without its leading zeros " +
                $"(neither code is shown), and the code its user was sent would no longer work. {ExcelHowToKeep}. To change the code on purpose, " +
                $"use Set-BmgDevice -Identifier '{FieldText.Printable(key)}' -Code.",
                FieldNames.Code, namesRecord: true);

        /// <summary>
        /// The warning of a new device or user whose key (<paramref name="field"/>) is a bare number that <paramref name="twins"/>
        /// hold with leading zeros. Excel is named only for a key read from a file's row or a piped record (Import-Csv's rows):
        /// a number typed on the command line beside a padded one went through no spreadsheet (<see cref="FieldValues.IsTyped"/>).
        /// </summary>
        internal static string NewBesideZeroPadded(FieldValues values, string kind, string field, string key, IReadOnlyList<string> twins) =>
            IsTyped(values, field)
                ? $"A new {kind} '{key}' is created while {kind} {Quoted(twins)} exists: to change that {kind} instead, give its {field} with the zeros."
                : $"A new {kind} '{key}' is created while {kind} {Quoted(twins)} exists: did Excel drop leading zeros? {ExcelHowToKeep}; " +
                  $"to change that {kind}, give its {field} with the zeros.";

        /// <summary>What to do about a value that lost its zeros: for a typed one, type it with them; else how Excel keeps them.</summary>
        private static string HowToKeep(FieldValues values, string field) =>
            IsTyped(values, field) ? "to keep them, give the value with its zeros" : ExcelHowToKeep;

        private static bool IsTyped(FieldValues values, string field) => FieldKeys.TryFind(field, out FieldKey key) && values.IsTyped(key);

        private static string Quoted(IReadOnlyList<string> names)
        {
            var sorted = new List<string>(names);
            sorted.Sort(System.StringComparer.Ordinal);
            return "'" + string.Join("', '", sorted) + "'";
        }
    }
}
