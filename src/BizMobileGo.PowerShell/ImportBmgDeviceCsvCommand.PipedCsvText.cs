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

        // Piped strings seen to be CSV text so far: the first is reported, the others (its further lines) are passed over.
        private int _pipedCsvTextLines;

        /// <summary>
        /// Whether the piped <paramref name="text"/> is a line of CSV text rather than a path, and was dealt with as such: it
        /// holds a line break, a quote or a delimiter (the -Delimiter, a comma, semicolon or tab) and names no file or
        /// folder. A path holding a comma that exists is still a path; one that doesn't and holds none of these is still
        /// reported as FileNotFound.
        /// </summary>
        private bool RefusedAsCsvText(string text)
        {
            if (!LooksLikeCsvText(text, Delimiter) || NamesAnItem(text))
            {
                return false;
            }

            if (_pipedCsvTextLines++ == 0)
            {
                // Not the text itself in the message or target: a data line may hold a check-in code.
                ErrorRecord error = ToErrorRecord(new BmgException(ErrorIds.CsvTextNotPath, BmgErrorCategory.InvalidArgument,
                    "A piped string is a line of CSV text, not the path of a file: Import-BmgDeviceCsv takes piped strings as "
                    + "paths of CSV files, and no file is named so. Pipe the objects themselves ($rows | Import-BmgDeviceCsv), "
                    + "or turn the text into objects first (... | ConvertFrom-Csv | Import-BmgDeviceCsv), or save it to a file "
                    + "and import that (... | Set-Content ./rows.csv; Import-BmgDeviceCsv -LiteralPath ./rows.csv). "
                    + "Further piped lines of CSV text are passed over without another error.",
                    PipelineSource));
                WriteError(error);
                NothingImportedFrom(PipelineSource, error);
            }

            return true;
        }

        private static bool LooksLikeCsvText(string text, char delimiter) =>
            text.IndexOfAny(CsvTextMarks) >= 0 || text.IndexOf(delimiter) >= 0;

        // What a CSV line holds and a file's path hardly ever does: a line break, a quote, a delimiter of CSV text.
        private static readonly char[] CsvTextMarks = { '\n', '\r', '"', ',', ';', '\t' };

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
