using System;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using CsvHelper;
using CsvHelper.Configuration;

namespace BizMobileGo.Core.Csv
{
    /// <summary>
    /// Reads RFC 4180 records with CsvHelper's parser and gives each the physical line on which it starts.
    /// </summary>
    /// <remarks>
    /// Records end at CRLF, LF or a lone CR. A field that begins with a quote is quoted: a doubled quote is a
    /// literal quote, and delimiters and line breaks inside it are data. A quote inside an unquoted field is
    /// kept literally. Empty lines are skipped (but counted). Fields are not trimmed.
    /// What CsvHelper takes as data but the module refuses is refused here: text after a closing quote, a
    /// quoted field never closed (named by the line where its quote opened), and, through
    /// <see cref="CsvDecodingReader"/>, NUL and undecodable bytes.
    /// Disposing the reader disposes the underlying <see cref="TextReader"/>.
    /// </remarks>
    public sealed class CsvRecordReader : IDisposable
    {
        /// <summary>The longest field accepted, in characters (an unclosed quote would otherwise take in the rest of the file).</summary>
        public const int MaxFieldLength = CsvDecodingReader.MaxLineLength;

        /// <summary>What a file that ends too early may mean (IncompleteLastRow, EmptyCsv, an unclosed quote), in one wording.</summary>
        public const string CutShortHint = "If the file was still being copied, import it again once the copy is complete.";

        /// <summary>
        /// Why a last row without a line break (<see cref="CsvRecord.EndsWithoutLineBreak"/>) is refused, IncompleteLastRow: one
        /// wording for every CSV file the module imports (a device CSV's row, a DEP device file's).
        /// </summary>
        public const string IncompleteLastRowText =
            "The file ends inside this row, without a line break: it may have been cut off while still being copied, so the row is not imported. " +
            CutShortHint +
            " If the file is complete, end its last row with a line break (Excel always does; in an editor, press Enter after the last row and save).";

        private readonly CsvDecodingReader _reader;
        private readonly CsvParser _parser;
        private int _previousEndLine;
        // The line breaks inside quoted cells so far (CsvRecord.LineBreaksAbove).
        private int _quotedLineBreaks;
        private Exception? _fault;

        public CsvRecordReader(TextReader reader, char delimiter = ',')
        {
            if (reader == null)
            {
                throw new ArgumentNullException(nameof(reader));
            }

            // CsvHelper takes NUL and bad bytes as data: every text goes through the reader that watches for them.
            _reader = reader as CsvDecodingReader ?? new CsvDecodingReader(reader);
            if (!CsvDelimiter.IsUsable(delimiter))
            {
                throw new ArgumentException(CsvDelimiter.Rule, nameof(delimiter));
            }

            var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
            {
                Delimiter = delimiter.ToString(),
                DetectDelimiter = false,
                HasHeaderRecord = false,
                IgnoreBlankLines = true,
                TrimOptions = TrimOptions.None,
                Mode = CsvMode.RFC4180,
                BufferSize = 64 * 1024,
                MaxFieldSize = MaxFieldLength,
                BadDataFound = OnBadData,
                CountBytes = false,
            };
            _parser = new CsvParser(_reader, configuration, leaveOpen: true);
        }

        /// <summary>Reads the next record; returns false at the end of the input.</summary>
        /// <exception cref="CsvFormatException">The text is malformed or cannot be decoded.</exception>
        /// <exception cref="BmgException">The file changed while it was read.</exception>
        [MethodImpl(PerRowCode.Compile)]
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
            catch (Exception ex) when (ex is CsvFormatException || ex is BmgException)
            {
                _fault = ex;
                throw;
            }
            catch (MaxFieldSizeException ex)
            {
                var tooLong = new CsvFormatException(ErrorIds.MalformedCsv, _parser.RawRow, string.Format(CultureInfo.InvariantCulture,
                    "Malformed CSV: a field ending on line {0} is longer than {1:N0} characters; a quote may be missing.", _parser.RawRow, MaxFieldLength), ex);
                _fault = tooLong;
                throw tooLong;
            }
        }

        public void Dispose()
        {
            _parser.Dispose();
            _reader.Dispose();
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per record: see Import.PerRowCode
        private bool ReadRecord(out CsvRecord record)
        {
            if (!_parser.Read())
            {
                record = default;
                return false;
            }

            string[] fields = _parser.Record ?? Array.Empty<string>();
            int endLine = _parser.RawRow;
            int startLine = endLine;
            int lineBreaksAbove = _quotedLineBreaks;

            // RawRow is the line where the record ends; only a record spanning lines (or after skipped empty lines) needs counting.
            if (endLine - _previousEndLine > 1)
            {
                int lineBreaks = LineBreaksIn(fields);
                startLine = endLine - lineBreaks;
                _quotedLineBreaks += lineBreaks;
            }

            _previousEndLine = endLine;
            // The parser asks for more text only past a record's end, so text all handed out means this is the last record.
            record = new CsvRecord(startLine, fields, _reader.EndedWithoutLineBreak, lineBreaksAbove);
            return true;
        }

        /// <summary>CsvHelper reports a quote where RFC 4180 allows none; only some of those are refused.</summary>
        private void OnBadData(BadDataFoundArgs args)
        {
            string field = args.Field ?? "";
            if (field.Length == 0 || field[0] != '"')
            {
                // A quote inside an unquoted field (or after leading blanks) is text, as it always was.
                return;
            }

            // The field is read when the record is, so the parser stands at the record's last line.
            int line = args.Context.Parser?.RawRow ?? _parser.RawRow;
            int closing = ClosingQuote(field);
            if (closing >= 0)
            {
                // Count back from the record's end to the line of the closing quote.
                int closingLine = line - LineBreaksIn(RestOfRecord(args, field, closing));
                throw new CsvFormatException(
                    ErrorIds.MalformedCsv,
                    closingLine,
                    string.Format(
                        CultureInfo.InvariantCulture,
                        "Malformed CSV at line {0}: unexpected character '{1}' after a closing quote; a quote inside a quoted field must be doubled (\"\"), and a quoted field must end at a delimiter or a line break.",
                        closingLine,
                        Printable(field[closing + 1])));
            }

            // Unclosed: the field runs to the end of the input, so its opening quote is that many line breaks back. The message
            // starts "Line 3: " as every other line's error does, so the command words it "Line 3 of 'b.csv': " (SourceLine.Of).
            int openingLine = line - LineBreaksIn(field);
            throw new CsvFormatException(
                ErrorIds.MalformedCsv,
                openingLine,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "Line {0}: Malformed CSV: a quoted field starts on this line and is never closed; a quote inside a quoted field must be doubled (\"\"). " + CutShortHint,
                    openingLine));
        }

        /// <summary>The raw text of the record after the closing quote of the bad field (the record's line breaks after it).</summary>
        private static string RestOfRecord(BadDataFoundArgs args, string field, int closing)
        {
            string raw = args.RawRecord ?? "";
            int at = raw.IndexOf(field, StringComparison.Ordinal);
            string rest = at < 0 ? field.Substring(closing) : raw.Substring(at + closing);
            return rest.TrimEnd('\r', '\n');
        }

        private static string Printable(char c) =>
            char.IsControl(c)
                ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)
                : c.ToString();

        /// <summary>Where the quoted field's closing quote is; -1 when it has none.</summary>
        private static int ClosingQuote(string rawField)
        {
            for (int i = 1; i < rawField.Length; i++)
            {
                if (rawField[i] == '"')
                {
                    if (i + 1 < rawField.Length && rawField[i + 1] == '"')
                    {
                        i++;
                        continue;
                    }

                    return i + 1 < rawField.Length ? i : -1;
                }
            }

            return -1;
        }

        private static int LineBreaksIn(string[] fields)
        {
            int count = 0;
            foreach (string field in fields)
            {
                count += LineBreaksIn(field);
            }

            return count;
        }

        private static int LineBreaksIn(string text)
        {
            int count = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\r')
                {
                    count++;
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }
                }
                else if (c == '\n')
                {
                    count++;
                }
            }

            return count;
        }
    }
}
