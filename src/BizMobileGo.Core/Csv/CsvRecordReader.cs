using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace BizMobileGo.Core.Csv
{
    /// <summary>
    /// Streaming RFC 4180 reader that knows the physical line on which each record starts.
    /// </summary>
    /// <remarks>
    /// Records end at CRLF, LF or a lone CR. A field that begins with a quote is quoted: a doubled quote is a
    /// literal quote, and delimiters and line breaks inside it are data. A quote inside an unquoted field is
    /// kept literally. Empty lines are skipped (but counted). Fields are not trimmed.
    /// Disposing the reader disposes the underlying <see cref="TextReader"/>.
    /// </remarks>
    public sealed class CsvRecordReader : IDisposable
    {
        private const int BufferSize = 64 * 1024;

        private readonly TextReader _reader;
        private readonly char _delimiter;
        private readonly char[] _buffer = new char[BufferSize];
        private readonly List<string> _fields = new List<string>();
        private readonly StringBuilder _pending = new StringBuilder();
        private int _pos;
        private int _len;
        private bool _eof;
        private int _line = 1;
        private CsvFormatException? _fault;

        public CsvRecordReader(TextReader reader, char delimiter = ',')
        {
            _reader = reader ?? throw new ArgumentNullException(nameof(reader));
            if (delimiter == '"' || delimiter == '\r' || delimiter == '\n' || delimiter == '\0')
            {
                throw new ArgumentException(
                    "The delimiter cannot be a quote, a line break or NUL.", nameof(delimiter));
            }

            _delimiter = delimiter;
        }

        /// <summary>Reads the next record; returns false at the end of the input.</summary>
        /// <exception cref="CsvFormatException">The text is malformed or cannot be decoded.</exception>
        public bool TryReadRecord(out CsvRecord record)
        {
            // After an error the position inside the text is meaningless, so every later call reports the same error.
            if (_fault != null)
            {
                throw _fault;
            }

            try
            {
                return ReadRecord(out record);
            }
            catch (CsvFormatException ex)
            {
                _fault = ex;
                throw;
            }
        }

        public void Dispose() => _reader.Dispose();

        private bool ReadRecord(out CsvRecord record)
        {
            while (true)
            {
                if (_pos == _len && !Fill())
                {
                    record = default;
                    return false;
                }

                char c = _buffer[_pos];
                if (c == '\n')
                {
                    _pos++;
                    _line++;
                }
                else if (c == '\r')
                {
                    _pos++;
                    _line++;
                    SkipLineFeedAfterCarriageReturn();
                }
                else
                {
                    break;
                }
            }

            int startLine = _line;
            _fields.Clear();
            bool moreFields = true;
            while (moreFields)
            {
                if (_pos == _len && !Fill())
                {
                    // Input ended right after a delimiter: that delimiter introduced one last, empty field.
                    _fields.Add(string.Empty);
                    break;
                }

                if (_buffer[_pos] == '"')
                {
                    _pos++;
                    moreFields = ReadQuotedField();
                }
                else
                {
                    moreFields = ReadUnquotedField();
                }
            }

            record = new CsvRecord(startLine, _fields.ToArray());
            return true;
        }

        /// <returns>True when a delimiter follows, so another field of the same record comes next.</returns>
        private bool ReadUnquotedField()
        {
            int start = _pos;
            while (true)
            {
                char[] buf = _buffer;
                int len = _len;
                char delimiter = _delimiter;
                int i = start;
                while (i < len)
                {
                    char c = buf[i];
                    if (c == delimiter || c == '\r' || c == '\n' || c == '\0')
                    {
                        break;
                    }

                    i++;
                }

                if (i < len)
                {
                    char c = buf[i];
                    if (c == '\0')
                    {
                        throw NulCharacter();
                    }

                    _fields.Add(TakeField(buf, start, i - start));
                    _pos = i + 1;
                    if (c == delimiter)
                    {
                        return true;
                    }

                    _line++;
                    if (c == '\r')
                    {
                        SkipLineFeedAfterCarriageReturn();
                    }

                    return false;
                }

                _pending.Append(buf, start, i - start);
                _pos = len;
                if (!Fill())
                {
                    _fields.Add(TakeField(buf, 0, 0));
                    return false;
                }

                start = 0;
            }
        }

        /// <summary>Reads a quoted field whose opening quote has been consumed.</summary>
        /// <returns>True when a delimiter follows, so another field of the same record comes next.</returns>
        private bool ReadQuotedField()
        {
            int openingLine = _line;
            int start = _pos;
            bool afterCarriageReturn = false;
            while (true)
            {
                char[] buf = _buffer;
                int len = _len;
                int i = start;
                while (i < len)
                {
                    char c = buf[i];
                    if (c == '"' || c == '\0')
                    {
                        break;
                    }

                    // Line breaks inside quotes are data, but they still advance the physical line counter.
                    if (c == '\n')
                    {
                        if (!afterCarriageReturn)
                        {
                            _line++;
                        }

                        afterCarriageReturn = false;
                    }
                    else if (c == '\r')
                    {
                        _line++;
                        afterCarriageReturn = true;
                    }
                    else
                    {
                        afterCarriageReturn = false;
                    }

                    i++;
                }

                if (i == len)
                {
                    _pending.Append(buf, start, i - start);
                    _pos = len;
                    if (!Fill())
                    {
                        throw new CsvFormatException(
                            "MalformedCsv",
                            openingLine,
                            string.Format(
                                CultureInfo.InvariantCulture,
                                "Malformed CSV: a quoted field starting on line {0} is never closed; a quote inside a quoted field must be doubled (\"\").",
                                openingLine));
                    }

                    start = 0;
                    continue;
                }

                if (buf[i] == '\0')
                {
                    throw NulCharacter();
                }

                afterCarriageReturn = false;
                int segmentLength = i - start;
                int next;
                if (i + 1 < len)
                {
                    next = buf[i + 1];
                }
                else
                {
                    // The character after the quote decides what the quote means, and it is in the next buffer.
                    _pending.Append(buf, start, segmentLength);
                    _pos = len;
                    if (!Fill())
                    {
                        _fields.Add(TakeField(buf, 0, 0));
                        return false;
                    }

                    buf = _buffer;
                    start = 0;
                    segmentLength = 0;
                    i = -1;
                    next = buf[0];
                }

                if (next == '"')
                {
                    _pending.Append(buf, start, segmentLength).Append('"');
                    start = i + 2;
                    continue;
                }

                if (next == _delimiter)
                {
                    _fields.Add(TakeField(buf, start, segmentLength));
                    _pos = i + 2;
                    return true;
                }

                if (next == '\r' || next == '\n')
                {
                    _fields.Add(TakeField(buf, start, segmentLength));
                    _pos = i + 2;
                    _line++;
                    if (next == '\r')
                    {
                        SkipLineFeedAfterCarriageReturn();
                    }

                    return false;
                }

                if (next == '\0')
                {
                    throw NulCharacter();
                }

                throw new CsvFormatException(
                    "MalformedCsv",
                    _line,
                    string.Format(
                        CultureInfo.InvariantCulture,
                        "Malformed CSV at line {0}: unexpected character '{1}' after a closing quote; a quote inside a quoted field must be doubled (\"\"), and a quoted field must end at a delimiter or a line break.",
                        _line,
                        Printable((char)next)));
            }
        }

        private string TakeField(char[] buf, int start, int length)
        {
            if (_pending.Length == 0)
            {
                return length == 0 ? string.Empty : new string(buf, start, length);
            }

            string field = _pending.Append(buf, start, length).ToString();
            _pending.Clear();
            return field;
        }

        private void SkipLineFeedAfterCarriageReturn()
        {
            if ((_pos < _len || Fill()) && _buffer[_pos] == '\n')
            {
                _pos++;
            }
        }

        /// <summary>Replaces the buffer content; callers must first save any part of it they still need.</summary>
        private bool Fill()
        {
            if (_eof)
            {
                return false;
            }

            int read;
            try
            {
                read = _reader.Read(_buffer, 0, _buffer.Length);
            }
            catch (DecoderFallbackException ex)
            {
                throw InvalidEncoding(ex);
            }

            if (read <= 0)
            {
                _eof = true;
                return false;
            }

            _pos = 0;
            _len = read;
            return true;
        }

        private CsvFormatException NulCharacter() =>
            new CsvFormatException(
                "MalformedCsv",
                _line,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "Malformed CSV: line {0} contains a NUL character; the file may be binary or UTF-16 without a byte order mark.",
                    _line));

        private CsvFormatException InvalidEncoding(DecoderFallbackException ex)
        {
            Encoding? encoding = _reader switch
            {
                StreamReader streamReader => streamReader.CurrentEncoding,
                LineAlignedStreamReader lineAligned => lineAligned.Encoding,
                _ => null,
            };
            string name = encoding == null ? "text in the expected encoding" : CsvEncoding.Describe(encoding);
            string bytes = ex.BytesUnknown == null || ex.BytesUnknown.Length == 0
                ? "some bytes"
                : "the bytes " + BitConverter.ToString(ex.BytesUnknown).Replace('-', ' ');
            return new CsvFormatException(
                "InvalidEncoding",
                _line,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "line {0} is not valid {1}: {2} cannot be decoded. Save the file as UTF-8, or name its real encoding (for example 932 for Shift_JIS).",
                    _line,
                    name,
                    bytes),
                ex);
        }

        private static string Printable(char c) =>
            char.IsControl(c)
                ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)
                : c.ToString();
    }
}
