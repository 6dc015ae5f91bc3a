using System;
using System.Collections.Generic;
using System.IO;
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
        /// The rows of device CSV files (header checked against the import vocabulary, DeviceListColumns), for the
        /// cmdlets whose -Path names devices. <paramref name="used"/>: the columns the cmdlet reads (a row's values hold
        /// only these; other columns are allowed and left out); <paramref name="required"/> must be in the header.
        /// Problems are error records, naming the line.
        /// </summary>
        protected IEnumerable<(int Line, FieldValues Values)> ReadDeviceCsvRows(string path, FieldKey[] used, FieldKey required, bool literal = false)
        {
            foreach (string file in ResolveFiles(path, literal))
            {
                FileStream? stream = OpenFile(file);
                if (stream == null)
                {
                    continue;
                }

                using var reader = new CsvRecordReader(CsvEncoding.OpenText(stream, null));
                ImportHeader? header = null;
                IReadOnlyList<FieldKey> unused = Array.Empty<FieldKey>();
                var values = new FieldValues();
                while (true)
                {
                    CsvRecord record;
                    try
                    {
                        if (!reader.TryReadRecord(out record))
                        {
                            break;
                        }

                        if (header == null)
                        {
                            header = ImportHeader.Parse(record.Fields, record.LineNumber, $"header of '{file}'");
                            DeviceListColumns.Check(header, required, file);
                            unused = DeviceListColumns.Unused(header, used);
                            continue;
                        }
                    }
                    catch (CsvFormatException e)
                    {
                        WriteError(new ErrorRecord(e, e.ErrorId, ErrorCategory.ParserError, file));
                        break;
                    }
                    catch (BmgException e)
                    {
                        WriteError(ToErrorRecord(e));
                        break;
                    }

                    if (record.Fields.Length != header.ColumnCount)
                    {
                        WriteError(new ErrorRecord(new InvalidDataException($"Line {record.LineNumber} of '{file}' has {record.Fields.Length} fields but the header has {header.ColumnCount}."),
                            ErrorIds.MalformedCsv, ErrorCategory.ParserError, file));
                        continue;
                    }

                    header.Fill(record.Fields, values);
                    DeviceListColumns.LeaveOut(values, unused);
                    yield return (record.LineNumber, values);
                }
            }
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
