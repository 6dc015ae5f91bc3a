using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Text;
using Microsoft.Data.Sqlite;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// The change history's tables: change_history, which only keeps entries (<see cref="IHistoryStore"/>: appended,
    /// read back, queried, found by subject and cleared), with its packs (.HistoryPacks) and the names a subject no
    /// longer has; numbering, hashing and filtering are the core's. The recorder that feeds it: .History.
    /// </summary>
    public sealed partial class SqliteDeviceStore : IHistoryStore, IPreparedHistoryAppend, PackedClear.ITables
    {
        // ---- IHistoryStore: the table change_history ----

        private const string EntryColumns =
            "sequence, at, os_user, host, command, import_id, line, subject_kind, subject_key, subject, action, changes, previous_hash, hash, changed_by";

        /// <summary>The newer of the newest row and the newest pack's last entry (a pack's last hash is its blob's last 32 bytes).</summary>
        public HistoryHead? ReadHead()
        {
            HistoryHead? row = Query("SELECT sequence, hash FROM change_history ORDER BY sequence DESC LIMIT 1;", null,
                r => new HistoryHead(r.GetInt64(0), ReadHash(r, 1))) is { Count: 1 } rows ? rows[0] : null;
            HistoryHead? pack = Query("SELECT last_sequence, entries FROM change_history_packs ORDER BY first_sequence DESC LIMIT 1;", null,
                r => new HistoryHead(r.GetInt64(0), ChangeEntryPack.LastHash(r.GetBlob(1)) ?? "")) is { Count: 1 } packs ? packs[0] : null;
            return pack == null || (row != null && row.Sequence > pack.Sequence) ? row : pack;
        }

        /// <summary>
        /// The two newest rows and the two newest packs' entries, the newest two of them (a pack holds at most
        /// <see cref="ChangeEntryPack.MaxEntries"/>): what HistoryHeadCheck checks once a write transaction. Of the two packs,
        /// only those that may matter are read (<see cref="NewestEntries"/>, PacksThatMayMatter).
        /// </summary>
        public IReadOnlyList<ChangeEntry> ReadNewestEntries() => NewestEntries.Of(
            Query("SELECT " + EntryColumns + " FROM change_history ORDER BY sequence DESC LIMIT 2;", null, r => ReadEntry(r, forChain: true))
                .Concat(Query(NewestPacksSql, null, r => ReadPack(r, forChain: true)).SelectMany(pack => pack)));

        // The two newest packs, less those that can't matter (NewestEntries, PacksThatMayMatter). A last_sequence that is no number (edited
        // by hand) compares above every number in SQLite, so such a pack is still read, and refused, as before.
        private const string NewestPacksSql = "SELECT " + PackColumns + " FROM (SELECT * FROM change_history_packs ORDER BY first_sequence DESC LIMIT 2) "
            + "WHERE last_sequence IS NULL OR last_sequence >= coalesce((SELECT sequence FROM change_history ORDER BY sequence DESC LIMIT 1 OFFSET 1), -9223372036854775808) "
            + "ORDER BY first_sequence DESC;";

        private const string AppendSql = "INSERT INTO change_history (" + EntryColumns + ") VALUES ";

        private const string AppendRow = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

        private const int AppendColumns = 15;

        // Entries are appended many rows to a statement: one INSERT of 100 rows costs SQLite one statement's
        // start and end instead of a hundred (an import appends two entries a row). The texts are built once,
        // from the constants above only, and interned so Command finds them by reference.
        private static readonly (int Rows, string Sql)[] AppendStatements =
            new[] { 100, 10, 1 }.Select(rows => (rows, string.Intern(AppendSql + string.Join(", ", Enumerable.Repeat(AppendRow, rows)) + ";"))).ToArray();

        /// <summary>
        /// Runs of at least <see cref="ChangeEntryPack.MinEntries"/> created users and devices that share their header
        /// (an import chunk's new records) go into change_history_packs, one row a run (migration 11); every other
        /// entry is a row of change_history as before.
        /// </summary>
        public void Append(IReadOnlyList<ChangeEntry> entries) => AppendPrepared(Prepare(entries));

        /// <summary>Entries as rows of change_history, many rows to a statement; <paramref name="texts"/>: their changes texts, made aside (null: made here).</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private void AppendRows(IReadOnlyList<ChangeEntry> entries, ChangeTextsUtf8? texts)
        {
            int next = 0;
            foreach ((int rows, string sql) in AppendStatements)
            {
                while (entries.Count - next >= rows)
                {
                    Run(sql, [MethodImpl(PerRowCode.Compile)] (c) =>
                    {
                        for (int row = 0; row < rows; row++)
                        {
                            ChangeEntry entry = entries[next + row];
                            BindEntry(c, row * AppendColumns, entry, texts != null ? texts[next + row] : ChangeListText.WriteUtf8(entry.Changes));
                        }
                    });
                    next += rows;
                }
            }

            foreach (ChangeEntry entry in entries)
            {
                if (entry.EndsAName)
                {
                    KeepPastNames(entry);
                }
            }
        }

        // ---- Names a subject no longer has (migration 9) ----
        // A look-up by name finds a subject by its current name in users and devices, and by an older one in
        // change_history_names: written only when a name stops being current, so an import's created records
        // (almost every entry) index no name at all.

        /// <summary>
        /// Keeps every name the subject's entries up to this one carried, except the name it keeps (none after a
        /// removal), each with the newest entry that carried it: the names are read from the entries themselves,
        /// which are what a look-up by name has always found.
        /// </summary>
        private void KeepPastNames(ChangeEntry entry)
        {
            string? keep = entry.Action == ChangeAction.Removed ? null : entry.Subject;
            Run(@"INSERT INTO change_history_names (subject_kind, subject_key, subject, through)
    SELECT subject_kind, subject_key, subject, max(sequence) FROM change_history
    WHERE subject_kind = $kind AND subject_key = $key AND sequence <= $sequence AND ($keep IS NULL OR subject <> $keep)
    GROUP BY subject_kind, subject_key, subject
    ON CONFLICT (subject_kind, subject_key, subject) DO UPDATE SET through = max(through, excluded.through);", c =>
            {
                Set(c, "$kind", entry.SubjectKind.ToString());
                Set(c, "$key", entry.SubjectKey);
                Set(c, "$sequence", entry.Sequence);
                Set(c, "$keep", keep);
            });

            // A rename's old name, which earlier entries may no longer carry (cleared): this entry says it.
            if (entry.RenamedFrom is string renamedFrom && renamedFrom != entry.Subject)
            {
                Run(@"INSERT INTO change_history_names (subject_kind, subject_key, subject, through) VALUES ($kind, $key, $name, $sequence)
    ON CONFLICT (subject_kind, subject_key, subject) DO UPDATE SET through = max(through, excluded.through);", c =>
                {
                    Set(c, "$kind", entry.SubjectKind.ToString());
                    Set(c, "$key", entry.SubjectKey);
                    Set(c, "$name", renamedFrom);
                    Set(c, "$sequence", entry.Sequence);
                });
            }

            // The subject's created entry may be in a pack (migration 11): the one pack whose key range holds the key.
            if (!entry.TryGetKeyNumber(out long key)
                || (entry.SubjectKind != SubjectKind.Device && entry.SubjectKind != SubjectKind.User))
            {
                return;
            }

            foreach ((long firstSequence, byte[] blob) in Query(PackOfKeySql(entry.SubjectKind), c => Set(c, "$key", key),
                r => (r.GetInt64(0), r.GetBlob(1).ToArray())))
            {
                foreach ((SubjectKind kind, long packedKey, string subject, long sequence) in PackRead.Subjects(firstSequence, blob))
                {
                    if (kind == entry.SubjectKind && packedKey == key && sequence <= entry.Sequence && (keep == null || subject != keep))
                    {
                        Run(@"INSERT INTO change_history_names (subject_kind, subject_key, subject, through) VALUES ($kind, $key, $subject, $through)
    ON CONFLICT (subject_kind, subject_key, subject) DO UPDATE SET through = max(through, excluded.through);", c =>
                        {
                            Set(c, "$kind", kind.ToString());
                            Set(c, "$key", packedKey);
                            Set(c, "$subject", subject);
                            Set(c, "$through", sequence);
                        });
                    }
                }
            }
        }

        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private void BindEntry(SqliteStatement c, int offset, ChangeEntry entry, ReadOnlySpan<byte> changesUtf8)
        {
            c.SetAt(offset + 1, entry.Sequence);
            c.SetAt(offset + 2, HistoryTime.ToText(entry.AtUtc));
            c.SetAt(offset + 3, entry.OsUser);
            c.SetAt(offset + 4, entry.Host);
            c.SetAt(offset + 5, entry.Command);
            // Numbers bound as numbers (a nullable one would go through the boxing overload), NULL as a null text.
            if (entry.ImportId is long importId)
            {
                c.SetAt(offset + 6, importId);
            }
            else
            {
                c.SetAt(offset + 6, (string?)null);
            }

            if (entry.Line is int line)
            {
                c.SetAt(offset + 7, line);
            }
            else
            {
                c.SetAt(offset + 7, (string?)null);
            }
            c.SetAt(offset + 8, entry.SubjectKind.ToString());
            // A key is a row's number (Clear-BmgHistory's own is "history"): bound as the integer the column's
            // INTEGER affinity would make of its text anyway, without SQLite converting it.
            if (entry.TryGetKeyNumber(out long key))
            {
                c.SetAt(offset + 9, key);
            }
            else
            {
                c.SetAt(offset + 9, entry.SubjectKey);
            }
            c.SetAt(offset + 10, entry.Subject);
            c.SetAt(offset + 11, entry.Action.ToString());
            c.SetTextAt(offset + 12, changesUtf8);
            // An entry linked in this process has its hashes as bytes: bound as they are, their text never made.
            if (!entry.PreviousHashBytes.IsEmpty)
            {
                c.SetBlobAt(offset + 13, entry.PreviousHashBytes);
            }
            else
            {
                BindHash(c, offset + 13, entry.PreviousHash);
            }

            if (!entry.HashBytes.IsEmpty)
            {
                c.SetBlobAt(offset + 14, entry.HashBytes);
            }
            else
            {
                BindHash(c, offset + 14, entry.Hash);
            }

            c.SetAt(offset + 15, entry.ChangedBy);
        }

        /// <summary>
        /// A hash is kept as its 32 bytes (migration 8), half its hex text. Anything that is not a hash (only an
        /// entry made by hand could carry one) is kept as the text it is, so it reads back as it was and fails to verify.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private void BindHash(SqliteStatement c, int index, string hash)
        {
            // An entry's previous hash is the entry before's hash, the same string: decoded once, bound twice.
            if (!ReferenceEquals(hash, _boundHashText))
            {
                if (!HashText.TryToBytes(hash, _boundHashBytes))
                {
                    _boundHashText = null;
                    c.SetAt(index, hash);
                    return;
                }

                _boundHashText = hash;
            }

            c.SetBlobAt(index, _boundHashBytes);
        }

        private readonly byte[] _boundHashBytes = new byte[HashText.ByteLength];

        private string? _boundHashText;

        /// <summary>A hash as the model has it: hex text from the 32 bytes, or the text an entry edited by hand holds.</summary>
        private static string ReadHash(SqliteStatement r, int column) =>
            r.IsBlob(column) ? HashText.FromBytes(r.GetBlob(column)) : r.GetString(column);

        // -User: only the rows and packs made by one of these OS users ($osUsers: a JSON array, HistoryQuery.OsUserNames; NULL:
        // anyone's), or for one of the ChangedBy names it matched ($changedBy: a JSON array, HistoryQuery.ChangedByNames; NULL:
        // none). A pack's entries all have its header's OS user and ChangedBy, so another's pack is left out undecoded. A
        // constant of this file, as the statements' rule reads them (the packs' TimesSql uses it too).
        private const string ByWhomSql = @" AND ($osUsers IS NULL OR os_user IN (SELECT value FROM json_each($osUsers))
    OR changed_by IN (SELECT value FROM json_each($changedBy)))";

        // -Field: a row whose change list is of the member form and names none of the fields ($fields: LIKE patterns, a JSON
        // array; NULL: no field filter) is left out unparsed (ChangedFieldText). LIKE ignores ASCII case, as -Field does.
        // A change list of the member form (ChangedFieldText): a constant of this file, as the statements' rule reads them.
        private const string MemberFormPattern = ChangedFieldText.MemberFormPattern;

        private const string RowFieldsSql = @"
    AND ($fields IS NULL OR changes NOT LIKE '" + MemberFormPattern + @"' OR EXISTS (SELECT 1 FROM json_each($fields) f WHERE changes LIKE f.value))";

        // -Action: only rows of these actions ($actions: a JSON array of names; NULL: any). Packs hold only created records'
        // entries, so a query without Created reads none (Query).
        private const string RowActionsSql = @"
    AND ($actions IS NULL OR action IN (SELECT value FROM json_each($actions)))";

        // $after: HistoryQuery.AfterSequence (the least Sequence when null), a range of the primary key (or of the subjects'
        // index after the key): not "$after IS NULL OR", which SQLite cannot read as a range.
        private const string QueryByKindSql = "SELECT " + EntryColumns + @" FROM change_history WHERE subject_kind = $kind AND sequence > $after
    AND ($since IS NULL OR at >= $since) AND ($until IS NULL OR at <= $until)" + ByWhomSql + RowFieldsSql + RowActionsSql + " ORDER BY sequence DESC;";

        private const string QueryByKeysSql = "SELECT " + EntryColumns + @" FROM change_history WHERE subject_kind = $kind
    AND subject_key IN (SELECT value FROM json_each($keys)) AND sequence > $after
    AND ($since IS NULL OR at >= $since) AND ($until IS NULL OR at <= $until)" + ByWhomSql + RowFieldsSql + RowActionsSql + " ORDER BY sequence DESC;";

        public IEnumerable<ChangeEntry> Query(HistoryQuery query)
        {
            // Narrowed by the index where it helps; ChangeHistory applies the whole filter to what comes back.
            bool byKeys = query.SubjectKeys != null && query.SubjectKeys.Count <= KeysPerLookup;
            string? osUsers = JsonText.Array(query.OsUserNames);
            Action<SqliteStatement> bindKeysAndTimes = c =>
            {
                if (byKeys)
                {
                    foreach (string keys in KeyArrays(query.SubjectKeys!))
                    {
                        c.Set("$keys", keys);
                    }
                }

                c.Set("$since", query.Since is DateTimeOffset since ? HistoryTime.ToText(since) : null);
                c.Set("$until", query.Until is DateTimeOffset until ? HistoryTime.ToText(until) : null);
                c.Set("$osUsers", osUsers);
                c.Set("$changedBy", JsonText.Array(query.ChangedByNames));
            };
            string[]? fieldPatterns = ChangedFieldText.MemberPatterns(query.Fields);
            IEnumerable<ChangeEntry> rows = Stream(byKeys ? QueryByKeysSql : QueryByKindSql, c =>
            {
                c.Set("$kind", query.Kind.ToString());
                c.Set("$fields", JsonText.Array(fieldPatterns));
                c.Set("$actions", JsonText.Array(query.ActionNames));
                c.Set("$after", query.AfterSequence ?? long.MinValue);
                bindKeysAndTimes(c);
            }, r => ReadEntry(r, forChain: false));
            if ((query.Kind != SubjectKind.Device && query.Kind != SubjectKind.User) || !query.WantsCreated)
            {
                return rows;
            }

            string packsSql = query.Kind == SubjectKind.Device ? (byKeys ? PacksOfDeviceKeysSql : PacksOfDevicesSql)
                : byKeys ? PacksOfUserKeysSql : PacksOfUsersSql;
            // Only the query's kind is made of a pack's entries: a first import's pack holds as many of the other kind.
            IEnumerable<ChangeEntry> packed = Stream(packsSql, bindKeysAndTimes, r => ReadPack(r, forChain: false, only: query.Kind)).SelectMany(pack => Enumerable.Reverse(pack))
                .Where(entry => entry.SubjectKind == query.Kind && (!byKeys || query.SubjectKeys!.Contains(entry.SubjectKey)));
            return Merge(rows, packed, newestFirst: true);
        }

        // No index on the time: read back from the newest row by the primary key, to the first one that old.
        private const string LastRowBeforeSql = "SELECT sequence FROM change_history WHERE at < $time ORDER BY sequence DESC LIMIT 1;";

        public long LastRowBefore(DateTimeOffset time) =>
            Query(LastRowBeforeSql, c => c.Set("$time", HistoryTime.ToText(time)), r => r.GetInt64(0)).FirstOrDefault();

        // The window's changed subjects (IHistoryStore.ChangedSubjectKeys): a range of the primary key, the key column only
        // (an integer: the row keys; Clear-BmgHistory's own text key is another kind's), no change list read.
        private const string ChangedSubjectKeysSql = @"SELECT subject_key FROM change_history WHERE sequence > $after AND subject_kind = $kind
    AND action = 'Changed' AND at >= $since AND at < $before AND typeof(subject_key) = 'integer';";

        public IEnumerable<long> ChangedSubjectKeys(SubjectKind kind, long afterSequence, DateTimeOffset since, DateTimeOffset before) =>
            Stream(ChangedSubjectKeysSql, c =>
            {
                c.Set("$after", afterSequence);
                c.Set("$kind", kind.ToString());
                c.Set("$since", HistoryTime.ToText(since));
                c.Set("$before", HistoryTime.ToText(before));
            }, r => r.GetInt64(0));

        public IEnumerable<ChangeEntry> EntriesOfCommand(string command) =>
            Stream("SELECT " + EntryColumns + " FROM change_history WHERE command = $command ORDER BY sequence DESC;",
                c => c.Set("$command", command), r => ReadEntry(r, forChain: false));

        public IEnumerable<ChangeEntry> ReadChain()
        {
            // Packs in chain order: each one's keys of a kind must lie above the packs' before it (see PackHeaderMismatch).
            var keysBefore = new PackHeaderCheck.KeysBefore();
            return Merge(Stream("SELECT " + EntryColumns + " FROM change_history ORDER BY sequence;", _ => { }, r => ReadEntry(r, forChain: true)),
                Stream(PacksInChainOrderSql, _ => { }, r => ReadPack(r, forChain: true, keysBefore))
                    .SelectMany(pack => pack),
                newestFirst: false);
        }

        // Streamed: the verify's walk heeds a stop between its rows (HistoryWalk.ReadAll).
        public IEnumerable<HistoryName> ReadNames() =>
            Stream("SELECT subject_kind, CAST(subject_key AS TEXT), subject, through FROM change_history_names WHERE subject_kind IN ('Device', 'User');", _ => { },
                r => new HistoryName(r.GetString(0) == nameof(SubjectKind.Device) ? SubjectKind.Device : SubjectKind.User, r.GetString(1), r.GetString(2), r.GetInt64(3)));

        public IReadOnlySet<long>? ReadImportIds() => Query("SELECT import_id FROM import_history;", null, r => r.GetInt64(0)).ToHashSet();

        /// <summary>Two streams in sequence order (each already in it) as one: the rows and the packs' entries.</summary>
        private static IEnumerable<ChangeEntry> Merge(IEnumerable<ChangeEntry> rows, IEnumerable<ChangeEntry> packed, bool newestFirst)
        {
            using IEnumerator<ChangeEntry> row = rows.GetEnumerator();
            using IEnumerator<ChangeEntry> pack = packed.GetEnumerator();
            bool hasRow = row.MoveNext();
            bool hasPack = pack.MoveNext();
            while (hasRow || hasPack)
            {
                bool rowFirst = hasRow && (!hasPack || (newestFirst ? row.Current.Sequence >= pack.Current.Sequence : row.Current.Sequence <= pack.Current.Sequence));
                if (rowFirst)
                {
                    yield return row.Current;
                    hasRow = row.MoveNext();
                }
                else
                {
                    yield return pack.Current;
                    hasPack = pack.MoveNext();
                }
            }
        }

        // A subject's current name is its row's (while the history holds an entry of it), an older one is in
        // change_history_names (while an entry that carried it is left). Device identifiers compare ignoring case (the
        // column's NOCASE); a user name must also match exactly ($exact). Statements with and without a name, not
        // "$name IS NULL OR ...": the OR would keep the indexes from serving a name. The names are read by their
        // index by name: without statistics SQLite would otherwise take the primary key by kind and read every name.
        // A subject has entries when change_history has a row of it or the one pack that can hold its key does.
        private const string DevicesWithEntriesSql = @"
SELECT device_id, identifier FROM devices WHERE (EXISTS (SELECT 1 FROM change_history h WHERE h.subject_kind = $kind AND h.subject_key = devices.device_id)
    OR (SELECT p.last_device_key FROM change_history_packs p WHERE p.first_device_key <= devices.device_id ORDER BY p.first_device_key DESC LIMIT 1) >= devices.device_id)";

        private const string UsersWithEntriesSql = @"
SELECT user_id, user_name FROM users WHERE (EXISTS (SELECT 1 FROM change_history h WHERE h.subject_kind = $kind AND h.subject_key = users.user_id)
    OR (SELECT p.last_user_key FROM change_history_packs p WHERE p.first_user_key <= users.user_id ORDER BY p.first_user_key DESC LIMIT 1) >= users.user_id)";

        // The oldest entry left, a row's or a pack's.
        private const string OldestSequenceSql =
            "(SELECT min(s) FROM (SELECT min(sequence) AS s FROM change_history UNION ALL SELECT min(first_sequence) FROM change_history_packs))";

        private const string PastNamesSql = @"
UNION
SELECT subject_key, subject FROM change_history_names WHERE subject_kind = $kind AND through >= " + OldestSequenceSql + ";";

        private const string PastNamesNamedSql = @"
UNION
SELECT subject_key, subject FROM change_history_names INDEXED BY change_history_names_by_name
    WHERE subject_kind = $kind AND through >= " + OldestSequenceSql + @"
    AND subject = $name COLLATE NOCASE AND ($exact = 0 OR subject = $name);";

        private const string DevicesSql = DevicesWithEntriesSql + PastNamesSql;
        private const string DevicesNamedSql = DevicesWithEntriesSql + " AND identifier = $name" + PastNamesNamedSql;
        private const string UsersSql = UsersWithEntriesSql + PastNamesSql;
        private const string UsersNamedSql = UsersWithEntriesSql + " AND user_name = $name" + PastNamesNamedSql;

        public IEnumerable<HistorySubject> FindSubjects(SubjectKind kind, string? name)
        {
            string sql = kind == SubjectKind.Device ? (name == null ? DevicesSql : DevicesNamedSql)
                : kind == SubjectKind.User ? (name == null ? UsersSql : UsersNamedSql)
                : name == null ? "SELECT DISTINCT subject_key, subject FROM change_history WHERE subject_kind = $kind;"
                : @"SELECT DISTINCT subject_key, subject FROM change_history WHERE subject_kind = $kind
    AND subject = $name COLLATE NOCASE AND ($exact = 0 OR subject = $name);";
            return Query(sql, c =>
            {
                c.Set("$kind", kind.ToString());
                if (name != null)
                {
                    c.Set("$name", name);
                    c.Set("$exact", kind == SubjectKind.Device ? 0 : 1);
                }
            }, r => new HistorySubject(r.GetString(0), r.GetString(1)));
        }

        // Many names at once (FindSubjectsNamed): the named statements' conditions with IN over a JSON array of the names; the
        // identifiers' and the past names' NOCASE indexes still serve each name.
        private const string PastNamesInSql = @"
UNION
SELECT subject_key, subject FROM change_history_names INDEXED BY change_history_names_by_name
    WHERE subject_kind = $kind AND through >= " + OldestSequenceSql + @"
    AND subject COLLATE NOCASE IN (SELECT value FROM json_each($names)) AND ($exact = 0 OR subject IN (SELECT value FROM json_each($names)));";

        private const string DevicesNamedInSql = DevicesWithEntriesSql + " AND identifier IN (SELECT value FROM json_each($names))" + PastNamesInSql;
        private const string UsersNamedInSql = UsersWithEntriesSql + " AND user_name IN (SELECT value FROM json_each($names))" + PastNamesInSql;

        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        public IEnumerable<HistorySubject> FindSubjectsNamed(SubjectKind kind, IReadOnlyCollection<string> names)
        {
            if (kind != SubjectKind.Device && kind != SubjectKind.User)
            {
                return names.SelectMany(name => FindSubjects(kind, name)).ToList();
            }

            var found = new List<HistorySubject>();
            foreach (string keys in KeyArrays(names))
            {
                found.AddRange(Query(kind == SubjectKind.Device ? DevicesNamedInSql : UsersNamedInSql, c =>
                {
                    c.Set("$kind", kind.ToString());
                    c.Set("$names", keys);
                    c.Set("$exact", kind == SubjectKind.Device ? 0 : 1);
                }, r => new HistorySubject(r.GetString(0), r.GetString(1))));
            }

            return found;
        }

        // By an identifier's start (a wildcard pattern's literal start): a range of the identifiers' NOCASE index and of the past
        // names' (NOCASE) index, from the start folded as NOCASE folds (ASCII letters to lower case) to the least text above
        // every text that starts with it.
        private const string DevicesStartingWithSql = DevicesWithEntriesSql + @" AND identifier >= $start AND identifier < $end
UNION
SELECT subject_key, subject FROM change_history_names INDEXED BY change_history_names_by_name
    WHERE subject_kind = $kind AND through >= " + OldestSequenceSql + @"
    AND subject COLLATE NOCASE >= $start AND subject COLLATE NOCASE < $end;";

        public IEnumerable<HistorySubject> FindDevicesStartingWith(string start)
        {
            string folded = FieldText.ToAsciiLower(start);
            return Query(DevicesStartingWithSql, c =>
            {
                c.Set("$kind", nameof(SubjectKind.Device));
                c.Set("$start", folded);
                c.Set("$end", WildcardPrefix.AfterEveryIdentifierStartingWith(folded));
            }, r => new HistorySubject(r.GetString(0), r.GetString(1)));
        }

        // By a user-name pattern's start (FindUsersInRangesOf): one range of NamePrefix.UserNameRanges a statement, as
        // GetUsersStartingWith reads the users, on the user names' NOCASE index (users_by_name_nocase) and the past names' (both
        // fold ASCII letters only, as the ranges' bounds are folded); the pattern decides among what they hold.
        internal const string UserSubjectsInRangeSql = UsersWithEntriesSql + @" AND user_name COLLATE NOCASE >= $low AND user_name COLLATE NOCASE < $high
UNION
SELECT subject_key, subject FROM change_history_names INDEXED BY change_history_names_by_name
    WHERE subject_kind = $kind AND through >= " + OldestSequenceSql + @"
    AND subject COLLATE NOCASE >= $low AND subject COLLATE NOCASE < $high;";

        public IEnumerable<HistorySubject> FindUsersInRangesOf(string start)
        {
            var found = new List<HistorySubject>();
            foreach ((string low, string high) in NamePrefix.UserNameRanges(start))
            {
                found.AddRange(Query(UserSubjectsInRangeSql, c =>
                {
                    c.Set("$kind", nameof(SubjectKind.User));
                    c.Set("$low", low);
                    c.Set("$high", high);
                }, r => new HistorySubject(r.GetString(0), r.GetString(1))));
            }

            return found;
        }

        /// <summary>Rows and whole packs up to <paramref name="sequence"/> go, a pack that straddles it is written again: <see cref="PackedClear"/>.</summary>
        /// <remarks>With the deleted content zeroed in the file and the log truncated after (<see cref="ErasingHistory"/>): a clear is how a store forgets.</remarks>
        public long DeleteThrough(long sequence, IReadOnlyCollection<long>? accepted = null) =>
            ErasingHistory(() => PackedClear.DeleteThrough(this, sequence, accepted));

        long PackedClear.ITables.DeleteRowsThrough(long sequence)
        {
            SqliteStatement statement = Command("DELETE FROM change_history WHERE sequence <= $sequence;");
            Run("DELETE FROM change_history WHERE sequence <= $sequence;", c => Set(c, "$sequence", sequence));
            return statement.Changes;
        }

        List<(long First, long Last)> PackedClear.ITables.PacksThrough(long sequence) =>
            Query("SELECT first_sequence, last_sequence FROM change_history_packs WHERE first_sequence <= $sequence ORDER BY first_sequence;",
                c => Set(c, "$sequence", sequence), r => (r.GetInt64(0), r.GetInt64(1)));

        List<ChangeEntry> PackedClear.ITables.ReadPack(long first) =>
            Query(PackBySequenceSql, c => Set(c, "$first", first), r => ReadPack(r, forChain: false))[0];

        void PackedClear.ITables.DeletePack(long first) =>
            Run("DELETE FROM change_history_packs WHERE first_sequence = $first;", c => Set(c, "$first", first));

        void PackedClear.ITables.DeleteNamesThrough(long sequence) =>
            Run("DELETE FROM change_history_names WHERE through <= $sequence;", c => Set(c, "$sequence", sequence));

        bool PackedClear.ITables.StoresApart(long sequence) =>
            Query(StoresApartSql, c => Set(c, "$sequence", sequence), r => r.GetInt64(0))[0] != 0;

        private const string StoresApartSql = @"SELECT EXISTS (SELECT 1 FROM change_history WHERE sequence = $sequence)
    OR EXISTS (SELECT 1 FROM change_history_packs WHERE first_sequence = $sequence);";

        /// <summary>
        /// Entries read one at a time, with a statement of their own, so a history of millions is never held in
        /// memory; the caller (ChangeHistory) holds a read transaction while it enumerates.
        /// </summary>
        private IEnumerable<T> Stream<T>(string sql, Action<SqliteStatement> bind, Func<SqliteStatement, T> read)
        {
            SqliteStatement statement;
            try
            {
                statement = new SqliteStatement(_connection.Handle!, sql);
            }
            catch (SqliteException e)
            {
                throw Failure(e);
            }

            using (statement)
            {
                bind(statement);
                while (true)
                {
                    bool row;
                    try
                    {
                        row = statement.Step();
                    }
                    catch (SqliteException e) when (IsStoreFailure(e))
                    {
                        throw Failure(e);
                    }

                    if (!row)
                    {
                        yield break;
                    }

                    yield return read(statement);
                }
            }
        }

        /// <summary>
        /// An entry of change_history. One whose columns no longer parse (edited by hand: a time, kind or action that is
        /// none, changes that are no change list) is, as a pack that doesn't decode, an unreadable entry for the chain
        /// (Test-BmgHistory names it) and HistoryTampered for a query, never a raw parse exception: the column that no
        /// longer reads is named in the module's words (<see cref="StoredEntryColumns"/>).
        /// </summary>
        private static ChangeEntry ReadEntry(SqliteStatement r, bool forChain)
        {
            long sequence = r.GetInt64(0);
            try
            {
                return new ChangeEntry(
                    sequence,
                    StoredEntryColumns.At(r.GetString(1)),
                    r.GetString(2),
                    r.GetString(3),
                    r.GetString(4),
                    r.IsDBNull(5) ? (long?)null : r.GetInt64(5),
                    r.IsDBNull(6) ? (int?)null : r.GetInt32(6),
                    StoredEntryColumns.Kind(r.GetString(7)),
                    r.GetString(8),
                    r.GetString(9),
                    StoredEntryColumns.Action(r.GetString(10)),
                    StoredEntryColumns.Changes(r.GetString(11)),
                    ReadHash(r, 12),
                    ReadHash(r, 13),
                    r.GetString(14));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // StoredEntryColumns words its FormatException; anything else (a column's type changed by hand) is said plainly.
                string why = HistoryFormatException.Words(e, "one of its columns no longer holds the kind of value the history writes");
                if (!forChain)
                {
                    throw PackRead.Tampered(sequence, $"entry {sequence} can no longer be read: {why}");
                }

                return HistoryChain.UnreadableEntry(sequence, "", "", "", $"it can no longer be read: {why}");
            }
        }
    }
}
