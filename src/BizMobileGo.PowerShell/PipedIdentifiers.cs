using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Identifiers piped to a command, kept until a batch is due and then looked up with one batched read
    /// (such as <see cref="Core.Store.IDepStore.GetDepLinks"/>) instead of one look-up per piped record: the
    /// pipeline's own cost per object is what is left. <see cref="Take"/> gives every identifier back in the
    /// order piped, with its item or null, so a command writes the same output (and the same errors, at the
    /// same places) as it would looking each one up as it came.
    /// </summary>
    /// <remarks>
    /// A batch is due when it holds <see cref="Limit"/> identifiers. The limit starts at one and doubles after
    /// each batch up to <see cref="BatchSize"/>, and falls back to one when input pauses (<see cref="PauseMilliseconds"/>
    /// without a record) or a record has waited <see cref="LongestWaitMilliseconds"/>: an identifier typed or piped on its own
    /// is answered at once, a file of 100,000 goes a thousand at a time. A cmdlet can only write when it is
    /// called, so what waits in a batch is written when the next record comes or the input ends.
    /// </remarks>
    internal sealed class PipedIdentifiers<T> where T : class
    {
        /// <summary>Most identifiers per batched read: bounds the memory held and the statement's size.</summary>
        public const int BatchSize = 1000;

        /// <summary>No record for this long: input is coming slowly (a person, a slow producer), so answer at once.</summary>
        public const int PauseMilliseconds = 50;

        /// <summary>The longest a piped identifier waits for its batch once the next record has come.</summary>
        public const int LongestWaitMilliseconds = 500;

        private readonly Func<IReadOnlyList<string>, IReadOnlyList<T?>> _find;
        private readonly Func<T, string> _identifierOf;

        // Every kept identifier (trimmed) in order, and how many of them each piped record gave: a record's repeats of
        // one device are written once, as before.
        private readonly List<string> _identifiers = new List<string>();
        private readonly List<int> _recordLengths = new List<int>();
        private readonly HashSet<string> _written = new HashSet<string>(DeviceIdentifier.Comparer);

        // Environment.TickCount (milliseconds, wrapping; compared by difference): a coarse clock is all a pause needs.
        private bool _anyAdded;
        private int _lastAddedAt;
        private int _firstWaitingSince;

        /// <param name="find">The batched read: the item of each identifier given, at its place; null where none has it.</param>
        /// <param name="identifierOf">An item's identifier, as stored.</param>
        public PipedIdentifiers(Func<IReadOnlyList<string>, IReadOnlyList<T?>> find, Func<T, string> identifierOf)
        {
            _find = find;
            _identifierOf = identifierOf;
        }

        /// <summary>How many identifiers make the next batch due (see remarks).</summary>
        public int Limit { get; private set; } = 1;

        /// <summary>True when the kept identifiers should be looked up (<see cref="Take"/>) now.</summary>
        public bool IsDue => _identifiers.Count >= Limit;

        /// <summary>Keeps one piped record's identifiers (a piped object without one selects nothing).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(string[]? identifiers)
        {
            int now = Environment.TickCount;
            bool paused = _anyAdded && unchecked(now - _lastAddedAt) > PauseMilliseconds;
            _anyAdded = true;
            _lastAddedAt = now;
            if (paused || (_identifiers.Count > 0 && unchecked(now - _firstWaitingSince) > LongestWaitMilliseconds))
            {
                // What waits goes out with this record, and the next records are answered one by one until input speeds up.
                Limit = 1;
            }

            if (identifiers == null || identifiers.Length == 0)
            {
                return;
            }

            if (_identifiers.Count == 0)
            {
                _firstWaitingSince = now;
            }

            foreach (string? identifier in identifiers)
            {
                // A piped value is literal: only trimmed, never read as a wildcard pattern.
                _identifiers.Add((identifier ?? string.Empty).Trim());
            }

            _recordLengths.Add(identifiers.Length);
        }

        /// <summary>Looks the kept identifiers up in one batched read and forgets them: each with its item, or null when none has it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public List<(string Identifier, T? Item)> Take()
        {
            var results = new List<(string, T?)>(_identifiers.Count);
            if (_identifiers.Count == 0)
            {
                return results;
            }

            IReadOnlyList<T?> found = _find(_identifiers);
            int next = 0;
            foreach (int length in _recordLengths)
            {
                if (length == 1)
                {
                    // The usual piped record, one identifier: nothing to write twice.
                    results.Add((_identifiers[next], found[next]));
                    next++;
                    continue;
                }

                _written.Clear();
                for (int end = next + length; next < end; next++)
                {
                    T? item = found[next];
                    if (item == null || _written.Add(_identifierOf(item)))
                    {
                        results.Add((_identifiers[next], item));
                    }
                }
            }

            _identifiers.Clear();
            _recordLengths.Clear();
            Limit = Math.Min(Limit * 2, BatchSize);
            return results;
        }
    }
}
