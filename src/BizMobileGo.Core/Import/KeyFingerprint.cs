using System.Runtime.CompilerServices;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// 64-bit fingerprints of the keys an import has seen, so that remembering every key of a file of a
    /// million rows costs a few bytes per row instead of the strings themselves (memory stays flat).
    /// Two different keys share a fingerprint with a chance of about n²/2⁶⁵ (3 in 10⁸ for a million
    /// keys); the cost of that would be one row wrongly refused as a repeat, never data written.
    /// </summary>
    internal static class KeyFingerprint
    {
        private const ulong OffsetBasis = 14695981039346656037UL;
        private const ulong Prime = 1099511628211UL;

        /// <summary>FNV-1a over the UTF-16 units, ASCII letters folded when <paramref name="ignoreCase"/>.</summary>
        [MethodImpl(PerRowCode.Compile)]
        public static long OfText(string text, bool ignoreCase = false)
        {
            ulong hash = OffsetBasis;
            foreach (char c in text)
            {
                char unit = ignoreCase && c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
                hash = (hash ^ (byte)unit) * Prime;
                hash = (hash ^ (byte)(unit >> 8)) * Prime;
            }

            return (long)hash;
        }

        /// <summary>A fingerprint of several values in order; null and "" differ.</summary>
        public static long OfValues(params string?[] values)
        {
            ulong hash = OffsetBasis;
            foreach (string? value in values)
            {
                hash = Add(hash, value);
            }

            return (long)hash;
        }

        /// <summary>The same as <see cref="OfValues(string?[])"/> of four values, without an array for each row.</summary>
        public static long OfValues(string? first, string? second, string? third, string? fourth) =>
            (long)Add(Add(Add(Add(OffsetBasis, first), second), third), fourth);

        private static ulong Add(ulong hash, string? value)
        {
            hash = (hash ^ (value == null ? 0x01UL : 0x02UL)) * Prime;
            return (hash ^ (ulong)OfText(value ?? "")) * Prime;
        }
    }
}
