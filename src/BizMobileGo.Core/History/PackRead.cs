using System;
using System.Collections.Generic;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// A pack's entries as every store that keeps packs reads them. One that no longer decodes (edited by hand), or whose
    /// header columns no longer match its entries (<see cref="PackHeaderCheck"/>), is for the chain one entry at its first
    /// sequence that verifies against nothing (<see cref="HistoryChain.UnreadableEntry"/>), so Test-BmgHistory names it; a
    /// query (or a clear) stops with HistoryTampered instead of leaving its entries out unsaid.
    /// </summary>
    public static class PackRead
    {
        /// <summary>The header columns a store reads before the blob: enough to name the pack when it doesn't read.</summary>
        public readonly record struct Origin(long First, long Last, string OsUser, string Host, string Command);

        /// <summary>
        /// <paramref name="decode"/> decodes the blob (FormatException: it doesn't); <paramref name="mismatch"/> says what of
        /// the header disagrees with the decoded entries (null: nothing).
        /// </summary>
        public static List<ChangeEntry> Read(Origin pack, bool forChain, Func<List<ChangeEntry>> decode, Func<List<ChangeEntry>, string?> mismatch)
        {
            List<ChangeEntry> entries;
            try
            {
                entries = decode();
            }
            catch (Exception e) when (e is FormatException || e is InvalidCastException || e is OverflowException)
            {
                // Not every exception: a lost connection is the server's error, not a pack that no longer reads.
                string what = Why(e);
                return Unreadable(pack, forChain, $"the entries kept together from {pack.First} no longer decode ({what})",
                    $"entries {pack.First}-{pack.Last}, kept together, can no longer be read ({what})");
            }

            string? wrong = mismatch(entries);
            return wrong == null ? entries
                : Unreadable(pack, forChain, $"the header of the entries kept together from {pack.First} no longer matches its entries ({wrong})",
                    $"the header of entries {pack.First}-{pack.Last}, kept together, no longer matches them ({wrong})");
        }

        private static List<ChangeEntry> Unreadable(Origin pack, bool forChain, string forTheChain, string forAQuery)
        {
            if (!forChain)
            {
                throw Tampered(pack.First, forAQuery);
            }

            return new List<ChangeEntry> { HistoryChain.UnreadableEntry(pack.First, pack.OsUser, pack.Host, pack.Command, forTheChain, pack.Last) };
        }

        /// <summary>
        /// A pack's subjects, which a store reads for the names a row ends: one that no longer decodes is HistoryTampered,
        /// so the write stops (and rolls back) rather than a past name being lost unsaid.
        /// </summary>
        public static List<(SubjectKind Kind, long Key, string Subject, long Sequence)> Subjects(long first, byte[] blob)
        {
            try
            {
                return ChangeEntryPack.Subjects(first, blob);
            }
            catch (FormatException e)
            {
                throw Tampered(first, $"the entries kept together from {first} can no longer be read ({Why(e)})");
            }
        }

        /// <summary>
        /// What of a pack no longer reads, in the module's words: the blob's column (entries) and what is wrong with it, or,
        /// for anything else a store's reader threw (a header column edited into another type), its columns in general.
        /// </summary>
        private static string Why(Exception e) =>
            e is HistoryFormatException ? $"column entries: {e.Message}" : "one of its columns no longer holds the kind of value the history writes";

        /// <summary>
        /// HistoryTampered for what of the history no longer reads (<paramref name="sequence"/>: its first entry). Without the
        /// reader's exception (walkthrough 27, 10): <paramref name="what"/> says in the module's words what no longer reads, and a
        /// row edited by hand is no fault of the program, so the error carries no stack trace (BmgException.Reported's rule).
        /// </summary>
        public static BmgException Tampered(long sequence, string what) =>
            new BmgException(ErrorIds.HistoryTampered, BmgErrorCategory.InvalidData,
                $"The change history was changed by hand: {what}. Test-BmgHistory names the first bad entry.", sequence);
    }
}
