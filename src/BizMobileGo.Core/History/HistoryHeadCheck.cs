using System.Collections.Generic;
using System.Globalization;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The head a write links its entries to, checked first (walkthrough 27, 2): a writer must not extend a chain whose newest
    /// entry does not verify. An entry written after a row added by hand links to that row's hash, so the row could no longer
    /// be deleted alone: the history would verify again only by clearing every entry up to it. Refused instead, the damage stays
    /// the rows added by hand, which the store's owner deletes. One entry's hash (and the one before it) a write transaction:
    /// the recorder reads the head once a transaction, not once a row.
    /// </summary>
    public static class HistoryHeadCheck
    {
        /// <summary>
        /// The newest entry as the next one links to it (null: the history is empty), after checking that it recomputes to its
        /// stored hash and follows the entry before it: the next sequence, and linked to that entry's hash when that one holds on
        /// its own (an older fault is Test-BmgHistory's to name; it doesn't make the head forged). Read inside the write
        /// transaction, as <see cref="IHistoryStore.ReadHead"/>.
        /// </summary>
        /// <exception cref="BmgException">HistoryTampered, naming the newest entry and the way back; nothing is written.</exception>
        public static HistoryHead? Read(IHistoryStore store) => Checked(store.ReadNewestEntries());

        /// <summary>
        /// As <see cref="Read"/>, from the entries <see cref="IHistoryStore.ReadNewestEntries"/> read: pure, so an import's
        /// recorder checks them on its hashing thread, beside the writing thread, before it links the first batch to them.
        /// </summary>
        /// <exception cref="BmgException">HistoryTampered, naming the newest entry and the way back.</exception>
        public static HistoryHead? Checked(IReadOnlyList<ChangeEntry> newest)
        {
            if (newest.Count == 0)
            {
                return null;
            }

            ChangeEntry head = newest[0];
            ChangeEntry? before = newest.Count > 1 ? newest[1] : null;
            string? reason;
            // The one before may be the stand-in of a pack that no longer reads: the head follows that pack's last entry (its
            // fault is Test-BmgHistory's to name, as any older one; its entries were not removed), ending before the head
            // whatever its last_sequence column says (StandInBound, as the walk reads it).
            long beforeThrough = before == null ? 0 : StandInBound.Through(before, head);
            if (before != null && head.Sequence != beforeThrough + 1)
            {
                // Not "entries removed by hand" as the walk says of a gap: at the head, a row added by hand with a sequence of
                // its own is as likely, and its deletion the way back.
                reason = $"{HistoryChain.Name(head)} does not follow entry {beforeThrough.ToString(CultureInfo.InvariantCulture)}, the one before it (there is no entry {Between(beforeThrough, head.Sequence)}): it was added by hand, or the entries before it were removed by hand.";
            }
            else
            {
                ChangeEntry? linkedTo = before != null && HistoryChain.Check(null, before).Item1 == null ? before : null;
                reason = HistoryChain.Check(linkedTo, head).Item2;
            }

            if (reason == null)
            {
                RefuseAClaimPastTheHead(newest, head);
                return new HistoryHead(head.Sequence, head.Hash);
            }

            string sequence = head.Sequence.ToString(CultureInfo.InvariantCulture);
            throw new BmgException(ErrorIds.HistoryTampered, BmgErrorCategory.InvalidData,
                $"The change history's newest entry does not verify, so nothing was written (an entry linked to it would make it part of the chain): {reason} "
                + $"To go on: if entry {sequence} (with any other entry after the last one that verifies) was added by hand, the store's owner deletes it and writes again; "
                + "if it was altered, restore its row from a backup. Test-BmgHistory names the first entry that does not verify (README, Change history, \"A write refused\").",
                head.Sequence);
        }

        /// <summary>
        /// Entries kept together whose last_sequence column (not hashed) was widened by hand past the newest entry: the next
        /// entry's number lies inside their claim, where the store's guard against a forked chain refuses it as a number another
        /// client took ("try again", which never helps). Said as the edit it is, with the way on; nothing is written. A claim
        /// that ends at the head (widened over the entries after the pack only) leaves the next number free: the write goes on.
        /// </summary>
        private static void RefuseAClaimPastTheHead(IReadOnlyList<ChangeEntry> newest, ChangeEntry head)
        {
            foreach (ChangeEntry entry in newest)
            {
                long through = HistoryChain.Through(entry);
                if (through <= head.Sequence)
                {
                    continue;
                }

                string first = entry.Sequence.ToString(CultureInfo.InvariantCulture);
                throw new BmgException(ErrorIds.HistoryTampered, BmgErrorCategory.InvalidData,
                    $"The change history was edited by hand, so nothing was written: the entries kept together from {first} claim the numbers up to "
                    + $"{through.ToString(CultureInfo.InvariantCulture)} (their last_sequence column), past the newest entry {head.Sequence.ToString(CultureInfo.InvariantCulture)}, "
                    + "and an entry written now would be numbered inside them. To go on: Test-BmgHistory names these entries and the way forward "
                    + $"(restore their row from a backup, or accept them with Clear-BmgHistory -AcceptTampered {first}); README, Change history, \"A write refused\".",
                    entry.Sequence);
            }
        }

        // The sequences missing between the entry before the head and the head (newest first: the head is the greater).
        private static string Between(long before, long head) =>
            head - before == 2 ? (before + 1).ToString(CultureInfo.InvariantCulture) : $"{before + 1}-{head - 1}";
    }
}
