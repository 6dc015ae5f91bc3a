using System;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Fields
{
    /// <summary>A user's key: unique and case-sensitive.</summary>
    public readonly struct UserName : IEquatable<UserName>
    {
        public const int MaxLength = 128;

        private readonly string? _value;

        private UserName(string value)
        {
            _value = value;
        }

        public string Value => _value ?? string.Empty;

        [MethodImpl(PerRowCode.Compile)]
        public static bool TryParse(string? text, out UserName value, out string? violatedRule)
        {
            value = default;
            var trimmed = FieldText.TrimOrEmpty(text);
            if (trimmed.Length == 0)
            {
                violatedRule = FieldText.BlankRule;
                return false;
            }

            int characters = FieldText.CharacterCount(trimmed);
            if (characters > MaxLength)
            {
                violatedRule = FieldText.TooLongRule(MaxLength, characters);
                return false;
            }

            violatedRule = FieldText.ForbiddenCharacterRule(trimmed);
            if (violatedRule != null)
            {
                return false;
            }

            value = new UserName(trimmed);
            violatedRule = null;
            return true;
        }

        public bool Equals(UserName other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is UserName other && Equals(other);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

        public override string ToString() => Value;

        public static bool operator ==(UserName left, UserName right) => left.Equals(right);

        public static bool operator !=(UserName left, UserName right) => !left.Equals(right);
    }
}
