using System;
using System.Collections.Generic;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.History;

namespace BizMobileGo.Core.Users
{
    /// <summary>
    /// Where a template, device tag or organization name went, as the change history tells it: a rename writes an entry
    /// for each device or user that held the name (Template: '標準' -> '標準 2026'), made by the kind's Rename- command.
    /// An import of a file written before the rename names the old name, and "create it with New-BmgTemplate" would make
    /// a second template and move the devices back to it (walkthrough 23, finding 4): the not-found message says the new
    /// name instead. Read only on that error path, once a kind per import (one statement), not once a row.
    /// </summary>
    public sealed class ReferenceRenames
    {
        /// <summary>How many renames in a row are followed ('A' to 'B', then 'B' to 'C'); a cycle ends there too.</summary>
        private const int RenamesFollowed = 8;

        private readonly IHistoryStore? _history;
        private readonly Dictionary<ReferenceKind, Dictionary<string, Rename>> _renames = new Dictionary<ReferenceKind, Dictionary<string, Rename>>();

        /// <param name="history">The store's history; null (a store that keeps none): no name is known to be renamed.</param>
        public ReferenceRenames(IHistoryStore? history) => _history = history;

        /// <summary>
        /// "it was renamed to '標準 2026' (on 2026-12-04 18:30 by root, Rename-BmgTemplate); give the new name", when the history
        /// records that <paramref name="name"/> was renamed and the name it ends at (renames followed) exists now; else null.
        /// </summary>
        /// <param name="exists">Whether a name of the kind exists now (the caller's set of names).</param>
        public string? Hint(ReferenceKind kind, string name, Func<string, bool> exists)
        {
            Dictionary<string, Rename> renames = RenamesOf(kind);
            if (!renames.TryGetValue(name, out Rename? rename))
            {
                return null;
            }

            var said = new List<string> { RenamedTo(name, rename.NewName, rename.Entry) };
            for (int followed = 1; !exists(rename.NewName) && followed < RenamesFollowed; followed++)
            {
                if (!renames.TryGetValue(rename.NewName, out Rename? next))
                {
                    return null;
                }

                rename = next;
                said.Add(ThenTo(rename.NewName, rename.Entry));
            }

            return exists(rename.NewName) ? GiveTheNewName(said) : null;
        }

        /// <summary>
        /// "'標準' was renamed to '標準 2026' (on 2026-12-04 18:30 by root, Rename-BmgTemplate)": the one wording of a rename the
        /// history records, for a template, tag or organization here and for a device or user (<see cref="History.SubjectRenames"/>).
        /// </summary>
        internal static string RenamedTo(string name, string newName, ChangeEntry entry) =>
            $"'{FieldText.Printable(name)}' was renamed to '{FieldText.Printable(newName)}' ({When(entry)})";

        /// <summary>"then to 'C' (on … by root, Rename-BmgTemplate)": a further rename of the name <see cref="RenamedTo"/> said.</summary>
        internal static string ThenTo(string newName, ChangeEntry entry) => $"then to '{FieldText.Printable(newName)}' ({When(entry)})";

        /// <summary>The renames said, and that the name they end at is the one to give.</summary>
        internal static string GiveTheNewName(IEnumerable<string> said) => $"{string.Join(", ", said)}; give the new name";

        /// <summary>
        /// "on 2026-12-04 18:30 by root, Rename-BmgTemplate", or "… by root for bob, …" when the command was given -ChangedBy:
        /// when, by whom (and for whom) and with which command an entry was made. The one wording of every message that says
        /// who renamed or removed a name (templates, tags, organizations, devices, users): on a shared jump host every admin is
        /// root, and the person is the ChangedBy (walkthrough 40, 3).
        /// </summary>
        internal static string When(ChangeEntry entry) =>
            $"on {Times.ShownTime.ToMinuteText(entry.At)} by {entry.OsUser}{(entry.ChangedBy.Length > 0 ? " for " + entry.ChangedBy : "")}, {entry.Command}";

        /// <summary>The Rename- command of the kind, as its entries name it (<see cref="ChangeEntry.Command"/>).</summary>
        private static string RenameCommand(ReferenceKind kind) => kind switch
        {
            ReferenceKind.Organization => "Rename-BmgOrganization",
            ReferenceKind.Template => "Rename-BmgTemplate",
            _ => "Rename-BmgDeviceTag",
        };

        /// <summary>The field of a holder's entry that a rename of the kind changes.</summary>
        private static string FieldOf(ReferenceKind kind) => kind switch
        {
            ReferenceKind.Organization => FieldNames.Organizations,
            ReferenceKind.Template => FieldNames.Template,
            _ => FieldNames.DeviceTags,
        };

        /// <summary>Each renamed name of the kind and its newest rename: the kind's Rename- entries read once, newest first.</summary>
        private Dictionary<string, Rename> RenamesOf(ReferenceKind kind)
        {
            if (_renames.TryGetValue(kind, out Dictionary<string, Rename>? known))
            {
                return known;
            }

            var renames = new Dictionary<string, Rename>(StringComparer.Ordinal);
            if (_history != null)
            {
                string field = FieldOf(kind);
                foreach (ChangeEntry entry in _history.EntriesOfCommand(RenameCommand(kind)))
                {
                    foreach (FieldChange change in entry.Changes)
                    {
                        if (change.Field != field || change.ValueHidden || change.OldValue == null || change.NewValue == null)
                        {
                            continue;
                        }

                        // A list (DeviceTags, Organizations) keeps its order and length through a rename: the renamed element is
                        // the one that differs at its place.
                        string[] before = kind == ReferenceKind.Template ? new[] { change.OldValue } : change.OldValue.Split(NameList.Separator);
                        string[] after = kind == ReferenceKind.Template ? new[] { change.NewValue } : change.NewValue.Split(NameList.Separator);
                        for (int i = 0; i < before.Length && before.Length == after.Length; i++)
                        {
                            if (before[i] != after[i] && !renames.ContainsKey(before[i]))
                            {
                                renames.Add(before[i], new Rename(after[i], entry));
                            }
                        }
                    }
                }
            }

            _renames.Add(kind, renames);
            return renames;
        }

        private sealed class Rename
        {
            public Rename(string newName, ChangeEntry entry)
            {
                NewName = newName;
                Entry = entry;
            }

            public string NewName { get; }

            /// <summary>The entry that made the rename (its time, OS user and command are said).</summary>
            public ChangeEntry Entry { get; }
        }
    }
}
