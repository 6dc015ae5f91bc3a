using System;
using Microsoft.Data.Sqlite;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// What a removal or a clear leaves in the file (walkthrough 32, 3). SQLite deletes a row by unlinking it: its bytes
    /// stay in the page's free space or on the freelist, and `strings store.db` reads a cleared entry or a removed user's
    /// row until the space is reused or the file vacuumed. <c>PRAGMA secure_delete</c> makes SQLite zero what it deletes;
    /// it is on only for the statements that remove a device, a user or the history's entries, so an import, whose updates
    /// are most of what the store writes, runs as before. After a clear the write-ahead log is checkpointed and truncated:
    /// its frames hold the pages as they were before the clear. What this does not reach (older free space, backups, the
    /// file system's own copies) the README's Erasure requests says.
    /// </summary>
    public sealed partial class SqliteDeviceStore
    {
        private const string SecureDeleteSql = "PRAGMA secure_delete;";
        private const string SecureDeleteOnSql = "PRAGMA secure_delete = ON;";
        private const string SecureDeleteOffSql = "PRAGMA secure_delete = OFF;";
        private const string TruncateLogSql = "PRAGMA wal_checkpoint(TRUNCATE);";

        // Set by a clear's delete in the open transaction: its commit then truncates the write-ahead log.
        private bool _truncateLogAfterCommit;

        /// <summary>
        /// Runs <paramref name="delete"/> with SQLite zeroing the content it deletes, then sets secure_delete back as it was
        /// (a build of SQLite may have it on by default).
        /// </summary>
        private T Erasing<T>(Func<T> delete)
        {
            bool wasOn = Scalar<long>(SecureDeleteSql) != 0;
            if (!wasOn)
            {
                Execute(SecureDeleteOnSql);
            }

            try
            {
                return delete();
            }
            finally
            {
                if (!wasOn)
                {
                    Execute(SecureDeleteOffSql);
                }
            }
        }

        private void Erasing(Action delete) => Erasing(() =>
        {
            delete();
            return 0;
        });

        /// <summary><see cref="Erasing{T}"/> of a clear: its commit also truncates the write-ahead log.</summary>
        private long ErasingHistory(Func<long> delete)
        {
            _truncateLogAfterCommit = !_copyOnWrite;
            return Erasing(delete);
        }

        /// <summary>
        /// After a clear's commit: copies the log into the file and truncates it to nothing, so the pages as they were before
        /// the clear (the log's older frames) are gone from it too. Waits for readers up to the busy timeout; a reader that
        /// still holds an older snapshot then leaves the log as it is (the next checkpoint overwrites it), which is no error:
        /// the clear has committed.
        /// </summary>
        private void TruncateLogAfterErasure()
        {
            if (!_truncateLogAfterCommit)
            {
                return;
            }

            _truncateLogAfterCommit = false;
            try
            {
                Execute(TruncateLogSql);
            }
            catch (SqliteException)
            {
                // Committed already; a log left whole is what the README's recipe (VACUUM) deals with.
            }
        }
    }
}
