using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Fields
{
    /// <summary>A <c>|</c>-separated list of names, such as Organizations and DeviceTags.</summary>
    public static class NameList
    {
        public const char Separator = '|';

        internal const string BlankItemRule = "must not contain blank names between '|' separators";

        [MethodImpl(PerRowCode.Compile)]
        public static bool TryParse(string? text, out IReadOnlyList<string> names, out string? violatedRule)
        {
            names = Array.Empty<string>();
            var trimmed = FieldText.TrimOrEmpty(text);
            if (trimmed.Length == 0)
            {
                violatedRule = null;
                return true;
            }

            int separators = 0;
            foreach (char c in trimmed)
            {
                if (c == Separator)
                {
                    separators++;
                }
            }

            var distinct = new string[separators + 1];
            int count = 0;
            // The items' characters: with no item trimmed and none dropped as a repeat, the list's text is the text given.
            int itemCharacters = 0;
            // Lists are short (a few tags): a look back finds repeats; a long list gets a set, so it stays linear.
            HashSet<string>? seen = separators >= 16 ? new HashSet<string>(StringComparer.Ordinal) : null;
            int start = 0;
            while (start <= trimmed.Length)
            {
                int end = trimmed.IndexOf(Separator, start);
                if (end < 0)
                {
                    end = trimmed.Length;
                }

                string name = Item(trimmed, start, end);
                start = end + 1;
                if (name.Length == 0)
                {
                    violatedRule = BlankItemRule;
                    return false;
                }

                violatedRule = FieldText.ForbiddenCharacterRule(name);
                if (violatedRule != null)
                {
                    return false;
                }

                if (seen != null ? seen.Add(name) : Array.IndexOf(distinct, name, 0, count) < 0)
                {
                    distinct[count++] = name;
                    itemCharacters += name.Length;
                }
            }

            bool asGiven = count == distinct.Length && itemCharacters + separators == trimmed.Length;
            if (count != distinct.Length)
            {
                Array.Resize(ref distinct, count);
            }

            names = new ParsedNameList(distinct, asGiven ? trimmed : JoinList(distinct));
            violatedRule = null;
            return true;
        }

        /// <summary>The item between two separators, trimmed; the text itself when it is the only item.</summary>
        private static string Item(string text, int start, int end)
        {
            if (start == 0 && end == text.Length)
            {
                return text;
            }

            ReadOnlySpan<char> item = text.AsSpan(start, end - start).Trim();
            return item.Length == 0 ? string.Empty : item.ToString();
        }

        public static string Join(IEnumerable<string> names) =>
            names is ParsedNameList parsed ? parsed.Joined
            : names is IReadOnlyList<string> list ? JoinList(list) : string.Join(Separator.ToString(), names);

        /// <summary>
        /// string.Join of any list, by index: string.Join's own path for a list it does not know (a read-only wrapper, as
        /// <see cref="TryParse"/> gives) makes an enumerator each call, and every imported device and user is joined so.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        private static string JoinList(IReadOnlyList<string> names)
        {
            int count = names.Count;
            if (count == 0)
            {
                return "";
            }

            if (count == 1)
            {
                return names[0] ?? "";
            }

            int length = count - 1;
            for (int index = 0; index < count; index++)
            {
                length += names[index]?.Length ?? 0;
            }

            return string.Create(length, names, (span, list) =>
            {
                int at = 0;
                for (int index = 0; index < list.Count; index++)
                {
                    if (index != 0)
                    {
                        span[at++] = Separator;
                    }

                    string? name = list[index];
                    if (name != null)
                    {
                        name.AsSpan().CopyTo(span.Slice(at));
                        at += name.Length;
                    }
                }
            });
        }

        /// <summary>
        /// True when two lists hold the same names in the same order (null and empty are the same): what their
        /// joined texts would say, without joining them.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        public static bool Same(IReadOnlyList<string>? before, IReadOnlyList<string>? after)
        {
            int count = before?.Count ?? 0;
            if (count != (after?.Count ?? 0))
            {
                return false;
            }

            for (int i = 0; i < count; i++)
            {
                if (!string.Equals(before![i], after![i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
