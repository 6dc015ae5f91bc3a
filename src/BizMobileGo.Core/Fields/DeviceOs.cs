using System;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Fields
{
    /// <summary>The device's operating system, stored lower-case.</summary>
    public readonly struct DeviceOs : IEquatable<DeviceOs>
    {
        internal const string Rule = "must be ios, android or windows";

        public static readonly DeviceOs Ios = new DeviceOs("ios");
        public static readonly DeviceOs Android = new DeviceOs("android");
        public static readonly DeviceOs Windows = new DeviceOs("windows");

        private static readonly DeviceOs[] Known = { Ios, Android, Windows };

        private readonly string? _value;

        private DeviceOs(string value)
        {
            _value = value;
        }

        public string Value => _value ?? string.Empty;

        /// <summary>DEP enrollment is only for iOS devices.</summary>
        public bool IsIos => Equals(Ios);

        [MethodImpl(PerRowCode.Compile)]
        public static bool TryParse(string? text, out DeviceOs value, out string? violatedRule)
        {
            value = default;
            var trimmed = FieldText.TrimOrEmpty(text);
            if (trimmed.Length == 0)
            {
                violatedRule = FieldText.BlankRule;
                return false;
            }

            foreach (var known in Known)
            {
                if (FieldText.EqualsAsciiIgnoreCase(trimmed, known.Value))
                {
                    value = known;
                    violatedRule = null;
                    return true;
                }
            }

            violatedRule = MangledDigits.FullWidthRule(trimmed, RuleFor(trimmed));
            return false;
        }

        /// <summary>
        /// The rule as a refused <paramref name="text"/> is told it. An OS name Apple's DEP data or a device's Settings give an
        /// iPhone or iPad ('iPadOS', 'iPhone OS', 'iPad') is told the device is 'ios': an admin copies "os": "iPadOS" from
        /// Apple Business Manager (walkthrough 43, 7). A known OS with its version ('iOS 17', 'Android 14') is told to leave the
        /// version out. Not accepted as 'ios': SPEC lists the three values (any case), and a value is stored as it reads.
        /// </summary>
        private static string RuleFor(string text)
        {
            var letters = new System.Text.StringBuilder(text.Length);
            bool hasDigit = false;
            foreach (char c in text)
            {
                if (c >= '0' && c <= '9')
                {
                    hasDigit = true;
                }
                else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
                {
                    letters.Append(char.ToLowerInvariant(c));
                }
            }

            string name = letters.ToString();
            foreach (var known in Known)
            {
                if (hasDigit && name == known.Value)
                {
                    return $"{Rule}, without a version: '{known.Value}'";
                }
            }

            return Array.IndexOf(AppleMobileNames, name) >= 0 ? $"{Rule}; an iPhone or iPad is 'ios', also where Apple calls its OS iPadOS" : Rule;
        }

        /// <summary>What Apple's data and devices call an iPhone's or iPad's OS, or the device, letters only, lower-case.</summary>
        private static readonly string[] AppleMobileNames = { "ipados", "iphoneos", "ipad", "iphone", "ipod", "ipodtouch", "apple", "appleios" };

        public bool Equals(DeviceOs other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is DeviceOs other && Equals(other);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

        public override string ToString() => Value;

        public static bool operator ==(DeviceOs left, DeviceOs right) => left.Equals(right);

        public static bool operator !=(DeviceOs left, DeviceOs right) => !left.Equals(right);
    }
}
