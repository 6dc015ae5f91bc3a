using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Text;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// Excel's "CSV (コンマ区切り)" save writes Shift_JIS (CP932), and writes '?' for every character CP932 can't hold ('𠮷',
    /// a name's kanji variant, an emoji). An exported inventory edited in one column and saved so came back with '?野 太郎' for
    /// every '𠮷野 太郎', and the import overwrote each stored name without a word (walkthrough 26, finding 2). When a file
    /// read as Shift_JIS gives a user's or a device's text the stored value with '?' exactly where the stored value has such
    /// characters, that is Excel's loss, not the admin's edit: the stored value is kept and the row warns (<see cref="WarningId"/>).
    /// </summary>
    /// <remarks>
    /// Kept, not refused: the admin never meant to change those values, and no edit of the file can restore them (CP932
    /// has no byte for them), so a refusal would fail the whole file (the nightly job) for what only a save as "CSV UTF-8"
    /// fixes, and -SkipInvalidRows would drop the rows' real edits with it. A '?' typed on purpose in place of exactly
    /// the characters CP932 lacks can't come from a Shift_JIS file at all; from a UTF-8 file the same value is a change.
    /// </remarks>
    public static class ShiftJisQuestionMarks
    {
        /// <summary>The warning's stable id, the last word of each warning of it (a log is searched for it).</summary>
        public const string WarningId = "ExcelShiftJisLoss";

        private const string Marker = " (" + WarningId + ")";
        private const string KeptAs = " is kept as '";

        /// <summary>How many values the summary of several names; the rest are counted.</summary>
        public const int Named = 5;

        private static readonly Encoding Strict = CsvEncoding.ShiftJis();

        /// <summary>
        /// Whether rows read in <paramref name="encoding"/> may be Excel's Shift_JIS save: read as CP932, or with no byte yet
        /// that told the encoding (plain ASCII so far, no BOM: Excel's save of rows with no Japanese left in them).
        /// </summary>
        public static bool MayBeShiftJis(Encoding? encoding) => encoding == null || encoding.CodePage == 932;

        /// <summary>
        /// True when <paramref name="after"/> is <paramref name="before"/> with each character CP932 can't hold (at least one)
        /// written as '?', one per character or one per UTF-16 unit of it (a character beyond U+FFFF as '??'), and nothing
        /// else changed. Asked only of a changed value of a file that may be Shift_JIS: never of an unchanged row.
        /// </summary>
        public static bool OnlyLost(string? before, string? after)
        {
            if (before == null || after == null || after.IndexOf('?') < 0 || after.Length > before.Length)
            {
                return false;
            }

            List<(int Start, int Length)> lost = UnencodableCharacters.In(before, Strict);
            return lost.Count != 0 && (after == Replaced(before, lost, perUnit: false) || after == Replaced(before, lost, perUnit: true));
        }

        /// <summary>The characters of <paramref name="value"/> CP932 can't hold, as "'𠮷' (U+20BB7)", in order, each once.</summary>
        public static string Characters(string value) =>
            string.Join(", ", UnencodableCharacters.In(value, Strict).Select(c => UnencodableCharacters.Named(value, c)).Distinct(StringComparer.Ordinal));

        /// <summary>The row's warning of a value kept (<see cref="OnlyLost"/>): what, the characters, and what to do to change it.</summary>
        /// <param name="kind">"user" or "device".</param>
        public static string Kept(string field, string kind, string key, string stored, string fromFile) =>
            $"{field} of {kind} '{FieldText.Printable(key)}'{KeptAs}{FieldText.Printable(stored)}': the file has '{FieldText.Printable(fromFile)}', " +
            $"with '?' for {Characters(stored)}, which Shift_JIS (CP932) can't hold: Excel's \"CSV (コンマ区切り)\" save writes '?' for such " +
            $"characters. To change the value, import it from a file saved as \"CSV UTF-8\".{Marker}";

        /// <summary>Whether <paramref name="warning"/> (with or without its line prefix) is a warning of <see cref="Kept"/>.</summary>
        public static bool IsKeptWarning(string warning) => warning.EndsWith(Marker, StringComparison.Ordinal);

        /// <summary>"Name of user 'qm1'" of a warning of <see cref="Kept"/>, for the summary of several.</summary>
        public static string SubjectOf(string warning)
        {
            int end = warning.IndexOf(KeptAs, StringComparison.Ordinal);
            return end < 0 ? warning : warning.Substring(0, end);
        }

        /// <summary>
        /// What an import says once for all its values kept (<see cref="Kept"/>) when more than one was: how many, the first
        /// <see cref="Named"/> ("line 2: Name of user 'qm1'"), and what to do; each value's own warning is then a verbose line.
        /// </summary>
        public static string Summary(string file, int count, IReadOnlyList<string> first) =>
            $"{EnglishWords.Amount(count, "value")} of '{FieldText.Printable(file)}' kept as stored where the file has '?' for characters " +
            $"Shift_JIS (CP932) can't hold, as Excel's \"CSV (コンマ区切り)\" save writes them ({string.Join("; ", first)}" +
            (count > first.Count ? $"; and {count - first.Count} more" : "") +
            "). Save the file as \"CSV UTF-8\" to change such values; -Verbose writes each value's warning." + Marker;

        private static string Replaced(string value, List<(int Start, int Length)> lost, bool perUnit)
        {
            var text = new StringBuilder(value.Length);
            int at = 0;
            foreach ((int start, int length) in lost)
            {
                text.Append(value, at, start - at).Append('?', perUnit ? length : 1);
                at = start + length;
            }

            return text.Append(value, at, value.Length - at).ToString();
        }
    }
}
