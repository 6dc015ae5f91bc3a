using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// How a device list (the -Path CSV of Get-BmgDeviceDepLink and Set-BmgDeviceDepEnrollment) names its devices: by an
    /// Identifier column, read with the import's vocabulary (<see cref="DeviceListColumns"/>), or, where the cmdlet takes
    /// serial numbers (Get-BmgDeviceDepLink), by a column of serials under one of <see cref="SerialColumnNames"/>, the
    /// names its -Serial parameter binds from piped objects (its name and aliases). A list of serials is what a kitting
    /// lead has (Apple Business Manager's export, "Serial Number", beside a dozen columns of Apple's): its other columns
    /// are not the module's and are left unread, as a piped Import-Csv row's other properties bind to nothing
    /// (walkthrough 31b, finding 4: "Serial" was refused for having no Identifier, "Serial Number" called data).
    /// </summary>
    public sealed class DeviceListHeader
    {
        /// <summary>
        /// Apple's JSON key in the words of a header: a DEP device's property and the module's own DEP CSV column
        /// (Dep.DepCsvFile); an alias of Get-BmgDeviceDepLink's -Serial.
        /// </summary>
        public const string SerialNumber = nameof(Dep.DepDevice.SerialNumber);

        /// <summary>
        /// Apple Business Manager's export header, as Import-BmgDepDevice reads that export (Dep.AbmDeviceList); an alias of
        /// Get-BmgDeviceDepLink's -Serial: the one spelling, so that the file both commands read is read alike.
        /// </summary>
        public const string SerialNumberSpaced = Dep.AbmDeviceList.SerialColumn;

        /// <summary>
        /// The header names of a column of serial numbers (compared ignoring case and surrounding blanks): -Serial's own
        /// name and its aliases, so that a file given to -Path and the same file piped through Import-Csv read alike.
        /// </summary>
        public static readonly IReadOnlyList<string> SerialColumnNames = new[] { nameof(FieldKey.Serial), SerialNumber, SerialNumberSpaced };

        private DeviceListHeader(ImportHeader? identifiers, int serialColumn)
        {
            Identifiers = identifiers;
            SerialColumn = serialColumn;
        }

        /// <summary>The header read with the import's vocabulary, when the list names its devices by Identifier; else null.</summary>
        public ImportHeader? Identifiers { get; }

        /// <summary>The column of serial numbers when the list names its devices by serial (<see cref="Identifiers"/> null); else -1.</summary>
        public int SerialColumn { get; }

        /// <summary>
        /// Reads the header of a device list. One with an Identifier column (<paramref name="required"/>) names devices by
        /// it, as before; without one, when <paramref name="serialsTaken"/>, a column under one of
        /// <see cref="SerialColumnNames"/> names them by serial, whatever other columns the file has, unless one of them is
        /// meant as the Identifier column (another case, a misspelling: <see cref="SerialListColumn"/>).
        /// </summary>
        /// <exception cref="ImportHeaderException">The header can't be read and has no serial column: the import's refusal, with what the command takes.</exception>
        /// <exception cref="BmgException">MissingRequiredField: neither an Identifier column nor (where taken) a serial column.</exception>
        /// <param name="ownHeadings">What a header of the sheet's own headings is told (<see cref="DeviceCsvFile.OwnHeadingsOf"/>,
        /// naming <paramref name="command"/>); null: the import's advice.</param>
        public static DeviceListHeader Read(CsvFileHeader file, char delimiter, FieldKey required, bool serialsTaken, string source, string command,
            OwnHeadingsAdvice? ownHeadings = null)
        {
            ImportHeader header;
            try
            {
                header = ImportHeader.ParseFile(file, delimiter, ownHeadings: ownHeadings);
            }
            catch (ImportHeaderException e) when (serialsTaken)
            {
                // Apple's export ("Serial Number","Device Model",...) is no import header; its serial column is what is read.
                if (SerialListColumn(file.Names, required) is int column)
                {
                    return new DeviceListHeader(null, column);
                }

                // The import's words (an unknown column, another delimiter), and what this command's -Path takes: the
                // import's example header ('Identifier,OS,Serial,DEPMethod') is not this command's. A note the import
                // had (a header cut off while still being copied) stays last: it says what to do first.
                throw new ImportHeaderException(e.Problems, e.Line, e.Note == null ? Takes(command) : Takes(command) + " " + e.Note);
            }

            if (DeviceListColumns.Has(header, required))
            {
                return new DeviceListHeader(header, -1);
            }

            if (serialsTaken && SerialListColumn(file.Names, required) is int serials)
            {
                return new DeviceListHeader(null, serials);
            }

            throw new BmgException(ErrorIds.MissingRequiredField, BmgErrorCategory.InvalidData,
                $"Line {file.Line} of '{source}': the header has no {required} column." + (serialsTaken ? " " + Takes(command) : ""), source);
        }

        /// <summary>What a -Path file of a command that takes serials must have, naming every header name taken.</summary>
        public static string Takes(string command) =>
            $"{command} -Path reads a header with an {nameof(FieldKey.Identifier)} column, or with a column of serial numbers named "
            + $"{string.Join(", ", SerialColumnNames.Take(SerialColumnNames.Count - 1))} or {SerialColumnNames[SerialColumnNames.Count - 1]}; its other columns are not read.";

        /// <summary>
        /// The serial column of a list of serials: only a header that has nothing meant as the <paramref name="required"/>
        /// column is one. 'identifier,serial' (wrong case) or 'Identifer,Serial' means identifiers, and stays refused as the
        /// import refuses it, rather than be read silently by its serials.
        /// </summary>
        private static int? SerialListColumn(IReadOnlyList<string> names, FieldKey required)
        {
            string key = required.ToString();
            foreach (string name in names)
            {
                string trimmed = name.Trim();
                if (string.Equals(trimmed, key, StringComparison.OrdinalIgnoreCase) || ImportHeader.Suggest(trimmed) == key)
                {
                    return null;
                }
            }

            return SerialColumnOf(names);
        }

        /// <summary>The first column named as a serial column (any case, blanks around), or null.</summary>
        public static int? SerialColumnOf(IReadOnlyList<string> names)
        {
            for (int column = 0; column < names.Count; column++)
            {
                string name = names[column].Trim();
                foreach (string serial in SerialColumnNames)
                {
                    if (string.Equals(name, serial, StringComparison.OrdinalIgnoreCase))
                    {
                        return column;
                    }
                }
            }

            return null;
        }
    }
}
