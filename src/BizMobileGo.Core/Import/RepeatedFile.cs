using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Text;
using BizMobileGo.Core.Times;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// A file whose content (its SHA-256) an earlier committed import already imported: re-running it undoes what other commands
    /// did since — a device removed after it comes back, a device handed to another user goes back to the first (walkthrough 37,
    /// finding 1). The import collects the devices its rows create and update; before its commit it asks the history once, for
    /// every device entry since that import that was not that import's, and warns (<see cref="Warning"/>) when some of them are
    /// this file's devices. A re-run that creates and updates nothing (a nightly job importing the same export again) undoes
    /// nothing: no look-up and no warning.
    /// </summary>
    public sealed class RepeatedFile
    {
        /// <summary>How many devices each part of the warning names; the rest are counted.</summary>
        public const int Named = 5;

        // The devices' fingerprints, in the rows' order (8 bytes a row, not the identifier kept to the commit: a 1,000,000-row
        // first import held ~55 MB of identifiers so); the warning's names come from the history's entries.
        private readonly List<long> _created = new List<long>();
        private readonly List<long> _updated = new List<long>();

        /// <summary>Counts a planned row's device: re-created devices and changed ones are what a repeated file may undo.</summary>
        internal void Add(RecordAction deviceAction, string? identifier)
        {
            if (identifier == null)
            {
                return;
            }

            if (deviceAction == RecordAction.Created)
            {
                _created.Add(Fingerprint(identifier));
            }
            else if (deviceAction == RecordAction.Updated)
            {
                _updated.Add(Fingerprint(identifier));
            }
        }

        // An Identifier is ASCII (DeviceIdentifier.Rule) and compared ignoring case, as the import's "appears twice" table keys it.
        internal static long Fingerprint(string identifier) => KeyFingerprint.OfText(identifier, ignoreCase: true);

        /// <summary>
        /// The warning for an import of a file with <paramref name="sha256"/> that started at <paramref name="startedAt"/>, asked
        /// inside its transaction before its commit; null when the file is new, or when its rows undo nothing done since.
        /// </summary>
        /// <param name="namedElsewhere">A device the undone-work warning names already (<see cref="UndoneWork.NamesDevice"/>): left to it, so one cause is said once.</param>
        internal string? Warning(IDeviceStore store, string? sha256, DateTimeOffset startedAt, Func<long, bool> namedElsewhere)
        {
            if (sha256 == null || (_created.Count == 0 && _updated.Count == 0) || store is not IHistoryStore history)
            {
                return null;
            }

            ImportHistoryEntry? earlier = store.GetImportHistory(null, 1, new ImportHistoryFilter
            {
                Sha256 = sha256,
                Statuses = new[] { ImportStatus.Committed },
            }).FirstOrDefault();
            if (earlier == null)
            {
                return null;
            }

            // One read of the device entries since that import (not its own; not this import's, which are at startedAt): removals
            // and changes only, so the packs of created records are never decoded.
            var query = new HistoryQuery(SubjectKind.Device)
            {
                Since = earlier.StartedAt,
                Actions = new[] { ChangeAction.Changed, ChangeAction.Removed },
            };
            var removedSince = new Dictionary<long, string>();
            var changedSince = new Dictionary<long, string>();
            foreach (ChangeEntry entry in history.Query(query))
            {
                if (!query.Matches(entry) || entry.ImportId == earlier.Id || entry.AtUtc >= startedAt)
                {
                    continue;
                }

                long device = Fingerprint(entry.Subject);
                changedSince.TryAdd(device, entry.Subject);
                if (entry.Action == ChangeAction.Removed)
                {
                    removedSince.TryAdd(device, entry.Subject);
                }
            }

            // A device re-created that was removed since; a device changed (or removed and made again) since that this file changes.
            List<string> recreated = NamesIn(_created, removedSince, namedElsewhere);
            List<string> changed = NamesIn(_updated, changedSince, namedElsewhere);
            if (recreated.Count == 0 && changed.Count == 0)
            {
                return null;
            }

            var undone = new List<string>(2);
            if (recreated.Count != 0)
            {
                undone.Add($"re-create {EnglishWords.Amount(recreated.Count, "device")} removed since ({Names(recreated)})");
            }

            if (changed.Count != 0)
            {
                undone.Add($"change {EnglishWords.Amount(changed.Count, "device")} other commands changed since ({Names(changed)}) back to this file's values");
            }

            return $"This file's content was imported before (import {earlier.Id}, {ShownTime.ToText(earlier.StartedAt)}): this import would "
                + string.Join(" and ", undone) + ", undoing that work. To keep it, stop (nothing is written under -WarningAction Stop) and "
                + "import a current export (Export-BmgDeviceCsv) or leave those rows out; Get-BmgDeviceHistory <Identifier> shows what changed.";
        }

        /// <summary>The identifiers, as the history names them, of the <paramref name="devices"/> among <paramref name="since"/>, in the rows' order.</summary>
        private static List<string> NamesIn(List<long> devices, Dictionary<long, string> since, Func<long, bool> namedElsewhere)
        {
            var names = new List<string>();
            foreach (long device in devices)
            {
                if (since.TryGetValue(device, out string? name) && !namedElsewhere(device))
                {
                    names.Add(name);
                }
            }

            return names;
        }

        private static string Names(IReadOnlyList<string> identifiers) =>
            string.Join(", ", identifiers.Take(Named).Select(identifier => $"'{FieldText.Printable(identifier)}'"))
            + (identifiers.Count > Named ? $" and {identifiers.Count - Named} more" : "");
    }
}
