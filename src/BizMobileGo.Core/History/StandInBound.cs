using System.Collections.Generic;
using System.Globalization;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The chain as <see cref="ChangeHistory"/> walks it (Test-BmgHistory, Clear-BmgHistory): the stand-in of a pack that no
    /// longer reads (<see cref="HistoryChain.UnreadableEntry"/>) ends before the entry that follows it. Its end is the pack's
    /// last_sequence column, which is not hashed: widened by hand over the entries after it (twenty-ninth round), the walk counted
    /// those entries twice, the way forward said the clear would remove entries it keeps, and the clear that accepted the pack
    /// could never run (it keeps the entry after it, which then seemed to come after the pack's end). An entry that follows it
    /// bounds it instead, and its reason says so: nothing of what it names is weakened (it is still the first bad entry), and
    /// the entries after it are walked for what they are. A clear that accepts it removes the pack whole, unread
    /// (<see cref="PackedClear"/>); what it keeps verifies on its own from the entry after it, so no entry the walk read is lost.
    /// </summary>
    internal static class StandInBound
    {
        public static IEnumerable<ChangeEntry> Of(IEnumerable<ChangeEntry> chain)
        {
            ChangeEntry? held = null;
            foreach (ChangeEntry entry in chain)
            {
                if (held != null)
                {
                    yield return Bounded(held, entry);
                    held = null;
                }

                if (HistoryChain.IsUnreadable(entry, out _) && HistoryChain.Through(entry) > entry.Sequence)
                {
                    // Held until the next entry is read: the one place its true end shows.
                    held = entry;
                    continue;
                }

                yield return entry;
            }

            if (held != null)
            {
                yield return held;
            }
        }

        /// <summary>
        /// The last sequence <paramref name="entry"/> stands for (<see cref="HistoryChain.Through"/>), a stand-in's ending before
        /// <paramref name="next"/> when its end reaches over it. A next entry at or before the stand-in's first sequence bounds
        /// nothing: it is one inserted by hand, which the walk names for what it is. Also what a write's check of the head
        /// (<see cref="HistoryHeadCheck"/>) takes of the entry before the newest.
        /// </summary>
        public static long Through(ChangeEntry entry, ChangeEntry? next)
        {
            long through = HistoryChain.Through(entry);
            return next != null && HistoryChain.IsUnreadable(entry, out _) && next.Sequence > entry.Sequence && next.Sequence <= through
                ? next.Sequence - 1 : through;
        }

        /// <summary><paramref name="standIn"/> ending before <paramref name="next"/> when its end reaches over it (<see cref="Through(ChangeEntry, ChangeEntry?)"/>).</summary>
        private static ChangeEntry Bounded(ChangeEntry standIn, ChangeEntry next)
        {
            long through = HistoryChain.Through(standIn);
            if (Through(standIn, next) == through)
            {
                return standIn;
            }

            HistoryChain.IsUnreadable(standIn, out string why);
            string said = through.ToString(CultureInfo.InvariantCulture);
            string follows = next.Sequence.ToString(CultureInfo.InvariantCulture);
            return HistoryChain.UnreadableEntry(standIn.Sequence, standIn.OsUser, standIn.Host, standIn.Command,
                $"{why}; its last_sequence says {said}, but entry {follows} follows it", next.Sequence - 1);
        }
    }
}
