using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Fields
{
    /// <summary>A plain <c>local@domain</c> address, stored as entered.</summary>
    public readonly struct EmailAddress : IEquatable<EmailAddress>
    {
        public const int MaxLength = 254;
        public const int LocalPartMaxLength = 64;
        public const int DomainLabelMaxLength = 63;

        internal const string DisplayNameRule = "must be a plain address like name@example.com, without a display name or angle brackets";
        internal const string AtSignRule = "must contain exactly one '@' between the local part and the domain";
        internal const string LocalPartRule =
            "must have a local part (before '@') of 1 to 64 characters of letters, digits and !#$%&'*+/=?^_`{|}~.- with no leading, trailing or double dot";
        internal const string DomainRule =
            "must have a domain (after '@') of at least two dot-separated labels of letters, digits and hyphens, each 1 to 63 characters and not starting or ending with a hyphen";

        private const string LocalPartSymbols = "!#$%&'*+/=?^_`{|}~-";

        private readonly string? _value;

        private EmailAddress(string value)
        {
            _value = value;
        }

        public string Value => _value ?? string.Empty;

        [MethodImpl(PerRowCode.Compile)]
        public static bool TryParse(string? text, out EmailAddress value, out string? violatedRule)
        {
            value = default;
            var trimmed = FieldText.TrimOrEmpty(text);
            violatedRule = MangledDigits.FullWidthRule(trimmed, FindViolatedRule(trimmed));
            if (violatedRule != null)
            {
                return false;
            }

            value = new EmailAddress(trimmed);
            return true;
        }

        [MethodImpl(PerRowCode.Compile)]
        private static string? FindViolatedRule(string address)
        {
            if (address.Length == 0)
            {
                return FieldText.BlankRule;
            }

            string? forbidden = FieldText.ForbiddenCharacterRule(address);
            if (forbidden != null)
            {
                return forbidden;
            }

            if (address.IndexOf('<') >= 0 || address.IndexOf('>') >= 0)
            {
                return DisplayNameRule;
            }

            if (address.Length > MaxLength)
            {
                return FieldText.TooLongRule(MaxLength, address.Length);
            }

            var at = address.IndexOf('@');
            if (at < 0 || address.IndexOf('@', at + 1) >= 0)
            {
                return AtSignRule;
            }

            if (!IsValidLocalPart(address.AsSpan(0, at)))
            {
                return LocalPartRule;
            }

            if (!IsValidDomain(address.AsSpan(at + 1)))
            {
                return DomainRule;
            }

            return null;
        }

        [MethodImpl(PerRowCode.Compile)]
        private static bool IsValidLocalPart(ReadOnlySpan<char> localPart)
        {
            if (localPart.Length == 0 || localPart.Length > LocalPartMaxLength)
            {
                return false;
            }

            if (localPart[0] == '.' || localPart[localPart.Length - 1] == '.' || localPart.IndexOf("..".AsSpan(), StringComparison.Ordinal) >= 0)
            {
                return false;
            }

            foreach (var c in localPart)
            {
                if (!FieldText.IsAsciiLetterOrDigit(c) && c != '.' && LocalPartSymbols.IndexOf(c) < 0)
                {
                    return false;
                }
            }

            return true;
        }

        [MethodImpl(PerRowCode.Compile)]
        private static bool IsValidDomain(ReadOnlySpan<char> domain)
        {
            int labels = 0;
            while (true)
            {
                int dot = domain.IndexOf('.');
                if (!IsValidDomainLabel(dot < 0 ? domain : domain.Slice(0, dot)))
                {
                    return false;
                }

                labels++;
                if (dot < 0)
                {
                    return labels >= 2;
                }

                domain = domain.Slice(dot + 1);
            }
        }

        [MethodImpl(PerRowCode.Compile)]
        private static bool IsValidDomainLabel(ReadOnlySpan<char> label)
        {
            if (label.Length == 0 || label.Length > DomainLabelMaxLength)
            {
                return false;
            }

            if (label[0] == '-' || label[label.Length - 1] == '-')
            {
                return false;
            }

            for (var i = 0; i < label.Length; i++)
            {
                var c = label[i];
                if (FieldText.IsAsciiLetterOrDigit(c) || c == '-')
                {
                    continue;
                }

                if (c < 0x80)
                {
                    return false;
                }

                if (char.IsHighSurrogate(c))
                {
                    if (i + 1 >= label.Length || !char.IsLowSurrogate(label[i + 1]) || !System.Text.Rune.IsLetter(new System.Text.Rune(c, label[i + 1])))
                    {
                        return false;
                    }

                    i++;
                    continue;
                }

                if (!IsInternationalLabelCharacter(c))
                {
                    return false;
                }
            }

            return true;
        }

        // Scripts such as Devanagari and Thai need combining marks inside their words, so IDN labels carry them.
        [MethodImpl(PerRowCode.Compile)]
        private static bool IsInternationalLabelCharacter(char c)
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.UppercaseLetter:
                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.TitlecaseLetter:
                case UnicodeCategory.ModifierLetter:
                case UnicodeCategory.OtherLetter:
                case UnicodeCategory.NonSpacingMark:
                case UnicodeCategory.SpacingCombiningMark:
                    return true;
                default:
                    return false;
            }
        }

        public bool Equals(EmailAddress other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is EmailAddress other && Equals(other);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

        public override string ToString() => Value;

        public static bool operator ==(EmailAddress left, EmailAddress right) => left.Equals(right);

        public static bool operator !=(EmailAddress left, EmailAddress right) => !left.Equals(right);
    }
}
