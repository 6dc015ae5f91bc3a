using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The change history over a store: recording (from the store's write path), asking, verifying and
    /// clearing. The store only persists (<see cref="IHistoryStore"/>); everything else is here, once.
    /// </summary>
    public sealed class ChangeHistory
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

        /// <summary>
        /// The newest Clear-BmgHistory the chain holds (its own Cleared entry), or null when the history was never cleared: what
        /// Get-BmgDeviceHistory / Get-BmgUserHistory name when a device or user of the store has no entry left. One indexed read
        /// of the history's own entries (kind History), newest first; no device's or user's entry is read.
        /// </summary>
        public HistoryClear? NewestClear()
        {
            var query = new HistoryQuery(SubjectKind.History) { Actions = new[] { ChangeAction.Cleared } };
            foreach (ChangeEntry entry in Query(query))
            {
                return HistoryClear.FromEntry(entry);
            }

            return null;
        }

        /// <summary>
        /// What Get-BmgDeviceHistory / Get-BmgUserHistory say (-Verbose) for a device or user the store holds that has no entry
        /// left: it is no error (the subject exists), and the newest clear, when there was one, is what most likely took its
        /// entries (walkthrough 31, 5: after a retention clear, "has or had never" was false and alarming).
        /// </summary>
        public string NoEntriesNote(SubjectKind kind, string name)
        {
            string subject = kind == SubjectKind.Device
                ? $"The device '{Fields.FieldText.Printable(name)}' is in the store"
                : $"The user '{Fields.FieldText.Printable(name)}' is in the store";
            return NewestClear() is HistoryClear clear
                ? $"{subject}, but the change history holds no entry of it now: {RemovedBefore(clear)} (Test-BmgHistory lists the clears)."
                : $"{subject}, but the change history holds no entry of it (Test-BmgHistory checks the history).";
        }

        /// <summary>
        /// Why a name the store's devices or users don't hold and no entry left carries is not found, once the history was cleared
        /// (walkthrough 32, 4): the clear removed the entries recorded before its date and the names index's rows of them, so a
        /// subject whose entries all went then is no longer found by name, and "has or had never" would be untrue. Null when
        /// the history was never cleared: then no device or user ever had the name. Said after "…, and no entry left had it: ".
        /// </summary>
        public string? ClearedNamesNote(SubjectKind kind) =>
            NewestClear() is HistoryClear clear
                ? $"{RemovedBefore(clear)}, and the names those entries carried, so a {(kind == SubjectKind.Device ? "device" : "user")} whose entries all went then is no longer found by its {(kind == SubjectKind.Device ? "Identifier" : "UserName")} (Test-BmgHistory lists the clears)"
                : null;

        /// <summary>
        /// What a query of a time window says (a warning, once a command) when a Clear-BmgHistory removed part of it
        /// (walkthrough 35, 1): "every change in Q3" must never look complete when it is not. The window reaches into the cleared
        /// span when it starts before the newest clear's date (or has no start: the whole history); a window that starts at or
        /// after it is whole, and says nothing. <paramref name="removed"/> names what went ("Entries recorded", "Imports that
        /// ended, and that no entry left names,"). Null when nothing was cleared, or the window starts after the clear.
        /// One indexed read of the history's own entries (<see cref="NewestClear"/>).
        /// </summary>
        public string? ClearedWindowWarning(DateTimeOffset? sinceUtc, string removed = "Entries recorded")
        {
            if (NewestClear() is not HistoryClear clear || clear.BeforeUtc is not DateTimeOffset before || (sinceUtc is DateTimeOffset since && since >= before))
            {
                return null;
            }

            string asked = sinceUtc is DateTimeOffset from ? $"this answer (from {Times.ShownTime.ToText(from)}) lacks them" : "this answer lacks them";
            return $"{removed} before {Times.ShownTime.ToText(before)} were removed by {clear.Describe()}"
                + (clear.Reason != null ? $" ('{clear.Reason}')" : "") + $": {asked} (Test-BmgHistory lists the clears).";
        }

        // "the Clear-BmgHistory of 2026-12-02 23:20 by root@kitting-01 removed the entries recorded before 2026-12-01 00:00:00"
        private static string RemovedBefore(HistoryClear clear) =>
            $"{clear.Describe()} removed the entries recorded before "
            + (clear.Before is DateTimeOffset before ? Times.ShownTime.ToText(before) : "its -Before");

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

        /// <summary>How many of the history's OS users <see cref="UnknownOsUserWarning"/> names at most.</summary>
        public const int OsUsersNamed = 10;

        /// <summary>
        /// Said when Get-BmgDeviceHistory / Get-BmgUserHistory -User wrote nothing: null when an OS user of <paramref name="kind"/>'s
        /// entries, or a ChangedBy name of them, is one <paramref name="isMatch"/> accepts (the other filters left nothing: silent,
        /// as any filter that matches nothing), else a warning that no entry of the kind was ever made by or for
        /// <paramref name="user"/> (as typed), naming the OS users that made them and the names they were made for (a typo, or
        /// a user of another host, is then plain), first <see cref="OsUsersNamed"/> of each by name. Reads every OS user and
        /// ChangedBy name of the kind's entries: only asked after an answer of none.
        /// </summary>
        public string? UnknownOsUserWarning(SubjectKind kind, IReadOnlyList<string> user, Func<string, bool> isMatch)
        {
            IReadOnlyList<string> osUsers;
            IReadOnlyList<string> changedBy;
            using (IStoreTransaction read = _store.BeginReadTransaction())
            {
                osUsers = _store.ReadOsUsers(kind);
                changedBy = _store.ReadChangedByNames(kind);
            }

            if (osUsers.Any(isMatch) || changedBy.Any(isMatch))
            {
                return null;
            }

            string what = kind == SubjectKind.Device ? "a device" : kind == SubjectKind.User ? "a user" : "the history";
            string asked = string.Join(", ", user.Select(name => "'" + name + "'"));
            List<string> known = Listed(osUsers);
            if (known.Count == 0)
            {
                return $"-User {asked}: no entry of {what} is in the history.";
            }

            List<string> madeFor = Listed(changedBy);
            return madeFor.Count == 0
                ? $"-User {asked} matches no OS user who made an entry of {what}; the history's entries of {what} were made by: {Named(known)}."
                : $"-User {asked} matches no OS user who made an entry of {what}, nor anyone one was made for (-ChangedBy); the history's entries of {what} were made by: {Named(known)}; and for: {Named(madeFor)}.";
        }

        // Names once each as -User folds them (any case), in order.
        private static List<string> Listed(IEnumerable<string> names) =>
            names.Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(name => name, StringComparer.OrdinalIgnoreCase).ThenBy(name => name, StringComparer.Ordinal).ToList();

        // The first OsUsersNamed of them, and how many more.
        private static string Named(List<string> names) =>
            string.Join(", ", names.Take(OsUsersNamed)) + (names.Count > OsUsersNamed ? $" and {names.Count - OsUsersNamed} more" : "");

        /// <summary>
        /// Checks the store's file (<see cref="IHistoryStore.CheckFile"/>), walks the whole chain in one consistent snapshot (see
        /// <see cref="HistoryChain.Verify"/>), and checks the store's names index, read in the same snapshot, against it: the
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

        /// <summary>
        /// Removes the oldest entries, those recorded before <paramref name="before"/>, and records the clear
        /// itself: an entry that names what it removed and where the chain now starts, so what is left still
        /// verifies. Only a run of oldest entries goes (the chain stays whole): an entry before the date that
        /// follows one after it (clocks of two hosts apart) stays. A chain that doesn't verify is not cleared,
        /// since clearing would hide what was done to it. A clear that would remove nothing changes nothing and
        /// records nothing (null): a nightly retention job on a store younger than its retention would otherwise add an
        /// entry a night, and Test-BmgHistory lists every clear on record.
        /// </summary>
        /// <exception cref="BmgException">HistoryTampered: the chain doesn't verify; nothing was removed.</exception>
        /// <exception cref="BmgException">ClearBeforeInFuture: <paramref name="before"/> is later than <paramref name="now"/>; nothing was removed.</exception>
        public ChangeEntry? ClearBefore(DateTimeOffset before, ChangeOrigin origin, DateTimeOffset now, ChangeActor? actor = null, string? reason = null)
        {
            ClearBeforeTime.Check(before, now);
            return Clear(before, origin, now, actor, counted: null, accept: null, reason == null ? null : ClearReason.Check(reason));
        }

        /// <summary>
        /// The clear, inside the write transaction. <paramref name="counted"/>: the plan the count walked and verified a moment
        /// ago (outside it, before a prompt); it is the plan still while the chain's head is the one that walk ended at, since
        /// every entry the module writes or clears moves the head. Otherwise the chain is walked and verified again, here.
        /// Null when there is nothing to remove: nothing is removed or recorded. <paramref name="reason"/>: Clear-BmgHistory -Reason,
        /// recorded in the clear's entry (<see cref="ClearReason"/> checked it).
        /// </summary>
        private ChangeEntry? Clear(DateTimeOffset before, ChangeOrigin origin, DateTimeOffset now, ChangeActor? actor, ClearPlan? counted,
            IReadOnlyCollection<long>? accept, string? reason)
        {
            using IStoreTransaction write = _store.BeginTransaction();

            // The head is read before the delete: when every entry goes, the clear still follows the last one.
            HistoryHead? head = _store.ReadHead();
            ClearPlan plan = counted != null && counted.EndsAt(head) ? counted : PlanClear(before, accept);
            if (plan.Removed == 0)
            {
                return null;
            }

            // An accepted clear's kept part starts where its first entry says (it verified so: PlanClear); the join to the
            // removed entries is among what was accepted.
            // The last entry removed, through the last of a pack that no longer reads (its stand-in has its first sequence), but
            // never into what the clear keeps, whatever that pack's header says.
            long? through = plan.LastRemoved == null ? null
                : plan.FirstKept == null ? HistoryChain.Through(plan.LastRemoved)
                : Math.Min(HistoryChain.Through(plan.LastRemoved), plan.FirstKept.Sequence - 1);
            (long Sequence, string PreviousHash) start =
                plan.Accepted != null && plan.FirstKept != null ? (plan.FirstKept.Sequence, plan.FirstKept.PreviousHash)
                // Everything removed, the newest a pack that no longer reads: the head's hash is the one the clear links to.
                : plan.LastRemoved != null ? (through!.Value + 1, HistoryChain.IsUnreadable(plan.LastRemoved, out _) && head != null ? head.Hash : plan.LastRemoved.Hash)
                : plan.FirstKept != null ? (plan.FirstKept.Sequence, plan.FirstKept.PreviousHash)
                : (1, HistoryChain.GenesisHash);
            if (through != null)
            {
                // Entries accepted unverified: a pack among them that no longer reads is removed whole, unread (PackedClear).
                _store.DeleteThrough(through.Value, plan.Accepted != null ? accept : null);
            }

            // The clears whose entries go are carried forward in this one's (walkthrough 32, 8): their record outlives their entry.
            ChangeEntry cleared = HistoryChain.ClearedEntry(HistoryTime.Normalize(before), plan.Removed, start.Sequence, start.PreviousHash, origin, now, actor,
                plan.Accepted?.Entries, plan.Accepted?.Reason, reason, plan.RemovedClears);
            // The clear follows the newest entry the walk read, as it read it. The store's head can be a pack's last_sequence
            // column, widened by hand over the entries after it (StandInBound); a newest entry that no longer reads has no hash
            // of its own, and the store's head stands then.
            HistoryHead? linkTo = plan.HeadSequence is long newest && !string.IsNullOrEmpty(plan.HeadHash) ? new HistoryHead(newest, plan.HeadHash!) : head;
            IReadOnlyList<ChangeEntry> linked = HistoryChain.Link(linkTo, new[] { cleared });
            _store.Append(linked);
            write.Commit();
            return linked[0];
        }

        /// <summary>
        /// <see cref="ClearBefore(DateTimeOffset, ChangeOrigin, DateTimeOffset, ChangeActor?)"/> after
        /// <paramref name="confirm"/> said yes to the number of entries it would remove (<see cref="CountBefore"/>); null
        /// when it said no, or when there was nothing to remove by then, and nothing is removed or recorded. The count is taken and confirmed outside the write
        /// transaction, as <see cref="ConfirmedChange"/> does, so that a waiting prompt doesn't hold the store's write lock;
        /// the clear then walks the chain again and removes what is there by then (its entry says how many).
        /// </summary>
        /// <exception cref="BmgException">HistoryTampered: the chain doesn't verify (also when only counting); nothing was removed.</exception>
        public ChangeEntry? ClearBefore(DateTimeOffset before, ChangeOrigin origin, DateTimeOffset now, Func<long, bool> confirm, ChangeActor? actor = null) =>
            ClearBefore(before, origin, now, (count, _) => confirm(count), accept: null, actor);

        /// <summary>
        /// As <see cref="ClearBefore(DateTimeOffset, ChangeOrigin, DateTimeOffset, Func{long, string?, bool}, IReadOnlyCollection{long}?, ChangeActor?)"/>,
        /// recording <paramref name="reason"/> (Clear-BmgHistory -Reason, checked by <see cref="ClearReason.Check"/> first) in the clear's entry.
        /// </summary>
        /// <exception cref="BmgException">InvalidFieldValue: the reason breaks its rule; nothing was removed.</exception>
        public ChangeEntry? ClearBefore(DateTimeOffset before, ChangeOrigin origin, DateTimeOffset now, Func<long, string?, bool> confirm,
            IReadOnlyCollection<long>? accept, ChangeActor? actor, string? reason)
        {
            string? checkedReason = reason == null ? null : ClearReason.Check(reason);
            ClearBeforeTime.Check(before, now);
            ClearPlan counted = CountPlan(before, accept);
            return confirm(counted.Removed, counted.Accepted?.Entries) ? Clear(before, origin, now, actor, counted, accept, checkedReason) : null;
        }

        /// <summary>
        /// As <see cref="ClearBefore(DateTimeOffset, ChangeOrigin, DateTimeOffset, Func{long, bool}, ChangeActor?)"/>; with
        /// <paramref name="accept"/> (Clear-BmgHistory -AcceptTampered: the sequences of the entries, as Test-BmgHistory named
        /// them, that the one who runs it accepts as they are), a chain that doesn't verify is cleared too, when every entry at
        /// fault is among those it removes and is one of <paramref name="accept"/>, and what it keeps verifies on its own
        /// (<see cref="PlanClear"/>). The clear's own entry then names the entries it removed unverified and why the first
        /// did not verify: the acceptance is on the chain, in the entry that made the rest verify, by its OsUser and Host.
        /// <paramref name="confirm"/> gets the count and, for such a clear, those entries (as the entry will name them).
        /// </summary>
        public ChangeEntry? ClearBefore(DateTimeOffset before, ChangeOrigin origin, DateTimeOffset now, Func<long, string?, bool> confirm,
            IReadOnlyCollection<long>? accept, ChangeActor? actor = null) =>
            // Before the count: a -Before later than now is refused without a prompt (nor a -WhatIf count) for it (ClearBeforeTime).
            ClearBefore(before, origin, now, confirm, accept, actor, reason: null);

        /// <summary>
        /// How many entries <see cref="ClearBefore(DateTimeOffset, ChangeOrigin, DateTimeOffset, ChangeActor?)"/> would
        /// remove now: entries, not rows (a pack of entries counts as the entries it holds). Removes nothing.
        /// </summary>
        /// <exception cref="BmgException">HistoryTampered: the chain doesn't verify, so the clear would refuse it.</exception>
        public long CountBefore(DateTimeOffset before) => CountPlan(before, accept: null).Removed;

        private ClearPlan CountPlan(DateTimeOffset before, IReadOnlyCollection<long>? accept)
        {
            using IStoreTransaction read = _store.BeginReadTransaction();
            return PlanClear(before, accept);
        }

        /// <summary>
        /// What a clear before a time removes: the one rule the clear and its count share. <see cref="HeadSequence"/> and
        /// <see cref="HeadHash"/>: the newest entry the walk verified (null: none).
        /// </summary>
        private sealed record ClearPlan(long Removed, ChangeEntry? LastRemoved, ChangeEntry? FirstKept, long? HeadSequence, string? HeadHash,
            AcceptedFaults? Accepted = null)
        {
            /// <summary>The clears among the removed entries, each with the clears it carried, oldest first: the new clear carries them.</summary>
            public IReadOnlyList<HistoryClear> RemovedClears { get; init; } = Array.Empty<HistoryClear>();

            /// <summary>Whether the chain still ends at the entry this plan's walk ended at.</summary>
            public bool EndsAt(HistoryHead? head) =>
                head == null ? HeadSequence == null
                : HeadSequence == head.Sequence && string.Equals(HeadHash, head.Hash, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>
        /// One walk of the chain: it is verified (a chain that doesn't verify is not cleared) and its oldest run before
        /// <paramref name="before"/> counted as the entries go by. A history of millions was walked twice a plan, and planned
        /// twice a clear (its count, then the clear); only a few entries are held, never the chain.
        /// </summary>
        private ClearPlan PlanClear(DateTimeOffset before, IReadOnlyCollection<long>? accept)
        {
            long removed = 0;
            ChangeEntry? lastRemoved = null;
            ChangeEntry? firstKept = null;
            var removedClears = new List<HistoryClear>();

            IEnumerable<ChangeEntry> Counted()
            {
                foreach (ChangeEntry entry in Chain())
                {
                    if (firstKept == null)
                    {
                        if (entry.AtUtc >= before)
                        {
                            firstKept = entry;
                        }
                        else
                        {
                            lastRemoved = entry;
                            removed += HistoryChain.Count(entry);
                            if (entry.Action == ChangeAction.Cleared && entry.SubjectKind == SubjectKind.History)
                            {
                                removedClears.AddRange(HistoryClear.FromEntry(entry).WithPriorClears());
                            }
                        }
                    }

                    yield return entry;
                }
            }

            // The names index too, as Test-BmgHistory checks it: a clear would hide an edit of the rows whose entries it removes.
            List<HistoryName> names = _walk.ReadAll(_store.ReadNames());
            HistoryVerification verification = HistoryChain.Verify(Counted(), null, names);
            if (verification.Valid)
            {
                return new ClearPlan(removed, lastRemoved, firstKept, verification.HeadSequence, verification.HeadHash) { RemovedClears = removedClears };
            }

            if (accept == null)
            {
                throw Tampered(verification);
            }

            return new ClearPlan(removed, lastRemoved, firstKept, verification.HeadSequence, verification.HeadHash,
                AcceptFaults(before, accept, verification, lastRemoved, firstKept, names)) { RemovedClears = removedClears };
        }

        /// <summary>What a clear -AcceptTampered records: the entries it removes unverified (as sequence ranges) and why the first failed.</summary>
        private sealed record AcceptedFaults(string Entries, string Reason);

        /// <summary>
        /// The rule of Clear-BmgHistory -AcceptTampered, for a chain that doesn't verify (<paramref name="verification"/>): it
        /// is cleared only when (1) what the clear keeps verifies on its own, from its first entry on, names index and all, so
        /// nothing it leaves is unverified; (2) every fault lies among the entries it removes (or at their join to the kept
        /// part); and (3) each such entry is one <paramref name="accept"/> names, so a job that passes the switch every night
        /// accepts no edit made later. Otherwise HistoryTampered, removing nothing, naming what stands in the way.
        /// </summary>
        private AcceptedFaults AcceptFaults(DateTimeOffset before, IReadOnlyCollection<long> accept, HistoryVerification verification,
            ChangeEntry? lastRemoved, ChangeEntry? firstKept, List<HistoryName> names)
        {
            if (lastRemoved == null)
            {
                throw Tampered(verification, $"-AcceptTampered clears only entries the clear removes, and no entry was recorded before -Before ({HistoryTime.ToText(before)}): give a -Before later than the entry at fault.");
            }

            // (1) The kept part, alone, as Test-BmgHistory will walk it after the clear.
            if (firstKept != null)
            {
                HistoryVerification kept = HistoryChain.VerifyFrom(Chain().SkipWhile(entry => entry.AtUtc < before),
                    (firstKept.Sequence, firstKept.PreviousHash), names);
                if (!kept.Valid)
                {
                    throw Tampered(kept, "-AcceptTampered accepts only entries the clear removes, and this one it would keep (recorded at or after -Before, or after an entry that is): restore it from a backup, or give a -Before later than its time.");
                }
            }

            // (2) and (3): every fault of the removed run and its join, each named by -AcceptTampered.
            var faults = new SortedDictionary<long, string>();
            IEnumerable<ChangeEntry> RemovedAndJoin()
            {
                foreach (ChangeEntry entry in Chain())
                {
                    yield return entry;
                    if (entry.AtUtc >= before)
                    {
                        // The first kept entry: its link to the last removed one is the join (its own content verified above).
                        yield break;
                    }
                }
            }

            foreach ((long sequence, string reason) in HistoryChain.PairFaults(RemovedAndJoin()))
            {
                faults.TryAdd(sequence, reason);
            }

            if (verification.FirstBadEntry is long first)
            {
                faults.TryAdd(first, verification.Reason ?? "");
            }
            else if (verification.BadName != null)
            {
                faults.TryAdd(verification.BadName.Through, verification.Reason ?? "");
            }

            var unaccepted = faults.Keys.Where(sequence => !accept.Contains(sequence)).ToList();
            if (unaccepted.Count > 0)
            {
                string entries = HistoryChain.SequenceRanges(unaccepted);
                throw new BmgException(ErrorIds.HistoryTampered, BmgErrorCategory.InvalidData,
                    $"The change history was changed by hand, and -AcceptTampered does not name every entry at fault among those the clear would remove: {(unaccepted.Count == 1 ? "entry" : "entries")} {entries} {(unaccepted.Count == 1 ? "does" : "do")} not verify ({faults[unaccepted[0]]}). Look at {(unaccepted.Count == 1 ? "it" : "them")} (Get-BmgDeviceHistory, Get-BmgUserHistory), then name {(unaccepted.Count == 1 ? "it" : "them")} in -AcceptTampered too, or restore {(unaccepted.Count == 1 ? "it" : "them")} from a backup (README, Change history). Nothing was removed.",
                    unaccepted[0]);
            }

            KeyValuePair<long, string> firstFault = faults.First();
            return new AcceptedFaults(HistoryChain.SequenceRanges(faults.Keys), firstFault.Value);
        }

        /// <summary>The error of a chain that doesn't verify: HistoryTampered, naming the first bad entry and why.</summary>
        public static BmgException Tampered(HistoryVerification verification) => Tampered(verification, null);

        /// <summary>
        /// HistoryTampered as <see cref="Tampered(HistoryVerification)"/>, with <paramref name="why"/> (what stands in the way of
        /// a clear -AcceptTampered) or else the ways forward: every command that refuses a history that doesn't verify says them.
        /// </summary>
        private static BmgException Tampered(HistoryVerification verification, string? why) =>
            new BmgException(ErrorIds.HistoryTampered, BmgErrorCategory.InvalidData,
                $"The change history was changed by hand: {verification.Reason} " + (why ?? WayForward(verification)),
                (object?)verification.FirstBadEntry ?? verification.BadName);

        /// <summary>
        /// What a team can do about an entry at fault (walkthrough 24, 4): look at it, then restore it from a backup (the
        /// history verifies again as it was), or accept it, recorded, by clearing through it. A names-index row is restored alone.
        /// </summary>
        private static string WayForward(HistoryVerification verification)
        {
            if (verification.FirstBadEntry is long bad)
            {
                // Built from the kind of failure (walkthrough 27, 7): a missing entry has no BadEntry to show and no time of its
                // own, so the clear that accepts it is timed after the entry before the gap (after the first one after it when
                // the oldest are missing: a clear must remove an entry); an unreadable one has no BadEntry either.
                if (verification.MissingBetween is (long before, long after))
                {
                    string which = after - before > 2 || before == 0 && after > 2 ? "entries' rows" : "entry's row";
                    return $"To go on: restore the missing {which} from a backup and run Test-BmgHistory again, or accept {(which == "entry's row" ? "it" : "them")}, recorded in the clear's own entry, with Clear-BmgHistory -Before <a time after entry {(before > 0 ? before : after)}'s> -AcceptTampered {bad} (README, Change history).";
                }

                // An entry that no longer reads has no time to go by either: the chain gives it none, so it goes with the entries
                // before the next one's time. Entries kept together (a pack) that no longer read go together, unread.
                long last = verification.UnreadableThrough ?? bad;
                string look = verification.BadEntry != null ? "(Test-BmgHistory).BadEntry shows the entry as it reads now. " : "";
                string time = verification.BadEntry != null ? "a time after the entry's" : bad > 1 ? $"a time after entry {bad - 1}'s" : $"a time before entry {last + 1}'s";
                return last > bad
                    ? $"To go on: restore the entries' row from a backup and run Test-BmgHistory again, or accept them, recorded in the clear's own entry, with Clear-BmgHistory -Before <{time}> -AcceptTampered {bad}: it removes entries {bad}-{last}, kept together, unread (README, Change history)."
                    : $"{look}To go on: restore the entry's row from a backup and run Test-BmgHistory again, or accept it, recorded in the clear's own entry, with Clear-BmgHistory -Before <{time}> -AcceptTampered {bad} (README, Change history).";
            }

            return verification.BadName != null
                ? "(Test-BmgHistory).BadName shows the row. To go on: restore the names index's row from a backup (README, Change history), or accept it with Clear-BmgHistory -Before <a time after entry " + verification.BadName.Through + "'s> -AcceptTampered " + verification.BadName.Through + "."
                : "";
        }

        /// <summary>How many missing imports <see cref="ImportsMissing"/> names by Id before it counts the rest.</summary>
        private const int MissingImportsNamed = 5;

        /// <summary>
        /// The error of imports the chain's entries name that the import history has no row of
        /// (<see cref="HistoryVerification.MissingImports"/>): ImportNotFound, as Get-BmgImportHistory -Id says of that Id, not
        /// HistoryTampered (the entries verify, and the import history is not chained); target: the first one's Id. Null when
        /// none is missing.
        /// </summary>
        public static BmgException? ImportsMissing(HistoryVerification verification)
        {
            IReadOnlyList<MissingImport> missing = verification.MissingImports;
            if (missing.Count == 0)
            {
                return null;
            }

            MissingImport first = missing[0];
            string entries = first.Entries == 1 ? $"entry {first.FirstEntry}" : $"{first.Entries} entries, {first.FirstEntry} to {first.LastEntry},";
            string what = missing.Count == 1
                ? $"The import history has no row for import {first.ImportId}, which {entries} of the change history name (their ImportId): the row was deleted by hand (the module deletes only rows no entry names)"
                : $"The import history has no row for imports {string.Join(", ", missing.Take(MissingImportsNamed).Select(import => import.ImportId))}{(missing.Count > MissingImportsNamed ? $" and {missing.Count - MissingImportsNamed} more" : "")}, which entries of the change history name (their ImportId; import {first.ImportId}: {entries.TrimEnd(',')}): the rows were deleted by hand (the module deletes only rows no entry names)";
            return new BmgException(ErrorIds.ImportNotFound, BmgErrorCategory.ObjectNotFound,
                $"{what}, so Get-BmgImportHistory no longer shows {(missing.Count == 1 ? "that import's" : "those imports'")} file, SHA-256, counts and row errors. " +
                $"The entries themselves verify: what {(missing.Count == 1 ? "the import" : "each import")} changed, who ran it (as the client said) and when are still in them (Get-BmgDeviceHistory | Where-Object ImportId -eq {first.ImportId}; Get-BmgUserHistory too). " +
                "The import history is not hash-chained, so this is all the module can tell of it: restore the row from a backup to show the import again; (Test-BmgHistory).MissingImports lists every import missing.",
                first.ImportId);
        }

        /// <summary>
        /// The errors of Test-BmgHistory -Records, one a mismatch listed (<see cref="RecordCheck.Mismatches"/>): RecordTampered,
        /// target the Identifier or UserName. A check-in code is named as set or empty, never by its value.
        /// </summary>
        public static IEnumerable<BmgException> RecordsTampered(HistoryVerification verification) =>
            (verification.Records?.Mismatches ?? Array.Empty<RecordMismatch>()).Select(mismatch =>
                new BmgException(ErrorIds.RecordTampered, BmgErrorCategory.InvalidData, mismatch.Problem, mismatch.Subject));

        /// <summary>
        /// The error of a verification that failed (<see cref="HistoryVerification.Valid"/> false): HistoryTampered when an
        /// entry of the chain is bad, which is certain; KnownHashNotFound (target: the hash) when the chain holds but has
        /// no entry with <paramref name="knownHash"/>, which a typo explains as well as a removal, so it claims neither.
        /// </summary>
        public static BmgException Failure(HistoryVerification verification, string? knownHash) =>
            verification.FirstBadEntry == null && verification.BadName == null && knownHash != null
                ? new BmgException(ErrorIds.KnownHashNotFound, BmgErrorCategory.ObjectNotFound, verification.Reason ?? "", knownHash)
                : Tampered(verification);
    }
}
