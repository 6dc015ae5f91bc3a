using System.Runtime.CompilerServices;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// The in-memory part of <see cref="SeenKeys"/>: 64-bit key fingerprints, each with the line and tag it was first seen
    /// with, in one open-addressing table (linear probing, at most half full).
    /// </summary>
    /// <remarks>
    /// It was a <c>Dictionary&lt;long, (int, long)&gt;</c>: every row of an import looks up and adds one or two keys, and in a
    /// fresh process that instantiation over value types runs as .NET's quick first-tier code for much of the file (no
    /// precompiled code exists for it), then grows by copying its buckets and entries ~17 times up to 200,000 keys: ~8 % of
    /// the import thread's CPU in an unchanged re-import's profile. This table's methods are compiled optimized at their
    /// first call (<see cref="PerRowCode"/>) and grow by rehashing three flat arrays.
    /// </remarks>
    internal sealed class FingerprintTable
    {
        private const int InitialCapacity = 1024;

        private long[] _keys = new long[InitialCapacity];
        private int[] _lines = new int[InitialCapacity];
        private long[] _tags = new long[InitialCapacity];
        // Which slots hold a key (a fingerprint may be any value, 0 too).
        private bool[] _used = new bool[InitialCapacity];

        /// <summary>Keys held.</summary>
        public int Count { get; private set; }

        /// <summary>The line and tag <paramref name="key"/> was added with, if it was.</summary>
        [MethodImpl(PerRowCode.Compile)]
        public bool TryGetValue(long key, out (int Line, long Tag) value)
        {
            int slot = Find(_keys, _used, key);
            if (_used[slot])
            {
                value = (_lines[slot], _tags[slot]);
                return true;
            }

            value = default;
            return false;
        }

        /// <summary>Adds the key with its line and tag, unless it is held: then returns false and the line and tag it holds.</summary>
        [MethodImpl(PerRowCode.Compile)]
        public bool TryAdd(long key, int line, long tag, out (int Line, long Tag) held)
        {
            int slot = Find(_keys, _used, key);
            if (_used[slot])
            {
                held = (_lines[slot], _tags[slot]);
                return false;
            }

            held = default;
            if (2 * (Count + 1) > _keys.Length)
            {
                Grow(_keys.Length * 2);
                slot = Find(_keys, _used, key);
            }

            _keys[slot] = key;
            _lines[slot] = line;
            _tags[slot] = tag;
            _used[slot] = true;
            Count++;
            return true;
        }

        /// <summary>Makes room for <paramref name="keys"/> keys in all (at most half full), unless the table has it already.</summary>
        public void Reserve(int keys)
        {
            int capacity = _keys.Length;
            while (capacity < 2L * keys && capacity < (1 << 30))
            {
                capacity *= 2;
            }

            if (capacity > _keys.Length)
            {
                Grow(capacity);
            }
        }

        /// <summary>The slot holding <paramref name="key"/>, or the free slot where it would go.</summary>
        [MethodImpl(PerRowCode.Compile)]
        private static int Find(long[] keys, bool[] used, long key)
        {
            int mask = keys.Length - 1;
            // Fibonacci hashing: the fingerprints are hashes already, but a table's low bits should depend on all of them.
            int slot = (int)((ulong)(key * unchecked((long)0x9E3779B97F4A7C15UL)) >> 32) & mask;
            while (used[slot] && keys[slot] != key)
            {
                slot = (slot + 1) & mask;
            }

            return slot;
        }

        [MethodImpl(PerRowCode.Compile)]
        private void Grow(int capacity)
        {
            long[] keys = _keys;
            int[] lines = _lines;
            long[] tags = _tags;
            bool[] used = _used;
            _keys = new long[capacity];
            _lines = new int[capacity];
            _tags = new long[capacity];
            _used = new bool[capacity];
            for (int old = 0; old < keys.Length; old++)
            {
                if (used[old])
                {
                    int slot = Find(_keys, _used, keys[old]);
                    _keys[slot] = keys[old];
                    _lines[slot] = lines[old];
                    _tags[slot] = tags[old];
                    _used[slot] = true;
                }
            }
        }
    }
}
