using System;
using System.Diagnostics;
using System.Globalization;
using BizMobileGo.Core.Text;

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

        /// <summary>The part of <see cref="PlanAndWrite"/> spent in the store on the importing thread: each chunk's batched reads and its writes (INSERT/UPDATE).</summary>
        public Stopwatch Write { get; } = new Stopwatch();

        /// <summary>Writing the history entry and committing (or rolling back) the transaction.</summary>
        public Stopwatch Commit { get; } = new Stopwatch();

        /// <summary>
        /// Waiting for the store's writer lock (another writer holds it): the file's reading thread reads and parses
        /// meanwhile (<see cref="RecordsReadBeforeStore"/>). Not part of <see cref="ToString"/>'s line.
        /// </summary>
        public Stopwatch StoreWait { get; } = new Stopwatch();

        /// <summary>
        /// True once the store said another writer holds its lock (<see cref="BizMobileGo.Core.Store.IDeviceStore.WaitingForWriter"/>):
        /// <see cref="StoreWait"/> then times that wait only.
        /// </summary>
        public bool StoreWaitContended { get; set; }

        private long _recordsRead;

        /// <summary>The records the reading thread has read and parsed so far (a chunk at a time, counted once the import can take it).</summary>
        public long RecordsRead => System.Threading.Interlocked.Read(ref _recordsRead);

        /// <summary>The records read and parsed before the import held the store: while it waited for the writer lock.</summary>
        public long RecordsReadBeforeStore { get; private set; }

        internal void AddRecordsRead(int count) => System.Threading.Interlocked.Add(ref _recordsRead, count);

        internal void StoreWaitEnded() => RecordsReadBeforeStore = RecordsRead;

        // The store's time on a pool thread beside the planning (Stopwatch ticks): the chunks written there; counted in the
        // store's time (StoreWrites).
        private long _backgroundStoreTicks;

        internal void AddBackgroundStoreTime(long ticks) => System.Threading.Interlocked.Add(ref _backgroundStoreTicks, ticks);

        /// <summary>
        /// Time spent in the store: <see cref="Write"/> (on the importing thread) and the chunks written beside the
        /// planning, which overlap the plan-and-write time rather than add to it.
        /// </summary>
        public TimeSpan StoreWrites => Write.Elapsed
            + TimeSpan.FromSeconds(System.Threading.Interlocked.Read(ref _backgroundStoreTicks) / (double)Stopwatch.Frequency);

        /// <summary>
        /// The -Verbose line of a wait for the store's writer lock that lasted (as long as the import waits before it reads
        /// further ahead): "Waited N ms for the store's writer lock; N rows were read and parsed meanwhile." Null when the
        /// import got the lock at once, or found it free however long the open and the try took (a fresh process's first
        /// connection on a loaded machine: walkthrough 22, 8).
        /// </summary>
        public string? StoreWaitLine() => !StoreWaitContended || StoreWait.Elapsed < PerRowCodeWarmUp.Delay
            ? null
            : string.Format(CultureInfo.InvariantCulture, "Waited {0:F0} ms for the store's writer lock; {1} {2} read and parsed meanwhile.",
                StoreWait.Elapsed.TotalMilliseconds, EnglishWords.Amount(RecordsReadBeforeStore, "row"), EnglishWords.Was(RecordsReadBeforeStore));

        /// <summary>
        /// The -Verbose line, which the benchmark (tests/Bench) records and prints as it is: the three stages one after the
        /// other, then the store's writes, which are no part of them: a writing thread writes chunks while the rows after
        /// them are planned, so they can take longer than the plan and write stage itself (walkthrough 16, 11: "plan and
        /// write 104 ms (of which store writes 219 ms)").
        /// </summary>
        public override string ToString() => string.Format(CultureInfo.InvariantCulture,
            "Import stages: read and parse {0:F0} ms, plan and write {1:F0} ms, commit {2:F0} ms; store writes {3:F0} ms, " +
            "overlapping plan and write (a writing thread writes beside the planning).",
            Read.Elapsed.TotalMilliseconds, PlanAndWrite.Elapsed.TotalMilliseconds, Commit.Elapsed.TotalMilliseconds, StoreWrites.TotalMilliseconds);
    }
}
