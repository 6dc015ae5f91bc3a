using System;
using System.Collections.Generic;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.Core.Dep
{
    /// <summary>The device entries of a DEP file, whatever its shape: each serial and field checked by its rule, a serial given twice refused.</summary>
    internal static class DepFileEntries
    {
        /// <param name="line">A CSV row's line, and the line breaks inside quoted cells above it; 0 for a JSON entry or a piped object.</param>
        internal static DepEntry? NewEntry(DepFileContent content, string where, int position, string serialName, string? serialText, int line = 0, int lineBreaksAbove = 0)
        {
            if (!AppleSerial.TryParse(serialText, out AppleSerial serial, out string? rule))
            {
                // The reason quotes the serial cell: the row is not named by it again.
                content.Errors.Add(DepDeviceFile.RowError(string.IsNullOrWhiteSpace(serialText) ? ErrorIds.MissingRequiredField : ErrorIds.InvalidFieldValue,
                    content.Source, where, line, lineBreaksAbove, null, $"{serialName} '{FieldText.Printable(serialText ?? "")}' is not valid: {rule}", serialText));
                return null;
            }

            var entry = new DepEntry(serial.Value, where, position, line, lineBreaksAbove);
            content.Entries.Add(entry);
            return entry;
        }

        internal static void Give(DepFileContent content, DepEntry entry, DepField field, string name, string? text)
        {
            string? value = DepDeviceFile.Blank(text);
            if (value != null && Array.IndexOf(DepFileDate.Fields, field) >= 0 && !DepFileDate.TryParse(value, out _))
            {
                content.EntryFailed(entry, DepDeviceFile.EntryError(ErrorIds.InvalidFieldValue, content, entry, DepFileDate.Rule(name, FieldText.Printable(value))));
                return;
            }

            if (value != null && field == DepField.ProfileStatus && !DepProfileStatus.TryParse(value, out value, out string? statusRule))
            {
                content.EntryFailed(entry, DepDeviceFile.EntryError(ErrorIds.InvalidFieldValue, content, entry, $"{name} '{FieldText.Printable(value)}' is not valid: {statusRule}"));
                return;
            }

            int maxLength = field == DepField.Description ? BoundedText.DescriptionMaxLength : BoundedText.NameMaxLength;
            if (value != null && !BoundedText.TryParse(value, maxLength, out value, out string? rule))
            {
                content.EntryFailed(entry, DepDeviceFile.EntryError(ErrorIds.InvalidFieldValue, content, entry, $"{name} '{FieldText.Printable(text ?? "")}' is not valid: {rule}"));
                return;
            }

            entry.Given[field] = value;
        }

        internal static void CheckDuplicates(DepFileContent content)
        {
            if (content.IsSync)
            {
                return;
            }

            var seen = new Dictionary<string, DepEntry>(StringComparer.Ordinal);
            foreach (DepEntry entry in content.Entries)
            {
                if (seen.TryGetValue(entry.SerialNumber, out DepEntry? first))
                {
                    content.EntryFailed(entry, DepDeviceFile.EntryError(ErrorIds.DuplicateKeyInFile, content, entry,
                        $"serial number '{entry.SerialNumber}' is given twice, at {first.Where} and at {entry.Where} (serial numbers are compared ignoring case); only a sync response may repeat a serial, as successive events",
                        namesSerial: true));
                }
                else
                {
                    seen.Add(entry.SerialNumber, entry);
                }
            }
        }
    }
}
