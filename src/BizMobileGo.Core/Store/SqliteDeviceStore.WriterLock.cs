using System;
using System.Diagnostics;
using System.Threading;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// The writer lock (the contract's writer exclusivity) and its wait, which a cancellation ends at once: the wait of
    /// every write transaction, and of the migration that creates or upgrades the schema as the store is opened.
    /// </summary>
    /// <remarks>
    /// BEGIN IMMEDIATE through Microsoft.Data.Sqlite can't be cancelled: SQLite's busy handler sleeps in native code for
    /// the whole busy timeout, and after it gives up Microsoft.Data.Sqlite retries on its own every 150 ms until the
    /// command timeout (DefaultTimeout). So the lock is taken in two steps that never wait there: a deferred BEGIN
    /// (Microsoft.Data.Sqlite's transaction, which takes no lock), then a statement that takes the write lock as BEGIN
    /// IMMEDIATE would — a statement that writes nothing — run straight through SQLitePCL with the busy handler off for
    /// that one statement. SQLITE_BUSY then comes back at once; the transaction is rolled back (it held nothing), and
    /// the attempt repeated after a short sleep, the cancellation looked at between attempts, up to the same busy
    /// timeout and the same StoreBusy after it. Every other statement keeps SQLite's busy timeout.
    /// </remarks>
    public sealed partial class SqliteDeviceStore
    {
        public CancellationToken WaitCancellation { get; set; }

        public Action<string?>? WaitingForWriter { get; set; }

        // A write to the main database that changes nothing: its first step takes the write lock, as BEGIN IMMEDIATE does.
        private const string TakeWriteLockStatement = "DELETE FROM templates WHERE 0;";

        // The same for a file with no table yet (a new store, which the migration creates): incremental_vacuum begins a
        // write transaction on any database, and a new file has no free page to give back. Never on a store that has its
        // tables: where an admin set auto_vacuum to INCREMENTAL it would vacuum the whole freelist on every write.
        private const string TakeNewFileWriteLockStatement = "PRAGMA main.incremental_vacuum(0);";

        // The sleeps between attempts of SQLite's own busy handler (sqliteDefaultBusyCallback), so a waiting writer costs
        // the CPU it did before; a cancellation ends the sleep it comes in.
        private static readonly int[] RetryDelaysMilliseconds = { 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 };

        /// <summary>
        /// A write transaction holding the writer lock, waited for up to the busy timeout (then SQLITE_BUSY, which is
        /// StoreBusy). A free lock is taken even when <paramref name="cancellation"/> is cancelled already; a wait it
        /// ends throws <see cref="OperationCanceledException"/> with no transaction open.
        /// </summary>
        /// <param name="waiting">Told the wait's line once, at the first attempt that finds the lock taken (SQLite can't say by whom).</param>
        /// <param name="purpose">What the wait is for, in that line, when it is not a command's write (the open's migration).</param>
        private SqliteTransaction BeginWithWriterLock(CancellationToken cancellation, Action<string?>? waiting, string? purpose = null, bool newFile = false)
        {
            // Every write (a migration, a command's change, a failed import's record) begins here: none goes to a file that
            // reported damage (StoreDamage).
            StoreDamage.RefuseWrite(Location);
            Stopwatch waited = Stopwatch.StartNew();
            bool told = false;
            try
            {
                return TakeWriterLock(cancellation, waiting, purpose, newFile, waited, ref told);
            }
            finally
            {
                if (told)
                {
                    // The wait is over, however it ended: a command takes down what it showed of it.
                    waiting?.Invoke(null);
                }
            }
        }

        private SqliteTransaction TakeWriterLock(CancellationToken cancellation, Action<string?>? waiting, string? purpose, bool newFile, Stopwatch waited, ref bool told)
        {
            for (int attempt = 0; ; attempt++)
            {
                SqliteTransaction transaction = _connection.BeginTransaction(deferred: true);
                int result;
                try
                {
                    result = TryTakeWriteLock(newFile ? TakeNewFileWriteLockStatement : TakeWriteLockStatement);
                    if (result == raw.SQLITE_OK)
                    {
                        return transaction;
                    }

                    if ((result & 0xFF) != SqliteBusy && (result & 0xFF) != SqliteLocked)
                    {
                        // Read before the rollback, which would replace SQLite's message for this failure.
                        SqliteException.ThrowExceptionForRC(result, _connection.Handle);
                    }
                }
                catch
                {
                    transaction.Dispose();
                    throw;
                }

                // Busy: the deferred transaction took no lock, so its rollback changes nothing for anyone.
                transaction.Dispose();
                cancellation.ThrowIfCancellationRequested();
                if (waited.Elapsed >= BusyTimeout)
                {
                    throw new SqliteException("database is locked", SqliteBusy);
                }

                if (attempt == 0)
                {
                    // Another writer holds the store: say so as the wait begins, not when it ends (up to the busy timeout).
                    waiting?.Invoke(WriterWaitLine.ForWriterLock(Location, BusyTimeout, purpose: purpose));
                    told = true;
                }

                // The sleep itself ends when the cancellation comes.
                if (cancellation.WaitHandle.WaitOne(RetryDelaysMilliseconds[Math.Min(attempt, RetryDelaysMilliseconds.Length - 1)]))
                {
                    cancellation.ThrowIfCancellationRequested();
                }
            }
        }

        /// <summary>One attempt at the write lock, with SQLite's busy handler off for it: SQLITE_BUSY comes back at once.</summary>
        private int TryTakeWriteLock(string statement)
        {
            sqlite3 handle = _connection.Handle!;
            raw.sqlite3_busy_timeout(handle, 0);
            bool undoInMemory = KeepStatementUndoInMemory(handle);
            try
            {
                return raw.sqlite3_exec(handle, statement);
            }
            finally
            {
                if (undoInMemory)
                {
                    KeepTemporaryStorageOnDisk(handle);
                }

                raw.sqlite3_busy_timeout(handle, (int)BusyTimeout.TotalMilliseconds);
            }
        }
    }
}
