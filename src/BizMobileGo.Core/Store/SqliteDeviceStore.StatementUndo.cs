using SQLitePCL;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// Where an import's statements keep what undoes each one: in memory (PERFORMANCE.md, twenty-seventh round, branch
    /// first27).
    /// </summary>
    /// <remarks>
    /// A statement that can fail part-way inside a longer transaction (a chunk's multi-row INSERT or UPDATE, which a
    /// unique key can refuse at its fifth row) has SQLite keep the pages it changes as they were before it, its statement
    /// journal, so that its failure undoes only itself. SQLite keeps that journal in memory up to 64 KB and in a file of
    /// its temporary folder beyond; a chunk's statement touches more (every index's leaf pages), so a 100,000-row import
    /// made ~126,000 writes to a file SQLite deletes as it opens it: 60 % of the import's writes, each a system call. The
    /// pager decides at the start of the write transaction, from the connection's temporary storage setting then: so the
    /// import's transaction takes the writer lock with temp_store = MEMORY and sets it back to the default at once, which
    /// leaves everything else that uses temporary storage (sorts, temporary tables) on disk as before, and so the memory
    /// flat. A journal holds one statement's pages at most (a chunk's, a few hundred) and is freed when the statement
    /// ends. Only the import asks for it: a single statement over every row (a template rename) would hold every page it
    /// changes.
    /// </remarks>
    public sealed partial class SqliteDeviceStore
    {
        private const string TemporaryStorageInMemory = "PRAGMA temp_store = MEMORY;";
        private const string TemporaryStorageDefault = "PRAGMA temp_store = DEFAULT;";

        // Set while BeginImportTransaction begins the import's transaction: its statement undo in memory, and its page cache
        // (FitPageCacheToTransaction).
        private bool _importBegins;

        public IStoreTransaction BeginImportTransaction()
        {
            _importBegins = true;
            try
            {
                return BeginTransaction(WaitCancellation);
            }
            finally
            {
                _importBegins = false;
            }
        }

        /// <summary>
        /// Just before the statement that starts the write transaction: for an import, temporary storage in memory, which
        /// SQLite reads as the transaction starts (its statement journals are then memory's). True when set.
        /// </summary>
        private bool KeepStatementUndoInMemory(sqlite3 handle) =>
            _importBegins && raw.sqlite3_exec(handle, TemporaryStorageInMemory) == raw.SQLITE_OK;

        /// <summary>Just after: the default again, for everything else that uses temporary storage.</summary>
        private static void KeepTemporaryStorageOnDisk(sqlite3 handle) => raw.sqlite3_exec(handle, TemporaryStorageDefault);

        /// <summary>This connection's temporary storage setting now (PRAGMA temp_store: 0 the default, 2 memory).</summary>
        internal int TemporaryStorage => Scalar<int>("PRAGMA temp_store;");
    }
}
