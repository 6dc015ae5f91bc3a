using System.Text;

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
        /// The text before the first unescaped <c>* ? [ ]</c>, with PowerShell's escapes undone (a backtick makes the next
        /// character literal: <c>a`*b*</c> starts with <c>a*b</c>). Device identifiers match ignoring case, which .NET,
        /// SQLite's NOCASE and PostgreSQL's lower() agree on for ASCII only (.NET folds the Kelvin sign to k): for them the
        /// prefix ends before the first character that is not ASCII. A lone surrogate (no character a store can keep) ends
        /// it too. Empty: the pattern starts with a wildcard, so every subject must be read.
        /// </summary>
        public static string Of(string pattern, SubjectKind kind)
        {
            var prefix = new StringBuilder(pattern.Length);
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                if (c == '*' || c == '?' || c == '[' || c == ']')
                {
                    break;
                }

                if (c == '`')
                {
                    if (i + 1 == pattern.Length)
                    {
                        break;
                    }

                    c = pattern[++i];
                }

                if (char.IsHighSurrogate(c) && i + 1 < pattern.Length && char.IsLowSurrogate(pattern[i + 1]) && kind != SubjectKind.Device)
                {
                    prefix.Append(c).Append(pattern[++i]);
                    continue;
                }

                if (char.IsSurrogate(c) || (kind == SubjectKind.Device && c > '\u007F'))
                {
                    break;
                }

                prefix.Append(c);
            }

            return prefix.ToString();
        }
    }
}
