using System.Collections.Generic;
using System.Text;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// A PowerShell wildcard pattern of identifiers or serials as a SQL LIKE pattern (backslash its escape, ASCII letters
    /// lower-cased), so that a pattern with no literal start (<c>*ipad*</c>) is filtered by the store instead of every device
    /// being read over the link (thirty-fourth round, left34a). The one translation both stores use. Only ever a superset of
    /// what the pattern matches, never less: the caller filters with the pattern itself afterwards.
    /// <para>
    /// <c>*</c> is <c>%</c>, <c>?</c> is <c>_</c>; a literal character (a backtick escape undone) is itself, with LIKE's own
    /// <c>% _ \</c> escaped. Exact because an identifier (or serial) holds only printable ASCII, whose case PowerShell's
    /// invariant ignore-case match, SQLite's LIKE and PostgreSQL's lower() under "C" fold alike; a stored name with any other
    /// character is read whatever the pattern (the stores' own clause), so a name written before a rule was tightened is
    /// never missed. No translation (null: every device is read, as before) for a set (<c>[a-c]</c>), a stray <c>]</c>, a
    /// trailing backtick, or a literal character outside printable ASCII.
    /// </para>
    /// </summary>
    public static class WildcardLike
    {
        /// <summary>The most patterns one statement filters by; more, and every device is read (no pattern list is that long by hand).</summary>
        public const int MostPatterns = 100;

        /// <summary>The LIKE pattern of <paramref name="pattern"/>, or null where it has none (see the type's remarks).</summary>
        public static string? Of(string pattern)
        {
            var like = new StringBuilder(pattern.Length + 4);
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                if (c == '*')
                {
                    like.Append('%');
                    continue;
                }

                if (c == '?')
                {
                    like.Append('_');
                    continue;
                }

                if (c == '[' || c == ']')
                {
                    return null;
                }

                if (c == '`')
                {
                    if (i + 1 == pattern.Length)
                    {
                        return null;
                    }

                    c = pattern[++i];
                }

                if (c < ' ' || c > '~')
                {
                    return null;
                }

                if (c == '%' || c == '_' || c == '\\')
                {
                    like.Append('\\');
                }

                like.Append(c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c);
            }

            return like.ToString();
        }

        /// <summary>The LIKE patterns of <paramref name="patterns"/>, each once; null when one has none, or there are more than <see cref="MostPatterns"/>.</summary>
        public static IReadOnlyList<string>? Of(IEnumerable<string> patterns)
        {
            var likes = new List<string>();
            foreach (string pattern in patterns)
            {
                string? like = Of(pattern);
                if (like == null || likes.Count == MostPatterns)
                {
                    return null;
                }

                if (!likes.Contains(like))
                {
                    likes.Add(like);
                }
            }

            return likes;
        }
    }
}
