using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// A long sentence as a list view shows it: broken between words into lines of at most a given width. PowerShell's
    /// Format-List breaks a value that is wider than its column at whatever character the column ends, so at 80 columns
    /// a DEP link's Warning, then worded "... released by Apple on 2026-12-02 00:00:00 +00:00", read "... on 2026-12-02 00" /
    /// ":00:00 +00:00" (walkthrough 23, finding 9): a time cut in two. It now opens with its time ("On 2026-12-02 00:00:00
    /// +00:00, Apple released DEP device 'X'", DeviceDepLink.WarningLine), and a DEP device's ReleasedReason still holds one
    /// mid-sentence. The views break such values (a Warning, a ReleasedReason) themselves, for the column an 80-column
    /// console leaves them beside their labels; on a narrower console PowerShell cuts the lines again. In the cmdlet
    /// assembly, not the core: a view's script block resolves types of the assemblies PowerShell loaded, and the core lives
    /// in the module's own load context (DependencyLoadContext), where a view can't name it.
    /// </summary>
    public static class ListValueText
    {
        /// <summary>
        /// <paramref name="text"/> in lines of at most <paramref name="width"/> characters, broken at spaces but never inside a
        /// time as the module writes them (2026-12-02 00:00:00 +00:00, ShownTime.ToText: one word here); a word longer than the
        /// width, such as a path, keeps a line of its own and is left to PowerShell. Null and short texts stay as they are.
        /// Characters, not cells: the texts so shown are the module's English sentences with identifiers, serials and times.
        /// </summary>
        public static string? Wrap(string? text, int width)
        {
            if (text == null || text.Length <= width || width < 1)
            {
                return text;
            }

            var wrapped = new StringBuilder(text.Length + 8);
            int lineLength = 0;
            foreach (string word in Words(text))
            {
                if (lineLength > 0 && lineLength + 1 + word.Length > width)
                {
                    wrapped.Append(Environment.NewLine);
                    lineLength = 0;
                }
                else if (lineLength > 0)
                {
                    wrapped.Append(' ');
                    lineLength++;
                }

                wrapped.Append(word);
                lineLength += word.Length;
            }

            return wrapped.ToString();
        }

        // The parts of a time as ShownTime.ToText writes it ("2026-12-02 00:00:00 +00:00"; a table's has no seconds or offset),
        // each a word of its own when split at spaces, glued to what precedes or follows (a quote, a full stop).
        private static readonly Regex DateEnd = new Regex(@"\d{4}-\d\d-\d\d$", RegexOptions.CultureInvariant);
        private static readonly Regex ClockStart = new Regex(@"^\d\d:\d\d", RegexOptions.CultureInvariant);
        private static readonly Regex OffsetStart = new Regex(@"^[+-]\d\d:\d\d", RegexOptions.CultureInvariant);

        /// <summary>The text's words: split at spaces, but a date, its clock and its offset are one word.</summary>
        private static IEnumerable<string> Words(string text)
        {
            string[] parts = text.Split(' ');
            for (int i = 0; i < parts.Length; i++)
            {
                string word = parts[i];
                if (DateEnd.IsMatch(word) && i + 1 < parts.Length && ClockStart.IsMatch(parts[i + 1]))
                {
                    word += " " + parts[++i];
                    if (i + 1 < parts.Length && OffsetStart.IsMatch(parts[i + 1]))
                    {
                        word += " " + parts[++i];
                    }
                }

                if (word.Length > 0)
                {
                    yield return word;
                }
            }
        }
    }
}
