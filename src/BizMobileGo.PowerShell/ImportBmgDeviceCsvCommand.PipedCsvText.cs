using System;
using System.IO;
using System.Management.Automation;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.PowerShell
{
    // A piped string is a CSV file's path to Import-BmgDeviceCsv. Lines of CSV text piped instead (`$rows | ConvertTo-Csv |
    // Import-BmgDeviceCsv`, `Get-Content x.csv | Import-BmgDeviceCsv`) were each looked up as a file: one "Cannot find path
    // '/srv/"Identifier","OS"'" a line, and an ImportFailed listing them all (walkthrough 30, 8). Such text is told once for
    // what it is, with the ways that work, and counts as the piped import that wrote nothing.
    public sealed partial class ImportBmgDeviceCsvCommand
    {
        /// <summary>What the import of piped objects is called (its history's Source, ImportFailed's name for it).</summary>
        private const string PipelineSource = "pipeline";

        // Piped strings seen to be CSV text so far: told once, at the end, with how many further lines were passed over.
        private int _pipedCsvTextLines;

        /// <summary>
        /// Whether the piped <paramref name="text"/> is a line of CSV text rather than a path, and was dealt with as such: it
        /// names no file or folder, and holds a line break or a quote, or holds a delimiter (the -Delimiter, a comma,
        /// semicolon or tab) without looking like a path. A path-like string (a folder separator, or a .csv/.txt/.tsv
        /// ending) is a path, so a mistyped or missing "./Tokyo, Osaka.csv" is FileNotFound naming it, as -Path says
        /// (review30b, 2: it was CsvTextNotPath naming nothing, and a second such path was passed over without a word).
        /// </summary>
        private bool RefusedAsCsvText(string text)
        {
            if (!LooksLikeCsvText(text, Delimiter) || NamesAnItem(text))
            {
                return false;
            }

            _pipedCsvTextLines++;
            return true;
        }

        /// <summary>
        /// Reports the piped CSV text, once for all its lines, when the input has ended, so that the error can say how many
        /// lines it stands for; the piped import counts as one that wrote nothing (ImportFailed 'pipeline').
        /// </summary>
        private void ReportPipedCsvText()
        {
            if (_pipedCsvTextLines == 0)
            {
                return;
            }

            int further = _pipedCsvTextLines - 1;
            _pipedCsvTextLines = 0;
            // Not the text itself in the message or target: a data line may hold a check-in code.
            ErrorRecord error = ToErrorRecord(new BmgException(ErrorIds.CsvTextNotPath, BmgErrorCategory.InvalidArgument,
                "A piped string is a line of CSV text, not the path of a file: Import-BmgDeviceCsv takes piped strings as "
                + "paths of CSV files, and no file is named so. Pipe the objects themselves ($rows | Import-BmgDeviceCsv), "
                + "or turn the text into objects first (... | ConvertFrom-Csv | Import-BmgDeviceCsv), or save it to a file "
                + "and import that (... | Set-Content ./rows.csv; Import-BmgDeviceCsv -LiteralPath ./rows.csv). "
                + (further == 0
                    ? "It was the only piped line of CSV text."
                    : $"{further} further piped line{(further == 1 ? " of CSV text was" : "s of CSV text were")} passed over without an error of {(further == 1 ? "its" : "their")} own."),
                PipelineSource));
            WriteError(error);
            NothingImportedFrom(PipelineSource, error);
        }

        private static bool LooksLikeCsvText(string text, char delimiter) =>
            text.IndexOfAny(CsvOnlyMarks) >= 0
            || ((text.IndexOfAny(DelimiterMarks) >= 0 || text.IndexOf(delimiter) >= 0) && !LooksLikePath(text));

        // What a CSV line may hold and a path never does: a line break, a quote.
        private static readonly char[] CsvOnlyMarks = { '\n', '\r', '"' };

        // What a CSV line holds and a file name may too ("Tokyo, Osaka.csv", "devices;2026-12.csv"): told apart by LooksLikePath.
        private static readonly char[] DelimiterMarks = { ',', ';', '\t' };

        /// <summary>A folder separator (either kind: PowerShell takes both), or the ending of a file the import reads.</summary>
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
