using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Devices
{
    /// <summary>
    /// The DEP links of devices read whole (Get-BmgDeviceDepLink by name, wildcard or file): the same links a store's
    /// link read (<see cref="IDepStore.GetDepLinks"/>) gives, with each DEP device looked up only where it can change one.
    /// One per command: what it asks about the whole DEP device list, it asks once.
    /// </summary>
    public sealed class DepLinkLookup
    {
        private readonly IDepStore _store;
        private bool? _anyReleased;
        private bool? _depListEmpty;

        public DepLinkLookup(IDepStore store) => _store = store;

        /// <summary>No DEP device (released or not) has been imported: Apple's list was never imported, or all of it was removed.</summary>
        public bool DepListIsEmpty => _depListEmpty ??= !_store.HasDepDevices();

        public DeviceDepLink LinkOf(Device device)
        {
            string? depSerial = DeviceDepLink.DepSerialOf(device);
            if (depSerial == null)
            {
                return new DeviceDepLink(device);
            }

            // Looked up when check-in would need the serial in the list (and the list has devices: an empty one is said once,
            // not per device), or when Apple released any DEP device; otherwise nothing it holds changes the link.
            bool checkListed = device.Serial != null && DeviceDepLink.ChecksInThroughDep(device.State, device.DepMethod) && !DepListIsEmpty;
            if (!checkListed && !(_anyReleased ??= _store.HasReleasedDepDevices()))
            {
                return new DeviceDepLink(device);
            }

            DepDevice? depDevice = _store.GetDepDevice(depSerial);
            return new DeviceDepLink(device, depDevice, depSerialUnlisted: checkListed && depDevice == null);
        }
    }
}
