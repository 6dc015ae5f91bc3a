namespace BizMobileGo.Core.Csv
{
    /// <summary>How many non-ASCII bytes of a window form valid UTF-8 and how many do not.</summary>
    /// <remarks>
    /// Valid means what a strict decoder accepts: shortest forms only, and no encoded surrogates (ED A0..BF),
    /// which a lenient decoder would turn into U+FFFD.
    /// </remarks>
    internal readonly struct Utf8Census
    {
        private Utf8Census(int validBytes, int invalidBytes)
        {
            ValidBytes = validBytes;
            InvalidBytes = invalidBytes;
        }

        /// <summary>Non-ASCII bytes that are part of a valid multi-byte sequence.</summary>
        public int ValidBytes { get; }

        /// <summary>Bytes that start no valid sequence.</summary>
        public int InvalidBytes { get; }

        /// <param name="atEnd">True when the window ends the input: a cut-off sequence there is invalid, not pending.</param>
        public static Utf8Census Take(byte[] bytes, int start, int end, bool atEnd)
        {
            int valid = 0;
            int invalid = 0;
            int i = start;
            while (i < end)
            {
                byte lead = bytes[i];
                if (lead < 0x80)
                {
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
                    else if (lead == 0xED)
                    {
                        secondHigh = 0x9F;
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
                    valid += length;
                    i += length;
                }
                else
                {
                    invalid++;
                    i++;
                }
            }

            return new Utf8Census(valid, invalid);
        }
    }
}
