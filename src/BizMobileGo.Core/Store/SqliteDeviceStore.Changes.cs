using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Import;
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
        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        public void ApplyChanges(IReadOnlyList<StoreChange> changes)
        {
            if (_transaction == null)
            {
                // Outside a transaction each change is a write of its own, as SaveUser and SaveDevice make it.
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

                return;
            }

            WriteChunk(changes);

            // A chunk's entries join the history now, so an import holds at most one chunk of them.
            _recorder?.Flush();
        }

        /// <summary>
        /// A chunk's changes, in order, inside the open transaction. A run of inserts (an import's new users and
        /// devices) is written as one multi-row INSERT per table, users first so a device finds a user created in the
        /// same run, and a run of device updates that move no indexed column (a re-import's changed fields) as one
        /// multi-row UPDATE by key for each set of columns they change (SqliteDeviceStore.UpdatedColumns); every other
        /// change is its own statement, after what the run holds. A statement's start and end cost SQLite more than a
        /// row's own work, so a new store's import makes ten statements of a hundred rows per table, not a thousand.
        /// New rows get their keys from this method (AUTOINCREMENT's next key, read once per chunk) and the keys of the
        /// rows the chunk changes are read in one look-up: known before the writes, they need no read-back, and the
        /// history's entries are handed to the recorder in the chunk's order once its writes are made.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        private void WriteChunk(IReadOnlyList<StoreChange> changes)
        {
            try
            {
                WriteChunk(changes, ReadKeysBefore(changes), _pendingWrites.Started());
            }
            finally
            {
                // The chunk's keys, users and devices are not kept until the next chunk: the tables stay, emptied.
                _chunkKeys.Clear();
                _pendingWrites.Clear();
            }
        }

        // A chunk's tables, kept for the next chunk: made anew, they grew to a chunk's size every time (the largest
        // allocation of a new store's import after the rows themselves). One chunk is written at a time.
        private readonly ChunkKeys _chunkKeys = new ChunkKeys();
        private readonly PendingWrites _pendingWrites = new PendingWrites();
        private long?[] _chunkSubjectKeys = Array.Empty<long?>();

        [MethodImpl(PerRowCode.Compile)]
        private void WriteChunk(IReadOnlyList<StoreChange> changes, ChunkKeys known, PendingWrites pending)
        {
            bool recording = HistoryRecorder.Enabled;
            long?[]? keys = null;
            if (recording)
            {
                if (_chunkSubjectKeys.Length < changes.Count)
                {
                    _chunkSubjectKeys = new long?[changes.Count];
                }

                keys = _chunkSubjectKeys;
                Array.Clear(keys, 0, changes.Count);
            }

            for (int index = 0; index < changes.Count; index++)
            {
                StoreChange change = changes[index];
                if (change.IsDevice)
                {
                    Device? before = change.DeviceBefore;
                    Device? after = change.DeviceAfter;
                    if (before == null)
                    {
                        long key = pending.AddDevice(this, after!);
                        known.Devices[after!.Identifier] = key;
                        // Given whether or not the history is recorded: New-BmgDevice returns the device with it (Leftovers 25).
                        change.KeyWritten(key);
                        if (recording)
                        {
                            keys![index] = key;
                        }

                        continue;
                    }

                    long? keyBefore = KeyOfDevice(known, before.Identifier, pending);
                    if (after != null && keyBefore is long updated && !IndexedColumnsChanged(before, after))
                    {
                        // The usual change of a re-import: no key or unique column moves, so many go in one statement.
                        pending.UpdateDevice(this, after, updated, ChangedColumns(before, after));
                    }
                    else
                    {
                        pending.Write(this);
                        WriteDevice(before, after);
                    }

                    if (recording)
                    {
                        keys![index] = keyBefore;
                    }

                    known.Devices.Remove(before.Identifier);
                    if (after != null && keyBefore is long kept)
                    {
                        known.Devices[after.Identifier] = kept;
                    }
                }
                else
                {
                    User? before = change.UserBefore;
                    User? after = change.UserAfter;
                    if (before == null)
                    {
                        if (after != null)
                        {
                            long key = pending.AddUser(this, after);
                            known.Users[after.UserName] = key;
                            // New-BmgUser returns the user with it, as New-BmgDevice its device (walkthrough 32, finding 9).
                            change.KeyWritten(key);
                            if (recording)
                            {
                                keys![index] = key;
                            }
                        }

                        continue;
                    }

                    pending.Write(this);
                    long? keyBefore = KeyOfUser(known, before.UserName);
                    WriteUser(before, after);
                    if (recording)
                    {
                        keys![index] = keyBefore;
                    }

                    known.Users.Remove(before.UserName);
                    if (after != null && keyBefore is long kept)
                    {
                        known.Users[after.UserName] = kept;
                    }
                }
            }

            pending.Write(this);
            if (keys == null)
            {
                return;
            }

            for (int index = 0; index < changes.Count; index++)
            {
                if (keys[index] is long subjectKey)
                {
                    StoreChange change = changes[index];
                    if (change.IsDevice)
                    {
                        Recorder.RecordDevice(change.DeviceBefore, change.DeviceAfter, subjectKey, change.Origin, change.HistoryChanges);
                    }
                    else
                    {
                        Recorder.RecordUser(change.UserBefore, change.UserAfter, subjectKey, change.Origin, change.HistoryChanges);
                    }
                }
            }
        }

        /// <summary>
        /// The new users and devices of a run of changes, with the keys they get, and the run's updates of devices that
        /// move no key or unique column, until they are written: inserts first (users, then devices, which may name
        /// them), then the updates, which may change a row the run inserted. An update touches no unique, key or
        /// referencing column, so it commutes with the inserts around it; the same row twice in a run is written apart.
        /// </summary>
        private sealed class PendingWrites
        {
            private readonly List<User> _users = new List<User>();
            private readonly List<long> _userKeys = new List<long>();
            private readonly List<Device> _devices = new List<Device>();
            private readonly List<long> _deviceKeys = new List<long>();
            private readonly List<Device> _updated = new List<Device>();
            private readonly List<long> _updatedKeys = new List<long>();
            // The columns each update changes (SqliteDeviceStore.UpdatedColumns).
            private readonly List<int> _updatedColumns = new List<int>();
            private readonly HashSet<long> _updatedKeySet = new HashSet<long>();

            // The next key of each table (0: not read yet in this chunk). Only this chunk inserts while it runs.
            private long _nextUserKey;
            private long _nextDeviceKey;

            /// <summary>Emptied for a new chunk: the next keys are read again (other writes may have come between chunks).</summary>
            public PendingWrites Started()
            {
                Clear();
                return this;
            }

            /// <summary>Forgets what was not written (a chunk that failed), keeping the lists' room.</summary>
            public void Clear()
            {
                _users.Clear();
                _userKeys.Clear();
                _devices.Clear();
                _deviceKeys.Clear();
                _updated.Clear();
                _updatedKeys.Clear();
                _updatedColumns.Clear();
                _updatedKeySet.Clear();
                _nextUserKey = 0;
                _nextDeviceKey = 0;
            }

            [MethodImpl(PerRowCode.Compile)]
            public long AddUser(SqliteDeviceStore store, User user)
            {
                if (_nextUserKey == 0)
                {
                    _nextUserKey = store.NextKey(NextUserKeySql);
                }

                _users.Add(user);
                _userKeys.Add(_nextUserKey);
                return _nextUserKey++;
            }

            [MethodImpl(PerRowCode.Compile)]
            public long AddDevice(SqliteDeviceStore store, Device device)
            {
                if (_nextDeviceKey == 0)
                {
                    _nextDeviceKey = store.NextKey(NextDeviceKeySql);
                }

                _devices.Add(device);
                _deviceKeys.Add(_nextDeviceKey);
                return _nextDeviceKey++;
            }

            [MethodImpl(PerRowCode.Compile)]
            public void UpdateDevice(SqliteDeviceStore store, Device device, long key, int changedColumns)
            {
                if (!_updatedKeySet.Add(key))
                {
                    // One statement can't update a row twice in order: the run so far goes first.
                    Write(store);
                    _updatedKeySet.Add(key);
                }

                _updated.Add(device);
                _updatedKeys.Add(key);
                _updatedColumns.Add(changedColumns);
            }

            [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
            public void Write(SqliteDeviceStore store)
            {
                if (_users.Count != 0)
                {
                    store.InsertUsers(_users, _userKeys);
                    _users.Clear();
                    _userKeys.Clear();
                }

                if (_devices.Count != 0)
                {
                    store.InsertDevices(_devices, _deviceKeys);
                    _devices.Clear();
                    _deviceKeys.Clear();
                }

                if (_updated.Count != 0)
                {
                    store.UpdateDevices(_updated, _updatedKeys, _updatedColumns);
                    _updated.Clear();
                    _updatedKeys.Clear();
                    _updatedColumns.Clear();
                    _updatedKeySet.Clear();
                }
            }
        }

        // AUTOINCREMENT's own rule for the next key: above the largest key the table ever handed out (sqlite_sequence)
        // and above every key it holds. An explicit key above the sequence moves the sequence up, so no key is ever
        // handed out twice, whichever way a row got it.
        private const string NextUserKeySql = @"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'users'), 0),
    coalesce((SELECT max(user_id) FROM users), 0)) + 1;";

        private const string NextDeviceKeySql = @"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'devices'), 0),
    coalesce((SELECT max(device_id) FROM devices), 0)) + 1;";

        private long NextKey(string sql)
        {
            SqliteStatement statement = Command(sql);
            try
            {
                if (!statement.Step())
                {
                    throw new InvalidOperationException("The next key's query gave no row.");
                }

                long next = statement.GetInt64(0);
                statement.Reset();
                return next;
            }
            catch (SqliteException e) when (IsStoreFailure(e))
            {
                statement.Reset();
                throw Failure(e);
            }
        }

        /// <summary>The keys of the rows a chunk's updates and deletes start from, as the chunk's writes change them.</summary>
        private sealed class ChunkKeys
        {
            // By the stored text: the identifier compares as SQLite's NOCASE does (the column's collation).
            public Dictionary<string, long> Devices { get; } = new Dictionary<string, long>(AsciiCaseInsensitive.Instance);

            public Dictionary<string, long> Users { get; } = new Dictionary<string, long>(StringComparer.Ordinal);

            public void Clear()
            {
                Devices.Clear();
                Users.Clear();
            }
        }

        /// <summary>One batched read of the keys of every user and device the chunk updates or deletes (none in a new store's import).</summary>
        [MethodImpl(PerRowCode.Compile)]
        private ChunkKeys ReadKeysBefore(IReadOnlyList<StoreChange> changes)
        {
            ChunkKeys known = _chunkKeys;
            known.Clear();
            var identifiers = new List<string>();
            var userNames = new List<string>();
            foreach (StoreChange change in changes)
            {
                if (change.DeviceBefore is Device device)
                {
                    identifiers.Add(device.Identifier);
                }
                else if (change.UserBefore is User user)
                {
                    userNames.Add(user.UserName);
                }
            }

            foreach (string keys in KeyArrays(identifiers))
            {
                foreach ((string identifier, long key) in Query(DeviceKeysSql, c => c.Set("$keys", keys), r => (r.GetString(0), r.GetInt64(1))))
                {
                    known.Devices[identifier] = key;
                }
            }

            foreach (string keys in KeyArrays(userNames))
            {
                foreach ((string userName, long key) in Query(UserKeysSql, c => c.Set("$keys", keys), r => (r.GetString(0), r.GetInt64(1))))
                {
                    known.Users[userName] = key;
                }
            }

            return known;
        }

        private const string DeviceKeysSql = "SELECT identifier, device_id FROM devices WHERE identifier IN (SELECT value FROM json_each($keys));";

        private const string UserKeysSql = "SELECT user_name, user_id FROM users WHERE user_name IN (SELECT value FROM json_each($keys));";

        // A key the chunk's read did not find (a row the chunk's earlier changes renamed away, say) is asked for
        // where it is now, as a single write asks: null when there is no such row, and then nothing was written.
        [MethodImpl(PerRowCode.Compile)]
        private long? KeyOfDevice(ChunkKeys known, string identifier, PendingWrites pending)
        {
            if (known.Devices.TryGetValue(identifier, out long key))
            {
                return key;
            }

            pending.Write(this);
            return KeyOf("SELECT device_id FROM devices WHERE identifier = $key;", identifier);
        }

        [MethodImpl(PerRowCode.Compile)]
        private long? KeyOfUser(ChunkKeys known, string userName) =>
            known.Users.TryGetValue(userName, out long key) ? key
            : KeyOf("SELECT user_id FROM users WHERE user_name = $key;", userName);

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
                // The new row's key all the same, as SaveDevice gives a new device its own.
                if (before == null && KeyAfterWrite(before, after, null) is long inserted)
                {
                    StoreChange.Inserted(before, after, inserted);
                }

                return;
            }

            long? key = before == null ? null : KeyOf("SELECT user_id FROM users WHERE user_name = $key;", before.UserName);
            WriteUser(before, after);
            if (KeyAfterWrite(before, after, key) is long subjectKey)
            {
                StoreChange.Inserted(before, after, subjectKey);
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
                // The new row's key all the same, as the write with history gives it (Leftovers 25).
                if (before == null && KeyAfterWrite(before, after, null) is long inserted)
                {
                    StoreChange.Inserted(before, after, inserted);
                }

                return;
            }

            long? key = before == null ? null : KeyOf("SELECT device_id FROM devices WHERE identifier = $key;", before.Identifier);
            WriteDevice(before, after);
            if (KeyAfterWrite(before, after, key) is long subjectKey)
            {
                StoreChange.Inserted(before, after, subjectKey);
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
                throw Failure(e);
            }
        }
    }
}
