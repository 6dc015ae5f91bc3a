using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Import;
using NpgsqlTypes;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>The import history: one entry per import attempt, with its first row errors (written in one statement).</summary>
    public sealed partial class PostgresDeviceStore
    {
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
            (long)Scalar(@"INSERT INTO import_history (started_at, ended_at, os_user, source, sha256, mode, committed, rows, created, updated,
    unchanged, failed, emails_queued, host, users_created, users_updated, failed_rows_path, changed_by)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
    RETURNING import_id;",
                Time(entry.StartedAt), Time(entry.EndedAt), Text(entry.User), Text(entry.Source), Text(entry.Sha256), Text(entry.Mode.ToString()),
                Boolean(entry.Committed), Integer(entry.Rows), Integer(entry.PlannedCreated), Integer(entry.PlannedUpdated), Integer(entry.PlannedUnchanged),
                Integer(entry.Failed), Integer(entry.PlannedEmailsQueued), Text(entry.Host), Integer(entry.PlannedUsersCreated), Integer(entry.PlannedUsersUpdated),
                Text(entry.FailedRowsPath), Text(entry.ChangedBy))!;

        // The Id column's own sequence: nextval is never rolled back, so no other import is ever handed this Id. Taken in the
        // import's write transaction, so a role without USAGE on the sequences (an auditor's) is refused it as any write there,
        // StoreReadOnly (the store's own mapping, .Errors: Failure).
        public long ReserveImportHistoryId() =>
            (long)Scalar("SELECT nextval(pg_get_serial_sequence('import_history', 'import_id'));")!;

        private void InsertImportHistoryErrors(ImportHistoryEntry entry)
        {
            IReadOnlyList<ImportHistoryError> errors = entry.Errors;
            if (errors.Count == 0)
            {
                return;
            }

            // The errors as parallel arrays, unnested in their order: one statement for up to 1,000 of them.
            Run(@"INSERT INTO import_history_errors (import_id, line, identifier, user_name, error_id, message)
    SELECT $1, e.line, e.identifier, e.user_name, e.error_id, e.message
    FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS e(line, identifier, user_name, error_id, message, position)
    ORDER BY e.position;",
                Bigint(entry.Id),
                Bigints(errors.Select(e => (long)e.Line).ToArray()),
                NullableTextArray(errors.Select(e => e.Identifier)), NullableTextArray(errors.Select(e => e.UserName)),
                NullableTextArray(errors.Select(e => (string?)e.ErrorId)), NullableTextArray(errors.Select(e => (string?)e.Message)));
        }

        // The imports that ended before $1 and that no entry names, as a row or in a pack (walkthrough 32, 6).
        // Each import is a seek of the history's indexes by import (migration 18), whose predicate the IS NOT NULL repeats.
        private const string UnnamedImportsSql = @"SELECT h.import_id FROM import_history h WHERE h.ended_at < $1
    AND NOT EXISTS (SELECT 1 FROM change_history c WHERE c.import_id = h.import_id AND c.import_id IS NOT NULL)
    AND NOT EXISTS (SELECT 1 FROM change_history_packs p WHERE p.import_id = h.import_id AND p.import_id IS NOT NULL)";

        private const string DeleteUnnamedImportErrorsSql = "DELETE FROM import_history_errors WHERE import_id IN (" + UnnamedImportsSql + ");";

        internal const string DeleteUnnamedImportsSql = "DELETE FROM import_history WHERE import_id IN (" + UnnamedImportsSql + ");";

        public int DeleteUnnamedImportHistory(DateTimeOffset before)
        {
            Run(DeleteUnnamedImportErrorsSql, Time(before));
            return Run(DeleteUnnamedImportsSql, Time(before));
        }

        private static Npgsql.NpgsqlParameter NullableTextArray(IEnumerable<string?> values) =>
            new Npgsql.NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = values.ToArray() };

        // -Source: the file's full path or its name (after the last / or \; ImportHistoryFilter.FileName is its C# form) LIKE
        // the pattern; under COLLATE "C" ILIKE folds A-Z only, as SQLite's LIKE does.
        private const string ImportSourceSql = @"$3::text IS NULL OR source COLLATE ""C"" ILIKE $3 ESCAPE '\'
    OR regexp_replace(source, '^.*[/\\]', '') COLLATE ""C"" ILIKE $3 ESCAPE '\'";

        /// <summary>Whether a row of import_history is one the filter keeps ($3 source, $4 since, $5 until, $6 statuses, $7 SHA-256; each NULL: any).</summary>
        private const string ImportFilterSql = "(" + ImportSourceSql + @")
    AND ($4::timestamptz IS NULL OR started_at >= $4) AND ($5::timestamptz IS NULL OR started_at <= $5)
    AND ($6::text[] IS NULL OR (" + ImportStatusSql.Sql + @") = ANY($6))
    AND ($7::text IS NULL OR sha256 = $7)";

        private const string ImportHistoryColumns = @"import_id, started_at, ended_at, os_user, source, sha256, mode, committed, rows, created,
    updated, unchanged, failed, emails_queued, host, users_created, users_updated, failed_rows_path, changed_by";

        // After ImportHistoryColumns: whether the filter keeps the row (FindImportHistory).
        private const int KeptColumn = 19;

        private static Npgsql.NpgsqlParameter[] ImportHistoryParameters(long? id, int? newest, ImportHistoryFilter? filter) => new[]
        {
            Bigint(id), Bigint(newest), Text(filter?.SourceLike), Time(filter?.Since), Time(filter?.Until),
            new Npgsql.NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = (object?)filter?.StatusNames ?? DBNull.Value },
            Text(filter?.Sha256),
        };

        public IReadOnlyList<ImportHistoryEntry> GetImportHistory(long? id, int? newest = null, ImportHistoryFilter? filter = null)
        {
            List<ImportHistoryEntry> entries = Query("SELECT " + ImportHistoryColumns + @" FROM import_history
    WHERE ($1::bigint IS NULL OR import_id = $1) AND " + ImportFilterSql + " ORDER BY import_id DESC LIMIT $2;",
                ReadImportHistoryEntry, ImportHistoryParameters(id, newest, filter));
            ReadImportHistoryErrors(entries);
            return entries;
        }

        public ImportHistoryLookup FindImportHistory(long id, ImportHistoryFilter? filter)
        {
            // The row with whether the filter keeps it: one read tells a missing import from one left out. $2 (the limit) is
            // given so that the filter's parameters keep their numbers; LIMIT $2 with NULL is no limit.
            List<(ImportHistoryEntry Entry, bool Kept)> rows = Query("SELECT " + ImportHistoryColumns + ", " + ImportFilterSql + @"
    FROM import_history WHERE import_id = $1 LIMIT $2;",
                r => (ReadImportHistoryEntry(r), r.GetBoolean(KeptColumn)), ImportHistoryParameters(id, null, filter));
            if (rows.Count == 0)
            {
                return ImportHistoryLookup.NotFound;
            }

            if (!rows[0].Kept)
            {
                return ImportHistoryLookup.FilteredOut;
            }

            ReadImportHistoryErrors(new[] { rows[0].Entry });
            return new ImportHistoryLookup(true, rows[0].Entry);
        }

        private ImportHistoryEntry ReadImportHistoryEntry(Npgsql.NpgsqlDataReader r) => new ImportHistoryEntry
        {
            Id = r.GetInt64(0),
            StartedAt = ReadTime(r, 1),
            EndedAt = ReadTime(r, 2),
            User = r.GetString(3),
            Source = r.GetString(4),
            Sha256 = NullableString(r, 5),
            Mode = (ImportMode)Enum.Parse(typeof(ImportMode), r.GetString(6)),
            Committed = r.GetBoolean(7),
            Rows = r.GetInt32(8),
            PlannedCreated = r.GetInt32(9),
            PlannedUpdated = r.GetInt32(10),
            PlannedUnchanged = r.GetInt32(11),
            Failed = r.GetInt32(12),
            PlannedEmailsQueued = r.GetInt32(13),
            Host = r.GetString(14),
            PlannedUsersCreated = r.IsDBNull(15) ? null : r.GetInt32(15),
            PlannedUsersUpdated = r.IsDBNull(16) ? null : r.GetInt32(16),
            FailedRowsPath = r.IsDBNull(17) ? null : r.GetString(17),
            ChangedBy = r.GetString(18),
            Database = Location,
        };

        private void ReadImportHistoryErrors(IReadOnlyList<ImportHistoryEntry> entries)
        {
            if (entries.Count == 0)
            {
                return;
            }

            // Every entry's errors in one query; rows of this insert-only table keep their insertion order in ctid.
            var errors = Query(@"SELECT import_id, line, identifier, user_name, error_id, message FROM import_history_errors
    WHERE import_id = ANY($1) ORDER BY import_id, ctid;",
                r => (Id: r.GetInt64(0), Error: new ImportHistoryError((int)r.GetInt64(1), NullableString(r, 2), NullableString(r, 3), r.GetString(4), r.GetString(5))),
                Bigints(entries.Select(e => e.Id).ToArray()));
            ILookup<long, ImportHistoryError> byEntry = errors.ToLookup(e => e.Id, e => e.Error);
            foreach (ImportHistoryEntry entry in entries)
            {
                entry.Errors = byEntry[entry.Id].ToList();
            }
        }
    }
}
