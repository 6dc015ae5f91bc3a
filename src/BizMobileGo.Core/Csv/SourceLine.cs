using System;
using System.Globalization;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.Core.Csv
{
    /// <summary>
    /// Where a CSV line is, worded the same way by every command that reads CSV files: "Line 3 of 'b.csv': ". With
    /// several files in one call (Get-ChildItem ./incoming | Import-BmgDeviceCsv) a line number alone points nowhere.
    /// Rows without a file (piped objects, numbered as a file's lines would be) are just "Line 3: ".
    /// </summary>
    public static class SourceLine
    {
        /// <summary>
        /// "Line 3 of 'b.csv': ", or "Line 3: " when <paramref name="file"/> is null. A file name may hold control characters
        /// (an escape sequence): they are shown as code points, as every echoed value is.
        /// </summary>
        public static string Prefix(int line, string? file) => file == null
            ? string.Format(CultureInfo.InvariantCulture, "Line {0}: ", line)
            : string.Format(CultureInfo.InvariantCulture, "Line {0} of '{1}': ", line, FieldText.Printable(file));

        /// <summary>
        /// A message about one row, the one wording of every command that reads CSV rows (an import's device and user rows, the
        /// DEP device list's rows, the -Path rows of Set-BmgDeviceDepEnrollment): "Line 13 (device 'ipad-jp011') of 'b.csv':
        /// <paramref name="text"/>", then, when cells above hold line breaks, the row Excel shows. The line alone is not the
        /// row Excel shows below a quoted line break, and a name is what the admin searches for (walkthrough 37, finding 4).
        /// </summary>
        /// <param name="record">The record the row is (<see cref="Record"/>: "device 'ipad-jp011'"); null when the row has no
        /// key, or when <paramref name="text"/> names it already (the caller knows which of its texts do; never read from the text).</param>
        /// <param name="file">The file; null for piped objects, whose lines are their numbers ("Line 3 (device 'x'): …"), never a note.</param>
        /// <param name="lineBreaksAbove">The line breaks inside quoted cells of the records above (<see cref="CsvRecord.LineBreaksAbove"/>).</param>
        public static string Row(int line, string? file, string? record, int lineBreaksAbove, string text)
        {
            string prefix = record == null ? Prefix(line, file)
                : file == null ? string.Format(CultureInfo.InvariantCulture, "Line {0} ({1}): ", line, record)
                : string.Format(CultureInfo.InvariantCulture, "Line {0} ({1}) of '{2}': ", line, record, FieldText.Printable(file));
            return file == null || ExcelRowNote(line, lineBreaksAbove) is not string note ? prefix + text : prefix + text + " " + note;
        }

        /// <summary>"device 'ipad-jp011'": a record as a row's prefix names it; its key capped and made printable, as every echoed value.</summary>
        public static string Record(string kind, string key) => kind + " '" + FieldText.Printable(MessageText.Value(key)) + "'";

        /// <summary>
        /// Where Excel shows the row that starts on <paramref name="line"/>, said once after its message, or null when that is the
        /// line itself. A line break inside a quoted cell (Alt+Enter) is a physical line, which is what a line number counts
        /// (and a text editor shows), but not a row in Excel: each one above the row makes Excel's row number one less.
        /// </summary>
        private static string? ExcelRowNote(int line, int lineBreaksAbove) => lineBreaksAbove <= 0
            ? null
            : string.Format(CultureInfo.InvariantCulture,
                "(Excel shows this row as row {0}: the line breaks inside cells above it count as lines but not as Excel's rows.)",
                line - lineBreaksAbove);

        /// <summary>
        /// An earlier row, as a later row's message names it: "on line 2". Piped rows too: an import numbers them as a file's
        /// lines would be (the first object is line 2), its row prefix ("Line 3: ") and the earlier row alike, so a message
        /// never mixes two numberings, and Import-Csv's rows piped in keep the file's line numbers. The one wording of the
        /// earlier row for DuplicateKeyInFile (an Identifier, a UserName) of every command that reads rows.
        /// </summary>
        public static string OnLine(int line) => string.Format(CultureInfo.InvariantCulture, "on line {0}", line);

        /// <summary>
        /// A message about <paramref name="file"/>, said so: "Line 3: x" becomes "Line 3 of 'b.csv': x"; any other message
        /// (a broken file's "Malformed CSV: line 3 ...", "The file was still being written ...") becomes "'b.csv': ...",
        /// unless it starts with the file's name already. The import's core words its messages without the file (the
        /// import history keeps one entry per file); the command that reports them knows the file, and with several files
        /// in one call a message that names none points nowhere. Unchanged when <paramref name="file"/> is null.
        /// </summary>
        public static string Of(string message, int line, string? file)
        {
            if (file == null)
            {
                return message;
            }

            if (message.StartsWith(Prefix(line, null), StringComparison.Ordinal))
            {
                return Prefix(line, file) + WithoutPrefix(message, line);
            }

            string named = "'" + FieldText.Printable(file) + "'";
            return message.StartsWith(named, StringComparison.Ordinal) ? message : named + ": " + message;
        }

        /// <summary>
        /// A message about a piped object (the first piped is 1), said so: "Line 2: x" becomes "Piped object 1: x". Piped
        /// objects have no lines; the import numbers them as a one-row-per-line file would be (header = line 1) for its
        /// history, but a message that calls an object "Line 2" sends the admin looking for a file.
        /// </summary>
        public static string OfPipedObject(string message, int line, int pipedObject) =>
            string.Format(CultureInfo.InvariantCulture, "Piped object {0}: ", pipedObject) + WithoutPrefix(message, line);

        /// <summary>The message without its file-less "Line 3: " (as it is, when it has none).</summary>
        public static string WithoutPrefix(string message, int line)
        {
            string bare = Prefix(line, null);
            return message.StartsWith(bare, StringComparison.Ordinal) ? message.Substring(bare.Length) : message;
        }
    }
}
