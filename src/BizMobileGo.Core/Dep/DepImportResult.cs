using System.Collections.Generic;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.Core.Dep
{
    public sealed class DepImportResult
    {
        internal DepImportResult(DepImportSummary summary, IReadOnlyList<BmgException> errors, IReadOnlyList<DepWarning> warnings)
        {
            Summary = summary;
            Errors = errors;
            Warnings = warnings;
        }

        public DepImportSummary Summary { get; }
        public IReadOnlyList<BmgException> Errors { get; }

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
