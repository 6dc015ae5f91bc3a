using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// The change history's packs (migration 11): a run of created records' entries kept as one row of
    /// change_history_packs (<see cref="ChangeEntryPack"/> has the blob's bytes) — made ready off the writing thread,
    /// inserted, found by a kind's key range, and read back with their header columns checked against their entries.
    /// </summary>
    public sealed partial class SqliteDeviceStore
    {
        /// <summary>
        /// The packs of a batch, found and encoded (<see cref="PackedAppend"/>, the rule both stores share), and its other
        /// entries with their changes texts encoded (<see cref="ChangeTextsUtf8"/>); pure (no connection), so the recorder runs
        /// it on its hashing thread.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per batch of entries (an import: a thousand): see Import.PerRowCode
        public object Prepare(IReadOnlyList<ChangeEntry> linked)
        {
            PackedAppend append = PackedAppend.Of(linked, rentBlobs: true);
            return new PreparedAppend(append, append.Rows.Count == 0 ? null : ChangeTextsUtf8.Of(append.Rows));
        }

        /// <summary>Packs as rows of change_history_packs (in any order: each has its own sequences), the other entries as rows of change_history.</summary>
        [MethodImpl(PerRowCode.Compile)] // per batch of entries (an import: a thousand): see Import.PerRowCode
        public void AppendPrepared(object prepared)
        {
            var batch = (PreparedAppend)prepared;
            PackedAppend append = batch.Append;
            foreach (PackedAppend.Pack pack in append.Packs)
            {
                InsertPack(pack);
                // SQLite copied the bytes when they were bound. (A batch dropped after a failure keeps its arrays: the
                // pool does without them.)
                ArrayPool<byte>.Shared.Return(pack.Blob);
                pack.Blob = Array.Empty<byte>();
            }

            AppendRows(append.Rows, batch.RowTexts);
            batch.RowTexts?.Return();
        }

        private const string InsertPackSql = @"INSERT INTO change_history_packs (first_sequence, last_sequence, at, os_user, host, command, import_id,
    previous_hash, first_user_key, last_user_key, first_device_key, last_device_key, entries, changed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);";

        [MethodImpl(PerRowCode.Compile)] // per pack (an import: a thousand): see Import.PerRowCode
        private void InsertPack(PackedAppend.Pack pack) =>
            Run(InsertPackSql, [MethodImpl(PerRowCode.Compile)] (c) =>
            {
                c.SetAt(1, pack.FirstSequence);
                c.SetAt(2, pack.FirstSequence + pack.Count - 1);
                c.SetAt(3, HistoryTime.ToText(pack.At));
                c.SetAt(4, pack.OsUser);
                c.SetAt(5, pack.Host);
                c.SetAt(6, pack.Command);
                SetNumberAt(c, 7, pack.ImportId);
                BindHash(c, 8, pack.PreviousHash);
                SetNumberAt(c, 9, pack.FirstUser);
                SetNumberAt(c, 10, pack.LastUser);
                SetNumberAt(c, 11, pack.FirstDevice);
                SetNumberAt(c, 12, pack.LastDevice);
                c.SetBlobAt(13, pack.Blob.AsSpan(0, pack.BlobLength));
                c.SetAt(14, pack.ChangedBy);
            });

        [MethodImpl(PerRowCode.Compile)] // per pack (an import: a thousand): see Import.PerRowCode
        private static void SetNumberAt(SqliteStatement c, int index, long? number)
        {
            if (number is long value)
            {
                c.SetAt(index, value);
            }
            else
            {
                c.SetAt(index, (string?)null);
            }
        }

        // ---- Packs (migration 11): the pack that holds a key, found by its kind's key range ----
        // A pack's keys of one kind rise with its entries, and keys are never handed out again, so packs' ranges of a
        // kind don't overlap: the pack with the greatest first key at or below a key is the only one that can hold it.

        private const string PackOfDeviceKeySql = @"SELECT first_sequence, entries FROM change_history_packs
    WHERE first_sequence = (SELECT first_sequence FROM change_history_packs WHERE first_device_key <= $key ORDER BY first_device_key DESC LIMIT 1)
    AND last_device_key >= $key;";

        private const string PackOfUserKeySql = @"SELECT first_sequence, entries FROM change_history_packs
    WHERE first_sequence = (SELECT first_sequence FROM change_history_packs WHERE first_user_key <= $key ORDER BY first_user_key DESC LIMIT 1)
    AND last_user_key >= $key;";

        private static string PackOfKeySql(SubjectKind kind) => kind == SubjectKind.Device ? PackOfDeviceKeySql : PackOfUserKeySql;

        // The key columns after the blob: every read of a pack checks them against its entries (see PackHeaderMismatch);
        // then ChangedBy (migration 26), a header column as the OS user is.
        private const string PackColumns =
            "first_sequence, last_sequence, at, os_user, host, command, import_id, previous_hash, entries, first_user_key, last_user_key, first_device_key, last_device_key"
            + ", changed_by";

        private const int PackChangedByColumn = 13;

        private const string PacksInChainOrderSql = "SELECT " + PackColumns + " FROM change_history_packs ORDER BY first_sequence;";

        private const string PackBySequenceSql = "SELECT " + PackColumns + " FROM change_history_packs WHERE first_sequence = $first;";

        // -User as for rows: a pack's entries are its header's OS user's, made for its header's ChangedBy.
        private const string TimesSql = " AND ($since IS NULL OR at >= $since) AND ($until IS NULL OR at <= $until)" + ByWhomSql;

        private const string PacksOfDevicesSql = "SELECT " + PackColumns + " FROM change_history_packs WHERE first_device_key IS NOT NULL"
            + TimesSql + " ORDER BY first_sequence DESC;";

        private const string PacksOfUsersSql = "SELECT " + PackColumns + " FROM change_history_packs WHERE first_user_key IS NOT NULL"
            + TimesSql + " ORDER BY first_sequence DESC;";

        // For each key, the one pack that can hold it (see PackOfDeviceKeySql), read once however many of the keys it holds.
        private const string PacksOfDeviceKeysSql = "SELECT " + PackColumns + @" FROM change_history_packs WHERE first_sequence IN (
    SELECT p.first_sequence FROM json_each($keys) k JOIN change_history_packs p ON p.first_sequence = (SELECT q.first_sequence FROM change_history_packs q
        WHERE q.first_device_key <= CAST(k.value AS INTEGER) ORDER BY q.first_device_key DESC LIMIT 1)
    WHERE p.last_device_key >= CAST(k.value AS INTEGER))" + TimesSql + " ORDER BY first_sequence DESC;";

        private const string PacksOfUserKeysSql = "SELECT " + PackColumns + @" FROM change_history_packs WHERE first_sequence IN (
    SELECT p.first_sequence FROM json_each($keys) k JOIN change_history_packs p ON p.first_sequence = (SELECT q.first_sequence FROM change_history_packs q
        WHERE q.first_user_key <= CAST(k.value AS INTEGER) ORDER BY q.first_user_key DESC LIMIT 1)
    WHERE p.last_user_key >= CAST(k.value AS INTEGER))" + TimesSql + " ORDER BY first_sequence DESC;";

        /// <summary>
        /// A pack's entries (of kind <paramref name="only"/>, null: all), oldest first, or what <see cref="PackRead"/> makes of
        /// one that doesn't read. The header is checked against every entry's kind and key, those of the kind passed over too.
        /// </summary>
        private static List<ChangeEntry> ReadPack(SqliteStatement r, bool forChain, PackHeaderCheck.KeysBefore? keysBefore = null, SubjectKind? only = null)
        {
            var pack = new PackRead.Origin(r.GetInt64(0), r.GetInt64(1), r.GetString(3), r.GetString(4), r.GetString(5));
            var subjects = new List<(SubjectKind Kind, long Key)>(ChangeEntryPack.MaxEntries);
            return PackRead.Read(pack, forChain,
                () => ChangeEntryPack.Decode(new ChangeEntryPack.PackHeader(pack.First, HistoryTime.Parse(r.GetString(2)), pack.OsUser, pack.Host, pack.Command,
                    r.IsDBNull(6) ? (long?)null : r.GetInt64(6), ReadHash(r, 7), r.GetString(PackChangedByColumn)), r.GetBlob(8).ToArray(), only, subjects),
                _ => PackHeaderCheck.Mismatch(pack.First, pack.Last, subjects, keysBefore,
                    (name, decoded) => KeyColumnMismatch(r, 9 + Array.IndexOf(PackHeaderCheck.KeyColumns, name), name, decoded)));
        }

        private static string? KeyColumnMismatch(SqliteStatement r, int column, string name, long? decoded)
        {
            // A key edited to a text or a real is no integer key, whatever number SQLite would make of it: its text
            // must be the integer's own.
            string? text = r.IsDBNull(column) ? null : r.GetString(column);
            long? stored = text == null ? null : r.GetInt64(column);
            if (stored == decoded && text == stored?.ToString(CultureInfo.InvariantCulture))
            {
                return null;
            }

            return $"{name} is {(text == null ? "NULL" : "'" + text + "'")}, but its entries' is {(decoded is long key ? key.ToString(CultureInfo.InvariantCulture) : "none")}";
        }

        // Last in the file: the SQL constants above belong to the store's class (ParameterizedSqlTests reads a constant's
        // class as the last one declared before it).
        /// <summary>What <see cref="Prepare"/> made of a batch: its packs and rows, and the rows' changes texts.</summary>
        private sealed class PreparedAppend
        {
            public PreparedAppend(PackedAppend append, ChangeTextsUtf8? rowTexts)
            {
                Append = append;
                RowTexts = rowTexts;
            }

            public PackedAppend Append { get; }

            public ChangeTextsUtf8? RowTexts { get; }
        }
    }
}
