using System;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// The header check of a device list: a CSV file that names devices for a cmdlet other than Import-BmgDeviceCsv
    /// (Get-BmgDeviceDepLink -Path, Set-BmgDeviceDepEnrollment -Path). Its header is read with the import's vocabulary
    /// (<see cref="ImportHeader"/>); this says whether the cmdlet can use its columns.
    /// </summary>
    public static class DeviceListColumns
    {
        /// <summary>
        /// Checks that every column of <paramref name="header"/> is among <paramref name="allowed"/> (null: any column)
        /// and that <paramref name="required"/> is one of them.
        /// </summary>
        /// <exception cref="BmgException">UnknownCsvColumn: a column the cmdlet does not use; MissingRequiredField: no <paramref name="required"/> column.</exception>
        public static void Check(ImportHeader header, FieldKey[]? allowed, FieldKey required, string file)
        {
            bool hasRequired = false;
            for (int column = 0; column < header.ColumnCount; column++)
            {
                FieldKey field = header.FieldOf(column);
                hasRequired |= field == required;
                if (allowed != null && Array.IndexOf(allowed, field) < 0)
                {
                    throw new BmgException(ErrorIds.UnknownCsvColumn, BmgErrorCategory.InvalidData,
                        $"Line 1 of '{file}': column '{field}' is not used here; the columns are {string.Join(", ", allowed)}. Import-BmgDeviceCsv takes every column.", file);
                }
            }

            if (!hasRequired)
            {
                throw new BmgException(ErrorIds.MissingRequiredField, BmgErrorCategory.InvalidData,
                    $"Line 1 of '{file}': the header has no {required} column.", file);
            }
        }
    }
}
