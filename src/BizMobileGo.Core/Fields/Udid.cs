using System;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Fields
{
    /// <summary>An Apple device UDID in any of the three shapes Apple has used.</summary>
    public readonly struct Udid : IEquatable<Udid>
    {
        internal const string Rule =
            "must be 40 hex digits, 8 and 16 hex digits joined by '-' (like 00008020-000A1D3A3E9A002E), or a UUID (8-4-4-4-12 hex digits)";

        private const int LegacyLength = 40;

        private static readonly int[] ModernGroupLengths = { 8, 16 };
        private static readonly int[] UuidGroupLengths = { 8, 4, 4, 4, 12 };

        private readonly string? _value;

        private Udid(string value)
        {
            _value = value;
        }

        public string Value => _value ?? string.Empty;

        [MethodImpl(PerRowCode.Compile)]
        public static bool TryParse(string? text, out Udid value, out string? violatedRule)
        {
            value = default;
            var trimmed = FieldText.TrimOrEmpty(text);
            if (trimmed.Length == 0)
            {
                violatedRule = FieldText.BlankRule;
                return false;
            }

            if (trimmed.Length == LegacyLength && FieldText.AreAllHexDigits(trimmed, 0, LegacyLength))
            {
                value = new Udid(FieldText.ToAsciiLower(trimmed));
                violatedRule = null;
                return true;
            }

            if (HasHexGroups(trimmed, ModernGroupLengths) || HasHexGroups(trimmed, UuidGroupLengths))
            {
                value = new Udid(FieldText.ToAsciiUpper(trimmed));
                violatedRule = null;
                return true;
            }

            violatedRule = MangledDigits.TextFormulaRule(trimmed, Rule);
            return false;
        }

        [MethodImpl(PerRowCode.Compile)]
        private static bool HasHexGroups(string text, int[] groupLengths)
        {
            var expectedLength = groupLengths.Length - 1;
            foreach (var length in groupLengths)
            {
                expectedLength += length;
            }

            if (text.Length != expectedLength)
            {
                return false;
            }

            var position = 0;
            for (var group = 0; group < groupLengths.Length; group++)
            {
                if (!FieldText.AreAllHexDigits(text, position, groupLengths[group]))
                {
                    return false;
                }

                position += groupLengths[group];
                if (group < groupLengths.Length - 1)
                {
                    if (text[position] != '-')
                    {
                        return false;
                    }

                    position++;
                }
            }

            return true;
        }

        public bool Equals(Udid other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is Udid other && Equals(other);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

        public override string ToString() => Value;

        public static bool operator ==(Udid left, Udid right) => left.Equals(right);

        public static bool operator !=(Udid left, Udid right) => !left.Equals(right);
    }
}
