namespace BizMobileGo.Core.Csv
{
    /// <summary>How many non-ASCII bytes of a window are UTF-8 text and how many are not UTF-8 at all.</summary>
    /// <remarks>
    /// Valid means what a strict decoder accepts (shortest forms only), except that encoded surrogates (ED A0..BF ..) count
    /// too: they are UTF-8's shape (CESU-8, Java's modified UTF-8), so such a file is read as UTF-8 and its decoder refuses
    /// them, naming their line, rather than read as Shift_JIS, where they are two characters.
    /// Sequences are counted as UTF-8 text only in runs (stretches of non-ASCII bytes between ASCII ones) that hold no
    /// invalid byte: Shift_JIS text is full of byte pairs that happen to be valid UTF-8 next to ones that are not
    /// (伊藤 is 88 [C9 93] A1, 後藤 8C [E3 93 A1], ｻﾄｳ BB [C4 B3]), so counting those as UTF-8 made a Shift_JIS file
    /// with such a name "mostly UTF-8". A UTF-8 file's bad byte spoils only its own run: its other cells still count.
    /// A spoiled run still counts its 3- and 4-byte sequences when they are at least 6 bytes and 2/3 of the run: UTF-8
    /// Japanese cut off mid-character (a byte-limited export) or with one bad byte, which may be the file's only non-ASCII
    /// text; the Shift_JIS names above hold at most one such sequence among their bytes, so they stay below that.
    /// </remarks>
    internal readonly struct Utf8Census
    {
        private Utf8Census(int validBytes, int invalidBytes)
        {
            ValidBytes = validBytes;
            InvalidBytes = invalidBytes;
        }

        /// <summary>Bytes of valid multi-byte sequences in runs with no invalid byte, or mostly of 3- and 4-byte ones.</summary>
        public int ValidBytes { get; }

        /// <summary>Bytes that start no valid sequence.</summary>
        public int InvalidBytes { get; }

        /// <param name="atEnd">True when the window ends the input: a cut-off sequence there is invalid, not pending.</param>
        public static Utf8Census Take(byte[] bytes, int start, int end, bool atEnd)
        {
            int valid = 0;
            int invalid = 0;
            int runValid = 0;
            int runInvalid = 0;
            int runWide = 0;
            int runLength = 0;
            int i = start;
            while (i < end)
            {
                byte lead = bytes[i];
                if (lead < 0x80)
                {
                    valid += RunValid(runValid, runInvalid, runWide, runLength);
                    runValid = 0;
                    runInvalid = 0;
                    runWide = 0;
                    runLength = 0;
                    i++;
                    continue;
                }

                int length;
                byte secondLow = 0x80;
                byte secondHigh = 0xBF;
                if (lead >= 0xC2 && lead <= 0xDF)
                {
                    length = 2;
                }
                else if (lead >= 0xE0 && lead <= 0xEF)
                {
                    length = 3;
                    if (lead == 0xE0)
                    {
                        secondLow = 0xA0;
                    }
                }
                else if (lead >= 0xF0 && lead <= 0xF4)
                {
                    length = 4;
                    if (lead == 0xF0)
                    {
                        secondLow = 0x90;
                    }
                    else if (lead == 0xF4)
                    {
                        secondHigh = 0x8F;
                    }
                }
                else
                {
                    invalid++;
                    runInvalid++;
                    runLength++;
                    i++;
                    continue;
                }

                if (i + length > end && !atEnd)
                {
                    break; // cut off by the window, not by the file
                }

                bool ok = i + length <= end && bytes[i + 1] >= secondLow && bytes[i + 1] <= secondHigh;
                for (int k = 2; ok && k < length; k++)
                {
                    ok = bytes[i + k] >= 0x80 && bytes[i + k] <= 0xBF;
                }

                if (ok)
                {
                    runValid += length;
                    runWide += length >= 3 ? length : 0;
                    runLength += length;
                    i += length;
                }
                else
                {
                    invalid++;
                    runInvalid++;
                    runLength++;
                    i++;
                }
            }

            valid += RunValid(runValid, runInvalid, runWide, runLength);
            return new Utf8Census(valid, invalid);
        }

        // A spoiled run still counts when it is mostly 3- and 4-byte sequences (UTF-8 Japanese cut off or with one bad byte).
        private static int RunValid(int runValid, int runInvalid, int runWide, int runLength) =>
            runInvalid == 0 ? runValid : (runWide >= 6 && 3 * runWide >= 2 * runLength ? runWide : 0);
    }
}
