using System;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Fields
{
    /// <summary>A 15-digit IMEI whose last digit is its Luhn check digit.</summary>
    public readonly struct Imei : IEquatable<Imei>
    {
        public const int DigitCount = 15;

        internal const string Rule = "must be 15 digits (spaces and dashes ignored) with a valid Luhn check digit";

        private readonly string? _value;

        private Imei(string value)
        {
            _value = value;
        }

        public string Value => _value ?? string.Empty;

        [MethodImpl(PerRowCode.Compile)]
        public static bool TryParse(string? text, out Imei value, out string? violatedRule)
        {
            value = default;
            var trimmed = FieldText.TrimOrEmpty(text);
            if (trimmed.Length == 0)
            {
                violatedRule = FieldText.BlankRule;
                return false;
            }

            var digits = ExtractDigits(trimmed);
            if (digits == null || !HasValidLuhnCheckDigit(digits))
            {
                violatedRule = digits == null ? MangledDigits.Rule(trimmed, Rule) : Rule;
                return false;
            }

            value = new Imei(digits);
            violatedRule = null;
            return true;
        }

        /// <summary>The 15 digits with spaces and dashes left out (the text itself when it has none); null when not 15 digits.</summary>
        [MethodImpl(PerRowCode.Compile)]
        private static string? ExtractDigits(string text)
        {
            int count = 0;
            foreach (var c in text)
            {
                if (c == ' ' || c == '-')
                {
                    continue;
                }

                if (!FieldText.IsAsciiDigit(c) || count == DigitCount)
                {
                    return null;
                }

                count++;
            }

            if (count != DigitCount)
            {
                return null;
            }

            return text.Length == DigitCount ? text : string.Create(DigitCount, text, static (digits, source) =>
            {
                int at = 0;
                foreach (var c in source)
                {
                    if (c != ' ' && c != '-')
                    {
                        digits[at++] = c;
                    }
                }
            });
        }

        [MethodImpl(PerRowCode.Compile)]
        private static bool HasValidLuhnCheckDigit(string digits)
        {
            var sum = 0;
            for (var fromRight = 0; fromRight < digits.Length; fromRight++)
            {
                var digit = digits[digits.Length - 1 - fromRight] - '0';
                if (fromRight % 2 == 1)
                {
                    digit *= 2;
                    if (digit > 9)
                    {
                        digit -= 9;
                    }
                }

                sum += digit;
            }

            return sum % 10 == 0;
        }

        public bool Equals(Imei other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is Imei other && Equals(other);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

        public override string ToString() => Value;

        public static bool operator ==(Imei left, Imei right) => left.Equals(right);

        public static bool operator !=(Imei left, Imei right) => !left.Equals(right);
    }
}
