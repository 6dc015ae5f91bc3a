using System;
using System.Collections.Generic;

namespace BizMobileGo.Core.Store
{
    /// <summary>Names by prefix, for tab completion (<see cref="NamePrefix"/>).</summary>
    public sealed partial class SqliteDeviceStore
    {
        // Each a range on a NOCASE index (EXPLAIN QUERY PLAN: "SEARCH ... USING ... INDEX ... (identifier>? AND identifier<?)"):
        // the devices' unique identifier (its column is NOCASE), users_by_name_nocase (migration 13), change_history_names_by_name
        // (kind, subject NOCASE, through). The exact name orders twins that fold alike (a sort of the few twins, not of the table).
        private const string DeviceIdentifiersByPrefixSql =
            "SELECT identifier FROM devices WHERE identifier >= $low AND identifier < $high ORDER BY identifier LIMIT $limit;";

        // Serials are stored upper-cased (NamePrefix.Low): the unique index of serial (BINARY) holds them in the folded order
        // already, and the range on it is a seek (no index of its own, no migration).
        internal const string DeviceSerialsByPrefixSql =
            "SELECT serial FROM devices WHERE serial >= $low AND serial < $high ORDER BY serial LIMIT $limit;";

        private const string UserNamesByPrefixSql = @"SELECT user_name FROM users
    WHERE user_name COLLATE NOCASE >= $low AND user_name COLLATE NOCASE < $high
    ORDER BY user_name COLLATE NOCASE, user_name LIMIT $limit;";

        private const string PastNamesByPrefixSql = @"SELECT DISTINCT subject FROM change_history_names INDEXED BY change_history_names_by_name
    WHERE subject_kind = $kind AND subject COLLATE NOCASE >= $low AND subject COLLATE NOCASE < $high
    AND through >= " + OldestEntrySql + @"
    ORDER BY subject COLLATE NOCASE, subject LIMIT $limit;";

        // A range on checkin_emails_by_identifier (migration 14), grouped in the index's order: one name per folded identifier, and
        // the read stops at the LIMIT (a short word reads ~200 identifiers' emails, not the outbox). min() compares bytes (the
        // column's BINARY), as PostgreSQL's min under "C" does.
        private const string CheckInEmailIdentifiersByPrefixSql = @"SELECT min(identifier) FROM checkin_emails INDEXED BY checkin_emails_by_identifier
    WHERE identifier COLLATE NOCASE >= $low AND identifier COLLATE NOCASE < $high
    GROUP BY identifier COLLATE NOCASE ORDER BY identifier COLLATE NOCASE LIMIT $limit;";

        // No index holds the addresses: a scan of users (at 100,000 users a Tab costs about what Get-BmgUser -EmailAddress
        // does), grouped as the outbox's identifiers are (one per folded address, its smallest spelling), the LIMIT bounding the answer.
        private const string UserEmailAddressesByPrefixSql = @"SELECT min(email_address) FROM users
    WHERE email_address COLLATE NOCASE >= $low AND email_address COLLATE NOCASE < $high
    GROUP BY email_address COLLATE NOCASE ORDER BY email_address COLLATE NOCASE LIMIT $limit;";

        // The oldest entry left (the history file's own constant; a name kept through cleared entries is no longer offered,
        // as ChangeHistory.SubjectNames offers none): named here so this file's SQL is seen to join constants only.
        private const string OldestEntrySql = OldestSequenceSql;

        public IReadOnlyList<string> GetNamesStartingWith(NameSource list, string prefix, int limit)
        {
            NamePrefix.CheckLimit(limit);
            string sql = list switch
            {
                NameSource.DeviceIdentifiers => DeviceIdentifiersByPrefixSql,
                NameSource.UserNames => UserNamesByPrefixSql,
                NameSource.PastDeviceIdentifiers or NameSource.PastUserNames => PastNamesByPrefixSql,
                NameSource.DeviceSerials => DeviceSerialsByPrefixSql,
                NameSource.CheckInEmailIdentifiers => CheckInEmailIdentifiersByPrefixSql,
                NameSource.UserEmailAddresses => UserEmailAddressesByPrefixSql,
                _ => throw new ArgumentOutOfRangeException(nameof(list)),
            };
            return Query(sql, c =>
            {
                c.Set("$low", NamePrefix.Low(list, prefix));
                c.Set("$high", NamePrefix.High(list, prefix));
                c.Set("$limit", (long)limit);
                if (list == NameSource.PastDeviceIdentifiers || list == NameSource.PastUserNames)
                {
                    c.Set("$kind", (list == NameSource.PastDeviceIdentifiers ? History.SubjectKind.Device : History.SubjectKind.User).ToString());
                }
            }, r => r.GetString(0));
        }
    }
}
