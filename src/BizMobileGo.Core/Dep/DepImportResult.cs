using System;
using System.Collections.Generic;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.Core.Dep
{
    public sealed class DepImportResult
    {
        internal DepImportResult(DepImportSummary summary, IReadOnlyList<BmgException> errors, IReadOnlyList<DepWarning> warnings,
            IReadOnlyList<DepFileError>? fileErrors = null)
        {
            Summary = summary;
            Errors = errors;
            Warnings = warnings;
            FileErrors = fileErrors ?? Array.Empty<DepFileError>();
        }

        public DepImportSummary Summary { get; }
        /// <summary>
        /// The errors, in the file's order: of a refused file (its failed entries, and <see cref="FileErrors"/>), or, under
        /// -SkipInvalidRows, the entries left out of a file imported without them.
        /// </summary>
        public IReadOnlyList<BmgException> Errors { get; }

        /// <summary>Those of <see cref="Errors"/> that are the file's as a whole (its fetched_until, a profile's name), not an entry's.</summary>
        public IReadOnlyList<DepFileError> FileErrors { get; }

        /// <summary>How many of <see cref="Errors"/> are failed entries (or rows that became no entry).</summary>
        public int FailedEntries => Errors.Count - FileErrors.Count;

        /// <summary>The file wrote nothing because of its errors (not a -WhatIf, not a -SkipInvalidRows file that left them out).</summary>
        public bool Refused => Errors.Count != 0 && !Summary.Committed && !Summary.WhatIf;

        /// <summary>
        /// A dry run's file whose changes the dry run's store now holds (<see cref="Store.DryRun"/>): the command's later files,
        /// and its look-ups at the end, see them as the real run's would.
        /// </summary>
        public bool KeptInDryRun { get; internal set; }

        /// <summary>
        /// Said once for the file: the rows it skipped (whatever became of it), and, once its changes are written, each device
        /// still to check in through DEP whose serial it released (said once for many devices: <see cref="DepWarning.Kind"/>).
        /// </summary>
        public IReadOnlyList<DepWarning> Warnings { get; }
    }
}
