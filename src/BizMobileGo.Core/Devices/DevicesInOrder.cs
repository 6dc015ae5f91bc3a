using System.Collections.Generic;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Devices
{
    /// <summary>
    /// A batch of exact identifiers read with one statement (<see cref="IDeviceRecordStore.FindDevices"/>) and handed back in the
    /// order given, each with its device or null: what a command that answers piped identifiers a batch at a time
    /// (Get-BmgDevice, Export-BmgDeviceCsv) needs in place of one <see cref="IDeviceRecordStore.GetDevice"/> per identifier, which
    /// over a 30 ms link made 1,000 piped identifiers 1,003 round trips (walkthrough 33a, finding 2).
    /// </summary>
    public static class DevicesInOrder
    {
        /// <summary>The device of each identifier (compared ignoring case, as the store compares it) at its place; null where none has it.</summary>
        public static IReadOnlyList<Device?> Read(IDeviceStore store, IReadOnlyList<string> identifiers)
        {
            var found = new Device?[identifiers.Count];
            if (identifiers.Count == 0)
            {
                return found;
            }

            var distinct = new HashSet<string>(identifiers, DeviceIdentifier.Comparer);
            var byIdentifier = new Dictionary<string, Device>(DeviceIdentifier.Comparer);
            foreach (Device device in store.FindDevices(distinct))
            {
                byIdentifier[device.Identifier] = device;
            }

            for (int place = 0; place < identifiers.Count; place++)
            {
                found[place] = byIdentifier.TryGetValue(identifiers[place], out Device? device) ? device : null;
            }

            return found;
        }
    }
}
