using System;
using System.Collections.Generic;
using System.Globalization;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// Whether a pack's header columns still match its decoded entries, for every store that keeps packs. The columns
    /// steer every read (a look-up by key takes the pack with the greatest first key at or below it, Clear-BmgHistory a
    /// pack by its sequences) but are not hashed: last_sequence must be the last entry's, each kind's first and last key
    /// the entries' least and greatest (NULL exactly when the pack holds none of that kind), and in chain order
    /// (<see cref="KeysBefore"/>) a pack's keys of a kind above every earlier pack's, or a look-up picks the wrong pack.
    /// </summary>
    public static class PackHeaderCheck
    {
        /// <summary>The key columns by name, in the order <see cref="Mismatch(long, long, IReadOnlyList{ValueTuple{SubjectKind, long}}, KeysBefore?, Func{string, long?, string?})"/> asks a store about them.</summary>
        public static readonly string[] KeyColumns = { "first_user_key", "last_user_key", "first_device_key", "last_device_key" };

        /// <summary>
        /// What disagrees (null: nothing). <paramref name="keyColumnMismatch"/> compares one stored key column (by its name
        /// in <see cref="KeyColumns"/>) with the entries' key (null: none of that kind) and says how they differ, or null:
        /// the store knows how its column can have been edited (SQLite: to a text).
        /// </summary>
        public static string? Mismatch(long first, long last, IReadOnlyList<ChangeEntry> entries, KeysBefore? keysBefore,
            Func<string, long?, string?> keyColumnMismatch)
        {
            var subjects = new List<(SubjectKind Kind, long Key)>(entries.Count);
            foreach (ChangeEntry entry in entries)
            {
                subjects.Add((entry.SubjectKind, long.Parse(entry.SubjectKey, NumberStyles.None, CultureInfo.InvariantCulture)));
            }

            return Mismatch(first, last, subjects, keysBefore, keyColumnMismatch);
        }

        /// <summary>As above, from every entry's kind and key (<see cref="ChangeEntryPack.Decode(ChangeEntryPack.PackHeader, byte[], SubjectKind?, List{ValueTuple{SubjectKind, long}})"/> gives them).</summary>
        public static string? Mismatch(long first, long last, IReadOnlyList<(SubjectKind Kind, long Key)> subjects, KeysBefore? keysBefore,
            Func<string, long?, string?> keyColumnMismatch)
        {
            if (last != first + subjects.Count - 1)
            {
                return $"last_sequence is {last}, but its {subjects.Count} entries end at {first + subjects.Count - 1}";
            }

            long? firstUser = null, lastUser = null, firstDevice = null, lastDevice = null;
            foreach ((SubjectKind kind, long key) in subjects)
            {
                if (kind == SubjectKind.Device)
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

            string? mismatch = keyColumnMismatch(KeyColumns[0], firstUser) ?? keyColumnMismatch(KeyColumns[1], lastUser)
                ?? keyColumnMismatch(KeyColumns[2], firstDevice) ?? keyColumnMismatch(KeyColumns[3], lastDevice);
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

        /// <summary>How a stored key column that is a number (or NULL) differs from the entries' key; null when it doesn't.</summary>
        public static string? KeyMismatch(string column, long? stored, long? decoded) =>
            stored == decoded ? null
                : $"{column} is {(stored is long s ? s.ToString(CultureInfo.InvariantCulture) : "NULL")}, but its entries' is {(decoded is long key ? key.ToString(CultureInfo.InvariantCulture) : "none")}";

        private static long? Max(long? a, long? b) => a is long x && b is long y ? Math.Max(x, y) : a ?? b;

        /// <summary>The greatest keys of each kind the packs read so far (in chain order) hold.</summary>
        public sealed class KeysBefore
        {
            public long? LastUser;
            public long? LastDevice;
        }
    }
}
