using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
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
        private Task<IReadOnlyList<T?>>? _reading;

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
        public bool HasWork => _kept.Identifiers.Count >= Limit || (_reading != null && _reading.IsCompleted);

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
            var results = new List<(string, T?)>();
            bool due = _kept.Identifiers.Count >= Limit;
            if (_reading != null && (due || _reading.IsCompleted))
            {
                TakeReadAside(results);
            }

            if (due)
            {
                if (Limit >= ReadAsideFrom)
                {
                    (_readAside, _kept) = (_kept, _readAside);
                    Batch batch = _readAside;
                    _reading = Task.Run(() => _find(batch.Identifiers));
                }
                else
                {
                    Match(_kept, _find(_kept.Identifiers), results);
                }

                _batch.Taken();
            }

            return results;
        }

        /// <summary>The input ended: every identifier still kept or being read, each with its item or null, in the order piped.</summary>
        public List<(string Identifier, T? Item)> TakeAll()
        {
            var results = new List<(string, T?)>();
            if (_reading != null)
            {
                TakeReadAside(results);
            }

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
            Task<IReadOnlyList<T?>>? reading = _reading;
            _reading = null;
            if (reading != null)
            {
                try
                {
                    reading.GetAwaiter().GetResult();
                }
                catch (Exception)
                {
                    // The command is already ending with the error that stopped it.
                }
            }

            _kept.Clear();
            _readAside.Clear();
        }

        /// <summary>Waits for the batch read aside and adds its items; its read's exception, if it failed, is thrown here as it was.</summary>
        private void TakeReadAside(List<(string, T?)> results)
        {
            Task<IReadOnlyList<T?>> reading = _reading!;
            _reading = null;
            IReadOnlyList<T?> found;
            try
            {
                found = reading.GetAwaiter().GetResult();
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
