using System;
using System.Collections.Generic;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.History;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// The recent work of one kind (devices or users) an import's rows may undo (<see cref="UndoneWork"/>), read once for the
    /// import: the subjects changed within <see cref="UndoneWork.Window"/> before it started, and the latest removal under each
    /// name removed in that window. An import's store holds the writer lock from then on, so no other writer adds to either.
    /// </summary>
    internal sealed class RecentWork
    {
        /// <summary>
        /// How many changed subjects are kept by key; past that (a colleague's own big import this week) every changed row is
        /// checked by a read of its chunk, as if each subject had changed (exact either way, only dearer).
        /// </summary>
        internal const int KeysKept = 100_000;

        // Null: more than KeysKept subjects changed in the window.
        private readonly HashSet<string>? _changed;
        private readonly Dictionary<string, ChangeEntry> _removed;

        private RecentWork(HashSet<string>? changed, Dictionary<string, ChangeEntry> removed)
        {
            _changed = changed;
            _removed = removed;
        }

        /// <summary>
        /// One read of the history of <paramref name="kind"/>: its changes and removals from <paramref name="since"/> to before
        /// <paramref name="startedAt"/> (the import's own entries are at that time), newest first.
        /// </summary>
        internal static RecentWork Read(IHistoryStore history, SubjectKind kind, DateTimeOffset since, DateTimeOffset startedAt)
        {
            var query = new HistoryQuery(kind) { Since = since, Actions = new[] { ChangeAction.Changed, ChangeAction.Removed } };
            HashSet<string>? changed = new HashSet<string>(StringComparer.Ordinal);
            // Device identifiers are one name ignoring case, user names exactly (as FindSubjectsNamed compares them).
            var removed = new Dictionary<string, ChangeEntry>(kind == SubjectKind.Device ? DeviceIdentifier.Comparer : StringComparer.Ordinal);
            foreach (ChangeEntry entry in history.Query(query))
            {
                if (!query.Matches(entry) || entry.AtUtc >= startedAt)
                {
                    continue;
                }

                if (entry.Action == ChangeAction.Removed)
                {
                    // Newest first: the latest removal under that name.
                    removed.TryAdd(entry.Subject, entry);
                }
                else if (changed != null && changed.Add(entry.SubjectKey) && changed.Count > KeysKept)
                {
                    changed = null;
                }
            }

            return new RecentWork(changed, removed);
        }

        /// <summary>Whether the subject with <paramref name="subjectKey"/> may have a change in the window (its row is then read for).</summary>
        internal bool MayHaveChanged(string subjectKey) => _changed == null || _changed.Contains(subjectKey);

        /// <summary>The latest removal in the window of a subject named <paramref name="name"/>; null when there is none.</summary>
        internal ChangeEntry? RemovalOf(string name) => _removed.TryGetValue(name, out ChangeEntry? entry) ? entry : null;
    }
}
