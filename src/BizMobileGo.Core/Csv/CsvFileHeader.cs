using System;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Csv
{
    /// <summary>
    /// The header line of a CSV file as Excel and PowerShell write them, found the same way by every reader of a file's
    /// header (Import-BmgDeviceCsv, the -Path files of Get-BmgDeviceDepLink and Set-BmgDeviceDepEnrollment, Import-BmgDepDevice's
    /// CSV), so that a file one of them reads the others read too:
    /// <list type="bullet">
    /// <item>a first line '#TYPE ...' (Windows PowerShell's Export-Csv) is skipped, as Import-Csv does;</item>
    /// <item>lines of only delimiters and blanks before the header are skipped like empty lines: Excel writes ",,," for an
    /// empty first row of the sheet's used range. A file with nothing else (a BOM alone, blank lines) has no header (null);</item>
    /// <item>empty cells at the end of the header are left out of <see cref="Names"/>: Excel keeps "Identifier,Serial,,"
    /// for columns once used and now empty. Their columns must stay blank in every row (<see cref="UnnamedColumnWithValue"/>):
    /// a value under no name is an error naming its line and column, never silently dropped.</item>
    /// </list>
    /// An empty cell before the last name stays a name ("" is no column), for the caller's vocabulary to refuse.
    /// </summary>
    public sealed class CsvFileHeader
    {
        private CsvFileHeader(CsvRecord record, string[] names)
        {
            Record = record;
            Names = names;
        }

        /// <summary>The header record as read, its trailing empty cells included.</summary>
        public CsvRecord Record { get; }

        /// <summary>The line the header stands on.</summary>
        public int Line => Record.LineNumber;

        /// <summary>The header's cells without the empty ones at its end (at least one cell).</summary>
        public string[] Names { get; }

        /// <summary>How many cells the header line has, the ignored ones included.</summary>
        public int FileColumns => Record.Fields.Length;

        /// <summary>How many empty cells at the end of the header were left out.</summary>
        public int IgnoredColumns => FileColumns - Names.Length;

        /// <summary>The header: the first record that is not a first-line '#TYPE' nor blank; null when the file has none.</summary>
        public static CsvFileHeader? Read(CsvRecordReader reader)
        {
            bool first = true;
            while (reader.TryReadRecord(out CsvRecord record))
            {
                bool typeLine = first && record.Fields.Length > 0 && record.Fields[0].StartsWith("#TYPE", StringComparison.Ordinal);
                first = false;
                if (!typeLine && !IsBlank(record.Fields))
                {
                    return new CsvFileHeader(record, Named(record.Fields));
                }
            }

            return null;
        }

        /// <summary>A record already known to be the header (a test's, or a reader's that found it otherwise).</summary>
        public static CsvFileHeader Of(CsvRecord record) => new CsvFileHeader(record, Named(record.Fields));

        private static string[] Named(string[] cells)
        {
            int count = cells.Length;
            while (count > 1 && cells[count - 1].Trim().Length == 0)
            {
                count--;
            }

            if (count == cells.Length)
            {
                return cells;
            }

            var names = new string[count];
            Array.Copy(cells, names, count);
            return names;
        }

        /// <summary>Whether a row holds nothing but blanks (from <paramref name="from"/> on): skipped like an empty line.</summary>
        public static bool IsBlank(string[] cells, int from = 0) => FirstNonBlank(cells, from) < 0;

        /// <summary>
        /// Whether a row's cell count fits the header: as many cells as names, or as many as the header line has, or
        /// between (Excel ends every row of a sheet with as many delimiters as its widest row, other tools write none).
        /// </summary>
        public bool Fits(int cellCount) => cellCount >= Names.Length && cellCount <= FileColumns;

        /// <summary>The 0-based column of a row's first non-blank cell under an ignored (unnamed) header cell, or -1.</summary>
        public int UnnamedColumnWithValue(string[] cells) =>
            IgnoredColumns == 0 ? -1 : FirstNonBlank(cells, Names.Length, Math.Min(cells.Length, FileColumns));

        /// <summary>What is wrong with a row that has a value in the unnamed column (0-based <paramref name="column"/>); the caller adds the line.</summary>
        public static string DataInUnnamedColumn(int column) =>
            $"column {column + 1} has no name in the header, but this row has a value in it; name the column or empty its cells.";

        /// <summary>
        /// The warning that the unnamed columns were ignored, once per file (null when there were none): said only when no
        /// row had a value in them, since each row that had one is its own error.
        /// </summary>
        public string? IgnoredWarning(string source) => IgnoredColumns == 0
            ? null
            : IgnoredColumns == 1
                ? $"'{source}': column {FileColumns} has no name in the header and is blank in every row; it was ignored."
                : $"'{source}': columns {Names.Length + 1} to {FileColumns} have no name in the header and are blank in every row; they were ignored.";

        [MethodImpl(PerRowCode.Compile)]
        private static int FirstNonBlank(string[] cells, int from, int to = -1)
        {
            int end = to < 0 ? cells.Length : to;
            for (int i = from; i < end; i++)
            {
                if (!string.IsNullOrWhiteSpace(cells[i]))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
