using System;
using System.Collections.Generic;
using System.Threading;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// What a walk of the whole chain (Test-BmgHistory, Clear-BmgHistory's count and clear) heeds as it goes: a stop (Ctrl+C),
    /// checked every <see cref="Every"/> entries (and in what goes before the walk: the file's check, the names index's read),
    /// and how far it has got, told at the same points. A walk of 1,500,000 entries
    /// took ~10 CPU s, and a Ctrl+C waited for its end (walkthrough 34b, findings 3, 5 and 9).
    /// </summary>
    public sealed class HistoryWalk
    {
        /// <summary>Entries between checks: a few milliseconds of walking.</summary>
        public const int Every = 1000;

        private readonly CancellationToken _stop;
        private readonly Action<long>? _walked;
        private readonly Action<long>? _compared;

        /// <param name="stop">Ends the walk with an OperationCanceledException.</param>
        /// <param name="walked">The entries walked so far (a pack counts as the entries it holds), every <see cref="Every"/> or so.</param>
        /// <param name="compared">The device and user rows compared so far with their history (Test-BmgHistory -Records), as often.</param>
        public HistoryWalk(CancellationToken stop, Action<long>? walked = null, Action<long>? compared = null)
        {
            _stop = stop;
            _walked = walked;
            _compared = compared;
        }

        /// <summary>No stop, nothing told: a walk of the library's own.</summary>
        public static HistoryWalk Unwatched { get; } = new HistoryWalk(CancellationToken.None);

        /// <summary>The stop the walk heeds, for what goes before it (the store file's check).</summary>
        internal CancellationToken Stop => _stop;

        /// <summary>
        /// Rows read before the walk (the names index, a row a subject's name: 1,000,000 at a million devices), the stop checked
        /// every <see cref="Every"/> of them as they are read (walkthrough 34b: a stop waited for the whole read).
        /// </summary>
        internal List<T> ReadAll<T>(IEnumerable<T> rows)
        {
            _stop.ThrowIfCancellationRequested();
            var read = new List<T>();
            foreach (T row in rows)
            {
                read.Add(row);
                if (read.Count % Every == 0)
                {
                    _stop.ThrowIfCancellationRequested();
                }
            }

            return read;
        }

        /// <summary>
        /// Rows compared after the walk (Test-BmgHistory -Records: every device, then every user), the stop checked and how many
        /// told every <see cref="Every"/> of them; <paramref name="before"/>: rows compared before these (the devices, for the users).
        /// </summary>
        internal IEnumerable<T> WatchRows<T>(IEnumerable<T> rows, long before = 0)
        {
            _stop.ThrowIfCancellationRequested();
            long compared = before;
            foreach (T row in rows)
            {
                if (++compared % Every == 0)
                {
                    _stop.ThrowIfCancellationRequested();
                    _compared?.Invoke(compared);
                }

                yield return row;
            }
        }

        internal IEnumerable<ChangeEntry> Watch(IEnumerable<ChangeEntry> chain)
        {
            _stop.ThrowIfCancellationRequested();
            long walked = 0;
            long told = 0;
            foreach (ChangeEntry entry in chain)
            {
                walked += HistoryChain.Count(entry);
                if (walked - told >= Every)
                {
                    told = walked;
                    _stop.ThrowIfCancellationRequested();
                    _walked?.Invoke(walked);
                }

                yield return entry;
            }
        }
    }
}
