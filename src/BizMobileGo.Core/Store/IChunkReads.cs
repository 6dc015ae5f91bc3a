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
