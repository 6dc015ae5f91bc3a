using System;
using System.Collections.Generic;
using System.IO;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.Core.Import
{
    /// <summary>Streams a device CSV file through an import: the header first, then one result per row.</summary>
    public static class DeviceCsvFile
    {
        /// <param name="read">Sees each record as read (the header first), for a caller that keeps original cells.</param>
        public static IEnumerable<ImportRowResult> ImportRows(DeviceImport import, TextReader text, char delimiter, string source,
            Action<CsvRecord>? read = null)
        {
            using var reader = new CsvRecordReader(text, delimiter);
            if (!reader.TryReadRecord(out CsvRecord headerRecord))
            {
                throw new BmgException(ErrorIds.EmptyCsv, BmgErrorCategory.InvalidData,
                    $"'{source}' is empty; its first line must be the header (for example 'Identifier,OS,Serial,DEPMethod').", source);
            }

            ImportHeader header = ImportHeader.Parse(headerRecord.Fields, headerRecord.LineNumber);
            read?.Invoke(headerRecord);
            while (reader.TryReadRecord(out CsvRecord record))
            {
                read?.Invoke(record);
                yield return import.ImportRow(header, record.LineNumber, record.Fields);
            }
        }
    }
}
