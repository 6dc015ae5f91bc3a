using System;
using System.Collections.Generic;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>Names by prefix, for tab completion (<see cref="NamePrefix"/>).</summary>
    public sealed partial class PostgresDeviceStore
    {
        // lower(... COLLATE "C") folds ASCII letters only and orders by bytes, as SQLite's NOCASE does: the range is a prefix
        // whatever the database's locale, and it is what the indexes hold: devices_by_identifier_folded and
        // change_history_names_by_folded_name (migration 7), users_by_name_folded (migration 6). Identifiers are unique folded
        // (devices_identifier_key), so the index's order is the whole order: a short word reads 200 entries, not its range;
        // user names and past names can have case twins, ordered exactly after the fold (a sort of the range read).
        private const string DeviceIdentifiersByPrefixSql = @"SELECT identifier FROM devices
    WHERE lower(identifier COLLATE ""C"") >= ($1 COLLATE ""C"") AND lower(identifier COLLATE ""C"") < ($2 COLLATE ""C"")
    ORDER BY lower(identifier COLLATE ""C"") LIMIT $3;";

        private const string UserNamesByPrefixSql = @"SELECT user_name FROM users
    WHERE lower(user_name COLLATE ""C"") >= ($1 COLLATE ""C"") AND lower(user_name COLLATE ""C"") < ($2 COLLATE ""C"")
    ORDER BY lower(user_name COLLATE ""C""), user_name COLLATE ""C"" LIMIT $3;";

        private const string PastNamesByPrefixSql = @"SELECT subject FROM (SELECT DISTINCT subject COLLATE ""C"" AS subject FROM change_history_names
    WHERE subject_kind = $4 AND lower(subject COLLATE ""C"") >= ($1 COLLATE ""C"") AND lower(subject COLLATE ""C"") < ($2 COLLATE ""C"")
    AND through >= " + OldestEntrySql + @") names
    ORDER BY lower(subject), subject LIMIT $3;";

        // The oldest entry left (the history file's own constant; a name kept through cleared entries is no longer offered,
        // as ChangeHistory.SubjectNames offers none): named here so this file's SQL is seen to join constants only.
        private const string OldestEntrySql = OldestSequenceSql;

        public IReadOnlyList<string> GetNamesStartingWith(NameSource list, string prefix, int limit)
        {
            NamePrefix.CheckLimit(limit);
            var parameters = new List<Npgsql.NpgsqlParameter> { Text(NamePrefix.Low(prefix)), Text(NamePrefix.High(prefix)), Bigint(limit) };
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
                default:
                    throw new ArgumentOutOfRangeException(nameof(list));
            }

            return Query(sql, r => r.GetString(0), parameters.ToArray());
        }
    }
}
