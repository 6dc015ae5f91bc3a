using System;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// Excel's text-forcing formula <c>="0456"</c>, which scripts write into a CSV so that Excel keeps a value's leading zeros,
    /// in a field without a format rule (walkthrough 23, finding 6). A field with a format rule refuses it with the hint
    /// (<see cref="MangledDigits.TextFormulaHint"/>); a free-text field keeps it as given, since any text is a valid value
    /// there, but no longer without a word: a UserName is a key, so the next clean file's '0456' makes a second user, and a
    /// DisplayName or Name is what the user reads in the check-in email. A warning, with the same hint, when the value is
    /// new: a new user's UserName, or a free-text value (Name, UserDescription, DisplayName, Description) that the change
    /// sets; a value stored already and given again says nothing, as a short Code or an unusual Serial does, so a value kept
    /// on purpose is not warned of at every re-import.
    /// </summary>
    internal static class TextFormulaValues
    {
        /// <summary>The warnings of a user's plan: its UserName when the user is new, and the free-text values it sets.</summary>
        [MethodImpl(PerRowCode.Compile)]
        internal static void WarnOfUser(RecordPlan<User> plan, string userName)
        {
            if (plan.Errors.Count != 0)
            {
                return;
            }

            User? before = plan.Existing;
            if (before == null && MangledDigits.IsTextFormula(userName))
            {
                plan.Warnings.Add($"{FieldNames.UserName} '{FieldText.Printable(userName)}' of the new user {MangledDigits.TextFormulaHint}; " +
                    "the user is created with that name, and a later row that gives the name alone makes another user.");
            }

            WarnOfText(plan, "user", userName, FieldNames.Name, before?.Name, plan.Proposed.Name);
            WarnOfText(plan, "user", userName, FieldNames.UserDescription, before?.UserDescription, plan.Proposed.UserDescription);
        }

        /// <summary>The warnings of a device's plan: the free-text values it sets.</summary>
        [MethodImpl(PerRowCode.Compile)]
        internal static void WarnOfDevice(RecordPlan<Device> plan)
        {
            if (plan.Errors.Count != 0)
            {
                return;
            }

            Device after = plan.Proposed;
            WarnOfText(plan, "device", after.Identifier, FieldNames.DisplayName, plan.Existing?.DisplayName, after.DisplayName);
            WarnOfText(plan, "device", after.Identifier, FieldNames.Description, plan.Existing?.Description, after.Description);
        }

        [MethodImpl(PerRowCode.Compile)]
        private static void WarnOfText<T>(RecordPlan<T> plan, string kind, string key, string field, string? before, string? after)
            where T : class
        {
            // The formula's look first: three characters compared, and a row without one goes no further.
            if (after != null && MangledDigits.IsTextFormula(after) && !string.Equals(before, after, StringComparison.Ordinal))
            {
                plan.Warnings.Add($"{field} '{FieldText.Printable(after)}' of {kind} '{FieldText.Printable(key)}' {MangledDigits.TextFormulaHint}; " +
                    "it is stored as given.");
            }
        }
    }
}
