using System;
using System.IO;
using System.Text;

namespace BizMobileGo.Core.Errors
{
    /// <summary>
    /// The one place every error and import-history message passes: values it echoes are capped, so a
    /// 20 MB cell can't become a 20 MB error, log line or history row, and shown printable (issue 9.10).
    /// </summary>
    /// <remarks>
    /// Messages quote the values they echo ('value'). A quoted part longer than <see cref="MaxEchoed"/>
    /// characters keeps its first <see cref="MaxEchoed"/> and gets "…"; a rooted file path is kept
    /// whole up to <see cref="MaxPath"/> characters, since a cut path can't be acted on. Unquoted text
    /// longer than any message of the module's own (a value whose quotes don't pair up) is cut too, and
    /// so is the whole message beyond <see cref="MaxMessage"/> characters.
    /// </remarks>
    public static class MessageText
    {
        public const int MaxEchoed = 100;
        public const int MaxPath = 4096;
        public const int MaxMessage = 4000;

        private const int MaxUnquoted = 1000;
        private const string Ellipsis = "…";

        /// <summary><paramref name="value"/> cut to <see cref="MaxEchoed"/> characters, with "…" when cut.</summary>
        public static string Value(string value) => Cut(value, MaxEchoed);

        /// <summary><paramref name="message"/> with every echoed value capped (see the remarks).</summary>
        public static string Capped(string message)
        {
            // An invisible character (U+200B) inside a short message is made visible too, as Printable shows it (walkthrough 20, finding 6).
            if (message == null || (message.Length <= MaxEchoed && Fields.FieldText.ForbiddenCharacterRule(message, allowTabAndLineBreaks: true) == null
                && !Fields.FieldText.HasInvisible(message)))
            {
                return message ?? "";
            }

            var capped = new StringBuilder(Math.Min(message.Length, MaxMessage + 1));
            int position = 0;
            while (position < message.Length)
            {
                int open = NextQuote(message, position);
                if (open < 0)
                {
                    capped.Append(Cut(message.Substring(position), MaxUnquoted));
                    break;
                }

                capped.Append(Cut(message.Substring(position, open - position), MaxUnquoted));
                int close = NextQuote(message, open + 1);
                if (close < 0)
                {
                    capped.Append('\'').Append(Cut(Fields.FieldText.Printable(message.Substring(open + 1)), MaxUnquoted));
                    break;
                }

                // An echoed value never reaches a terminal raw: control and bidi characters show as <U+001B>.
                string quoted = Fields.FieldText.Printable(message.Substring(open + 1, close - open - 1));
                capped.Append('\'').Append(IsPath(quoted) ? Cut(quoted, MaxPath) : Cut(quoted, MaxEchoed)).Append('\'');
                position = close + 1;
            }

            return Cut(capped.ToString(), MaxMessage);
        }

        /// <summary>The next quote mark from <paramref name="start"/>: an apostrophe inside a word (can't, store's, O'Brien) is none.</summary>
        private static int NextQuote(string text, int start)
        {
            for (int i = text.IndexOf('\'', start); i >= 0; i = text.IndexOf('\'', i + 1))
            {
                bool letterBefore = i > 0 && char.IsLetterOrDigit(text[i - 1]);
                bool letterAfter = i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]);
                if (!(letterBefore && letterAfter))
                {
                    return i;
                }
            }

            return -1;
        }

        private static bool IsPath(string text)
        {
            if (text.Length > MaxPath || text.IndexOf('\n') >= 0 || text.IndexOf('\0') >= 0)
            {
                return false;
            }

            try
            {
                return Path.IsPathRooted(text);
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        private static string Cut(string text, int length)
        {
            if (text.Length <= length)
            {
                return text;
            }

            // Never split a surrogate pair: half a character would make the message invalid Unicode.
            int end = char.IsHighSurrogate(text[length - 1]) ? length - 1 : length;
            return text.Substring(0, end) + Ellipsis;
        }
    }
}
