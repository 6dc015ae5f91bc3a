using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BizMobileGo.Core.Csv;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// The rows of one command's imports that were not written, as they were read: the first failing file's own
    /// header and cells, in its encoding and delimiter, so the file can be fixed and imported again as it is (and opened as
    /// it was: Excel's "Unicode テキスト" is UTF-16 at tabs, and opens a UTF-16 file at commas as one column). For an import that
    /// kept its valid rows (-SkipInvalidRows) these are its failed rows; for a refused all-or-nothing import, every
    /// row (<see cref="RowsOf"/>). Rows of later files with the same header and encoding are appended; others are
    /// left out with a warning, and so is a file refused before its rows were read (<see cref="LeaveOut"/>): once one is
    /// left out, <see cref="Holds"/> says at the end whose rows the file holds. The file may hold check-in codes, so it is
    /// made readable by its owner only, as an export is.
    /// </summary>
    public sealed class FailedRowsFile
    {
        private readonly string _path;
        // The delimiter piped objects' rows are written at; a file's rows are written at the file's own.
        private readonly char _delimiter;
        private char _rowsDelimiter;
        private readonly bool _noClobber;
        private string[]? _header;
        private Encoding? _encoding;
        private string? _firstSource;
        // The files whose rows are in the file, and those whose rows could not go in, in the order imported.
        private readonly List<string> _written = new List<string>();
        private readonly List<string> _leftOut = new List<string>();

        /// <param name="storeLocation">The store's file: the failed rows must never be written over it or its -wal/-shm/-journal.</param>
        /// <param name="noClobber">-NoClobber: a file that appeared at the path since <see cref="CheckTarget"/> is not replaced.</param>
        public FailedRowsFile(string path, char delimiter, string storeLocation, bool noClobber = false)
        {
            // Checked again at the write: the folder may have been swapped for a link to the store's since the command began.
            Files.OutputFileTarget.Check(path, storeLocation, Named(path), Written, null);
            _path = path;
            _delimiter = delimiter;
            _noClobber = noClobber;
        }

        /// <summary>
        /// Refuses, before anything is read or written, a failed-rows path the rows could never be written to: the store or
        /// one of its files (PathIsStore), a folder (PathIsDirectory), a file in a folder that does not exist
        /// (DirectoryNotFound). Found only after the commit, the valid rows would be imported and the failed rows' cells
        /// lost. <paramref name="storeLocation"/>: the store's file; null for a server's store.
        /// </summary>
        /// <param name="noClobber">-NoClobber, as Export-BmgDeviceCsv's: a file already at the path (an earlier run's rejected
        /// rows, not yet fixed) refuses the command (FileExists) rather than being replaced by this run's.</param>
        public static void CheckTarget(string path, string? storeLocation, bool noClobber = false)
        {
            Files.OutputFileTarget.Check(path, storeLocation, Named(path), Written, Errors.BmgException.NothingImported);
            if (noClobber && File.Exists(path))
            {
                throw Errors.BmgException.WithOutcome(Errors.ErrorIds.FileExists, Errors.BmgErrorCategory.ResourceExists,
                    $"{Named(path)} already exists and -NoClobber was given; it was not changed. Give a name no earlier run used (one with the time: devices-yyyyMMdd-HHmmss.csv), or move that file away.",
                    Errors.BmgException.NothingImported, path);
            }
        }

        private static string Named(string path) => $"-FailedRowsPath '{Fields.FieldText.Printable(path)}'";

        private const string Written = "the CSV file to write the failed rows to";

        /// <summary>
        /// Refuses a failed-rows path that is <paramref name="input"/>, one of the command's input files (the same file by
        /// another path, a link, or a name that differs in case where the OS ignores case): its rows would be written over
        /// the file they were read from. Checked for each input before it is read.
        /// </summary>
        public static void RefuseInput(string path, string input)
        {
            if (Files.FileIdentity.SameEntry(path, input) || Files.FileIdentity.SameFile(path, input))
            {
                throw new Errors.BmgException(Errors.ErrorIds.PathIsInput, Errors.BmgErrorCategory.InvalidArgument,
                    $"-FailedRowsPath '{Fields.FieldText.Printable(path)}' is the input file '{Fields.FieldText.Printable(input)}' (the same file, by another path or link); the failed rows would be written over it. Give another path for the failed rows.", path);
            }
        }

        /// <summary>
        /// Whether a row's cells must be kept for this file while its import runs, before the import knows whether it
        /// will be committed or refused: a failed row's always, and every row's in an import that may still be refused.
        /// </summary>
        public static bool Keeps(ImportRowResult row, DeviceImport import) => row.Failed || import.MayBeRefused;

        /// <summary>
        /// The rows the file gets from one settled import, in the order read, out of the rows kept by <see cref="Keeps"/>.
        /// A refused import wrote nothing: every row goes into the file, so that fixing the failed ones there and
        /// importing the file imports all the input would have. With only its failed rows, the valid rows of a refused
        /// file would be in neither the store nor the file, and lost once the input is archived (twelfth-round
        /// walkthrough). An import that kept its valid rows (-SkipInvalidRows): only the failed rows.
        /// </summary>
        public static IEnumerable<IReadOnlyList<string?>> RowsOf(IEnumerable<SpooledRow> rows, ImportSummary summary)
        {
            bool refused = !summary.Committed && !summary.WhatIf;
            foreach (SpooledRow row in rows)
            {
                if (row.Cells != null && (refused || row.Result.Failed))
                {
                    yield return row.Cells;
                }
            }
        }

        /// <summary>
        /// Writes one import's rows (see <see cref="RowsOf"/>). <paramref name="header"/> null: piped objects, whose rows are
        /// name/value pairs alternating; their header is the first failed object's property names.
        /// </summary>
        /// <param name="delimiter">The delimiter the file was read at (a tab for Excel's "Unicode text"); null for piped objects.</param>
        /// <returns>A warning when the rows could not go into this file (another header, encoding or delimiter); else null.</returns>
        public string? Write(string source, IReadOnlyList<string>? header, Encoding? encoding, IEnumerable<IReadOnlyList<string?>> rows,
            char? delimiter = null)
        {
            char rowsDelimiter = delimiter ?? _delimiter;
            Encoding rowsEncoding = RowsEncoding(encoding);
            using IEnumerator<IReadOnlyList<string?>> row = rows.GetEnumerator();
            if (!row.MoveNext())
            {
                return null;
            }

            string[] rowsHeader = header != null ? header.ToArray() : NamesOf(row.Current);
            if (_header == null)
            {
                _header = rowsHeader;
                _encoding = rowsEncoding;
                _rowsDelimiter = rowsDelimiter;
                _firstSource = source;
                // Written under a unique name made 0600 from its first byte, then moved over the path given.
                string folder = Path.GetDirectoryName(Path.GetFullPath(_path)) ?? ".";
                string? temporary = null;
                try
                {
                    using (FileStream created = Files.OwnerOnlyFile.CreateUnique(folder, "." + Path.GetFileName(_path) + ".", ".tmp", out temporary))
                    using (var writer = new CsvRecordWriter(new StreamWriter(created, rowsEncoding), _rowsDelimiter))
                    {
                        writer.WriteRecord(_header);
                        WriteRows(writer, row, header != null);
                    }

                    if (File.Exists(_path) && !_noClobber)
                    {
                        File.Replace(temporary, _path, null);
                    }
                    else
                    {
                        File.Move(temporary, _path);
                    }
                }
                finally
                {
                    // Whatever went wrong, no copy of the rows (codes included) stays behind under a hidden name.
                    if (temporary != null && File.Exists(temporary))
                    {
                        File.Delete(temporary);
                    }
                }

                _written.Add(source);
                return null;
            }

            if (Differs(source, rowsHeader, rowsEncoding, rowsDelimiter) is string differs)
            {
                _leftOut.Add(source);
                return differs;
            }

            using FileStream appended = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
            // Appending: no second byte order mark in the middle of the file.
            using var appender = new CsvRecordWriter(new StreamWriter(appended, WithoutPreamble(rowsEncoding)), _rowsDelimiter);
            WriteRows(appender, row, header != null);
            _written.Add(source);
            return null;
        }

        /// <summary>
        /// The warning <see cref="Write"/> will return for a file's failed rows, known before the file's import is committed:
        /// the file already holds another file's rows, and this one's header, encoding or delimiter differs. Said then by a
        /// caller whose warning may stop the command (-WarningAction Stop), so that the stop comes before the commit; null when
        /// the rows will go in (or for piped objects, <paramref name="header"/> null: their names come with the rows).
        /// </summary>
        public string? WouldLeaveOut(string source, IReadOnlyList<string>? header, Encoding? encoding, char? delimiter) =>
            _header == null || header == null ? null : Differs(source, header.ToArray(), RowsEncoding(encoding), delimiter ?? _delimiter);

        // Piped objects have no file encoding: UTF-8 with a BOM is what Excel opens correctly.
        private static Encoding RowsEncoding(Encoding? encoding) => encoding ?? new UTF8Encoding(true);

        // One rejected file holds rows of one header, encoding and delimiter: those of the first file whose rows it took.
        private string? Differs(string source, string[] rowsHeader, Encoding rowsEncoding, char rowsDelimiter) =>
            _header!.SequenceEqual(rowsHeader, StringComparer.Ordinal) && _encoding!.CodePage == rowsEncoding.CodePage && _rowsDelimiter == rowsDelimiter
                ? null
                : $"The failed rows of '{source}' were not written to '{_path}': its header, encoding or delimiter differs from '{_firstSource}', whose failed rows the file holds. Import '{source}' on its own with -FailedRowsPath to get them.";

        /// <summary>
        /// A file refused as a whole before its rows were read (its header, bytes that don't decode in its encoding, a broken
        /// quote, changed while read, unreadable): its rows can't go into the file, since none was read as a row, so the
        /// warning says so and sends the admin to the file itself. Null for a refusal that leaves no row out: an empty file
        /// (EmptyCsv) or one that is not there (FileNotFound).
        /// </summary>
        /// <param name="errorId">The refusal's ErrorId, named in the warning (its own error says the rest).</param>
        public string? LeaveOut(string source, string errorId)
        {
            if (errorId == Errors.ErrorIds.EmptyCsv || errorId == Errors.ErrorIds.FileNotFound)
            {
                return null;
            }

            _leftOut.Add(source);
            string file = Fields.FieldText.Printable(source);
            return $"The rows of '{file}' are not in the rejected file '{Fields.FieldText.Printable(_path)}': the file was refused before its rows were read ({errorId}). Fix '{file}' itself and import it again.";
        }

        /// <summary>
        /// Piped objects refused at one object's property names (its header): the command stops there and none of the piped
        /// rows is imported, so, as for a file refused before its rows (<see cref="LeaveOut"/>), none of them goes into the
        /// file — the objects before it included, whose rows were read under names of their own — and the warning says
        /// exactly which: every object piped so far, 1 to <paramref name="refusedObject"/>.
        /// </summary>
        /// <param name="source">The piped rows' source as the other warnings name it ("pipeline").</param>
        /// <param name="refusedObject">The refused object's number (the first piped is 1), as its error names it.</param>
        public string LeavePipedOut(string source, int refusedObject, string errorId)
        {
            _leftOut.Add(source);
            string path = Fields.FieldText.Printable(_path);
            return refusedObject == 1
                ? $"The piped object is not in the rejected file '{path}': it was refused for its property names ({errorId}) before any row was imported. Fix it and pipe it again."
                : $"The rows of piped objects 1 to {refusedObject} are not in the rejected file '{path}': piped object {refusedObject} was refused for its property names ({errorId}), the command stopped there, and none of them was imported. Fix that object and pipe them all again.";
        }

        /// <summary>
        /// Once every file had its turn: whose rows the file holds, when some file's rows were left out (each named in its
        /// own warning before), so that no one takes the file for the whole of what was refused; null when none was left out.
        /// With no rows written at all, a file already at the path is an earlier run's, and the text says so.
        /// </summary>
        public string? Holds()
        {
            if (_leftOut.Count == 0)
            {
                return null;
            }

            string path = Fields.FieldText.Printable(_path);
            string above = $"(see the {(_leftOut.Count == 1 ? "warning" : "warnings")} above)";
            return _written.Count == 0
                ? $"No rows were written to the rejected file '{path}'{(File.Exists(_path) ? " (the file there is from an earlier run)" : "")}: the rows of {Named(_leftOut)} could not go into it {above}."
                : $"The rejected file '{path}' holds the rows of {Named(_written)}; not those of {Named(_leftOut)} {above}.";
        }

        private static string Named(List<string> files) => string.Join(", ", files.Select(file => "'" + Fields.FieldText.Printable(file) + "'"));

        private void WriteRows(CsvRecordWriter writer, IEnumerator<IReadOnlyList<string?>> row, bool fromFile)
        {
            do
            {
                writer.WriteRecord(fromFile ? row.Current : ByName(row.Current, _header!));
            }
            while (row.MoveNext());
        }

        private static string[] NamesOf(IReadOnlyList<string?> namedCells)
        {
            var names = new string[namedCells.Count / 2];
            for (int i = 0; i < names.Length; i++)
            {
                names[i] = namedCells[2 * i] ?? "";
            }

            return names;
        }

        /// <summary>A piped row's values under the file's header, matched by name as PowerShell matches property names.</summary>
        private static string?[] ByName(IReadOnlyList<string?> namedCells, string[] header)
        {
            var cells = new string?[header.Length];
            for (int i = 0; i + 1 < namedCells.Count; i += 2)
            {
                int column = Array.FindIndex(header, name => string.Equals(name, namedCells[i], StringComparison.OrdinalIgnoreCase));
                if (column >= 0)
                {
                    cells[column] = namedCells[i + 1];
                }
            }

            return cells;
        }

        private static Encoding WithoutPreamble(Encoding encoding) => encoding.CodePage switch
        {
            65001 => new UTF8Encoding(false),
            1200 => new UnicodeEncoding(false, false),
            1201 => new UnicodeEncoding(true, false),
            12000 => new UTF32Encoding(false, false),
            12001 => new UTF32Encoding(true, false),
            _ => encoding,
        };
    }
}
