using System.IO;
using Microsoft.Data.Sqlite;

namespace BizMobileGo.Core.Store
{
    public sealed partial class SqliteDeviceStore
    {
        // A -WhatIf copy (OpenSnapshot): its failures to write are its temporary folder's, not the store's disk's.
        private bool _dryRunCopy;

        /// <summary>The page cache of every store connection, a dry run's copy included: 64 MB.</summary>
        private const string PageCache = "PRAGMA cache_size = -65536;";

        /// <summary>
        /// A private copy of the store file, for -WhatIf: the copy is migrated and written as the real run
        /// would be, while the file itself is only read. A missing file is not created (the copy starts empty),
        /// an old one is not migrated, and no write lock is taken, so a dry run can't block or change anything.
        /// </summary>
        public static SqliteDeviceStore OpenSnapshot(string path)
        {
            // The same refusals as a real run (an empty or foreign file, a device, another user's file): a dry run
            // must not plan what the real run would refuse.
            string fullPath = StoreFile.FullPath(path);
            bool exists = StoreFile.Exists(fullPath);
            if (exists && !Directory.Exists(fullPath))
            {
                StoreFile.CheckExisting(fullPath);
            }

            if (Directory.Exists(fullPath))
            {
                throw new Errors.BmgException(Errors.ErrorIds.StoreOpenFailure, Errors.BmgErrorCategory.OpenError,
                    $"The store path '{fullPath}' is a directory; give the path of a database file.", fullPath);
            }

            // An empty name is SQLite's private temporary database on disk (deleted when closed, unlinked at once where the
            // system allows): the copy and what the dry run writes into it spill to that file beyond the page cache, so
            // a dry run's memory stays flat however large the store or the file (":memory:" held all of it in memory).
            var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = string.Empty, Pooling = false }.ToString());
            var store = new SqliteDeviceStore(fullPath, copy) { _dryRunCopy = true };
            try
            {
                copy.Open();
                store.Execute(PageCache);
                if (exists)
                {
                    var file = new SqliteConnectionStringBuilder
                    {
                        DataSource = fullPath,
                        Mode = SqliteOpenMode.ReadOnly,
                        Pooling = false,
                        DefaultTimeout = BusyTimeoutSeconds,
                    };
                    using var source = new SqliteConnection(file.ToString());
                    try
                    {
                        source.Open();
                        source.BackupDatabase(copy);
                    }
                    catch (SqliteException e) when (e.SqliteErrorCode != SqliteFull)
                    {
                        // Reading the store file failed (the copy can only fill up): the store's own error.
                        throw Translate(e, fullPath);
                    }
                }

                store.Execute("PRAGMA foreign_keys = ON;");
                store.Migrate();
                return store;
            }
            catch (SqliteException e)
            {
                store.Dispose();
                throw store.Failure(e);
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }

        /// <summary>SQLite's journal mode of this connection's database: "memory" for an in-memory one, "wal" for a store file.</summary>
        internal string JournalMode => Scalar<string>("PRAGMA journal_mode;");

        /// <summary>The file of this connection's main database: empty for an in-memory or a private temporary one.</summary>
        internal string MainFile => Scalar<string>("SELECT file FROM pragma_database_list WHERE name = 'main';");
    }
}
