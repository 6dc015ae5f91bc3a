using System.Collections.Generic;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// A store that can build a chunk's write ahead of it, without its connection: an import's planning thread builds the
    /// next chunk's statements and their parameters while the chunk before is still being written (on the server, or
    /// on the writing thread), and the writing thread then only sends them. Optional beside <see cref="IDeviceStore"/>.
    /// </summary>
    public interface IPreparesChanges
    {
        /// <summary>
        /// Builds the write of <paramref name="changes"/> as <see cref="IDeviceStore.ApplyChanges"/> would make it, touching
        /// neither the store's connection nor any state a write in progress changes: callable on any thread while another
        /// writes. The changes must not change afterwards.
        /// </summary>
        PreparedChanges PrepareChanges(IReadOnlyList<StoreChange> changes);

        /// <summary>Writes what <see cref="PrepareChanges"/> built: the same as <see cref="IDeviceStore.ApplyChanges"/> of its changes.</summary>
        void ApplyPrepared(PreparedChanges prepared);
    }

    /// <summary>A chunk's write built ahead (<see cref="IPreparesChanges"/>); only the store that built it reads it.</summary>
    public abstract class PreparedChanges
    {
        protected PreparedChanges(IReadOnlyList<StoreChange> changes)
        {
            Changes = changes;
        }

        /// <summary>The changes it writes, in order.</summary>
        public IReadOnlyList<StoreChange> Changes { get; }
    }
}
