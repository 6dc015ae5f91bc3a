using System;
using System.Collections.Generic;
using System.IO;
using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace BizMobileGo.Core.Csv
{
    /// <summary>
    /// Writes RFC 4180 records with CRLF line endings, through CsvHelper's writer, that <see cref="CsvRecordReader"/>
    /// reads back unchanged. Which fields are quoted is the module's rule (<see cref="NeedsQuotes"/>).
    /// </summary>
    /// <remarks>Disposing the writer disposes the underlying <see cref="TextWriter"/>.</remarks>
    public sealed class CsvRecordWriter : IDisposable
    {
        private readonly CsvWriter _csv;
        private readonly char _delimiter;

        public CsvRecordWriter(TextWriter writer, char delimiter = ',')
        {
            if (writer == null)
            {
                throw new ArgumentNullException(nameof(writer));
            }

            if (!CsvDelimiter.IsUsable(delimiter))
            {
                throw new ArgumentException(CsvDelimiter.Rule, nameof(delimiter));
            }

            _delimiter = delimiter;
            var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
            {
                Delimiter = delimiter.ToString(),
                NewLine = "\r\n",
                Mode = CsvMode.RFC4180,
                InjectionOptions = InjectionOptions.None,
                TrimOptions = TrimOptions.None,
            };
            _csv = new CsvWriter(writer, configuration, leaveOpen: false);
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

            // A bare empty line is skipped by readers, so a lone empty field must be visible: "".
            bool loneEmpty = fields.Count == 1 && string.IsNullOrEmpty(fields[0]);
            for (int i = 0; i < fields.Count; i++)
            {
                string value = fields[i] ?? string.Empty;
                _csv.WriteField(value, loneEmpty || NeedsQuotes(value, _delimiter));
            }

            _csv.NextRecord();
        }

        public void Flush() => _csv.Flush();

        public void Dispose() => _csv.Dispose();

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
            return NeedsQuotes(text, delimiter) ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
        }

        /// <summary>
        /// The module's quoting rule: the delimiter, a quote, CR or LF inside, whitespace at either end, or a leading
        /// U+FEFF (at the start of a file, readers take it for the byte order mark and drop it; inside quotes it is data).
        /// </summary>
        public static bool NeedsQuotes(string value, char delimiter)
        {
            if (string.IsNullOrEmpty(value))
            {
                return false;
            }

            if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[value.Length - 1]) || value[0] == '\uFEFF')
            {
                return true;
            }

            foreach (char c in value)
            {
                if (c == delimiter || c == '"' || c == '\r' || c == '\n')
                {
                    return true;
                }
            }

            return false;
        }
    }
}
