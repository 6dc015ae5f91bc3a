using System;
using System.Collections.Generic;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Text;

namespace BizMobileGo.Core.Store
{
    /// <summary>The import history: one entry per import attempt, with its first row errors.</summary>
    public sealed partial class SqliteDeviceStore
    {
        // ---- import history ----

        public void InsertImportHistory(ImportHistoryEntry entry)
        {
            if (entry.Id != 0)
            {
                // Reserved as the import took the store, or by the change history at the import's first change, in this transaction.
                WriteImportHistoryAt(entry);
            }
            else
            {
                entry.Id = InsertImportHistoryRow(entry);
            }

            InsertImportHistoryErrors(entry);
        }

        private long InsertImportHistoryRow(ImportHistoryEntry entry) =>
            Insert(@"INSERT INTO import_history (started_at, ended_at, os_user, host, source, sha256, mode, committed, rows, created, updated,
    unchanged, failed, emails_queued, users_created, users_updated, failed_rows_path, changed_by) VALUES ($started_at, $ended_at, $os_user, $host, $source,
    $sha256, $mode, $committed, $rows, $created, $updated, $unchanged, $failed, $emails_queued, $users_created, $users_updated, $failed_rows_path, $changed_by);", c => SetImportHistoryValues(c, entry));

        // The Id SQLite's AUTOINCREMENT hands out next (past its counter and every row), read in the import's write transaction:
        // no other writer can take it while that transaction holds the lock. Nothing is written: a rolled-back import leaves
        // the file as it was (a damaged one too), and the Id is free again for the next writer.
        private const string NextImportIdSql = @"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'import_history'), 0),
    coalesce((SELECT max(import_id) FROM import_history), 0)) + 1;";

        public long ReserveImportHistoryId()
        {
            if (_transaction == null)
            {
                throw new InvalidOperationException("An import history Id is reserved inside the import's write transaction.");
            }

            return Scalar<long>(NextImportIdSql);
        }

        /// <summary>The values of an import history row, for its INSERT and for the UPDATE of a reserved one.</summary>
        private void SetImportHistoryValues(SqliteStatement c, ImportHistoryEntry entry)
        {
                Set(c, "$started_at", FormatTime(entry.StartedAt));
                Set(c, "$ended_at", FormatTime(entry.EndedAt));
                Set(c, "$os_user", entry.User);
                Set(c, "$host", entry.Host);
                Set(c, "$source", entry.Source);
                Set(c, "$sha256", entry.Sha256);
                Set(c, "$mode", entry.Mode.ToString());
                Set(c, "$committed", entry.Committed ? 1 : 0);
                Set(c, "$rows", entry.Rows);
                Set(c, "$created", entry.PlannedCreated);
                Set(c, "$updated", entry.PlannedUpdated);
                Set(c, "$unchanged", entry.PlannedUnchanged);
                Set(c, "$failed", entry.Failed);
                Set(c, "$emails_queued", entry.PlannedEmailsQueued);
                Set(c, "$users_created", entry.PlannedUsersCreated);
                Set(c, "$users_updated", entry.PlannedUsersUpdated);
                Set(c, "$failed_rows_path", entry.FailedRowsPath);
                Set(c, "$changed_by", entry.ChangedBy);
        }

        private void InsertImportHistoryErrors(ImportHistoryEntry entry)
        {
            foreach (ImportHistoryError error in entry.Errors)
            {
                Run("INSERT INTO import_history_errors (import_id, line, identifier, user_name, error_id, message) VALUES ($id, $line, $identifier, $user_name, $error_id, $message);", c =>
                {
                    Set(c, "$id", entry.Id);
                    Set(c, "$line", error.Line);
                    Set(c, "$identifier", error.Identifier);
                    Set(c, "$user_name", error.UserName);
                    Set(c, "$error_id", error.ErrorId);
                    Set(c, "$message", error.Message);
                });
            }
        }

        // -Source: the file's full path or its name (the text after the last / or \: rtrim strips the name's characters back
        // to the separator; ImportHistoryFilter.FileName is its C# form) LIKE the pattern; SQLite's LIKE folds A-Z only, as
        // PostgreSQL's under COLLATE "C" does.
        private const string ImportSourceSql = @"$source IS NULL OR source LIKE $source ESCAPE '\'
    OR substr(source, length(rtrim(source, replace(replace(source, '/', ''), '\', ''))) + 1) LIKE $source ESCAPE '\'";

        /// <summary>Whether a row of import_history is one the filter keeps ($source, $since, $until, $statuses, $sha256; each NULL: any).</summary>
        private const string ImportFilterSql = "(" + ImportSourceSql + @")
    AND ($since IS NULL OR started_at >= $since) AND ($until IS NULL OR started_at <= $until)
    AND ($statuses IS NULL OR (" + ImportStatusSql.Sql + @") IN (SELECT value FROM json_each($statuses)))
    AND ($sha256 IS NULL OR sha256 = $sha256)";

        private const string ImportHistoryColumns = @"import_id, started_at, ended_at, os_user, source, sha256, mode, committed, rows, created,
    updated, unchanged, failed, emails_queued, host, users_created, users_updated, failed_rows_path, changed_by";

        // After ImportHistoryColumns: whether the filter keeps the row (FindImportHistory).
        private const int KeptColumn = 19;

        private void SetImportFilter(SqliteStatement c, ImportHistoryFilter? filter)
        {
            Set(c, "$source", filter?.SourceLike);
            Set(c, "$since", filter?.Since is DateTimeOffset since ? FormatTime(since) : null);
            Set(c, "$until", filter?.Until is DateTimeOffset until ? FormatTime(until) : null);
            // Every import reads its file's earlier imports here (RepeatedFile): JsonText, as every JSON parameter (imp40).
            Set(c, "$statuses", JsonText.Array(filter?.StatusNames));
            Set(c, "$sha256", filter?.Sha256);
        }

        public IReadOnlyList<ImportHistoryEntry> GetImportHistory(long? id, int? newest = null, ImportHistoryFilter? filter = null)
        {
            List<ImportHistoryEntry> entries = Query("SELECT " + ImportHistoryColumns + @" FROM import_history
    WHERE ($id IS NULL OR import_id = $id) AND " + ImportFilterSql + " ORDER BY import_id DESC LIMIT $limit;",
                c =>
                {
                    Set(c, "$id", id);
                    Set(c, "$limit", newest ?? -1);
                    SetImportFilter(c, filter);
                }, r => ReadImportHistoryEntry(r));
            foreach (ImportHistoryEntry entry in entries)
            {
                ReadImportHistoryErrors(entry);
            }

            return entries;
        }

        public ImportHistoryLookup FindImportHistory(long id, ImportHistoryFilter? filter)
        {
            // The row with whether the filter keeps it: one read tells a missing import from one left out.
            List<(ImportHistoryEntry Entry, bool Kept)> rows = Query("SELECT " + ImportHistoryColumns + ", " + ImportFilterSql + @"
    FROM import_history WHERE import_id = $id;",
                c =>
                {
                    Set(c, "$id", id);
                    SetImportFilter(c, filter);
                }, r => (ReadImportHistoryEntry(r), r.GetInt64(KeptColumn) != 0));
            if (rows.Count == 0)
            {
                return ImportHistoryLookup.NotFound;
            }

            if (!rows[0].Kept)
            {
                return ImportHistoryLookup.FilteredOut;
            }

            ReadImportHistoryErrors(rows[0].Entry);
            return new ImportHistoryLookup(true, rows[0].Entry);
        }

        private ImportHistoryEntry ReadImportHistoryEntry(SqliteStatement r) => new ImportHistoryEntry
        {
            Id = r.GetInt64(0),
            StartedAt = ParseTime(r.GetString(1)),
            EndedAt = ParseTime(r.GetString(2)),
            User = r.GetString(3),
            Source = r.GetString(4),
            Sha256 = NullableString(r, 5),
            Mode = (ImportMode)Enum.Parse(typeof(ImportMode), r.GetString(6)),
            Committed = r.GetInt64(7) != 0,
            Rows = r.GetInt32(8),
            PlannedCreated = r.GetInt32(9),
            PlannedUpdated = r.GetInt32(10),
            PlannedUnchanged = r.GetInt32(11),
            Failed = r.GetInt32(12),
            PlannedEmailsQueued = r.GetInt32(13),
            Host = r.GetString(14),
            PlannedUsersCreated = r.IsDBNull(15) ? null : r.GetInt32(15),
            PlannedUsersUpdated = r.IsDBNull(16) ? null : r.GetInt32(16),
            FailedRowsPath = NullableString(r, 17),
            ChangedBy = r.GetString(18),
            Database = Location,
        };

        // The imports that ended before $before and that no entry names, as a row or in a pack (walkthrough 32, 6): for each,
        // a seek of the history's indexes by import (migration 22; partial, so the query repeats their IS NOT NULL), not a
        // read of every entry's import_id.
        private const string UnnamedImportsSql = @"SELECT h.import_id FROM import_history h WHERE h.ended_at < $before
    AND NOT EXISTS (SELECT 1 FROM change_history c WHERE c.import_id = h.import_id AND c.import_id IS NOT NULL)
    AND NOT EXISTS (SELECT 1 FROM change_history_packs p WHERE p.import_id = h.import_id AND p.import_id IS NOT NULL)";

        private const string DeleteUnnamedImportErrorsSql = "DELETE FROM import_history_errors WHERE import_id IN (" + UnnamedImportsSql + ");";

        internal const string DeleteUnnamedImportsSql = "DELETE FROM import_history WHERE import_id IN (" + UnnamedImportsSql + ");";

        public int DeleteUnnamedImportHistory(DateTimeOffset before)
        {
            string at = FormatTime(before);
            Run(DeleteUnnamedImportErrorsSql, c => Set(c, "$before", at));
            Run(DeleteUnnamedImportsSql, c => Set(c, "$before", at));
            return Command(DeleteUnnamedImportsSql).Changes;
        }

        private void ReadImportHistoryErrors(ImportHistoryEntry entry) =>
            entry.Errors = Query("SELECT line, identifier, user_name, error_id, message FROM import_history_errors WHERE import_id = $id ORDER BY rowid;",
                c => Set(c, "$id", entry.Id),
                r => new ImportHistoryError(r.GetInt32(0), NullableString(r, 1), NullableString(r, 2), r.GetString(3), r.GetString(4)));
    }
}
