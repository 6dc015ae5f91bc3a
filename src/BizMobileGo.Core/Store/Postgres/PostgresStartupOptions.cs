using System;
using System.Collections.Generic;
using System.Text;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// The search_path a libpq <c>options</c> value sets (the URI's <c>?options=</c>, or PGOPTIONS when the URI has none), read
    /// as the server reads it: the words of the value split at white space (a backslash keeps the next character in the word),
    /// each setting written <c>-c name=value</c>, <c>-cname=value</c> or <c>--name=value</c> (a '-' in that name is '_'),
    /// names in any case, the last one standing. <c>options=-csearch_path%3Dosaka</c> is how psql users choose a schema;
    /// the module sets the session's search_path itself, from the store's schema, so such a setting would otherwise be
    /// overridden and the command would read and write another schema's store than the one named (walkthrough 31, 7).
    /// </summary>
    internal static class PostgresStartupOptions
    {
        /// <summary>The value the last search_path setting of <paramref name="options"/> gives, or null when it sets none.</summary>
        public static string? SearchPath(string? options)
        {
            if (string.IsNullOrWhiteSpace(options))
            {
                return null;
            }

            string? found = null;
            List<string> words = Words(options!);
            for (int index = 0; index < words.Count; index++)
            {
                string word = words[index];
                string? setting = null;
                if (word == "-c")
                {
                    setting = index + 1 < words.Count ? words[++index] : null;
                }
                else if (word.StartsWith("--", StringComparison.Ordinal))
                {
                    setting = word.Substring(2);
                    int equals = setting.IndexOf('=');
                    if (equals > 0)
                    {
                        setting = setting.Substring(0, equals).Replace('-', '_') + setting.Substring(equals);
                    }
                }
                else if (word.StartsWith("-c", StringComparison.Ordinal))
                {
                    setting = word.Substring(2);
                }

                int nameEnd = setting?.IndexOf('=') ?? -1;
                if (nameEnd > 0 && setting!.Substring(0, nameEnd).Trim().Equals("search_path", StringComparison.OrdinalIgnoreCase))
                {
                    found = setting.Substring(nameEnd + 1);
                }
            }

            return found;
        }

        // As the server splits the startup packet's options (pg_split_opts): at white space, a backslash escaping the next character.
        private static List<string> Words(string options)
        {
            var words = new List<string>();
            var word = new StringBuilder();
            bool inWord = false;
            for (int i = 0; i < options.Length; i++)
            {
                char c = options[i];
                if (char.IsWhiteSpace(c))
                {
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }

                    continue;
                }

                if (c == '\\' && i + 1 < options.Length)
                {
                    c = options[++i];
                }

                word.Append(c);
                inWord = true;
            }

            if (inWord)
            {
                words.Add(word.ToString());
            }

            return words;
        }
    }
}
