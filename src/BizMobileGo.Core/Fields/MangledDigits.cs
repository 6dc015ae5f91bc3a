using System;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Fields
{
    /// <summary>
    /// What went wrong with a digits-only value that a spreadsheet or an input method changed on its way into a CSV:
    /// Excel shows a long number in scientific notation ('3.52099E+14': only six digits are left, and a CSV saved from
    /// it keeps that text), and a Japanese IME types full-width digits ('７'). The field's own rule alone ("must be 15
    /// digits") doesn't tell an admin why a value that looks right on screen is refused; the hint does. Only a value
    /// that already broke its rule is looked at, so a valid row costs nothing.
    /// <para>
    /// The same goes for Excel's text-forcing formula <c>="0123"</c>, which scripts write into a CSV so that Excel keeps a
    /// value's leading zeros (walkthrough 20, finding 10): only the fields with a format rule call <see cref="Rule"/> (IMEI,
    /// MEID, ExpirationDays) or <see cref="TextFormulaRule"/> (Identifier, Code, Serial, UDID, WifiMac), so only they say so. Free-text fields
    /// (DisplayName, Description, Name, UserName, ...) keep such a cell as typed: any text is a valid value there, and a
    /// value refused or rewritten because of its look would take that away; the planner warns of it instead, with the same
    /// hint (<see cref="Import.TextFormulaValues"/>, walkthrough 23, finding 6).
    /// </para>
    /// </summary>
    internal static class MangledDigits
    {
        internal const string ScientificNotationHint =
            "looks like Excel's scientific notation, which keeps only the first digits (the rest are lost): " +
            "format the column as Text in Excel and enter the value again";

        internal const string FullWidthHint =
            "has full-width characters, as a Japanese IME types them: enter the value with half-width digits (0-9)";

        /// <summary>The full-width hint for fields of letters and digits (Identifier, Code, Serial, UDID, WifiMac).</summary>
        internal const string FullWidthLettersHint =
            "has full-width characters, as a Japanese IME types them: enter the value with half-width letters and digits";

        internal const string TextFormulaHint =
            "looks like Excel's =\"...\" text formula, which a CSV keeps as typed: give the value alone, without the = and the quotes";

        /// <summary><paramref name="rule"/>, led by the hint that says how <paramref name="text"/> was mangled (when it was).</summary>
        internal static string Rule(string text, string rule)
        {
            string? hint = IsTextFormula(text) ? TextFormulaHint
                : IsScientificNotation(text) ? ScientificNotationHint
                : HasFullWidth(text) ? FullWidthHint
                : null;
            return hint == null ? rule : hint + "; " + rule;
        }

        /// <summary>The full-width hint for fields of other characters too (EmailAddress's '＠', OS's 'ｉＯＳ').</summary>
        internal const string FullWidthTextHint =
            "has full-width characters, as a Japanese IME types them: enter the value with half-width characters";

        /// <summary>
        /// <paramref name="rule"/>, led by the text-formula hint when <paramref name="text"/> is Excel's ="..." form, by the
        /// scientific-notation hint when Excel wrote a number there ('9.87654E+10' for a serial that was all digits:
        /// walkthrough 37, finding 6; only a value that broke its rule gets here, so a valid '9876543210E1' never does), or by
        /// the full-width hint in the words of letters and digits: for the fields with a format rule whose values are not
        /// digits only (Identifier, Code, Serial, UDID, WifiMac). One full-width rule for every field (walkthrough 26,
        /// finding 5): the hint names no character, so a Code gets it too.
        /// </summary>
        internal static string TextFormulaRule(string text, string rule) =>
            IsTextFormula(text) ? TextFormulaHint + "; " + rule
            : IsScientificNotation(text) ? ScientificNotationHint + "; " + rule
            : HasFullWidth(text) ? FullWidthLettersHint + "; " + rule
            : rule;

        /// <summary>
        /// <paramref name="rule"/>, led by the full-width hint when <paramref name="text"/> has a full-width character: for the
        /// fields with a format rule of other characters than letters and digits (EmailAddress, OS), whose full-width form
        /// looks right on screen ('k001＠example.co.jp', 'ｉＯＳ'; walkthrough 37, finding 7).
        /// </summary>
        internal static string? FullWidthRule(string text, string? rule) =>
            rule != null && HasFullWidth(text) ? FullWidthTextHint + "; " + rule : rule;

        /// <summary>
        /// For a name that names nothing (a user, template, device tag or organization given to a command or a file): when it is
        /// Excel's ="..." form, the text-formula hint, and that the name inside the formula exists when it does
        /// ("; a user '0456' exists"); null otherwise. A typed -UserName '="0456"' pasted from a sheet's cell was refused with
        /// only "create it first" (Leftovers 24), which advises making a second user. Callers write it after "does not exist and ".
        /// Only a name already not found gets here, so a valid one costs nothing.
        /// </summary>
        /// <param name="described">The kind as a message names one ("a user", "a template").</param>
        /// <param name="exists">Whether a name of the kind exists (asked once, with the name inside the formula, trimmed).</param>
        internal static string? NotFoundHint(string name, string described, Func<string, bool> exists)
        {
            string trimmed = name.Trim();
            if (!IsTextFormula(trimmed))
            {
                return null;
            }

            string inner = trimmed.Substring(2, trimmed.Length - 3).Trim();
            return inner.Length != 0 && exists(inner)
                ? $"{TextFormulaHint}; {described} '{FieldText.Printable(inner)}' exists"
                : TextFormulaHint;
        }

        /// <summary>'="0123"': an equals sign, a quote, anything but a quote, a quote (the cell as a CSV reader hands it over).</summary>
        [MethodImpl(PerRowCode.Compile)]
        internal static bool IsTextFormula(string text) =>
            text.Length >= 3 && text[0] == '=' && text[1] == '"' && text[text.Length - 1] == '"' && text.IndexOf('"', 2) == text.Length - 1;

        /// <summary>"3.52099E+14", "3E+14", "3.52E14": digits, an optional fraction, E and an exponent, as Excel writes it.</summary>
        private static bool IsScientificNotation(string text)
        {
            int i = Digits(text, 0);
            if (i == 0)
            {
                return false;
            }

            if (i < text.Length && text[i] == '.')
            {
                int fraction = Digits(text, i + 1);
                if (fraction == i + 1)
                {
                    return false;
                }

                i = fraction;
            }

            if (i >= text.Length || (text[i] != 'E' && text[i] != 'e'))
            {
                return false;
            }

            i++;
            if (i < text.Length && (text[i] == '+' || text[i] == '-'))
            {
                i++;
            }

            int exponent = Digits(text, i);
            return exponent > i && exponent == text.Length;
        }

        private static int Digits(string text, int from)
        {
            while (from < text.Length && FieldText.IsAsciiDigit(text[from]))
            {
                from++;
            }

            return from;
        }

        // The Halfwidth and Fullwidth Forms block's ASCII variants (U+FF01-U+FF5E: '０'-'９', 'Ａ'-'Ｆ', '－'), and the
        // ideographic space an IME types for a space.
        internal static bool HasFullWidth(string text)
        {
            foreach (char c in text)
            {
                if (IsFullWidth(c))
                {
                    return true;
                }
            }

            return false;
        }

        internal static bool IsFullWidth(char c) => (c >= '\uFF01' && c <= '\uFF5E') || c == '\u3000';
    }
}
