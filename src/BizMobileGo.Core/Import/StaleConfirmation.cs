using System;
using System.Collections.Generic;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// A change is confirmed (ShouldProcess: -Confirm's prompt, -Verbose's line) against the store as read before the
    /// command took the writer lock, and decided again inside it (ConfirmedChange). When another writer changed a field
    /// in between, the value overwritten is not the one the admin was shown ("'Night 5' -> 'Fixed by B'" approved while
    /// 'Night 5 v2' was overwritten, walkthrough 13 finding 11): the change is still made — it is the value the admin
    /// asked for, a script without -Confirm showed nobody anything, and refusing would fail edits at random whenever two
    /// admins work at once — but the command says which field, the value shown and the value overwritten, so the admin
    /// can put it back (the change history keeps both changes). Only a run that may prompt decides twice: one that can't
    /// (-Confirm:$false, ConfirmImpact below $ConfirmPreference: the cmdlets' ConfirmMayPrompt) decides once, under the
    /// lock, so it shows nobody a value that could go stale (walkthrough 17, finding 3: a second plan a piped device cost
    /// PostgreSQL a dozen round trips). A script's Set-BmgDevice that waited while an import ran overwrites the import's
    /// value like any later writer, without a warning (walkthrough 16, 6 warned of the value it had read before the lock).
    /// </summary>
    public static class StaleConfirmation
    {
        /// <summary>Notes on <paramref name="decided"/> each field it changes whose value is not the one <paramref name="shown"/> (the confirmed plan) read.</summary>
        /// <param name="subject">The record as messages name it ("Device 'x'", "User 'y'").</param>
        /// <param name="values">
        /// The fields the change was given: a list given names to add and remove (<see cref="NameListEdit"/>) is edited as it is
        /// when the change is made, which merges, and is noted by <see cref="CheckListEdit"/>. Null: every field was given whole.
        /// </param>
        public static void Note<T>(RecordPlan<T> shown, RecordPlan<T> decided, string subject, FieldValues? values = null) where T : class
        {
            if (shown.Existing == null || decided.Existing == null)
            {
                return;
            }

            foreach (FieldChange change in decided.Changes)
            {
                // The check-in code is never shown or named by value (its change reads "changed"), so never compared here.
                if (change.Field == FieldNames.Code)
                {
                    continue;
                }

                // A field the confirmation showed no change of held the value asked for then; a list given names to add and
                // remove held the list it read (the names were applied to that list, so the new value is not what it showed).
                FieldChange? shownChange = shown.Changes.Find(c => c.Field == change.Field);
                string? warning = values != null && EditedByName(values, change.Field) is FieldKey list
                    ? CheckListEdit(subject, list, shownChange != null ? shownChange.OldValue : ListText(shown.Existing, list), change.OldValue, change.NewValue)
                    : Check(subject, change.Field, shownChange != null ? shownChange.OldValue : change.NewValue, change.OldValue, change.NewValue);
                if (warning != null)
                {
                    decided.Overwritten.Add(warning);
                }
            }
        }

        /// <summary>
        /// The rule for one value (every change that confirms one field: Rename-BmgDevice's Identifier, Set-BmgOrganization's
        /// and Set-BmgDepProfile's Name, and each field of <see cref="Note"/>): the warning when the value the change replaces
        /// (<paramref name="overwrittenValue"/>, read inside the writer lock) is not the one the confirmation showed; null when
        /// it is. Compared exactly (ordinal): a change of case is another writer's change too (an Identifier ignores case, so
        /// the device is still found, but 'DESK01' is not what the prompt showed).
        /// </summary>
        public static string? Check(string subject, string field, string? shownValue, string? overwrittenValue, string? newValue) =>
            string.Equals(shownValue ?? "", overwrittenValue ?? "", StringComparison.Ordinal)
                ? null
                : Describe(subject, field, shownValue, overwrittenValue, newValue);

        /// <summary>The list <paramref name="field"/> names when the change gave it names to add and remove; null otherwise.</summary>
        private static FieldKey? EditedByName(FieldValues values, string field)
        {
            foreach (FieldKey list in NameListEdit.Lists)
            {
                if (values.ListEdit(list) != null && string.Equals(field, list.ToString(), StringComparison.Ordinal))
                {
                    return list;
                }
            }

            return null;
        }

        /// <summary>
        /// The rule of <see cref="Check"/> for a list given names to add and remove (-AddDeviceTag/-RemoveDeviceTag,
        /// -AddOrganization/-RemoveOrganization): the names are applied to the list as it is when the change is made, so a
        /// list another writer changed meanwhile is not overwritten but edited (round 29: the warning said "overwritten",
        /// and nothing of the other writer's change was lost). The warning says the list shown, the one found and what it
        /// became, and whether the other writer's change was kept, or, for a name it had removed that the change adds (or
        /// added that the change removes), undone for that name: what the admin may want to put back. Null when the list is
        /// the one the confirmation showed.
        /// </summary>
        public static string? CheckListEdit(string subject, FieldKey list, string? shownValue, string? foundValue, string? newValue)
        {
            if (string.Equals(shownValue ?? "", foundValue ?? "", StringComparison.Ordinal))
            {
                return null;
            }

            IReadOnlyList<string> shownNames = Names(shownValue), foundNames = Names(foundValue), newNames = Names(newValue);
            var undone = new List<string>();
            foreach (string name in newNames)
            {
                if (Contains(shownNames, name) && !Contains(foundNames, name))
                {
                    undone.Add($"{Quoted(name)} added back after the other writer removed it");
                }
            }

            foreach (string name in foundNames)
            {
                if (!Contains(shownNames, name) && !Contains(newNames, name))
                {
                    undone.Add($"{Quoted(name)} removed again after the other writer added it");
                }
            }

            string edited = $"-{NameListEdit.AddParameter(list)}/-{NameListEdit.RemoveParameter(list)} edited the list as it was then";
            return $"{subject}: {list} was {Quoted(foundValue)} when the change was made, not {Quoted(shownValue)} as when it was confirmed" +
                " (another writer changed it meanwhile); " + (undone.Count == 0
                    ? $"{edited}, keeping that change: it is now {Quoted(newValue)}."
                    : $"{edited}: it is now {Quoted(newValue)}, {string.Join(", ", undone)}.");
        }

        /// <summary>The list a device (DeviceTags) or user (Organizations) holds, as its changes show it.</summary>
        private static string? ListText(object record, FieldKey list) => record switch
        {
            Devices.Device device when list == FieldKey.DeviceTags => NameList.Join(device.DeviceTags),
            Users.User user when list == FieldKey.Organizations => NameList.Join(user.Organizations),
            _ => throw new ArgumentOutOfRangeException(nameof(list)),
        };

        private static IReadOnlyList<string> Names(string? value) =>
            NameList.TryParse(value, out IReadOnlyList<string> names, out _) ? names : Array.Empty<string>();

        private static bool Contains(IReadOnlyList<string> names, string name) => NameListEdit.IndexOf(names, name) >= 0;

        /// <summary>
        /// The warning for one field: the value the confirmation showed, the one overwritten, and what it became.
        /// </summary>
        private static string Describe(string subject, string field, string? shownValue, string? overwrittenValue, string? newValue) =>
            $"{subject}: {field} was {Quoted(overwrittenValue)} when the change was made, not {Quoted(shownValue)} as when it was confirmed" +
            $" (another writer changed it meanwhile); {Quoted(overwrittenValue)} was overwritten with {Quoted(newValue)}.";

        private static string Quoted(string? value) => string.IsNullOrEmpty(value) ? "(none)" : $"'{FieldText.Printable(value!)}'";
    }
}
