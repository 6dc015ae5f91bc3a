using System;
using System.Collections.Generic;
using BizMobileGo.Core.Devices;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// A change the history records for a device whose own row a write leaves as it is: a DEP release of the serial it uses
    /// (issue 15: "DEP releases that affect a device"). The store hands it to the recorder in the write's transaction
    /// (<see cref="Store.IDepStore.RecordDeviceChanges"/>), one entry a device, as it hands the writes of its rows.
    /// </summary>
    public sealed class DeviceFieldChanges
    {
        private DeviceFieldChanges(Device device, IReadOnlyList<FieldChange> changes)
        {
            Device = device;
            Changes = changes;
        }

        /// <summary>The device, as read from the store (with its <see cref="Device.DeviceKey"/>).</summary>
        public Device Device { get; }

        public IReadOnlyList<FieldChange> Changes { get; }

        /// <summary>
        /// Apple released the serial <paramref name="device"/> uses (<paramref name="after"/> the release's time), or a file undid
        /// the release the store held (<paramref name="before"/> its time, <paramref name="after"/> null): DepReleased old → new.
        /// </summary>
        public static DeviceFieldChanges DepRelease(Device device, DateTimeOffset? before, DateTimeOffset? after) =>
            new DeviceFieldChanges(device, new[] { ChangeDiff.DepReleased(before, after) });
    }
}
