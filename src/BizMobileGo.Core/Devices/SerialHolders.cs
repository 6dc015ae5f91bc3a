using System.Runtime.CompilerServices;
using System.Collections.Generic;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Devices
{
    /// <summary>A device record that holds a serial, and how: registered with it, or checked in as its DEP device.</summary>
    public sealed class SerialHolder
    {
        public SerialHolder(Device device, bool checkedInAs)
        {
            Device = device;
            CheckedInAs = checkedInAs;
        }

        public Device Device { get; }

        /// <summary>True when the record holds the serial as the DEP device it checked in as (its DepDevice), not as its Serial.</summary>
        public bool CheckedInAs { get; }

        /// <summary>"device 'X'" as the refusals name it, with how it holds the serial when that is by check-in.</summary>
        public string Describe(string serial) => CheckedInAs
            ? $"device '{Device.Identifier}', which checked in as the DEP device '{serial}'"
            : $"device '{Device.Identifier}'";
    }

    /// <summary>
    /// The rule that a serial number is one device, so it belongs to one device record: the record registered with it (its
    /// Serial), or the record that checked in as the DEP device of that serial (its DepDevice; a Keycode device's serial is
    /// known only from its check-in). Walkthrough 31b, 5: only the registered Serial was looked at, so a second record took
    /// the serial of a DEP device a Keycode device had checked in as, and checked in as it too. New-/Set-BmgDevice,
    /// Set-BmgDeviceDepEnrollment and an import refuse such a serial (DuplicateSerial, RecordPlanner), and a check-in as a
    /// DEP device another record holds is rejected (CheckInRejected, CheckInService). Both decide here; under the store's
    /// writer lock (every write's transaction), so two check-ins at once can't both pass it.
    /// </summary>
    public static class SerialHolders
    {
        /// <summary>
        /// The record other than <paramref name="self"/> (an Identifier, or null for a record not stored yet) that holds
        /// a serial: <paramref name="registered"/> (the device whose Serial it is) first, else the first of
        /// <paramref name="checkedInAs"/> (the devices whose DepDevice it is); null when no other record holds it.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        public static SerialHolder? Other(string? self, Device? registered, IEnumerable<Device> checkedInAs)
        {
            if (registered != null && !IsSelf(registered, self))
            {
                return new SerialHolder(registered, checkedInAs: false);
            }

            foreach (Device device in checkedInAs)
            {
                if (!IsSelf(device, self))
                {
                    return new SerialHolder(device, checkedInAs: true);
                }
            }

            return null;
        }

        /// <summary>As <see cref="Other(string?, Device?, IEnumerable{Device})"/>, read from the store (two indexed look-ups).</summary>
        public static SerialHolder? Other(IDeviceStore store, string serial, string? self) =>
            Other(self, store.GetDeviceBySerial(serial), store.GetDevicesCheckedInAs(serial));

        private static bool IsSelf(Device device, string? self) =>
            self != null && DeviceIdentifier.Comparer.Equals(device.Identifier, self);
    }
}
