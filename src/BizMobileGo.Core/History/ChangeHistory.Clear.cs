using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.History
{
    /// <summary>Clear-BmgHistory: removing the oldest entries, counted and verified first, and recording the clear.</summary>
    public sealed partial class ChangeHistory
    {
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
        /// <see cref="ClearBefore(DateTimeOffset, ChangeOrigin, DateTimeOffset, ChangeActor?, string?)"/> after
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
        /// How many entries <see cref="ClearBefore(DateTimeOffset, ChangeOrigin, DateTimeOffset, ChangeActor?, string?)"/> would
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
    }
}
