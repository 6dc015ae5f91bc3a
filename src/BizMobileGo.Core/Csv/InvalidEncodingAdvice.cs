using System.Text;

namespace BizMobileGo.Core.Csv
{
    /// <summary>What an InvalidEncoding message advises, from why the file was read in its encoding.</summary>
    internal static class InvalidEncodingAdvice
    {
        /// <param name="lineReadsAsShiftJis">The failing line's bytes are not UTF-8 and read cleanly as Shift_JIS (CP932).</param>
        /// <returns>The advice, starting with a space.</returns>
        public static string For(Encoding encoding, EncodingBasis basis, bool lineReadsAsShiftJis)
        {
            bool utf8 = encoding.CodePage == 65001;
            string name = CsvEncoding.Describe(encoding);
            switch (basis)
            {
                case EncodingBasis.Given when encoding.CodePage == 932:
                    // Never "name its real encoding (for example 932)" to someone who just did.
                    return " -Encoding says Shift_JIS (CP932), so it was read as Shift_JIS; fix or remove those bytes, or, if the file is in another encoding, name that one with -Encoding (or leave -Encoding out to have it detected).";
                case EncodingBasis.Given when utf8 && lineReadsAsShiftJis:
                    return " The line reads as Shift_JIS (CP932): if the file is Shift_JIS, import it with -Encoding 932 (or leave -Encoding out to have it detected); otherwise save it as UTF-8.";
                case EncodingBasis.Given:
                    return " Save the file as UTF-8, or name its real encoding (for example 932 for Shift_JIS) with -Encoding.";
                case EncodingBasis.ByteOrderMark when utf8 && lineReadsAsShiftJis:
                    return " The file starts with the UTF-8 byte order mark, so it was read as UTF-8, but this line reads as Shift_JIS (CP932): the file mixes two encodings (rows pasted from another file?); save it again as UTF-8.";
                case EncodingBasis.Utf8 when lineReadsAsShiftJis:
                    // A guess from the bytes read, said as one: in a file of a few rows, one UTF-8 row may be all it rests on (walkthrough 26, 7).
                    return " Its other non-ASCII text reads as UTF-8, so it was read as UTF-8, but this line reads as Shift_JIS (CP932): the file mixes two encodings (rows pasted from another file?); save it again in one encoding, UTF-8 (or, if it is meant to be Shift_JIS, import it with -Encoding 932).";
                case EncodingBasis.ByteOrderMark:
                    return $" The file starts with the {name} byte order mark, so it was read as {name}; fix or remove those bytes.";
                case EncodingBasis.Utf8:
                    return " Most of the file's non-ASCII text is UTF-8, so it was read as UTF-8; fix or remove those bytes, or name the real encoding with -Encoding.";
                case EncodingBasis.ShiftJis:
                    return " Most of the file reads as Shift_JIS (CP932), so it was read as Shift_JIS; fix or remove those bytes, or name the real encoding with -Encoding.";
                case EncodingBasis.Neither when lineReadsAsShiftJis:
                    return " The file reads neither as UTF-8 nor as Shift_JIS (CP932) throughout, but this line reads as Shift_JIS: if the file is Shift_JIS, import it with -Encoding 932, and the error then names its first line that isn't.";
                default:
                    // Not "most of the file is UTF-8": its bytes are neither, so nothing suggests which encoding it is.
                    return " The file reads neither as UTF-8 nor as Shift_JIS (CP932); name its real encoding with -Encoding, or save it as UTF-8.";
            }
        }
    }
}
