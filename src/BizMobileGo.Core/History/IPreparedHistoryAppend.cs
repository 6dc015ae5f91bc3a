using System.Collections.Generic;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// A store whose append has a part that needs no connection (both stores find and encode their packs of created
    /// records there: <see cref="PackedAppend"/>): <see cref="HistoryRecorder"/> runs that part on the thread that numbers
    /// and hashes a batch, so the writing thread only stores the result, and the entries themselves need not wait for it. Optional beside
    /// <see cref="IHistoryStore"/>, whose Append stays the whole of it: <c>AppendPrepared(Prepare(linked))</c> must do
    /// exactly what <c>Append(linked)</c> does.
    /// </summary>
    public interface IPreparedHistoryAppend
    {
        /// <summary>
        /// Called on any thread with linked entries; must not touch the store's connection or state. What it returns
        /// holds everything AppendPrepared needs (the entries are not passed again).
        /// </summary>
        object Prepare(IReadOnlyList<ChangeEntry> linked);

        /// <summary>Persists what <see cref="Prepare"/> made of linked entries inside the open write transaction, as Append would have.</summary>
        void AppendPrepared(object prepared);
    }
}
