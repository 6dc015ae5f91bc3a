using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Text;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Store
{
    /// <summary>Users: reads, batched reads, and the one write path of a user.</summary>
    public sealed partial class SqliteDeviceStore
    {
        // ---- users ----

        private const string UserColumns = "u.user_id, u.user_name, u.name, u.email_address, u.user_description, u.organizations";

        public User? GetUser(string userName) =>
            Single($"SELECT {UserColumns} FROM users u WHERE u.user_name = $key;", userName, ReadUser);

        // In pages by the user name's unique index (KeysetListing): user names are never empty, so '' starts before the first.
        private const string UsersAfterSql = "SELECT " + UserColumns + " FROM users u WHERE u.user_name > $after ORDER BY u.user_name LIMIT $size;";

        public IEnumerable<User> GetUsers() =>
            KeysetListing.Read<User>(HighestKey("SELECT coalesce(max(user_id), 0) FROM users;"), (last, size) => Query(UsersAfterSql, c =>
            {
                c.Set("$after", last?.UserName ?? string.Empty);
                c.Set("$size", size);
            }, ReadUser), user => user.UserKey);

        // A range of users_by_name_nocase (migration 13), as tab completion's UserNamesByPrefixSql seeks it (EXPLAIN QUERY PLAN:
        // "SEARCH u USING INDEX users_by_name_nocase (<expr>>? AND <expr><?)"); one statement a range, a few microseconds each.
        // The ORDER BY in the index's order keeps the store's own statement on the index: without it, the store's reads of
        // the 100,000-user Bench store took ~0.07 CPU s a range (every user read), where the same text through
        // Microsoft.Data.Sqlite sought the index; the cause was not found in the time this round had.
        internal const string UsersInRangeSql = "SELECT " + UserColumns + @" FROM users u
    WHERE u.user_name COLLATE NOCASE >= $low AND u.user_name COLLATE NOCASE < $high ORDER BY u.user_name COLLATE NOCASE;";

        // LIKE ignores the case of ASCII letters only, as the patterns are folded; GLOB's class finds any other character (read
        // too: the caller's pattern decides). No index holds the addresses: a scan of users in the store, the matches handed over.
        private const string UsersByEmailLikeSql = "SELECT " + UserColumns + @" FROM users u
    WHERE EXISTS (SELECT 1 FROM json_each($patterns) p WHERE u.email_address LIKE p.value ESCAPE '\') OR u.email_address GLOB '*[^ -~]*' ORDER BY u.user_name;";

        public IReadOnlyList<User> GetUsersWithEmailLike(IReadOnlyList<string> likePatterns) =>
            Query(UsersByEmailLikeSql, c => Set(c, "$patterns", JsonText.Array(likePatterns)), ReadUser);

        public IReadOnlyList<User> GetUsersStartingWith(string start)
        {
            var users = new List<User>();
            foreach ((string low, string high) in NamePrefix.UserNameRanges(start))
            {
                users.AddRange(Query(UsersInRangeSql, c =>
                {
                    c.Set("$low", low);
                    c.Set("$high", high);
                }, ReadUser));
            }

            // GetUsers' order: user_name's BINARY, UTF-8 bytes, which is code point order.
            users.Sort((a, b) => ByCodePoint(a.UserName, b.UserName));
            return users;
        }

        /// <summary>Code point order (UTF-8 bytes, SQLite's BINARY): ordinal order but for surrogate pairs, which sort above U+FFFF.</summary>
        private static int ByCodePoint(string a, string b)
        {
            int i = 0;
            int j = 0;
            while (i < a.Length && j < b.Length)
            {
                System.Text.Rune.DecodeFromUtf16(a.AsSpan(i), out System.Text.Rune left, out int leftLength);
                System.Text.Rune.DecodeFromUtf16(b.AsSpan(j), out System.Text.Rune right, out int rightLength);
                int compared = left.Value.CompareTo(right.Value);
                if (compared != 0)
                {
                    return compared;
                }

                i += leftLength;
                j += rightLength;
            }

            return (a.Length - i).CompareTo(b.Length - j);
        }

        [MethodImpl(PerRowCode.Compile)]
        public IReadOnlyList<User> FindUsers(IReadOnlyCollection<string> userNames)
        {
            var found = new List<User>(userNames.Count);
            foreach (string keys in KeyArrays(userNames))
            {
                found.AddRange(Query($"SELECT {UserColumns} FROM users u WHERE u.user_name IN (SELECT value FROM json_each($keys));",
                    c => Set(c, "$keys", keys), ReadUser));
            }

            return found;
        }

        // COLLATE NOCASE folds ASCII letters only, as the PostgreSQL store's statement does (the store contract). The comparison's
        // NOCASE is the collation of users_by_name_nocase (migration 13): a seek of the twins, not a scan of every user.
        internal const string UserNameCaseTwinsSql = "SELECT user_name FROM users WHERE user_name = $name COLLATE NOCASE AND user_name <> $name ORDER BY user_name;";

        public IReadOnlyList<string> GetUserNameCaseTwins(string userName) =>
            Query(UserNameCaseTwinsSql, c => Set(c, "$name", userName), r => r.GetString(0));

        // As UserNameCaseTwinsSql for a chunk's names: each name seeks users_by_name_nocase; users made after the mark are left out.
        private const string UserNameCaseTwinsOfKeysSql = @"SELECT DISTINCT u.user_name FROM json_each($keys) k
    JOIN users u ON u.user_name = k.value COLLATE NOCASE
    WHERE u.user_id <= $last AND u.user_name NOT IN (SELECT value FROM json_each($keys)) ORDER BY u.user_name;";

        public IReadOnlyList<string> GetUserNameCaseTwins(IReadOnlyCollection<string> userNames, UsersMark held)
        {
            var found = new List<string>();
            foreach (string keys in KeyArrays(userNames))
            {
                found.AddRange(Query(UserNameCaseTwinsOfKeysSql, c => { c.Set("$keys", keys); c.Set("$last", held.LastKey); }, r => r.GetString(0)));
            }

            return found;
        }

        public UsersMark? MarkUsers()
        {
            List<long> last = Query("SELECT max(user_id) FROM users HAVING count(*) > 0;", null, r => r.GetInt64(0));
            return last.Count == 0 ? null : new UsersMark(last[0]);
        }

        /// <summary>The first <paramref name="size"/> users after key <paramref name="afterKey"/> whose organizations hold <paramref name="organizationId"/> as a whole name (names never hold '|'): a rename's holders in pages (ReferenceRename.Rename).</summary>
        private List<User> UsersWithOrganization(string organizationId, long afterKey, int size) =>
            Query($"SELECT {UserColumns} FROM users u WHERE u.user_id > $after AND instr('|' || u.organizations || '|', '|' || $key || '|') > 0 ORDER BY u.user_id LIMIT $size;",
                c => HoldersAfter(c, organizationId, afterKey, size), ReadUser);

        // As ReadDevice: within an import chunk's reads, a stored text equal to its row's cell is read as that cell.
        [MethodImpl(PerRowCode.Compile)]
        private User ReadUser(SqliteStatement r)
        {
            string userName = r.GetString(1);
            ChunkTexts? texts = _chunkTexts;
            string[]? cells = texts?.OfUser(userName);
            return new User
            {
                UserName = userName,
                UserKey = r.GetInt64(0),
                Name = r.GetStringAsGiven(2, texts?.Cell(cells, FieldKey.Name)),
                EmailAddress = r.GetStringAsGiven(3, texts?.Cell(cells, FieldKey.EmailAddress)),
                UserDescription = r.GetStringAsGiven(4, texts?.Cell(cells, FieldKey.UserDescription)),
                Organizations = _organizationLists.Split(r.GetRepeatedString(5)),
                Database = Location,
            };
        }

        /// <summary>The write of <see cref="SaveUser"/> (SqliteDeviceStore.Changes: the write path with its history entry).</summary>
        private void WriteUser(User? before, User? after)
        {
            if (after == null)
            {
                if (before != null)
                {
                    // Zeroed in the file, not only unlinked (SqliteDeviceStore.Erasure).
                    Erasing(() => Run("DELETE FROM users WHERE user_name = $before;", c => Set(c, "$before", before.UserName)));
                }
            }
            else if (before == null)
            {
                Run("INSERT INTO users (user_name, name, email_address, user_description, organizations) VALUES ($user_name, $name, $email, $description, $organizations);",
                    c => BindUser(c, after));
            }
            else
            {
                Run(@"UPDATE users SET user_name = $user_name, name = $name, email_address = $email, user_description = $description,
    organizations = $organizations WHERE user_name = $before;",
                    c =>
                    {
                        BindUser(c, after);
                        Set(c, "$before", before.UserName);
                    });
            }
        }

        // A chunk's new users, many to a statement (SqliteDeviceStore.Changes: WriteChunk), with the keys they get.
        private static readonly (int Rows, string Sql)[] InsertUserStatements = MultiRowStatements(
            "INSERT INTO users (user_id, user_name, name, email_address, user_description, organizations) VALUES ", "(?, ?, ?, ?, ?, ?)");

        private const int InsertUserParameters = 6;

        private void InsertUsers(List<User> users, List<long> keys) =>
            RunRows(InsertUserStatements, users.Count, InsertUserParameters, [MethodImpl(PerRowCode.Compile)] (c, at, row) =>
            {
                User user = users[row];
                c.SetAt(at + 1, keys[row]);
                c.SetAt(at + 2, user.UserName);
                c.SetAt(at + 3, user.Name);
                c.SetAt(at + 4, user.EmailAddress);
                c.SetAt(at + 5, user.UserDescription);
                c.SetAt(at + 6, JoinList(user.Organizations));
            });

        private static void BindUser(SqliteStatement c, User user)
        {
            Set(c, "$user_name", user.UserName);
            Set(c, "$name", user.Name);
            Set(c, "$email", user.EmailAddress);
            Set(c, "$description", user.UserDescription);
            Set(c, "$organizations", JoinList(user.Organizations));
        }
    }
}
