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

            violatedRule = MangledDigits.FullWidthRule(trimmed, Rule);
            return false;
        }

        public bool Equals(DeviceOs other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is DeviceOs other && Equals(other);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

        public override string ToString() => Value;

        public static bool operator ==(DeviceOs left, DeviceOs right) => left.Equals(right);

        public static bool operator !=(DeviceOs left, DeviceOs right) => !left.Equals(right);
    }
}
