using System;
using System.Management.Automation;
using System.Management.Automation.Language;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// One name or identifier given to a cmdlet, matched the PowerShell way; the one matching rule every
    /// cmdlet uses. A literal value (a -Literal… parameter, a value bound from the pipeline, a cell of a
    /// file) names exactly one item. Otherwise text without wildcard characters names one item, with its
    /// backtick escapes removed (<c>sato`[x`]</c> is <c>sato[x]</c>); text with wildcard characters names
    /// one item when an item has exactly that name (names may hold <c>[ ] * ?</c>: the exact match wins),
    /// and is a pattern otherwise.
    /// </summary>
    internal sealed class NameMatch
    {
        /// <summary>
        /// How a pattern ignores case: as the invariant culture folds case, as an exact name compares (OrdinalIgnoreCase).
        /// The current culture's folding (WildcardOptions.IgnoreCase alone) differs where it matters: in Turkish (tr-TR, az)
        /// 'I' lower-cases to a dotless 'ı', so on an admin's Turkish Windows 'IPAD*' matched no 'ipad-1' while 'IPAD-1' found it.
        /// </summary>
        internal const WildcardOptions IgnoreCaseOptions = WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant;

        private readonly WildcardPattern? _pattern;
        private readonly StringComparison _comparison;

        private NameMatch(string text, string? exact, WildcardPattern? pattern, bool ignoreCase)
        {
            Text = text;
            Exact = exact;
            _pattern = pattern;
            _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        }

        /// <summary>The text as given, for messages.</summary>
        public string Text { get; }

        /// <summary>The one name this match names; null for a pattern.</summary>
        public string? Exact { get; }

        public bool IsPattern => _pattern != null;

        /// <summary>
        /// Matches no name: a filter whose name or pattern names no item (<see cref="BmgCmdlet.ReferenceFilter"/>), so that the
        /// items it would filter need not be read.
        /// </summary>
        public bool SelectsNothing => _pattern == null && Exact == null;

        /// <summary>A filter given <paramref name="text"/> that matches no name (<see cref="SelectsNothing"/>).</summary>
        public static NameMatch Nothing(string text) => new NameMatch(text, null, null, ignoreCase: false);

        public bool IsMatch(string? name) =>
            name != null && (_pattern != null ? _pattern.IsMatch(name) : string.Equals(name, Exact, _comparison));

        /// <summary>
        /// Reads <paramref name="text"/>; <paramref name="isName"/> says whether an item has exactly that
        /// name (asked only for text with wildcard characters).
        /// </summary>
        /// <param name="parameter">The parameter the text was given to (its error's advice names it), null for a value no
        /// parameter took as a pattern (a serial pattern).</param>
        /// <param name="literalTwin">The cmdlet's -Literal… twin of a parameter, or null when it has none: asked only for that error.</param>
        /// <exception cref="BmgException">InvalidWildcardPattern: a pattern PowerShell can't read, such as 'a['.</exception>
        public static NameMatch Create(string text, bool literal, bool ignoreCase, Func<string, bool> isName, string? parameter = null,
            Func<string, string?>? literalTwin = null)
        {
            string trimmed = text.Trim();
            if (literal)
            {
                return new NameMatch(trimmed, trimmed, null, ignoreCase);
            }

            if (!WildcardPattern.ContainsWildcardCharacters(trimmed))
            {
                return new NameMatch(trimmed, WildcardPattern.Unescape(trimmed), null, ignoreCase);
            }

            if (isName(trimmed))
            {
                return new NameMatch(trimmed, trimmed, null, ignoreCase);
            }

            var pattern = WildcardPattern.Get(trimmed, ignoreCase ? IgnoreCaseOptions : WildcardOptions.None);
            try
            {
                // WildcardPattern parses on first use: make a bad pattern fail here, with its own error.
                pattern.IsMatch(string.Empty);
            }
            catch (WildcardPatternException e)
            {
                throw new BmgException(ErrorIds.InvalidWildcardPattern, BmgErrorCategory.InvalidArgument,
                    InvalidPatternMessage(trimmed, parameter, parameter == null ? null : literalTwin?.Invoke(parameter)), trimmed, e);
            }

            return new NameMatch(trimmed, null, pattern, ignoreCase);
        }

        /// <summary>
        /// "'[a' is not a valid wildcard pattern for -Identifier: in a pattern, '[' and ']' enclose a set or range of characters
        /// ('[0-9]' matches one digit), and here they don't make one. To match '[' or ']' literally, give the name to
        /// -LiteralIdentifier, or escape them with a backtick: -Identifier '`[a'." PowerShell's own reason ("The specified
        /// wildcard character pattern is not valid: [a") only repeats the pattern, and ran into the advice without a full stop;
        /// it stays the inner exception.
        /// The advice names the parameter's own -Literal… twin when the cmdlet has one, else only the escape (with
        /// [WildcardPattern]::Escape for a value in a variable): the text said "use the -Literal parameter", which no cmdlet
        /// has, to the filters that have no literal twin at all (walkthrough 28, finding 2). The escaped value is the one given
        /// with its unescaped brackets escaped, so it is a pattern still where it had '*' or '?', and quoted for the command line.
        /// </summary>
        internal static string InvalidPatternMessage(string text, string? parameter, string? literalParameter)
        {
            string printable = FieldText.Printable(text);
            string escaped = "'" + CodeGeneration.EscapeSingleQuotedStringContent(FieldText.Printable(EscapeBrackets(text))) + "'";
            string given = parameter == null ? escaped : $"-{parameter} {escaped}";
            string advice = literalParameter != null
                ? $"To match '[' or ']' literally, give the name to -{literalParameter}, or escape them with a backtick: {given}."
                : $"To match '[' or ']' literally, escape them with a backtick: {given} (in single quotes; [WildcardPattern]::Escape($name) escapes a value in a variable).";
            return $"'{printable}' is not a valid wildcard pattern{(parameter == null ? "" : " for -" + parameter)}: in a pattern, '[' and ']' "
                + $"enclose a set or range of characters ('[0-9]' matches one digit), and here they don't make one. {advice}";
        }

        /// <summary>Every '[' and ']' of <paramref name="text"/> not already escaped, escaped with a backtick.</summary>
        private static string EscapeBrackets(string text)
        {
            var escaped = new System.Text.StringBuilder(text.Length + 4);
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '`' && i + 1 < text.Length)
                {
                    escaped.Append(c).Append(text[++i]);
                    continue;
                }

                if (c == '[' || c == ']')
                {
                    escaped.Append('`');
                }

                escaped.Append(c);
            }

            return escaped.ToString();
        }

        /// <summary>
        /// A serial number or serial pattern, read through the one serial rule (<see cref="AppleSerial.TryParseLookup"/>)
        /// and matched against stored (upper-case) serials exactly; serials hold no character that needs escaping.
        /// </summary>
        /// <exception cref="BmgException">InvalidFieldValue: not a serial, nor (unless <paramref name="literal"/>) a serial pattern.</exception>
        public static NameMatch Serial(string text, bool literal)
        {
            string value;
            bool isPattern = false;
            string? rule;
            bool valid;
            if (literal)
            {
                // A piped serial (a cell of a file) is one serial: '*' there is not a pattern.
                valid = AppleSerial.TryParse(text, out AppleSerial serial, out rule);
                value = serial.Value;
            }
            else
            {
                valid = AppleSerial.TryParseLookup(text, out value, out isPattern, out rule);
            }

            if (!valid)
            {
                throw new BmgException(ErrorIds.InvalidFieldValue, BmgErrorCategory.InvalidArgument,
                    $"{FieldNames.Serial} value '{FieldText.Printable(text.Trim())}' is not valid: {rule}.", text);
            }

            return isPattern ? Create(value, literal: false, ignoreCase: false, _ => false) : new NameMatch(text, value, null, ignoreCase: false);
        }
    }
}
