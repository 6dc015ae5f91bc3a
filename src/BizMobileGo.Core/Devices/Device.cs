using System;
using System.Collections.Generic;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Times;

namespace BizMobileGo.Core.Devices
{
    public enum DeviceState
    {
        /// <summary>Registered and not yet checked in: the only state in which the record can be edited.</summary>
        Registered,
        CheckedIn,
        Withdrawn,
    }

    /// <summary>Device information: what an admin registers before the device checks in.</summary>
    public sealed class Device : Errors.ICarriesCheckInCode
    {
        public string Identifier { get; set; } = "";
        public string? Template { get; set; }
        public string Code { get; set; } = "";
        public string OS { get; set; } = "";
        public IReadOnlyList<string> DeviceTags { get; set; } = Array.Empty<string>();
        public string? WifiMac { get; set; }
        public string? IMEI { get; set; }
        public string? MEID { get; set; }
        public string? UDID { get; set; }
        public string? Serial { get; set; }
        public int ExpirationDays { get; set; } = Fields.ExpirationDays.DefaultDays;
        public string? DisplayName { get; set; }
        public string? Description { get; set; }
        public string? RegistrationEmail { get; set; }
        public string? UserName { get; set; }
        public DepMethod? DepMethod { get; set; }
        public bool UseDep => DepMethod.HasValue;
        public DeviceState State { get; set; }
        public string? DepDevice { get; set; }
        public string? DepProfile { get; set; }

        // Times in this computer's offset, whatever the store or the clock gave (Times/ShownTime.cs).
        public DateTimeOffset CreatedAt { get => _createdAt; set => _createdAt = ShownTime.Local(value); }
        public DateTimeOffset SavedAt { get => _savedAt; set => _savedAt = ShownTime.Local(value); }
        public DateTimeOffset? CheckedInAt { get => _checkedInAt; set => _checkedInAt = ShownTime.Local(value); }
        public DateTimeOffset? WithdrawnAt { get => _withdrawnAt; set => _withdrawnAt = ShownTime.Local(value); }

        private DateTimeOffset _createdAt;
        private DateTimeOffset _savedAt;
        private DateTimeOffset? _checkedInAt;
        private DateTimeOffset? _withdrawnAt;

        public bool IsLocked => State != DeviceState.Registered;

        /// <summary>
        /// Until when the device's check-ins are refused after too many wrong codes (CheckIn.CheckInLockout); null when they
        /// are not. Not stored with the device: Get-BmgDevice fills it in from the refused check-ins as they are at the read.
        /// </summary>
        public DateTimeOffset? CheckInLockedUntil { get => _checkInLockedUntil; set => _checkInLockedUntil = ShownTime.Local(value); }

        private DateTimeOffset? _checkInLockedUntil;

        /// <summary>
        /// The store's own immutable key of this device (null for a device not read from a store): what its change history
        /// is kept under (ChangeEntry.SubjectKey), so a device removed and another registered under the same Identifier
        /// later are told apart. Never reused by either store.
        /// </summary>
        public long? DeviceKey { get; set; }

        public Device Clone()
        {
            var copy = (Device)MemberwiseClone();
            return copy;
        }
    }

    /// <summary>The DEP link state of a device, as Get-BmgDeviceDepLink shows it.</summary>
    public sealed class DeviceDepLink
    {
        public DeviceDepLink(Device device, DepDevice? depDevice = null)
            : this(device.Identifier, device.DisplayName, device.DepMethod, device.Serial, device.State, device.DepDevice, device.DepProfile,
                device.CheckedInAt, depDevice?.SerialNumber, depDevice?.ReleasedAt)
        {
        }

        /// <summary>
        /// The link as a store reads it (IDepStore.FindDepLinks): only the columns it shows, and the DEP device it uses
        /// (<see cref="DepSerialOf"/>) with its release time, or nulls when that DEP device is unknown or not released.
        /// </summary>
        public DeviceDepLink(string identifier, string? displayName, DepMethod? depMethod, string? serial, DeviceState state,
            string? depDevice, string? depProfile, DateTimeOffset? checkedInAt, string? depSerialNumber, DateTimeOffset? depReleasedAt)
        {
            if (depReleasedAt is DateTimeOffset released)
            {
                DepReleasedAt = ShownTime.Local(released);
                Warning = $"DEP device '{depSerialNumber}' was released by Apple on {ShownTime.ToText(released)}";
            }

            Identifier = identifier;
            DisplayName = displayName;
            UseDep = depMethod.HasValue;
            DepMethod = depMethod;
            Serial = serial;
            State = state;
            DepDevice = depDevice;
            DepProfile = depProfile;
            CheckedInAt = ShownTime.Local(checkedInAt);
        }

        /// <summary>The serial of the DEP device a record is linked to (its DepDevice), or would check in as (its Serial, when it uses DEP); null: none.</summary>
        public static string? DepSerialOf(Device device) => device.DepDevice ?? (device.UseDep ? device.Serial : null);

        public string Identifier { get; }
        public string? DisplayName { get; }
        public bool UseDep { get; }
        public DepMethod? DepMethod { get; }
        public string? Serial { get; }
        public DeviceState State { get; }
        public string? DepDevice { get; }
        public string? DepProfile { get; }
        public DateTimeOffset? CheckedInAt { get; }

        /// <summary>When Apple released the DEP device this record uses (its DepDevice, or the Serial it would check in with).</summary>
        public DateTimeOffset? DepReleasedAt { get; }

        /// <summary>What needs the admin's attention about this DEP link, such as a released DEP device; empty when nothing does.</summary>
        public string? Warning { get; }
    }
}
