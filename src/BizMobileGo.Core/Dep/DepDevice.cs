using System;
using BizMobileGo.Core.Times;

namespace BizMobileGo.Core.Dep
{
    /// <summary>A device that Apple Business Manager assigned to this MDM server, with the fields Apple's device list gives.</summary>
    public sealed class DepDevice : Store.IReadFromStore
    {
        public string SerialNumber { get; set; } = "";
        public string? Model { get; set; }
        public string? Description { get; set; }
        public string? Color { get; set; }
        public string? AssetTag { get; set; }

        /// <summary>Apple's <c>os</c>: iOS, iPadOS, OSX, tvOS, visionOS...</summary>
        public string? OS { get; set; }

        /// <summary>Apple's <c>device_family</c>: iPhone, iPad, iPod, Mac, AppleTV, Vision...</summary>
        public string? DeviceFamily { get; set; }

        /// <summary>Apple's <c>profile_status</c>: empty, assigned, pushed or removed.</summary>
        public string? ProfileStatus { get; set; }

        /// <summary>The DEP profile Apple assigned (<c>profile_uuid</c>); its name comes from the profiles known.</summary>
        public string? ProfileUuid { get; set; }

        /// <summary>The assigned profile's name: the name known for <see cref="ProfileUuid"/>, or the name a CSV gave.</summary>
        public string? ProfileName { get; set; }

        // Times in this computer's offset, whatever Apple's file or the store gave (Times/ShownTime.cs).
        public DateTimeOffset? ProfileAssignTime { get => _profileAssignTime; set => _profileAssignTime = ShownTime.Local(value); }
        public DateTimeOffset? ProfilePushTime { get => _profilePushTime; set => _profilePushTime = ShownTime.Local(value); }
        public DateTimeOffset? DeviceAssignedDate { get => _deviceAssignedDate; set => _deviceAssignedDate = ShownTime.Local(value); }
        public string? DeviceAssignedBy { get; set; }
        public DateTimeOffset ImportedAt { get => _importedAt; set => _importedAt = ShownTime.Local(value); }

        /// <summary>
        /// The time of Apple's data that last wrote this DEP device: the op_date of its sync entry, else the response's
        /// fetched_until (<see cref="DepEntryTimes"/>). An entry not later than it changes nothing. Null while only files without
        /// a time of their own wrote it (Apple Business Manager's list, the module's CSV), and for DEP devices stored before
        /// schema version 25 (PostgreSQL 22).
        /// </summary>
        public DateTimeOffset? AsOf { get => _asOf; set => _asOf = ShownTime.Local(value); }

        /// <summary>When a sync response released this serial (<c>op_type</c> deleted); such a device is no longer Apple's list.</summary>
        public DateTimeOffset? ReleasedAt { get => _releasedAt; set => _releasedAt = ShownTime.Local(value); }

        /// <summary>
        /// Why a released serial is no DEP device of this MDM, the one wording for a refused check-in and for Get-BmgDepDevice
        /// given that serial; null when not released. It names both ways Apple releases a serial (DepImport): a sync
        /// response's op_type 'deleted' (released at its op_date) and a row of Apple Business Manager's device list that
        /// is not this MDM's (released when the list was imported). The store keeps when, not which: a released entry is
        /// stored alike either way, so saying one source would be a guess.
        /// </summary>
        public string? ReleasedReason => ReleasedBecause($"'{SerialNumber}'");

        /// <summary>
        /// <see cref="ReleasedReason"/> naming the serial as <paramref name="serialAsNamed"/> says it: a look-up echoes the serial
        /// as it was typed ("'f9x1' (serial numbers are compared in upper case, as 'F9X1')", <see cref="Fields.AppleSerial.Echo"/>),
        /// as its not-found error does. Null when not released.
        /// </summary>
        public string? ReleasedBecause(string serialAsNamed) => ReleasedAt is DateTimeOffset released
            ? $"serial {serialAsNamed} was released by Apple on {ShownTime.ToText(released)} (a sync response's op_type 'deleted', or Apple Business Manager's device list showing it not assigned to this MDM), so it is no longer a DEP device assigned to this MDM"
            : null;

        private DateTimeOffset? _profileAssignTime;
        private DateTimeOffset? _profilePushTime;
        private DateTimeOffset? _deviceAssignedDate;
        private DateTimeOffset _importedAt;
        private DateTimeOffset? _asOf;
        private DateTimeOffset? _releasedAt;

        /// <summary>The store this DEP device was read from (<see cref="Store.IReadFromStore"/>); null for one no store gave.</summary>
        public string? Database { get; set; }

        /// <summary>The device record that holds this DEP device's serial, if any: registered with it, else checked in as it (SerialHolders).</summary>
        public string? Identifier { get; internal set; }

        /// <summary>What kind of Apple device this is, from Apple's device_family, os or model (null when nothing says).</summary>
        public string? Family => DepPlatform.FamilyOf(this);

        /// <summary>True unless Apple's data says this is not an iPhone, iPad or iPod (DEP here is for iOS; iPadOS counts as iOS).</summary>
        public bool IsIos => DepPlatform.IsIos(this);

        /// <summary>The serial number, as Apple's list and Get-BmgDepDevice name the device (walkthrough 25, finding 2).</summary>
        public override string ToString() => SerialNumber;

        internal DepDevice Clone() => (DepDevice)MemberwiseClone();
    }

    /// <summary>A DEP profile: Apple's profile_uuid and the name an admin gave it in Apple Business Manager.</summary>
    public sealed class DepProfile : Store.IReadFromStore
    {
        public DepProfile(string? uuid, string? name, int deviceCount)
        {
            Uuid = uuid;
            Name = name;
            DeviceCount = deviceCount;
        }

        /// <summary>Apple's profile_uuid; empty for a profile known only by the name a CSV gave.</summary>
        public string? Uuid { get; }

        /// <summary>The profile's name; empty while only its uuid is known (import Apple's profile response or use Set-BmgDepProfile).</summary>
        public string? Name { get; }

        /// <summary>How many DEP devices (not released) are assigned this profile.</summary>
        public int DeviceCount { get; }

        /// <summary>
        /// The store whose profile this is (<see cref="Store.IReadFromStore"/>): its Name and Uuid bind Get-BmgDepProfile's and
        /// Set-BmgDepProfile's keys, which must not act on another store's profile of that name or uuid.
        /// </summary>
        public string? Database { get; internal set; }

        /// <summary>The Name, as Get-BmgDepProfile takes it; the Uuid while no name is known (walkthrough 25, finding 2).</summary>
        public override string ToString() => string.IsNullOrEmpty(Name) ? Uuid ?? "" : Name!;
    }
}
