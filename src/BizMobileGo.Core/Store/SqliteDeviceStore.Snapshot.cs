using Microsoft.Data.Sqlite;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// -WhatIf on SQLite: a dry run reads the store file itself, read-only, and makes its private copy of the store
    /// only when it first writes (the copy on write below), so a dry run that would change nothing copies nothing.
    /// </summary>
    public sealed partial class SqliteDeviceStore
    {
        // A -WhatIf copy (OpenSnapshot): its failures to write are its temporary folder's, not the store's disk's.
        private bool _dryRunCopy;

        // A dry run still reading the store file itself (opened read-only): its first write makes the copy (MakeDryRunCopy).
        private bool _copyOnWrite;

        /// <summary>A -WhatIf store: still reading the store file, or on its private copy (<see cref="IDeviceStore.IsDryRun"/>).</summary>
        public bool IsDryRun => _copyOnWrite || _dryRunCopy;

        /// <summary>
        /// The store for -WhatIf: what the real run would read, and a private copy of the store for what it would
        /// write, so the dry run is migrated and written as the real run would be while the file itself is only read.
        /// A missing file is not created (the copy starts empty), an old one is not migrated (its copy is), and no
        /// write lock is taken, so a dry run can't block or change anything.
        /// </summary>
        /// <remarks>
        /// A store at the current schema version is read where it is until the dry run's first write; the copy is made
        /// then, from the snapshot the dry run's transaction has read (SQLite's backup reads inside the connection's
        /// open read transaction), so what it read and what it writes over stay one state of the store. A dry run that
        /// writes nothing (a file whose rows are all unchanged, a `Remove-BmgDevice -WhatIf`) never copies the store.
        /// </remarks>
        public static SqliteDeviceStore OpenSnapshot(string path) => OpenSnapshot(path, mayCreate: true);

        /// <summary>
        /// As <see cref="OpenSnapshot(string)"/>; without <paramref name="mayCreate"/> (the dry run of a command that only reads,
        /// whose real run creates no store) a missing file is <see cref="Errors.ErrorIds.StoreNotFound"/>, as in
        /// <see cref="Open(string, System.Threading.CancellationToken, bool, System.Action{string?}?)"/>.
        /// </summary>
        internal static SqliteDeviceStore OpenSnapshot(string path, bool mayCreate)
        {
            // The same refusals as a real run (an empty or foreign file, a device, another user's file): a dry run
            // must not plan what the real run would refuse.
            string fullPath = StoreFile.FullPath(path);
            StoreFile.RefuseFolder(fullPath);
            bool exists = StoreFile.Exists(fullPath);
            if (exists)
            {
                StoreFile.CheckExisting(fullPath);
            }

            if (!exists && !mayCreate)
            {
                throw DeviceStores.StoreNotFound(fullPath);
            }

            SqliteDeviceStore store = exists ? OnStoreFile(fullPath) : OnEmptyCopy(fullPath);
            store.IsNew = !exists;
            try
            {
                if (store._copyOnWrite && store.CheckedVersion() != SqliteSchema.CurrentVersion)
                {
                    // An older store: the real run would migrate it first, so the dry run migrates its copy.
                    store.MakeDryRunCopy();
                }

                if (!store._copyOnWrite)
                {
                    store.Migrate();
                }

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

        /// <summary>
        /// The store file, opened read-only, to be read until the dry run writes. On read-only media, where SQLite can't
        /// make the -shm file a WAL reader needs, a store with nothing waiting in its -wal file is read as immutable (as
        /// <see cref="Open(string, System.Threading.CancellationToken)"/> reads it there): the dry run's copy is made from it all the same.
        /// </summary>
        private static SqliteDeviceStore OnStoreFile(string fullPath)
        {
            try
            {
                return OnStoreFile(fullPath, immutable: false);
            }
            catch (SqliteException e)
            {
                if (MayBeReadOnlyMedia(e, fullPath))
                {
                    try
                    {
                        return OnStoreFile(fullPath, immutable: true);
                    }
                    catch (SqliteException)
                    {
                        // Not read-only media after all: the first failure is the one to report.
                    }
                }

                throw Translate(e, fullPath);
            }
        }

        /// <summary>Opens the store file read-only and reads its schema version (the first read: where a missing -shm fails).</summary>
        private static SqliteDeviceStore OnStoreFile(string fullPath, bool immutable)
        {
            var file = new SqliteConnectionStringBuilder
            {
                DataSource = immutable ? ImmutableDataSource(fullPath) : fullPath,
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
            };
            var store = new SqliteDeviceStore(fullPath, new SqliteConnection(file.ToString())) { _copyOnWrite = true };
            try
            {
                store._connection.Open();
                store.WaitWhileBusy();
                store.Execute(PageCache);
                store.CheckedVersion();
                return store;
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }

        /// <summary>A new store's dry run: an empty copy, which the dry run migrates and writes.</summary>
        private static SqliteDeviceStore OnEmptyCopy(string fullPath)
        {
            var store = new SqliteDeviceStore(fullPath, NewCopyConnection()) { _dryRunCopy = true };
            try
            {
                store._connection.Open();
                store.Execute(PageCache);
                store.Execute("PRAGMA foreign_keys = ON;");
                return store;
            }
            catch (SqliteException e)
            {
                store.Dispose();
                throw store.Failure(e);
            }
        }

        // An empty name is SQLite's private temporary database on disk (deleted when closed, unlinked at once where the
        // system allows): the copy and what the dry run writes into it spill to that file beyond the page cache, so
        // a dry run's memory stays flat however large the store or the file (":memory:" held all of it in memory).
        private static SqliteConnection NewCopyConnection() =>
            new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = string.Empty, Pooling = false }.ToString());

        /// <summary>
        /// Before a dry run's first write: copies the store file into the private copy and goes on there — inside the
        /// transaction the dry run has open, if any, which then continues as a write transaction of the copy.
        /// </summary>
        private void MakeDryRunCopy()
        {
            SqliteConnection copy = NewCopyConnection();
            try
            {
                copy.Open();
                RunOn(copy, PageCache);
                try
                {
                    // Inside the file connection's read transaction, if one is open: its snapshot is what is copied.
                    _connection.BackupDatabase(copy);
                }
                catch (SqliteException e) when (e.SqliteErrorCode != SqliteFull)
                {
                    // Reading the store file failed (the copy can only fill up): the store's own error.
                    throw Translate(e, Location);
                }

                RunOn(copy, "PRAGMA foreign_keys = ON;");
                SqliteTransaction? writing = _transaction == null ? null : copy.BeginTransaction(deferred: false);
                // The file is not read again: its statements, its read snapshot and the connection end now, so the
                // file's WAL can be checkpointed while the dry run goes on (no method holds a statement across a write).
                CloseStoreFile();
                _connection = copy;
                _transaction = writing;
                _copyOnWrite = false;
                _dryRunCopy = true;
            }
            catch (SqliteException e)
            {
                copy.Dispose();
                throw DryRunCopyFailure(e, Location);
            }
            catch
            {
                copy.Dispose();
                throw;
            }
        }

        private static void RunOn(SqliteConnection connection, string sql)
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        /// <summary>Ends the store file's statements, its read transaction (a rollback of a read) and its connection.</summary>
        private void CloseStoreFile()
        {
            DisposeStatements();
            try
            {
                _transaction?.Dispose();
            }
            catch (SqliteException)
            {
                // Only a read transaction: its end can't change the store file.
            }

            _connection.Dispose();
        }

        /// <summary>SQLite's journal mode of this connection's database: "memory" for an in-memory one, "wal" for a store file.</summary>
        internal string JournalMode => Scalar<string>("PRAGMA journal_mode;");

        /// <summary>The file of this connection's main database: empty for an in-memory or a private temporary one.</summary>
        internal string MainFile => Scalar<string>("SELECT file FROM pragma_database_list WHERE name = 'main';");
    }
}
