using System.Collections.Generic;
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
        /// The text before the first unescaped <c>* ? [ ]</c>, with PowerShell's escapes undone (a backtick makes the next
        /// character literal: <c>a`*b*</c> starts with <c>a*b</c>), for a device identifier; empty (every subject must be read)
        /// for a pattern that starts with a wildcard and for every other kind of subject.
        /// <para>
        /// PowerShell matches a pattern of the shape <c>text*</c> with a culture-sensitive StartsWith (ICU): it skips
        /// characters the culture ignores (U+00AD, U+200B, U+FEFF, and ignoring case ASCII controls too) and takes canonically
        /// equivalent text as equal (é = e + U+0301), so <c>user*</c> matches "us­er1" and <c>José*</c> the decomposed
        /// "José". No start a store compares by code point is safe for a free-text user name then, and a user name is
        /// never narrowed. An identifier holds only <c>A-Z a-z 0-9 . - _</c>, which that match neither skips nor composes,
        /// and whose cases .NET, SQLite's NOCASE and PostgreSQL's lower() fold alike: the start ends before the first
        /// character outside that alphabet ("dev*" matches DEV1 ignoring case, the Kelvin sign matches k).
        /// </para>
        /// </summary>
        public static string Of(string pattern, SubjectKind kind)
        {
            if (kind != SubjectKind.Device)
            {
                return "";
            }

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

                if (!DeviceIdentifier.IsAllowedCharacter(c))
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
        /// one (past the surrogates' range), a last U+10FFFF dropped first; null when nothing is left, or for a lone surrogate.
        /// A store reads the names from the prefix up to it as an index range.
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
