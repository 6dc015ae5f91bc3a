using System;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Fields
{
    /// <summary>A MEID, stored as its 14 upper-case hex digits without the check digit.</summary>
    public readonly struct Meid : IEquatable<Meid>
    {
        public const int DigitCount = 14;

        internal const string Rule = "must be 14 hex digits, or 15 where the last is a valid check digit (Luhn in base 16)";

        private readonly string? _value;

        private Meid(string value)
        {
            _value = value;
        }

        public string Value => _value ?? string.Empty;

        [MethodImpl(PerRowCode.Compile)]
        public static bool TryParse(string? text, out Meid value, out string? violatedRule)
        {
            value = default;
            var trimmed = FieldText.TrimOrEmpty(text);
            if (trimmed.Length == 0)
            {
                violatedRule = FieldText.BlankRule;
                return false;
            }

            if ((trimmed.Length != DigitCount && trimmed.Length != DigitCount + 1)
                || !FieldText.AreAllHexDigits(trimmed, 0, trimmed.Length))
            {
                violatedRule = MangledDigits.Rule(trimmed, Rule);
                return false;
            }

            var digits = FieldText.ToAsciiUpper(trimmed.Length == DigitCount ? trimmed : trimmed.Substring(0, DigitCount));
            if (trimmed.Length == DigitCount + 1
                && FieldText.HexDigitValue(trimmed[DigitCount]) != ComputeCheckDigitValue(digits))
            {
                violatedRule = Rule;
                return false;
            }

            value = new Meid(digits);
            violatedRule = null;
            return true;
        }

        /// <summary>The check digit 3GPP2 X.S0008 defines: the Luhn algorithm carried out in base 16.</summary>
        /// <returns>The check digit as an upper-case hex character, or null when the text is not 14 hex digits.</returns>
        internal static char? ComputeCheckDigit(string? fourteenHexDigits)
        {
            if (fourteenHexDigits == null || fourteenHexDigits.Length != DigitCount
                || !FieldText.AreAllHexDigits(fourteenHexDigits, 0, DigitCount))
            {
                return null;
            }

            return "0123456789ABCDEF"[ComputeCheckDigitValue(fourteenHexDigits)];
        }

        [MethodImpl(PerRowCode.Compile)]
        private static int ComputeCheckDigitValue(string hexDigits)
        {
            var sum = 0;
            for (var fromRight = 0; fromRight < hexDigits.Length; fromRight++)
            {
                var digit = FieldText.HexDigitValue(hexDigits[hexDigits.Length - 1 - fromRight]);

                // The check digit will take position 0, so the rightmost payload digit is the first one doubled.
                if (fromRight % 2 == 0)
                {
                    digit *= 2;
                    if (digit > 15)
                    {
                        digit -= 15;
                    }
                }

                sum += digit;
            }

            return (16 - sum % 16) % 16;
        }

        public bool Equals(Meid other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is Meid other && Equals(other);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

        public override string ToString() => Value;

        public static bool operator ==(Meid left, Meid right) => left.Equals(right);

        public static bool operator !=(Meid left, Meid right) => !left.Equals(right);
    }
}
