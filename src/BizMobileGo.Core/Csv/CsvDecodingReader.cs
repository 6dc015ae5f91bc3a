using System;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Csv
{
    /// <summary>
    /// The one pass over a CSV file's bytes: hashes them, detects the encoding from them, decodes them, and
    /// watches the text for what a CSV parser takes as data but the module refuses (NUL, undecodable bytes,
    /// endless lines), each reported with its physical line.
    /// </summary>
    /// <remarks>
    /// Bytes are decoded in chunks cut at line breaks; when a chunk fails, it is decoded again line by line,
    /// so the lines before the bad one are still handed out and the error carries the bad line's number.
    /// Cutting at line-break bytes is safe for UTF-8 and the East Asian multi-byte code pages (CR and LF are
    /// never trail bytes); UTF-16/32 line breaks are only looked for at code-unit-aligned offsets.
    /// An error is raised only when the reader reaches it, so a parser above sees every record before it.
    /// A leading U+FEFF (the byte order mark, whatever the encoding) is dropped.
    /// Disposing the reader disposes the stream.
    /// </remarks>
    public sealed class CsvDecodingReader : TextReader
    {
        /// <summary>The longest physical line accepted, in characters: anything longer is not a device list.</summary>
        public const int MaxLineLength = 1024 * 1024;

        private const int ByteBufferSize = 64 * 1024;

        private readonly Stream? _stream;
        private readonly TextReader? _text;
        private readonly CancellationToken _cancellationToken;
        private readonly int _maxLineLength;
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly FileSnapshot? _openedAs;
        private readonly byte[] _bytes = new byte[ByteBufferSize];
        private char[] _chars = new char[ByteBufferSize + 16];
        private Decoder? _decoder;
        private byte[]? _lineFeed;
        private byte[]? _carriageReturn;
        private int _unit;
        private bool _shiftJis;
        private EncodingBasis _basis = EncodingBasis.Given;
        // The file offset of the first byte of the line the next undecoded byte is on: a bad byte's place in its line.
        private long _lineStartByte;
        private int _byteCount;
        private long _bytesDecoded;
        private bool _streamEnded;
        private int _charPos;
        private int _charCount;
        private bool _atStart = true;
        private bool _decoderCarriesState;
        private Exception? _pendingError;
        private string? _sha256;

        // The physical line of the next decoded character, and how long the current line already is.
        private int _line = 1;
        private int _lineLength;
        private bool _afterCarriageReturn;
        private char _lastCharHanded;
        private bool _handedAll;

        /// <param name="encoding">The file's encoding, or null to detect it from the bytes as they are read.</param>
        /// <param name="maxLineLength">The longest line accepted: <see cref="MaxLineLength"/> for a CSV file; a JSON file may be one long line.</param>
        public CsvDecodingReader(Stream stream, Encoding? encoding, CancellationToken cancellationToken = default, int maxLineLength = MaxLineLength)
        {
            _stream = stream ?? throw new ArgumentNullException(nameof(stream));
            _cancellationToken = cancellationToken;
            _maxLineLength = maxLineLength;
            _openedAs = FileSnapshot.Of(stream);
            if (encoding != null)
            {
                UseEncoding(encoding, EncodingBasis.Given);
            }
        }

        /// <summary>Watches text another reader already decodes (a <see cref="StringReader"/>, a <see cref="StreamReader"/>) for NUL and endless lines.</summary>
        public CsvDecodingReader(TextReader text, CancellationToken cancellationToken = default)
        {
            _text = text ?? throw new ArgumentNullException(nameof(text));
            _cancellationToken = cancellationToken;
            _maxLineLength = MaxLineLength;
            Encoding = (text as StreamReader)?.CurrentEncoding;
        }

        /// <summary>The encoding in use; null while no byte has told it yet (so far the text is plain ASCII).</summary>
        public Encoding? Encoding { get; private set; }

        /// <summary>True when the encoding was detected rather than given.</summary>
        public bool EncodingDetected { get; private set; }

        /// <summary>
        /// The encoding the text was read in: <see cref="Encoding"/>, and for ASCII-only text (no byte told) UTF-8 without a
        /// byte order mark, as the file had none. The failed-rows file is written back in it.
        /// </summary>
        public Encoding EncodingRead => Encoding ?? new UTF8Encoding(false, true);

        /// <summary>How the text was decoded, for summaries: "UTF-8", "Shift_JIS (CP932)", ... (ASCII-only text is UTF-8).</summary>
        public string EncodingName => CsvEncoding.Describe(EncodingRead);

        /// <summary>The size of the file read, when the text is a file's (seekable); null for a pipe, a FIFO or a text.</summary>
        public long? FileLength => _openedAs?.Length;

        /// <summary>How many bytes have been read (and hashed) so far.</summary>
        public long BytesRead { get; private set; }

        /// <summary>True once every byte of the input has been read.</summary>
        public bool EndReached => _streamEnded;

        /// <summary>The SHA-256 (lower-case hex) of exactly the bytes read; null until the end has been reached.</summary>
        public string? Sha256 => _sha256;

        /// <summary>
        /// The text decoded and not read yet, decoding the first piece if nothing is (a UTF-16 file's first 64 KB cut at a line
        /// break; an ASCII start up to its first other byte): a look at the header before a parser is chosen. Reads nothing away.
        /// </summary>
        public string Lookahead() => Fill() ? new string(_chars, _charPos, _charCount - _charPos) : "";

        /// <summary>
        /// True once every character has been handed out and the text did not end with a line break: its last record was cut
        /// off (a file still being copied) or written without one (<see cref="CsvRecordReader"/>, IncompleteLastRow).
        /// </summary>
        public bool EndedWithoutLineBreak => _handedAll && _lastCharHanded != '\n' && _lastCharHanded != '\r' && _lastCharHanded != '\0';

        public override int Peek() => Fill() ? _chars[_charPos] : -1;

        public override int Read() => Fill() ? _chars[_charPos++] : -1;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per record: see Import.PerRowCode
        public override int Read(char[] buffer, int index, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            if (index < 0 || count < 0 || buffer.Length - index < count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            if (count == 0)
            {
                return 0;
            }

            if (!Fill())
            {
                _handedAll = true;
                return 0;
            }

            int n = Math.Min(count, _charCount - _charPos);
            if (n > 1 && _chars[_charPos + n - 1] == '\r')
            {
                // A CR and its LF go out together: CsvHelper counts a CRLF split between two reads as two lines.
                n--;
            }

            Array.Copy(_chars, _charPos, buffer, index, n);
            _charPos += n;
            _lastCharHanded = buffer[index + n - 1];
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _stream?.Dispose();
                _text?.Dispose();
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }

        private bool Fill()
        {
            while (_charPos == _charCount)
            {
                if (_pendingError != null)
                {
                    throw _pendingError;
                }

                if (!DecodeMore())
                {
                    return false;
                }
            }

            return true;
        }

        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        private bool DecodeMore()
        {
            if (_text != null)
            {
                return ReadDecodedText();
            }

            ReadBytes();
            if (_atStart && !EncodingDetected && Encoding != null && ByteOrderMarkOfOtherEncoding() is Encoding marked)
            {
                _pendingError = ByteOrderMarkContradicts(marked);
                _charPos = _charCount = 0;
                return true;
            }

            if (_byteCount == 0 && _streamEnded && !_decoderCarriesState)
            {
                return false;
            }

            if (_decoder == null)
            {
                DecodeAsciiOrDetect();
                return true;
            }

            int cut;
            bool flush;
            if (_streamEnded)
            {
                cut = _byteCount;
                flush = true;
            }
            else
            {
                cut = _unit == 0 ? 0 : EndOfLastLineBreak(0, _byteCount);
                flush = cut > 0;
                if (!flush)
                {
                    // No line break in a full buffer: all of it belongs to one line, so any error is still on it.
                    cut = _unit == 0 ? _byteCount : _byteCount - (_byteCount % _unit);
                }
            }

            EnsureCharCapacity(cut);
            int produced;
            try
            {
                produced = _decoder.GetChars(_bytes, 0, cut, _chars, 0, flush);
            }
            catch (DecoderFallbackException ex)
            {
                produced = DecodeLinesBeforeError(cut, flush, ex);
            }

            _decoderCarriesState = !flush;
            Consume(cut);
            if (flush)
            {
                _lineStartByte = _bytesDecoded; // the chunk was cut after a line break
            }

            Hand(produced);
            return true;
        }

        private bool ReadDecodedText()
        {
            _cancellationToken.ThrowIfCancellationRequested();
            int read;
            try
            {
                read = _text!.Read(_chars, 0, _chars.Length - 1);
                if (read > 0 && _chars[read - 1] == '\r')
                {
                    // Keep a CR with the LF that may follow it (see Read).
                    read += Math.Max(0, _text.Read(_chars, read, 1));
                }
            }
            catch (DecoderFallbackException ex)
            {
                _pendingError = InvalidEncoding(ex, -1, 0);
                _charPos = _charCount = 0;
                return true;
            }

            if (read <= 0)
            {
                _streamEnded = true;
                return false;
            }

            Hand(read);
            return true;
        }

        /// <summary>Reads until the byte buffer is full or the input ends; checks for Ctrl+C on every read.</summary>
        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        private void ReadBytes()
        {
            while (!_streamEnded && _byteCount < _bytes.Length)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                int read = _stream!.Read(_bytes, _byteCount, _bytes.Length - _byteCount);
                if (read <= 0)
                {
                    _streamEnded = true;
                    FinishHash();
                }
                else
                {
                    _hash.AppendData(_bytes, _byteCount, read);
                    _byteCount += read;
                    BytesRead += read;
                }
            }
        }

        private void FinishHash()
        {
            byte[] digest = _hash.GetHashAndReset();
            var hex = new StringBuilder(digest.Length * 2);
            foreach (byte b in digest)
            {
                hex.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }

            _sha256 = hex.ToString();
            if (_openedAs != null && _openedAs.ChangedSince(BytesRead))
            {
                _pendingError = new BmgException(ErrorIds.FileChangedWhileRead, BmgErrorCategory.ResourceBusy,
                    $"The file was still being written: its size or modification time changed while it was read ({_openedAs.Length:N0} bytes when opened, {BytesRead:N0} read). Import it again once it is complete.",
                    _openedAs.Path);
            }
        }

        /// <summary>
        /// Without a given encoding, ASCII bytes are the same text in every candidate; the first other byte
        /// decides, judged on everything the buffer holds from there.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        private void DecodeAsciiOrDetect()
        {
            if (_atStart)
            {
                Encoding? fromBom = CsvEncoding.FromByteOrderMark(_bytes, _byteCount);
                if (fromBom != null)
                {
                    UseEncoding(fromBom, EncodingBasis.ByteOrderMark);
                    return;
                }
            }

            int ascii = 0;
            while (ascii < _byteCount && _bytes[ascii] < 0x80)
            {
                ascii++;
            }

            if (ascii > 0)
            {
                // The ASCII text first; the next call sees the first other byte at the buffer's start, with the buffer refilled behind it.
                EnsureCharCapacity(ascii);
                for (int i = 0; i < ascii; i++)
                {
                    _chars[i] = (char)_bytes[i];
                    if (_bytes[i] == '\n' || _bytes[i] == '\r')
                    {
                        _lineStartByte = _bytesDecoded + i + 1;
                    }
                }

                Consume(ascii);
                Hand(ascii);
                return;
            }

            EncodingGuess guess = CsvEncoding.Judge(_bytes, 0, _byteCount, _streamEnded);
            UseEncoding(guess.Encoding, guess.Basis);
        }

        private void UseEncoding(Encoding encoding, EncodingBasis basis)
        {
            Encoding = encoding;
            _shiftJis = encoding.CodePage == 932;
            _basis = basis;
            EncodingDetected = basis != EncodingBasis.Given;
            _decoder = encoding.GetDecoder();
            try
            {
                _lineFeed = encoding.GetBytes("\n");
                _carriageReturn = encoding.GetBytes("\r");
            }
            catch (EncoderFallbackException)
            {
                _lineFeed = null;
                _carriageReturn = null;
            }

            bool splittable = _lineFeed != null && _carriageReturn != null
                && _lineFeed.Length > 0 && _lineFeed.Length == _carriageReturn.Length;
            _unit = splittable ? _lineFeed!.Length : 0;
        }

        /// <summary>Decodes line by line up to the line holding the bad bytes, and keeps the error for when the reader gets there.</summary>
        private int DecodeLinesBeforeError(int cut, bool flush, DecoderFallbackException error)
        {
            // Bytes carried over from a line longer than the buffer cannot be replayed: the error is on the current line.
            if (_decoderCarriesState || _unit == 0)
            {
                _pendingError = InvalidEncoding(error, _bytesDecoded, lineOffset: 0);
                return 0;
            }

            _decoder!.Reset();
            int produced = 0;
            int start = 0;
            int linesBefore = 0;
            while (start < cut)
            {
                int end = EndOfFirstLineBreak(start, cut);
                try
                {
                    produced += _decoder.GetChars(_bytes, start, end - start, _chars, produced, end < cut || flush);
                }
                catch (DecoderFallbackException lineError)
                {
                    _pendingError = InvalidEncoding(lineError, _bytesDecoded + start, linesBefore);
                    return produced;
                }

                // Count a CRLF once: a CR ending this piece and LF starting the next are one line break.
                bool secondHalfOfCrLf = end - start == _unit && IsLineFeedAt(start)
                    && (start == 0 ? _afterCarriageReturn : IsCarriageReturnAt(start - _unit));
                if (!secondHalfOfCrLf)
                {
                    linesBefore++;
                }

                start = end;
            }

            return produced;
        }

        /// <summary>
        /// The encoding the file's byte order mark names when it is not the one given (-Encoding): null without a mark, or when
        /// they agree. Only at the file's start: no CSV or JSON the module reads begins with the characters a mark's bytes are
        /// in a code page (a header and JSON begin with ASCII), so a mark there is the file's encoding, whatever was given.
        /// </summary>
        private Encoding? ByteOrderMarkOfOtherEncoding()
        {
            Encoding? marked = CsvEncoding.FromByteOrderMark(_bytes, _byteCount);
            return marked != null && marked.CodePage != Encoding!.CodePage ? marked : null;
        }

        /// <summary>
        /// Said at once, before a byte is decoded: read in the given code page the mark is either bytes that can't be decoded
        /// ("save the file as UTF-8", of a file that is UTF-8) or letters glued to the first column's name ("'ï»¿Identifier' is
        /// not a column"), and neither says what is wrong.
        /// </summary>
        private CsvFormatException ByteOrderMarkContradicts(Encoding marked)
        {
            string markedName = marked.CodePage == 65001 ? "UTF-8" : CsvEncoding.Describe(marked);
            string use = marked.CodePage == 65001 ? "read it with -Encoding utf8, or leave -Encoding out" : "leave -Encoding out";
            byte[] mark = marked.GetPreamble();
            return new CsvFormatException(ErrorIds.InvalidEncoding, 1, string.Format(CultureInfo.InvariantCulture,
                "line 1 is not valid {0}: the file starts with the {1} byte order mark ({2}), so it is {1} text, not {0} as -Encoding says; {3} (the mark then says the encoding).",
                CsvEncoding.Describe(Encoding!), markedName, HexBytes(mark), use));
        }

        /// <param name="lineStartOffset">The file offset of the bytes given to the failing decode call; -1 when unknown.</param>
        private Exception InvalidEncoding(DecoderFallbackException ex, long lineStartOffset, int lineOffset)
        {
            // The line counter is only advanced by text handed out; the bad line is that many lines further.
            int line = _line + lineOffset;
            string bytes = ex.BytesUnknown == null || ex.BytesUnknown.Length == 0
                ? "some bytes"
                : (ex.BytesUnknown.Length == 1 ? "the byte " : "the bytes ") + HexBytes(ex.BytesUnknown);
            bool readsAsShiftJis = false;
            if (lineStartOffset >= 0)
            {
                // The bytes given to the failing call start the bad line, unless they are the first of a chunk, which may
                // continue a line begun in the chunk before (or the ASCII text handed out before the encoding was known).
                long fileOffset = lineStartOffset + Math.Max(0, ex.Index);
                long lineStart = lineStartOffset == _bytesDecoded ? _lineStartByte : lineStartOffset;
                bytes += string.Format(CultureInfo.InvariantCulture, " (byte {0:N0} of the line, file offset {1})", fileOffset - lineStart + 1, fileOffset);
                int from = (int)(lineStartOffset - _bytesDecoded);
                readsAsShiftJis = Encoding != null && Encoding.CodePage == 65001 && _unit != 0
                    && CsvEncoding.ReadsAsShiftJis(_bytes, from, EndOfFirstLineBreak(from, _byteCount));
            }

            string hint = Encoding == null ? "" : InvalidEncodingAdvice.For(Encoding, _basis, readsAsShiftJis);
            string name = Encoding == null ? "text in the expected encoding" : CsvEncoding.Describe(Encoding);
            return new CsvFormatException(
                ErrorIds.InvalidEncoding,
                line,
                string.Format(CultureInfo.InvariantCulture, "line {0} is not valid {1}: {2} cannot be decoded.{3}", line, name, bytes, hint),
                ex);
        }

        /// <summary>Makes the first <paramref name="produced"/> decoded characters available, stopping before any that must not be data.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per record: see Import.PerRowCode
        private void Hand(int produced)
        {
            int start = 0;
            if (_atStart && produced > 0)
            {
                _atStart = false;
                if (_chars[0] == '\uFEFF')
                {
                    start = 1;
                }
            }

            char[] chars = _chars;
            int line = _line;
            int lineLength = _lineLength;
            bool afterCarriageReturn = _afterCarriageReturn;
            int i = start;
            for (; i < produced; i++)
            {
                char c = chars[i];
                if (c == '\n')
                {
                    if (!afterCarriageReturn)
                    {
                        line++;
                    }

                    afterCarriageReturn = false;
                    lineLength = 0;
                }
                else if (c == '\r')
                {
                    line++;
                    afterCarriageReturn = true;
                    lineLength = 0;
                }
                else
                {
                    afterCarriageReturn = false;
                    if (c == '\0')
                    {
                        _pendingError = NulCharacter(line);
                        break;
                    }

                    if (_shiftJis && IsNoShiftJisCharacter(c))
                    {
                        _pendingError = NoShiftJisCharacter(c, line);
                        break;
                    }

                    if (++lineLength > _maxLineLength)
                    {
                        _pendingError = new CsvFormatException(ErrorIds.MalformedCsv, line, string.Format(CultureInfo.InvariantCulture,
                            "Malformed CSV: line {0} is longer than {1:N0} characters; the file is not a device list (or a line break is missing).", line, _maxLineLength));
                        break;
                    }
                }
            }

            _line = line;
            _lineLength = lineLength;
            _afterCarriageReturn = afterCarriageReturn;
            _charPos = start;
            _charCount = i;
        }

        private void Consume(int count)
        {
            _bytesDecoded += count;
            _byteCount -= count;
            Buffer.BlockCopy(_bytes, count, _bytes, 0, _byteCount);
        }

        private void EnsureCharCapacity(int byteCount)
        {
            int needed = _decoder == null ? byteCount : Encoding!.GetMaxCharCount(byteCount) + 16;
            if (_chars.Length < needed)
            {
                _chars = new char[needed];
            }
        }

        /// <summary>
        /// The single bytes 0x80, 0xA0 and 0xFD-0xFF are no Shift_JIS character, yet .NET's code page 932 decodes
        /// them (to U+0080 and private-use U+F8F0-U+F8F3) instead of failing: they are bad bytes all the same.
        /// </summary>
        private static bool IsNoShiftJisCharacter(char c) => c == '\u0080' || (c >= '\uF8F0' && c <= '\uF8F3');

        private CsvFormatException NoShiftJisCharacter(char c, int line)
        {
            int value = c == '\u0080' ? 0x80 : c == '\uF8F0' ? 0xA0 : 0xFD + (c - '\uF8F1');
            return new CsvFormatException(ErrorIds.InvalidEncoding, line, string.Format(CultureInfo.InvariantCulture,
                "line {0} is not valid {1}: the byte {2} cannot be decoded.{3}",
                line, CsvEncoding.Describe(Encoding!), HexBytes(new[] { (byte)value }), InvalidEncodingAdvice.For(Encoding!, _basis, lineReadsAsShiftJis: false)));
        }

        /// <summary>"0x97 0xE9": a bare "97" reads as the decimal 97 (the letter 'a'), and the position beside it is decimal.</summary>
        private static string HexBytes(byte[] bytes)
        {
            var text = new StringBuilder(bytes.Length * 5);
            foreach (byte b in bytes)
            {
                text.Append(text.Length == 0 ? "" : " ").Append("0x").Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }

            return text.ToString();
        }

        private static CsvFormatException NulCharacter(int line) =>
            new CsvFormatException(
                ErrorIds.MalformedCsv,
                line,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "Malformed CSV: line {0} contains a NUL character; the file may be binary or UTF-16 without a byte order mark.",
                    line));

        private int EndOfLastLineBreak(int from, int to)
        {
            int unit = _unit;
            for (int i = from + (((to - from) / unit) - 1) * unit; i >= from; i -= unit)
            {
                // A CR at the very end may be the first half of a CRLF: cut before it, so the pair stays together.
                if (IsLineBreakAt(i) && !(i + unit == to && IsCarriageReturnAt(i)))
                {
                    return i + unit;
                }
            }

            return 0;
        }

        private int EndOfFirstLineBreak(int from, int to)
        {
            int unit = _unit;
            for (int i = from; i + unit <= to; i += unit)
            {
                if (IsLineBreakAt(i))
                {
                    return i + unit;
                }
            }

            return to;
        }

        private bool IsLineBreakAt(int i) => IsLineFeedAt(i) || IsCarriageReturnAt(i);

        private bool IsLineFeedAt(int i) => i >= 0 && i + _unit <= _byteCount && Matches(_lineFeed!, i);

        private bool IsCarriageReturnAt(int i) => i >= 0 && i + _unit <= _byteCount && Matches(_carriageReturn!, i);

        private bool Matches(byte[] pattern, int i)
        {
            for (int k = 0; k < pattern.Length; k++)
            {
                if (_bytes[i + k] != pattern[k])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A regular file's size and modification time when it was opened, to tell whether it changed during the read.</summary>
        private sealed class FileSnapshot
        {
            private FileSnapshot(string path, long length, DateTime lastWriteUtc)
            {
                Path = path;
                Length = length;
                LastWriteUtc = lastWriteUtc;
            }

            public string Path { get; }

            public long Length { get; }

            private DateTime LastWriteUtc { get; }

            public static FileSnapshot? Of(Stream stream)
            {
                // Only a seekable file has a size to compare; a pipe or FIFO is read once as it comes.
                if (!(stream is FileStream file) || !file.CanSeek)
                {
                    return null;
                }

                return new FileSnapshot(file.Name, file.Length, File.GetLastWriteTimeUtc(file.Name));
            }

            public bool ChangedSince(long bytesRead)
            {
                try
                {
                    var now = new FileInfo(Path);
                    return bytesRead != Length || now.Length != Length || now.LastWriteTimeUtc != LastWriteUtc;
                }
                catch (IOException)
                {
                    return true;
                }
            }
        }
    }
}
