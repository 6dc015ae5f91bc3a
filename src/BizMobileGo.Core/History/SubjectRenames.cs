using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// Where a device's Identifier or a user's UserName went, as the change history tells it. On a shared store the everyday
    /// race is another admin's rename between a read and a write: Set-BmgDevice of the old name then said only "No device has
    /// the Identifier" (walkthrough 24, finding 1), though the history's names index finds the device at once (as
    /// Get-BmgDeviceHistory &lt;old name&gt; does). The not-found message says the rename in the words a template's rename is
    /// said (<see cref="ReferenceRenames"/>). Read only on that error path: a write that finds its subject reads nothing more.
    /// </summary>
    public static class SubjectRenames
    {
        /// <summary>
        /// "'ipad-0002' was renamed to 'ipad-0002b' (on 2026-12-04 21:38 by root, Rename-BmgDevice); give the new name" when the
        /// history's newest end of <paramref name="name"/> is a rename; each later rename of that subject follows ("then to …"),
        /// and its removal ("then removed (on …)") when the name it was renamed to is gone too. Null when the store keeps no
        /// history or the history records no rename of the name (never had it, or its newest end was a removal).
        /// </summary>
        /// <param name="store">The store (its history when it keeps one); read in whatever transaction the caller has open.</param>
        /// <param name="exists">Whether a device or user of the name exists now.</param>
        public static string? Hint(object store, SubjectKind kind, string name, Func<string, bool> exists)
        {
            if (!(store is IHistoryStore history) || name.Length == 0)
            {
                return null;
            }

            StringComparison comparison = kind == SubjectKind.Device ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            var keys = new HashSet<string>(history.FindSubjects(kind, name)
                .Where(subject => string.Equals(subject.Name, name, comparison)).Select(subject => subject.Key), StringComparer.Ordinal);
            if (keys.Count == 0)
            {
                return null;
            }

            // Only the entries that end a name (renames and removals) of those subjects, newest first.
            var query = new HistoryQuery(kind) { SubjectKeys = keys };
            List<ChangeEntry> ends = history.Query(query).Where(entry => query.Matches(entry) && entry.EndsAName).ToList();
            int ended = ends.FindIndex(entry => string.Equals(entry.RenamedFrom ?? entry.Subject, name, comparison));
            if (ended < 0 || ends[ended].RenamedFrom == null)
            {
                return null;
            }

            string key = ends[ended].SubjectKey;
            var said = new List<string>();
            string current = name;
            for (int i = ended; i >= 0; i--)
            {
                ChangeEntry entry = ends[i];
                if (entry.SubjectKey != key)
                {
                    continue;
                }

                if (entry.Action == ChangeAction.Removed)
                {
                    said.Add($"then removed ({ReferenceRenames.When(entry)})");
                    return string.Join(", ", said);
                }

                string nameField = kind == SubjectKind.Device ? FieldNames.Identifier : FieldNames.UserName;
                string newName = entry.Changes.First(change => change.Field == nameField).NewValue ?? "";
                said.Add(said.Count == 0 ? ReferenceRenames.RenamedTo(entry.RenamedFrom!, newName, entry) : ReferenceRenames.ThenTo(newName, entry));
                current = newName;
            }

            return exists(current) ? ReferenceRenames.GiveTheNewName(said) : string.Join(", ", said);
        }
    }
}
