using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// The change history's write path: the recorder of the open write transaction (fed by the write path,
    /// SqliteDeviceStore.Changes.cs), flushed before the commit and ended with the transaction, and an import's history
    /// row written at its reserved Id. The tables that keep the entries: .HistoryTables.
    /// </summary>
    public sealed partial class SqliteDeviceStore
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

        /// <summary>Every entry of the transaction joins the chain before it commits (called by Transaction.Commit).</summary>
        private void FlushHistoryBeforeCommit() => _recorder?.BeforeCommit();

        /// <summary>Called when a transaction ended, committed or rolled back.</summary>
        private void EndHistory(bool committed)
        {
            _recorder?.Ended(committed);
            _recorder = null;
        }

        /// <summary>
        /// An import history entry whose Id is known: its row written at that Id (reserved as the import took the store), or,
        /// when the recorder wrote it in this transaction, given its final values; its errors are written again.
        /// </summary>
        private void WriteImportHistoryAt(ImportHistoryEntry entry)
        {
            Run(@"INSERT INTO import_history (import_id, started_at, ended_at, os_user, host, source, sha256, mode, committed, rows, created, updated,
    unchanged, failed, emails_queued, users_created, users_updated, failed_rows_path, changed_by) VALUES ($id, $started_at, $ended_at, $os_user, $host,
    $source, $sha256, $mode, $committed, $rows, $created, $updated, $unchanged, $failed, $emails_queued, $users_created, $users_updated, $failed_rows_path,
    $changed_by)
    ON CONFLICT (import_id) DO UPDATE SET started_at = excluded.started_at, ended_at = excluded.ended_at, os_user = excluded.os_user, host = excluded.host,
    source = excluded.source, sha256 = excluded.sha256, mode = excluded.mode, committed = excluded.committed, rows = excluded.rows, created = excluded.created,
    updated = excluded.updated, unchanged = excluded.unchanged, failed = excluded.failed, emails_queued = excluded.emails_queued,
    users_created = excluded.users_created, users_updated = excluded.users_updated, failed_rows_path = excluded.failed_rows_path,
    changed_by = excluded.changed_by;", c =>
            {
                Set(c, "$id", entry.Id);
                SetImportHistoryValues(c, entry);
            });
            Run("DELETE FROM import_history_errors WHERE import_id = $id;", c => Set(c, "$id", entry.Id));
        }
    }
}
