using System;
using System.IO;
using System.Text;

namespace BizMobileGo.Core.Csv
{
    /// <summary>
    /// Decodes a stream and hands out text, cutting the bytes it decodes at line breaks.
    /// </summary>
    /// <remarks>
    /// <see cref="StreamReader"/> decodes 64 KB at a time and, when a throwing decoder fails, loses everything
    /// it decoded before the bad bytes, so an error could only be placed somewhere within hundreds of lines.
    /// Here, when a chunk fails, the lines before the bad one are still delivered, and the exception surfaces
    /// only when the reader reaches the bad line, so the CSV reader reports that line exactly.
    /// Cutting at line-break bytes is safe for UTF-8 and the East Asian multi-byte code pages (CR and LF are
    /// never trail bytes); UTF-16/32 line breaks are only looked for at code-unit-aligned offsets.
    /// A leading U+FEFF (the byte order mark, whatever the encoding) is dropped.
    /// </remarks>
    internal sealed class LineAlignedStreamReader : TextReader
    {
        private const int ByteBufferSize = 64 * 1024;

        private readonly Stream _stream;
        private readonly Decoder _decoder;
        private readonly byte[] _bytes = new byte[ByteBufferSize];
        private readonly char[] _chars;
        private readonly byte[]? _lineFeed;
        private readonly byte[]? _carriageReturn;
        private readonly int _unit;
        private int _byteCount;
        private bool _streamEnded;
        private int _charPos;
        private int _charCount;
        private bool _atStart = true;
        private bool _decoderCarriesState;
        private DecoderFallbackException? _decodeError;

        public LineAlignedStreamReader(Stream stream, Encoding encoding)
        {
            _stream = stream ?? throw new ArgumentNullException(nameof(stream));
            Encoding = encoding ?? throw new ArgumentNullException(nameof(encoding));
            _decoder = encoding.GetDecoder();
            _chars = new char[encoding.GetMaxCharCount(ByteBufferSize) + 16];
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

        public Encoding Encoding { get; }

        public override int Peek() => Fill() ? _chars[_charPos] : -1;

        public override int Read() => Fill() ? _chars[_charPos++] : -1;

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

            if (count == 0 || !Fill())
            {
                return 0;
            }

            int n = Math.Min(count, _charCount - _charPos);
            Array.Copy(_chars, _charPos, buffer, index, n);
            _charPos += n;
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _stream.Dispose();
            }

            base.Dispose(disposing);
        }

        private bool Fill()
        {
            while (_charPos == _charCount)
            {
                if (_decodeError != null)
                {
                    throw _decodeError;
                }

                if (!DecodeMore())
                {
                    return false;
                }
            }

            return true;
        }

        private bool DecodeMore()
        {
            while (!_streamEnded && _byteCount < _bytes.Length)
            {
                int read = _stream.Read(_bytes, _byteCount, _bytes.Length - _byteCount);
                if (read <= 0)
                {
                    _streamEnded = true;
                }
                else
                {
                    _byteCount += read;
                }
            }

            if (_byteCount == 0 && _streamEnded && !_decoderCarriesState)
            {
                return false;
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
            _byteCount -= cut;
            Buffer.BlockCopy(_bytes, cut, _bytes, 0, _byteCount);
            _charPos = 0;
            _charCount = produced;
            if (_atStart && produced > 0)
            {
                _atStart = false;
                if (_chars[0] == '\uFEFF')
                {
                    _charPos = 1;
                }
            }

            return true;
        }

        /// <summary>Decodes line by line up to the line holding the bad bytes, and keeps the error for later.</summary>
        private int DecodeLinesBeforeError(int cut, bool flush, DecoderFallbackException error)
        {
            // Bytes carried over from a line longer than the buffer cannot be replayed: report at the current line.
            if (_decoderCarriesState || _unit == 0)
            {
                _decodeError = error;
                return 0;
            }

            _decoder.Reset();
            int produced = 0;
            int start = 0;
            while (start < cut)
            {
                int end = EndOfFirstLineBreak(start, cut);
                try
                {
                    produced += _decoder.GetChars(_bytes, start, end - start, _chars, produced, end < cut || flush);
                }
                catch (DecoderFallbackException lineError)
                {
                    _decodeError = lineError;
                    return produced;
                }

                start = end;
            }

            return produced;
        }

        private int EndOfLastLineBreak(int from, int to)
        {
            int unit = _unit;
            for (int i = from + (((to - from) / unit) - 1) * unit; i >= from; i -= unit)
            {
                if (IsLineBreakAt(i))
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

        private bool IsLineBreakAt(int i)
        {
            byte[] bytes = _bytes;
            if (_unit == 1)
            {
                byte b = bytes[i];
                return b == _lineFeed![0] || b == _carriageReturn![0];
            }

            return Matches(_lineFeed!, i) || Matches(_carriageReturn!, i);
        }

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
    }
}
