using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;
using System.Threading.Tasks;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The change history's part of one write transaction, the same for every store: the store's write path
    /// (SaveDevice, SaveUser, and so ApplyChanges) hands it each write with the subject's key, it keeps the entry
    /// of every write that changed something, and appends them to the chain (<see cref="ChangeHistory.Record"/>)
    /// before the commit: they commit or roll back with the writes. An import's entries are appended per chunk
    /// (<see cref="Flush"/> after each ApplyChanges, each chunk's hashed on another thread while the next is written)
    /// and at most two batches of <see cref="EntriesPerFlush"/> wait, so memory stays flat however many rows a
    /// transaction writes.
    /// </summary>
    public sealed class HistoryRecorder
    {
        /// <summary>
        /// How many entries wait at most before they are appended. Few: entries that wait survive the garbage
        /// collections an import's allocations cause and are copied from generation to generation, which cost an
        /// import more than appending them in smaller batches.
        /// </summary>
        public const int EntriesPerFlush = 200;

        /// <summary>
        /// Set to 1 only by the Bench task, to measure the import without history beside the import with it.
        /// Not a setting for users: a store written with it on has gaps in its history that nothing shows.
        /// </summary>
        internal const string BenchSwitchOffVariable = "BMG_BENCH_WITHOUT_HISTORY";

        private static readonly bool SwitchedOffForBench = Environment.GetEnvironmentVariable(BenchSwitchOffVariable) == "1";

        private readonly IHistoryStore _store;
        private readonly IImportHistoryStore _imports;
        private readonly Func<DateTimeOffset> _clock;
        private readonly ChangeActor _actor;
        private readonly List<ChangeEntry> _pending = new List<ChangeEntry>();

        // Import history entries whose id this transaction reserved: a rollback takes the id back with the row.
        private readonly List<ImportHistoryEntry> _reservedImports = new List<ImportHistoryEntry>();

        public HistoryRecorder(IHistoryStore store, IImportHistoryStore imports, Func<DateTimeOffset>? clock = null, ChangeActor? actor = null)
        {
            _store = store;
            _imports = imports;
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
            _actor = actor ?? ChangeActor.Current;
        }

        /// <summary>
        /// False only while the Bench task measures the import without history: then the store skips the
        /// work that serves the history alone (looking up subject keys) too.
        /// </summary>
        public static bool Enabled => !SwitchedOffForBench;

        /// <summary>A device write the store has just made; <paramref name="subjectKey"/> is its immutable key (never reused).</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public void RecordDevice(Device? before, Device? after, long subjectKey, ChangeOrigin origin)
        {
            if (Enabled)
            {
                ReserveImport(origin);
                Add(ChangeDiff.ForDevice(before, after, Key(subjectKey), origin, Now(), _actor));
            }
        }

        /// <summary>A user write the store has just made; <paramref name="subjectKey"/> is its immutable key (never reused).</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public void RecordUser(User? before, User? after, long subjectKey, ChangeOrigin origin)
        {
            if (Enabled)
            {
                ReserveImport(origin);
                Add(ChangeDiff.ForUser(before, after, Key(subjectKey), origin, Now(), _actor));
            }
        }

        /// <summary>
        /// A batch of at least this many entries (an import's chunk) is numbered and hashed on another thread while the
        /// store writes the next chunk, and appended at the next flush or before the commit; a smaller one (a single
        /// command's) is appended at once. Hashing is a fifth of an entry's cost and the writing thread's alone; the
        /// import's other thread (reading the file) is mostly idle by then.
        /// </summary>
        internal const int HashAsideFrom = 64;

        // The last batch, being numbered and hashed aside; and the chain's head as this transaction has made it (read
        // from the store at the first flush: the write transaction keeps it the head).
        private Task<IReadOnlyList<ChangeEntry>>? _linking;
        private HistoryHead? _head;
        private bool _headKnown;

        /// <summary>
        /// Hands the waiting entries to the chain, inside the open write transaction: a batch of
        /// <see cref="HashAsideFrom"/> or more is hashed aside and appended at the next flush (so at most two batches
        /// wait), a smaller one is appended now. Entries keep their order either way.
        /// </summary>
        public void Flush()
        {
            if (_pending.Count != 0)
            {
                HistoryHead? head = AppendLinked();
                if (_pending.Count >= HashAsideFrom)
                {
                    ChangeEntry[] batch = _pending.ToArray();
                    _linking = Task.Run(() => HistoryChain.Link(head, batch));
                }
                else
                {
                    Append(HistoryChain.Link(head, _pending));
                }

                _pending.Clear();
            }

            _now = null;
        }

        /// <summary>Waits for the batch being hashed aside (if any) and appends it; returns the chain's head after it.</summary>
        private HistoryHead? AppendLinked()
        {
            if (_linking != null)
            {
                Task<IReadOnlyList<ChangeEntry>> linking = _linking;
                _linking = null;
                Append(linking.GetAwaiter().GetResult());
            }
            else if (!_headKnown)
            {
                _head = _store.ReadHead();
                _headKnown = true;
            }

            return _head;
        }

        private void Append(IReadOnlyList<ChangeEntry> linked)
        {
            _store.Append(linked);
            ChangeEntry last = linked[linked.Count - 1];
            _head = new HistoryHead(last.Sequence, last.Hash);
            _headKnown = true;
        }

        // The writes of one chunk (or of one command) are made within moments in one transaction: they share one
        // time, read at the first of them, so a chunk formats and hashes one time text.
        private DateTimeOffset? _now;

        private DateTimeOffset Now() => _now ??= _clock();

        /// <summary>Called by the store just before its commit: every entry of the transaction joins the chain.</summary>
        public void BeforeCommit()
        {
            Flush();
            AppendLinked();
        }

        /// <summary>Called by the store when the transaction ended: after a rollback, reserved import ids are free again.</summary>
        public void Ended(bool committed)
        {
            // A batch still being hashed (the transaction failed or was rolled back) is waited for and dropped: no
            // work of this transaction outlives it.
            if (_linking != null)
            {
                try
                {
                    _linking.Wait();
                }
                catch (AggregateException)
                {
                }

                _linking = null;
            }

            _headKnown = false;
            _head = null;
            _pending.Clear();
            if (!committed)
            {
                foreach (ImportHistoryEntry import in _reservedImports)
                {
                    import.Id = 0;
                }
            }

            _reservedImports.Clear();
        }

        /// <summary>
        /// An import's entries name its import history id, so the entry must exist before they are written: it is
        /// inserted at the import's first change, in the import's transaction (and gone again if that rolls back);
        /// the import's end writes its final counts over it.
        /// </summary>
        private void ReserveImport(ChangeOrigin origin)
        {
            if (origin.Import is ImportHistoryEntry import && import.Id == 0)
            {
                _imports.InsertImportHistory(import);
                _reservedImports.Add(import);
            }
        }

        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private void Add(ChangeEntry? entry)
        {
            if (entry == null)
            {
                return;
            }

            _pending.Add(entry);
            if (_pending.Count >= EntriesPerFlush)
            {
                Flush();
            }
        }

        private static string Key(long subjectKey) => subjectKey.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
