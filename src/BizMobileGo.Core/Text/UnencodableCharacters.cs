using System;
using System.Collections.Generic;
using System.Text;

namespace BizMobileGo.Core.Text
{
    /// <summary>
    /// The characters of a text an encoding can't write, found and named one way for the export's refusal
    /// (DeviceCsvExport: UnencodableValue) and for the import's Excel '?' rule (ShiftJisQuestionMarks).
    /// </summary>
    public static class UnencodableCharacters
    {
        /// <summary>
        /// Where <paramref name="value"/> has a character <paramref name="encoding"/> can't write (a surrogate pair counts as
        /// one character), in order; ASCII is taken as writable. The encoding must throw on what it can't write (an
        /// exception fallback, as the module's CSV encodings are made).
        /// </summary>
        public static List<(int Start, int Length)> In(string value, Encoding encoding)
        {
            var found = new List<(int, int)>();
            for (int i = 0; i < value.Length; i++)
            {
                if (value[i] < 0x80)
                {
                    continue;
                }

                int length = char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]) ? 2 : 1;
                if (!Writable(encoding, value.AsSpan(i, length)))
                {
                    found.Add((i, length));
                }

                i += length - 1;
            }

            return found;
        }

        /// <summary>A character as messages name it: <c>'𠮷' (U+20BB7)</c>; a lone surrogate by its code unit.</summary>
        public static string Named(string value, (int Start, int Length) character)
        {
            string text = value.Substring(character.Start, character.Length);
            int codePoint = character.Length == 2 ? char.ConvertToUtf32(text[0], text[1]) : text[0];
            return $"'{text}' (U+{codePoint:X4})";
        }

        private static bool Writable(Encoding encoding, ReadOnlySpan<char> character)
        {
            try
            {
                return encoding.GetByteCount(character) > 0;
            }
            catch (EncoderFallbackException)
            {
                return false;
            }
        }
    }
}
