using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Users;
using Npgsql;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>Users: reads and batched reads (their write path is in .Changes).</summary>
    public sealed partial class PostgresDeviceStore
    {
        // The key last, so the columns before it keep their places (ReadUser).
        private const string UserColumns = "u.user_name, u.name, u.email_address, u.user_description, u.organizations, u.user_id";

        public User? GetUser(string userName) =>
            Single($"SELECT {UserColumns} FROM users u WHERE u.user_name = $1;", ReadUser, Text(userName));

        // Ordered as SQLite orders them (binary, whatever the database's collation).
        // In pages (KeysetListing), on the names' byte order; user names are never empty: '' starts before the first.
        internal const string UsersAfterSql = "SELECT " + UserColumns + @" FROM users u WHERE (u.user_name COLLATE ""C"") > $1 ORDER BY u.user_name COLLATE ""C"" LIMIT $2;";

        public IEnumerable<User> GetUsers() =>
            KeysetListing.Read<User>(HighestKey("SELECT coalesce(max(user_id), 0) FROM users;"),
                (last, size) => Query(UsersAfterSql, ReadUser, Text(last?.UserName ?? string.Empty), new NpgsqlParameter<int>() { TypedValue = size }),
                user => user.UserKey);

        // Each range a scan of users_by_name_folded (lower(user_name COLLATE "C"), as tab completion's UserNamesByPrefixSql seeks
        // it) for its row of the two arrays; the few users found are then sorted as GetUsers orders them.
        internal const string UsersInRangesSql = "SELECT " + UserColumns + @" FROM unnest($1::text[], $2::text[]) r(low, high)
    JOIN users u ON lower(u.user_name COLLATE ""C"") >= (r.low COLLATE ""C"") AND lower(u.user_name COLLATE ""C"") < (r.high COLLATE ""C"")
    ORDER BY u.user_name COLLATE ""C"";";

        // lower() under "C" folds ASCII letters only, as the patterns are folded; an address with any other character is read too
        // (the caller's pattern decides). No index holds the addresses: the server scans users, only the matches cross the link.
        internal const string UsersByEmailLikeSql = "SELECT " + UserColumns + @" FROM users u
    WHERE lower(u.email_address COLLATE ""C"") LIKE ANY($1) OR (u.email_address COLLATE ""C"") ~ '[^ -~]' ORDER BY u.user_name COLLATE ""C"";";

        public IReadOnlyList<User> GetUsersWithEmailLike(IReadOnlyList<string> likePatterns) => Query(UsersByEmailLikeSql, ReadUser, TextArray(likePatterns));

        public IReadOnlyList<User> GetUsersStartingWith(string start)
        {
            IReadOnlyList<(string Low, string High)> ranges = NamePrefix.UserNameRanges(start);
            return Query(UsersInRangesSql, ReadUser, TextArray(ranges.Select(range => range.Low).ToList()), TextArray(ranges.Select(range => range.High).ToList()));
        }

        internal const string FindUsersSql = "SELECT " + UserColumns + " FROM users u WHERE u.user_name = ANY($1);";

        public IReadOnlyList<User> FindUsers(IReadOnlyCollection<string> userNames) =>
            userNames.Count == 0 ? new List<User>() : Query(FindUsersSql, ReadUser, TextArray(userNames));

        // ASCII letters folded only (translate), as SQLite's COLLATE NOCASE does: both stores give the same twins (the store contract).
        // lower(... COLLATE "C") folds the same ASCII letters and leads users_by_name_folded (migration 6; migration 8 adds the
        // exact name as its second column, for completion): the index
        // finds the candidates, translate() stays the rule.
        internal const string UserNameCaseTwinsSql = @"SELECT user_name FROM users
    WHERE lower(user_name COLLATE ""C"") = lower($1 COLLATE ""C"")
      AND translate(user_name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = translate($1, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
      AND user_name <> $1 ORDER BY user_name COLLATE ""C"";";

        public IReadOnlyList<string> GetUserNameCaseTwins(string userName) =>
            Query(UserNameCaseTwinsSql, r => r.GetString(0), Text(userName));

        // As UserNameCaseTwinsSql for a chunk's names: $2 holds them folded as lower(... COLLATE "C") folds (ASCII letters
        // only, UserNameHint.FoldAscii), so users_by_name_folded is searched for all of them at once; users made after the
        // mark are left out. The folded names are read through ARRAY(SELECT ...), as the chunk's other look-ups read theirs,
        // so the planner does not see the 1,000 values: seen, it expects a row for each (names the store does not hold, so
        // it finds none) and, once the table holds tens of thousands of users, scans all of them instead of probing the
        // index 1,000 times — 15-30 ms a chunk in the second of two admins' imports, against ~1 ms (issue 13, P5).
        internal const string UserNameCaseTwinsOfKeysSql = @"SELECT DISTINCT user_name COLLATE ""C"" FROM users
    WHERE lower(user_name COLLATE ""C"") = ANY (ARRAY(SELECT unnest($2::text[]))) AND user_id <= $3 AND NOT (user_name = ANY($1)) ORDER BY 1;";

        public IReadOnlyList<string> GetUserNameCaseTwins(IReadOnlyCollection<string> userNames, UsersMark held)
        {
            if (userNames.Count == 0)
            {
                return new List<string>();
            }

            var folded = new List<string>(userNames.Count);
            foreach (string name in userNames)
            {
                folded.Add(Users.UserNameHint.FoldAscii(name));
            }

            return Query(UserNameCaseTwinsOfKeysSql, r => r.GetString(0), TextArray(userNames), TextArray(folded), new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint, Value = held.LastKey });
        }

        public UsersMark? MarkUsers()
        {
            // max() alone: the primary key's last entry (a count(*) would read every user); NULL when the store holds none.
            List<long?> last = Query("SELECT max(user_id) FROM users;", r => r.IsDBNull(0) ? (long?)null : r.GetInt64(0));
            return last[0] is long key ? new UsersMark(key) : null;
        }

        /// <summary>The first <paramref name="size"/> users after key <paramref name="afterKey"/> whose organizations hold <paramref name="organizationId"/> as a whole element: a rename's holders in pages (ReferenceRename.Rename).</summary>
        private List<User> UsersWithOrganization(string organizationId, long afterKey, int size) =>
            Query($"SELECT {UserColumns} FROM users u WHERE u.organizations @> ARRAY[$1] AND u.user_id > $2 ORDER BY u.user_id LIMIT $3;",
                ReadUser, Text(organizationId), Bigint(afterKey), Integer(size));

        private User ReadUser(NpgsqlDataReader r) => new User
        {
            UserName = r.GetString(0),
            Name = NullableString(r, 1),
            EmailAddress = NullableString(r, 2),
            UserDescription = NullableString(r, 3),
            Organizations = ReadList(r, 4),
            UserKey = r.GetInt64(5),
            Database = Location,
        };
    }
}
