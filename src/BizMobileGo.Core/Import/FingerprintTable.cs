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
    /// first call (<see cref="PerRowCode"/>) and grow by rehashing.
    /// A slot keeps its key, line and tag together (one cache line a probe, not one for each of four arrays), and the
    /// slots are held in segments of <see cref="SegmentSize"/>, each an array below .NET's large-object threshold
    /// (85,000 bytes): the four flat arrays of 200,000 keys (10.5 MB at the last growth) were large objects, which the
    /// garbage collector neither compacts nor frees before a full collection (PERFORMANCE.md, thirty-eighth round, branch
    /// reimp38).
    /// </remarks>
    internal sealed class FingerprintTable
    {
        // 2,048 slots of 24 bytes: 48 KB a segment.
        private const int SegmentBits = 11;
        private const int SegmentSize = 1 << SegmentBits;

        private Slot[][] _segments = { new Slot[SegmentSize] };

        /// <summary>Keys held.</summary>
        public int Count { get; private set; }

        private int Capacity => _segments.Length << SegmentBits;

        /// <summary>The line and tag <paramref name="key"/> was added with, if it was.</summary>
        [MethodImpl(PerRowCode.Compile)]
        public bool TryGetValue(long key, out (int Line, long Tag) value)
        {
            ref Slot slot = ref Find(_segments, key);
            if (slot.Used)
            {
                value = (slot.Line, slot.Tag);
                return true;
            }

            value = default;
            return false;
        }

        /// <summary>Adds the key with its line and tag, unless it is held: then returns false and the line and tag it holds.</summary>
        [MethodImpl(PerRowCode.Compile)]
        public bool TryAdd(long key, int line, long tag, out (int Line, long Tag) held)
        {
            ref Slot slot = ref Find(_segments, key);
            if (slot.Used)
            {
                held = (slot.Line, slot.Tag);
                return false;
            }

            held = default;
            if (2 * (Count + 1) > Capacity)
            {
                Grow();
                slot = ref Find(_segments, key);
            }

            slot = new Slot(key, line, tag);
            Count++;
            return true;
        }

        /// <summary>The slot holding <paramref name="key"/>, or the free slot where it would go.</summary>
        [MethodImpl(PerRowCode.Compile)]
        private static ref Slot Find(Slot[][] segments, long key)
        {
            int mask = (segments.Length << SegmentBits) - 1;
            // Fibonacci hashing: the fingerprints are hashes already, but a table's low bits should depend on all of them.
            int index = (int)((ulong)(key * unchecked((long)0x9E3779B97F4A7C15UL)) >> 32) & mask;
            while (true)
            {
                ref Slot slot = ref segments[index >> SegmentBits][index & (SegmentSize - 1)];
                if (!slot.Used || slot.Key == key)
                {
                    return ref slot;
                }

                index = (index + 1) & mask;
            }
        }

        [MethodImpl(PerRowCode.Compile)]
        private void Grow()
        {
            Slot[][] old = _segments;
            var grown = new Slot[old.Length * 2][];
            for (int segment = 0; segment < grown.Length; segment++)
            {
                grown[segment] = new Slot[SegmentSize];
            }

            foreach (Slot[] segment in old)
            {
                foreach (Slot slot in segment)
                {
                    if (slot.Used)
                    {
                        Find(grown, slot.Key) = slot;
                    }
                }
            }

            _segments = grown;
        }

        private readonly struct Slot
        {
            public Slot(long key, int line, long tag)
            {
                Key = key;
                Tag = tag;
                Line = line;
                // A fingerprint may be any value, 0 too: a slot says itself whether it holds a key.
                Used = true;
            }

            public long Key { get; }

            public long Tag { get; }

            public int Line { get; }

            public bool Used { get; }
        }
    }
}
