using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.Core.Import
{
    /// <summary>Streams a device CSV file through an import: the header first, then one result per row.</summary>
    /// <remarks>
    /// Files as Excel and PowerShell write them: a first line '#TYPE ...' (Windows PowerShell's Export-Csv) is
    /// skipped, as Import-Csv does; rows of only delimiters and blanks are skipped like empty lines; empty
    /// header cells at the end are ignored while their columns are blank (<see cref="ImportHeader.ParseFile"/>).
    /// When the text comes from <see cref="CsvEncoding.OpenText"/>, the import records the SHA-256 of exactly
    /// the bytes read and the encoding they were read in.
    /// </remarks>
    public static class DeviceCsvFile
    {
        /// <param name="warn">Told what the import ignored (unnamed blank columns), once per file.</param>
        /// <param name="read">Sees each record as read (the header first), for a caller that keeps original cells.</param>
        /// <param name="storeTaken">Told once the import holds the store, before the first row is planned.</param>
        /// <remarks>
        /// An import made by <see cref="DeviceImport.WaitingForStore"/> takes the store only once the header is read and
        /// the reading thread runs: while it waits for another writer's lock, its first chunks are read and parsed
        /// (and their keys collected). A header that can't be read fails before that wait; planning, and every read
        /// of the store, come after it.
        /// </remarks>
        public static IEnumerable<ImportRowResult> ImportRows(DeviceImport import, TextReader text, char delimiter, string source,
            Action<string>? warn = null, Action<CsvRecord>? read = null, Action? storeTaken = null)
        {
            if (text is CsvDecodingReader fileText)
            {
                // Its encoding, as detected, decides whether a '?' may be Excel's Shift_JIS save (ShiftJisQuestionMarks).
                import.ReadsFrom(fileText);
            }

            using var reader = new CsvRecordReader(text, delimiter);
            (CsvFileHeader file, ImportHeader header) = ReadHeader(reader, delimiter, source, text as CsvDecodingReader);
            read?.Invoke(file.Record);
            bool unnamedColumnHasData = false;
            ImportStages stages = import.Stages;
            // Rows are read a chunk ahead (on a thread of their own), so the import looks up what the chunk names in
            // one batched read; a read failure inside the chunk surfaces after the rows before it, as if read one at a time.
            using var chunks = new ChunkedRecords(reader, stages, records => DeviceImport.KeysOf(header, records));
            // The reader reads past one chunk ahead only if the wait for the store lasts (AllowReadAhead).
            import.TakeStore(chunks.AllowReadAhead);
            storeTaken?.Invoke();
            while (true)
            {
                if (!chunks.NextIsReady)
                {
                    // The rows so far are planned and the next ones are not read yet (a slow pipe, a FIFO): write them
                    // now, while waiting, rather than beside the next chunk's planning.
                    stages.PlanAndWrite.Start();
                    import.WritePlanned();
                    stages.PlanAndWrite.Stop();
                }

                if (!(chunks.Next() is RecordChunk chunk))
                {
                    break;
                }

                if (chunk.Records.Count != 0)
                {
                    stages.PlanAndWrite.Start();
                    import.Prefetch(header, chunk.Records, chunk.Keys);
                    stages.PlanAndWrite.Stop();
                }

                foreach (CsvRecord record in chunk.Records)
                {
                    read?.Invoke(record);
                    yield return ImportRecord(import, file, header, record, ref unnamedColumnHasData);
                }

                chunk.Failure?.Throw();
            }

            if (!unnamedColumnHasData && file.IgnoredWarning(source) is string ignored)
            {
                warn?.Invoke(ignored);
            }

            if (text is CsvDecodingReader decoded && decoded.EndReached)
            {
                import.RecordFile(decoded.Sha256, decoded.EncodingName);
            }
        }

        /// <summary>One record's result: refused where the file's form is at fault, else imported (its cells cut to the header's).</summary>
        /// <remarks>Out of <see cref="ImportRows"/>: an iterator's own code can't be compiled optimized at once.</remarks>
        [MethodImpl(PerRowCode.Compile)] // per row: see Import.PerRowCode
        private static ImportRowResult ImportRecord(DeviceImport import, CsvFileHeader file, ImportHeader header, CsvRecord record,
            ref bool unnamedColumnHasData)
        {
            string[] cells = record.Fields;
            if (record.EndsWithoutLineBreak)
            {
                // Only the file's last record: a copy still running cuts it anywhere, even inside its last field.
                return At(record, import.RefuseRow(header, record.LineNumber, cells, IncompleteLastRow()));
            }

            ImportStages stages = import.Stages;
            int columns = header.ColumnCount;
            if (file.IgnoredColumns > 0 && cells.Length > columns && file.Fits(cells.Length))
            {
                int column = file.UnnamedColumnWithValue(cells);
                if (column >= 0)
                {
                    unnamedColumnHasData = true;
                    return At(record, import.RefuseRow(header, record.LineNumber, cells, DataInUnnamedColumn(column, cells[column])));
                }

                stages.PlanAndWrite.Start();
                ImportRowResult trimmed = import.ImportRow(header, record.LineNumber, new ArraySegment<string>(cells, 0, columns));
                stages.PlanAndWrite.Stop();
                return At(record, trimmed);
            }

            stages.PlanAndWrite.Start();
            ImportRowResult result = import.ImportRow(header, record.LineNumber, cells);
            stages.PlanAndWrite.Stop();
            return At(record, result);
        }

        /// <summary>The row's result, told how many line breaks inside quoted cells stand above it (its error names Excel's row).</summary>
        private static ImportRowResult At(CsvRecord record, ImportRowResult result)
        {
            result.LineBreaksAbove = record.LineBreaksAbove;
            return result;
        }

        /// <summary>
        /// Whether a failure of <see cref="ImportRows"/> is the file's own — its header, its bytes, its content, it changing
        /// while read — rather than the store's: that file can't be imported, but the next file still can.
        /// </summary>
        public static bool IsFileProblem(Exception e) =>
            e is CsvFormatException || e is ImportHeaderException ||
            (e is BmgException b && (b.ErrorId == ErrorIds.EmptyCsv || b.ErrorId == ErrorIds.FileChangedWhileRead));

        /// <summary>
        /// A device CSV file's header, the one rule of Import-BmgDeviceCsv and of the cmdlets whose -Path names devices
        /// (Get-BmgDeviceDepLink, Set-BmgDeviceDepEnrollment): found as <see cref="CsvFileHeader.Read"/> finds it, its
        /// names read as <see cref="ImportHeader.ParseFile"/> reads them.
        /// </summary>
        /// <exception cref="BmgException">EmptyCsv: the file has no header (nothing, a BOM alone, blank lines or delimiters).</exception>
        /// <exception cref="ImportHeaderException">The header can't be read.</exception>
        /// <param name="text">The file's text, whose encoding (told by the header's bytes once it is read) the advice for a sheet
        /// with headings of its own gives Import-Csv; null: none is named.</param>
        public static (CsvFileHeader File, ImportHeader Header) ReadHeader(CsvRecordReader reader, char delimiter, string source, CsvDecodingReader? text = null)
        {
            CsvFileHeader file = ReadFileHeader(reader, source);
            return (file, ImportHeader.ParseFile(file, delimiter, ownHeadings: OwnHeadingsOf(text, delimiter, OwnHeadingsAdvice.ImportCommand)));
        }

        /// <summary>
        /// The advice for a header of the sheet's own headings of a file read from <paramref name="text"/> by
        /// <paramref name="command"/>: Import-Csv told the encoding the header was read in (its first byte that is not ASCII
        /// decided it) and the delimiter.
        /// </summary>
        public static OwnHeadingsAdvice OwnHeadingsOf(CsvDecodingReader? text, char delimiter, string command) =>
            new OwnHeadingsAdvice(ImportCsvArguments.Of(text?.Encoding, delimiter), command);

        /// <summary>The header line found as the import finds it; a file without one is EmptyCsv.</summary>
        public static CsvFileHeader ReadFileHeader(CsvRecordReader reader, string source) =>
            CsvFileHeader.Read(reader) ?? throw new BmgException(ErrorIds.EmptyCsv, BmgErrorCategory.InvalidData,
                $"'{source}' is empty (no line holds more than blanks and delimiters); its first line must be the header (for example 'Identifier,OS,Serial,DEPMethod'). {CsvRecordReader.CutShortHint}", source);

        /// <summary>
        /// The delimiter of a file imported without -Delimiter: <paramref name="delimiter"/>, or a tab when the header, found as
        /// <see cref="CsvFileHeader.Read"/> finds it in the text read ahead, has known column names only when split at tabs
        /// (<see cref="ImportHeader.KnownOnlyAtTabs"/>): Excel's "Unicode text", in any encoding. Reads nothing away.
        /// </summary>
        public static char DelimiterOf(CsvDecodingReader text, char delimiter)
        {
            try
            {
                using var ahead = new CsvRecordReader(new StringReader(text.Lookahead()), delimiter);
                CsvFileHeader? file = CsvFileHeader.Read(ahead);
                return file != null && ImportHeader.KnownOnlyAtTabs(file.Record.Fields, delimiter) ? '\t' : delimiter;
            }
            catch (Exception e) when (e is CsvFormatException || e is BmgException)
            {
                // Text the reader refuses (or the look ahead cut inside a quoted header): the delimiter stays; the import reports it.
                return delimiter;
            }
        }

        private static RecordError IncompleteLastRow() =>
            new RecordError(ErrorIds.IncompleteLastRow, BmgErrorCategory.InvalidData, CsvRecordReader.IncompleteLastRowText);

        private static RecordError DataInUnnamedColumn(int column, string value) =>
            new RecordError(ErrorIds.UnknownCsvColumn, BmgErrorCategory.InvalidData, CsvFileHeader.DataInUnnamedColumn(column), null, value);
    }
}
