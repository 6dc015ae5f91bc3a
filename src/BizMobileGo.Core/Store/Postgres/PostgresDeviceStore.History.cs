using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Import;
using Npgsql;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// The change history on PostgreSQL, the write path's part: every user and device statement returns the key of
    /// the row it wrote, and the write transaction's <see cref="HistoryRecorder"/> gets each write with that key; the
    /// queued history statements are sent before the commit. Keys are users.user_id / devices.device_id: identity values
    /// are never handed out twice, so a key names one subject for ever, also after it was removed. The tables that keep
    /// the entries: .HistoryTables.
    /// </summary>
    public sealed partial class PostgresDeviceStore
    {
        // The recorder of the open write transaction, made at its first write; ended with the transaction.
        private HistoryRecorder? _recorder;

        // Read for every record written: compiled optimized at once (see Import.PerRowCode).
        private HistoryRecorder Recorder
        {
            [MethodImpl(PerRowCode.Compile)]
            get => _recorder ??= new HistoryRecorder(this, this);
        }

        public void RecordDeviceChanges(IReadOnlyList<DeviceFieldChanges> changes, ChangeOrigin origin) => Recorder.RecordDeviceFields(changes, origin);

        // ---- the write path's part ----

        /// <summary>
        /// Runs the write statements in one round trip and hands each change that wrote a row to the recorder, in
        /// the changes' order. <paramref name="covers"/>[i] are the indexes (into <paramref name="changes"/>) of the
        /// changes command i wrote; every command returns (key, name) for each row it wrote. A command that returned
        /// no row changed nothing, and nothing is recorded for it.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        private void RunRecorded(IReadOnlyList<StoreChange> changes, IReadOnlyList<NpgsqlBatchCommand> commands, IReadOnlyList<List<int>> covers)
        {
            bool recording = HistoryRecorder.Enabled;
            if (!recording && !InsertsADevice(changes))
            {
                RunBatch(commands);
                return;
            }

            var keys = new long?[changes.Count];
            if (commands.Count != 0)
            {
                // The queued history goes first in the same round trip (RunReading).
                RunReading(commands, [MethodImpl(PerRowCode.Compile)] (c, reader) =>
                {
                    if (ReferenceEquals(covers[c], UserKeysAhead))
                    {
                        KeepUserKeysAhead(reader);
                    }
                    else
                    {
                        ReadKeys(reader, changes, covers[c], keys);
                    }
                });
            }

            for (int i = 0; i < changes.Count; i++)
            {
                if (keys[i] is long key)
                {
                    StoreChange change = changes[i];
                    if (change.IsDevice)
                    {
                        // A new device gets its key whether or not the history is recorded (Leftovers 25).
                        change.KeyWritten(key);
                        Recorder.RecordDevice(change.DeviceBefore, change.DeviceAfter, key, change.Origin, change.HistoryChanges);
                    }
                    else
                    {
                        change.KeyWritten(key);
                        Recorder.RecordUser(change.UserBefore, change.UserAfter, key, change.Origin, change.HistoryChanges);
                    }
                }
            }
        }

        /// <summary>Whether a run of changes inserts a device, whose key is read back even without history (<see cref="StoreChange.KeyWritten"/>).</summary>
        [MethodImpl(PerRowCode.Compile)]
        private static bool InsertsADevice(IReadOnlyList<StoreChange> changes)
        {
            for (int i = 0; i < changes.Count; i++)
            {
                if (changes[i].DeviceBefore == null && changes[i].DeviceAfter != null)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The keys one command returned, given to the changes it covers: one change, its row's key; a multi-row
        /// insert, each row by its name (device identifiers ignoring case, user names exactly, as the tables are unique).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        private static void ReadKeys(NpgsqlDataReader reader, IReadOnlyList<StoreChange> changes, List<int> covered, long?[] keys)
        {
            if (covered.Count == 1)
            {
                if (reader.Read())
                {
                    keys[covered[0]] = reader.GetInt64(0);
                }

                return;
            }

            bool devices = changes[covered[0]].IsDevice;
            var byName = new Dictionary<string, long>(covered.Count, devices ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
            while (reader.Read())
            {
                byName[reader.GetString(1)] = reader.GetInt64(0);
            }

            foreach (int index in covered)
            {
                StoreChange change = changes[index];
                string name = devices ? change.DeviceAfter!.Identifier : change.UserAfter!.UserName;
                if (byName.TryGetValue(name, out long key))
                {
                    keys[index] = key;
                }
            }
        }

        /// <summary>A single write (SaveUser, SaveDevice): outside a transaction it is one of its own, so its entry commits with it.</summary>
        private void SaveRecorded(StoreChange change)
        {
            if (!_inStoreTransaction)
            {
                using IStoreTransaction own = BeginTransaction();
                SaveRecorded(change);
                own.Commit();
                return;
            }

            Write(Prepare(new[] { change }));
        }

        /// <summary>
        /// Every entry of the transaction joins the chain before it commits (called by Transaction.Commit and
        /// Savepoint.Commit); a connection lost by then is StoreUnavailable, as the commit's own failure would be.
        /// </summary>
        private void FlushHistoryBeforeCommit()
        {
            ThrowIfQueuedFailed();
            Guarded(() =>
            {
                _recorder?.BeforeCommit();
                SendQueuedHistory();
            });
        }

        /// <summary>
        /// A queued history statement that failed aborted the transaction, whoever's statement carried it (and whatever
        /// that caller did with the error): its commit throws the same error rather than letting the server turn COMMIT
        /// into a silent ROLLBACK.
        /// </summary>
        private void ThrowIfQueuedFailed()
        {
            if (_queuedFailure != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(_queuedFailure).Throw();
            }
        }

        /// <summary>Called when a transaction ended, committed or rolled back: after a rollback, reserved import ids are free again.</summary>
        private void EndHistory(bool committed)
        {
            // After a rollback, statements still queued belong to the transaction that is gone, and so does a failure.
            _queuedHistory.Clear();
            _queuedPacks.Clear();
            _queuedFailure = null;
            _recorder?.Ended(committed);
            _recorder = null;
        }

        /// <summary>
        /// An import history entry whose Id is known: its row written at that Id (reserved as the import took the store), or,
        /// when the recorder wrote it in this transaction, given its final values; its errors are written again.
        /// </summary>
        private void WriteImportHistoryAt(ImportHistoryEntry entry)
        {
            Run(@"INSERT INTO import_history (import_id, started_at, ended_at, os_user, source, sha256, mode, committed, rows, created, updated, unchanged, failed,
    emails_queued, host, users_created, users_updated, failed_rows_path, changed_by)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
    ON CONFLICT (import_id) DO UPDATE SET (started_at, ended_at, os_user, source, sha256, mode, committed, rows, created, updated, unchanged, failed,
    emails_queued, host, users_created, users_updated, failed_rows_path, changed_by) = ROW(excluded.started_at, excluded.ended_at, excluded.os_user,
    excluded.source, excluded.sha256, excluded.mode, excluded.committed, excluded.rows, excluded.created, excluded.updated, excluded.unchanged,
    excluded.failed, excluded.emails_queued, excluded.host, excluded.users_created, excluded.users_updated, excluded.failed_rows_path, excluded.changed_by);",
                Bigint(entry.Id), Time(entry.StartedAt), Time(entry.EndedAt), Text(entry.User), Text(entry.Source), Text(entry.Sha256),
                Text(entry.Mode.ToString()), Boolean(entry.Committed), Integer(entry.Rows), Integer(entry.PlannedCreated), Integer(entry.PlannedUpdated),
                Integer(entry.PlannedUnchanged), Integer(entry.Failed), Integer(entry.PlannedEmailsQueued), Text(entry.Host),
                Integer(entry.PlannedUsersCreated), Integer(entry.PlannedUsersUpdated), Text(entry.FailedRowsPath), Text(entry.ChangedBy));
            Run("DELETE FROM import_history_errors WHERE import_id = $1;", Bigint(entry.Id));
        }
    }
}
