using System;
using System.Management.Automation;
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
        /// <exception cref="BmgException">InvalidWildcardPattern: a pattern PowerShell can't read, such as 'a['.</exception>
        public static NameMatch Create(string text, bool literal, bool ignoreCase, Func<string, bool> isName)
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

            var pattern = WildcardPattern.Get(trimmed, ignoreCase ? WildcardOptions.IgnoreCase : WildcardOptions.None);
            try
            {
                // WildcardPattern parses on first use: make a bad pattern fail here, with its own error.
                pattern.IsMatch(string.Empty);
            }
            catch (WildcardPatternException e)
            {
                throw new BmgException(ErrorIds.InvalidWildcardPattern, BmgErrorCategory.InvalidArgument,
                    $"'{FieldText.Printable(trimmed)}' is not a valid wildcard pattern: {e.Message} To match '[' or ']' literally, escape it with a backtick (`[) or use the -Literal parameter.",
                    trimmed, e);
            }

            return new NameMatch(trimmed, null, pattern, ignoreCase);
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
