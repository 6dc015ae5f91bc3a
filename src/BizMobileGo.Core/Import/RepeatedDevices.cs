using System;
using System.Collections.Generic;
using System.Globalization;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// SPEC §4's "a key appearing twice in one file fails the later row, naming the earlier line", for a device: one
    /// wording (<see cref="Error"/>) for every command that reads device rows. Import-BmgDeviceCsv remembers its keys in
    /// <see cref="SeenKeys"/> (a file of millions of rows spills to disk) and asks only for the words; a command that applies
    /// a few rows one by one (Set-BmgDeviceDepEnrollment's -Path file or piped rows) remembers them here. Applying a device
    /// twice left the store as the later row said while -WhatIf, judging each row against the stored device, predicted the
    /// earlier one.
    /// </summary>
    public sealed class RepeatedDevices
    {
        // Identifier ignores case (and is ASCII: DeviceIdentifier's rule), as the store's look-up does.
        private readonly Dictionary<string, string> _first = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// Remembers that <paramref name="identifier"/> (as given: trimmed and checked here) appears <paramref name="where"/>
        /// ("on line 2", "as piped object 1"); the error for the later row when it appeared before, else null. An identifier
        /// that is not valid is not remembered: the row fails with its own rule.
        /// </summary>
        public RecordError? Remember(string identifier, string where)
        {
            if (!DeviceIdentifier.TryParse(identifier, out DeviceIdentifier parsed, out _))
            {
                return null;
            }

            if (_first.TryGetValue(parsed.Value, out string? earlier))
            {
                return Error(parsed.Value, earlier);
            }

            _first.Add(parsed.Value, where);
            return null;
        }

        /// <summary>"on line N" of a file, as <see cref="Remember"/> takes it.</summary>
        public static string Line(int line) => Csv.SourceLine.OnLine(line);

        /// <summary>"as piped object N" (the first piped is 1), as <see cref="Remember"/> takes it.</summary>
        public static string PipedObject(int number) => string.Format(CultureInfo.InvariantCulture, "as piped object {0}", number);

        /// <summary>
        /// The later row's error: <paramref name="identifier"/> appeared before, <paramref name="earlier"/> ("on line 2").
        /// Worded for every command that reads device rows: Set-BmgDeviceDepEnrollment's rows are no import, so the rule is
        /// said by what both read, a file or one pipeline of rows.
        /// </summary>
        public static RecordError Error(string identifier, string earlier) =>
            new RecordError(ErrorIds.DuplicateKeyInFile, BmgErrorCategory.InvalidData,
                $"Identifier '{identifier}' already appears {earlier}; a device may appear only once per file or pipeline (Identifier ignores case).",
                FieldNames.Identifier, identifier);
    }
}
