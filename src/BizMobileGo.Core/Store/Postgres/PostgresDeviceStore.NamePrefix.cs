using System;
using System.Collections.Generic;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>Names by prefix, for tab completion (<see cref="NamePrefix"/>).</summary>
    public sealed partial class PostgresDeviceStore
    {
        // lower(... COLLATE "C") folds ASCII letters only and orders by bytes, as SQLite's NOCASE does: the range is a prefix
        // whatever the database's locale, and it is what the indexes hold: devices_by_identifier_folded (migration 7),
        // users_by_name_folded and change_history_names_by_folded_name (migration 8: the folded name, then the exact one).
        // Each query's ORDER BY is its index's order, so the index is read in order and stops at the LIMIT: a short word reads
        // 200 entries, not its range (identifiers are unique folded; user names and past names order case twins exactly).
        private const string DeviceIdentifiersByPrefixSql = @"SELECT identifier FROM devices
    WHERE lower(identifier COLLATE ""C"") >= ($1 COLLATE ""C"") AND lower(identifier COLLATE ""C"") < ($2 COLLATE ""C"")
    ORDER BY lower(identifier COLLATE ""C"") LIMIT $3;";

        internal const string UserNamesByPrefixSql = @"SELECT user_name FROM users
    WHERE lower(user_name COLLATE ""C"") >= ($1 COLLATE ""C"") AND lower(user_name COLLATE ""C"") < ($2 COLLATE ""C"")
    ORDER BY lower(user_name COLLATE ""C""), user_name COLLATE ""C"" LIMIT $3;";

        // A subject kept under several keys is one name: DISTINCT over the index's order (a Unique node, no sort).
        internal const string PastNamesByPrefixSql = @"SELECT DISTINCT subject COLLATE ""C"", lower(subject COLLATE ""C"") FROM change_history_names
    WHERE subject_kind = $4 AND lower(subject COLLATE ""C"") >= ($1 COLLATE ""C"") AND lower(subject COLLATE ""C"") < ($2 COLLATE ""C"")
    AND through >= " + OldestEntrySql + @"
    ORDER BY lower(subject COLLATE ""C""), subject COLLATE ""C"" LIMIT $3;";

        // Serials are stored upper-cased (NamePrefix.Low): no fold, bytes order (devices_serial_key, byte order since migration 12).
        internal const string DeviceSerialsByPrefixSql = @"SELECT serial FROM devices
    WHERE (serial COLLATE ""C"") >= ($1 COLLATE ""C"") AND (serial COLLATE ""C"") < ($2 COLLATE ""C"")
    ORDER BY serial COLLATE ""C"" LIMIT $3;";

        // A range on checkin_emails_by_folded_identifier (migration 9), grouped in its order (a GroupAggregate over the index scan,
        // no sort): one name per folded identifier, the smallest spelling in bytes as SQLite's min() picks it, and the read stops
        // at the LIMIT.
        internal const string CheckInEmailIdentifiersByPrefixSql = @"SELECT min(identifier COLLATE ""C"") FROM checkin_emails
    WHERE lower(identifier COLLATE ""C"") >= ($1 COLLATE ""C"") AND lower(identifier COLLATE ""C"") < ($2 COLLATE ""C"")
    GROUP BY lower(identifier COLLATE ""C"") ORDER BY lower(identifier COLLATE ""C"") LIMIT $3;";

        // No index holds the addresses: a scan of users on the server (only the LIMIT's names cross the link), grouped as the
        // outbox's identifiers are: one per folded address, the smallest spelling in bytes, as SQLite's min() picks it.
        internal const string UserEmailAddressesByPrefixSql = @"SELECT min(email_address COLLATE ""C"") FROM users
    WHERE lower(email_address COLLATE ""C"") >= ($1 COLLATE ""C"") AND lower(email_address COLLATE ""C"") < ($2 COLLATE ""C"")
    GROUP BY lower(email_address COLLATE ""C"") ORDER BY lower(email_address COLLATE ""C"") LIMIT $3;";

        // The oldest entry left (the history file's own constant; a name kept through cleared entries is no longer offered,
        // as ChangeHistory.SubjectNames offers none): named here so this file's SQL is seen to join constants only.
        private const string OldestEntrySql = OldestSequenceSql;

        public IReadOnlyList<string> GetNamesStartingWith(NameSource list, string prefix, int limit)
        {
            NamePrefix.CheckLimit(limit);
            var parameters = new List<Npgsql.NpgsqlParameter> { Text(NamePrefix.Low(list, prefix)), Text(NamePrefix.High(list, prefix)), Bigint(limit) };
            string sql;
            switch (list)
            {
                case NameSource.DeviceIdentifiers:
                    sql = DeviceIdentifiersByPrefixSql;
                    break;
                case NameSource.UserNames:
                    sql = UserNamesByPrefixSql;
                    break;
                case NameSource.PastDeviceIdentifiers:
                case NameSource.PastUserNames:
                    sql = PastNamesByPrefixSql;
                    parameters.Add(Text((list == NameSource.PastDeviceIdentifiers ? History.SubjectKind.Device : History.SubjectKind.User).ToString()));
                    break;
                case NameSource.DeviceSerials:
                    sql = DeviceSerialsByPrefixSql;
                    break;
                case NameSource.CheckInEmailIdentifiers:
                    sql = CheckInEmailIdentifiersByPrefixSql;
                    break;
                case NameSource.UserEmailAddresses:
                    sql = UserEmailAddressesByPrefixSql;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(list));
            }

            return Query(sql, r => r.GetString(0), parameters.ToArray());
        }
    }
}
