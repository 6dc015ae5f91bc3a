using System.Globalization;

namespace BizMobileGo.Core.Fields
{
    /// <summary>Character tests and rule phrases shared by the field types.</summary>
    /// <remarks>
    /// Case handling is ASCII-only on purpose: culture-aware or invariant upper-casing maps
    /// characters such as U+0131 (dotless i) and U+017F (long s) onto ASCII letters, which would let
    /// non-ASCII text pass an ASCII-only rule.
    /// </remarks>
    internal static class FieldText
    {
        public const string BlankRule = "must not be blank";

        /// <summary>
        /// Length as a person counts characters: a surrogate pair (such as the kanji 𠮷) is one
        /// character, not two UTF-16 units.
        /// </summary>
        public static int CharacterCount(string text)
        {
            int count = text.Length;
            for (int i = 0; i < text.Length - 1; i++)
            {
                if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
                {
                    count--;
                    i++;
                }
            }

            return count;
        }

        public static string TooLongRule(int maxLength, int actualLength) =>
            "must be at most " + maxLength.ToString(CultureInfo.InvariantCulture)
            + " characters (this value has " + actualLength.ToString(CultureInfo.InvariantCulture) + ")";

        public static string TrimOrEmpty(string? text) => text == null ? string.Empty : text.Trim();

        public static bool IsAsciiDigit(char c) => c >= '0' && c <= '9';

        public static bool IsAsciiLetter(char c) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');

        public static bool IsAsciiLetterOrDigit(char c) => IsAsciiLetter(c) || IsAsciiDigit(c);

        public static bool IsHexDigit(char c) => IsAsciiDigit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');

        public static int HexDigitValue(char c)
        {
            if (IsAsciiDigit(c))
            {
                return c - '0';
            }

            return c >= 'a' ? c - 'a' + 10 : c - 'A' + 10;
        }

        public static bool AreAllHexDigits(string text, int start, int count)
        {
            if (start < 0 || count < 0 || start + count > text.Length)
            {
                return false;
            }

            for (var i = start; i < start + count; i++)
            {
                if (!IsHexDigit(text[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public static char ToAsciiUpper(char c) => c >= 'a' && c <= 'z' ? (char)(c - ('a' - 'A')) : c;

        public static char ToAsciiLower(char c) => c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;

        public static string ToAsciiUpper(string text)
        {
            var chars = text.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = ToAsciiUpper(chars[i]);
            }

            return new string(chars);
        }

        public static string ToAsciiLower(string text)
        {
            var chars = text.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = ToAsciiLower(chars[i]);
            }

            return new string(chars);
        }

        public static bool EqualsAsciiIgnoreCase(string a, string b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            for (var i = 0; i < a.Length; i++)
            {
                if (ToAsciiLower(a[i]) != ToAsciiLower(b[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
