using System;
using System.IO;
using System.Management.Automation;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;

namespace BizMobileGo.PowerShell
{
    // A string given where an import takes paths (Import-BmgDeviceCsv's piped strings, -Path and -LiteralPath;
    // Import-BmgDepDevice's -Path) that is text rather than the name of a file. Lines of CSV text (`$rows | ConvertTo-Csv |
    // Import-BmgDeviceCsv`) were each looked up as a file (walkthrough 30, 8); Apple's JSON (`Get-Content dep.json -Raw |
    // Import-BmgDepDevice`) was a raw "Cannot find drive. A drive with the name '{"devices"' does not exist" (walkthrough
    // 31b, 12). Each command tells such text once for what it is, with the ways that work; which string is text is Core's
    // CsvTextOrPath's to say, asked here only of a string that names no file or folder.
    public abstract partial class BmgCmdlet
    {
        /// <summary>
        /// Whether <paramref name="text"/> is text rather than a path: it begins as JSON does, or is CSV text by
        /// <see cref="CsvTextOrPath.IsCsvText"/> (<paramref name="afterText"/>: a string before it in this command was text),
        /// and names no file or folder (<paramref name="literal"/>: exactly as written; otherwise as -Path's pattern too).
        /// <paramref name="deviceColumns"/>: the command reads the device import's columns (a header of their names is text).
        /// </summary>
        private protected bool IsTextNotPath(string text, char delimiter, bool afterText = false, bool literal = false, bool deviceColumns = true) =>
            (CsvTextOrPath.BeginsAsJson(text) || CsvTextOrPath.IsCsvText(text, delimiter, afterText, folder => NamesAnItem(folder, literal: true), deviceColumns))
            && !NamesAnItem(text, literal);

        /// <summary>
        /// The end of the one error for text given as paths: how many further lines of <paramref name="kind"/> ("CSV text") it
        /// stands for, each passed over without an error of its own; <paramref name="givenTo"/>: the parameter the strings
        /// were given to on the command line ("-Path"), or null for piped strings. One wording for both imports (review31, 7).
        /// </summary>
        private protected static string FurtherLinesOfText(int further, string kind, string? givenTo)
        {
            string lines = further == 1 ? $"line of {kind} was" : $"lines of {kind} were";
            string own = $"passed over without an error of {(further == 1 ? "its" : "their")} own.";
            return givenTo == null
                ? (further == 0 ? $"It was the only piped line of {kind}." : $"{further} further piped {lines} {own}")
                : (further == 0 ? $"It was the only such string given to {givenTo}." : $"{further} further {lines} given to {givenTo} and {own}");
        }

        /// <summary>
        /// The one error for CSV text given to a parameter that takes a CSV file's path (<paramref name="givenTo"/>: "-Path",
        /// "-LiteralPath"): Import-BmgDeviceCsv's, and the -Path files of Get-BmgDeviceDepLink and Set-BmgDeviceDepEnrollment
        /// (round 32: these looked the text up as a file). Each of these commands takes the rows piped as objects too, so the
        /// ways that work are the same, naming the command. Never the text itself, in the message or the target: a data line
        /// may hold a check-in code.
        /// </summary>
        private protected ErrorRecord CsvTextGivenTo(string givenTo, int further)
        {
            string command = MyInvocation.MyCommand.Name;
            string use = command.StartsWith("Import-", StringComparison.Ordinal) ? "import" : "read";
            return ToErrorRecord(new BmgException(ErrorIds.CsvTextNotPath, BmgErrorCategory.InvalidArgument,
                $"{givenTo} was given CSV text, not the path of a file: {givenTo} takes paths of CSV files, and no file is named "
                + $"so. Give the file's path ({command} {givenTo} ./rows.csv), or turn the text into objects and pipe "
                + $"them (... | ConvertFrom-Csv | {command}), or save it to a file and {use} that (... | Set-Content "
                + $"./rows.csv; {command} -LiteralPath ./rows.csv). " + FurtherLinesOfText(further, "CSV text", givenTo), givenTo));
        }

        /// <summary>
        /// Whether the text names a file or folder exactly as written, or (not <paramref name="literal"/>: -Path, a piped
        /// string) as a pattern matching any.
        /// </summary>
        private bool NamesAnItem(string text, bool literal)
        {
            try
            {
                return InvokeProvider.Item.Exists(text, false, true) || (!literal && InvokeProvider.Item.Exists(text, false, false));
            }
            catch (Exception e) when (e is RuntimeException || e is ArgumentException || e is NotSupportedException || e is IOException)
            {
                // No drive, a provider that can't tell, characters no path may hold: no item it names.
                return false;
            }
        }
    }
}
