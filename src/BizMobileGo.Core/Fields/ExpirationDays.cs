using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Fields
{
    /// <summary>The number of days after the last save during which the device may check in.</summary>
    public readonly struct ExpirationDays : IEquatable<ExpirationDays>
    {
        public const int MinDays = 1;
        public const int MaxDays = 365;
        public const int DefaultDays = 7;

        internal const string RangeRule = "must be a whole number of days from 1 to 365";
        internal const string DateRule =
            "looks like a date; ExpirationDays is a number of days from 1 to 365 after the last save, not an expiry date";

        public static readonly ExpirationDays Default = new ExpirationDays(DefaultDays);

        private ExpirationDays(int days)
        {
            Days = days;
        }

        public int Days { get; }

        public string Value => Days.ToString(CultureInfo.InvariantCulture);

        [MethodImpl(PerRowCode.Compile)]
        public static bool TryParse(string? text, out ExpirationDays value, out string? violatedRule)
        {
            value = default;
            var trimmed = FieldText.TrimOrEmpty(text);
            if (trimmed.Length == 0)
            {
                violatedRule = FieldText.BlankRule;
                return false;
            }

            if (LooksLikeDate(trimmed))
            {
                violatedRule = DateRule;
                return false;
            }

            if (!TryParseDays(trimmed, out var days))
            {
                violatedRule = MangledDigits.Rule(trimmed, RangeRule);
                return false;
            }

            if (days < MinDays || days > MaxDays)
            {
                violatedRule = RangeRule;
                return false;
            }

            value = new ExpirationDays(days);
            violatedRule = null;
            return true;
        }

        [MethodImpl(PerRowCode.Compile)]
        private static bool TryParseDays(string text, out int days)
        {
            days = 0;
            foreach (var c in text)
            {
                if (!FieldText.IsAsciiDigit(c))
                {
                    return false;
                }

                // Anything past MaxDays is out of range however long it is, so stop before int overflows.
                if (days <= MaxDays)
                {
                    days = days * 10 + (c - '0');
                }
            }

            return true;
        }

        [MethodImpl(PerRowCode.Compile)]
        private static bool LooksLikeDate(string text)
        {
            return IsCompactDate(text)
                || HasSeparatorBetweenDigits(text, '/')
                || HasSeparatorBetweenDigits(text, '-')
                || CountSeparatorsBetweenDigits(text, '.') >= 2;
        }

        [MethodImpl(PerRowCode.Compile)]
        private static bool IsCompactDate(string text)
        {
            if (text.Length != 8)
            {
                return false;
            }

            foreach (var c in text)
            {
                if (!FieldText.IsAsciiDigit(c))
                {
                    return false;
                }
            }

            var year = int.Parse(text.Substring(0, 4), NumberStyles.None, CultureInfo.InvariantCulture);
            var month = int.Parse(text.Substring(4, 2), NumberStyles.None, CultureInfo.InvariantCulture);
            var day = int.Parse(text.Substring(6, 2), NumberStyles.None, CultureInfo.InvariantCulture);
            return year >= 1900 && year <= 2999
                && month >= 1 && month <= 12
                && day >= 1 && day <= DateTime.DaysInMonth(year, month);
        }

        private static bool HasSeparatorBetweenDigits(string text, char separator) => CountSeparatorsBetweenDigits(text, separator) > 0;

        [MethodImpl(PerRowCode.Compile)]
        private static int CountSeparatorsBetweenDigits(string text, char separator)
        {
            var count = 0;
            for (var i = 1; i < text.Length - 1; i++)
            {
                if (text[i] == separator && FieldText.IsAsciiDigit(text[i - 1]) && FieldText.IsAsciiDigit(text[i + 1]))
                {
                    count++;
                }
            }

            return count;
        }

        public bool Equals(ExpirationDays other) => Days == other.Days;

        public override bool Equals(object? obj) => obj is ExpirationDays other && Equals(other);

        public override int GetHashCode() => Days;

        public override string ToString() => Value;

        public static bool operator ==(ExpirationDays left, ExpirationDays right) => left.Equals(right);

        public static bool operator !=(ExpirationDays left, ExpirationDays right) => !left.Equals(right);
    }
}
