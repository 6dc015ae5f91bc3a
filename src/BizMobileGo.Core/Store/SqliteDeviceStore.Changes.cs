using System.Collections.Generic;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Users;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// The one write path of users and devices: SaveUser and SaveDevice (the write, then its entry to the
    /// transaction's <see cref="HistoryRecorder"/>), and ApplyChanges, an import chunk's writes in file order.
    /// </summary>
    public sealed partial class SqliteDeviceStore
    {
        public void ApplyChanges(IReadOnlyList<StoreChange> changes)
        {
            // SQLite is in-process: a chunk's changes cost the same as one statement each, in order.
            foreach (StoreChange change in changes)
            {
                if (change.IsDevice)
                {
                    SaveDevice(change.DeviceBefore, change.DeviceAfter, change.Origin);
                }
                else
                {
                    SaveUser(change.UserBefore, change.UserAfter, change.Origin);
                }
            }

            // A chunk's entries join the history now, so an import holds at most one chunk of them.
            _recorder?.Flush();

            // The chunk's check-in emails are queued next (ImportChunk.Flush): one read tells which devices have none pending.
            if (_transaction != null)
            {
                LearnDevicesWithoutPendingEmail(changes);
            }
        }

        public void SaveUser(User? before, User? after, ChangeOrigin origin)
        {
            if (_transaction == null)
            {
                // A write outside a transaction is one of its own, so its entry commits with it.
                using IStoreTransaction own = BeginTransaction();
                SaveUser(before, after, origin);
                own.Commit();
                return;
            }

            if (!HistoryRecorder.Enabled)
            {
                WriteUser(before, after);
                return;
            }

            long? key = before == null ? null : KeyOf("SELECT user_id FROM users WHERE user_name = $key;", before.UserName);
            WriteUser(before, after);
            if (KeyAfterWrite(before, after, key) is long subjectKey)
            {
                Recorder.RecordUser(before, after, subjectKey, origin);
            }
        }

        public void SaveDevice(Device? before, Device? after, ChangeOrigin origin)
        {
            if (_transaction == null)
            {
                using IStoreTransaction own = BeginTransaction();
                SaveDevice(before, after, origin);
                own.Commit();
                return;
            }

            if (!HistoryRecorder.Enabled)
            {
                WriteDevice(before, after);
                return;
            }

            long? key = before == null ? null : KeyOf("SELECT device_id FROM devices WHERE identifier = $key;", before.Identifier);
            WriteDevice(before, after);
            if (KeyAfterWrite(before, after, key) is long subjectKey)
            {
                Recorder.RecordDevice(before, after, subjectKey, origin);
            }
        }

        /// <summary>
        /// The written row's key: the key read before an update or delete (null: there was no such row, nothing
        /// was written), or the key an insert just got (AUTOINCREMENT: never one a deleted row had).
        /// </summary>
        private long? KeyAfterWrite(object? before, object? after, long? keyBefore) =>
            before != null ? keyBefore
            : after != null ? raw.sqlite3_last_insert_rowid(_connection.Handle!)
            : (long?)null;

        private long? KeyOf(string sql, string key)
        {
            SqliteStatement statement = Command(sql);
            statement.Set("$key", key);
            try
            {
                long? found = statement.Step() ? statement.GetInt64(0) : (long?)null;
                statement.Reset();
                return found;
            }
            catch (SqliteException e) when (IsStoreFailure(e))
            {
                statement.Reset();
                throw Translate(e, Location);
            }
        }
    }
}
