using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace BizMobileGo.Core.Csv
{
    /// <summary>Writes RFC 4180 records with CRLF line endings that <see cref="CsvRecordReader"/> reads back unchanged.</summary>
    /// <remarks>Disposing the writer disposes the underlying <see cref="TextWriter"/>.</remarks>
    public sealed class CsvRecordWriter : IDisposable
    {
        private readonly TextWriter _writer;
        private readonly char _delimiter;

        public CsvRecordWriter(TextWriter writer, char delimiter = ',')
        {
            _writer = writer ?? throw new ArgumentNullException(nameof(writer));
            if (delimiter == '"' || delimiter == '\r' || delimiter == '\n' || delimiter == '\0')
            {
                throw new ArgumentException(
                    "The delimiter cannot be a quote, a line break or NUL.", nameof(delimiter));
            }

            _delimiter = delimiter;
        }

        /// <summary>Writes one record; a null field is written as an empty one.</summary>
        public void WriteRecord(IReadOnlyList<string?> fields)
        {
            if (fields == null)
            {
                throw new ArgumentNullException(nameof(fields));
            }

            if (fields.Count == 0)
            {
                throw new ArgumentException("A CSV record needs at least one field.", nameof(fields));
            }

            if (fields.Count == 1 && string.IsNullOrEmpty(fields[0]))
            {
                // A bare empty line is skipped by readers, so a lone empty field must be visible.
                _writer.Write("\"\"\r\n");
                return;
            }

            for (int i = 0; i < fields.Count; i++)
            {
                if (i > 0)
                {
                    _writer.Write(_delimiter);
                }

                _writer.Write(FormatField(fields[i], _delimiter));
            }

            _writer.Write("\r\n");
        }

        public void Flush() => _writer.Flush();

        public void Dispose() => _writer.Dispose();

        /// <summary>
        /// Quotes the value when it contains the delimiter, a quote, CR or LF, or has leading or trailing
        /// whitespace (which readers that trim would otherwise lose); inner quotes are doubled.
        /// </summary>
        public static string FormatField(string? value, char delimiter)
        {
            if (string.IsNullOrEmpty(value))
            {
                return string.Empty;
            }

            string text = value!;
            bool quote = char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[text.Length - 1]);
            if (!quote)
            {
                foreach (char c in text)
                {
                    if (c == delimiter || c == '"' || c == '\r' || c == '\n')
                    {
                        quote = true;
                        break;
                    }
                }
            }

            if (!quote)
            {
                return text;
            }

            var builder = new StringBuilder(text.Length + 8);
            builder.Append('"');
            foreach (char c in text)
            {
                if (c == '"')
                {
                    builder.Append('"');
                }

                builder.Append(c);
            }

            return builder.Append('"').ToString();
        }
    }
}
