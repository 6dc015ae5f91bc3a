using System;
using System.Runtime.CompilerServices;

namespace BizMobileGo.Core.Import
{
    internal enum KeyKind
    {
        Identifier,
        UserName,
    }

    /// <summary>
    /// The keys an import has seen, with the line each came from. The first quarter million live in
    /// memory (fast); beyond that they go to the import's own temporary file (<see cref="SpilledKeys"/>),
    /// so memory stays flat however large the file, only very large imports pay for the file, and it
    /// works the same whichever store the import writes to.
    /// </summary>
    internal sealed class SeenKeys : IDisposable
    {
        private const int DefaultMemoryLimit = 250_000;

        private readonly int _memoryLimit;
        private readonly FingerprintTable _memory = new FingerprintTable();
        private SpilledKeys? _spilled;

        public SeenKeys(int memoryLimit = DefaultMemoryLimit)
        {
            _memoryLimit = memoryLimit;
        }

        // A row that names a device and a user takes far more than this a key (Bench's rows: ~140 bytes a key).
        private const int FileBytesPerKey = 100;

        /// <summary>
        /// Sizes the in-memory table for a file of <paramref name="bytes"/> (about a key a <see cref="FileBytesPerKey"/> bytes,
        /// up to the memory limit), before its first key: grown one doubling at a time, a 100,000-row import's table
        /// allocated twice its final size on the large-object heap (~23 MB of its ~370; alloc46). A guess either way: a
        /// file of fewer keys leaves part of the table unused (never more than the limit's table, which a large file
        /// fills anyway); one of more grows it as before.
        /// </summary>
        public void ExpectFileBytes(long bytes)
        {
            if (_spilled == null)
            {
                _memory.Reserve((int)Math.Min(_memoryLimit, bytes / FileBytesPerKey));
            }
        }

        /// <summary>The temporary file's keys, once some went there (for tests).</summary>
        internal bool Spilled => _spilled != null;

        /// <summary>Remembers the key; when it was seen before, returns that earlier line and tag instead.</summary>
        [MethodImpl(PerRowCode.Compile)]
        public (int Line, long Tag)? Remember(KeyKind kind, long fingerprint, int line, long tag)
        {
            long key = KindKey(kind, fingerprint);
            if (_spilled == null && _memory.Count < _memoryLimit)
            {
                // Looked up and added in one search of the table: every row of an import comes here once or twice.
                return _memory.TryAdd(key, line, tag, out (int Line, long Tag) held) ? null : held;
            }

            if (_memory.TryGetValue(key, out (int Line, long Tag) earlier))
            {
                return earlier;
            }

            _spilled ??= new SpilledKeys();
            return _spilled.Remember(key, line, tag);
        }

        public (int Line, long Tag)? Find(KeyKind kind, long fingerprint)
        {
            long key = KindKey(kind, fingerprint);
            if (_memory.TryGetValue(key, out (int Line, long Tag) earlier))
            {
                return earlier;
            }

            return _spilled?.Find(key);
        }

        /// <summary>Deletes the temporary file, if there is one.</summary>
        public void Dispose()
        {
            _spilled?.Dispose();
            _spilled = null;
        }

        // The kinds share one key space: a user name's fingerprint is moved by a fixed constant so that
        // it can't meet an identifier's (short of a 1-in-2^64 coincidence).
        private static long KindKey(KeyKind kind, long fingerprint) =>
            kind == KeyKind.Identifier ? fingerprint : unchecked(fingerprint ^ (long)0x9E3779B97F4A7C15UL);
    }
}
