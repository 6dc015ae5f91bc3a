using System.Collections.Generic;
using System.Management.Automation;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Files;
using BizMobileGo.Core.Import;

namespace BizMobileGo.PowerShell
{
    // The imports' one way to fail (Import-BmgDeviceCsv, Import-BmgDepDevice): each file, or path naming none, that wrote
    // nothing keeps its own non-terminating error and is counted here; once every file had its turn the command ends in one
    // terminating ImportFailed, so a nightly job whose input never arrived (or was refused) exits non-zero.
    // ImportFailed names each file's cause itself ("could not be imported: Cannot find … (FileNotFound)"), not "its error is reported
    // above": under -ErrorAction SilentlyContinue or Ignore that error was never shown (nor, under Ignore, kept in $Error),
    // and a nightly job's catch often logs only the terminating error's text.
    public abstract partial class BmgCmdlet
    {
        // Each import that wrote nothing (refused, unreadable, or a path that named no file): what it was, and why; WhatIf for a
        // dry run's refusal, whose message is said after "What if: " (once, also where ImportFailed joins several); Category, its
        // cause's (a missing file ObjectNotFound, an unreadable one PermissionDenied, a refused one InvalidData).
        private List<FailedImport>? _failedImports;

        private readonly record struct FailedImport(string Source, string Message, bool WhatIf, ErrorCategory Category);

        private void ImportWroteNothing(string source, string message, bool whatIf, ErrorCategory category) =>
            (_failedImports ??= new List<FailedImport>()).Add(new FailedImport(source, message, whatIf, category));

        /// <summary>
        /// A file the import refused whole (<paramref name="why"/>: "3 of 4 rows of 'x.csv' failed", "the DEP device file 'x.json'
        /// can't be imported: it is named .json but … (DepDeviceFileInvalid)", see <see cref="ImportCause(ErrorRecord)"/>): the one wording of both imports, so a dry run reads the same from
        /// Import-BmgDeviceCsv and Import-BmgDepDevice — under -WhatIf it would be refused, and nothing was written.
        /// </summary>
        /// <param name="advice">What to do about it, said after (a sentence), or null.</param>
        /// <param name="category">The category of its cause: InvalidData for a file refused for what it holds.</param>
        protected void ImportRefused(string source, string why, bool whatIf, string? advice = null, ErrorCategory category = ErrorCategory.InvalidData) =>
            ImportWroteNothing(source, (whatIf
                ? $"{why}, so nothing would be imported from it (a dry run: nothing was written)."
                : $"{why}, so nothing was imported from it.") + (advice == null ? "" : " " + advice), whatIf, category);

        /// <summary>
        /// The advice after a file refused for its failed <paramref name="items"/> ("rows", "entries"): both imports' words, so
        /// Import-BmgDepDevice names -SkipInvalidRows as Import-BmgDeviceCsv does (left41, walkthrough 40). Not when the
        /// switch was given: a file it still refused failed for more than its items.
        /// </summary>
        protected static string FixFailedItems(string items, bool skippingInvalid) =>
            $"Fix the failed {items} (each has its own error, written before this one)"
            + (skippingInvalid ? "." : $", or use -SkipInvalidRows to import the valid {items}.");

        /// <summary>
        /// A file (or a path naming none) that could not be imported at all: the command fails at its end, naming it with the
        /// others. Under -WhatIf too: a pre-flight dry run in try/catch must see what the real run would fail on.
        /// Given to <see cref="ResolveFiles"/> as its notResolved, so every path error the import writes counts.
        /// </summary>
        /// <remarks>
        /// A missing file (FileReadFailure.NotFound) is said "it does not exist (FileNotFound)": its own sentence is the file's
        /// name again, just given ("'x.csv' could not be imported: Cannot find the file 'x.csv' because it does not exist" was
        /// fix44's leftover). Still its cause, for a nightly job's catch that logs ImportFailed alone.
        /// </remarks>
        protected void NothingImportedFrom(string file, ErrorRecord cause) =>
            NothingImportedFrom(file, cause.Exception is BmgException { ErrorId: ErrorIds.FileNotFound }
                ? ImportCause(ErrorIds.FileNotFound, FileReadFailure.NotFoundCause)
                : ImportCause(cause), cause.CategoryInfo.Category);

        /// <summary>
        /// As <see cref="NothingImportedFrom(string, ErrorRecord)"/>, the cause already put in words by
        /// <see cref="ImportCause(string, string, string?)"/>; <paramref name="category"/> is the cause's.
        /// </summary>
        protected void NothingImportedFrom(string file, string cause, ErrorCategory category) =>
            ImportWroteNothing(file, $"'{FieldText.Printable(file)}' could not be imported: {cause}.", whatIf: false, category);

        /// <summary>
        /// The error that stopped a file, as ImportFailed names it: "Cannot find the file 'x.csv' because it does not exist
        /// (FileNotFound)": its cause, then its ErrorId (so a log can be searched by it) and <paramref name="note"/>.
        /// </summary>
        /// <param name="cause">
        /// What went wrong, without what it left undone: what was imported is ImportFailed's own to say ("so nothing was
        /// imported", "would be" under -WhatIf), so a DEP file's "Nothing was imported." is left out where the error is made
        /// (<see cref="BmgException.Cause"/>), not cut from its text here.
        /// </param>
        protected static string ImportCause(string errorId, string cause, string? note = null)
        {
            string text = cause.Trim();
            if (text.EndsWith(".", System.StringComparison.Ordinal))
            {
                text = text.Substring(0, text.Length - 1);
            }

            return $"{text} ({errorId}{(note == null ? "" : "; " + note)})";
        }

        /// <summary>The error record that stopped a file, as ImportFailed names it (<see cref="ImportCause(string, string, string?)"/>).</summary>
        protected static string ImportCause(ErrorRecord cause)
        {
            // The ErrorId as given: PowerShell appends ",<command>" to FullyQualifiedErrorId once the record is written.
            string errorId = cause.FullyQualifiedErrorId.Split(',')[0];
            return ImportCause(errorId, cause.ErrorDetails?.Message ?? (cause.Exception as BmgException)?.Cause ?? cause.Exception.Message);
        }

        /// <summary>
        /// The error record of a failure that stopped an import (the store, the temporary folder): under -WhatIf
        /// (<paramref name="whatIf"/>) its outcome in a dry run's words ("Nothing would be imported …", <see cref="BmgException.AsDryRun"/>).
        /// </summary>
        protected static ErrorRecord ImportStoppedRecord(BmgException e, bool whatIf) => ToErrorRecord(whatIf ? e.AsDryRun() : e);

        /// <summary>Every file was tried: now the command fails if any wrote nothing, so try/catch and -ErrorAction Stop see it.</summary>
        /// <param name="whatIf">The imports were dry runs (-WhatIf): a message joining several says they would fail.</param>
        protected void ThrowIfAnyImportWroteNothing(bool whatIf)
        {
            if (_failedImports != null && _failedImports.Count != 0)
            {
                ThrowTerminatingError(ImportFailedError(_failedImports, whatIf));
            }
        }

        /// <summary>
        /// The one terminating error of a command with imports that wrote nothing (or, under -WhatIf, would write nothing).
        /// Its target is the file (one) or the files (several, in order), so a nightly script's catch can move them aside
        /// (Move-Item -LiteralPath $_.TargetObject) without reading the message; CategoryInfo.TargetName names them too.
        /// </summary>
        private static ErrorRecord ImportFailedError(List<FailedImport> failedImports, bool whatIf)
        {
            var sources = new List<string>();
            foreach (FailedImport failed in failedImports)
            {
                if (!sources.Contains(failed.Source))
                {
                    sources.Add(failed.Source);
                }
            }

            // "What if:" begins the message once: several refusals are joined after the one "What if: 2 imports would fail".
            string message = failedImports.Count == 1
                ? (failedImports[0].WhatIf ? "What if: " : "") + failedImports[0].Message
                : (whatIf
                    ? $"What if: {failedImports.Count} imports would fail and write nothing: "
                    : $"{failedImports.Count} imports failed and wrote nothing: ") + string.Join(" ", failedImports.ConvertAll(failed => failed.Message));
            object target = sources.Count == 1 ? sources[0] : sources.ToArray();
            // Its category is its causes' when they agree, as PowerShell's own: a nightly job whose file never arrived ends in
            // ObjectNotFound, as Import-Csv's missing file does, an unreadable one in PermissionDenied (walkthrough 43, 13);
            // causes of different kinds, InvalidData, the category of a file refused for what it holds.
            ErrorCategory category = failedImports.TrueForAll(failed => failed.Category == failedImports[0].Category)
                ? failedImports[0].Category
                : ErrorCategory.InvalidData;
            BmgException importFailed = new BmgException(ErrorIds.ImportFailed, BmgErrorCategory.InvalidData, message, target).Reported();
            var record = new ErrorRecord(importFailed, importFailed.ErrorId, category, importFailed.Target);
            // Shown as text: a string[] would read "System.String[]".
            record.CategoryInfo.TargetName = string.Join(", ", sources.ConvertAll(source => FieldText.Printable(source)));
            return record;
        }
    }
}
