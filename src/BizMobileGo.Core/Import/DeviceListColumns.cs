using System;
using System.Collections.Generic;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// The header rule of a device list: a CSV file that names devices for a cmdlet other than Import-BmgDeviceCsv
    /// (Get-BmgDeviceDepLink -Path, Set-BmgDeviceDepEnrollment -Path). Its header is read with the import's vocabulary
    /// (<see cref="ImportHeader"/>: an unknown, misspelled or repeated name is refused there); any column of it may be
    /// there, the cmdlet's required column must be, and the cmdlet reads only the columns it uses. So an import file or
    /// the module's own export (Export-BmgDeviceCsv) works, as the same file piped through Import-Csv does: a piped row's
    /// other properties bind to nothing either.
    /// </summary>
    public static class DeviceListColumns
    {
        /// <summary>Whether <paramref name="field"/> is a column of <paramref name="header"/> (the list's required column: <see cref="DeviceListHeader"/>).</summary>
        public static bool Has(ImportHeader header, FieldKey field)
        {
            for (int column = 0; column < header.ColumnCount; column++)
            {
                if (header.FieldOf(column) == field)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The columns of <paramref name="header"/> that are not among <paramref name="used"/>, in the header's order: a
        /// row's cells under them are left out of its values, so that an edit given the row changes only the fields the
        /// cmdlet is about (Set-BmgDeviceDepEnrollment must not apply an export's DisplayName or Code).
        /// </summary>
        public static IReadOnlyList<FieldKey> Unused(ImportHeader header, FieldKey[] used)
        {
            var unused = new List<FieldKey>();
            for (int column = 0; column < header.ColumnCount; column++)
            {
                FieldKey field = header.FieldOf(column);
                if (Array.IndexOf(used, field) < 0)
                {
                    unused.Add(field);
                }
            }

            return unused;
        }

        /// <summary>Leaves the <paramref name="unused"/> columns out of a row's <paramref name="values"/> ("not given").</summary>
        public static void LeaveOut(FieldValues values, IReadOnlyList<FieldKey> unused)
        {
            foreach (FieldKey field in unused)
            {
                values[field] = null;
            }
        }
    }
}
