using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;

namespace BizMobileGo.Core.Csv
{
    /// <summary>Chooses, names and opens the text encoding of a CSV file.</summary>
    /// <remarks>
    /// Every encoding this class returns throws on bytes it cannot decode, so a file in the wrong encoding
    /// fails with the line number instead of importing garbled or '?'-substituted values.
    /// </remarks>
    public static class CsvEncoding
    {
        private const int ChunkSize = 64 * 1024;

        private const string AcceptedNames =
            "utf8, utf8BOM, utf8NoBOM, unicode (UTF-16LE), bigendianunicode, utf32, bigendianutf32, ascii, latin1, "
            + "ansi, oem, default, a code page number (932, 65001, 1252, ...) or an encoding name "
            + "(shift_jis, cp932, windows-31j, utf-8, utf-16, euc-jp, iso-2022-jp, windows-1252, ...)";

        private static readonly Dictionary<string, int> Aliases = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
        {
            // Names Japanese users and other tools use for CP932 that .NET does not know.
            { "cp932", 932 },
            { "ms932", 932 },
            { "windows-31j", 932 },
            { "sjis", 932 },
            { "shift-jis", 932 },
            { "x-sjis", 932 },
            { "eucjp", 51932 },
        };

        static CsvEncoding()
        {
            // .NET Core knows only the Unicode encodings, ASCII and Latin-1 until this provider is registered.
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        }

        /// <summary>
        /// Detects the encoding of a seekable stream from its current position, which it restores:
        /// a byte order mark first; else judged from the first 64 KB after the ASCII text (see <see cref="Judge"/>).
        /// An import detects the encoding while it reads (<see cref="CsvDecodingReader"/>); this is for a look ahead.
        /// </summary>
        public static Encoding Detect(Stream stream)
        {
            if (stream == null)
            {
                throw new ArgumentNullException(nameof(stream));
            }

            if (!stream.CanSeek)
            {
                throw new NotSupportedException(
                    "Detecting the encoding needs a seekable stream; name the encoding explicitly instead.");
            }

            long origin = stream.Position;
            try
            {
                byte[] window = new byte[ChunkSize];
                int length = ReadAtLeast(stream, window, 0);
                Encoding? fromBom = FromByteOrderMark(window, length);
                if (fromBom != null)
                {
                    return fromBom;
                }

                while (length > 0)
                {
                    int ascii = 0;
                    while (ascii < length && window[ascii] < 0x80)
                    {
                        ascii++;
                    }

                    if (ascii < length)
                    {
                        // Judge a full window from the first other byte on.
                        Buffer.BlockCopy(window, ascii, window, 0, length - ascii);
                        length -= ascii;
                        int more = ReadAtLeast(stream, window, length);
                        return Judge(window, 0, length + more, length + more < window.Length).Encoding;
                    }

                    length = ReadAtLeast(stream, window, 0);
                }

                return new UTF8Encoding(false, true);
            }
            finally
            {
                stream.Position = origin;
            }
        }

        /// <summary>
        /// Chooses between UTF-8 and Shift_JIS (CP932) from bytes that start at the file's first non-ASCII byte.
        /// UTF-8 when the bytes are valid UTF-8, or when more of them are UTF-8 text than are not UTF-8 at all (see
        /// <see cref="Utf8Census"/>): a UTF-8 file with a few bad bytes stays UTF-8 and fails naming them, instead of being
        /// read as Shift_JIS and turned into other text. Otherwise Shift_JIS when the bytes read as Shift_JIS, or mostly
        /// do (then its error names the bad line); else neither, read as UTF-8.
        /// </summary>
        internal static EncodingGuess Judge(byte[] bytes, int start, int end, bool atEnd)
        {
            Utf8Census census = Utf8Census.Take(bytes, start, end, atEnd);
            if (census.InvalidBytes == 0 || census.ValidBytes > census.InvalidBytes)
            {
                return new EncodingGuess(new UTF8Encoding(false, true), EncodingBasis.Utf8);
            }

            ShiftJisReading reading = ReadAsShiftJis(bytes, start, end, atEnd);
            // A Shift_JIS file with a stray bad byte stays Shift_JIS, so the error names that byte's line.
            return reading.Bad == 0 || reading.Text >= 4 * reading.Bad
                ? new EncodingGuess(ShiftJis(), EncodingBasis.ShiftJis)
                : new EncodingGuess(new UTF8Encoding(false, true), EncodingBasis.Neither);
        }

        /// <summary>Whether one line's bytes are not UTF-8 and read as Shift_JIS (CP932) without a bad byte: for the advice of an error on it.</summary>
        internal static bool ReadsAsShiftJis(byte[] bytes, int start, int end)
        {
            Utf8Census census = Utf8Census.Take(bytes, start, end, atEnd: true);
            if (census.InvalidBytes == 0 || census.ValidBytes > census.InvalidBytes)
            {
                return false;
            }

            // Two characters at least: one kanji is what many a Latin-1 letter followed by an ASCII one reads as ("Ren\xE9e" is Ren馥).
            ShiftJisReading reading = ReadAsShiftJis(bytes, start, end, atEnd: true);
            return reading.Bad == 0 && reading.Text >= 2;
        }

        /// <summary>Decodes as Shift_JIS (CP932), counting Japanese text and what no Japanese file holds.</summary>
        private static ShiftJisReading ReadAsShiftJis(byte[] bytes, int start, int end, bool atEnd)
        {
            ShiftJisDecoderFallback counter = ShiftJisDecoderFallback.Counting();
            Encoding shiftJis = Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, counter);
            char[] chars = new char[shiftJis.GetMaxCharCount(end - start)];
            int count = shiftJis.GetDecoder().GetChars(bytes, start, end - start, chars, 0, atEnd);
            int text = 0;
            int garbage = 0;
            for (int i = 0; i < count; i++)
            {
                // Control characters (a lone 0x80) and the private-use area are what garbage decodes to, not what Japanese Excel writes.
                char c = chars[i];
                if ((c >= '\u0080' && c <= '\u009F') || (c >= '\uE000' && c <= '\uF8FF'))
                {
                    garbage++;
                }
                else if (c >= '\u0080')
                {
                    text++;
                }
            }

            return new ShiftJisReading(text, garbage + counter.UndecodableBytes);
        }

        /// <summary>
        /// Resolves PowerShell encoding names (utf8, utf8BOM, unicode, ...), code page numbers ("932") and
        /// encoding names ("shift_jis"), case-insensitively.
        /// </summary>
        /// <exception cref="ArgumentException">The name is unknown; the message lists the accepted names.</exception>
        public static Encoding Resolve(string name)
        {
            if (name == null)
            {
                throw new ArgumentNullException(nameof(name));
            }

            string key = name.Trim();
            switch (key.ToLowerInvariant())
            {
                case "utf8":
                case "utf8nobom":
                case "default":
                    return new UTF8Encoding(false, true);
                case "utf8bom":
                    return new UTF8Encoding(true, true);
                case "unicode":
                    return new UnicodeEncoding(false, true, true);
                case "bigendianunicode":
                    return new UnicodeEncoding(true, true, true);
                case "utf32":
                    return new UTF32Encoding(false, true, true);
                case "bigendianutf32":
                    return new UTF32Encoding(true, true, true);
                case "ascii":
                    return Strict(20127);
                case "latin1":
                    return Strict(28591);
                case "ansi":
                    return Strict(CultureInfo.CurrentCulture.TextInfo.ANSICodePage);
                case "oem":
                    return Strict(CultureInfo.CurrentCulture.TextInfo.OEMCodePage);
            }

            try
            {
                if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out int codePage))
                {
                    return Strict(codePage);
                }

                if (Aliases.TryGetValue(key, out int aliasCodePage))
                {
                    return Strict(aliasCodePage);
                }

                if (key.Length > 0)
                {
                    return Strict(Encoding.GetEncoding(key).CodePage);
                }
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException)
            {
                throw Unknown(name, ex);
            }

            throw Unknown(name, null);
        }

        /// <summary>
        /// Opens the stream as text, read once (hashed, decoded, watched for NUL and bad bytes); with no
        /// encoding, detects it from the bytes as they come. A byte order mark is never part of the text.
        /// Disposing the reader disposes the stream.
        /// </summary>
        public static CsvDecodingReader OpenText(Stream stream, Encoding? encoding, CancellationToken cancellationToken = default)
        {
            if (stream == null)
            {
                throw new ArgumentNullException(nameof(stream));
            }

            return new CsvDecodingReader(stream, encoding, cancellationToken);
        }

        /// <summary>A friendly name for messages: "UTF-8", "UTF-8 with BOM", "UTF-16LE", "Shift_JIS (CP932)".</summary>
        public static string Describe(Encoding encoding)
        {
            if (encoding == null)
            {
                throw new ArgumentNullException(nameof(encoding));
            }

            switch (encoding.CodePage)
            {
                case 65001:
                    return encoding.GetPreamble().Length > 0 ? "UTF-8 with BOM" : "UTF-8";
                case 1200:
                    return "UTF-16LE";
                case 1201:
                    return "UTF-16BE";
                case 12000:
                    return "UTF-32LE";
                case 12001:
                    return "UTF-32BE";
                case 932:
                    return "Shift_JIS (CP932)";
                case 20127:
                    return "US-ASCII";
                case 28591:
                    return "Latin-1 (ISO-8859-1)";
                case 51932:
                case 20932:
                    return "EUC-JP";
                case 50220:
                case 50221:
                case 50222:
                    return "ISO-2022-JP";
                default:
                    return string.Format(CultureInfo.InvariantCulture, "{0} (code page {1})", encoding.WebName, encoding.CodePage);
            }
        }

        internal static Encoding ShiftJis() => Strict(932);

        private static Encoding Strict(int codePage)
        {
            switch (codePage)
            {
                // The framework's own instances emit a BOM (and Describe would call them "with BOM").
                case 65001:
                    return new UTF8Encoding(false, true);
                case 1200:
                    return new UnicodeEncoding(false, true, true);
                case 1201:
                    return new UnicodeEncoding(true, true, true);
                case 12000:
                    return new UTF32Encoding(false, true, true);
                case 12001:
                    return new UTF32Encoding(true, true, true);
                case 932:
                    // Windows decodes some codes .NET does not (ShiftJisDuplicateCodes): they are read as Windows reads them.
                    return Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, ShiftJisDecoderFallback.Strict);
                default:
                    return Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            }
        }

        /// <summary>How much of some bytes read as Shift_JIS is Japanese text and how much is bad: undecodable bytes, control and private-use characters.</summary>
        private readonly struct ShiftJisReading
        {
            public ShiftJisReading(int text, int bad)
            {
                Text = text;
                Bad = bad;
            }

            public int Text { get; }

            public int Bad { get; }
        }

        private static ArgumentException Unknown(string name, Exception? inner) =>
            new ArgumentException(
                string.Format(CultureInfo.InvariantCulture, "'{0}' is not a known encoding. Use {1}.", name, AcceptedNames),
                nameof(name),
                inner);

        internal static Encoding? FromByteOrderMark(byte[] head, int length)
        {
            if (length >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
            {
                return new UTF8Encoding(true, true);
            }

            if (length >= 4 && head[0] == 0xFF && head[1] == 0xFE && head[2] == 0 && head[3] == 0)
            {
                return new UTF32Encoding(false, true, true);
            }

            if (length >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0xFE && head[3] == 0xFF)
            {
                return new UTF32Encoding(true, true, true);
            }

            if (length >= 2 && head[0] == 0xFF && head[1] == 0xFE)
            {
                return new UnicodeEncoding(false, true, true);
            }

            if (length >= 2 && head[0] == 0xFE && head[1] == 0xFF)
            {
                return new UnicodeEncoding(true, true, true);
            }

            return null;
        }

        private static int ReadAtLeast(Stream stream, byte[] buffer, int offset)
        {
            int total = 0;
            while (offset + total < buffer.Length)
            {
                int read = stream.Read(buffer, offset + total, buffer.Length - offset - total);
                if (read <= 0)
                {
                    break;
                }

                total += read;
            }

            return total;
        }
    }
}
