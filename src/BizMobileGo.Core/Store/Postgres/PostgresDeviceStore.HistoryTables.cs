using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Import;
using Npgsql;
using NpgsqlTypes;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// The change history's tables on PostgreSQL: change_history and change_history_packs (migration 5: runs of created
    /// records, .HistoryPacks), which only keep entries (<see cref="IHistoryStore"/>); numbering, hashing, filtering and
    /// verifying are the core's. Appends are queued and go with the store's next round trip (AppendPrepared). The write
    /// path that feeds them: .History.
    /// </summary>
    public sealed partial class PostgresDeviceStore : IHistoryStore, IPreparedHistoryAppend, PackedClear.ITables
    {
        // ---- IHistoryStore: the tables change_history and change_history_packs ----

        private const string EntryColumns =
            "sequence, at, os_user, host, command, import_id, line, subject_kind, subject_key, subject, action, changes, previous_hash, hash";

        // The newest row's and the newest pack's last entry (a pack's last hash is its blob's last 32 bytes), the newer wins.
        private const string ReadHeadSql = @"(SELECT sequence, hash FROM change_history ORDER BY sequence DESC LIMIT 1)
UNION ALL
(SELECT last_sequence, CAST(CASE WHEN octet_length(entries) > 32 THEN encode(substring(entries FROM octet_length(entries) - 31), 'hex') ELSE '' END AS char(64))
    FROM change_history_packs ORDER BY first_sequence DESC LIMIT 1);";

        public HistoryHead? ReadHead()
        {
            HistoryHead? head = null;
            foreach (HistoryHead newest in Query(ReadHeadSql, r => new HistoryHead(r.GetInt64(0), r.GetString(1))))
            {
                if (head == null || newest.Sequence > head.Sequence)
                {
                    head = newest;
                }
            }

            return head;
        }

        // The two newest rows and the two newest packs (a pack holds at most ChangeEntryPack.MaxEntries entries), less the packs
        // NewestEntries.PacksThatMayMatter leaves out.
        private const string NewestSql = "(SELECT " + EntryColumns + ", " + NoPackColumns + " FROM change_history ORDER BY sequence DESC LIMIT 2) UNION ALL ("
            + PackColumns + " WHERE first_sequence IN (SELECT first_sequence FROM change_history_packs ORDER BY first_sequence DESC LIMIT 2)"
            + " AND last_sequence >= coalesce((SELECT sequence FROM change_history ORDER BY sequence DESC LIMIT 1 OFFSET 1), -9223372036854775808));";

        /// <summary>The newest two of the two newest rows' and packs' entries (<see cref="NewestEntries"/>): what HistoryHeadCheck checks once a write transaction.</summary>
        public IReadOnlyList<ChangeEntry> ReadNewestEntries() => NewestEntries.Of(
            Query(NewestSql, r => r.IsDBNull(PackEntriesColumn) ? new List<ChangeEntry> { ReadEntry(r, forChain: true) } : ReadPack(r, forChain: true, null))
                .SelectMany(entries => entries));

        private const string AppendSql = "INSERT INTO change_history (" + EntryColumns + @", changed_by)
SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::integer[], $8::text[],
    $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[]);";

        /// <summary>One batch of the recorder (up to <see cref="HistoryRecorder.EntriesPerFlush"/> entries): its packs and rows, sent at once.</summary>
        public void Append(IReadOnlyList<ChangeEntry> entries)
        {
            if (entries.Count == 0)
            {
                return;
            }

            AppendPrepared(Prepare(entries));
            SendQueuedHistory();
        }

        /// <summary>
        /// The statements that append <paramref name="linked"/>: runs of created records as packs (<see cref="PackedAppend"/>,
        /// the rule SQLite follows too: migration 5), the other entries as one multi-row INSERT of rows, then, for each row
        /// that ends a name, the statement that keeps the past names it reads from the rows before it. Built on the
        /// recorder's hashing thread: encoding 200 entries' packs, change lists and arrays is client work the writing
        /// thread, which waits for the server between chunks, need not do. The packs stay packs until they are sent:
        /// queued next to the packs of the batch before, they go in the same INSERT (.HistoryPacks, QueuePacks).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        public object Prepare(IReadOnlyList<ChangeEntry> linked)
        {
            PackedAppend split = PackedAppend.Of(linked, rentBlobs: false);
            var commands = new List<NpgsqlBatchCommand>(1);
            List<ChangeEntry> rows = split.Rows;
            if (rows.Count != 0)
            {
                commands.Add(InsertRows(rows));
            }

            var nameEnders = new List<ChangeEntry>();
            foreach (ChangeEntry entry in rows)
            {
                if (entry.EndsAName)
                {
                    commands.Add(KeepPastNames(entry));
                    if (entry.RenamedFrom is string renamedFrom && renamedFrom != entry.Subject)
                    {
                        commands.Add(KeepRenamedFrom(entry, renamedFrom));
                    }
                    nameEnders.Add(entry);
                }
            }

            return new PreparedAppend(split.Packs, commands, nameEnders);
        }

        private static NpgsqlBatchCommand InsertRows(List<ChangeEntry> rows)
        {
            int n = rows.Count;
            var sequences = new long[n];
            var times = new DateTimeOffset[n];
            var importIds = new long?[n];
            var lines = new int?[n];
            var texts = new string[11][];
            for (int t = 0; t < texts.Length; t++)
            {
                texts[t] = new string[n];
            }

            for (int i = 0; i < n; i++)
            {
                ChangeEntry entry = rows[i];
                sequences[i] = entry.Sequence;
                times[i] = entry.AtUtc;
                importIds[i] = entry.ImportId;
                lines[i] = entry.Line;
                texts[0][i] = entry.OsUser;
                texts[1][i] = entry.Host;
                texts[2][i] = entry.Command;
                texts[3][i] = entry.SubjectKind.ToString();
                texts[4][i] = entry.SubjectKey;
                texts[5][i] = entry.Subject;
                texts[6][i] = entry.Action.ToString();
                texts[7][i] = ChangeListText.Write(entry.Changes);
                texts[8][i] = entry.PreviousHash;
                texts[9][i] = entry.Hash;
                texts[10][i] = entry.ChangedBy;
            }

            return BatchCommand(AppendSql,
                Bigints(sequences),
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, Value = times },
                Texts(texts[0]), Texts(texts[1]), Texts(texts[2]),
                NullableBigints(importIds),
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer, Value = lines },
                Texts(texts[3]), Texts(texts[4]), Texts(texts[5]), Texts(texts[6]), Texts(texts[7]), Texts(texts[8]), Texts(texts[9]), Texts(texts[10]));
        }

        /// <summary>
        /// Queues the prepared statements for the store's next round trip: at the front of the next write batch or chunk
        /// look-up (RunBatch, RunRecorded, ReadChunk: no round trip of their own), in a batch of their own just before
        /// any other statement (NewCommand: a look-up, the outbox's), and at the latest before the commit. Nothing reads
        /// the history past them: every statement sends the queue first. A row that ends a name whose subject was created
        /// in a pack also keeps the name the pack holds (<see cref="KeepPackedPastNames"/>: a look-up, so a round trip).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        public void AppendPrepared(object prepared)
        {
            var append = (PreparedAppend)prepared;
            if (append.Packs.Count != 0)
            {
                QueuePacks(append.Packs);
            }

            _queuedHistory.AddRange(append.Commands);
            if (append.NameEnders.Count != 0)
            {
                KeepPackedPastNames(append.NameEnders);
            }
        }

        /// <summary>
        /// What <see cref="Prepare"/> made: the packs, then statements that need no connection until they are sent, and the
        /// rows that end a name.
        /// </summary>
        private sealed class PreparedAppend
        {
            public PreparedAppend(List<PackedAppend.Pack> packs, List<NpgsqlBatchCommand> commands, List<ChangeEntry> nameEnders)
            {
                Packs = packs;
                Commands = commands;
                NameEnders = nameEnders;
            }

            public List<PackedAppend.Pack> Packs { get; }

            public List<NpgsqlBatchCommand> Commands { get; }

            public List<ChangeEntry> NameEnders { get; }
        }

        // History statements appended but not sent yet (AppendPrepared), in order; the first failure of a batch that
        // carried some (kept until the transaction ends: ThrowIfQueuedFailed).
        private readonly List<NpgsqlBatchCommand> _queuedHistory = new List<NpgsqlBatchCommand>();
        private Exception? _queuedFailure;

        /// <summary>Sends the queued history statements, if any, in a round trip of their own.</summary>
        private void SendQueuedHistory() => RunBatch(Array.Empty<NpgsqlBatchCommand>());

        /// <summary>
        /// Keeps every name the subject's rows up to this one carried, except the name it keeps (none after a
        /// removal), each with the newest entry that carried it (see migration 3). A name of a packed entry: KeepPackedPastNames.
        /// </summary>
        private static NpgsqlBatchCommand KeepPastNames(ChangeEntry entry) =>
            BatchCommand(@"INSERT INTO change_history_names (subject_kind, subject_key, subject, through)
    SELECT subject_kind, subject_key, subject, max(sequence) FROM change_history
    WHERE subject_kind = $1 AND subject_key = $2 AND sequence <= $3 AND ($4::text IS NULL OR subject <> $4)
    GROUP BY subject_kind, subject_key, subject
    ON CONFLICT (subject_kind, subject_key, subject) DO UPDATE SET through = GREATEST(change_history_names.through, excluded.through);",
                Text(entry.SubjectKind.ToString()), Text(entry.SubjectKey), Bigint(entry.Sequence),
                Text(entry.Action == ChangeAction.Removed ? null : entry.Subject));

        /// <summary>A rename's old name, which earlier entries may no longer carry (cleared): the rename entry says it.</summary>
        private static NpgsqlBatchCommand KeepRenamedFrom(ChangeEntry entry, string renamedFrom) =>
            BatchCommand(@"INSERT INTO change_history_names (subject_kind, subject_key, subject, through) VALUES ($1, $2, $3, $4)
    ON CONFLICT (subject_kind, subject_key, subject) DO UPDATE SET through = GREATEST(change_history_names.through, excluded.through);",
                Text(entry.SubjectKind.ToString()), Text(entry.SubjectKey), Text(renamedFrom), Bigint(entry.Sequence));

        /// <summary>How many subject keys a query names at most before it reads the whole kind and lets the core filter.</summary>
        private const int KeysPerQuery = 1000;

        private const string NoPackColumns =
            "NULL::bigint AS last_sequence, NULL::bytea AS entries, NULL::bigint AS first_user_key, NULL::bigint AS last_user_key, NULL::bigint AS first_device_key, NULL::bigint AS last_device_key"
            + ", changed_by"; // last, after the packs' columns (ChangedByColumn), as a pack's own

        /// <summary>A pack in a row's place: its first sequence and header where the row has them, its own columns after.</summary>
        private const string PackColumns = @"SELECT first_sequence, at, os_user, host, command, import_id, NULL, NULL, NULL, NULL, NULL, NULL, previous_hash, NULL,
    last_sequence, entries, first_user_key, last_user_key, first_device_key, last_device_key, changed_by FROM change_history_packs";

        /// <summary>
        /// The pack that holds the key k.key, as c (c.first_sequence): the pack with the greatest first key of its kind at or
        /// below it, if its last key is at or above it. A pack's keys of a kind rise with its entries and keys are never
        /// handed out again, so packs' ranges of a kind don't overlap. Follows a FROM that names the keys k(key).
        /// </summary>
        private const string DevicePackOfKeySql = @"
    CROSS JOIN LATERAL (SELECT q.first_sequence, q.last_device_key AS last_key FROM change_history_packs q WHERE q.first_device_key <= k.key
        ORDER BY q.first_device_key DESC LIMIT 1) c
    WHERE c.last_key >= k.key";

        private const string UserPackOfKeySql = @"
    CROSS JOIN LATERAL (SELECT q.first_sequence, q.last_user_key AS last_key FROM change_history_packs q WHERE q.first_user_key <= k.key
        ORDER BY q.first_user_key DESC LIMIT 1) c
    WHERE c.last_key >= k.key";

        // The first sequences of the packs that hold the keys $10 (a bigint[]).
        private const string DevicePacksOfKeysSql = "SELECT c.first_sequence FROM unnest($10::bigint[]) AS k(key)" + DevicePackOfKeySql;
        private const string UserPacksOfKeysSql = "SELECT c.first_sequence FROM unnest($10::bigint[]) AS k(key)" + UserPackOfKeySql;

        // The packs that hold the keys $1, with their blobs (.HistoryPacks: names a packed subject no longer has).
        private const string PacksOfDeviceKeysSql = "SELECT first_sequence, entries FROM change_history_packs WHERE first_sequence IN (\n"
            + "SELECT c.first_sequence FROM unnest($1::bigint[]) AS k(key)" + DevicePackOfKeySql + ");";
        private const string PacksOfUserKeysSql = "SELECT first_sequence, entries FROM change_history_packs WHERE first_sequence IN (\n"
            + "SELECT c.first_sequence FROM unnest($1::bigint[]) AS k(key)" + UserPackOfKeySql + ");";

        // With -User, only the rows and packs made by one of those OS users ($7: HistoryQuery.OsUserNames; NULL: anyone's), or
        // for one of the ChangedBy names it matched ($8: HistoryQuery.ChangedByNames; NULL: none): a pack's entries all have its
        // header's OS user and ChangedBy, so another's pack is left out undecoded.
        private const string TimesFilter = " AND ($3::timestamptz IS NULL OR at >= $3) AND ($4::timestamptz IS NULL OR at <= $4)"
            + " AND ($7::text[] IS NULL OR os_user = ANY($7) OR changed_by = ANY($8::text[]))";

        // -Field: a row whose change list is of the member form and names none of the fields ($5: ILIKE patterns; NULL: no field
        // filter) is left out unparsed (ChangedFieldText). ILIKE ignores case, as -Field does.
        // A change list of the member form (ChangedFieldText): a constant of this file, as the statements' rule reads them.
        private const string MemberFormPattern = ChangedFieldText.MemberFormPattern;

        // $9: HistoryQuery.AfterSequence (the least bigint when null), a range of the primary key.
        private const string RowsOfKindSql = "SELECT " + EntryColumns + ", " + NoPackColumns + @" FROM change_history WHERE subject_kind = $1
    AND ($2::text[] IS NULL OR subject_key = ANY($2)) AND sequence > $9" + TimesFilter + @"
    AND ($5::text[] IS NULL OR changes NOT LIKE '" + MemberFormPattern + @"' OR changes ILIKE ANY($5))
    AND ($6::text[] IS NULL OR action = ANY($6))";

        // -Action: only rows of these actions ($6; NULL: any). Packs hold only created records' entries, so a query without
        // Created reads rows only (QuerySql).
        // Rows of other kinds (Clear-BmgHistory's own entries): never packed.
        private const string QuerySql = RowsOfKindSql + " ORDER BY 1 DESC;";

        // A pack sorts among the rows by its first sequence: packs' and rows' sequences never interleave.
        private const string QueryDevicesSql = RowsOfKindSql + " UNION ALL " + PackColumns + " WHERE first_device_key IS NOT NULL" + TimesFilter + " ORDER BY 1 DESC;";
        private const string QueryUsersSql = RowsOfKindSql + " UNION ALL " + PackColumns + " WHERE first_user_key IS NOT NULL" + TimesFilter + " ORDER BY 1 DESC;";
        private const string QueryDeviceKeysSql = RowsOfKindSql + " UNION ALL " + PackColumns + " WHERE first_sequence IN (" + DevicePacksOfKeysSql + ")"
            + TimesFilter + " ORDER BY 1 DESC;";
        private const string QueryUserKeysSql = RowsOfKindSql + " UNION ALL " + PackColumns + " WHERE first_sequence IN (" + UserPacksOfKeysSql + ")"
            + TimesFilter + " ORDER BY 1 DESC;";

        public IEnumerable<ChangeEntry> Query(HistoryQuery query)
        {
            // Narrowed where it helps; ChangeHistory applies the whole filter to what comes back.
            string[]? keys = null;
            if (query.SubjectKeys != null && query.SubjectKeys.Count <= KeysPerQuery)
            {
                keys = System.Linq.Enumerable.ToArray(query.SubjectKeys);
            }

            var parameters = new List<NpgsqlParameter>
            {
                Text(query.Kind.ToString()),
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = (object?)keys ?? DBNull.Value },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = query.Since is DateTimeOffset since ? HistoryTime.Normalize(since) : DBNull.Value },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = query.Until is DateTimeOffset until ? HistoryTime.Normalize(until) : DBNull.Value },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = (object?)ChangedFieldText.MemberPatterns(query.Fields) ?? DBNull.Value },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = (object?)query.ActionNames ?? DBNull.Value },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = (object?)query.OsUserNames?.ToArray() ?? DBNull.Value },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = (object?)query.ChangedByNames?.ToArray() ?? DBNull.Value },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = query.AfterSequence ?? long.MinValue },
            };
            if ((query.Kind != SubjectKind.Device && query.Kind != SubjectKind.User) || !query.WantsCreated)
            {
                return Stream(QuerySql, newestFirst: true, null, null, parameters.ToArray());
            }

            bool devices = query.Kind == SubjectKind.Device;
            string sql = devices ? QueryDevicesSql : QueryUsersSql;
            if (keys != null)
            {
                parameters.Add(Bigints(KeyNumbers(keys)));
                sql = devices ? QueryDeviceKeysSql : QueryUserKeysSql;
            }

            // A pack holds both kinds, and every key of a kind between its first and last.
            var wanted = keys == null ? null : new HashSet<string>(keys, StringComparer.Ordinal);
            return System.Linq.Enumerable.Where(Stream(sql, newestFirst: true, null, query.Kind, parameters.ToArray()),
                entry => entry.SubjectKind == query.Kind && (wanted == null || wanted.Contains(entry.SubjectKey)));
        }

        // No index on the time: read back from the newest row by the primary key, to the first one that old.
        private const string LastRowBeforeSql = "SELECT sequence FROM change_history WHERE at < $1 ORDER BY sequence DESC LIMIT 1;";

        public long LastRowBefore(DateTimeOffset time) =>
            Query(LastRowBeforeSql, r => r.GetInt64(0), new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = HistoryTime.Normalize(time) })
                .FirstOrDefault();

        // The window's changed subjects (IHistoryStore.ChangedSubjectKeys): a range of the primary key, the key column only, as
        // a number (the row keys; a key edited by hand into no number names no row, and is left out), no change list read.
        private const string ChangedSubjectKeysSql = @"SELECT subject_key::bigint FROM change_history WHERE sequence > $1 AND subject_kind = $2
    AND action = 'Changed' AND at >= $3 AND at < $4 AND subject_key ~ '^[0-9]{1,18}$';";

        public IEnumerable<long> ChangedSubjectKeys(SubjectKind kind, long afterSequence, DateTimeOffset since, DateTimeOffset before) =>
            Query(ChangedSubjectKeysSql, r => r.GetInt64(0),
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = afterSequence },
                Text(kind.ToString()),
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = HistoryTime.Normalize(since) },
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = HistoryTime.Normalize(before) });

        private const string CommandSql = "SELECT " + EntryColumns + ", " + NoPackColumns + " FROM change_history WHERE command = $1 ORDER BY 1 DESC;";

        public IEnumerable<ChangeEntry> EntriesOfCommand(string command) => Stream(CommandSql, newestFirst: true, null, null, Text(command));

        private const string ChainSql = "SELECT " + EntryColumns + ", " + NoPackColumns + " FROM change_history UNION ALL " + PackColumns + " ORDER BY 1;";

        public IEnumerable<ChangeEntry> ReadChain() =>
            // Packs in chain order: each one's keys of a kind must lie above the packs' before it (PackHeaderCheck).
            Stream(ChainSql,
                newestFirst: false, new PackHeaderCheck.KeysBefore(), null);

        // Streamed: the verify's walk heeds a stop between its rows (HistoryWalk.ReadAll).
        public IEnumerable<HistoryName> ReadNames() =>
            StreamRows("SELECT subject_kind, subject_key::text, subject, through FROM change_history_names WHERE subject_kind IN ('Device', 'User');",
                r => new HistoryName(r.GetString(0) == nameof(SubjectKind.Device) ? SubjectKind.Device : SubjectKind.User, r.GetString(1), r.GetString(2), r.GetInt64(3)));

        public IReadOnlySet<long>? ReadImportIds() => Query("SELECT import_id FROM import_history;", r => r.GetInt64(0)).ToHashSet();

        // A subject's current name is its row's (while the history holds an entry of it: a row of it, or the one pack that
        // can hold its key does), an older one is in change_history_names (while an entry that carried it is left).
        // Device identifiers compare ignoring case (lower(), as their unique index); a user name must also match exactly.
        private const string DevicesWithEntriesSql = @"
SELECT device_id::text, identifier FROM devices WHERE (EXISTS (SELECT 1 FROM change_history h WHERE h.subject_kind = $1 AND h.subject_key = devices.device_id::text)
    OR EXISTS (SELECT 1 FROM (VALUES (devices.device_id)) AS k(key)" + DevicePackOfKeySql + "))";

        private const string UsersWithEntriesSql = @"
SELECT user_id::text, user_name FROM users WHERE (EXISTS (SELECT 1 FROM change_history h WHERE h.subject_kind = $1 AND h.subject_key = users.user_id::text)
    OR EXISTS (SELECT 1 FROM (VALUES (users.user_id)) AS k(key)" + UserPackOfKeySql + "))";

        // The oldest entry left, a row's or a pack's.
        private const string OldestSequenceSql =
            "(SELECT min(s) FROM (SELECT min(sequence) AS s FROM change_history UNION ALL SELECT min(first_sequence) FROM change_history_packs) oldest)";

        private const string PastNamesNamedSql = @"
UNION
SELECT subject_key, subject FROM change_history_names WHERE subject_kind = $1 AND through >= " + OldestSequenceSql + @"
    AND lower(subject) = lower($2) AND ($3 = false OR subject = $2);";

        // Every subject of a kind: those with rows, those in the packs' key ranges (a range scan of the primary key a pack,
        // not a look-up of the packs for every row), and past names. UNION ALL: a subject with rows and packed entries, or a
        // current name kept as past too, comes twice, and the one caller (ChangeHistory.FindSubjectKeys) keeps a set of
        // keys anyway; a UNION would hash or sort every subject of the history on the server to drop them.
        private const string AllPastNamesSql = @"
UNION ALL
SELECT subject_key, subject FROM change_history_names WHERE subject_kind = $1 AND through >= " + OldestSequenceSql + ";";

        private const string PackedDevicesSql = @"
UNION ALL
SELECT d.device_id::text, d.identifier FROM change_history_packs p JOIN devices d ON d.device_id BETWEEN p.first_device_key AND p.last_device_key";

        private const string PackedUsersSql = @"
UNION ALL
SELECT u.user_id::text, u.user_name FROM change_history_packs p JOIN users u ON u.user_id BETWEEN p.first_user_key AND p.last_user_key";

        private const string DevicesWithRowsSql = @"
SELECT device_id::text, identifier FROM devices WHERE EXISTS (SELECT 1 FROM change_history h WHERE h.subject_kind = $1 AND h.subject_key = devices.device_id::text)";

        private const string UsersWithRowsSql = @"
SELECT user_id::text, user_name FROM users WHERE EXISTS (SELECT 1 FROM change_history h WHERE h.subject_kind = $1 AND h.subject_key = users.user_id::text)";

        private const string DevicesSql = DevicesWithRowsSql + PackedDevicesSql + AllPastNamesSql;
        private const string DevicesNamedSql = DevicesWithEntriesSql + " AND lower(identifier) = lower($2)" + PastNamesNamedSql;
        private const string UsersSql = UsersWithRowsSql + PackedUsersSql + AllPastNamesSql;
        private const string UsersNamedSql = UsersWithEntriesSql + " AND user_name = $2" + PastNamesNamedSql;

        public IEnumerable<HistorySubject> FindSubjects(SubjectKind kind, string? name)
        {
            if (kind != SubjectKind.Device && kind != SubjectKind.User)
            {
                return name == null
                    ? Query("SELECT DISTINCT subject_key, subject FROM change_history WHERE subject_kind = $1;",
                        r => new HistorySubject(r.GetString(0), r.GetString(1)), Text(kind.ToString()))
                    : Query("SELECT DISTINCT subject_key, subject FROM change_history WHERE subject_kind = $1 AND subject = $2;",
                        r => new HistorySubject(r.GetString(0), r.GetString(1)), Text(kind.ToString()), Text(name));
            }

            bool devices = kind == SubjectKind.Device;
            return name == null
                ? Query(devices ? DevicesSql : UsersSql, r => new HistorySubject(r.GetString(0), r.GetString(1)), Text(kind.ToString()))
                : Query(devices ? DevicesNamedSql : UsersNamedSql, r => new HistorySubject(r.GetString(0), r.GetString(1)),
                    Text(kind.ToString()), Text(name), Boolean(!devices));
        }

        // Many names at once (FindSubjectsNamed): the named statements' conditions over an array of the names, lower()ed on
        // the server as each single name is, so the identifiers' unique index on lower(identifier) serves each.
        private const string PastNamesInSql = @"
UNION
SELECT subject_key, subject FROM change_history_names WHERE subject_kind = $1 AND through >= " + OldestSequenceSql + @"
    AND lower(subject) = ANY (SELECT lower(n) FROM unnest($2::text[]) AS n) AND ($3 = false OR subject = ANY ($2));";

        private const string DevicesNamedInSql = DevicesWithEntriesSql + " AND lower(identifier) = ANY (SELECT lower(n) FROM unnest($2::text[]) AS n)" + PastNamesInSql;
        private const string UsersNamedInSql = UsersWithEntriesSql + " AND user_name = ANY ($2)" + PastNamesInSql;

        public IEnumerable<HistorySubject> FindSubjectsNamed(SubjectKind kind, IReadOnlyCollection<string> names)
        {
            if (kind != SubjectKind.Device && kind != SubjectKind.User)
            {
                return names.SelectMany(name => FindSubjects(kind, name)).ToList();
            }

            bool devices = kind == SubjectKind.Device;
            return names.Count == 0 ? new List<HistorySubject>()
                : Query(devices ? DevicesNamedInSql : UsersNamedInSql, r => new HistorySubject(r.GetString(0), r.GetString(1)),
                    Text(kind.ToString()), TextArray(names), Boolean(!devices));
        }

        // By an identifier's start (a wildcard pattern's literal start), on the current identifiers and the past ones, by
        // lower(), as the identifiers' unique index and every look-up by Identifier do. starts_with() is exact for the
        // database's deterministic collation, with no LIKE wildcards to escape. The identifiers' unique index and
        // change_history_names_by_name (subject_kind, lower(subject)) sort by the database's collation: where that is code
        // point order ("C", "POSIX", libc's C.UTF-8) the identifiers that start with a text lie together, from the text to the
        // least text above them (WildcardPrefix.AfterEveryIdentifierStartingWith), and the indexes read only those; in a
        // linguistic collation they need not ("dev-1" sorts beside "dev1"), and the start is a filter (~0.1 s a 100,000).
        private const string DevicesStartingWithSql = DevicesWithEntriesSql + @" AND starts_with(lower(identifier), $2)
UNION ALL
SELECT subject_key, subject FROM change_history_names WHERE subject_kind = $1 AND through >= " + OldestSequenceSql + @"
    AND starts_with(lower(subject), $2);";

        private const string DevicesInRangeSql = DevicesWithEntriesSql
            + @" AND lower(identifier) >= $2 AND lower(identifier) < $3 AND starts_with(lower(identifier), $2)
UNION ALL
SELECT subject_key, subject FROM change_history_names WHERE subject_kind = $1 AND through >= " + OldestSequenceSql + @"
    AND lower(subject) >= $2 AND lower(subject) < $3 AND starts_with(lower(subject), $2);";

        public IEnumerable<HistorySubject> FindDevicesStartingWith(string start)
        {
            string folded = Fields.FieldText.ToAsciiLower(start);
            return NamesSortByCodePoint
                ? Query(DevicesInRangeSql, r => new HistorySubject(r.GetString(0), r.GetString(1)),
                    Text(nameof(SubjectKind.Device)), Text(folded), Text(WildcardPrefix.AfterEveryIdentifierStartingWith(folded)))
                : Query(DevicesStartingWithSql, r => new HistorySubject(r.GetString(0), r.GetString(1)),
                    Text(nameof(SubjectKind.Device)), Text(folded));
        }

        // By a user-name pattern's start (FindUsersInRangesOf): the users in NamePrefix.UserNameRanges, each range a scan of
        // users_by_name_folded (lower(user_name COLLATE "C"): ASCII letters folded, as the ranges' bounds are), as
        // GetUsersStartingWith reads them, then those with entries; the past names compared the same way (lower() of the "C"
        // collation: a linguistic lower() would fold non-ASCII letters too, and move a name out of its range), a filter of the
        // kind's past names. The pattern decides among what they hold.
        private const string UserSubjectsInRangesSql = @"
SELECT u.user_id::text, u.user_name FROM unnest($2::text[], $3::text[]) r(low, high)
    JOIN users u ON lower(u.user_name COLLATE ""C"") >= (r.low COLLATE ""C"") AND lower(u.user_name COLLATE ""C"") < (r.high COLLATE ""C"")
    WHERE EXISTS (SELECT 1 FROM change_history h WHERE h.subject_kind = $1 AND h.subject_key = u.user_id::text)
        OR EXISTS (SELECT 1 FROM (VALUES (u.user_id)) AS k(key)" + UserPackOfKeySql + @")
UNION ALL
SELECT n.subject_key, n.subject FROM change_history_names n WHERE n.subject_kind = $1 AND n.through >= " + OldestSequenceSql + @"
    AND EXISTS (SELECT 1 FROM unnest($2::text[], $3::text[]) r(low, high)
        WHERE lower(n.subject COLLATE ""C"") >= (r.low COLLATE ""C"") AND lower(n.subject COLLATE ""C"") < (r.high COLLATE ""C""));";

        public IEnumerable<HistorySubject> FindUsersInRangesOf(string start)
        {
            IReadOnlyList<(string Low, string High)> ranges = NamePrefix.UserNameRanges(start);
            return Query(UserSubjectsInRangesSql, r => new HistorySubject(r.GetString(0), r.GetString(1)), Text(nameof(SubjectKind.User)),
                TextArray(ranges.Select(range => range.Low).ToList()), TextArray(ranges.Select(range => range.High).ToList()));
        }

        private bool? _namesSortByCodePoint;

        /// <summary>
        /// True when the database's default collation (the identifiers' and user names' indexes') orders text by code point:
        /// libc's "C", "POSIX" or C.UTF-8 (glibc sorts it by code point). datlocprovider (PostgreSQL 15) is read through
        /// to_jsonb so an older server, which has only libc, answers too. Asked once a store.
        /// </summary>
        private bool NamesSortByCodePoint => _namesSortByCodePoint ??= Query(
            "SELECT datcollate, to_jsonb(d) ->> 'datlocprovider' FROM pg_database d WHERE datname = current_database();",
            r => (Collation: r.GetString(0), Provider: r.IsDBNull(1) ? null : r.GetString(1))) is { Count: 1 } rows
            && (rows[0].Provider == null || rows[0].Provider == "c")
            && (rows[0].Collation == "C" || rows[0].Collation == "POSIX"
                || string.Equals(rows[0].Collation, "C.UTF-8", StringComparison.OrdinalIgnoreCase)
                || string.Equals(rows[0].Collation, "C.utf8", StringComparison.OrdinalIgnoreCase));

        private const string PackBySequenceSql = PackColumns + " WHERE first_sequence = $1;";

        /// <summary>Rows and whole packs up to <paramref name="sequence"/> go, a pack that straddles it is written again: <see cref="PackedClear"/>, as on SQLite.</summary>
        public long DeleteThrough(long sequence, IReadOnlyCollection<long>? accepted = null)
        {
            try
            {
                return PackedClear.DeleteThrough(this, sequence, accepted);
            }
            catch (BmgException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } denied)
            {
                throw HistoryClearDenied(Location, denied);
            }
        }

        long PackedClear.ITables.DeleteRowsThrough(long sequence) => Run("DELETE FROM change_history WHERE sequence <= $1;", Bigint(sequence));

        List<(long First, long Last)> PackedClear.ITables.PacksThrough(long sequence) =>
            Query("SELECT first_sequence, last_sequence FROM change_history_packs WHERE first_sequence <= $1 ORDER BY first_sequence;", r => (r.GetInt64(0), r.GetInt64(1)), Bigint(sequence));

        List<ChangeEntry> PackedClear.ITables.ReadPack(long first) => Query(PackBySequenceSql, r => ReadPack(r, forChain: false, null), Bigint(first))[0];

        void PackedClear.ITables.DeletePack(long first) => Run("DELETE FROM change_history_packs WHERE first_sequence = $1;", Bigint(first));

        void PackedClear.ITables.DeleteNamesThrough(long sequence) => Run("DELETE FROM change_history_names WHERE through <= $1;", Bigint(sequence));

        bool PackedClear.ITables.StoresApart(long sequence) =>
            (bool)Scalar("SELECT EXISTS (SELECT 1 FROM change_history WHERE sequence = $1) OR EXISTS (SELECT 1 FROM change_history_packs WHERE first_sequence = $1);",
                Bigint(sequence))!;

        /// <summary>Rows read as they are enumerated (the caller holds the transaction and uses the store for nothing else meanwhile).</summary>
        private IEnumerable<T> StreamRows<T>(string sql, Func<NpgsqlDataReader, T> read)
        {
            using NpgsqlCommand command = NewCommand(sql, Array.Empty<NpgsqlParameter>());
            NpgsqlDataReader reader = Guarded(() => command.ExecuteReader());
            bool readToEnd = false;
            try
            {
                while (Guarded(() => ReadNextRow(reader), stoppable: false))
                {
                    yield return read(reader);
                }

                readToEnd = true;
            }
            finally
            {
                CloseStream(command, reader, readToEnd);
            }
        }

        /// <summary>
        /// Entries read as they are enumerated, a pack's one after the other in the order asked, so a history of millions
        /// is never held in memory; the caller (ChangeHistory) holds a transaction while it enumerates and uses the store
        /// for nothing else meanwhile. <paramref name="keysBefore"/>: the chain's walk, which names a pack that doesn't read;
        /// <paramref name="only"/>: a query of one kind, whose packs' entries of the other kind are passed over.
        /// </summary>
        private IEnumerable<ChangeEntry> Stream(string sql, bool newestFirst, PackHeaderCheck.KeysBefore? keysBefore, SubjectKind? only,
            params NpgsqlParameter[] parameters)
        {
            using NpgsqlCommand command = NewCommand(sql, parameters);
            NpgsqlDataReader reader = Guarded(() => command.ExecuteReader());
            bool readToEnd = false;
            try
            {
                while (Guarded(() => ReadNextRow(reader), stoppable: false))
                {
                    if (reader.IsDBNull(PackEntriesColumn))
                    {
                        yield return ReadEntry(reader, forChain: keysBefore != null);
                        continue;
                    }

                    List<ChangeEntry> pack = ReadPack(reader, forChain: keysBefore != null, keysBefore, only);
                    if (newestFirst)
                    {
                        pack.Reverse();
                    }

                    foreach (ChangeEntry entry in pack)
                    {
                        yield return entry;
                    }
                }

                readToEnd = true;
            }
            finally
            {
                CloseStream(command, reader, readToEnd);
            }
        }

        /// <summary>
        /// An entry of change_history. Its time, kind and action are kept in typed or checked columns here, but its changes are
        /// text: one edited by hand into something that is no change list is, as on SQLite, an unreadable entry for the chain
        /// (Test-BmgHistory names it) and HistoryTampered for a query, in the module's words (<see cref="StoredEntryColumns"/>).
        /// </summary>
        private static ChangeEntry ReadEntry(NpgsqlDataReader r, bool forChain)
        {
            long sequence = r.GetInt64(0);
            try
            {
                return new ChangeEntry(
                    sequence,
                    r.GetFieldValue<DateTimeOffset>(1),
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
                    r.GetString(12),
                    r.GetString(13),
                    r.GetString(ChangedByColumn));
            }
            catch (Exception e) when (e is FormatException || e is InvalidCastException)
            {
                // As SQLite's reader: StoredEntryColumns words its own; a column's type changed by hand is said plainly. Not
                // every exception: a lost connection is the server's error, not an entry that no longer reads.
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
