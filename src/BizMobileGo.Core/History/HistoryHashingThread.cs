using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The one thread a write transaction's history batches are numbered, hashed and prepared on, while the writing thread
    /// goes on: batches are handed to it in order and hashed one after another, so each links to the one before by
    /// construction, and taken back in the same order. Started at the transaction's first batch hashed aside and
    /// stopped when the transaction ends (<see cref="Stop"/>): no work of a transaction outlives it, and a background
    /// thread never keeps a process alive. <typeparamref name="TWrites"/> is what a batch is handed off as (the recorder's
    /// writes, some of whose entries are made here), <typeparamref name="TBatch"/> what the thread makes of it.
    /// </summary>
    /// <remarks>
    /// Why a thread of its own and not the thread pool: an import hands off about a thousand batches, and each hand-off
    /// to the pool woke a worker that spun (<c>sched_yield</c>) before it slept again: CPU taken from the writing and
    /// planning threads on a two-core machine. This thread sleeps on one monitor between batches and never spins for work.
    /// </remarks>
    internal sealed class HistoryHashingThread<TWrites, TBatch>
        where TBatch : class
    {
        /// <summary>The thread's name, as /proc and a debugger show it (Linux keeps 15 characters).</summary>
        internal const string ThreadName = "BMG history";

        private readonly Func<HistoryHead?, TWrites, TBatch> _link;
        private readonly Func<TBatch, HistoryHead?> _headOf;
        private readonly object _gate = new object();
        private readonly Queue<Waiting> _waiting = new Queue<Waiting>();
        private readonly Queue<TBatch> _hashed = new Queue<TBatch>();
        private readonly Thread _thread;

        // A failure of the batch being hashed: taken in that batch's place (and in every later one's, which would link to it).
        private ExceptionDispatchInfo? _failure;
        private bool _stopping;

        // The head after the last batch hashed here: where the next batch links when it is not given one.
        private HistoryHead? _lastHead;

        private readonly struct Waiting
        {
            public Waiting(TWrites entries, bool headGiven, HistoryHead? head, IReadOnlyList<ChangeEntry>? newestToCheck)
            {
                Entries = entries;
                HeadGiven = headGiven;
                Head = head;
                NewestToCheck = newestToCheck;
            }

            public TWrites Entries { get; }

            public bool HeadGiven { get; }

            public HistoryHead? Head { get; }

            // The chain's newest entries as the store read them, not yet checked: the head is checked here (HistoryHeadCheck).
            public IReadOnlyList<ChangeEntry>? NewestToCheck { get; }
        }

        /// <param name="link">Numbers, hashes and prepares one batch after the given head (null: the history is empty).</param>
        /// <param name="headOf">The chain's head after a batch <paramref name="link"/> made.</param>
        public HistoryHashingThread(Func<HistoryHead?, TWrites, TBatch> link, Func<TBatch, HistoryHead?> headOf)
        {
            _link = link;
            _headOf = headOf;
            _thread = new Thread(Run) { IsBackground = true, Name = ThreadName };
            _thread.Start();
        }

        /// <summary>Whether the thread is still alive: false once <see cref="Stop"/> returned (or a batch failed and it ended).</summary>
        internal bool IsRunning => _thread.IsAlive;

        /// <summary>Batches handed off and not yet taken: hashed or still waiting.</summary>
        public int InFlight { get; private set; }

        /// <summary>
        /// Hands a batch to the thread. With <paramref name="headGiven"/> it links after <paramref name="head"/> (nothing is
        /// in flight: the caller's head is the chain's); otherwise after the batch handed off before it. With
        /// <paramref name="newestToCheck"/> (the transaction's first batch: its head not yet checked) it links after the
        /// head <see cref="HistoryHeadCheck.Checked"/> makes of those entries, checked here: the check's hashing (and, in a
        /// new process, compiling it) is off the writing thread, and a head that fails it fails this batch, so the
        /// writing thread's <see cref="Take"/> throws it and the transaction is rolled back before its commit.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per batch of entries (an import: a thousand): see Import.PerRowCode
        public void HandOff(TWrites entries, bool headGiven, HistoryHead? head, IReadOnlyList<ChangeEntry>? newestToCheck = null)
        {
            lock (_gate)
            {
                _waiting.Enqueue(new Waiting(entries, headGiven, head, newestToCheck));
                InFlight++;
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>Whether the oldest batch in flight is hashed (or failed): <see cref="Take"/> returns at once.</summary>
        public bool OldestReady
        {
            [MethodImpl(PerRowCode.Compile)] // per batch of entries (an import: a thousand): see Import.PerRowCode
            get
            {
                lock (_gate)
                {
                    return _hashed.Count != 0 || _failure != null;
                }
            }
        }

        /// <summary>The oldest batch in flight, once hashed; a failure to hash it (or one before it) is thrown here.</summary>
        [MethodImpl(PerRowCode.Compile)] // per batch of entries (an import: a thousand): see Import.PerRowCode
        public TBatch Take()
        {
            lock (_gate)
            {
                if (InFlight == 0)
                {
                    throw new InvalidOperationException("No history batch is in flight.");
                }

                while (_hashed.Count == 0 && _failure == null)
                {
                    Monitor.Wait(_gate);
                }

                if (_hashed.Count != 0)
                {
                    InFlight--;
                    return _hashed.Dequeue();
                }

                _failure!.Throw();
                throw new InvalidOperationException("Unreachable.");
            }
        }

        /// <summary>
        /// Ends the thread: batches not yet hashed are dropped, the one being hashed is waited for, and so is the thread's
        /// end. Called when the transaction ended, committed or not.
        /// </summary>
        public void Stop()
        {
            lock (_gate)
            {
                _stopping = true;
                _waiting.Clear();
                _hashed.Clear();
                InFlight = 0;
                Monitor.PulseAll(_gate);
            }

            _thread.Join();
        }

        private void Run()
        {
            while (true)
            {
                Waiting next;
                lock (_gate)
                {
                    while (_waiting.Count == 0 && !_stopping)
                    {
                        Monitor.Wait(_gate);
                    }

                    if (_stopping || _failure != null)
                    {
                        return;
                    }

                    next = _waiting.Peek();
                }

                TBatch? batch = null;
                ExceptionDispatchInfo? failure = null;
                try
                {
                    HistoryHead? head = next.NewestToCheck != null ? HistoryHeadCheck.Checked(next.NewestToCheck)
                        : next.HeadGiven ? next.Head : _lastHead;
                    batch = _link(head, next.Entries);
                    _lastHead = _headOf(batch);
                }
                catch (Exception exception)
                {
                    failure = ExceptionDispatchInfo.Capture(exception);
                }

                lock (_gate)
                {
                    if (_stopping)
                    {
                        return;
                    }

                    _waiting.Dequeue();
                    if (failure != null)
                    {
                        // Later batches would link to one that never joined the chain: none is hashed after it.
                        _failure = failure;
                    }
                    else
                    {
                        _hashed.Enqueue(batch!);
                    }

                    Monitor.PulseAll(_gate);
                }
            }
        }
    }
}
