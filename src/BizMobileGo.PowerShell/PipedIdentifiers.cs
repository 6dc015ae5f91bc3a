using System;
using System.Collections.Generic;
using System.Diagnostics;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Identifiers piped to a command, kept until a batch is due and then looked up with one batched read
    /// (such as <see cref="Core.Store.IDepStore.FindDepLinks"/>) instead of one look-up per piped record: the
    /// pipeline's own cost per object is what is left. <see cref="Take"/> gives every identifier back in the
    /// order piped, with its item or null, so a command writes the same output (and the same errors, at the
    /// same places) as it would looking each one up as it came.
    /// </summary>
    /// <remarks>
    /// A batch is due when it holds <see cref="Limit"/> identifiers. The limit starts at one and doubles after
    /// each batch up to <see cref="BatchSize"/>, and falls back to one when input pauses (<see cref="Pause"/>
    /// without a record) or a record has waited <see cref="LongestWait"/>: an identifier typed or piped on its own
    /// is answered at once, a file of 100,000 goes a thousand at a time. A cmdlet can only write when it is
    /// called, so what waits in a batch is written when the next record comes or the input ends.
    /// </remarks>
    internal sealed class PipedIdentifiers<T> where T : class
    {
        /// <summary>Most identifiers per batched read: bounds the memory held and the statement's size.</summary>
        public const int BatchSize = 1000;

        /// <summary>No record for this long: input is coming slowly (a person, a slow producer), so answer at once.</summary>
        public static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(50);

        /// <summary>The longest a piped identifier waits for its batch once the next record has come.</summary>
        public static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(500);

        private static readonly long PauseTicks = (long)(Pause.TotalSeconds * Stopwatch.Frequency);
        private static readonly long LongestWaitTicks = (long)(LongestWait.TotalSeconds * Stopwatch.Frequency);

        private readonly Func<IReadOnlyCollection<string>, IEnumerable<T>> _find;
        private readonly Func<T, string> _identifierOf;

        // Each piped record's identifiers (trimmed), in order; a record's repeats of one device are written once, as before.
        private readonly List<string[]> _records = new List<string[]>();
        private int _count;
        private long _lastAddedAt;
        private long _firstWaitingSince;

        /// <param name="find">The batched read: the items of the identifiers given, in any order, unknown ones left out.</param>
        /// <param name="identifierOf">An item's identifier, as stored.</param>
        public PipedIdentifiers(Func<IReadOnlyCollection<string>, IEnumerable<T>> find, Func<T, string> identifierOf)
        {
            _find = find;
            _identifierOf = identifierOf;
        }

        /// <summary>How many identifiers make the next batch due (see remarks).</summary>
        public int Limit { get; private set; } = 1;

        /// <summary>True when the kept identifiers should be looked up (<see cref="Take"/>) now.</summary>
        public bool IsDue => _count >= Limit;

        /// <summary>Keeps one piped record's identifiers (a piped object without one selects nothing).</summary>
        public void Add(string[]? identifiers)
        {
            long now = Stopwatch.GetTimestamp();
            bool paused = _lastAddedAt != 0 && now - _lastAddedAt > PauseTicks;
            _lastAddedAt = now;
            if (paused || (_count > 0 && now - _firstWaitingSince > LongestWaitTicks))
            {
                // What waits goes out with this record, and the next records are answered one by one until input speeds up.
                Limit = 1;
            }

            if (identifiers == null || identifiers.Length == 0)
            {
                return;
            }

            var trimmed = new string[identifiers.Length];
            for (int i = 0; i < identifiers.Length; i++)
            {
                // A piped value is literal: only trimmed, never read as a wildcard pattern.
                trimmed[i] = (identifiers[i] ?? string.Empty).Trim();
            }

            if (_count == 0)
            {
                _firstWaitingSince = now;
            }

            _records.Add(trimmed);
            _count += trimmed.Length;
        }

        /// <summary>Looks the kept identifiers up in one batched read and forgets them: each with its item, or null when none has it.</summary>
        public IReadOnlyList<(string Identifier, T? Item)> Take()
        {
            if (_records.Count == 0)
            {
                return Array.Empty<(string, T?)>();
            }

            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (string[] record in _records)
            {
                keys.UnionWith(record);
            }

            // The store matches identifiers ignoring ASCII case only (SQLite's NOCASE), and so does this map.
            var found = new Dictionary<string, T>(keys.Count, AsciiIgnoreCase.Instance);
            foreach (T item in _find(keys))
            {
                found[_identifierOf(item)] = item;
            }

            var results = new List<(string, T?)>(_count);
            var written = new HashSet<string>(DeviceIdentifier.Comparer);
            foreach (string[] record in _records)
            {
                if (record.Length == 1)
                {
                    // The usual piped record, one identifier: nothing to write twice.
                    results.Add((record[0], found.TryGetValue(record[0], out T? single) ? single : null));
                    continue;
                }

                written.Clear();
                foreach (string identifier in record)
                {
                    if (!found.TryGetValue(identifier, out T? item))
                    {
                        results.Add((identifier, null));
                    }
                    else if (written.Add(_identifierOf(item)))
                    {
                        results.Add((identifier, item));
                    }
                }
            }

            _records.Clear();
            _count = 0;
            Limit = Math.Min(Limit * 2, BatchSize);
            return results;
        }

        /// <summary>Equal ignoring the case of A-Z only, as SQLite's NOCASE compares.</summary>
        private sealed class AsciiIgnoreCase : IEqualityComparer<string>
        {
            public static readonly AsciiIgnoreCase Instance = new AsciiIgnoreCase();

            public bool Equals(string? x, string? y)
            {
                if (x == null || y == null)
                {
                    return x == y;
                }

                if (x.Length != y.Length)
                {
                    return false;
                }

                for (int i = 0; i < x.Length; i++)
                {
                    if (Fold(x[i]) != Fold(y[i]))
                    {
                        return false;
                    }
                }

                return true;
            }

            public int GetHashCode(string text)
            {
                unchecked
                {
                    int hash = (int)2166136261;
                    foreach (char c in text)
                    {
                        hash = (hash ^ Fold(c)) * 16777619;
                    }

                    return hash;
                }
            }

            private static char Fold(char c) => c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
        }
    }
}
