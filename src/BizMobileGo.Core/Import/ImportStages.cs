using System.Diagnostics;
using System.Globalization;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// Where an import's time goes, stage by stage (issue 12: the profile that decides what to make
    /// faster): reading the file (decode, parse, hash), planning and writing the rows, committing.
    /// Shown by -Verbose and recorded by the benchmark.
    /// </summary>
    public sealed class ImportStages
    {
        /// <summary>Reading records: decoding, hashing and parsing the file.</summary>
        public Stopwatch Read { get; } = new Stopwatch();

        /// <summary>Planning each row against the store and applying it inside the transaction.</summary>
        public Stopwatch PlanAndWrite { get; } = new Stopwatch();

        /// <summary>The part of <see cref="PlanAndWrite"/> spent in the store: each chunk's batched reads and its writes (INSERT/UPDATE).</summary>
        public Stopwatch Write { get; } = new Stopwatch();

        /// <summary>Writing the history entry and committing (or rolling back) the transaction.</summary>
        public Stopwatch Commit { get; } = new Stopwatch();

        public override string ToString() => string.Format(CultureInfo.InvariantCulture,
            "Import stages: read and parse {0:F0} ms, plan and write {1:F0} ms (of which store writes {3:F0} ms), commit {2:F0} ms.",
            Read.Elapsed.TotalMilliseconds, PlanAndWrite.Elapsed.TotalMilliseconds, Commit.Elapsed.TotalMilliseconds, Write.Elapsed.TotalMilliseconds);
    }
}
