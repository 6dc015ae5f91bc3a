using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Identifiers piped to a command, kept until a batch is due and then looked up with one batched read
    /// (such as <see cref="Core.Store.IDepStore.GetDepLinks"/>) instead of one look-up per piped record: the
    /// pipeline's own cost per object is what is left. <see cref="Take"/> and <see cref="TakeAll"/> hand every
    /// identifier to the command's writer in the order piped, with its item or null, so a command writes the same
    /// output (and the same errors, at the same places) as it would looking each one up as it came. Each batch is
    /// written as soon as its items are matched: a later batch's failed read never takes back links already read.
    /// </summary>
    /// <remarks>
    /// When a batch is due is <see cref="PipedBatch"/>'s rule. A large batch (input has come fast for a while,
    /// <see cref="ReadAsideFrom"/>) is read on another thread while PowerShell binds the next records on the
    /// pipeline's: on two cores the store's read and PowerShell's work per record overlap instead of adding up.
    /// Its items are given back at the first record after its read ends (or when the input ends), still in order;
    /// up to <see cref="MostReadAside"/> batches may be on their way, so a read that got the CPU late does not
    /// hold up the pipeline at once. The store is used by one thread at a time: while batches are read aside the
    /// command does not touch it, and <see cref="Abandon"/> waits for the read in progress (those not started are
    /// dropped) before the store is handed back.
    /// Small batches (the first records, input that paused) are read at once, as the record comes.
    /// </remarks>
    internal sealed class PipedIdentifiers<T> where T : class
    {
        /// <summary>Most identifiers per batched read.</summary>
        public const int BatchSize = PipedBatch.BatchSize;

        /// <summary>
        /// Batches this large or larger are read on another thread. Batches double from one (<see cref="PipedBatch"/>):
        /// this takes over 250 records piped without a pause, never a person typing or a slow producer.
        /// </summary>
        public const int ReadAsideFrom = 256;

        /// <summary>Most batches handed to the reading thread and not yet given back (memory: this many batches' items).</summary>
        public const int MostReadAside = 3;

        private readonly Func<IReadOnlyList<string>, IReadOnlyList<T?>> _find;
        private readonly Func<T, string> _identifierOf;
        private readonly Action<string, T?> _write;

        // The identifiers kept for the next batch; the batches handed to the reading thread, oldest first; emptied ones to reuse.
        private Batch _kept = new Batch();
        private readonly Queue<Batch> _readAside = new Queue<Batch>();
        private readonly Stack<Batch> _spare = new Stack<Batch>();
        private ReadingThread? _reading;

        // A record's repeats of one device are written once, as before.
        private readonly HashSet<string> _written = new HashSet<string>(DeviceIdentifier.Comparer);

        private readonly PipedBatch _batch = new PipedBatch();

        /// <param name="find">The batched read: the item of each identifier given, at its place; null where none has it.</param>
        /// <param name="identifierOf">An item's identifier, as stored.</param>
        public PipedIdentifiers(Func<IReadOnlyList<string>, IReadOnlyList<T?>> find, Func<T, string> identifierOf, Action<string, T?> write)
        {
            _find = find;
            _identifierOf = identifierOf;
            _write = write;
        }

        /// <summary>How many identifiers make the next batch due (see <see cref="PipedBatch"/>).</summary>
        public int Limit
        {
            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            get => _batch.Limit;
        }

        /// <summary>True when <see cref="Take"/> has something to give: the kept identifiers are due, or the oldest batch read aside is done.</summary>
        // Per piped record, as Add: every method a piped record or batch runs is optimized at once. Left to tiering, each
        // is compiled twice more (instrumented, then optimized) by .NET's one background compiler thread in the command's
        // first second, the thread that has to deliver PowerShell's own per-record code optimized (PERFORMANCE.md, 22nd round).
        public bool HasWork
        {
            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            get => _kept.Identifiers.Count >= Limit || (_readAside.Count != 0 && _readAside.Peek().Read!.IsDone);
        }

        /// <summary>Keeps one piped record's identifiers (a piped object without one selects nothing).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(string[]? identifiers)
        {
            _batch.Arrived(_kept.Identifiers.Count, keeps: identifiers != null && identifiers.Length != 0);
            if (identifiers == null || identifiers.Length == 0)
            {
                return;
            }

            foreach (string? identifier in identifiers)
            {
                // A piped value is literal: only trimmed, never read as a wildcard pattern.
                _kept.Identifiers.Add((identifier ?? string.Empty).Trim());
            }

            _kept.RecordLengths.Add(identifiers.Length);
        }

        /// <summary>
        /// What can be written now, in the order piped: the batches read aside whose reads are done, then the kept
        /// identifiers when they are due — read at once, or for a large batch handed to the reading thread and given
        /// back by a later call (waiting for the oldest one only when <see cref="MostReadAside"/> are on their way).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Take()
        {
            bool due = _kept.Identifiers.Count >= Limit;
            while (_readAside.Count != 0 && (_readAside.Peek().Read!.IsDone || (due && _readAside.Count >= MostReadAside)))
            {
                TakeReadAside();
            }

            if (due)
            {
                if (Limit >= ReadAsideFrom)
                {
                    Batch batch = _kept;
                    _kept = _spare.Count != 0 ? _spare.Pop() : new Batch();
                    _reading ??= new ReadingThread(_find);
                    batch.Read = _reading.Start(batch.Identifiers);
                    _readAside.Enqueue(batch);
                }
                else
                {
                    // Read at once, after every batch read aside: their items go first, and the store is read by one thread at a time.
                    while (_readAside.Count != 0)
                    {
                        TakeReadAside();
                    }

                    Match(_kept, _find(_kept.Identifiers));
                }

                _batch.Taken();
            }
        }

        /// <summary>The input ended (or a record of another kind came): every identifier still kept or being read, each with its item or null, in the order piped.</summary>
        public void TakeAll()
        {
            while (_readAside.Count != 0)
            {
                TakeReadAside();
            }

            _reading?.Dispose();
            _reading = null;
            if (_kept.Identifiers.Count != 0)
            {
                Match(_kept, _find(_kept.Identifiers));
            }
        }

        /// <summary>
        /// The command ends early (Ctrl+C, -ErrorAction Stop): waits for the batches being read aside, so nothing uses
        /// the store once it is handed back, and drops what was kept. A failure of those reads is not news any more.
        /// </summary>
        public void Abandon()
        {
            // Reads not started yet are not made at all: only the one being read is waited for.
            _reading?.CancelPending();
            while (_readAside.Count != 0)
            {
                Batch batch = _readAside.Dequeue();
                try
                {
                    batch.Read!.Wait();
                }
                catch (Exception)
                {
                    // The command is already ending with the error that stopped it.
                }
            }

            _reading?.Dispose();
            _reading = null;
            _kept.Clear();
        }

        /// <summary>
        /// Waits for every batch being read aside without taking its items (they are given back in order, later), so that the
        /// command may read the store itself now: for an error's hint (Get-BmgDeviceDepLink's not-found names a device's
        /// rename from the history). Only on that error path; a failed read is thrown when its batch is taken, as before.
        /// </summary>
        public void WaitForReadsAside()
        {
            foreach (Batch batch in _readAside)
            {
                try
                {
                    batch.Read!.Wait();
                }
                catch (Exception)
                {
                    // Thrown again, at its place, when the batch is taken (TakeReadAside).
                }
            }
        }

        /// <summary>
        /// Waits for the oldest batch read aside and adds its items; its read's exception, if it failed, is thrown here as it
        /// was, on the pipeline's thread (where BmgCmdlet turns a store's failure into its ErrorRecord, as for a read at once).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void TakeReadAside()
        {
            Batch batch = _readAside.Peek();
            // Should the read have failed, the batch stays: Abandon still waits for the ones after it.
            IReadOnlyList<T?> found = batch.Read!.Wait();
            _readAside.Dequeue();
            Match(batch, found);
            batch.Read = null;
            _spare.Push(batch);
        }

        /// <summary>Each of a batch's identifiers with its item (a record's repeats of one item once), then forgets the batch.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Match(Batch batch, IReadOnlyList<T?> found)
        {
            List<string> identifiers = batch.Identifiers;
            int next = 0;
            foreach (int length in batch.RecordLengths)
            {
                if (length == 1)
                {
                    // The usual piped record, one identifier: nothing to write twice.
                    _write(identifiers[next], found[next]);
                    next++;
                    continue;
                }

                _written.Clear();
                for (int end = next + length; next < end; next++)
                {
                    T? item = found[next];
                    if (item == null || _written.Add(_identifierOf(item)))
                    {
                        _write(identifiers[next], item);
                    }
                }
            }

            batch.Clear();
        }

        /// <summary>Identifiers kept in order (trimmed), how many of them each piped record gave, and their read aside, if any.</summary>
        private sealed class Batch
        {
            public readonly List<string> Identifiers = new List<string>();
            public readonly List<int> RecordLengths = new List<int>();
            public Read? Read;

            public void Clear()
            {
                Identifiers.Clear();
                RecordLengths.Clear();
            }
        }

        /// <summary>One batch's read on the reading thread: its items or its failure, once <see cref="IsDone"/>.</summary>
        private sealed class Read
        {
            private readonly object _gate;
            private IReadOnlyList<T?>? _found;
            private Exception? _failure;
            private volatile bool _done;

            public Read(object gate, IReadOnlyList<string> identifiers)
            {
                _gate = gate;
                Identifiers = identifiers;
            }

            public IReadOnlyList<string> Identifiers { get; }

            /// <summary>True once read (or failed): <see cref="Wait"/> won't wait.</summary>
            public bool IsDone
            {
                [MethodImpl(MethodImplOptions.AggressiveOptimization)]
                get => _done;
            }

            /// <summary>Called by the reading thread, holding the gate.</summary>
            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            public void Finish(IReadOnlyList<T?>? found, Exception? failure)
            {
                _found = found;
                _failure = failure;
                _done = true;
            }

            /// <summary>The items, once read; the read's exception is thrown here as it was.</summary>
            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            public IReadOnlyList<T?> Wait()
            {
                lock (_gate)
                {
                    while (!_done)
                    {
                        Monitor.Wait(_gate);
                    }
                }

                if (_failure != null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(_failure).Throw();
                }

                return _found!;
            }
        }

        /// <summary>
        /// The thread that reads batches aside, in the order given, for one command. Its own thread, not the thread pool's:
        /// a pool thread spins on the CPU for a while after each item, looking for more work, and on two cores that took
        /// the time from the runtime's compiler thread (measured: more CPU and a slower look-up than reading at once).
        /// Both sides wait with Monitor.Wait, which blocks without spinning.
        /// </summary>
        private sealed class ReadingThread : IDisposable
        {
            private readonly Func<IReadOnlyList<string>, IReadOnlyList<T?>> _find;
            private readonly object _gate = new object();
            private readonly Queue<Read> _toRead = new Queue<Read>();
            private bool _closed;

            public ReadingThread(Func<IReadOnlyList<string>, IReadOnlyList<T?>> find)
            {
                _find = find;
                // A background thread: it never keeps the process alive, and it ends when the command does (Dispose).
                var thread = new Thread(Run) { IsBackground = true, Name = "BizMobileGo piped look-ups" };
                thread.Start();
            }

            /// <summary>Hands a batch's identifiers to the thread, after those handed before.</summary>
            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            public Read Start(IReadOnlyList<string> identifiers)
            {
                var read = new Read(_gate, identifiers);
                lock (_gate)
                {
                    _toRead.Enqueue(read);
                    Monitor.PulseAll(_gate);
                }

                return read;
            }

            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            private void Run()
            {
                while (true)
                {
                    Read read;
                    lock (_gate)
                    {
                        while (_toRead.Count == 0 && !_closed)
                        {
                            Monitor.Wait(_gate);
                        }

                        if (_toRead.Count == 0)
                        {
                            return;
                        }

                        read = _toRead.Dequeue();
                    }

                    IReadOnlyList<T?>? found = null;
                    Exception? failure = null;
                    try
                    {
                        found = _find(read.Identifiers);
                    }
                    catch (Exception e)
                    {
                        // Given to the pipeline's thread, which throws it as the synchronous read would have.
                        failure = e;
                    }

                    lock (_gate)
                    {
                        read.Finish(found, failure);
                        Monitor.PulseAll(_gate);
                    }
                }
            }

            /// <summary>Finishes the reads handed over but not started as cancelled (the command is ending): none of them touches the store.</summary>
            public void CancelPending()
            {
                lock (_gate)
                {
                    while (_toRead.Count != 0)
                    {
                        _toRead.Dequeue().Finish(null, new OperationCanceledException("The command ended before this batch was read."));
                    }

                    Monitor.PulseAll(_gate);
                }
            }

            /// <summary>Ends the thread once it has read what it was given (callers wait for those reads first).</summary>
            public void Dispose()
            {
                lock (_gate)
                {
                    _closed = true;
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }
}
