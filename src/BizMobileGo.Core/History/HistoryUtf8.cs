using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// Texts as the history's canonical form (<see cref="HistoryCanonicalForm"/>) and its packs (<see cref="ChangeEntryPack"/>)
    /// write them: UTF-8 without a byte-order mark, a lone surrogate as U+FFFD (the bytes entries have always been hashed and
    /// packed with; both are frozen).
    /// </summary>
    internal static class HistoryUtf8
    {
        public static readonly UTF8Encoding Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

        /// <summary>At most this many UTF-8 bytes a UTF-16 unit: the room <see cref="Write"/> needs.</summary>
        public const int MaxBytesPerChar = 3;

        /// <summary>
        /// Writes <paramref name="text"/>'s UTF-8 bytes at the start of <paramref name="bytes"/> (room for
        /// <see cref="MaxBytesPerChar"/> a UTF-16 unit) and says how many. Most values are ASCII, whose UTF-8 bytes are its
        /// characters narrowed: done in one vectorized pass, without the encoder's per-call work (an entry writes ~60
        /// values). Anything else is UTF-8 encoded, over whatever the narrowing wrote.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)] // per value: inlined where it is called (compiled per PerRowCode there)
        public static int Write(ReadOnlySpan<char> text, Span<byte> bytes) =>
            Ascii.FromUtf16(text, bytes, out int written) == OperationStatus.Done ? written : Encoding.GetBytes(text, bytes);
    }
}
