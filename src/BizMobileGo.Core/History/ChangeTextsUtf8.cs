using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The changes texts (<see cref="ChangeListText.WriteUtf8"/>) of a batch's entries that stay rows, as UTF-8, made on the
    /// recorder's hashing thread (<see cref="IPreparedHistoryAppend.Prepare"/>) so that the writing thread only binds them: in a
    /// re-import every changed row's entry is such a row, and the text was the largest part of binding it. One buffer a
    /// batch, rented from <see cref="ArrayPool{T}.Shared"/> and given back by <see cref="Return"/> once the rows are bound.
    /// </summary>
    public sealed class ChangeTextsUtf8
    {
        private readonly int[] _ends;
        private byte[] _bytes;

        private ChangeTextsUtf8(int[] ends, byte[] bytes)
        {
            _ends = ends;
            _bytes = bytes;
        }

        /// <summary>How many texts: one an entry given to <see cref="Of"/>.</summary>
        public int Count => _ends.Length;

        /// <summary>The texts of <paramref name="entries"/>' changes, in their order.</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public static ChangeTextsUtf8 Of(IReadOnlyList<ChangeEntry> entries)
        {
            var ends = new int[entries.Count];
            byte[] bytes = ArrayPool<byte>.Shared.Rent(Math.Max(entries.Count * 96, 1024));
            int length = 0;
            for (int i = 0; i < entries.Count; i++)
            {
                ReadOnlySpan<byte> text = ChangeListText.WriteUtf8(entries[i].Changes);
                if (bytes.Length - length < text.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(bytes.Length * 2, length + text.Length));
                    bytes.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(bytes);
                    bytes = larger;
                }

                text.CopyTo(bytes.AsSpan(length));
                length += text.Length;
                ends[i] = length;
            }

            return new ChangeTextsUtf8(ends, bytes);
        }

        /// <summary>The text of entry <paramref name="index"/>: valid until <see cref="Return"/>.</summary>
        public ReadOnlySpan<byte> this[int index]
        {
            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            get
            {
                int start = index == 0 ? 0 : _ends[index - 1];
                return _bytes.AsSpan(start, _ends[index] - start);
            }
        }

        /// <summary>Gives the buffer back (the store bound copies). A batch dropped after a failure keeps it: the pool does without it.</summary>
        public void Return()
        {
            if (_bytes.Length != 0)
            {
                ArrayPool<byte>.Shared.Return(_bytes);
                _bytes = Array.Empty<byte>();
            }
        }
    }
}
