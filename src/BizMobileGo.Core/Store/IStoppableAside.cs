using System;
using System.Threading.Tasks;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// A store whose round trips a stop (Ctrl+C) ends within seconds even when the server no longer answers (PostgreSQL,
    /// PostgresDeviceStore.Stop). Optional beside <see cref="IDeviceStore"/>. Work handed to it to run on another thread (an
    /// import chunk's writes, beside the planning of the next) makes its round trips there directly, and the thread that
    /// answers the stop waits for that work as it would for one round trip: one hop between threads for the whole chunk,
    /// not one per statement — each hop waits for a core, and on a busy machine that wait is a round trip's cost again.
    /// </summary>
    public interface IStoppableAside
    {
        /// <summary>Starts <paramref name="work"/> (the store's calls, no other) on a pool thread; <see cref="EndAside"/> waits for it.</summary>
        Task RunAside(Action work);

        /// <summary>
        /// Waits for <paramref name="aside"/> or a stop; a stop cancels its statement in flight and, should the server not
        /// answer within seconds, gives up the connection (OperationCanceledException), as for a round trip of this thread.
        /// With <paramref name="rethrow"/>, the work's own failure is thrown here (a cancelled statement as the stop).
        /// </summary>
        void EndAside(Task aside, bool rethrow);
    }
}
