using System;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Fields
{
    /// <summary>The code a user enters at check-in, stored as entered.</summary>
    public readonly struct CheckInCode : IEquatable<CheckInCode>
    {
        public const int MaxLength = 32;

        /// <summary>Upper-case letters and digits without the look-alikes 0, O, 1, I and L, so a code read aloud or off paper is typed right.</summary>
        public const string GeneratedAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

        public const int GeneratedLength = 8;

        /// <summary>Codes shorter than this are valid (the manual's own example is "123") but draw a warning: they are easy to guess.</summary>
        public const int RecommendedMinLength = 6;

        internal const string Rule = "must be 1 to 32 characters of A-Z, a-z or 0-9";

        /// <summary>
        /// What PowerShell's serializers write for a device's hidden code (HiddenCode), so the value holds no code: a cell
        /// holding "(hidden)" (Export-Csv or ConvertTo-Csv of Get-BmgDevice or Get-BmgCheckInEmail; a round-32 build's wrote
        /// "System.Security.SecureString"), and a piped Code that is an empty object (ConvertTo-Json's {} read back by
        /// ConvertFrom-Json, also -AsHashtable; a round-32 build's wrote an object of its Length alone). One text for all: the
        /// import would otherwise refuse the first as an unlikely character at position 1 and the second as an object whose
        /// property to give, advice that, followed, stores a wrong code.
        /// </summary>
        internal const string HiddenCodeRule =
            "it is what Export-Csv or ConvertTo-Csv ('(hidden)'; 'System.Security.SecureString' before version 0.2.0) or ConvertTo-Json " +
            "(an empty object; an object of its Length alone before 0.2.0) write for a device's hidden code, " +
            "so it holds no code: export with Export-BmgDeviceCsv, which writes the codes, or leave the Code column out to keep the " +
            "stored codes";

        // Bytes at or above this bound are redrawn so that every alphabet character is equally likely.
        private static readonly int UnbiasedByteBound = 256 - (256 % GeneratedAlphabet.Length);

        private readonly string? _value;

        private CheckInCode(string value)
        {
            _value = value;
        }

        public string Value => _value ?? string.Empty;

        public bool IsShort => Value.Length < RecommendedMinLength;

        [MethodImpl(PerRowCode.Compile)]
        public static bool TryParse(string? text, out CheckInCode value, out string? violatedRule)
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
                violatedRule = MangledDigits.TextFormulaRule(trimmed, TooLong(trimmed.Length));
                return false;
            }

            for (int i = 0; i < trimmed.Length; i++)
            {
                if (!FieldText.IsAsciiLetterOrDigit(trimmed[i]))
                {
                    violatedRule = SecretText.IsHiddenCodeText(trimmed)
                        ? HiddenCodeRule
                        : MangledDigits.TextFormulaRule(trimmed, FieldText.NoneOfTheseAt(Rule, i, countedAfterLeadingSpaces: text!.Length != 0 && char.IsWhiteSpace(text[0])));
                    return false;
                }
            }

            value = new CheckInCode(trimmed);
            violatedRule = null;
            return true;
        }

        // A code is never shown, not even in its own error (walkthrough 13, 13): the rule says what is wrong by what reveals
        // nothing of it, its length or the position of the first character outside the alphabet, so a CSV row can be
        // fixed without guessing (FieldText.NoneOfTheseAt, the Identifier and Serial rules' words without the character). Kept apart
        // from TryParse, which stays small on the per-row path.
        private static string TooLong(int length) => $"{Rule}; it has {length} characters";

        /// <summary>Draws a new code of <see cref="GeneratedLength"/> characters from <see cref="GeneratedAlphabet"/>.</summary>
        public static CheckInCode Generate()
        {
            var code = new char[GeneratedLength];
            var buffer = new byte[GeneratedLength * 2];
            var filled = 0;

            // A generator per call keeps this thread-safe on every runtime the netstandard2.0 build may load into.
            using (var random = RandomNumberGenerator.Create())
            {
                while (filled < code.Length)
                {
                    random.GetBytes(buffer);
                    for (var i = 0; i < buffer.Length && filled < code.Length; i++)
                    {
                        if (buffer[i] < UnbiasedByteBound)
                        {
                            code[filled++] = GeneratedAlphabet[buffer[i] % GeneratedAlphabet.Length];
                        }
                    }
                }
            }

            return new CheckInCode(new string(code));
        }

        /// <summary>
        /// Compares a stored code with a given one in time that depends only on their lengths' maximum,
        /// not on where they first differ, so timing tells an attacker nothing about the code.
        /// </summary>
        public static bool FixedTimeEquals(string stored, string given)
        {
            int length = Math.Max(stored.Length, given.Length);
            int difference = stored.Length ^ given.Length;
            for (int i = 0; i < length; i++)
            {
                char a = i < stored.Length ? stored[i] : '\0';
                char b = i < given.Length ? given[i] : '\0';
                difference |= a ^ b;
            }

            return difference == 0;
        }

        public bool Equals(CheckInCode other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is CheckInCode other && Equals(other);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

        public override string ToString() => Value;

        public static bool operator ==(CheckInCode left, CheckInCode right) => left.Equals(right);

        public static bool operator !=(CheckInCode left, CheckInCode right) => !left.Equals(right);
    }
}
