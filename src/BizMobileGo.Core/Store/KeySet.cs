using System.Collections;
using System.Collections.Generic;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// Row keys (a store's device_id or user_id) seen so far, a bit a key: a million keys take 125 KB, where a set of the rows'
    /// names took ~130 MB (walkthrough 34b: a listing or export of everything remembers what it has handed on).
    /// </summary>
    internal sealed class KeySet
    {
        private readonly BitArray _bits = new BitArray(0);

        // Keys past a bit array's reach (no store hands them out; a sequence can be set so by hand).
        private HashSet<long>? _far;

        /// <summary>Adds the key; false when it was there already.</summary>
        public bool Add(long key)
        {
            if (key < 0 || key >= int.MaxValue)
            {
                return (_far ??= new HashSet<long>()).Add(key);
            }

            int k = (int)key;
            if (k >= _bits.Length)
            {
                _bits.Length = (int)System.Math.Min(int.MaxValue, System.Math.Max(k + 1L, _bits.Length * 2L));
            }

            if (_bits[k])
            {
                return false;
            }

            _bits[k] = true;
            return true;
        }
    }
}
