using System.Collections.Generic;
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

        /// <summary>
        /// The least text above every text that starts with <paramref name="prefix"/> in code point order (SQLite's BINARY,
        /// where UTF-8 bytes compare as their code points do; PostgreSQL's "C"): the prefix with its last character the next
        /// one (past the surrogates' range), a last U+10FFFF dropped first; null when nothing is left, or for a lone surrogate
        /// (which <see cref="Of"/> keeps out of a prefix). A store reads the names from the prefix up to it as an index range.
        /// </summary>
        public static string? AfterEveryTextStartingWith(string prefix)
        {
            var codePoints = new List<int>(prefix.Length);
            for (int i = 0; i < prefix.Length; i++)
            {
                if (char.IsSurrogatePair(prefix, i))
                {
                    codePoints.Add(char.ConvertToUtf32(prefix, i));
                    i++;
                }
                else if (char.IsSurrogate(prefix[i]))
                {
                    return null;
                }
                else
                {
                    codePoints.Add(prefix[i]);
                }
            }

            while (codePoints.Count > 0)
            {
                int next = codePoints[codePoints.Count - 1] + 1;
                if (next <= 0x10FFFF)
                {
                    codePoints[codePoints.Count - 1] = next == 0xD800 ? 0xE000 : next;
                    var end = new StringBuilder(prefix.Length + 1);
                    foreach (int codePoint in codePoints)
                    {
                        end.Append(char.ConvertFromUtf32(codePoint));
                    }

                    return end.ToString();
                }

                codePoints.RemoveAt(codePoints.Count - 1);
            }

            return null;
        }
    }
}
