using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Fields
{
    /// <summary>Character tests and rule phrases shared by the field types.</summary>
    /// <remarks>
    /// Case handling is ASCII-only on purpose: culture-aware or invariant upper-casing maps
    /// characters such as U+0131 (dotless i) and U+017F (long s) onto ASCII letters, which would let
    /// non-ASCII text pass an ASCII-only rule.
    /// </remarks>
    public static class FieldText
    {
        public const string BlankRule = "must not be blank";

        /// <summary>
        /// Length as a person counts characters: a surrogate pair (such as the kanji 𠮷) is one
        /// character, not two UTF-16 units.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        public static int CharacterCount(string text)
        {
            // Most text has no surrogate at all: one vectorized search instead of a look at every character.
            if (text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
            {
                return text.Length;
            }

            int count = text.Length;
            for (int i = 0; i < text.Length - 1; i++)
            {
                if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
                {
                    count--;
                    i++;
                }
            }

            return count;
        }

        public static string TooLongRule(int maxLength, int actualLength) =>
            "must be at most " + maxLength.ToString(CultureInfo.InvariantCulture)
            + " characters (this value has " + actualLength.ToString(CultureInfo.InvariantCulture) + ")";

        /// <summary>
        /// The one rule for characters no text field may hold, whatever it came from (a file, a pipe or a
        /// parameter): C0 and C1 control characters, which can drive a terminal (ESC, BEL, BS); the bidi
        /// overrides and isolates U+202A–U+202E and U+2066–U+2069, which make text display in another
        /// order than it is stored; and lone surrogates, which are not Unicode text at all and would turn
        /// into U+FFFD (merging two different names) wherever the text is written. Null when the text is
        /// clean. <paramref name="allowTabAndLineBreaks"/>: tab, CR and LF are allowed (free multi-line
        /// text such as descriptions).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        public static string? ForbiddenCharacterRule(string text, bool allowTabAndLineBreaks = false)
        {
            // Printable ASCII (most values) holds none of them: one vectorized search settles it.
            int first = text.AsSpan().IndexOfAnyExceptInRange(' ', '~');
            if (first < 0)
            {
                return null;
            }

            for (int i = first; i < text.Length; i++)
            {
                char c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }

                if (char.IsSurrogate(c))
                {
                    return "must be valid Unicode text (it has a lone surrogate " + CodePoint(c) + " at character " + Position(i) + ")";
                }

                if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
                {
                    if (allowTabAndLineBreaks && (c == '\t' || c == '\r' || c == '\n'))
                    {
                        continue;
                    }

                    return "must not contain control characters (it has " + CodePoint(c) + " at character " + Position(i) + ")"
                        + (allowTabAndLineBreaks ? "; tab and line breaks are allowed" : "");
                }

                if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069'))
                {
                    return "must not contain bidirectional override or isolate characters (it has " + CodePoint(c) + " at character " + Position(i) + ")";
                }
            }

            // Only text with a character past '~' gets here, and only its two ends are looked at: no cost to plain values.
            return InvisibleAtEndRule(text);
        }

        /// <summary>
        /// An invisible format character (Unicode category Cf: U+200B zero-width space, U+2060 word joiner, U+FEFF a stray BOM)
        /// at the start or end of a value: refused, not trimmed (walkthrough 20, finding 6). Cells pasted from Teams or a web
        /// page carry a trailing U+200B; "Values are trimmed" (SPEC §3) trims white space, and U+200B is none. Refused rather
        /// than trimmed because a value is trimmed in many places (cells, parameters, piped properties) and this rule is the
        /// one every text field runs; the error names the character and its position, which a trim would hide. Inside a
        /// value such a character may mean something (U+200D joins an emoji, U+200B marks a line-break point), so it stays.
        /// </summary>
        private static string? InvisibleAtEndRule(string text)
        {
            if (text.Length == 0)
            {
                return null;
            }

            int at = IsInvisible(text[0]) ? 0 : IsInvisible(text[text.Length - 1]) ? text.Length - 1 : -1;
            return at < 0 ? null
                : "must not start or end with an invisible character (it has " + CodePoint(text[at]) + " at character " + Position(at) + "); "
                  + InvisibleAtEndFix;
        }

        /// <summary>
        /// How to get rid of it. A value stored before the rule (the twentieth round) keeps its character, and an export
        /// writes it: re-imported unchanged, the row is refused by this rule. Every such value can be changed by a command
        /// (a corrected cell or a Set- cmdlet for a field; a UserName, which no import row renames, and the names of templates,
        /// device tags and organizations by their Rename- cmdlets), so the message says which.
        /// </summary>
        internal const string InvisibleAtEndFix =
            "give the value without it. A value stored with it before this rule keeps it until changed: correct the cell and import "
            + "again, or use Set-BmgDevice or Set-BmgUser; a stored name by renaming it (Rename-BmgUser, Rename-BmgTemplate, "
            + "Rename-BmgDeviceTag, Rename-BmgOrganization)";

        /// <summary>An invisible format character (Unicode category Cf), which a message shows as its code point.</summary>
        // No Cf character lies between U+3000 and U+FDFF: kana and kanji skip the category look-up.
        public static bool IsInvisible(char c) =>
            c >= '\u00AD' && (c < '\u3000' || c > '\uFDFF') && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

        /// <summary>
        /// The position of the first character that is none of a rule's (<paramref name="rule"/>), for the rules whose values
        /// are echoed (Identifier, Serial): "…; character 5 (U+200B) is none of these" or "…; character 2 ('é') is none of
        /// these", so an invisible or look-alike character is found without guessing. Built only when a value is refused.
        /// </summary>
        public static string NoneOfTheseAt(string rule, string trimmed, int index, bool countedAfterLeadingSpaces) =>
            NoneOfTheseAt(rule, index, countedAfterLeadingSpaces,
                Printable(trimmed[index].ToString()) is string shown && shown.Length == 1 ? Shown(trimmed[index]) : CodePoint(trimmed[index]));

        /// <summary>
        /// A character as a message shows it: a space or a full-width character also by its code point and kind
        /// ("'　', U+3000, a full-width space"), since in a log it looks exactly like ' ' or '0' (walkthrough 26, finding 5).
        /// </summary>
        private static string Shown(char c)
        {
            string kind = c == '\u3000' ? "a full-width space"
                : c == ' ' ? "a space"
                : c == '\u00A0' ? "a no-break space"
                : char.IsWhiteSpace(c) ? "a space character"
                : !MangledDigits.IsFullWidth(c) ? ""
                : c >= '\uFF10' && c <= '\uFF19' ? "a full-width digit"
                : (c >= '\uFF21' && c <= '\uFF3A') || (c >= '\uFF41' && c <= '\uFF5A') ? "a full-width letter"
                : "a full-width character";
            return kind.Length == 0 ? "'" + c + "'" : "'" + c + "', " + CodePoint(c) + ", " + kind;
        }

        /// <summary>
        /// The same words without the character (<paramref name="shown"/> null), for a value never echoed (a check-in code):
        /// "…; character 3 (counted after the leading spaces) is none of these".
        /// </summary>
        public static string NoneOfTheseAt(string rule, int index, bool countedAfterLeadingSpaces, string? shown = null)
        {
            string counted = countedAfterLeadingSpaces ? "counted after the leading spaces" : "";
            string aside = shown == null
                ? (counted.Length == 0 ? "" : " (" + counted + ")")
                : " (" + shown + (counted.Length == 0 ? "" : ", " + counted) + ")";
            return rule + "; character " + Position(index) + aside + " is none of these";
        }

        /// <summary>
        /// Text safe to echo in a message: every character <see cref="ForbiddenCharacterRule"/> refuses is shown as its code
        /// point, and so is every invisible format character (<see cref="IsInvisible"/>: U+200B, U+FEFF), wherever it is: the
        /// one formatting of a value for every message, -WhatIf line, change list and warning (walkthrough 20, findings 5, 6).
        /// </summary>
        public static string Printable(string text)
        {
            if (!NeedsCodePoints(text))
            {
                return text;
            }

            var printable = new System.Text.StringBuilder(text.Length + 16);
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    printable.Append(c).Append(text[++i]);
                }
                else if (IsInvisible(c) || ForbiddenCharacterRule(c.ToString()) != null)
                {
                    printable.Append('<').Append(CodePoint(c)).Append('>');
                }
                else
                {
                    printable.Append(c);
                }
            }

            return printable.ToString();
        }

        /// <summary>
        /// Text as a PowerShell argument in single quotes that an admin can paste: <see cref="Printable"/>, each single quote
        /// doubled, the typographic ones (U+2018-U+201B) too, as PowerShell reads them as quotes ("-Database 'O''Brien’’s.db'").
        /// The one quoting of a path or name in a message's advice: a ’ in a path gave paste-able advice in one message and
        /// broken advice in another (review30, finding 6).
        /// </summary>
        public static string SingleQuotedArgument(string text)
        {
            string printable = Printable(text);
            var quoted = new System.Text.StringBuilder(printable.Length + 4).Append('\'');
            foreach (char c in printable)
            {
                quoted.Append(c);
                if (c == '\'' || (c >= '\u2018' && c <= '\u201B'))
                {
                    quoted.Append(c);
                }
            }

            return quoted.Append('\'').ToString();
        }

        private static bool NeedsCodePoints(string text) => HasInvisible(text) || ForbiddenCharacterRule(text) != null;

        /// <summary>Whether the text holds an invisible format character anywhere (<see cref="IsInvisible"/>), which <see cref="Printable"/> shows as its code point.</summary>
        public static bool HasInvisible(string text)
        {
            int first = text.AsSpan().IndexOfAnyExceptInRange(' ', '~');
            if (first < 0)
            {
                return false;
            }

            for (int i = first; i < text.Length; i++)
            {
                if (IsInvisible(text[i]))
                {
                    return true;
                }
            }

            return false;
        }

        private static string CodePoint(char c) => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);

        private static string Position(int index) => (index + 1).ToString(CultureInfo.InvariantCulture);

        public static string TrimOrEmpty(string? text) => text == null ? string.Empty : text.Trim();

        /// <summary>
        /// Whether <paramref name="text"/> holds a character that makes a typed name a wildcard pattern (PowerShell's
        /// WildcardPattern: * ? [): no identifier or serial can hold one. The one place of the set (DeviceEditor, AppleSerial).
        /// </summary>
        public static bool HoldsWildcardCharacter(string text) => text.IndexOfAny(WildcardCharacters) >= 0;

        // Once, not per look-up: a script's loop of Get-BmgDeviceDepLink -Serial reads a serial per call.
        private static readonly char[] WildcardCharacters = { '*', '?', '[' };

        // Per character of a row's cells: compiled optimized at once (PerRowCode); the optimized rules that call them did not inline them.
        [MethodImpl(PerRowCode.Compile)]
        public static bool IsAsciiDigit(char c) => c >= '0' && c <= '9';

        [MethodImpl(PerRowCode.Compile)]
        public static bool IsAsciiLetter(char c) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');

        [MethodImpl(PerRowCode.Compile)]
        public static bool IsAsciiLetterOrDigit(char c) => IsAsciiLetter(c) || IsAsciiDigit(c);

        [MethodImpl(PerRowCode.Compile)]
        public static bool IsHexDigit(char c) => IsAsciiDigit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');

        [MethodImpl(PerRowCode.Compile)]
        public static int HexDigitValue(char c)
        {
            if (IsAsciiDigit(c))
            {
                return c - '0';
            }

            return c >= 'a' ? c - 'a' + 10 : c - 'A' + 10;
        }

        [MethodImpl(PerRowCode.Compile)]
        public static bool AreAllHexDigits(string text, int start, int count)
        {
            if (start < 0 || count < 0 || start + count > text.Length)
            {
                return false;
            }

            for (var i = start; i < start + count; i++)
            {
                if (!IsHexDigit(text[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public static char ToAsciiUpper(char c) => c >= 'a' && c <= 'z' ? (char)(c - ('a' - 'A')) : c;

        public static char ToAsciiLower(char c) => c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;

        /// <summary>The text with ASCII a-z upper-cased; the text itself when it has none (most values are written upper-case already).</summary>
        public static string ToAsciiUpper(string text) => ShiftAsciiRange(text, 'a', 'z', 'A' - 'a');

        /// <summary>The text with ASCII A-Z lower-cased; the text itself when it has none.</summary>
        public static string ToAsciiLower(string text) => ShiftAsciiRange(text, 'A', 'Z', 'a' - 'A');

        /// <summary>The text with every character from <paramref name="first"/> to <paramref name="last"/> moved by <paramref name="shift"/>; the text itself when it has none.</summary>
        [MethodImpl(PerRowCode.Compile)]
        private static string ShiftAsciiRange(string text, char first, char last, int shift)
        {
            int start = text.AsSpan().IndexOfAnyInRange(first, last);
            if (start < 0)
            {
                return text;
            }

            return string.Create(text.Length, (text, start, first, last, shift), static (chars, state) =>
            {
                state.text.AsSpan().CopyTo(chars);
                for (int i = state.start; i < chars.Length; i++)
                {
                    if (chars[i] >= state.first && chars[i] <= state.last)
                    {
                        chars[i] = (char)(chars[i] + state.shift);
                    }
                }
            });
        }

        [MethodImpl(PerRowCode.Compile)]
        public static bool EqualsAsciiIgnoreCase(string a, string b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            for (var i = 0; i < a.Length; i++)
            {
                if (ToAsciiLower(a[i]) != ToAsciiLower(b[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
