using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using BizMobileGo.Core.Errors;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// The SQLite store: one file, WAL journal, foreign keys on, shared safely by several processes. This file
    /// opens, migrates and runs transactions; each other concern has its own file: SqliteDeviceStore.WriterLock (the
    /// writer exclusivity of the contract, and its cancellable wait), .Errors (the Store* errors), .Statements (prepared
    /// statements, batched keys), .ReferenceData, .Users, .Devices, .Dep, .Outbox, .CheckInFailures,
    /// .ImportHistory, .History (the write path of users and devices with its change history), .HistoryTables (the
    /// history's table), .Snapshot (-WhatIf), .Reuse (what OpenStores asks before keeping a connection) and .Damage (a
    /// damaged file: its length at open, SQLite's quick check).
    /// Opened through <see cref="DeviceStores"/>.
    /// </summary>
    public sealed partial class SqliteDeviceStore : IDeviceStore
    {
        private const int SqliteBusy = 5;
        private const int SqliteLocked = 6;
        private const int SqliteCorrupt = 11;
        private const int SqliteNotADatabase = 26;
        private const int SqliteIoErrorShortRead = SqliteIoError | (2 << 8); // SQLITE_IOERR_SHORT_READ (522)
        private const int SqliteConstraint = 19;
        private const int SqliteReadOnly = 8;
        private const int SqliteIoError = 10;
        private const int SqliteFull = 13;
        private const int SqliteCantOpen = 14;
        private const int SqliteReadOnlyDirectory = SqliteReadOnly | (6 << 8); // SQLITE_READONLY_DIRECTORY (1544)
        /// <summary>How long a write waits for another writer: $env:BMG_STORE_WAIT as the open read it (<see cref="StoreWait"/>).</summary>
        private static TimeSpan BusyTimeout => StoreWait.Current;

        // Replaced once, when a dry run reading the store file makes its private copy (.Snapshot).
        private SqliteConnection _connection;
        private readonly Dictionary<string, SqliteStatement> _commands = new Dictionary<string, SqliteStatement>();
        private SqliteTransaction? _transaction;

        private SqliteDeviceStore(string path, SqliteConnection connection)
        {
            Location = path;
            _connection = connection;
        }

        public string Location { get; }

        /// <summary>Opened to read and write (not the read-only or immutable fallback, not a -WhatIf snapshot).</summary>
        internal bool Writable { get; private set; }

        /// <summary>The store used when no -Database is given (see <see cref="DeviceStores.DefaultLocation"/>).</summary>
        public static string DefaultPath() => DeviceStores.DefaultLocation();

        /// <summary>Taken from <see cref="OpenStores"/>: handed back there when its command ends (<see cref="DeviceStores.Release"/>).</summary>
        internal bool KeptBetweenCommands { get; set; }

        /// <summary>
        /// Opens (creating and migrating as needed) the store file at <paramref name="path"/>. A store that
        /// can't be written (read-only media, a full disk, no write permission) is opened to read.
        /// </summary>
        public static SqliteDeviceStore Open(string path) => Open(path, default);

        /// <summary>
        /// As <see cref="Open(string)"/>; <paramref name="cancellation"/> ends the wait of a migration for another
        /// writer's lock (<see cref="OperationCanceledException"/>: the file as it was, no lock held, no file made).
        /// </summary>
        public static SqliteDeviceStore Open(string path, CancellationToken cancellation) => Open(path, cancellation, mayCreate: true);

        /// <summary>
        /// As <see cref="Open(string, CancellationToken)"/>; without <paramref name="mayCreate"/> (a command that only reads) a
        /// missing file is <see cref="ErrorIds.StoreNotFound"/>, and nothing is made: no folder, no file, no -wal or -shm.
        /// <paramref name="waiting"/> is told when a migration begins to wait for another writer (<see cref="IDeviceStore.WaitingForWriter"/>).
        /// </summary>
        internal static SqliteDeviceStore Open(string path, CancellationToken cancellation, bool mayCreate, Action<string?>? waiting = null)
        {
            string fullPath = StoreFile.FullPath(path);
            StoreFile.RefuseFolder(fullPath);

            bool made = false;
            if (!StoreFile.Exists(fullPath))
            {
                if (!mayCreate)
                {
                    throw DeviceStores.StoreNotFound(fullPath);
                }

                // False when another process made the store meanwhile: that one is no news of this command's.
                made = StoreFile.CreateNew(fullPath, temporary => Connect(temporary, fullPath, StoreAccess.ReadWrite, cancellation).Dispose());
            }

            StoreFile.CheckExisting(fullPath);
            SqliteDeviceStore store = OpenExisting(fullPath, cancellation, waiting);
            store.IsNew = made;
            return store;
        }

        /// <summary>
        /// True when this open made the store file (<see cref="Open(string, CancellationToken, bool, Action{string?})"/>), or,
        /// for a -WhatIf dry run, reads an empty copy in place of a file not there (<see cref="OpenSnapshot(string, bool)"/>);
        /// cleared when the command hands the store back (<see cref="DeviceStores.Release"/>). See <see cref="DeviceStores.NewStoreWarning"/>.
        /// </summary>
        internal bool IsNew { get; set; }

        /// <summary>
        /// The upgrade this open made of a store that was there (for a -WhatIf dry run: of its copy, as the real run would), or
        /// null; cleared when the command hands the store back, as <see cref="IsNew"/>. See <see cref="DeviceStores.UpgradeNotice"/>.
        /// </summary>
        internal StoreUpgrade? Upgraded { get; set; }

        /// <summary>The store file that exists at <paramref name="fullPath"/>, opened to write, else to read (see <see cref="Open(string)"/>).</summary>
        private static SqliteDeviceStore OpenExisting(string fullPath, CancellationToken cancellation, Action<string?>? waiting)
        {
            if (NoOneMayWrite(fullPath))
            {
                // A file whose mode lets no one write it (chmod a-w: an archived store) is opened to read, as for any other
                // user, also by root, whom SQLite lets write it: an upgrade or a command's change would alter the archive.
                return OpenToRead(fullPath, writeFailure: null);
            }

            try
            {
                return ConnectStamped(fullPath, cancellation, waiting);
            }
            catch (BmgException e) when (CanStillRead(e))
            {
                return OpenToRead(fullPath, e);
            }
        }

        /// <summary>
        /// The store file opened to read (read-only media: as immutable), after <paramref name="writeFailure"/> (null: not tried,
        /// the file's mode lets no one write it). A failure to read throws <paramref name="writeFailure"/> when there is one,
        /// since it says why the store can't be used to write, else the read's own error.
        /// </summary>
        private static SqliteDeviceStore OpenToRead(string fullPath, BmgException? writeFailure)
        {
            try
            {
                return Connect(fullPath, fullPath, StoreAccess.ReadOnly);
            }
            catch (BmgException readOnly) when (MayBeReadOnlyMedia(readOnly.InnerException as SqliteException, fullPath))
            {
                try
                {
                    // Nothing waits in a -wal file, and SQLite can't make the -shm file a WAL reader needs
                    // (read-only media, or a folder no one may write): read the file as the immutable thing it is there.
                    return Connect(fullPath, fullPath, StoreAccess.Immutable);
                }
                catch (BmgException) when (writeFailure != null)
                {
                    throw writeFailure;
                }
            }
            catch (BmgException readOnly) when (IsReadOnlyFolder(readOnly.InnerException as SqliteException))
            {
                // The folder is closed to this user only: its owner may write the store while it is read, so it is not read
                // as immutable; the write error ("can be read") would be wrong here.
                throw FolderClosedToReader(fullPath, readOnly.InnerException!);
            }
            catch (BmgException) when (writeFailure != null)
            {
                throw writeFailure;
            }
        }

        /// <summary>
        /// True when opening the store file read-only failed as it does on read-only media — SQLite can't open or make the
        /// -shm file a WAL reader needs — and no committed change waits in its -wal file (none, or empty): the store file
        /// alone is then the whole store, and may be read as immutable (<see cref="ImmutableDataSource"/>). Any other
        /// failure (a lock, a damaged file) is not explained by read-only media, and the file is not read so.
        /// A folder this user can't write (SQLITE_READONLY_DIRECTORY: SQLite can't make the -wal file there, so no connection
        /// has the store open) counts as read-only media only when its mode lets no one write it (chmod a-w, as for an
        /// archived store): then no writer can start beside the reader, which takes no lock, unless someone first makes the
        /// folder writable again (or is root).
        /// </summary>
        private static bool MayBeReadOnlyMedia(SqliteException? failure, string fullPath) =>
            failure != null &&
            (failure.SqliteErrorCode == SqliteCantOpen || failure.SqliteErrorCode == SqliteIoError ||
             (IsReadOnlyFolder(failure) && NoOneMayWrite(Path.GetDirectoryName(fullPath)!))) &&
            (!File.Exists(fullPath + "-wal") || new FileInfo(fullPath + "-wal").Length == 0);

        /// <summary>SQLite could not make a -wal (or journal) file beside the store: its folder refuses this user's writes.</summary>
        private static bool IsReadOnlyFolder(SqliteException? failure) =>
            failure != null && failure.SqliteExtendedErrorCode == SqliteReadOnlyDirectory;

        /// <summary>True when the permission bits of the file or folder let no one (owner, group, others) write it; Unix modes only.</summary>
        private static bool NoOneMayWrite(string fileOrFolder) =>
            !OperatingSystem.IsWindows() &&
            (File.GetUnixFileMode(fileOrFolder) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0;

        /// <summary>The data source that tells SQLite the file can't change (no -shm, no locks): for read-only media only.</summary>
        private static string ImmutableDataSource(string file) => new Uri(file).AbsoluteUri + "?immutable=1";

        private enum StoreAccess
        {
            ReadWrite,
            ReadOnly,
            Immutable,
        }

        // Failures of writing, not of the file's content: opening to read may still work.
        private static bool CanStillRead(BmgException e) =>
            e.ErrorId == ErrorIds.StoreReadOnly || e.ErrorId == ErrorIds.StoreFull || e.ErrorId == ErrorIds.StoreOpenFailure;

        /// <summary>Connects to <paramref name="file"/> and makes it a current store (migrating, when writing); <paramref name="location"/> names it in errors.</summary>
        private static SqliteDeviceStore Connect(string file, string location, StoreAccess access, CancellationToken cancellation = default, Action<string?>? waiting = null)
        {
            var builder = new SqliteConnectionStringBuilder
            {
                DataSource = access == StoreAccess.Immutable ? ImmutableDataSource(file) : file,
                Mode = access == StoreAccess.ReadWrite ? SqliteOpenMode.ReadWrite : SqliteOpenMode.ReadOnly,
                // A pooled connection would keep the file open after the cmdlet ends.
                Pooling = false,
            };
            var connection = new SqliteConnection(builder.ToString());
            var store = new SqliteDeviceStore(location, connection);
            try
            {
                // Before SQLite reads the -wal file: once it has, closing the connection would checkpoint a foreign one into the file.
                string realFile = SqliteFileCheck.RealPath(file);
                if (access != StoreAccess.Immutable && SqliteFileCheck.WalHasFrames(realFile) && SqliteFileCheck.ForeignWal(realFile) is string foreign)
                {
                    throw StoreDamage.FoundAtOpen(location, foreign, ForeignWalAdvice(location, realFile));
                }

                connection.Open();
                store.WaitWhileBusy();
                store.Execute("PRAGMA foreign_keys = ON;");
                // Before anything is written (a migration): a file cut short reads its missing end as zeros, and a write "repairs" it.
                store.CheckLength(realFile, walRead: access != StoreAccess.Immutable);
                if (access == StoreAccess.ReadWrite)
                {
                    store.Migrate(cancellation, waiting);
                    store.Execute("PRAGMA journal_mode = WAL;");
                    store.Execute("PRAGMA synchronous = NORMAL;");
                    store.Writable = true;
                }
                else if (store.CheckedVersion() != SqliteSchema.CurrentVersion)
                {
                    throw new BmgException(ErrorIds.StoreReadOnly, BmgErrorCategory.PermissionDenied,
                        $"The store '{location}' has schema version {store.CheckedVersion()} and must be upgraded to {SqliteSchema.CurrentVersion} before use, but it can't be written (read-only media, a full disk, or no write permission); it was not changed.", location);
                }

                store.Execute(PageCache);
                return store;
            }
            catch (SqliteException e)
            {
                store.Dispose();
                throw Translate(e, location);
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }

        /// <summary>
        /// A statement meeting another process's lock waits for it up to the busy timeout (then SQLITE_BUSY: StoreBusy): SQLite's
        /// busy handler, and Microsoft.Data.Sqlite's own retries (its command timeout, at least 1 s). Set as the store opens, and
        /// again as a command takes a store kept open (<see cref="OpenStores.Take"/>): $env:BMG_STORE_WAIT is read as each command
        /// opens its store, and a kept store's reads kept the wait of the command that opened it (round 37, fixs37 item 3a).
        /// </summary>
        internal void WaitWhileBusy()
        {
            raw.sqlite3_busy_timeout(_connection.Handle!, (int)BusyTimeout.TotalMilliseconds);
            _connection.DefaultTimeout = StoreWait.ProviderSeconds(BusyTimeout);
        }

        /// <summary>What a statement of this connection waits for another process's lock now (tests): SQLite's busy timeout and the command timeout.</summary>
        internal (TimeSpan BusyTimeout, int CommandTimeoutSeconds) StatementWaits =>
            (TimeSpan.FromMilliseconds(Scalar<long>("PRAGMA busy_timeout;")), _connection.DefaultTimeout);

        private void Migrate() => Migrate(default, null);

        /// <summary>
        /// Creates or upgrades the schema under the writer lock, waited for as a write transaction waits (.WriterLock):
        /// <paramref name="cancellation"/> ends the wait with nothing changed; the migration itself is one transaction.
        /// <paramref name="waiting"/> is told, as a write's, when the wait begins.
        /// </summary>
        private void Migrate(CancellationToken cancellation, Action<string?>? waiting)
        {
            long found = CheckedVersion();
            if (found == SqliteSchema.CurrentVersion)
            {
                return;
            }

            // A stop before the lock is taken upgrades nothing, even where the lock is free at once.
            cancellation.ThrowIfCancellationRequested();

            // Two processes may open a new store at once: take the write lock, then look again, so
            // only one of them migrates and the other finds the work done.
            // (Version 0 is a file with no table: CheckedVersion refuses one that has tables of another application.)
            using SqliteTransaction transaction = BeginWithWriterLock(cancellation, waiting, WriterWaitLine.BeforeMigrating(found, SqliteSchema.CurrentVersion), newFile: found == 0);
            _transaction = transaction;
            try
            {
                long version = CheckedVersion();
                for (long next = version + 1; next <= SqliteSchema.CurrentVersion; next++)
                {
                    Execute(SqliteSchema.Migrations[next - 1]);
                }

                Execute($"PRAGMA application_id = {SqliteSchema.ApplicationId};");
                Execute($"PRAGMA user_version = {SqliteSchema.CurrentVersion};");
                transaction.Commit();
                // A store that was there (version 0 is a file this open made), and not upgraded by another process meanwhile.
                if (version > 0 && version < SqliteSchema.CurrentVersion)
                {
                    Upgraded = new StoreUpgrade(version, SqliteSchema.CurrentVersion);
                }
            }
            finally
            {
                _transaction = null;
            }
        }

        /// <summary>The file's schema version, after making sure it is a BizMobileGo store this module can read.</summary>
        private long CheckedVersion()
        {
            long applicationId = Scalar<long>("PRAGMA application_id;");
            long version = Scalar<long>("PRAGMA user_version;");
            if (applicationId == 0 && version == 0)
            {
                long tables = Scalar<long>("SELECT count(*) FROM sqlite_master;");
                if (tables != 0)
                {
                    throw new BmgException(ErrorIds.StoreNotRecognized, BmgErrorCategory.InvalidData,
                        $"'{Location}' is a SQLite database of another application, not a BizMobileGo store; it was not changed.", Location);
                }
            }
            else if (applicationId != SqliteSchema.ApplicationId)
            {
                throw new BmgException(ErrorIds.StoreNotRecognized, BmgErrorCategory.InvalidData,
                    $"'{Location}' is a SQLite database of another application (application_id {applicationId}), not a BizMobileGo store; it was not changed.", Location);
            }

            if (version > SqliteSchema.CurrentVersion)
            {
                throw new BmgException(ErrorIds.StoreVersionTooNew, BmgErrorCategory.InvalidData,
                    $"The store '{Location}' has schema version {version}, newer than the {SqliteSchema.CurrentVersion} this module knows; update the BizMobileGo module. The file was not changed.", Location);
            }

            return version;
        }

        public IStoreTransaction BeginReadTransaction()
        {
            if (_transaction != null)
            {
                throw new InvalidOperationException("A store transaction is already open.");
            }

            try
            {
                // Deferred: the first read fixes the snapshot (WAL), and no write lock is taken.
                _transaction = _connection.BeginTransaction(deferred: true);
            }
            catch (SqliteException e)
            {
                throw Failure(e);
            }

            return new Transaction(this);
        }

        public IStoreTransaction BeginTransaction() => BeginTransaction(WaitCancellation);

        public IStoreTransaction BeginTransaction(CancellationToken cancellation)
        {
            if (_transaction != null)
            {
                throw new InvalidOperationException("A store transaction is already open.");
            }

            try
            {
                // Deferred transactions can fail to upgrade to a write lock under contention; take it now (.WriterLock).
                // A dry run still reading the store file only reads it (a snapshot): its first write makes its copy.
                _transaction = _copyOnWrite ? _connection.BeginTransaction(deferred: true) : BeginWithWriterLock(cancellation, WaitingForWriter);
            }
            catch (SqliteException e)
            {
                throw Failure(e);
            }

            var transaction = new Transaction(this);
            try
            {
                FitPageCacheToTransaction();
            }
            catch (SqliteException e)
            {
                transaction.Dispose();
                throw Failure(e);
            }

            return transaction;
        }

        /// <summary>The store's open transaction: the store's own SqliteTransaction, which a dry run's copy replaces (.Snapshot).</summary>
        private sealed class Transaction : IStoreTransaction
        {
            private readonly SqliteDeviceStore _store;
            private bool _done;

            public Transaction(SqliteDeviceStore store)
            {
                _store = store;
            }

            private SqliteTransaction Current => _store._transaction!;

            public void Commit()
            {
                bool committed = false;
                try
                {
                    _store.FlushHistoryBeforeCommit();
                    Current.Commit();
                    committed = true;
                }
                catch (SqliteException e)
                {
                    throw _store.Failure(e);
                }
                finally
                {
                    Finish(committed);
                }

                _store.TruncateLogAfterErasure();
            }

            public void Dispose()
            {
                if (!_done)
                {
                    try
                    {
                        Current.Rollback();
                    }
                    catch (SqliteException)
                    {
                        // Defensive (no test can force it): a real I/O error during the rollback. Dispose runs while an
                        // error unwinds (a failed import, a stopped command), and a raw second error here would hide the
                        // one that brought us here. SQLite then leaves a hot journal, which the next access to the file
                        // rolls back, so the store still ends as it was. (A transaction SQLite already rolled back itself
                        // never gets here: Microsoft.Data.Sqlite sees that through its rollback hook and skips the ROLLBACK.)
                    }
                    finally
                    {
                        Finish(committed: false);
                    }
                }
            }

            private void Finish(bool committed)
            {
                _done = true;
                try
                {
                    // After a failed COMMIT this rolls back: the commit's own error is the one reported, not the cleanup's.
                    Current.Dispose();
                }
                catch (SqliteException)
                {
                    // Defensive, as in Dispose: only a real I/O error of that rollback gets here (a hot journal is left).
                }

                _store._transaction = null;
                // A rolled-back clear truncates nothing (TruncateLogAfterErasure runs after a commit only).
                _store._truncateLogAfterCommit &= committed;
                _store.EndHistory(committed);
                _store.RestorePageCache();
            }
        }

        public void Dispose()
        {
            DisposeStatements();
            _transaction?.Dispose();
            _connection.Dispose();
        }
    }
}
