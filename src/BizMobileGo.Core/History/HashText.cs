using System;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// An entry's hash as the model shows it (64 lower-case hex digits) and as a store may keep it (its 32 bytes):
    /// the SQLite store keeps the bytes, half the size in every entry of an import.
    /// </summary>
    public static class HashText
    {
        public const int ByteLength = 32;

        private const string HexDigits = "0123456789abcdef";

        /// <summary>The lower-case hex text of <paramref name="bytes"/>.</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public static string FromBytes(ReadOnlySpan<byte> bytes)
        {
            Span<char> text = bytes.Length <= 64 ? stackalloc char[bytes.Length * 2] : new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                text[2 * i] = HexDigits[bytes[i] >> 4];
                text[2 * i + 1] = HexDigits[bytes[i] & 0xF];
            }

            return new string(text);
        }

        /// <summary>
        /// The 32 bytes of a hash's hex text (either case); false for anything else (a hash edited by hand), which a
        /// store then keeps as the text it is, so the verifier still sees and names it.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public static bool TryToBytes(string hash, Span<byte> bytes)
        {
            if (hash.Length != ByteLength * 2 || bytes.Length < ByteLength)
            {
                return false;
            }

            ReadOnlySpan<sbyte> values = DigitValues;
            for (int i = 0; i < ByteLength; i++)
            {
                char highDigit = hash[2 * i];
                char lowDigit = hash[2 * i + 1];
                int high = highDigit < 128 ? values[highDigit] : -1;
                int low = lowDigit < 128 ? values[lowDigit] : -1;
                if ((high | low) < 0)
                {
                    return false;
                }

                bytes[i] = (byte)((high << 4) | low);
            }

            return true;
        }

        // The value of each ASCII character as a hex digit, -1 for a character that is none: a look-up instead of
        // three comparisons per digit (an import decodes two hashes per entry).
        private static ReadOnlySpan<sbyte> DigitValues => new sbyte[]
        {
            -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
            -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1, -1, -1, -1, -1, -1,
            -1, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
            -1, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        };
    }
}
