namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// How many console cells text takes, as PowerShell's table formatting counts them: a wide East Asian character (kanji,
    /// kana, hangul, full-width forms) takes two, every other character one. A view that caps a column by characters
    /// let '山田 太郎（情報システム部ヘルプデスク）' take 30 columns where 16 were meant (desk45, 1): the history tables sized their
    /// User column by it and cut every row's Changes, or dropped Changes altogether beside a long UserName. The ranges are
    /// the wcwidth ones PowerShell's console host uses (ConsoleControl.LengthInBufferCells); each half of a surrogate pair
    /// counts as one cell, as there.
    /// </summary>
    public static class ConsoleCells
    {
        /// <summary>The cells <paramref name="text"/> takes.</summary>
        public static int Of(string text)
        {
            int cells = 0;
            foreach (char c in text)
            {
                cells += Of(c);
            }

            return cells;
        }

        /// <summary>The cells one character takes: 2 for a wide East Asian one, else 1.</summary>
        public static int Of(char c)
        {
            bool wide = c >= 0x1100 &&
                (c <= 0x115f ||                        // Hangul Jamo initial consonants
                 c == 0x2329 || c == 0x232a ||         // angle brackets
                 (c >= 0x2e80 && c <= 0xa4cf && c != 0x303f) || // CJK radicals … Yi
                 (c >= 0xac00 && c <= 0xd7a3) ||       // Hangul syllables
                 (c >= 0xf900 && c <= 0xfaff) ||       // CJK compatibility ideographs
                 (c >= 0xfe10 && c <= 0xfe19) ||       // vertical forms
                 (c >= 0xfe30 && c <= 0xfe6f) ||       // CJK compatibility forms
                 (c >= 0xff00 && c <= 0xff60) ||       // full-width forms
                 (c >= 0xffe0 && c <= 0xffe6));        // full-width signs
            return wide ? 2 : 1;
        }

        /// <summary>How many characters from the start of <paramref name="text"/> fit in <paramref name="cells"/> cells.</summary>
        public static int PrefixFitting(string text, int cells)
        {
            int used = 0;
            int count = 0;
            while (count < text.Length && used + Of(text[count]) <= cells)
            {
                used += Of(text[count]);
                count++;
            }

            return count;
        }

        /// <summary>How many characters from the end of <paramref name="text"/> fit in <paramref name="cells"/> cells.</summary>
        public static int SuffixFitting(string text, int cells)
        {
            int used = 0;
            int count = 0;
            while (count < text.Length && used + Of(text[text.Length - 1 - count]) <= cells)
            {
                used += Of(text[text.Length - 1 - count]);
                count++;
            }

            return count;
        }
    }
}
