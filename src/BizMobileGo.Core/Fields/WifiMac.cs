using System;

namespace BizMobileGo.Core.Fields
{
    /// <summary>A Wi-Fi MAC address, stored as <c>AA:BB:CC:DD:EE:FF</c>.</summary>
    public readonly struct WifiMac : IEquatable<WifiMac>
    {
        internal const string Rule = "must be 12 hex digits written as AA:BB:CC:DD:EE:FF, AA-BB-CC-DD-EE-FF or AABBCCDDEEFF";

        private const int ByteCount = 6;

        private readonly string? _value;

        private WifiMac(string value)
        {
            _value = value;
        }

        public string Value => _value ?? string.Empty;

        public static bool TryParse(string? text, out WifiMac value, out string? violatedRule)
        {
            value = default;
            var trimmed = FieldText.TrimOrEmpty(text);
            if (trimmed.Length == 0)
            {
                violatedRule = FieldText.BlankRule;
                return false;
            }

            var digits = ExtractHexDigits(trimmed);
            if (digits == null)
            {
                violatedRule = Rule;
                return false;
            }

            var formatted = new char[ByteCount * 3 - 1];
            for (var i = 0; i < ByteCount; i++)
            {
                formatted[i * 3] = FieldText.ToAsciiUpper(digits[i * 2]);
                formatted[i * 3 + 1] = FieldText.ToAsciiUpper(digits[i * 2 + 1]);
                if (i < ByteCount - 1)
                {
                    formatted[i * 3 + 2] = ':';
                }
            }

            value = new WifiMac(new string(formatted));
            violatedRule = null;
            return true;
        }

        private static string? ExtractHexDigits(string text)
        {
            if (text.Length == ByteCount * 2)
            {
                return FieldText.AreAllHexDigits(text, 0, text.Length) ? text : null;
            }

            if (text.Length != ByteCount * 3 - 1)
            {
                return null;
            }

            var separator = text[2];
            if (separator != ':' && separator != '-')
            {
                return null;
            }

            var digits = new char[ByteCount * 2];
            for (var i = 0; i < ByteCount; i++)
            {
                if (!FieldText.AreAllHexDigits(text, i * 3, 2))
                {
                    return null;
                }

                if (i < ByteCount - 1 && text[i * 3 + 2] != separator)
                {
                    return null;
                }

                digits[i * 2] = text[i * 3];
                digits[i * 2 + 1] = text[i * 3 + 1];
            }

            return new string(digits);
        }

        public bool Equals(WifiMac other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is WifiMac other && Equals(other);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

        public override string ToString() => Value;

        public static bool operator ==(WifiMac left, WifiMac right) => left.Equals(right);

        public static bool operator !=(WifiMac left, WifiMac right) => !left.Equals(right);
    }
}
