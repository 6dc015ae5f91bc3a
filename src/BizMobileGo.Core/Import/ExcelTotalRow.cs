using System;
using System.Collections.Generic;
using System.Globalization;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// A total row Excel's sheet has under its table (`合計,,,,4`: a label and a count or sum), saved into the CSV with the
    /// rows. It is refused as any row is by the field rules (here "OS is required" for a device '4'), which sent the admin
    /// looking for a device '4' (walkthrough 45, finding 4); a refused row of that shape says so after its reasons, and how
    /// to be rid of it. Never skipped or imported on a guess: a row that only looks like a total is still a row, and
    /// the hint is added to a refusal the field rules made, never to a row they take.
    /// </summary>
    /// <remarks>
    /// The shape, all of it: one cell holds a total's label (<see cref="Labels"/>, as typed or as Excel's table total row
    /// writes it), at least one other holds a number, and the rest are blank. A real row's UserName or Identifier is
    /// not a total's label, so a refused real row never gets the hint; a total row labelled otherwise is refused
    /// without it, as before, by its line.
    /// </remarks>
    internal static class ExcelTotalRow
    {
        /// <summary>
        /// A total's labels, compared ignoring case and a trailing colon: Japanese Excel's table total row writes 集計,
        /// a pivot table 総計, English Excel "Total"/"Grand Total"; the rest are what admins type.
        /// </summary>
        private static readonly HashSet<string> Labels = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "合計", "総計", "小計", "集計", "計", "合計台数", "台数", "件数", "総数",
            "Total", "Totals", "Grand Total", "Subtotal", "Sum", "Count",
        };

        /// <summary>
        /// The row's refusal with the hint added to its last reason when the row has a total's shape; else
        /// <paramref name="errors"/> as they are.
        /// </summary>
        public static List<RecordError> Hinted(FieldValues values, List<RecordError> errors)
        {
            string? hint = Hint(values);
            if (hint == null || errors.Count == 0)
            {
                return errors;
            }

            RecordError last = errors[errors.Count - 1];
            var hinted = new List<RecordError>(errors);
            hinted[hinted.Count - 1] = new RecordError(last.ErrorId, last.Category, last.Message + " " + hint, last.Field, last.Value, last.NamesRecord);
            return hinted;
        }

        /// <summary>
        /// "This line holds only '合計' and a number under Identifier …" for a row of a total's shape; null for any other. The
        /// numbers are named by their columns, not echoed: one may stand under Code.
        /// </summary>
        private static string? Hint(FieldValues values)
        {
            string? label = null;
            var numberColumns = new List<string>();
            for (int key = 0; key < FieldValues.Count; key++)
            {
                string? value = values.NonBlank((FieldKey)key);
                if (value == null)
                {
                    continue;
                }

                if (IsNumber(value))
                {
                    numberColumns.Add(FieldValues.Names[key]);
                }
                else if (label == null && IsLabel(value))
                {
                    label = value;
                }
                else
                {
                    return null;
                }
            }

            if (label == null || numberColumns.Count == 0)
            {
                return null;
            }

            string numbers = numberColumns.Count == 1
                ? "a number under " + numberColumns[0]
                : "numbers under " + string.Join(", ", numberColumns.GetRange(0, numberColumns.Count - 1)) + " and " + numberColumns[numberColumns.Count - 1];
            return $"This line holds only '{FieldText.Printable(label)}' and {numbers}, as the total row a sheet has "
                + "under its table does: if it is one, delete that row (in Excel, or the line in the file) and import the file again.";
        }

        private static bool IsLabel(string value) => Labels.Contains(value.TrimEnd(':', '：').TrimEnd());

        /// <summary>A count or sum as Excel saves it: digits, a sign, thousands' commas and a decimal point.</summary>
        private static bool IsNumber(string value) =>
            decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out _);
    }
}
