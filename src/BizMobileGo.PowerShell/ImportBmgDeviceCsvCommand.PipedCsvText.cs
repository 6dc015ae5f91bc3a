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
        /// Whether the piped <paramref name="text"/> is a line of CSV text rather than a path (<see cref="BmgCmdlet.IsTextNotPath"/>),
        /// and was dealt with as such: counted, to be told once at the end.
        /// </summary>
        private bool RefusedAsCsvText(string text)
        {
            if (!IsTextNotPath(text, Delimiter))
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
                + FurtherLinesOfText(further, "CSV text", "piped"),
                PipelineSource));
            WriteError(error);
            NothingImportedFrom(PipelineSource, error);
        }
    }
}
