using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// What PowerShell's Export-Csv writes of the module's objects, recognised where such a file is refused, so that the
    /// refusal leads to what works (walkthrough 18, finding 2): `Get-BmgDevice | Export-Csv` writes every property of a
    /// Device (State, CreatedAt, DeviceKey, ...: not import columns) and each list as its type's name ('System.String[]').
    /// The objects stay as they are (README: "Export-Csv writes list properties as System.String[]"); only the refusals'
    /// words change, and only for a file already refused, so a valid file or row costs nothing more.
    /// </summary>
    public static class ExportCsvOfObjects
    {
        // The output properties of each command whose objects a file of the import's vocabulary is exported from, read from
        // the types themselves: a property added to Device is recognised without a second list to keep in step.
        private static readonly (string Command, HashSet<string> Properties)[] DeviceFileSources =
        {
            ("Get-BmgDevice", PropertiesOf(typeof(Device))),
            ("Get-BmgUser", PropertiesOf(typeof(User))),
        };

        private static readonly HashSet<string> DepDeviceProperties = PropertiesOf(typeof(DepDevice));

        private static HashSet<string> PropertiesOf(Type type) =>
            new HashSet<string>(type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name), StringComparer.Ordinal);

        /// <summary>
        /// The command whose output objects have <paramref name="column"/> as a property, for a column the import's header
        /// refused ('UseDep', 'State', 'CreatedAt' are Get-BmgDevice's), or null. Exact spelling: Export-Csv writes the
        /// property names as they are.
        /// </summary>
        public static string? DeviceFileSource(string column, string? exportedFrom = null)
        {
            // A property both types have (Database) is the file's own command's (<paramref name="exportedFrom"/>).
            foreach ((string command, HashSet<string> properties) in DeviceFileSources)
            {
                if (command == exportedFrom && properties.Contains(column))
                {
                    return command;
                }
            }

            foreach ((string command, HashSet<string> properties) in DeviceFileSources)
            {
                if (properties.Contains(column))
                {
                    return command;
                }
            }

            return null;
        }

        /// <summary>
        /// The command whose Export-Csv output <paramref name="names"/> (a header the import refused) most likely is: one whose
        /// objects have at least <see cref="PropertiesOfAnExport"/> of the names as properties that are not import columns,
        /// or null; or whose every property is in the header, one of them no import column (Export-Csv of Get-BmgUser). One
        /// such name alone is no export (another tool's object may have a 'State'), and is told as any unknown column is.
        /// </summary>
        public static string? DeviceFileExportedFrom(IReadOnlyList<string> names)
        {
            foreach ((string command, HashSet<string> properties) in DeviceFileSources)
            {
                int count = 0;
                foreach (string name in names)
                {
                    if (properties.Contains(name) && !FieldValues.Names.Contains(name) && ++count >= PropertiesOfAnExport)
                    {
                        return command;
                    }
                }

                // Every property of the objects, one of them no column: Get-BmgUser's (all import columns but Database, the
                // store the users were read from) is such an export, though it has one property that is no column.
                if (count != 0 && properties.All(property => names.Contains(property)))
                {
                    return command;
                }
            }

            return null;
        }

        /// <summary>How many of the objects' own properties make a header an export of them (Get-BmgDevice's has 13).</summary>
        public const int PropertiesOfAnExport = 2;

        /// <summary>
        /// What to do with a device or user file whose header holds <paramref name="command"/>'s output properties: the
        /// export that imports back, or the import's columns selected with each list joined by '|'.
        /// </summary>
        public static string DeviceFileAdvice(string command)
        {
            string list = command == "Get-BmgUser" ? FieldNames.Organizations : FieldNames.DeviceTags;
            return $"The file looks like Export-Csv of {command} output, which writes every property of the objects, not the import's columns: "
                + "export with Export-BmgDeviceCsv (its file imports back), or Select-Object the import's columns, joining each list with '|' "
                + $"(Select-Object ..., @{{n='{list}'; e={{ $_.{list} -join '|' }}}} | Export-Csv).";
        }

        /// <summary>
        /// For a column the DEP device file refused: when it is a property of Get-BmgDepDevice's output ('ProfileAssignTime',
        /// 'ImportedAt'), what the file is and what to do; else null.
        /// </summary>
        public static string? DepFileAdvice(string column) => DepDeviceProperties.Contains(column)
            ? $"'{column}' is a property of Get-BmgDepDevice's output: the file looks like Export-Csv of Get-BmgDepDevice output, "
              + "which writes every property and the dates in this computer's culture; Select-Object the columns above, with "
              + "DeviceAssignedDate as ISO-8601 (@{n='DeviceAssignedDate'; e={ if ($_.DeviceAssignedDate) { $_.DeviceAssignedDate.ToString('o') } }})"
            : null;
    }
}
