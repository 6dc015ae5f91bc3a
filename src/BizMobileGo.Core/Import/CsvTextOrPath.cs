using System;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// Whether a string given to Import-BmgDeviceCsv as a file's path (piped, or to -Path/-LiteralPath) that names no file is
    /// a line of CSV text instead: `$rows | ConvertTo-Csv | Import-BmgDeviceCsv`, `Get-Content x.csv | Import-BmgDeviceCsv`,
    /// `Import-BmgDeviceCsv -Path (Get-Content x.csv -Raw)`. The one place this is decided (walkthrough 30, 8; round 31: a
    /// one-column text, -Path, and a line holding '/' were still looked up as files). Asked only of a string that names no
    /// file or folder, so a real file is imported whatever its name holds (a comma, a quote, a space).
    /// </summary>
    public static class CsvTextOrPath
    {
        // What a CSV line may hold and a path hardly ever does: a line break, a quote.
        private static readonly char[] CsvOnlyMarks = { '\n', '\r', '"' };

        // What a CSV line holds and a file name may too ("Tokyo, Osaka.csv", "devices;2026-12.csv").
        private static readonly char[] DelimiterMarks = { ',', ';', '\t' };

        private static readonly char[] FolderSeparators = { '/', '\\' };

        /// <summary>
        /// True when <paramref name="text"/>, which names no file or folder, is CSV text rather than a path: it holds a line
        /// break or a quote; or it does not look like a file's path (<see cref="LooksLikeFilePath"/>) and it follows a line
        /// already taken for CSV text (<paramref name="afterCsvText"/>: a later line, which may hold no delimiter (one
        /// column) or a '/' (a date, "Tokyo/Osaka")), or it is a header of the import's own column names (one alone too:
        /// `ConvertTo-Csv -UseQuotes Never` of one column), or it holds a delimiter and names no existing folder before its
        /// last '/' or '\' (<paramref name="folderExists"/>): a missing "./Tokyo, Osaka.csv" or "data/a, b" in a folder
        /// that exists stays a path, told FileNotFound naming it. <paramref name="deviceColumns"/>: whether the caller reads the
        /// device import's columns, so that a header of their names alone is text; Import-BmgDepDevice reads Apple's files, where
        /// a missing 'serial' is a file's name, told FileNotFound (review31, 4).
        /// </summary>
        public static bool IsCsvText(string text, char delimiter, bool afterCsvText, Func<string, bool> folderExists, bool deviceColumns = true)
        {
            if (text.IndexOfAny(CsvOnlyMarks) >= 0)
            {
                return true;
            }

            if (LooksLikeFilePath(text))
            {
                return false;
            }

            if (afterCsvText || (deviceColumns && ImportHeader.IsHeaderOfKnownNames(text, delimiter)))
            {
                return true;
            }

            if (text.IndexOfAny(DelimiterMarks) < 0 && text.IndexOf(delimiter) < 0)
            {
                return false;
            }

            int lastSeparator = text.LastIndexOfAny(FolderSeparators);
            return lastSeparator <= 0 || !folderExists(text.Substring(0, lastSeparator));
        }

        /// <summary>
        /// The ending of a file an import reads (.csv, .txt, .tsv; Import-BmgDepDevice's .json: no CSV text line ends so, and a
        /// missing "Tokyo, Osaka.json" is FileNotFound naming it, review31, 4), or a start only a path has: a root ('/', '\'),
        /// the current or parent folder ('./', '../'), the home folder ('~'), a drive ('C:').
        /// </summary>
        private static bool LooksLikeFilePath(string text)
        {
            string trimmed = text.Trim();
            return trimmed.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
                || trimmed.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                || trimmed.EndsWith(".txt", StringComparison.OrdinalIgnoreCase)
                || trimmed.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase)
                || trimmed.StartsWith("/", StringComparison.Ordinal) || trimmed.StartsWith("\\", StringComparison.Ordinal)
                || trimmed.StartsWith("./", StringComparison.Ordinal) || trimmed.StartsWith(".\\", StringComparison.Ordinal)
                || trimmed.StartsWith("../", StringComparison.Ordinal) || trimmed.StartsWith("..\\", StringComparison.Ordinal)
                || trimmed.StartsWith("~", StringComparison.Ordinal)
                || (trimmed.Length >= 2 && trimmed[1] == ':' && char.IsLetter(trimmed[0]));
        }

        /// <summary>
        /// Whether <paramref name="text"/> begins as a line of JSON does ("{", "}", "],", "[" before "{", '"' or nothing: a
        /// saved Apple response given as a path, Get-Content's lines of it), which no file name does. '[' begins a wildcard
        /// pattern ("[ab]*.json"), so only one before what JSON's arrays hold is text (walkthrough 31b, 12).
        /// </summary>
        public static bool BeginsAsJson(string text)
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
    }
}
