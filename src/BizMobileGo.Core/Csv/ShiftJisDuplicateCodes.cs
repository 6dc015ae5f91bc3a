using System.Collections.Generic;
using System.Text;

namespace BizMobileGo.Core.Csv
{
    /// <summary>
    /// The 398 double-byte codes Windows' code page 932 decodes and .NET's code page 932 refuses: each is a second code of
    /// a character that has another one, which .NET decodes.
    /// </summary>
    /// <remarks>
    /// Windows decodes both codes of such a character and writes only one (so Excel never writes these), but other tools
    /// write them: Python's cp932 writes 髙 as EE E0 and 﨑 as ED 95, where Windows writes FB FC and FA B1. They are the
    /// NEC-selected IBM extensions (rows ED and EE, a copy of the IBM extensions FA40-FC4B: the 360 kanji in the same
    /// order, then the small roman numerals and four symbols), the IBM extensions that repeat NEC row 13 (FA4A-FA5B), and
    /// the NEC row 13 symbols that repeat JIS X 0208 (8790-879C). Each maps to its other code, which .NET's own table
    /// decodes, so the characters are exactly Windows' (Microsoft's CP932.TXT).
    /// </remarks>
    internal static class ShiftJisDuplicateCodes
    {
        private static readonly Dictionary<int, int> Symbols = new Dictionary<int, int>
        {
            // NEC row 13 symbols that JIS X 0208 row 2 has too.
            { 0x8790, 0x81E0 }, // ≒
            { 0x8791, 0x81DF }, // ≡
            { 0x8792, 0x81E7 }, // ∫
            { 0x8795, 0x81E3 }, // √
            { 0x8796, 0x81DB }, // ⊥
            { 0x8797, 0x81DA }, // ∠
            { 0x879A, 0x81E6 }, // ∵
            { 0x879B, 0x81BF }, // ∩
            { 0x879C, 0x81BE }, // ∪
            // IBM extension symbols that JIS X 0208 or NEC row 13 has.
            { 0xFA54, 0x81CA }, // ￢
            { 0xFA58, 0x878A }, // ㈱
            { 0xFA59, 0x8782 }, // №
            { 0xFA5A, 0x8784 }, // ℡
            { 0xFA5B, 0x81E6 }, // ∵
            // The NEC-selected copies of the IBM extension symbols FA54-FA57.
            { 0xEEF9, 0x81CA }, // ￢
            { 0xEEFA, 0xFA55 }, // ￤
            { 0xEEFB, 0xFA56 }, // ＇
            { 0xEEFC, 0xFA57 }, // ＂
        };

        private static readonly Dictionary<int, char> Characters = Build();

        /// <summary>The character Windows decodes <paramref name="lead"/> <paramref name="trail"/> to, when .NET has no entry for it.</summary>
        public static bool TryDecode(byte lead, byte trail, out char character) =>
            Characters.TryGetValue((lead << 8) | trail, out character);

        /// <summary>The duplicate code's other code: the one .NET decodes.</summary>
        private static int? OtherCode(int code)
        {
            if ((code & 0xFF) == 0x7F)
            {
                return null; // no trail byte
            }

            if (Symbols.TryGetValue(code, out int symbol))
            {
                return symbol;
            }

            if (code >= 0xFA4A && code <= 0xFA53)
            {
                return 0x8754 + (code - 0xFA4A); // Ⅰ-Ⅹ
            }

            if (code >= 0xEEEF && code <= 0xEEF8)
            {
                return 0xFA40 + (code - 0xEEEF); // ⅰ-ⅹ
            }

            int index = Index(code);
            if (index >= Index(0xED40) && index <= Index(0xEEEC))
            {
                return Code(Index(0xFA5C) + (index - Index(0xED40))); // the 360 kanji, in the same order
            }

            return null;
        }

        /// <summary>The position of a double-byte code among all codes in order: 188 trail bytes a lead byte (0x40-0xFC without 0x7F).</summary>
        private static int Index(int code)
        {
            int trail = code & 0xFF;
            return ((code >> 8) * 188) + (trail - 0x40) - (trail > 0x7F ? 1 : 0);
        }

        private static int Code(int index)
        {
            int lead = index / 188;
            int trail = 0x40 + (index % 188);
            return (lead << 8) | (trail >= 0x7F ? trail + 1 : trail);
        }

        private static Dictionary<int, char> Build()
        {
            Encoding net = Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            var characters = new Dictionary<int, char>();
            foreach (int lead in new[] { 0x87, 0xED, 0xEE, 0xFA })
            {
                for (int trail = 0x40; trail <= 0xFC; trail++)
                {
                    int code = (lead << 8) | trail;
                    if (OtherCode(code) is int other)
                    {
                        characters.Add(code, net.GetString(new[] { (byte)(other >> 8), (byte)(other & 0xFF) })[0]);
                    }
                }
            }

            return characters;
        }
    }
}
