using System;
using System.Collections.Generic;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// The recent work of one kind (devices or users) an import's rows may undo (<see cref="UndoneWork"/>), read once for the
    /// import: the subjects changed within <see cref="UndoneWork.Window"/> before it started, the latest removal under each
    /// name removed in that window, and the renames of the window (a row that creates a record under a name renamed away
    /// makes a second one beside it: walkthrough 45, finding 1). An import's store holds the writer lock from then on, so no
    /// other writer adds to any of them.
    /// </summary>
    internal sealed class RecentWork
    {
        /// <summary>
        /// How many changed subjects are kept by key; past that (a colleague's own big import this week) every changed row is
        /// checked by a read of its chunk, as if each subject had changed (exact either way, only dearer).
        /// </summary>
        internal const int KeysKept = 100_000;

        /// <summary>
        /// How far before the window's start its read begins (<see cref="ReadFrom"/>): entries are appended in time order, but
        /// each stamped by its writer's clock, and a clock a few hours off (a machine set to local time as if UTC, up to 14
        /// hours) must not hide a colleague's work from an import on another.
        /// </summary>
        internal static readonly TimeSpan ClockSlack = TimeSpan.FromDays(1);

        // Null: more than KeysKept subjects changed in the window. Keyed by the subjects' row keys (numbers), as the rows have
        // them: no text made an updated row.
        private readonly HashSet<long>? _changed;
        private readonly Dictionary<string, ChangeEntry> _removed;

        // The renames of the window, newest first: few (a rename is a command of its own, one a record).
        private readonly List<ChangeEntry> _renames;

        private readonly IEqualityComparer<string> _names;

        private RecentWork(long afterSequence, HashSet<long>? changed, Dictionary<string, ChangeEntry> removed, List<ChangeEntry> renames, IEqualityComparer<string> names)
        {
            AfterSequence = afterSequence;
            _changed = changed;
            _removed = removed;
            _renames = renames;
            _names = names;
        }

        /// <summary>
        /// The entries the window's reads start after (<see cref="IHistoryStore.LastRowBefore"/> of <see cref="ReadFrom"/>): the
        /// newest row stamped a <see cref="ClockSlack"/> before the window, found by reading back from the newest entry (no
        /// index on the time: without it every read of the window scanned the whole history). Entries are appended in time
        /// order, so every entry of the window is numbered after it, unless a clock was set back by more than the slack: an
        /// entry made after that stamped before the cut-off ends the read there, and the window's entries numbered before it
        /// (made before the clock went back) are not read: their rows are not warned about. The warning is advice, the write
        /// is the same; a clock set forward and back hides nothing (an entry stamped after the import's start was never
        /// another's recent work: see <see cref="UndoneWork.IsRecent"/>).
        /// </summary>
        internal long AfterSequence { get; }

        /// <summary>Where the window's read begins: <see cref="ClockSlack"/> before <paramref name="since"/>.</summary>
        internal static DateTimeOffset ReadFrom(DateTimeOffset since) => since - ClockSlack;

        /// <summary>
        /// One read of the history of <paramref name="kind"/>: the keys of the subjects changed from <paramref name="since"/> to
        /// before <paramref name="startedAt"/> (the import's own entries are at that time; keys only, no entry parsed), then the
        /// removals in that time, newest first (whole: their names and times are said), then its renames (the entries that change
        /// the name field, filtered by the stores' SQL as Get-BmgDeviceHistory -Field filters). All start after
        /// <paramref name="afterSequence"/> (<see cref="AfterSequence"/>, found once for both kinds and every later chunk: the
        /// import holds the writer lock, no other writer adds to the history meanwhile).
        /// </summary>
        internal static RecentWork Read(IHistoryStore history, SubjectKind kind, long afterSequence, DateTimeOffset since, DateTimeOffset startedAt)
        {
            HashSet<long>? changed = new HashSet<long>();
            foreach (long key in history.ChangedSubjectKeys(kind, afterSequence, since, startedAt))
            {
                if (changed.Add(key) && changed.Count > KeysKept)
                {
                    changed = null;
                    break;
                }
            }

            var query = new HistoryQuery(kind) { Since = since, AfterSequence = afterSequence, Actions = new[] { ChangeAction.Removed } };
            // Device identifiers are one name ignoring case, user names exactly (as FindSubjectsNamed compares them).
            var removed = new Dictionary<string, ChangeEntry>(kind == SubjectKind.Device ? DeviceIdentifier.Comparer : StringComparer.Ordinal);
            foreach (ChangeEntry entry in history.Query(query))
            {
                if (query.Matches(entry) && entry.AtUtc < startedAt)
                {
                    // Newest first: the latest removal under that name.
                    removed.TryAdd(entry.Subject, entry);
                }
            }

            string nameField = kind == SubjectKind.Device ? FieldNames.Identifier : FieldNames.UserName;
            var renameQuery = new HistoryQuery(kind) { Since = since, AfterSequence = afterSequence, Actions = new[] { ChangeAction.Changed }, Fields = new[] { nameField } };
            var renames = new List<ChangeEntry>();
            foreach (ChangeEntry entry in history.Query(renameQuery))
            {
                if (renameQuery.Matches(entry) && entry.AtUtc < startedAt && entry.RenamedFrom != null)
                {
                    renames.Add(entry);
                }
            }

            return new RecentWork(afterSequence, changed, removed, renames, kind == SubjectKind.Device ? DeviceIdentifier.Comparer : (IEqualityComparer<string>)StringComparer.Ordinal);
        }

        /// <summary>Whether the subject with <paramref name="subjectKey"/> may have a change in the window (its row is then read for).</summary>
        internal bool MayHaveChanged(long subjectKey) => _changed == null || _changed.Contains(subjectKey);

        /// <summary>The latest removal in the window of a subject named <paramref name="name"/>; null when there is none.</summary>
        internal ChangeEntry? RemovalOf(string name) => _removed.TryGetValue(name, out ChangeEntry? entry) ? entry : null;

        /// <summary>
        /// Where a name renamed away in the window went, when its subject's latest end of that name is a rename (not a removal
        /// after it): "'a' was renamed to 'b' (on …)", each later rename of that subject in the window following ("then to 'c'
        /// (…)"), as <see cref="History.SubjectRenames"/> words it. Null when the window renamed no subject away from the name.
        /// </summary>
        internal string? RenameOf(string name)
        {
            if (_renames.Count == 0)
            {
                return null;
            }

            int at = LatestRenameFrom(name);
            if (at < 0 || (RemovalOf(name) is ChangeEntry removal && removal.Sequence > _renames[at].Sequence))
            {
                return null;
            }

            ChangeEntry first = _renames[at];
            var said = new List<string> { ReferenceRenames.RenamedTo(first.RenamedFrom!, first.RenamedTo!, first) };
            for (int i = at - 1; i >= 0; i--)
            {
                if (_renames[i].SubjectKey == first.SubjectKey)
                {
                    said.Add(ReferenceRenames.ThenTo(_renames[i].RenamedTo!, _renames[i]));
                }
            }

            return string.Join(", ", said);
        }

        /// <summary>
        /// Where in <see cref="_renames"/> (newest first) the latest rename away from <paramref name="name"/> is; -1 when none.
        /// A loop, not a lambda given to FindIndex: a lambda capturing the name made its closure at every call of
        /// <see cref="RenameOf"/>, so twice for every row an import created (alloc46), though the window rarely renames.
        /// </summary>
        private int LatestRenameFrom(string name)
        {
            for (int at = 0; at < _renames.Count; at++)
            {
                if (_names.Equals(_renames[at].RenamedFrom, name))
                {
                    return at;
                }
            }

            return -1;
        }
    }
}
