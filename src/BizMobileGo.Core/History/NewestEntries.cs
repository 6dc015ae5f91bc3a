using System.Collections.Generic;
using System.Linq;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// What <see cref="IHistoryStore.ReadNewestEntries"/> returns, from the entries a store read of its newest rows and packs:
    /// one rule for both stores.
    /// </summary>
    internal static class NewestEntries
    {
        /// <summary>
        /// The newest entry and the one before it, newest first; then, when one of the others claims numbers past the newest
        /// (the stand-in of a pack whose last_sequence column was widened by hand: <see cref="HistoryChain.Through"/>), that
        /// one. The next entry would be numbered inside its claim, which the store's guard against a forked chain refuses
        /// (SQLite's migration-12 trigger, PostgreSQL's migration-5 one) as if another writer had taken the number:
        /// <see cref="HistoryHeadCheck"/> refuses it first, as the edit it is. The store reads the newest pack, the one such a
        /// guard consults, among its candidates.
        /// </summary>
        /// <remarks>
        /// <b>PacksThatMayMatter</b>: of the two newest packs a store reads only those whose last_sequence is at least the
        /// second newest row's sequence (both, when there are fewer than two rows). A pack that ends before it holds neither
        /// of the two newest entries (the two rows are newer) and claims no number past the newest (its claim, a stand-in's
        /// too, is that column): leaving it out changes nothing here, and spares decoding up to a thousand entries once a
        /// write transaction. A piped Set-BmgDevice is a transaction a device, and after an import both newest packs were
        /// read in full for every device: ~40 % of its CPU (walkthrough 34b, finding 7; PERFORMANCE.md, pipe35).
        /// </remarks>
        internal static IReadOnlyList<ChangeEntry> Of(IEnumerable<ChangeEntry> candidates)
        {
            List<ChangeEntry> ordered = candidates.OrderByDescending(entry => entry.Sequence).ToList();
            List<ChangeEntry> newest = ordered.Take(2).ToList();
            if (ordered.Count > 2 && ordered.Skip(2).FirstOrDefault(entry => HistoryChain.Through(entry) > ordered[0].Sequence) is ChangeEntry claiming)
            {
                newest.Add(claiming);
            }

            return newest;
        }
    }
}
