using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace BizMobileGo.Core.Text
{
    /// <summary>
    /// JSON text the module writes itself (RFC 8259): a history entry's change list, a store's batched keys and
    /// name lists handed to SQL as one parameter. One escaping rule for all of them.
    /// </summary>
    internal static class JsonText
    {
        /// <summary>A JSON string: quote, backslash and control characters escaped, lone surrogates too; the rest as it is.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per key of a batched read (piped look-ups: 100,000 in a second)
        public static void AppendString(StringBuilder json, string value)
        {
            json.Append('"');
            if (!NeedsEscaping(value))
            {
                // The usual value (a name, a serial, an address): appended whole, not a character at a time.
                json.Append(value).Append('"');
                return;
            }

            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c == '"' || c == '\\')
                {
                    json.Append('\\').Append(c);
                }
                else if (c < ' ' || IsLoneSurrogate(value, i))
                {
                    json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                }
                else
                {
                    json.Append(c);
                }
            }

            json.Append('"');
        }

        /// <summary>
        /// The names as a JSON array of strings, in their order: a SQLite parameter json_each() unpacks (a filter's
        /// names, patterns, statuses), or on PostgreSQL one element of a text[] parameter (arrays of arrays must be
        /// rectangular) that jsonb_array_elements_text unpacks; null stays null (no filter).
        /// </summary>
        /// <remarks>
        /// Not System.Text.Json's serializer: its first call in a process costs ~50 ms of CPU (the serializer's
        /// metadata and emitted code), paid before a command's first row (PERFORMANCE.md, imp40 and calls41).
        /// </remarks>
        [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(names))]
        public static string? Array(IEnumerable<string>? names)
        {
            if (names == null)
            {
                return null;
            }

            var json = new StringBuilder("[");
            foreach (string name in names)
            {
                if (json.Length != 1)
                {
                    json.Append(',');
                }

                AppendString(json, name);
            }

            return json.Append(']').ToString();
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool NeedsEscaping(string value)
        {
            foreach (char c in value)
            {
                if (c < ' ' || c == '"' || c == '\\' || char.IsSurrogate(c))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsLoneSurrogate(string value, int i)
        {
            char c = value[i];
            return char.IsSurrogate(c)
                && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                && !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(value[i - 1]));
        }
    }
}
