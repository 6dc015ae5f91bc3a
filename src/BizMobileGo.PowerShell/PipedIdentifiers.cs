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
    /// pipeline's own cost per object is what is left. <see cref="Take"/> and <see cref="TakeAll"/> give every
    /// identifier back in the order piped, with its item or null, so a command writes the same output (and the
    /// same errors, at the same places) as it would looking each one up as it came.
    /// </summary>
    /// <remarks>
    /// When a batch is due is <see cref="PipedBatch"/>'s rule. A large batch (input has come fast for a while,
    /// <see cref="ReadAsideFrom"/>) is read on another thread while PowerShell binds the next records on the
    /// pipeline's: on two cores the store's read and PowerShell's work per record overlap instead of adding up.
    /// Its items are given back at the first record after the read ends (or when the next batch is due, or the
    /// input ends), still in order. The store is used by one thread at a time: while a batch is read aside the
    /// command does not touch it, and <see cref="Abandon"/> waits for that read before the store is handed back.
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

        private readonly Func<IReadOnlyList<string>, IReadOnlyList<T?>> _find;
        private readonly Func<T, string> _identifierOf;

        // The identifiers kept for the next batch, and the batch being read aside (two sets of lists, swapped).
        private Batch _kept = new Batch();
        private Batch _readAside = new Batch();
        private ReadingThread? _reading;

        // A record's repeats of one device are written once, as before.
        private readonly HashSet<string> _written = new HashSet<string>(DeviceIdentifier.Comparer);

        private readonly PipedBatch _batch = new PipedBatch();

        /// <param name="find">The batched read: the item of each identifier given, at its place; null where none has it.</param>
        /// <param name="identifierOf">An item's identifier, as stored.</param>
        public PipedIdentifiers(Func<IReadOnlyList<string>, IReadOnlyList<T?>> find, Func<T, string> identifierOf)
        {
            _find = find;
            _identifierOf = identifierOf;
        }

        /// <summary>How many identifiers make the next batch due (see <see cref="PipedBatch"/>).</summary>
        public int Limit => _batch.Limit;

        /// <summary>True when <see cref="Take"/> has something to give: the kept identifiers are due, or a batch read aside is done.</summary>
        public bool HasWork => _kept.Identifiers.Count >= Limit || (_reading != null && _reading.IsBusy && _reading.IsDone);

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
        /// What can be written now, in the order piped: a batch read aside once it is done (waiting for it when the
        /// next batch is due), then the kept identifiers when they are due — read at once, or for a large batch
        /// started on another thread and given back by a later call.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public List<(string Identifier, T? Item)> Take()
        {
            bool due = _kept.Identifiers.Count >= Limit;
            bool takeReadAside = _reading != null && _reading.IsBusy && (due || _reading.IsDone);
            var results = new List<(string, T?)>((takeReadAside ? _readAside.Identifiers.Count : 0) + (due ? _kept.Identifiers.Count : 0));
            if (takeReadAside)
            {
                TakeReadAside(results);
            }

            if (due)
            {
                if (Limit >= ReadAsideFrom)
                {
                    (_readAside, _kept) = (_kept, _readAside);
                    _reading ??= new ReadingThread(_find);
                    _reading.Start(_readAside.Identifiers);
                }
                else
                {
                    Match(_kept, _find(_kept.Identifiers), results);
                }

                _batch.Taken();
            }

            return results;
        }

        /// <summary>The input ended (or a record of another kind came): every identifier still kept or being read, each with its item or null, in the order piped.</summary>
        public List<(string Identifier, T? Item)> TakeAll()
        {
            var results = new List<(string, T?)>(_readAside.Identifiers.Count + _kept.Identifiers.Count);
            if (_reading != null && _reading.IsBusy)
            {
                TakeReadAside(results);
            }

            _reading?.Dispose();
            _reading = null;
            if (_kept.Identifiers.Count != 0)
            {
                Match(_kept, _find(_kept.Identifiers), results);
            }

            return results;
        }

        /// <summary>
        /// The command ends early (Ctrl+C, -ErrorAction Stop): waits for a batch being read aside, so nothing uses the
        /// store once it is handed back, and drops what was kept. A failure of that read is not news any more.
        /// </summary>
        public void Abandon()
        {
            ReadingThread? reading = _reading;
            _reading = null;
            if (reading != null)
            {
                try
                {
                    if (reading.IsBusy)
                    {
                        reading.Wait();
                    }
                }
                catch (Exception)
                {
                    // The command is already ending with the error that stopped it.
                }

                reading.Dispose();
            }

            _kept.Clear();
            _readAside.Clear();
        }

        /// <summary>Waits for the batch read aside and adds its items; its read's exception, if it failed, is thrown here as it was.</summary>
        private void TakeReadAside(List<(string, T?)> results)
        {
            IReadOnlyList<T?> found;
            try
            {
                found = _reading!.Wait();
            }
            catch
            {
                _readAside.Clear();
                throw;
            }

            Match(_readAside, found, results);
        }

        /// <summary>Each of a batch's identifiers with its item (a record's repeats of one item once), then forgets the batch.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Match(Batch batch, IReadOnlyList<T?> found, List<(string, T?)> results)
        {
            List<string> identifiers = batch.Identifiers;
            int next = 0;
            foreach (int length in batch.RecordLengths)
            {
                if (length == 1)
                {
                    // The usual piped record, one identifier: nothing to write twice.
                    results.Add((identifiers[next], found[next]));
                    next++;
                    continue;
                }

                _written.Clear();
                for (int end = next + length; next < end; next++)
                {
                    T? item = found[next];
                    if (item == null || _written.Add(_identifierOf(item)))
                    {
                        results.Add((identifiers[next], item));
                    }
                }
            }

            batch.Clear();
        }

        /// <summary>
        /// The thread that reads batches aside, one at a time, for one command. Its own thread, not the thread pool's: a
        /// pool thread spins on the CPU for a while after each item, looking for more work, and on two cores that took
        /// the time from the runtime's compiler thread (measured: more CPU and a slower look-up than reading at once).
        /// Both sides wait with Monitor.Wait, which blocks without spinning.
        /// </summary>
        private sealed class ReadingThread : IDisposable
        {
            private readonly Func<IReadOnlyList<string>, IReadOnlyList<T?>> _find;
            private readonly object _gate = new object();
            private IReadOnlyList<string>? _identifiers;
            private IReadOnlyList<T?>? _found;
            private Exception? _failure;
            private volatile bool _done;
            private bool _closed;

            public ReadingThread(Func<IReadOnlyList<string>, IReadOnlyList<T?>> find)
            {
                _find = find;
                // A background thread: it never keeps the process alive, and it ends when the command does (Dispose).
                var thread = new Thread(Run) { IsBackground = true, Name = "BizMobileGo piped look-ups" };
                thread.Start();
            }

            /// <summary>True from <see cref="Start"/> until <see cref="Wait"/> has given its batch's items.</summary>
            public bool IsBusy { get; private set; }

            /// <summary>True once the batch started last has been read (or failed): <see cref="Wait"/> won't wait.</summary>
            public bool IsDone => _done;

            public void Start(IReadOnlyList<string> identifiers)
            {
                lock (_gate)
                {
                    _identifiers = identifiers;
                    _done = false;
                    IsBusy = true;
                    Monitor.PulseAll(_gate);
                }
            }

            /// <summary>The items of the batch started last, once read; its read's exception is thrown here as it was.</summary>
            public IReadOnlyList<T?> Wait()
            {
                IReadOnlyList<T?>? found;
                Exception? failure;
                lock (_gate)
                {
                    while (!_done)
                    {
                        Monitor.Wait(_gate);
                    }

                    found = _found;
                    failure = _failure;
                    _found = null;
                    _failure = null;
                    IsBusy = false;
                }

                if (failure != null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
                }

                return found!;
            }

            private void Run()
            {
                while (true)
                {
                    IReadOnlyList<string> identifiers;
                    lock (_gate)
                    {
                        while (_identifiers == null && !_closed)
                        {
                            Monitor.Wait(_gate);
                        }

                        if (_closed)
                        {
                            return;
                        }

                        identifiers = _identifiers!;
                        _identifiers = null;
                    }

                    IReadOnlyList<T?>? found = null;
                    Exception? failure = null;
                    try
                    {
                        found = _find(identifiers);
                    }
                    catch (Exception e)
                    {
                        // Given to the pipeline's thread, which throws it as the synchronous read would have.
                        failure = e;
                    }

                    lock (_gate)
                    {
                        _found = found;
                        _failure = failure;
                        _done = true;
                        Monitor.PulseAll(_gate);
                    }
                }
            }

            /// <summary>Ends the thread (after the batch it may be reading: callers <see cref="Wait"/> first).</summary>
            public void Dispose()
            {
                lock (_gate)
                {
                    _closed = true;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        /// <summary>Identifiers kept in order (trimmed), and how many of them each piped record gave.</summary>
        private sealed class Batch
        {
            public readonly List<string> Identifiers = new List<string>();
            public readonly List<int> RecordLengths = new List<int>();

            public void Clear()
            {
                Identifiers.Clear();
                RecordLengths.Clear();
            }
        }
    }
}
