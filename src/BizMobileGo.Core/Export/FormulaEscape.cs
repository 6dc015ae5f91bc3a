namespace BizMobileGo.Core.Export
{
    /// <summary>
    /// The spreadsheet formula escape (OWASP, "CSV injection"): a value that a spreadsheet would run as a
    /// formula (first character = + - @, tab or CR) is written with a leading apostrophe, which
    /// spreadsheets read as "text" and hide. The export applies it; the import removes exactly it again,
    /// so an export read back changes nothing.
    /// </summary>
    /// <remarks>
    /// A value that itself starts with apostrophes followed by one of those characters ("'=x") is escaped
    /// the same way ("''=x"): removing one apostrophe on import gives back every value exactly, and a
    /// value with an apostrophe before anything else ("'abc") is written and read as it is.
    /// </remarks>
    public static class FormulaEscape
    {
        public const char Mark = '\'';

        /// <summary>The value as the export writes it by default.</summary>
        public static string? Escape(string? value) => value != null && NeedsEscape(value) ? Mark + value : value;

        /// <summary>A cell as the import reads it: one leading apostrophe of an escaped formula-looking value removed.</summary>
        public static string? Unescape(string? cell) =>
            cell != null && cell.Length > 1 && cell[0] == Mark && NeedsEscape(cell.Substring(1)) ? cell.Substring(1) : cell;

        private static bool NeedsEscape(string value)
        {
            int first = 0;
            while (first < value.Length && value[first] == Mark)
            {
                first++;
            }

            return first < value.Length && IsFormulaStart(value[first]);
        }

        private static bool IsFormulaStart(char c) => c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }
}
