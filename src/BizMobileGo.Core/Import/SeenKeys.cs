using System.Collections.Generic;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Import
{
    internal enum KeyKind
    {
        Identifier,
        UserName,
    }

    /// <summary>
    /// The keys an import has seen, with the line each came from. The first quarter million live in
    /// memory (fast); beyond that they go to a temporary table beside the store, so memory stays flat
    /// however large the file, and only very large imports pay for the table.
    /// </summary>
    internal sealed class SeenKeys
    {
        private const int DefaultMemoryLimit = 250_000;

        private readonly IDeviceStore _store;
        private readonly int _memoryLimit;
        private readonly Dictionary<long, (int Line, long Tag)> _memory = new Dictionary<long, (int Line, long Tag)>();
        private bool _spilled;

        public SeenKeys(IDeviceStore store, int memoryLimit = DefaultMemoryLimit)
        {
            _store = store;
            _memoryLimit = memoryLimit;
        }

        /// <summary>Remembers the key; when it was seen before, returns that earlier line and tag instead.</summary>
        public (int Line, long Tag)? Remember(KeyKind kind, long fingerprint, int line, long tag)
        {
            long key = KindKey(kind, fingerprint);
            if (_memory.TryGetValue(key, out (int Line, long Tag) earlier))
            {
                return earlier;
            }

            if (!_spilled && _memory.Count < _memoryLimit)
            {
                _memory.Add(key, (line, tag));
                return null;
            }

            if (!_spilled)
            {
                _store.ForgetImportKeys();
                _spilled = true;
            }

            return _store.RememberImportKey(key, line, tag);
        }

        public (int Line, long Tag)? Find(KeyKind kind, long fingerprint)
        {
            long key = KindKey(kind, fingerprint);
            if (_memory.TryGetValue(key, out (int Line, long Tag) earlier))
            {
                return earlier;
            }

            return _spilled ? _store.FindImportKey(key) : null;
        }

        // The kinds share one key space: a user name's fingerprint is moved by a fixed constant so that
        // it can't meet an identifier's (short of a 1-in-2^64 coincidence).
        private static long KindKey(KeyKind kind, long fingerprint) =>
            kind == KeyKind.Identifier ? fingerprint : unchecked(fingerprint ^ (long)0x9E3779B97F4A7C15UL);
    }
}
