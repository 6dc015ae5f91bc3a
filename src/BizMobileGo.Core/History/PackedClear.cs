using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// <see cref="IHistoryStore.DeleteThrough"/> for a store that keeps packs (SQLite's migration 11, PostgreSQL's
    /// migration 5), one rule for both: rows and whole packs up to the sequence go; a pack that holds entries on both sides
    /// of it is written again with the entries after it (its first previous hash then the last removed entry's hash, as
    /// each entry kept it). A pack is removed and counted by its decoded entries, never by its last_sequence column alone:
    /// a column edited by hand could otherwise take newer entries with it; one whose header doesn't match its entries (or
    /// that doesn't decode) stops the clear with HistoryTampered (<see cref="PackRead"/>), unless the clear accepted it
    /// (Clear-BmgHistory -AcceptTampered named its first entry, the one Test-BmgHistory names) and it ends within the clear:
    /// it is then removed whole, unread, counted by its header up to the clear's end (nothing else of it can be read; the
    /// owner chose to forget it). It ends within the clear when the clear goes past its last_sequence, or when the entry
    /// after the clear's end is stored apart from it (a row, or a pack of its own): the module never numbers two entries
    /// alike, so that column was widened by hand over the entries after it (<see cref="StandInBound"/>), and the caller
    /// (<see cref="ChangeHistory"/>) keeps that entry and the rest only when they verified without anything of this pack.
    /// One that may still hold entries past the clear's end stops it: they would be lost unread. The names index's rows of the
    /// removed entries go with them.
    /// </summary>
    public static class PackedClear
    {
        /// <summary>The few statements the clear needs of a store, inside its open write transaction.</summary>
        public interface ITables
        {
            /// <summary>Deletes the rows up to and including <paramref name="sequence"/>; returns how many.</summary>
            long DeleteRowsThrough(long sequence);

            /// <summary>
            /// The first and last sequences (as their columns say) of the packs that start at or before <paramref name="sequence"/>,
            /// oldest first, read before any is removed.
            /// </summary>
            List<(long First, long Last)> PacksThrough(long sequence);

            /// <summary>The entries of the pack that starts at <paramref name="first"/>; HistoryTampered if it doesn't read.</summary>
            List<ChangeEntry> ReadPack(long first);

            void DeletePack(long first);

            /// <summary>Whether a row holds entry <paramref name="sequence"/>, or a pack starts with it.</summary>
            bool StoresApart(long sequence);

            /// <summary>Appends linked entries as the store appends any batch (packed again, or rows if too few).</summary>
            void Append(IReadOnlyList<ChangeEntry> entries);

            /// <summary>Deletes the names index's rows whose entry (their through) is at or before <paramref name="sequence"/>.</summary>
            void DeleteNamesThrough(long sequence);
        }

        public static long DeleteThrough(ITables tables, long sequence, IReadOnlyCollection<long>? accepted = null)
        {
            long removed = tables.DeleteRowsThrough(sequence);
            // The names index's rows whose entry goes (walkthrough 32, 4): a row names the newest entry that carried the name, so
            // one at or before the clear's end has no entry left behind it; kept, it held a removed person's user name or a
            // device's identifier that no look-up reads and no command removes. Rows of entries the clear keeps stay. After the
            // entries' own delete, so a role that may not clear is refused on change_history first, as before.
            tables.DeleteNamesThrough(sequence);

            // One pack at a time (a pack is at most MaxEntries entries), so a clear of millions never holds them all.
            foreach ((long first, long last) in tables.PacksThrough(sequence))
            {
                List<ChangeEntry> entries;
                try
                {
                    entries = tables.ReadPack(first);
                }
                catch (BmgException e) when (e.ErrorId == ErrorIds.HistoryTampered && accepted != null && accepted.Contains(first))
                {
                    if (last > sequence && !tables.StoresApart(sequence + 1))
                    {
                        throw;
                    }

                    tables.DeletePack(first);
                    removed += Math.Min(Math.Max(last, first), sequence) - first + 1;
                    continue;
                }

                List<ChangeEntry> kept = entries.FindAll(entry => entry.Sequence > sequence);
                removed += entries.Count - kept.Count;
                tables.DeletePack(first);
                if (kept.Count > 0)
                {
                    tables.Append(kept);
                }
            }

            return removed;
        }
    }
}
