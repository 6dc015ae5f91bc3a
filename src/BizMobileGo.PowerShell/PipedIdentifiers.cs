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
    /// <remarks>When a batch is due is <see cref="PipedBatch"/>'s rule.</remarks>
    internal sealed class PipedIdentifiers<T> where T : class
    {
        /// <summary>Most identifiers per batched read.</summary>
        public const int BatchSize = PipedBatch.BatchSize;

        private readonly Func<IReadOnlyList<string>, IReadOnlyList<T?>> _find;
        private readonly Func<T, string> _identifierOf;

        // Every kept identifier (trimmed) in order, and how many of them each piped record gave: a record's repeats of
        // one device are written once, as before.
        private readonly List<string> _identifiers = new List<string>();
        private readonly List<int> _recordLengths = new List<int>();
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

        /// <summary>True when the kept identifiers should be looked up (<see cref="Take"/>) now.</summary>
        public bool IsDue => _identifiers.Count >= Limit;

        /// <summary>Keeps one piped record's identifiers (a piped object without one selects nothing).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(string[]? identifiers)
        {
            _batch.Arrived(_identifiers.Count, keeps: identifiers != null && identifiers.Length != 0);
            if (identifiers == null || identifiers.Length == 0)
            {
                return;
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
            _batch.Taken();
            return results;
        }
    }
}
