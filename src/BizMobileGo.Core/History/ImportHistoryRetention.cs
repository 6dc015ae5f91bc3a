using System;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The import history's retention (walkthrough 32, 6): an import's row keeps its Source (a full path, often named after a
    /// person), its user and its row errors (rejected values: a person's mistyped e-mail), and the module kept them forever.
    /// Clear-BmgHistory -Before forgets, with the entries before the date, the imports that ended before it and that no entry
    /// it keeps names: an import whose entries are kept keeps its row, so Test-BmgHistory's ImportNotFound (an entry naming a
    /// row that is gone) still means a row deleted by hand. A refused import, which changed nothing and so has no entry, goes
    /// once it is older than the date.
    /// </summary>
    public sealed class ImportHistoryRetention
    {
        private readonly IDeviceStore _store;

        public ImportHistoryRetention(IDeviceStore store) => _store = store;

        /// <summary>
        /// Deletes, in a write transaction of its own, the import history rows (with their errors) of imports that ended before
        /// <paramref name="before"/> and that no change history entry names; returns how many. Run after the history's own
        /// clear, so that the entries that clear removed no longer hold their imports' rows.
        /// </summary>
        /// <remarks>
        /// A store that refuses the delete (a PostgreSQL role without DELETE on the import history: StoreReadOnly naming the
        /// right and the GRANT) refuses it after the history's clear committed: the error says that the entries went and the
        /// imports did not, rather than let its "Nothing was changed" read as the whole clear's.
        /// </remarks>
        public int ForgetBefore(DateTimeOffset before)
        {
            try
            {
                using IStoreTransaction write = _store.BeginTransaction();
                int forgotten = _store.DeleteUnnamedImportHistory(before);
                write.Commit();
                return forgotten;
            }
            catch (Errors.BmgException e) when (e.ErrorId == Errors.ErrorIds.StoreReadOnly)
            {
                throw new Errors.BmgException(e.ErrorId, e.Category,
                    "The change history's entries were removed and the clear recorded, but the imports that ended before the date were not " +
                    $"forgotten (the import history is as it was): {e.Message}", e.Target, e);
            }
        }
    }
}
