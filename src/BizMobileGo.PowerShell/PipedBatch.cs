using System;
using System.Runtime.CompilerServices;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// When piped records kept for one batched read are due: the one timing rule of every command that reads a batch
    /// of piped records at once instead of once per record (<see cref="PipedIdentifiers{T}"/>, Get-BmgCheckInEmail).
    /// </summary>
    /// <remarks>
    /// A batch is due when it holds <see cref="Limit"/> records' worth. The limit starts at one and doubles after
    /// each batch up to <see cref="BatchSize"/>, and falls back to one when input pauses (<see cref="PauseMilliseconds"/>
    /// without a record) or a record has waited <see cref="LongestWaitMilliseconds"/>: a record typed or piped on its own
    /// is answered at once, a file of 100,000 goes a thousand at a time. A cmdlet can only write when it is
    /// called, so what waits in a batch is written when the next record comes or the input ends.
    /// </remarks>
    internal sealed class PipedBatch
    {
        /// <summary>Most items per batched read: bounds the memory held and the statement's size.</summary>
        public const int BatchSize = 1000;

        /// <summary>No record for this long: input is coming slowly (a person, a slow producer), so answer at once.</summary>
        public const int PauseMilliseconds = 50;

        /// <summary>The longest a piped record waits for its batch once the next record has come.</summary>
        public const int LongestWaitMilliseconds = 500;

        // Environment.TickCount (milliseconds, wrapping; compared by difference): a coarse clock is all a pause needs.
        private bool _anyArrived;
        private int _lastArrivedAt;
        private int _firstWaitingSince;

        /// <summary>How many items make the next batch due (see remarks).</summary>
        public int Limit { [MethodImpl(MethodImplOptions.AggressiveOptimization)] get; private set; } = 1;

        /// <summary>A record came, with <paramref name="waiting"/> items kept before it; it will be kept when <paramref name="keeps"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per piped record: see GetBmgDeviceDepLinkCommand
        public void Arrived(int waiting, bool keeps)
        {
            int now = Environment.TickCount;
            bool paused = _anyArrived && unchecked(now - _lastArrivedAt) > PauseMilliseconds;
            _anyArrived = true;
            _lastArrivedAt = now;
            if (paused || (waiting > 0 && unchecked(now - _firstWaitingSince) > LongestWaitMilliseconds))
            {
                // What waits goes out with this record, and the next records are answered one by one until input speeds up.
                Limit = 1;
            }

            if (keeps && waiting == 0)
            {
                _firstWaitingSince = now;
            }
        }

        /// <summary>The kept items were read: the next batch may be twice as large.</summary>
        /// <remarks>
        /// The pause is counted from now: the time the command spent reading (and writing) a batch is not the input pausing.
        /// Over a 30 ms link a batch with a miss (its read, then the history's names) took over <see cref="PauseMilliseconds"/>,
        /// so every next batch fell back to one record: 1,000 misses were 2,002 round trips (walkthrough 33a, finding 7).
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Taken()
        {
            Limit = Math.Min(Limit * 2, BatchSize);
            _lastArrivedAt = Environment.TickCount;
        }
    }
}
