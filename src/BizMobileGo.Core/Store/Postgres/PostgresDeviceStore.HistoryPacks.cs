using System;
using System.Collections.Generic;
using System.Globalization;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.History;
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
    previous_hash, first_user_key, last_user_key, first_device_key, last_device_key, entries)
SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[],
    $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bytea[]);";

        /// <summary>A batch's packs as one multi-row INSERT (a batch of the recorder holds one or two).</summary>
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
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = blobs });
        }

        private static NpgsqlParameter Bigints(long[] values) => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = values };

        private static NpgsqlParameter NullableBigints(long?[] values) => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = values };

        // ---- reading: packs among the rows ----
        // A statement that reads rows and packs together returns the rows' columns, then the packs' (NULL for a row):
        // Npgsql reads one result at a time on a connection, so the two are one ordered stream, not two merged here
        // (.History: NoPackColumns, PackColumns).

        private const int PackLastSequenceColumn = 14;
        private const int PackEntriesColumn = 15;
        private const int PackKeyColumns = 16;

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
        /// A pack's entries (of kind <paramref name="only"/>, null: all), oldest first. One that no longer decodes (edited by hand), or whose header columns no longer
        /// match its entries, is for the chain one entry at its first sequence that verifies against nothing
        /// (<see cref="HistoryChain.UnreadableEntry"/>), so Test-BmgHistory names it; a query stops with HistoryTampered
        /// instead of leaving its entries out unsaid.
        /// </summary>
        private static List<ChangeEntry> ReadPack(NpgsqlDataReader r, bool forChain, PackHeaderCheck.KeysBefore? keysBefore, SubjectKind? only = null)
        {
            long first = r.GetInt64(0);
            long last = r.GetInt64(PackLastSequenceColumn);
            List<ChangeEntry> entries;
            var subjects = new List<(SubjectKind Kind, long Key)>(ChangeEntryPack.MaxEntries);
            try
            {
                var header = new ChangeEntryPack.PackHeader(first, r.GetFieldValue<DateTimeOffset>(1), r.GetString(2), r.GetString(3), r.GetString(4),
                    r.IsDBNull(5) ? (long?)null : r.GetInt64(5), r.GetString(12));
                entries = ChangeEntryPack.Decode(header, r.GetFieldValue<byte[]>(PackEntriesColumn), only, subjects);
            }
            catch (FormatException e)
            {
                return Unreadable(r, first, forChain, $"the entries kept together from {first} no longer decode ({e.Message})",
                    $"entries {first}-{last}, kept together, can no longer be read ({e.Message})", e);
            }

            string? mismatch = PackHeaderCheck.Mismatch(first, last, subjects, keysBefore, (name, decoded) =>
            {
                int column = PackKeyColumns + Array.IndexOf(PackHeaderCheck.KeyColumns, name);
                return PackHeaderCheck.KeyMismatch(name, r.IsDBNull(column) ? (long?)null : r.GetInt64(column), decoded);
            });
            return mismatch == null ? entries
                : Unreadable(r, first, forChain, $"the header of the entries kept together from {first} no longer matches its entries ({mismatch})",
                    $"the header of entries {first}-{last}, kept together, no longer matches them ({mismatch})", null);
        }

        private static List<ChangeEntry> Unreadable(NpgsqlDataReader r, long first, bool forChain, string forTheChain, string forAQuery, Exception? e)
        {
            if (!forChain)
            {
                throw Tampered(first, forAQuery, e);
            }

            return new List<ChangeEntry> { HistoryChain.UnreadableEntry(first, r.GetString(2), r.GetString(3), r.GetString(4), forTheChain) };
        }

        private static BmgException Tampered(long sequence, string what, Exception? e) =>
            new BmgException(ErrorIds.HistoryTampered, BmgErrorCategory.InvalidData,
                $"The change history was changed by hand: {what}. Test-BmgHistory names the first bad entry.", sequence, e);

        // ---- names a packed subject no longer has ----

        // The packs that hold the keys $1 (see DevicePacksOfKeysSql in .History).
        private const string PacksOfDeviceKeysSql = @"SELECT first_sequence, entries FROM change_history_packs WHERE first_sequence IN (
SELECT c.first_sequence FROM unnest($1::bigint[]) AS k(key)
    CROSS JOIN LATERAL (SELECT q.first_sequence, q.last_device_key AS last_key FROM change_history_packs q WHERE q.first_device_key <= k.key
        ORDER BY q.first_device_key DESC LIMIT 1) c
    WHERE c.last_key >= k.key);";

        private const string PacksOfUserKeysSql = @"SELECT first_sequence, entries FROM change_history_packs WHERE first_sequence IN (
SELECT c.first_sequence FROM unnest($1::bigint[]) AS k(key)
    CROSS JOIN LATERAL (SELECT q.first_sequence, q.last_user_key AS last_key FROM change_history_packs q WHERE q.first_user_key <= k.key
        ORDER BY q.first_user_key DESC LIMIT 1) c
    WHERE c.last_key >= k.key);";

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
                    List<(SubjectKind Kind, long Key, string Subject, long Sequence)> subjects;
                    try
                    {
                        subjects = ChangeEntryPack.Subjects(firstSequence, blob);
                    }
                    catch (FormatException e)
                    {
                        throw Tampered(firstSequence, $"the entries kept together from {firstSequence} can no longer be read ({e.Message})", e);
                    }

                    foreach ((SubjectKind packedKind, long packedKey, string subject, long sequence) in subjects)
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
