using System;
using System.IO;
using System.Management.Automation;

namespace BizMobileGo.PowerShell
{
    // The one rule for a string given where an import takes paths (Import-BmgDeviceCsv's piped strings, Import-BmgDepDevice's
    // -Path): text rather than the name of a file. Lines of CSV text (`$rows | ConvertTo-Csv | Import-BmgDeviceCsv`) were
    // each looked up as a file (walkthrough 30, 8); Apple's JSON (`Get-Content dep.json -Raw | Import-BmgDepDevice`) was a
    // raw "Cannot find drive. A drive with the name '{"devices"' does not exist" (walkthrough 31b, 12). Each command tells
    // such text once for what it is, with the ways that work.
    public abstract partial class BmgCmdlet
    {
        /// <summary>
        /// Whether <paramref name="text"/> is text rather than a path: it names no file or folder, and holds a line break or a
        /// quote, or begins as JSON does ('{', '}', ']', or '[' before '{', '"' or nothing), or holds a delimiter (the
        /// command's, a comma, semicolon or tab) without looking like a path. A path-like string (a folder separator, or a
        /// .csv/.txt/.tsv ending) is a path, so a mistyped or missing "./Tokyo, Osaka.csv" is FileNotFound naming it, as -Path
        /// says (review30b, 2).
        /// </summary>
        private protected bool IsTextNotPath(string text, char delimiter) =>
            (text.IndexOfAny(TextOnlyMarks) >= 0 || BeginsAsJson(text)
                || ((text.IndexOfAny(DelimiterMarks) >= 0 || text.IndexOf(delimiter) >= 0) && !LooksLikePath(text)))
            && !NamesAnItem(text);

        /// <summary>
        /// The end of the one error for text given as paths: how many further lines of <paramref name="kind"/> ("CSV text") it
        /// stands for, each passed over without an error of its own; <paramref name="how"/>: "piped", or "given" where the
        /// command line's strings count too.
        /// </summary>
        private protected static string FurtherLinesOfText(int further, string kind, string how) =>
            further == 0
                ? $"It was the only {how} line of {kind}."
                : $"{further} further {how} line{(further == 1 ? $" of {kind} was" : $"s of {kind} were")} passed over without an error of {(further == 1 ? "its" : "their")} own.";

        // What a line of CSV or JSON text may hold and a path never does: a line break, a quote.
        private static readonly char[] TextOnlyMarks = { '\n', '\r', '"' };

        // What a CSV line holds and a file name may too ("Tokyo, Osaka.csv", "devices;2026-12.csv"): told apart by LooksLikePath.
        private static readonly char[] DelimiterMarks = { ',', ';', '\t' };

        /// <summary>
        /// A line of JSON without a quote ("{", "}", "],", "[" of Get-Content's lines of a saved response): no file name begins
        /// so. '[' begins a wildcard pattern ("[ab]*.json"), so only one before what JSON's arrays hold is text.
        /// </summary>
        private static bool BeginsAsJson(string text)
        {
            string trimmed = text.Trim();
            if (trimmed.Length == 0)
            {
                return false;
            }

            char first = trimmed[0];
            if (first == '{' || first == '}' || first == ']')
            {
                return true;
            }

            string rest = trimmed.Substring(1).TrimStart();
            return first == '[' && (rest.Length == 0 || rest[0] == '{' || rest[0] == '"' || rest[0] == ']');
        }

        /// <summary>A folder separator (either kind: PowerShell takes both), or the ending of a file an import reads.</summary>
        private static bool LooksLikePath(string text)
        {
            string trimmed = text.TrimEnd();
            return text.IndexOf('/') >= 0 || text.IndexOf('\\') >= 0
                || trimmed.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
                || trimmed.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)
                || trimmed.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>Whether the text names a file or folder as -Path would (a pattern: any match) or exactly as written.</summary>
        private bool NamesAnItem(string text)
        {
            try
            {
                return InvokeProvider.Item.Exists(text, false, false) || InvokeProvider.Item.Exists(text, false, true);
            }
            catch (Exception e) when (e is RuntimeException || e is ArgumentException || e is NotSupportedException || e is IOException)
            {
                // No drive, a provider that can't tell, characters no path may hold: no item it names.
                return false;
            }
        }
    }
}
