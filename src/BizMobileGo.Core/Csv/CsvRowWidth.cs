using System.Collections.Generic;
using System.Globalization;
using BizMobileGo.Core.Text;

namespace BizMobileGo.Core.Csv
{
    /// <summary>
    /// The one wording of a row with another number of fields than its header, for the import and for the cmdlets whose
    /// -Path names devices. Such a row stays refused even when every extra field is blank: a row shifted by a stray
    /// delimiter can't be told from one with trailing delimiters, and taking it would put its values under the wrong
    /// columns. The message says when the extra fields are all empty, so the admin looks for trailing delimiters, not quotes.
    /// </summary>
    public static class CsvRowWidth
    {
        /// <summary>What is wrong with a row of <paramref name="cells"/> under a header of <paramref name="columns"/> names; the caller adds the line.</summary>
        public static string Mismatch(IReadOnlyList<string?> cells, int columns)
        {
            string counts = string.Format(CultureInfo.InvariantCulture, "The row has {0} fields but the header has {1}; ", cells.Count, columns);
            int extra = cells.Count - columns;
            if (extra <= 0 || !BlankFrom(cells, columns))
            {
                return counts + "check for a stray or missing delimiter or quote.";
            }

            string past = string.Format(CultureInfo.InvariantCulture, "past the header's {0}", EnglishWords.Count(columns, "column"));
            return counts + (extra == 1
                ? $"its last field, {past}, is empty: a trailing delimiter? Remove it, or add the column to the header."
                : $"its last {extra} fields, {past}, are empty: trailing delimiters? Remove them, or add the columns to the header.");
        }

        private static bool BlankFrom(IReadOnlyList<string?> cells, int from)
        {
            for (int i = from; i < cells.Count; i++)
            {
                if (!string.IsNullOrWhiteSpace(cells[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
