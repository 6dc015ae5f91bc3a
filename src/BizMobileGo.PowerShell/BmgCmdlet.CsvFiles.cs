using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;

namespace BizMobileGo.PowerShell
{
    // What the cmdlets that read or write CSV share: the rows of a device CSV named by -Path (Get-BmgDeviceDepLink,
    // Set-BmgDeviceDepEnrollment) and the -Delimiter check.
    public abstract partial class BmgCmdlet
    {
        /// <summary>
        /// A file the CSV reader can't read (an unclosed quote, a NUL, bytes invalid in its encoding) as the user's error:
        /// its ErrorId (MalformedCsv, InvalidEncoding), message and file, through <see cref="ToErrorRecord"/> so that it
        /// carries no stack trace of the reader (left26: the CsvFormatException the reader threw carried one).
        /// </summary>
        private static ErrorRecord MalformedCsvRecord(CsvFormatException e, string file) =>
            ToErrorRecord(new BmgException(e.ErrorId, BmgErrorCategory.ParserError, e.Message, file, e));

        /// <summary>
        /// The rows of device CSV files (header checked against the import vocabulary, DeviceListColumns), for the
        /// cmdlets whose -Path names devices. <paramref name="used"/>: the columns the cmdlet reads (a row's values hold
        /// only these; other columns are allowed and left out); <paramref name="required"/> must be in the header.
        /// Problems are error records, naming the line. <paramref name="delimiter"/>: the command's -Delimiter (a ';' file of
        /// Excel in a European locale). With <paramref name="serialsTaken"/> (Get-BmgDeviceDepLink) a file without the
        /// required column may name its devices by a serial column instead (<see cref="DeviceListHeader"/>): its rows then hold
        /// only their Serial.
        /// </summary>
        protected IEnumerable<(string File, int Line, FieldValues Values)> ReadDeviceCsvRows(string path, FieldKey[] used, FieldKey required, bool literal,
            char delimiter, bool serialsTaken = false)
        {
            if (IsTextNotPath(path, delimiter, literal: literal))
            {
                // As Import-BmgDeviceCsv's -Path tells it (CsvTextOrPath, the one rule): `-Path (Get-Content dep.csv -Raw)`
                // was looked up as a file named by the text.
                WriteError(CsvTextGivenTo(literal ? "-LiteralPath" : "-Path", further: 0));
                yield break;
            }

            foreach (string file in ResolveFiles(path, literal))
            {
                FileStream? stream = OpenFile(file);
                if (stream == null)
                {
                    continue;
                }

                CsvDecodingReader text = CsvEncoding.OpenText(stream, null);
                using var reader = new CsvRecordReader(text, delimiter);
                CsvFileHeader fileHeader;
                DeviceListHeader header;
                try
                {
                    // Import-BmgDeviceCsv's header rule (DeviceCsvFile.ReadHeader): a file Excel saved with empty header
                    // cells at the end, an empty first row or a '#TYPE' line reads here as it imports.
                    fileHeader = DeviceCsvFile.ReadFileHeader(reader, file);
                    string command = MyInvocation.MyCommand.Name;
                    header = DeviceListHeader.Read(fileHeader, delimiter, required, serialsTaken, file, command,
                        DeviceCsvFile.OwnHeadingsOf(text, delimiter, command));
                }
                catch (CsvFormatException e)
                {
                    WriteError(MalformedCsvRecord(e, file));
                    continue;
                }
                catch (ImportHeaderException e)
                {
                    // As Import-BmgDeviceCsv reports a file's header: the file named, one record per bad column.
                    // The messages say "Line 1 of '<file>'" (HeaderErrors): the header need not name the file again.
                    WriteError(HeaderErrors(e, file, consequence: "no row of it was read"));
                    continue;
                }
                catch (BmgException e)
                {
                    WriteError(ToErrorRecord(e));
                    continue;
                }

                IReadOnlyList<FieldKey> unused = header.Identifiers == null ? Array.Empty<FieldKey>() : DeviceListColumns.Unused(header.Identifiers, used);
                var values = new FieldValues();
                bool unnamedColumnHasData = false;
                while (true)
                {
                    CsvRecord record;
                    try
                    {
                        if (!reader.TryReadRecord(out record))
                        {
                            break;
                        }
                    }
                    catch (CsvFormatException e)
                    {
                        WriteError(MalformedCsvRecord(e, file));
                        break;
                    }

                    string[] cells = record.Fields;
                    // A refused row's error as the import words one (SourceLine.Row): its device, Excel's row below a line break.
                    string RowText(CsvRecord row, string text) => SourceLine.Row(row.LineNumber, file, RecordOf(header, cells), row.LineBreaksAbove, text);
                    if (CsvFileHeader.IsBlank(cells))
                    {
                        // As the import skips them: an empty line, or one of only delimiters (an emptied Excel row).
                        continue;
                    }

                    if (record.EndsWithoutLineBreak)
                    {
                        // As the import refuses it: a copy still running cuts the last row anywhere, so a cut Identifier could
                        // name another device (walkthrough 26, 1).
                        WriteError(ToErrorRecord(new BmgException(ErrorIds.IncompleteLastRow, BmgErrorCategory.InvalidData,
                            RowText(record, CsvRecordReader.IncompleteLastRowText), file)));
                        continue;
                    }

                    if (!fileHeader.Fits(cells.Length))
                    {
                        // The import's words for it (CsvRowWidth): "…; its last 2 fields, past the header's 12 columns, are empty: …".
                        WriteError(ToErrorRecord(new BmgException(ErrorIds.MalformedCsv, BmgErrorCategory.ParserError,
                            RowText(record, CsvRowWidth.Mismatch(cells, fileHeader.Names.Length)), file)));
                        continue;
                    }

                    int unnamed = fileHeader.UnnamedColumnWithValue(cells);
                    if (unnamed >= 0)
                    {
                        // A value under no name is not dropped without a word: the row is not read (as the import refuses it).
                        unnamedColumnHasData = true;
                        WriteError(ToErrorRecord(new BmgException(ErrorIds.UnknownCsvColumn, BmgErrorCategory.InvalidData,
                            RowText(record, CsvFileHeader.DataInUnnamedColumn(unnamed)), file)));
                        continue;
                    }

                    if (header.Identifiers == null)
                    {
                        // A list of serials: only its serial column is read; a blank cell names no device, as a blank Identifier.
                        values.Clear();
                        values[FieldKey.Serial] = header.SerialColumn < cells.Length ? cells[header.SerialColumn].Trim() : null;
                    }
                    else
                    {
                        header.Identifiers.Fill(cells, values);
                        DeviceListColumns.LeaveOut(values, unused);
                    }

                    yield return (file, record.LineNumber, values);
                }

                if (!unnamedColumnHasData && fileHeader.IgnoredWarning(file) is string ignored)
                {
                    WriteWarning(ignored);
                }
            }
        }

        /// <summary>"device 'ipad-01'" (its Identifier cell), or "serial 'F9FXK2AAAA01'" of a list of serials; null when blank.</summary>
        private static string? RecordOf(DeviceListHeader header, string[] cells)
        {
            var values = new FieldValues();
            if (header.Identifiers != null)
            {
                header.Identifiers.Fill(cells, values);
            }

            string? key = header.Identifiers != null ? values.NonBlank(FieldKey.Identifier)
                : header.SerialColumn < cells.Length && !string.IsNullOrWhiteSpace(cells[header.SerialColumn]) ? cells[header.SerialColumn].Trim() : null;
            return key == null ? null : SourceLine.Record(header.Identifiers != null ? "device" : "serial", key);
        }

        /// <summary>
        /// A header that can't be read, for every cmdlet that reads a header (Import-BmgDeviceCsv's files and piped objects,
        /// the -Path files of Get-BmgDeviceDepLink and Set-BmgDeviceDepEnrollment): each of several problems first as its own
        /// error record (the first <see cref="ImportHeaderException.ProblemsShown"/>), then the returned one, which counts them
        /// and does not repeat them; a single problem is only the returned one. Every message names where the header is:
        /// "Line 1 of '<paramref name="file"/>'", or for piped objects (<paramref name="file"/> null) "Piped object
        /// <paramref name="pipedObject"/>", which has no line. The returned record's target is the file, or the piped object
        /// (<paramref name="piped"/>); it ends "so <paramref name="consequence"/>". The caller writes it (a file's: the next file still gets its turn) or stops with it.
        /// </summary>
        private protected ErrorRecord HeaderErrors(ImportHeaderException header, string? file, int pipedObject = 0, object? piped = null,
            string consequence = "nothing was imported")
        {
            string Placed(string message) => file != null || pipedObject <= 0
                ? SourceLine.Of(message, header.Line, file)
                : SourceLine.OfPipedObject(message, header.Line, pipedObject);
            object? target = file ?? piped ?? header.Target;
            if (header.Problems.Count == 1)
            {
                return ToErrorRecord(new BmgException(header.ErrorId, header.Category, Placed(header.Message), target, header));
            }

            foreach (RecordError problem in header.Problems.Take(ImportHeaderException.ProblemsShown))
            {
                WriteError(ToErrorRecord(new BmgException(problem.ErrorId, problem.Category, Placed(problem.Message), problem.Value)));
            }

            int shown = Math.Min(header.Problems.Count, ImportHeaderException.ProblemsShown);
            string listed = shown == header.Problems.Count
                ? "each reported above"
                : $"the first {shown} reported above";
            string message = Placed(SourceLine.Prefix(header.Line, null) +
                $"the header has {header.Problems.Count} problems ({listed}), so {consequence}." + (header.Note == null ? "" : " " + header.Note));
            // The first problem's ErrorId, as before: scripts and tests tell a bad header by it.
            return ToErrorRecord(new BmgException(header.ErrorId, header.Category, message, target, header));
        }

        /// <summary>A -Delimiter that CSV can't use (a quote, a line break, NUL) stops the command before any input.</summary>
        protected void CheckDelimiter(char delimiter)
        {
            if (!CsvDelimiter.IsUsable(delimiter))
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(CsvDelimiter.Rule),
                    ErrorIds.InvalidDelimiter, ErrorCategory.InvalidArgument, delimiter));
            }
        }
    }
}
