using System;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BizMobileGo.Core.Dep
{
    /// <summary>Why a DEP file is not valid JSON, in the admin's words (System.Text.Json's speak to a developer).</summary>
    internal static class DepJsonSyntaxError
    {
        /// <summary>
        /// Where the JSON breaks, counted as an editor does (line and character from 1; the parser counts from 0, in UTF-8
        /// bytes), what the parser expected there, and what the file should have been.
        /// </summary>
        internal static string Describe(string path, string content, JsonException e)
        {
            string where = "";
            string at = "";
            if (e.LineNumber is long line && e.BytePositionInLine is long bytes)
            {
                string[] lines = content.Split('\n');
                string text = line < lines.Length ? lines[line] : "";
                byte[] utf8 = Encoding.UTF8.GetBytes(text);
                int character = Encoding.UTF8.GetCharCount(utf8, 0, (int)Math.Min(bytes, utf8.Length)) + 1;
                where = string.Format(CultureInfo.InvariantCulture, "line {0}, character {1}: ", line + 1, character);
                at = character - 1 < text.Length ? text.Substring(character - 1) : "";
            }

            string reason = JsonReason(content, e.Message, at);

            const string Shapes = "Apple's device response ({\"devices\": [...], \"cursor\": ...}) or its profile response ({\"profile_uuid\": ..., \"profile_name\": ...})";
            return DepDeviceFile.IsNamedJson(path)
                ? $"it is named .json but is not valid JSON: {where}{reason}; a file named .json must hold {Shapes}, and a CSV file must be named otherwise"
                : $"it is not valid JSON: {where}{reason}; expected {Shapes}";
        }

        /// <summary>
        /// What is wrong where the JSON breaks, in the admin's words. The parser's words for a file of only blanks speak of its
        /// own API ("... when isFinalBlock is true"), and for a trailing comma they give a developer's advice ("not supported in
        /// this mode. Change the reader options"): a trailing comma and a comment are the usual hand-edit mistakes, so each is
        /// named with what to do; any other message has such advice cut, never passed on.
        /// </summary>
        private static string JsonReason(string content, string message, string at)
        {
            if (string.IsNullOrWhiteSpace(content))
            {
                return "the file ends before any JSON value";
            }

            if (message.IndexOf("trailing comma", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                string closing = at.StartsWith("}", StringComparison.Ordinal) ? "}" : "]";
                return $"a comma before the closing '{closing}' (a trailing comma): JSON allows no comma after the last item; delete that comma";
            }

            if (at.StartsWith("//", StringComparison.Ordinal) || at.StartsWith("/*", StringComparison.Ordinal))
            {
                return $"a comment ({at.Substring(0, 2)}): JSON allows no comments; delete it";
            }

            string reason = JsonPositionSuffix.Replace(message, "").Trim();
            reason = JsonParserAdvice.Replace(reason, "").Trim();
            return reason.TrimEnd('.');
        }

        /// <summary>Sentences of System.Text.Json's messages addressed to a developer (its reader options, "this mode").</summary>
        private static readonly Regex JsonParserAdvice = new Regex(@"(\s*which is not supported in this mode)?\.?\s*Change the reader options\.?|\s*which is not supported in this mode", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>The " LineNumber: 0 | BytePositionInLine: 7." System.Text.Json appends to its messages (0-based, in bytes).</summary>
        private static readonly Regex JsonPositionSuffix = new Regex(@"\s*(Path: \S* \| )?LineNumber: \d+ \| BytePositionInLine: \d+\.?\s*$", RegexOptions.CultureInvariant);

    }
}
