using System;
using System.Collections.Generic;
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

        /// <summary>
        /// Point look-ups a command makes before it reads the DEP device list once instead: a listing of thousands of
        /// devices must not cost a round trip each (PostgreSQL: 20,000 devices took seconds, a review found), while a
        /// look-up of a few devices reads no more than those.
        /// </summary>
        public const int PointLookUps = 32;

        private int _pointLookUps;

        /// <summary>Apple's current DEP devices by serial, read once after <see cref="PointLookUps"/> point look-ups.</summary>
        private Dictionary<string, DepDevice>? _listed;

        public DepLinkLookup(IDepStore store) => _store = store;

        /// <summary>No DEP device (released or not) has been imported: Apple's list was never imported, or all of it was removed.</summary>
        public bool DepListIsEmpty => _depListEmpty ??= !_store.HasDepDevices();

        public DeviceDepLink LinkOf(Device device)
        {
            string? depSerial = DeviceDepLink.DepSerialOf(device);
            string? profileNamed = ProfileNamedNow(device.DepProfile);
            if (depSerial == null)
            {
                return new DeviceDepLink(device, depProfileNamed: profileNamed);
            }

            // Looked up when check-in would need the serial in the list (and the list has devices: an empty one is said once,
            // not per device), or when Apple released any DEP device; otherwise nothing it holds changes the link.
            bool checkListed = device.Serial != null && DeviceDepLink.ChecksInThroughDep(device.State, device.DEPMethod) && !DepListIsEmpty;
            if (!checkListed && !(_anyReleased ??= _store.HasReleasedDepDevices()))
            {
                return new DeviceDepLink(device, depProfileNamed: profileNamed);
            }

            DepDevice? depDevice = DepDeviceOf(depSerial);
            return new DeviceDepLink(device, depDevice, depSerialUnlisted: checkListed && depDevice == null, depProfileNamed: profileNamed);
        }

        /// <summary>Each DepProfile text seen, with the name of the profile whose uuid it is (null: none, shown as recorded).</summary>
        private readonly Dictionary<string, string?> _profileNames = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// The name known now of a profile a check-in recorded by its uuid, since Apple's profile response named it (walkthrough
        /// 31b, 11), as the store's link read gives it; null for a name recorded at check-in, or a uuid still unnamed. One
        /// look-up per distinct text a command meets (devices share a few profiles).
        /// </summary>
        private string? ProfileNamedNow(string? depProfile)
        {
            if (depProfile == null)
            {
                return null;
            }

            if (!_profileNames.TryGetValue(depProfile, out string? name))
            {
                _profileNames[depProfile] = name = _store.GetDepProfileName(depProfile);
            }

            return name;
        }

        /// <summary>
        /// The DEP devices of a batch of serials (an import's chunk of rows), read in one look-up of just what a link reads
        /// (<see cref="IDepStore.FindDepDevicesForLinks"/>) and answered from it, until the next batch replaces it: memory holds
        /// one batch, whatever the number of batches. Only <see cref="LinkOf"/> reads them.
        /// </summary>
        public void ReadBatch(IReadOnlyCollection<string> serials)
        {
            _batch.Clear();
            if (serials.Count == 0)
            {
                return;
            }

            foreach (string serial in serials)
            {
                _batch[serial] = null;
            }

            foreach (DepDevice found in _store.FindDepDevicesForLinks(serials))
            {
                _batch[found.SerialNumber] = found;
            }
        }

        // The last batch read (ReadBatch): each serial asked, with its DEP device (null: none, released or not).
        private readonly Dictionary<string, DepDevice?> _batch = new Dictionary<string, DepDevice?>(StringComparer.Ordinal);

        /// <summary>The DEP device with this serial, released or not (as <see cref="IDepStore.GetDepDevice"/> finds it).</summary>
        private DepDevice? DepDeviceOf(string serial)
        {
            if (_batch.TryGetValue(serial, out DepDevice? batched))
            {
                return batched;
            }

            if (_listed == null && ++_pointLookUps <= PointLookUps)
            {
                return _store.GetDepDevice(serial);
            }

            if (_listed == null)
            {
                _listed = new Dictionary<string, DepDevice>(StringComparer.Ordinal);
                foreach (DepDevice listed in _store.GetDepDevices())
                {
                    _listed[listed.SerialNumber] = listed;
                }
            }

            if (_listed.TryGetValue(serial, out DepDevice? depDevice))
            {
                return depDevice;
            }

            // Not in the current list: a released DEP device (the list leaves those out) or none at all.
            return (_anyReleased ??= _store.HasReleasedDepDevices()) ? _store.GetDepDevice(serial) : null;
        }
    }
}
