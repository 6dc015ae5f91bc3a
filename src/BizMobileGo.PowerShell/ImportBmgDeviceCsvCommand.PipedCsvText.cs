using System.Management.Automation;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;

namespace BizMobileGo.PowerShell
{
    // A piped string, like -Path's and -LiteralPath's, is a CSV file's path to Import-BmgDeviceCsv. Lines of CSV text given
    // instead (`$rows | ConvertTo-Csv | Import-BmgDeviceCsv`, `Get-Content x.csv | Import-BmgDeviceCsv`, `-Path (Get-Content
    // x.csv -Raw)`) were each looked up as a file: one "Cannot find path '/srv/"Identifier","OS"'" a line, and an
    // ImportFailed listing them all (walkthrough 30, 8; round 31). Such text is told once for what it is, with the ways that
    // work, and counts as an import that wrote nothing. Which string is CSV text is CsvTextOrPath's to say.
    public sealed partial class ImportBmgDeviceCsvCommand
    {
        /// <summary>What the import of piped objects is called (its history's Source, ImportFailed's name for it).</summary>
        private const string PipelineSource = "pipeline";

        // Lines of CSV text given as paths so far: told once, at the end, with how many further lines were passed over.
        private int _csvTextLines;

        // How the first of them was given: PipelineSource, or the parameter's name (-Path, -LiteralPath).
        private string? _csvTextGivenAs;

        /// <summary>
        /// Whether <paramref name="text"/>, given as a file's path (<paramref name="givenAs"/>: piped, -Path, -LiteralPath),
        /// is a line of CSV text rather than a path, and was dealt with as such: it names no file or folder, and
        /// <see cref="CsvTextOrPath.IsCsvText"/> says so (the one rule). A later string naming no file is read as a further
        /// line of the same text, unless it looks like a file's path (review30b, 2: a missing "./Tokyo, Osaka.csv" is
        /// FileNotFound naming it, as -Path says).
        /// </summary>
        private bool RefusedAsCsvText(string text, string givenAs, bool literal)
        {
            // The text's own look first: most paths are told by it, without asking the provider (BmgCmdlet.IsTextNotPath).
            if (!IsTextNotPath(text, Delimiter, afterText: _csvTextLines > 0, literal))
            {
                return false;
            }

            _csvTextGivenAs ??= givenAs;
            _csvTextLines++;
            return true;
        }

        /// <summary>
        /// Reports the CSV text given as paths, once for all its strings, when the input has ended, so that the error can say
        /// how many it stands for; it counts as an import that wrote nothing (ImportFailed 'pipeline', or '-Path').
        /// </summary>
        private void ReportCsvTextGivenAsPaths()
        {
            if (_csvTextLines == 0 || _csvTextGivenAs == null)
            {
                return;
            }

            int further = _csvTextLines - 1;
            string givenAs = _csvTextGivenAs;
            _csvTextLines = 0;
            _csvTextGivenAs = null;
            bool piped = givenAs == PipelineSource;
            // Not the text itself in the message or target: a data line may hold a check-in code.
            ErrorRecord error = piped
                ? ToErrorRecord(new BmgException(ErrorIds.CsvTextNotPath, BmgErrorCategory.InvalidArgument,
                    "A piped string is a line of CSV text, not the path of a file: Import-BmgDeviceCsv takes piped strings as "
                    + "paths of CSV files, and no file is named so. Pipe the objects themselves ($rows | Import-BmgDeviceCsv), "
                    + "or turn the text into objects first (... | ConvertFrom-Csv | Import-BmgDeviceCsv), or save it to a file "
                    + "and import that (... | Set-Content ./rows.csv; Import-BmgDeviceCsv -LiteralPath ./rows.csv). "
                    + FurtherLinesOfText(further, "CSV text", null), givenAs))
                : CsvTextGivenTo(givenAs, further);
            WriteError(error);
            NothingImportedFrom(givenAs, error);
        }
    }
}
