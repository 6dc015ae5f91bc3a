using System.Text;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The literal text a PowerShell wildcard pattern starts with (before its first wildcard character), which a store can
    /// look up by index so a pattern such as <c>dev000050*</c> doesn't list every subject of a kind. Only ever a start every
    /// name the pattern matches has: the pattern itself stays the final word (<see cref="ChangeHistory.FindSubjectKeys"/>).
    /// </summary>
    public static class WildcardPrefix
    {
        /// <summary>
        /// The device identifier text before the first unescaped <c>* ? [ ]</c> of <paramref name="pattern"/>, with PowerShell's
        /// escapes undone (a backtick makes the next character literal: <c>a`.b*</c> starts with <c>a.b</c>); empty (every
        /// subject must be read) for a pattern that starts with a wildcard.
        /// <para>
        /// PowerShell matches a pattern of the shape <c>text*</c> with a culture-sensitive StartsWith (ICU): it skips
        /// characters the culture ignores (U+00AD, U+200B, U+FEFF, and ignoring case ASCII controls too) and takes canonically
        /// equivalent text as equal (é = e + U+0301), so <c>user*</c> matches "us­er1" and <c>José*</c> the decomposed
        /// "José". A free-text user name is then not read by this start alone but by its ranges
        /// (<see cref="Store.NamePrefix.UserNameRanges"/>: the names that start so, and those that leave ASCII before it ends).
        /// An identifier holds only <c>A-Z a-z 0-9 . - _</c>,
        /// which that match neither skips nor composes, and whose cases .NET, SQLite's NOCASE and PostgreSQL's lower() fold
        /// alike: the start ends before the first character outside that alphabet ("dev*" matches DEV1 ignoring case, the
        /// Kelvin sign matches k).
        /// </para>
        /// </summary>
        public static string IdentifierStart(string pattern)
        {
            string literal = LiteralStart(pattern);
            int end = 0;
            while (end < literal.Length && DeviceIdentifier.IsAllowedCharacter(literal[end]))
            {
                end++;
            }

            return literal.Substring(0, end);
        }

        /// <summary>
        /// The text before the first unescaped <c>* ? [ ]</c> of <paramref name="pattern"/> (or a lone trailing backtick), with
        /// PowerShell's escapes undone (<c>a`*b*</c> starts with <c>a*b</c>): every text the pattern matches starts with it, as
        /// far as characters compare one by one. The one literal-start rule: <see cref="IdentifierStart"/> cuts it at the first
        /// character no identifier has; tab completion reads the names that start with it (ASCII letters folded, NamePrefix).
        /// </summary>
        public static string LiteralStart(string pattern)
        {
            var prefix = new StringBuilder(pattern.Length);
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                if (c == '`' && i + 1 < pattern.Length)
                {
                    c = pattern[++i];
                }
                else if (c == '*' || c == '?' || c == '[' || c == ']' || c == '`')
                {
                    break;
                }

                prefix.Append(c);
            }

            return prefix.ToString();
        }

        /// <summary>
        /// The least text above every text that starts with <paramref name="start"/> (an <see cref="IdentifierStart"/>, not
        /// empty) in code point order (SQLite's BINARY and NOCASE, PostgreSQL's "C"): its last character the next one. An
        /// identifier's characters are ASCII, so the next one is too. A store reads the identifiers from the start up to it as
        /// an index range.
        /// </summary>
        public static string AfterEveryIdentifierStartingWith(string start) =>
            start.Substring(0, start.Length - 1) + (char)(start[start.Length - 1] + 1);
    }
}
