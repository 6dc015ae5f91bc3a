using System.Collections.Generic;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// A store that reads what an import chunk names in one round trip (a server store: each round trip is a wait on
    /// the import's critical path). Optional beside <see cref="IDeviceStore"/>.
    /// </summary>
    public interface IChunkReads
    {
        /// <summary>
        /// Returns what <c>FindUsers(u)</c>, <c>FindDevices(i)</c> and <c>FindDevicesBySerial(s')</c> would, read in one
        /// state, where <c>s'</c> is the serials of <paramref name="serials"/> not held by a device found by identifier
        /// (those are known already: the usual re-import reads and sends each device once).
        /// </summary>
        ChunkRead ReadChunk(IReadOnlyCollection<string> userNames, IReadOnlyCollection<string> identifiers, IReadOnlyCollection<string> serials);

        /// <summary>
        /// Which of the tables an import writes hold no row now, as the store's open transaction sees them; none
        /// (<see cref="EmptyTables.None"/>) outside a transaction. Inside a write transaction a table empty now holds
        /// nothing but the transaction's own rows until it ends (every other writer waits for the writer lock, the store
        /// contract), and inside a read transaction or a snapshot nothing another session commits later shows: so a key
        /// this transaction has not written cannot be found there, and an import need not look it up.
        /// </summary>
        EmptyTables ReadEmptyTables();
    }

    /// <summary>What <see cref="IChunkReads.ReadEmptyTables"/> found: whether users, devices and check-in emails held no row.</summary>
    public readonly record struct EmptyTables(bool Users, bool Devices, bool CheckInEmails)
    {
        /// <summary>Nothing known to be empty: every key is looked up.</summary>
        public static EmptyTables None => default;
    }

    /// <summary>What <see cref="IChunkReads.ReadChunk"/> found: the users by name, the devices by identifier, the devices by serial.</summary>
    public sealed class ChunkRead
    {
        public ChunkRead(IReadOnlyList<User> users, IReadOnlyList<Device> devices, IReadOnlyList<Device> devicesBySerial)
        {
            Users = users;
            Devices = devices;
            DevicesBySerial = devicesBySerial;
        }

        public IReadOnlyList<User> Users { get; }

        public IReadOnlyList<Device> Devices { get; }

        public IReadOnlyList<Device> DevicesBySerial { get; }
    }
}
