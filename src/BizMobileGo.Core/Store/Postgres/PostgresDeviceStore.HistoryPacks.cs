using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Import;
using Npgsql;
using NpgsqlTypes;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// The change history's packs on PostgreSQL (migration 5, SQLite's migration 11): a run of created records' entries
    /// kept as one row of change_history_packs (<see cref="ChangeEntryPack"/> has the blob's bytes, <see cref="PackedAppend"/>
    /// where runs start and end) — inserted, found by a kind's key range, read back among the rows with their header columns
    /// checked against their entries (<see cref="PackHeaderCheck"/>), and their subjects' names kept when a row ends one.
    /// </summary>
    public sealed partial class PostgresDeviceStore
    {
        private const string InsertPacksSql = @"INSERT INTO change_history_packs (first_sequence, last_sequence, at, os_user, host, command, import_id,
    previous_hash, first_user_key, last_user_key, first_device_key, last_device_key, entries, changed_by)
SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[],
    $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bytea[], $14::text[]);";

        // The packs of the recorder's batches queued one after another, nothing queued between them, not sent yet: they go
        // as one INSERT at the place in the queue where the first of them was queued. A first import's chunk appends ten
        // batches of packs (2,000 entries), which were ten statements: planned, executed and checked by the packs' trigger
        // (migration 5) one by one. In their order, so the statements around them see what they saw before.
        private readonly List<PackedAppend.Pack> _queuedPacks = new List<PackedAppend.Pack>();
        private int _queuedPacksAt;

        /// <summary>Queues a batch's packs: into the open run when nothing was queued since it, or a new run after what was.</summary>
        [MethodImpl(PerRowCode.Compile)]
        private void QueuePacks(List<PackedAppend.Pack> packs)
        {
            if (_queuedPacks.Count != 0 && _queuedPacksAt != _queuedHistory.Count)
            {
                CloseQueuedPacks();
            }

            if (_queuedPacks.Count == 0)
            {
                _queuedPacksAt = _queuedHistory.Count;
            }

            _queuedPacks.AddRange(packs);
        }

        /// <summary>The open run of queued packs into its place in the queue, as one statement (before the queue is sent).</summary>
        [MethodImpl(PerRowCode.Compile)]
        private void CloseQueuedPacks()
        {
            if (_queuedPacks.Count == 0)
            {
                return;
            }

            _queuedHistory.Insert(_queuedPacksAt, InsertPacks(_queuedPacks));
            _queuedPacks.Clear();
        }

        /// <summary>Packs as one multi-row INSERT (a run of the recorder's batches: .HistoryTables, QueuePacks).</summary>
        [MethodImpl(PerRowCode.Compile)]
        private static NpgsqlBatchCommand InsertPacks(List<PackedAppend.Pack> packs)
        {
            int n = packs.Count;
            var firsts = new long[n];
            var lasts = new long[n];
            var times = new DateTimeOffset[n];
            var osUsers = new string[n];
            var hosts = new string[n];
            var commands = new string[n];
            var importIds = new long?[n];
            var previousHashes = new string[n];
            var changedBy = new string[n];
            var keys = new long?[4][];
            for (int k = 0; k < keys.Length; k++)
            {
                keys[k] = new long?[n];
            }

            var blobs = new byte[n][];
            for (int i = 0; i < n; i++)
            {
                PackedAppend.Pack pack = packs[i];
                firsts[i] = pack.FirstSequence;
                lasts[i] = pack.LastSequence;
                times[i] = pack.At;
                osUsers[i] = pack.OsUser;
                hosts[i] = pack.Host;
                commands[i] = pack.Command;
                importIds[i] = pack.ImportId;
                previousHashes[i] = pack.PreviousHash;
                changedBy[i] = pack.ChangedBy;
                keys[0][i] = pack.FirstUser;
                keys[1][i] = pack.LastUser;
                keys[2][i] = pack.FirstDevice;
                keys[3][i] = pack.LastDevice;
                blobs[i] = pack.Blob;
            }

            return BatchCommand(InsertPacksSql, Bigints(firsts), Bigints(lasts),
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, Value = times },
                Texts(osUsers), Texts(hosts), Texts(commands), NullableBigints(importIds), Texts(previousHashes),
                NullableBigints(keys[0]), NullableBigints(keys[1]), NullableBigints(keys[2]), NullableBigints(keys[3]),
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = blobs }, Texts(changedBy));
        }

        // ---- reading: packs among the rows ----
        // A statement that reads rows and packs together returns the rows' columns, then the packs' (NULL for a row):
        // Npgsql reads one result at a time on a connection, so the two are one ordered stream, not two merged here
        // (.HistoryTables: NoPackColumns, PackColumns).

        private const int PackLastSequenceColumn = 14;
        private const int PackEntriesColumn = 15;
        private const int PackKeyColumns = 16;

        // A row's or a pack's ChangedBy, after the packs' columns (a pack's header column since migration 23).
        private const int ChangedByColumn = 20;

        /// <summary>Subject keys as numbers (a key that is none, such as Clear-BmgHistory's "history", is in no pack).</summary>
        private static long[] KeyNumbers(IEnumerable<string> keys)
        {
            var numbers = new List<long>();
            foreach (string key in keys)
            {
                if (long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out long number))
                {
                    numbers.Add(number);
                }
            }

            return numbers.ToArray();
        }

        /// <summary>
        /// A pack's entries (of kind <paramref name="only"/>, null: all), oldest first, or what <see cref="PackRead"/> makes of
        /// one that doesn't read. The header is checked against every entry's kind and key, those of the kind passed over too.
        /// </summary>
        private static List<ChangeEntry> ReadPack(NpgsqlDataReader r, bool forChain, PackHeaderCheck.KeysBefore? keysBefore, SubjectKind? only = null)
        {
            var pack = new PackRead.Origin(r.GetInt64(0), r.GetInt64(PackLastSequenceColumn), r.GetString(2), r.GetString(3), r.GetString(4));
            var subjects = new List<(SubjectKind Kind, long Key)>(ChangeEntryPack.MaxEntries);
            return PackRead.Read(pack, forChain,
                () => ChangeEntryPack.Decode(new ChangeEntryPack.PackHeader(pack.First, r.GetFieldValue<DateTimeOffset>(1), pack.OsUser, pack.Host, pack.Command,
                    r.IsDBNull(5) ? (long?)null : r.GetInt64(5), r.GetString(12), r.GetString(ChangedByColumn)), r.GetFieldValue<byte[]>(PackEntriesColumn), only, subjects),
                _ => PackHeaderCheck.Mismatch(pack.First, pack.Last, subjects, keysBefore, (name, decoded) =>
                {
                    int column = PackKeyColumns + Array.IndexOf(PackHeaderCheck.KeyColumns, name);
                    return PackHeaderCheck.KeyMismatch(name, r.IsDBNull(column) ? (long?)null : r.GetInt64(column), decoded);
                }));
        }

        // ---- names a packed subject no longer has ----

        // PacksOfDeviceKeysSql, PacksOfUserKeysSql: in .HistoryTables, beside the one look-up of the pack that holds a key.

        private const string KeepNamesSql = @"INSERT INTO change_history_names (subject_kind, subject_key, subject, through)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
ON CONFLICT (subject_kind, subject_key, subject) DO UPDATE SET through = GREATEST(change_history_names.through, excluded.through);";

        /// <summary>
        /// The rows in <paramref name="nameEnders"/> end a name (a rename, a removal); their subject's created entry may be in
        /// a pack, whose name the rows' statement (KeepPastNames) can't read: the packs that hold their keys are read (after
        /// the queued statements, so a pack of this very batch is there) and the names they carry, other than the one each
        /// row keeps, are queued as kept. A pack that no longer decodes stops the write with HistoryTampered (it rolls back)
        /// rather than a past name being lost unsaid.
        /// </summary>
        private void KeepPackedPastNames(List<ChangeEntry> nameEnders)
        {
            var kept = new Dictionary<(SubjectKind Kind, long Key, string Subject), long>();
            foreach (SubjectKind kind in new[] { SubjectKind.Device, SubjectKind.User })
            {
                var keys = new HashSet<long>();
                foreach (ChangeEntry entry in nameEnders)
                {
                    if (entry.SubjectKind == kind && entry.TryGetKeyNumber(out long key))
                    {
                        keys.Add(key);
                    }
                }

                if (keys.Count == 0)
                {
                    continue;
                }

                var keyArray = new long[keys.Count];
                keys.CopyTo(keyArray);
                foreach ((long firstSequence, byte[] blob) in Query(kind == SubjectKind.Device ? PacksOfDeviceKeysSql : PacksOfUserKeysSql,
                    r => (r.GetInt64(0), r.GetFieldValue<byte[]>(1)), Bigints(keyArray)))
                {
                    foreach ((SubjectKind packedKind, long packedKey, string subject, long sequence) in PackRead.Subjects(firstSequence, blob))
                    {
                        foreach (ChangeEntry entry in nameEnders)
                        {
                            if (packedKind == entry.SubjectKind && entry.TryGetKeyNumber(out long key) && key == packedKey && sequence <= entry.Sequence
                                && (entry.Action == ChangeAction.Removed || subject != entry.Subject))
                            {
                                var name = (packedKind, packedKey, subject);
                                kept[name] = kept.TryGetValue(name, out long through) ? Math.Max(through, sequence) : sequence;
                            }
                        }
                    }
                }
            }

            if (kept.Count == 0)
            {
                return;
            }

            // One row a name: an INSERT ... ON CONFLICT must not meet the same name twice.
            var kinds = new string[kept.Count];
            var keyTexts = new string[kept.Count];
            var names = new string[kept.Count];
            var throughs = new long[kept.Count];
            int i = 0;
            foreach (KeyValuePair<(SubjectKind Kind, long Key, string Subject), long> name in kept)
            {
                kinds[i] = name.Key.Kind.ToString();
                keyTexts[i] = name.Key.Key.ToString(CultureInfo.InvariantCulture);
                names[i] = name.Key.Subject;
                throughs[i] = name.Value;
                i++;
            }

            _queuedHistory.Add(BatchCommand(KeepNamesSql, Texts(kinds), Texts(keyTexts), Texts(names), Bigints(throughs)));
        }
    }
}
