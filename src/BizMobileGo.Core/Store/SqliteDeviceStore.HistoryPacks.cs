using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Errors;
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
        /// A batch made ready off the writing thread: its packs, and the entries that stay rows. A pack keeps the header
        /// values of its first entry and its blob, not its entries, so what waits to be written is a few objects a batch.
        /// </summary>
        private sealed class PreparedAppend
        {
            public readonly List<PreparedPack> Packs = new List<PreparedPack>();
            public readonly List<ChangeEntry> Rows = new List<ChangeEntry>();
        }

        private sealed class PreparedPack
        {
            public long FirstSequence;
            public int Count;
            public string At = "";
            public string OsUser = "";
            public string Host = "";
            public string Command = "";
            public long? ImportId;
            public string PreviousHash = "";
            public long? FirstUser;
            public long? LastUser;
            public long? FirstDevice;
            public long? LastDevice;
            // Rented (ChangeEntryPack.EncodeRented): its first BlobLength bytes, given back once inserted.
            public byte[] Blob = Array.Empty<byte>();
            public int BlobLength;
        }

        /// <summary>The packs of a batch, found and encoded, and its other entries; pure (no connection), so the recorder runs it on its hashing thread.</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public object Prepare(IReadOnlyList<ChangeEntry> linked)
        {
            var prepared = new PreparedAppend();
            long[]? keys = null;
            int next = 0;
            while (next < linked.Count)
            {
                int run = ChangeEntryPack.Run(linked, next, keys ??= new long[linked.Count]);
                if (run < ChangeEntryPack.MinEntries)
                {
                    for (int end = next + Math.Max(run, 1); next < end; next++)
                    {
                        prepared.Rows.Add(linked[next]);
                    }

                    continue;
                }

                ChangeEntry first = linked[next];
                var pack = new PreparedPack
                {
                    FirstSequence = first.Sequence, Count = run, At = HistoryTime.ToText(first.At), OsUser = first.OsUser, Host = first.Host,
                    Command = first.Command, ImportId = first.ImportId, PreviousHash = first.PreviousHash,
                };
                for (int i = next; i < next + run; i++)
                {
                    if (linked[i].SubjectKind == SubjectKind.Device)
                    {
                        pack.FirstDevice ??= keys[i];
                        pack.LastDevice = keys[i];
                    }
                    else
                    {
                        pack.FirstUser ??= keys[i];
                        pack.LastUser = keys[i];
                    }
                }

                pack.Blob = ChangeEntryPack.EncodeRented(linked, next, run, keys, out pack.BlobLength);
                prepared.Packs.Add(pack);
                next += run;
            }

            return prepared;
        }

        /// <summary>Packs as rows of change_history_packs (in any order: each has its own sequences), the other entries as rows of change_history.</summary>
        public void AppendPrepared(object prepared)
        {
            var append = (PreparedAppend)prepared;
            foreach (PreparedPack pack in append.Packs)
            {
                InsertPack(pack);
                // SQLite copied the bytes when they were bound. (A batch dropped after a failure keeps its arrays: the
                // pool does without them.)
                ArrayPool<byte>.Shared.Return(pack.Blob);
                pack.Blob = Array.Empty<byte>();
            }

            AppendRows(append.Rows);
        }

        private const string InsertPackSql = @"INSERT INTO change_history_packs (first_sequence, last_sequence, at, os_user, host, command, import_id,
    previous_hash, first_user_key, last_user_key, first_device_key, last_device_key, entries) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);";

        private void InsertPack(PreparedPack pack) =>
            Run(InsertPackSql, c =>
            {
                c.SetAt(1, pack.FirstSequence);
                c.SetAt(2, pack.FirstSequence + pack.Count - 1);
                c.SetAt(3, pack.At);
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
            });

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

        // The key columns last: every read of a pack checks them against its entries (see PackHeaderMismatch).
        private const string PackColumns =
            "first_sequence, last_sequence, at, os_user, host, command, import_id, previous_hash, entries, first_user_key, last_user_key, first_device_key, last_device_key";

        private const string PacksInChainOrderSql = "SELECT " + PackColumns + " FROM change_history_packs ORDER BY first_sequence;";

        private const string PackBySequenceSql = "SELECT " + PackColumns + " FROM change_history_packs WHERE first_sequence = $first;";

        private const string TimesSql = " AND ($since IS NULL OR at >= $since) AND ($until IS NULL OR at <= $until)";

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
        /// A pack's entries, oldest first. One that no longer decodes (edited by hand), or whose header columns no longer
        /// match its entries, is for the chain one entry at its first sequence that verifies against nothing
        /// (<see cref="HistoryChain.UnreadableEntry"/>), so Test-BmgHistory names it; a query stops with HistoryTampered
        /// instead of leaving its entries out unsaid.
        /// </summary>
        private static List<ChangeEntry> ReadPack(SqliteStatement r, bool forChain, PackKeysBefore? keysBefore = null)
        {
            long first = r.GetInt64(0);
            long last = r.GetInt64(1);
            List<ChangeEntry> entries;
            try
            {
                var header = new ChangeEntryPack.PackHeader(first, HistoryTime.Parse(r.GetString(2)), r.GetString(3), r.GetString(4), r.GetString(5),
                    r.IsDBNull(6) ? (long?)null : r.GetInt64(6), ReadHash(r, 7));
                entries = ChangeEntryPack.Decode(header, r.GetBlob(8).ToArray());
            }
            catch (FormatException e)
            {
                return Unreadable(r, first, forChain, $"the entries kept together from {first} no longer decode ({e.Message})",
                    $"entries {first}-{last}, kept together, can no longer be read ({e.Message})", e);
            }

            string? mismatch = PackHeaderMismatch(r, first, last, entries, keysBefore);
            return mismatch == null ? entries
                : Unreadable(r, first, forChain, $"the header of the entries kept together from {first} no longer matches its entries ({mismatch})",
                    $"the header of entries {first}-{last}, kept together, no longer matches them ({mismatch})", null);
        }

        private static List<ChangeEntry> Unreadable(SqliteStatement r, long first, bool forChain, string forTheChain, string forAQuery, Exception? e)
        {
            if (!forChain)
            {
                throw Tampered(first, forAQuery, e);
            }

            return new List<ChangeEntry> { HistoryChain.UnreadableEntry(first, r.GetString(3), r.GetString(4), r.GetString(5), forTheChain) };
        }

        private static BmgException Tampered(long sequence, string what, Exception? e) =>
            new BmgException(ErrorIds.HistoryTampered, BmgErrorCategory.InvalidData,
                $"The change history was changed by hand: {what}. Test-BmgHistory names the first bad entry.", sequence, e);

        /// <summary>
        /// What in a pack's header columns disagrees with its decoded entries (null: nothing). The columns steer every
        /// read (a look-up by key takes the pack with the greatest first key at or below it, Clear-BmgHistory a pack by its
        /// sequences) but are not hashed: last_sequence must be the last entry's, each kind's first and last key the
        /// entries' least and greatest (NULL exactly when the pack holds none of that kind), and in chain order
        /// (<paramref name="keysBefore"/>) a pack's keys of a kind above every earlier pack's, or a look-up picks the wrong pack.
        /// </summary>
        private static string? PackHeaderMismatch(SqliteStatement r, long first, long last, List<ChangeEntry> entries, PackKeysBefore? keysBefore)
        {
            if (last != first + entries.Count - 1)
            {
                return $"last_sequence is {last}, but its {entries.Count} entries end at {first + entries.Count - 1}";
            }

            long? firstUser = null, lastUser = null, firstDevice = null, lastDevice = null;
            foreach (ChangeEntry entry in entries)
            {
                long key = long.Parse(entry.SubjectKey, NumberStyles.None, CultureInfo.InvariantCulture);
                if (entry.SubjectKind == SubjectKind.Device)
                {
                    firstDevice = firstDevice is long least ? Math.Min(least, key) : key;
                    lastDevice = lastDevice is long greatest ? Math.Max(greatest, key) : key;
                }
                else
                {
                    firstUser = firstUser is long least ? Math.Min(least, key) : key;
                    lastUser = lastUser is long greatest ? Math.Max(greatest, key) : key;
                }
            }

            string? mismatch = KeyColumnMismatch(r, 9, "first_user_key", firstUser) ?? KeyColumnMismatch(r, 10, "last_user_key", lastUser)
                ?? KeyColumnMismatch(r, 11, "first_device_key", firstDevice) ?? KeyColumnMismatch(r, 12, "last_device_key", lastDevice);
            if (mismatch == null && keysBefore != null)
            {
                if (firstUser <= keysBefore.LastUser)
                {
                    mismatch = $"its first user key {firstUser} is not above {keysBefore.LastUser}, held by the entries kept together before it";
                }
                else if (firstDevice <= keysBefore.LastDevice)
                {
                    mismatch = $"its first device key {firstDevice} is not above {keysBefore.LastDevice}, held by the entries kept together before it";
                }
            }

            if (keysBefore != null)
            {
                keysBefore.LastUser = Max(keysBefore.LastUser, lastUser);
                keysBefore.LastDevice = Max(keysBefore.LastDevice, lastDevice);
            }

            return mismatch;
        }

        private static long? Max(long? a, long? b) => a is long x && b is long y ? Math.Max(x, y) : a ?? b;

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

        /// <summary>The greatest keys of each kind the packs read so far hold (for <see cref="PackHeaderMismatch"/>).</summary>
        private sealed class PackKeysBefore
        {
            public long? LastUser;
            public long? LastDevice;
        }
    }
}
