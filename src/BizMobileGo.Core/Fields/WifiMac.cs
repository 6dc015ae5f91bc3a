using System;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

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

        [MethodImpl(PerRowCode.Compile)]
        public static bool TryParse(string? text, out WifiMac value, out string? violatedRule)
        {
            value = default;
            var trimmed = FieldText.TrimOrEmpty(text);
            if (trimmed.Length == 0)
            {
                violatedRule = FieldText.BlankRule;
                return false;
            }

            if (!TryFindDigits(trimmed, out int step))
            {
                violatedRule = MangledDigits.TextFormulaRule(trimmed, Rule);
                return false;
            }

            value = new WifiMac(IsCanonical(trimmed) ? trimmed : Canonical(trimmed, step));
            violatedRule = null;
            return true;
        }

        /// <summary>
        /// True when the text is 12 hex digits, bare (<paramref name="step"/> 2) or in six pairs all joined by the
        /// same ':' or '-' (<paramref name="step"/> 3).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        private static bool TryFindDigits(string text, out int step)
        {
            if (text.Length == ByteCount * 2)
            {
                step = 2;
                return FieldText.AreAllHexDigits(text, 0, text.Length);
            }

            step = 3;
            if (text.Length != ByteCount * 3 - 1)
            {
                return false;
            }

            var separator = text[2];
            if (separator != ':' && separator != '-')
            {
                return false;
            }

            for (var i = 0; i < ByteCount; i++)
            {
                if (!FieldText.AreAllHexDigits(text, i * 3, 2))
                {
                    return false;
                }

                if (i < ByteCount - 1 && text[i * 3 + 2] != separator)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Already AA:BB:CC:DD:EE:FF with upper-case digits: stored as it is, without a copy.</summary>
        [MethodImpl(PerRowCode.Compile)]
        private static bool IsCanonical(string text)
        {
            if (text.Length != ByteCount * 3 - 1)
            {
                return false;
            }

            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (i % 3 == 2 ? c != ':' : c >= 'a' && c <= 'f')
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The digits of a valid text (pairs <paramref name="step"/> characters apart) as AA:BB:CC:DD:EE:FF.</summary>
        private static string Canonical(string text, int step) =>
            string.Create(ByteCount * 3 - 1, (text, step), static (formatted, state) =>
            {
                for (var i = 0; i < ByteCount; i++)
                {
                    formatted[i * 3] = FieldText.ToAsciiUpper(state.text[i * state.step]);
                    formatted[i * 3 + 1] = FieldText.ToAsciiUpper(state.text[i * state.step + 1]);
                    if (i < ByteCount - 1)
                    {
                        formatted[i * 3 + 2] = ':';
                    }
                }
            });

        public bool Equals(WifiMac other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is WifiMac other && Equals(other);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

        public override string ToString() => Value;

        public static bool operator ==(WifiMac left, WifiMac right) => left.Equals(right);

        public static bool operator !=(WifiMac left, WifiMac right) => !left.Equals(right);
    }
}
