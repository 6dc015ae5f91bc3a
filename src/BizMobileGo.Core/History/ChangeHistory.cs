using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The change history over a store: recording (from the store's write path), asking, verifying and
    /// clearing. The store only persists (<see cref="IHistoryStore"/>); everything else is here, once.
    /// </summary>
    public sealed partial class ChangeHistory
    {
        private readonly IHistoryStore _store;

        private readonly HistoryWalk _walk;

        /// <param name="walk">What a walk of the whole chain heeds (a stop) and tells (how far it got); none when null.</param>
        public ChangeHistory(IHistoryStore store, HistoryWalk? walk = null)
        {
            _store = store;
            _walk = walk ?? HistoryWalk.Unwatched;
        }

        /// <summary>
        /// The chain as every walk here reads it: a pack that no longer reads ends before the entry after it (<see cref="StandInBound"/>),
        /// watched (<see cref="HistoryWalk"/>).
        /// </summary>
        private IEnumerable<ChangeEntry> Chain() => _walk.Watch(StandInBound.Of(_store.ReadChain()));

        /// <summary>
        /// Chains <paramref name="pending"/> (entries of <see cref="ChangeDiff"/>) after the newest entry and
        /// persists them. The store's write path calls this inside its open write transaction, with the entries
        /// of that write: they commit or roll back with it.
        /// </summary>
        public static IReadOnlyList<ChangeEntry> Record(IHistoryStore store, IReadOnlyList<ChangeEntry> pending)
        {
            if (pending.Count == 0)
            {
                return pending;
            }

            IReadOnlyList<ChangeEntry> linked = HistoryChain.Link(HistoryHeadCheck.Read(store), pending);
            store.Append(linked);
            return linked;
        }

        /// <summary>
        /// The keys of the subjects of <paramref name="kind"/> that had a name <paramref name="isMatch"/>
        /// accepts, at any time (the history belongs to the device, so a renamed or removed one is found by an
        /// old name too). <paramref name="exactName"/>, when the name is not a pattern, lets the store use its index;
        /// so does <paramref name="pattern"/>, the PowerShell wildcard pattern <paramref name="isMatch"/> matches, through
        /// its literal start (<see cref="WildcardPrefix.IdentifierStart"/>): the store reads only the devices with an identifier
        /// that starts so, or the users whose name lies in that start's ranges (<see cref="NamePrefix.UserNameRanges"/>, the rule
        /// Get-BmgUser's patterns read by: a user name may match culture-sensitively without starting so), and
        /// <paramref name="isMatch"/> decides among them.
        /// </summary>
        public IReadOnlyCollection<string> FindSubjectKeys(SubjectKind kind, string? exactName, Func<string, bool> isMatch, string? pattern = null)
        {
            using IStoreTransaction read = _store.BeginReadTransaction();
            string start = exactName == null && pattern != null ? WildcardPrefix.IdentifierStart(pattern) : "";
            IEnumerable<HistorySubject> subjects = start.Length == 0 ? _store.FindSubjects(kind, exactName)
                : kind == SubjectKind.Device ? _store.FindDevicesStartingWith(start)
                : kind == SubjectKind.User ? _store.FindUsersInRangesOf(start)
                : _store.FindSubjects(kind, exactName);
            return new HashSet<string>(subjects.Where(subject => isMatch(subject.Name)).Select(subject => subject.Key), StringComparer.Ordinal);
        }

        /// <summary>
        /// The (subject key, name) pairs each of <paramref name="names"/> finds, as <see cref="FindSubjectKeys"/> finds an exact
        /// name's (device identifiers ignoring case, user names exactly), read at once: the names of a batch of piped records.
        /// </summary>
        public IReadOnlyList<HistorySubject> FindSubjectsNamed(SubjectKind kind, IReadOnlyCollection<string> names)
        {
            if (names.Count == 0)
            {
                return new List<HistorySubject>();
            }

            using IStoreTransaction read = _store.BeginReadTransaction();
            return _store.FindSubjectsNamed(kind, names).ToList();
        }

        /// <summary>
        /// Every name the subjects of <paramref name="kind"/> have or had in the history, each once (device identifiers ignoring
        /// case, as they are looked up): what tab completion of Get-BmgDeviceHistory/Get-BmgUserHistory offers, since a
        /// renamed or removed subject's old name finds its history too.
        /// </summary>
        public IReadOnlyList<string> SubjectNames(SubjectKind kind)
        {
            using IStoreTransaction read = _store.BeginReadTransaction();
            var comparer = kind == SubjectKind.Device ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            return _store.FindSubjects(kind, null).Select(subject => subject.Name).Distinct(comparer).ToList();
        }

        /// <summary>The entries <paramref name="query"/> asks for, newest first, read as they are enumerated.</summary>
        public IEnumerable<ChangeEntry> Query(HistoryQuery query)
        {
            if (query.SubjectKeys != null && query.SubjectKeys.Count == 0)
            {
                yield break;
            }

            using IStoreTransaction read = _store.BeginReadTransaction();
            // Set here from OsUser on every read, never left from an earlier one (a query changed and asked again).
            query.OsUserNames = null;
            query.ChangedByNames = null;
            if (query.OsUser != null)
            {
                // -User: the store's OS users and ChangedBy names it accepts (a walk of the header columns, no entry decoded),
                // for the store to narrow by in its SQL; none of them is no entry at all.
                List<string> osUsers = _store.ReadOsUsers(query.Kind).Where(query.OsUser).ToList();
                List<string> changedBy = _store.ReadChangedByNames(query.Kind).Where(query.OsUser).ToList();
                if (osUsers.Count == 0 && changedBy.Count == 0)
                {
                    yield break;
                }

                query.OsUserNames = osUsers;
                query.ChangedByNames = changedBy;
            }

            foreach (ChangeEntry entry in _store.Query(query))
            {
                if (query.Matches(entry))
                {
                    yield return entry;
                }
            }
        }

        /// <summary>
        /// <see cref="Query"/>, each entry checked as it goes by (<see cref="HistoryChain.CheckShown"/>): what the history cmdlets
        /// show, so an entry edited by hand is not shown as fact. Against its own hash, and against the entry shown just before
        /// it when that one is the chain's next: nothing is read beyond what the query reads. Each comes as its kind's type
        /// (<see cref="DeviceHistoryEntry"/>, <see cref="UserHistoryEntry"/>), with the query's -Field changes when it has fields.
        /// </summary>
        public IEnumerable<ShownEntry> QueryVerified(HistoryQuery query)
        {
            ChangeEntry? next = null;
            string? database = (_store as IDeviceStore)?.Location;
            foreach (ChangeEntry entry in Query(query))
            {
                string? problem = HistoryChain.CheckShown(entry, next);
                yield return ShownEntry.Of(entry, problem, query.Fields, database);
                // The link is checked only between two entries that hold on their own: a mismatch is named for itself.
                next = problem == null ? entry : null;
            }
        }

        /// <summary>
        /// Checks the store's file (<see cref="IHistoryStore.CheckFile"/>), walks the whole chain in one consistent snapshot (see
        /// <see cref="HistoryChain.Verify(IEnumerable{ChangeEntry}, string?, IEnumerable{HistoryName}?)"/>), and checks the store's names index, read in the same snapshot, against it: the
        /// look-ups by name read the index, which the chain doesn't cover.
        /// </summary>
        /// <remarks>
        /// <paramref name="records"/> (Test-BmgHistory -Records): then, in the same snapshot and only when the chain holds, every
        /// device and user row is compared with the newest values its entries set (<see cref="RecordReplayCheck"/>).
        /// </remarks>
        public HistoryVerification Verify(string? knownHash = null, bool records = false)
        {
            _store.CheckFile(_walk.Stop);
            using IStoreTransaction read = _store.BeginReadTransaction();
            DateTimeOffset checkedAt = Times.ShownTime.Local(DateTimeOffset.UtcNow);
            List<HistoryName> names = _walk.ReadAll(_store.ReadNames());
            IDeviceStore? rows = _store as IDeviceStore;
            RecordReplayCheck? replay = records && rows != null ? new RecordReplayCheck() : null;
            HistoryVerification result = HistoryChain.Verify(Chain(), knownHash, names, _store.ReadImportIds(), replay);
            if (replay != null && result.FirstBadEntry == null)
            {
                result.Records = replay.Finish(rows!, _store, _walk);
            }

            result.Database = rows?.Location;
            result.CheckedAt = checkedAt;
            return result;
        }
    }
}
