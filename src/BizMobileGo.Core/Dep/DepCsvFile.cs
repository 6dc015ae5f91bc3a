using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.Core.Dep
{
    /// <summary>
    /// Reads a DEP device CSV: the module's own columns (SerialNumber, Model, ...), or Apple Business Manager's device list
    /// ("Serial Number","Device Model",...), whose rows of other MDM servers <see cref="AbmDeviceList"/> sets apart.
    /// </summary>
    internal static class DepCsvFile
    {
        private const string OwnSerialColumn = nameof(DepDevice.SerialNumber);

        /// <summary>The module's own CSV: exact, case-sensitive column names; another column is refused.</summary>
        private static readonly (string Column, DepField Field)[] OwnCsvColumns =
        {
            ("Model", DepField.Model), ("Description", DepField.Description), ("Color", DepField.Color),
            ("AssetTag", DepField.AssetTag), ("OS", DepField.OS), ("DeviceFamily", DepField.DeviceFamily),
            ("ProfileStatus", DepField.ProfileStatus), ("ProfileUuid", DepField.ProfileUuid), ("ProfileName", DepField.ProfileName),
            ("DeviceAssignedDate", DepField.DeviceAssignedDate), ("DeviceAssignedBy", DepField.DeviceAssignedBy),
            ("ProfileAssignTime", DepField.ProfileAssignTime), ("ProfilePushTime", DepField.ProfilePushTime),
        };

        /// <summary>
        /// Get-BmgDepDevice's properties that the store works out or keeps of its own (when it was imported, which device holds
        /// the serial, the store read): not Apple's data, so a DEP device piped in (or read back from its JSON or CSV) leaves
        /// them out, as Import-BmgDeviceCsv leaves out a Device's State.
        /// </summary>
        private static readonly string[] StoresOwnProperties = { "ImportedAt", "AsOf", "ReleasedReason", "Database", "Identifier", "Family", "IsIos" };

        private const string ReleasedAtProperty = "ReleasedAt";

        /// <summary>
        /// Piped DEP device objects read as the rows of one CSV (<paramref name="source"/> names them all: "piped objects 3–7"),
        /// so they are one import, one transaction and one summary, with a CSV's failure rule: an object refused whole (a
        /// released one, an unknown property, no SerialNumber) or an entry's error leaves the store as it was, the error
        /// naming the object ("Piped object 5 …"). A profile two objects name differently is an error, as two rows' are.
        /// </summary>
        internal static DepFileContent ReadObjects(IReadOnlyList<(string Source, IReadOnlyList<KeyValuePair<string, string?>> Properties)> objects, string source)
        {
            var result = new DepFileContent(source, objects.Count == 1 ? "DEP device object" : "DEP device objects");
            var namedAt = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < objects.Count; i++)
            {
                // One object: its entries' errors say "SerialNumber", as before; several: which object.
                ReadObjectInto(result, objects[i].Properties, objects[i].Source, objects.Count == 1 ? OwnSerialColumn : objects[i].Source, i, namedAt);
            }

            return result;
        }

        /// <summary>
        /// A DEP device as an object (Get-BmgDepDevice's output of another store, or that output read back by ConvertFrom-Json or
        /// Import-Csv): its properties named as the module's CSV columns (any case, as PowerShell matches names) are one row of
        /// that CSV, with the same rules, and the store's own properties are left out (<see cref="StoresOwnProperties"/>). A
        /// released one (ReleasedAt) is refused: imported, its serial would be active again; another property is refused
        /// naming it. <paramref name="properties"/> holds the values as text, dates as ISO-8601.
        /// </summary>
        private static void ReadObjectInto(DepFileContent result, IReadOnlyList<KeyValuePair<string, string?>> properties, string source, string where, int position,
            Dictionary<string, string> namedAt)
        {
            string? serialText = null;
            var given = new List<(DepField Field, string Column, string? Value)>();
            foreach (KeyValuePair<string, string?> property in properties)
            {
                string name = property.Key.Trim();
                if (string.Equals(name, OwnSerialColumn, StringComparison.OrdinalIgnoreCase))
                {
                    serialText = property.Value;
                }
                else if (string.Equals(name, ReleasedAtProperty, StringComparison.OrdinalIgnoreCase))
                {
                    if (DepDeviceFile.Blank(property.Value) != null)
                    {
                        throw DepDeviceFile.Invalid(source, $"the DEP device '{FieldText.Printable(serialText ?? "")}' was released (ReleasedAt {property.Value}) in the store it was read from, "
                            + "and a released serial is not imported as an active one: leave it out (Get-BmgDepDevice without -Released lists the active ones), "
                            + "or release it here too with Remove-BmgDepDevice");
                    }
                }
                else if (Array.Exists(StoresOwnProperties, own => string.Equals(own, name, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }
                else if (Array.FindIndex(OwnCsvColumns, c => string.Equals(c.Column, name, StringComparison.OrdinalIgnoreCase)) is int match && match >= 0)
                {
                    given.Add((OwnCsvColumns[match].Field, OwnCsvColumns[match].Column, property.Value));
                }
                else
                {
                    throw DepDeviceFile.Invalid(source, $"'{FieldText.Printable(name)}' is not a property of a DEP device; a DEP device object has {OwnSerialColumn} and any of "
                        + $"{string.Join(", ", OwnCsvColumns.Select(c => c.Column))}, as Get-BmgDepDevice writes them");
                }
            }

            if (serialText == null)
            {
                throw DepDeviceFile.Invalid(source, $"it has no {OwnSerialColumn}: a DEP device object is Get-BmgDepDevice's output, or an object with its properties");
            }

            DepEntry? entry = DepFileEntries.NewEntry(result, where, position, OwnSerialColumn, serialText);
            if (entry != null)
            {
                foreach ((DepField field, string column, string? value) in given)
                {
                    DepFileEntries.Give(result, entry, field, column, value);
                }

                NameProfileOfRow(result, entry, namedAt);
            }
        }

        internal static DepFileContent Read(string content, string path, string? mdmServer)
        {
            using var reader = new CsvRecordReader(new StringReader(content));
            // The header rule of every CSV the module reads (CsvFileHeader): a '#TYPE' first line and rows of only
            // delimiters before the header are skipped, and the empty cells Excel leaves at the header's end name no column.
            if (!(CsvFileHeader.Read(reader) is CsvFileHeader file))
            {
                throw DepDeviceFile.Invalid(path, $"the file is empty; its first line must be a header: {OwnSerialColumn},{string.Join(",", OwnCsvColumns.Select(c => c.Column))} (only {OwnSerialColumn} is required), or Apple Business Manager's device list, whose header begins \"{AbmDeviceList.SerialColumn}\",\"Device Model\"");
            }

            CsvRecord header = file.Record;
            string[] names = file.Names;
            bool abm = Array.IndexOf(names, AbmDeviceList.SerialColumn) >= 0;
            var result = new DepFileContent(path, abm ? DepDeviceFile.AbmFormat : "CSV");
            int serialColumn = Array.IndexOf(names, abm ? AbmDeviceList.SerialColumn : OwnSerialColumn);
            // Neither shape's serial column: most likely Apple Business Manager's list downloaded in another language.
            string localized = serialColumn < 0 ? LocalizedListHint : "";
            var columns = new List<(int Index, DepField Field)>();
            for (int i = 0; i < names.Length; i++)
            {
                string name = names[i];
                if (i == serialColumn)
                {
                    continue;
                }

                (string Column, DepField Field)[] known = abm ? AbmDeviceList.FieldColumns : OwnCsvColumns;
                int match = Array.FindIndex(known, c => c.Column == name);
                if (match >= 0)
                {
                    columns.Add((i, known[match].Field));
                }
                else if (!abm)
                {
                    throw DepDeviceFile.Invalid(path, $"line {header.LineNumber}: '{name}' is not a column; the columns are {OwnSerialColumn}, {string.Join(", ", OwnCsvColumns.Select(c => c.Column))} (case-sensitive), or Apple Business Manager's device list with \"{AbmDeviceList.SerialColumn}\"{(localized.Length == 0 ? "" : $"; the header has no {OwnSerialColumn} column{localized}")}{(BizMobileGo.Core.Import.ExportCsvOfObjects.DepFileAdvice(name) is string exported ? "; " + exported : "")}");
                }
            }

            if (serialColumn < 0)
            {
                throw DepDeviceFile.Invalid(path, $"line {header.LineNumber}: the header has no {OwnSerialColumn} column{localized}");
            }

            var records = new List<CsvRecord>();
            bool unnamedColumnHasData = false;
            while (reader.TryReadRecord(out CsvRecord read))
            {
                // A row of only delimiters (Excel's empty sheet row) is skipped like an empty line, as in a device CSV.
                if (CsvFileHeader.IsBlank(read.Fields))
                {
                    continue;
                }

                // A file still being copied to the share is cut anywhere, even inside its last serial: never a DEP device of it.
                if (read.EndsWithoutLineBreak)
                {
                    result.Errors.Add(RowError(ErrorIds.IncompleteLastRow, path, read, serialColumn, CsvRecordReader.IncompleteLastRowText));
                    continue;
                }

                // A value under a header cell with no name is never dropped silently: the row is an error naming its column.
                int unnamed = file.UnnamedColumnWithValue(read.Fields);
                if (unnamed >= 0)
                {
                    unnamedColumnHasData = true;
                    result.Errors.Add(RowError(ErrorIds.UnknownCsvColumn, path, read, serialColumn, CsvFileHeader.DataInUnnamedColumn(unnamed), read.Fields[unnamed]));
                    continue;
                }

                records.Add(read);
            }

            if (!unnamedColumnHasData && file.IgnoredWarning(path) is string ignored)
            {
                result.Warnings.Add(ignored);
            }

            Func<CsvRecord, bool> ours = abm ? AbmDeviceList.RowsOfThisMdm(result, names, records, mdmServer, serialColumn) : _ => true;
            int position = 0;
            var profileNamedAt = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (CsvRecord record in records)
            {
                if (!ours(record))
                {
                    continue;
                }

                string where = $"line {record.LineNumber}";
                string? serialText = serialColumn < record.Fields.Length ? record.Fields[serialColumn] : null;
                DepEntry? entry = DepFileEntries.NewEntry(result, where, position++, abm ? AbmDeviceList.SerialColumn : OwnSerialColumn, serialText,
                    record.LineNumber, record.LineBreaksAbove);
                if (entry == null)
                {
                    continue;
                }

                foreach ((int index, DepField field) in columns)
                {
                    // A short row gives no value for its missing cells: absent, so the stored value stays.
                    if (index < record.Fields.Length)
                    {
                        DepFileEntries.Give(result, entry, field, ColumnName(abm, field), record.Fields[index]);
                    }
                }

                NameProfileOfRow(result, entry, profileNamedAt);
            }

            DepFileEntries.CheckDuplicates(result);
            return result;
        }

        /// <summary>
        /// Apple Business Manager writes its device list's column names in the language it is set to, and only the English names
        /// are known here (no source gives the other languages' exact names): the refusal says how to get a list that imports.
        /// </summary>
        private const string LocalizedListHint =
            " (nor Apple Business Manager's \"" + AbmDeviceList.SerialColumn + "\"). If this is Apple Business Manager's device list downloaded in another language " +
            "(a header such as 'シリアル番号'), set Apple Business Manager's language to English and download the list again: only its English column names are read";

        /// <summary>
        /// A row with both a ProfileUuid and a ProfileName names that profile, as Apple's profile response does;
        /// two rows naming one uuid differently are an error (a name is the profile's, not the device's).
        /// </summary>
        private static void NameProfileOfRow(DepFileContent content, DepEntry entry, Dictionary<string, string> namedAt)
        {
            if (!entry.Given.TryGetValue(DepField.ProfileUuid, out string? uuid) || uuid == null
                || !entry.Given.TryGetValue(DepField.ProfileName, out string? name) || name == null)
            {
                return;
            }

            if (content.ProfileNames.TryGetValue(uuid, out string? earlier) && earlier != name)
            {
                content.EntryFailed(entry, DepDeviceFile.EntryError(ErrorIds.InvalidFieldValue, content, entry,
                    $"ProfileName '{name}' is not valid: {namedAt[uuid]} names the profile {uuid} '{earlier}'; a profile has one name"));
                return;
            }

            content.ProfileNames[uuid] = name;
            namedAt[uuid] = entry.Where;
        }

        /// <summary>A row refused before it is read as an entry (cut off, a value under no column), named by its serial cell as it stands.</summary>
        private static BmgException RowError(string errorId, string path, CsvRecord row, int serialColumn, string reason, object? target = null) =>
            DepDeviceFile.RowError(errorId, path, $"line {row.LineNumber}", row.LineNumber, row.LineBreaksAbove,
                serialColumn < row.Fields.Length ? row.Fields[serialColumn] : null, reason, target);

        private static string ColumnName(bool abm, DepField field) =>
            Array.Find(abm ? AbmDeviceList.FieldColumns : OwnCsvColumns, c => c.Field == field).Column ?? field.ToString();
    }
}
