using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Fields
{
    /// <summary>The device's control number: unique ignoring case, shown as first entered.</summary>
    public readonly struct DeviceIdentifier : IEquatable<DeviceIdentifier>
    {
        public const int MaxLength = 20;

        internal const string Rule = "must be 1 to 20 characters of A-Z, a-z, 0-9, '.', '-' or '_'";

        /// <summary>Identifiers are ASCII-only, so ordinal ignore-case matches the equality of this type.</summary>
        public static readonly IEqualityComparer<string> Comparer = StringComparer.OrdinalIgnoreCase;

        private readonly string? _value;

        private DeviceIdentifier(string value)
        {
            _value = value;
        }

        public string Value => _value ?? string.Empty;

        [MethodImpl(PerRowCode.Compile)]
        public static bool TryParse(string? text, out DeviceIdentifier value, out string? violatedRule)
        {
            value = default;
            var trimmed = FieldText.TrimOrEmpty(text);
            if (trimmed.Length == 0)
            {
                violatedRule = FieldText.BlankRule;
                return false;
            }

            if (trimmed.Length > MaxLength)
            {
                violatedRule = MangledDigits.TextFormulaRule(trimmed, Rule);
                return false;
            }

            int bad = FirstNotAllowed(trimmed);
            if (bad >= 0)
            {
                // Which character, as the Code rule says: a U+200B pasted from Teams is invisible in 'zw-1​' (walkthrough 20, finding 6).
                violatedRule = MangledDigits.TextFormulaRule(trimmed, FieldText.NoneOfTheseAt(Rule, trimmed, bad, countedAfterLeadingSpaces: text!.Length != 0 && char.IsWhiteSpace(text[0])));
                return false;
            }

            value = new DeviceIdentifier(trimmed);
            violatedRule = null;
            return true;
        }

        [MethodImpl(PerRowCode.Compile)]
        private static int FirstNotAllowed(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (!IsAllowedCharacter(text[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>A character an identifier may hold (<see cref="Rule"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static bool IsAllowedCharacter(char c) => FieldText.IsAsciiLetterOrDigit(c) || c == '.' || c == '-' || c == '_';

        public bool Equals(DeviceIdentifier other) => Comparer.Equals(Value, other.Value);

        public override bool Equals(object? obj) => obj is DeviceIdentifier other && Equals(other);

        public override int GetHashCode() => Comparer.GetHashCode(Value);

        public override string ToString() => Value;

        public static bool operator ==(DeviceIdentifier left, DeviceIdentifier right) => left.Equals(right);

        public static bool operator !=(DeviceIdentifier left, DeviceIdentifier right) => !left.Equals(right);
    }
}
