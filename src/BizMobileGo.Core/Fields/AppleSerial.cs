using System;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Fields
{
    /// <summary>An Apple serial number, stored upper-case.</summary>
    public readonly struct AppleSerial : IEquatable<AppleSerial>
    {
        public const int MinLength = 8;
        public const int MaxLength = 14;
        public const int UsualMinLength = 10;
        public const int UsualMaxLength = 12;

        /// <summary>What Apple's box barcode puts before the serial.</summary>
        public const char BoxBarcodePrefix = 'S';

        internal const string Rule = "must be 8 to 14 characters of A-Z or 0-9";

        private readonly string? _value;

        private AppleSerial(string value)
        {
            _value = value;
        }

        public string Value => _value ?? string.Empty;

        /// <summary>Every serial Apple has issued so far has 10 to 12 characters; a different length is allowed but likely a typo.</summary>
        public bool HasUnusualLength => Value.Length < UsualMinLength || Value.Length > UsualMaxLength;

        /// <summary>
        /// The serial without its first letter when it may be read off the box: Apple's box barcode prefixes the serial
        /// with 'S', so a scanned 13-character serial starting with 'S' is likely a 12-character one; null otherwise.
        /// </summary>
        public string? WithoutBoxBarcodePrefix =>
            Value.Length == UsualMaxLength + 1 && Value[0] == BoxBarcodePrefix ? Value.Substring(1) : null;

        [MethodImpl(PerRowCode.Compile)]
        public static bool TryParse(string? text, out AppleSerial value, out string? violatedRule)
        {
            value = default;
            var trimmed = FieldText.TrimOrEmpty(text);
            if (trimmed.Length == 0)
            {
                violatedRule = FieldText.BlankRule;
                return false;
            }

            if (trimmed.Length < MinLength || trimmed.Length > MaxLength)
            {
                violatedRule = MangledDigits.TextFormulaRule(trimmed, Rule);
                return false;
            }

            for (int i = 0; i < trimmed.Length; i++)
            {
                if (!FieldText.IsAsciiLetterOrDigit(trimmed[i]))
                {
                    // Which character, as the Code rule says (walkthrough 20, finding 6): 'F9FXK2ZW​AA1' hides a U+200B.
                    violatedRule = MangledDigits.TextFormulaRule(trimmed, FieldText.NoneOfTheseAt(Rule, trimmed, i, countedAfterLeadingSpaces: text!.Length != 0 && char.IsWhiteSpace(text[0])));
                    return false;
                }
            }

            value = new AppleSerial(FieldText.ToAsciiUpper(trimmed));
            violatedRule = null;
            return true;
        }

        internal const string PatternRule = "must be A-Z or 0-9, with the wildcard characters * ? [ ] (and '-' for a range in brackets)";

        /// <summary>
        /// A serial as a not-found error echoes it: as it was typed, as every other not-found error echoes its value (an
        /// upper-cased echo reads as if the admin had typed that: walkthrough 15, finding 5), then the form it was compared
        /// in when that differs, since serials are compared in upper case: "'f9x1' (serial numbers are compared in upper
        /// case, as 'F9X1')".
        /// </summary>
        /// <param name="typed">The text given.</param>
        /// <param name="compared">The serial it was read as (<see cref="TryParseLookup"/>).</param>
        public static string Echo(string typed, string compared)
        {
            string trimmed = typed.Trim();
            if (string.Equals(trimmed, compared, StringComparison.Ordinal))
            {
                return $"'{FieldText.Printable(trimmed)}'";
            }

            // Only a look-up's grouping (WithoutGrouping) changes the length: say that, or the echo reads as a different serial.
            string how = trimmed.Length == compared.Length ? "in upper case" : "without spaces or dashes, in upper case";
            return $"'{FieldText.Printable(trimmed)}' (serial numbers are compared {how}, as '{FieldText.Printable(compared)}')";
        }

        /// <summary>
        /// A serial read aloud or off a label in groups ('F077 V3R5 A3T0', 'F077-V3R5-A3T0') without its spaces and dashes;
        /// null when it has none. Only a look-up reads it so (walkthrough 42, finding 4: the helpdesk typed what the user read
        /// out, and was told the serial is invalid); a stored serial keeps the strict rule, so a file's cell is never changed.
        /// </summary>
        internal static string? WithoutGrouping(string text) =>
            text.IndexOf(' ') < 0 && text.IndexOf('-') < 0 ? null : text.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);

        /// <summary>
        /// A serial to look up, as the serial rule reads it: text without wildcard characters must be a
        /// valid serial, or one typed in groups of spaces or dashes (<see cref="WithoutGrouping"/>)
        /// (<paramref name="isPattern"/> false, <paramref name="value"/> the serial); a pattern
        /// may hold only serial characters and * ? [ ] -, and is upper-cased the ASCII way, so it matches
        /// stored serials case-sensitively ('abcdefghſſ' is no serial and matches nothing).
        /// </summary>
        public static bool TryParseLookup(string? text, out string value, out bool isPattern, out string? violatedRule)
        {
            value = string.Empty;
            var trimmed = FieldText.TrimOrEmpty(text);
            isPattern = FieldText.HoldsWildcardCharacter(trimmed);
            if (!isPattern)
            {
                bool valid = TryParse(trimmed, out AppleSerial serial, out violatedRule);
                if (!valid && WithoutGrouping(trimmed) is string ungrouped && TryParse(ungrouped, out AppleSerial grouped, out _))
                {
                    // Typed in groups: the serial they make. Not valid without them either: the rule of the text as typed.
                    serial = grouped;
                    valid = true;
                    violatedRule = null;
                }

                value = serial.Value;
                return valid;
            }

            foreach (var c in trimmed)
            {
                if (!FieldText.IsAsciiLetterOrDigit(c) && c != '*' && c != '?' && c != '[' && c != ']' && c != '-')
                {
                    violatedRule = PatternRule;
                    return false;
                }
            }

            value = FieldText.ToAsciiUpper(trimmed);
            violatedRule = null;
            return true;
        }

        public bool Equals(AppleSerial other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is AppleSerial other && Equals(other);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

        public override string ToString() => Value;

        public static bool operator ==(AppleSerial left, AppleSerial right) => left.Equals(right);

        public static bool operator !=(AppleSerial left, AppleSerial right) => !left.Equals(right);
    }
}
