using System;
using System.Collections.Generic;
using System.IO;
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
            using var reader = new CsvRecordReader(text, delimiter);
            CsvRecord headerRecord = ReadHeaderRecord(reader, source);
            ImportHeader header = ImportHeader.ParseFile(headerRecord.Fields, headerRecord.LineNumber, delimiter, out int ignoredColumns);
            read?.Invoke(headerRecord);
            int columns = header.ColumnCount;
            int fileColumns = columns + ignoredColumns;
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
                    string[] cells = record.Fields;
                    read?.Invoke(record);

                    if (ignoredColumns > 0 && cells.Length > columns && cells.Length <= fileColumns)
                    {
                        int column = FirstNonBlank(cells, columns);
                        if (column >= 0)
                        {
                            unnamedColumnHasData = true;
                            yield return import.RefuseRow(header, record.LineNumber, cells, DataInUnnamedColumn(column, cells[column]));
                            continue;
                        }

                        stages.PlanAndWrite.Start();
                        ImportRowResult trimmed = import.ImportRow(header, record.LineNumber, new ArraySegment<string>(cells, 0, columns));
                        stages.PlanAndWrite.Stop();
                        yield return trimmed;
                        continue;
                    }

                    stages.PlanAndWrite.Start();
                    ImportRowResult result = import.ImportRow(header, record.LineNumber, cells);
                    stages.PlanAndWrite.Stop();
                    yield return result;
                }

                chunk.Failure?.Throw();
            }

            if (ignoredColumns > 0 && !unnamedColumnHasData)
            {
                warn?.Invoke(ignoredColumns == 1
                    ? $"'{source}': column {fileColumns} has no name in the header and is blank in every row; it was ignored."
                    : $"'{source}': columns {columns + 1} to {fileColumns} have no name in the header and are blank in every row; they were ignored.");
            }

            if (text is CsvDecodingReader decoded && decoded.EndReached)
            {
                import.RecordFile(decoded.Sha256, decoded.EncodingName);
            }
        }

        /// <summary>
        /// Whether a failure of <see cref="ImportRows"/> is the file's own — its header, its bytes, its content, it changing
        /// while read — rather than the store's: that file can't be imported, but the next file still can.
        /// </summary>
        public static bool IsFileProblem(Exception e) =>
            e is CsvFormatException || e is ImportHeaderException ||
            (e is BmgException b && (b.ErrorId == ErrorIds.EmptyCsv || b.ErrorId == ErrorIds.FileChangedWhileRead));

        /// <summary>The header: the first record that is not a '#TYPE' line or blank.</summary>
        private static CsvRecord ReadHeaderRecord(CsvRecordReader reader, string source)
        {
            bool first = true;
            while (reader.TryReadRecord(out CsvRecord record))
            {
                bool typeLine = first && record.Fields.Length > 0 && record.Fields[0].StartsWith("#TYPE", StringComparison.Ordinal);
                first = false;
                if (!typeLine && !IsBlank(record.Fields, 0))
                {
                    return record;
                }
            }

            throw new BmgException(ErrorIds.EmptyCsv, BmgErrorCategory.InvalidData,
                $"'{source}' is empty; its first line must be the header (for example 'Identifier,OS,Serial,DEPMethod').", source);
        }

        private static RecordError DataInUnnamedColumn(int column, string value) =>
            new RecordError(ErrorIds.UnknownCsvColumn, BmgErrorCategory.InvalidData,
                $"column {column + 1} has no name in the header, but this row has a value in it; name the column or empty its cells.", null, value);

        internal static bool IsBlank(string[] cells, int from) => FirstNonBlank(cells, from) < 0;

        private static int FirstNonBlank(string[] cells, int from)
        {
            for (int i = from; i < cells.Length; i++)
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
