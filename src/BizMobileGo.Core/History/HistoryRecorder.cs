using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The change history's part of one write transaction, the same for every store: the store's write path
    /// (SaveDevice, SaveUser, and so ApplyChanges) hands it each write with the subject's key, it keeps the entry
    /// of every write that changed something, and appends them to the chain (numbered and hashed by
    /// <see cref="HistoryChain.Link"/>) before the commit: they commit or roll back with the writes. An import's
    /// entries are appended per chunk (<see cref="Flush"/> after each ApplyChanges), numbered and hashed on a
    /// thread of the transaction's own (<see cref="HistoryHashingThread{TWrites, TBatch}"/>) in batches of <see cref="EntriesPerFlush"/> while the writing thread goes on; at most
    /// <see cref="BatchesAside"/> batches wait, so memory stays flat however many rows a transaction writes.
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
        private readonly List<RecordedWrite> _pending = new List<RecordedWrite>();

        // Import history entries whose id this transaction reserved: a rollback takes the id back with the row.
        private readonly List<ImportHistoryEntry> _reservedImports = new List<ImportHistoryEntry>();

        public HistoryRecorder(IHistoryStore store, IImportHistoryStore imports, Func<DateTimeOffset>? clock = null, ChangeActor? actor = null)
        {
            _store = store;
            _imports = imports;
            _clock = clock ?? ([MethodImpl(PerRowCode.Compile)] () => DateTimeOffset.UtcNow); // read once a chunk
            _actor = actor ?? ChangeActor.Current;
        }

        /// <summary>
        /// False only while the Bench task measures the import without history: then the store skips the
        /// work that serves the history alone (looking up subject keys) too.
        /// </summary>
        public static bool Enabled => !SwitchedOffForBench;

        /// <summary>A device write the store has just made; <paramref name="subjectKey"/> is its immutable key (never reused).</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        /// <param name="changes">The write's field changes when made already (<see cref="StoreChange.HistoryChanges"/>); null: diffed here.</param>
        public void RecordDevice(Device? before, Device? after, long subjectKey, ChangeOrigin origin, IReadOnlyList<FieldChange>? changes = null)
        {
            if (Enabled)
            {
                ReserveImport(origin);
                if (RecordedWrite.MadeLater(before, after, origin, changes))
                {
                    Add(RecordedWrite.Later(before, after!, subjectKey, origin, Now()));
                }
                else
                {
                    Add(ChangeDiff.ForDevice(before, after, subjectKey, origin, Now(), _actor, changes));
                }
            }
        }

        /// <summary>
        /// Changes of what devices use that left their rows as they were (a DEP release of the serial each uses), devices read
        /// with their keys: one entry a device, joining the history now, as ApplyChanges' writes do after them.
        /// </summary>
        public void RecordDeviceFields(IReadOnlyList<DeviceFieldChanges> changes, ChangeOrigin origin)
        {
            if (Enabled)
            {
                ReserveImport(origin);
                foreach (DeviceFieldChanges changed in changes)
                {
                    Add(ChangeDiff.ForDevice(changed, changed.Device.DeviceKey!.Value, origin, Now(), _actor));
                }

                Flush();
            }
        }

        /// <summary>A user write the store has just made; <paramref name="subjectKey"/> is its immutable key (never reused).</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        /// <param name="changes">The write's field changes when made already (<see cref="StoreChange.HistoryChanges"/>); null: diffed here.</param>
        public void RecordUser(User? before, User? after, long subjectKey, ChangeOrigin origin, IReadOnlyList<FieldChange>? changes = null)
        {
            if (Enabled)
            {
                ReserveImport(origin);
                if (RecordedWrite.MadeLater(before, after, origin, changes))
                {
                    Add(RecordedWrite.Later(before, after!, subjectKey, origin, Now()));
                }
                else
                {
                    Add(ChangeDiff.ForUser(before, after, subjectKey, origin, Now(), _actor, changes));
                }
            }
        }

        /// <summary>
        /// How many batches of <see cref="EntriesPerFlush"/> may be numbered and hashed on another thread at once: an
        /// import records a chunk's entries in a burst once the chunk's rows are written (ImportChunk.Rows rows, up to
        /// two entries each), and they are hashed while the writing thread records, appends and writes the next chunk.
        /// Past this many the oldest is waited for, so memory stays flat.
        /// </summary>
        internal const int BatchesAside = 12;

        /// <summary>A batch smaller than this (a single command's), with none in flight, is hashed and appended at once.</summary>
        internal const int HashAsideFrom = 64;

        // The thread the batches are numbered and hashed on (started at the first batch hashed aside, stopped when the
        // transaction ends), and the chain's head as this transaction has made it (read from the store at the first
        // flush: the write transaction keeps it the head).
        private HistoryHashingThread<ArraySegment<RecordedWrite>, Batch>? _hashing;

        // Batches handed to the hashing thread and not yet appended.
        private int InFlight
        {
            [MethodImpl(PerRowCode.Compile)] // per batch of entries (an import: a thousand): see Import.PerRowCode
            get => _hashing?.InFlight ?? 0;
        }

        /// <summary>
        /// A batch numbered and hashed aside: its entries, or what a store that prepares its appends
        /// (<see cref="IPreparedHistoryAppend"/>) made of them there, and the chain's head after it.
        /// </summary>
        private sealed class Batch
        {
            public Batch(IReadOnlyList<ChangeEntry>? linked, object? prepared, HistoryHead? head)
            {
                Linked = linked;
                Prepared = prepared;
                Head = head;
            }

            public IReadOnlyList<ChangeEntry>? Linked { get; }

            public object? Prepared { get; }

            /// <summary>The head after the batch: the one before it when the batch has no entries (its changed records recorded nothing); null: the history is still empty.</summary>
            public HistoryHead? Head { get; }
        }

        /// <summary>
        /// Makes the entries of the batch's created records that wait as their state (<see cref="RecordedWrite"/>), numbers
        /// and hashes the batch and, for a store that prepares its appends, prepares it: on the thread aside.
        /// A prepared batch keeps only what the store made of it, not its entries: batches wait for the writing thread
        /// across garbage collections, and entries (with their field changes) that wait are copied into older
        /// generations, which cost an import more than the history's own work.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per batch of entries (an import: a thousand): see Import.PerRowCode
        private Batch LinkAside(HistoryHead? head, ArraySegment<RecordedWrite> writes)
        {
            // The recorder's entries are its own (made by ChangeDiff, here or when recorded, seen by nothing else): linked as they are.
            ChangeEntry[] pending = RecordedWrite.Entries(writes, _actor);
            ArrayPool<RecordedWrite>.Shared.Return(writes.Array!, clearArray: true);
            HistoryChain.LinkInPlace(head, pending);
            IReadOnlyList<ChangeEntry> linked = pending;
            HistoryHead? after = HeadAfter(linked, head);
            return linked.Count != 0 && _store is IPreparedHistoryAppend store ? new Batch(null, store.Prepare(linked), after) : new Batch(linked, null, after);
        }
        private HistoryHead? _head;
        private bool _headKnown;

        /// <summary>
        /// Hands the waiting entries to the chain, inside the open write transaction, and appends every batch whose
        /// hashing has finished (in order). A batch of <see cref="HashAsideFrom"/> or more, or any batch while others
        /// are in flight, is hashed on another thread and appended at a later flush or before the commit; a smaller one
        /// is appended now. Entries keep their order either way.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per batch of entries (an import: a thousand): see Import.PerRowCode
        public void Flush()
        {
            HandOff();
            AppendHashed(waitForAll: false);
            _now = null;
        }

        [MethodImpl(PerRowCode.Compile)] // per batch of entries (an import: a thousand): see Import.PerRowCode
        private void HandOff()
        {
            if (_pending.Count == 0)
            {
                return;
            }

            bool nothingInFlight = InFlight == 0;
            IReadOnlyList<ChangeEntry>? newestToCheck = null;
            if (nothingInFlight)
            {
                if (!_headKnown)
                {
                    // Once a transaction: a chain whose newest entry doesn't verify is not extended (HistoryHeadCheck). Read
                    // here (the store's connection is this thread's); a batch hashed aside has it checked there.
                    newestToCheck = _store.ReadNewestEntries();
                    if (_pending.Count < HashAsideFrom)
                    {
                        _head = HistoryHeadCheck.Checked(newestToCheck);
                        _headKnown = true;
                        newestToCheck = null;
                    }
                }

                if (_pending.Count < HashAsideFrom)
                {
                    ChangeEntry[] entries = RecordedWrite.Entries(CollectionsMarshal.AsSpan(_pending), _actor);
                    _pending.Clear();
                    if (entries.Length != 0)
                    {
                        HistoryChain.LinkInPlace(_head, entries);
                        Append(entries);
                    }

                    return;
                }
            }
            else if (InFlight >= BatchesAside)
            {
                Append(_hashing!.Take());
            }

            // A batch's writes are needed only until the hashing thread has made their entries: an array of the pool, given back there.
            RecordedWrite[] rented = ArrayPool<RecordedWrite>.Shared.Rent(_pending.Count);
            _pending.CopyTo(rented);
            var batch = new ArraySegment<RecordedWrite>(rented, 0, _pending.Count);
            _pending.Clear();
            _hashing ??= new HistoryHashingThread<ArraySegment<RecordedWrite>, Batch>(LinkAside, [MethodImpl(PerRowCode.Compile)] (hashed) => hashed.Head);
            // With nothing in flight this transaction's head is the chain's; otherwise the batch links to the one before it.
            // A head not checked yet is checked there, before the batch links to it; once the batch is taken back, its head is known here.
            _hashing.HandOff(batch, headGiven: nothingInFlight, nothingInFlight ? _head : null, newestToCheck);
        }

        [MethodImpl(PerRowCode.Compile)] // per batch of entries (an import: a thousand): see Import.PerRowCode
        private static HistoryHead HeadAfter(IReadOnlyList<ChangeEntry> linked) =>
            new HistoryHead(linked[linked.Count - 1].Sequence, linked[linked.Count - 1].Hash);

        /// <summary>The head after a batch linked after <paramref name="head"/>: that head when the batch has no entries.</summary>
        [MethodImpl(PerRowCode.Compile)] // per batch of entries (an import: a thousand): see Import.PerRowCode
        private static HistoryHead? HeadAfter(IReadOnlyList<ChangeEntry> linked, HistoryHead? head) =>
            linked.Count == 0 ? head : HeadAfter(linked);

        /// <summary>Appends the batches hashed aside, oldest first: those already hashed, or (before the commit) all of them.</summary>
        [MethodImpl(PerRowCode.Compile)] // per batch of entries (an import: a thousand): see Import.PerRowCode
        private void AppendHashed(bool waitForAll)
        {
            while (InFlight != 0 && (waitForAll || _hashing!.OldestReady))
            {
                Append(_hashing!.Take());
            }
        }

        [MethodImpl(PerRowCode.Compile)] // per batch of entries (an import: a thousand): see Import.PerRowCode
        private void Append(IReadOnlyList<ChangeEntry> linked)
        {
            _store.Append(linked);
            _head = HeadAfter(linked);
            _headKnown = true;
        }

        [MethodImpl(PerRowCode.Compile)] // per batch of entries (an import: a thousand): see Import.PerRowCode
        private void Append(Batch batch)
        {
            if (batch.Linked == null)
            {
                ((IPreparedHistoryAppend)_store).AppendPrepared(batch.Prepared!);
            }
            else if (batch.Linked.Count != 0) // none: its changed records recorded nothing, the head unchanged
            {
                _store.Append(batch.Linked);
            }

            _head = batch.Head;
            _headKnown = true;
        }

        // The writes of one chunk (or of one command) are made within moments in one transaction: they share one
        // time, read at the first of them, so a chunk formats and hashes one time text.
        private DateTimeOffset? _now;

        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private DateTimeOffset Now() => _now ??= _clock();

        /// <summary>Called by the store just before its commit: every entry of the transaction joins the chain.</summary>
        public void BeforeCommit()
        {
            HandOff();
            AppendHashed(waitForAll: true);
            _now = null;
        }

        /// <summary>Called by the store when the transaction ended: after a rollback, reserved import ids are free again.</summary>
        public void Ended(bool committed)
        {
            // Batches still being hashed (the transaction failed or was rolled back) are dropped and the hashing thread
            // ended: no work of this transaction outlives it.
            _hashing?.Stop();
            _hashing = null;
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
        /// An import's entries name its import history id, so the id must be known before they are written. An import that
        /// reserved its id as it took the store (DeviceImport, <see cref="IImportHistoryStore.ReserveImportHistoryId"/>)
        /// has it; for any other (a dry run's) the entry is inserted at the import's first change, in the import's transaction
        /// (and gone again, its id with it, if that rolls back); the import's end writes its final counts over it.
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
            if (entry != null)
            {
                Add(RecordedWrite.Of(entry));
            }
        }

        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private void Add(RecordedWrite write)
        {
            _pending.Add(write);
            if (_pending.Count >= EntriesPerFlush)
            {
                HandOff();
            }
        }
    }
}
