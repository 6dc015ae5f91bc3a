using System;
using System.Collections.Generic;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Times;

namespace BizMobileGo.Core.Devices
{
    public enum DeviceState
    {
        // From 1, never 0: PowerShell reads an enum's 0 as false (README, "No enum a command outputs has a member at 0").
        // The numbers stand a second time in SQLite's DEP-link SQL (SqliteDeviceStore.Dep.cs, DepLinkState's CASE: a SQL
        // text must be a constant, and an enum's number can't be put into one): renumbered, change it there too.
        /// <summary>Registered and not yet checked in: the only state in which the record can be edited.</summary>
        Registered = 1,
        CheckedIn,
        Withdrawn,
    }

    /// <summary>Device information: what an admin registers before the device checks in.</summary>
    public sealed class Device : Errors.ICarriesCheckInCode, Store.IReadFromStore
    {
        public string Identifier { get; set; } = "";
        public string? Template { get; set; }
        /// <summary>
        /// The check-in code, hidden (<see cref="HiddenCode"/>, made once with the code): `*`, ConvertTo-Json and Export-Csv
        /// of a device show no code; `$device.Code | ConvertFrom-SecureString -AsPlainText` reads it, and the module's -Code
        /// parameters take it as it is.
        /// </summary>
        public HiddenCode Code { get; private set; } = NoCode;

        /// <summary>The code as text, for the module's own work (compare, store, export, mail); no public property, so no output shows it.</summary>
        /// <remarks>
        /// The same code set again keeps its hidden code (immutable): an import's row gives the code its stored device read
        /// (the same string, the file's cell), and a re-import made a second one a row for nothing.
        /// </remarks>
        internal string PlainCode
        {
            get => Code.Text;
            set
            {
                if (!string.Equals(Code.Text, value, StringComparison.Ordinal))
                {
                    Code = new HiddenCode(value);
                }
            }
        }

        private static readonly HiddenCode NoCode = new HiddenCode("");
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
        public DepMethod? DEPMethod { get; set; }
        public bool UseDep => DEPMethod.HasValue;
        public DeviceState State { get; set; } = DeviceState.Registered;
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

        /// <summary>
        /// The edit lock: a CheckedIn or Withdrawn device's registered information can't be changed (DeviceLocked). Not
        /// the check-in lockout (<see cref="IsCheckInLocked"/>). The default views show it as <see cref="IsEditLocked"/>.
        /// </summary>
        public bool IsLocked => State != DeviceState.Registered;

        /// <summary>
        /// <see cref="IsLocked"/> under a name that says which lock it is, for the default views: beside the check-in lockout,
        /// "IsLocked : False" read as "not locked" under a table that said "(lockout)" (walkthrough 17, 5). IsLocked stays for scripts.
        /// </summary>
        public bool IsEditLocked => IsLocked;

        /// <summary>
        /// Until when the device's check-ins are refused after too many wrong codes (CheckIn.CheckInLockout); null when they
        /// are not. Not stored with the device: Get-BmgDevice fills it in from the refused check-ins as they are at the read.
        /// </summary>
        public DateTimeOffset? CheckInLockedUntil { get => _checkInLockedUntil; set => _checkInLockedUntil = ShownTime.Local(value); }

        private DateTimeOffset? _checkInLockedUntil;

        /// <summary>
        /// Whether the device's check-ins were refused when Get-BmgDevice read it (too many wrong codes): CheckInLockedUntil
        /// is set only when CheckInLockout.LockedUntil found the lockout on (the rule the check-in applies). The table's
        /// "(lockout)" mark shows this; it has nothing to do with the edit lock (<see cref="IsEditLocked"/>).
        /// </summary>
        public bool IsCheckInLocked => CheckInLockedUntil.HasValue;

        /// <summary>
        /// The store's own immutable key of this device (null for a device not read from a store): what its change history
        /// is kept under (ChangeEntry.SubjectKey), so a device removed and another registered under the same Identifier
        /// later are told apart. Never reused by either store.
        /// </summary>
        public long? DeviceKey { get; set; }

        /// <summary>
        /// The store this device was read from (or created in), as the store shows its location: a file path, or a server URI
        /// without its password (<see cref="Store.IDeviceStore.Location"/>); null for a device no store gave. A command not
        /// given -Database refuses a piped device of another store (PipedFromOtherStore), rather than change the device of that
        /// Identifier in its own (walkthrough 28, finding 5). Not in the default views.
        /// </summary>
        public string? Database { get; set; }

        /// <summary>
        /// The Identifier, as an admin names the device: "Updated $device" and -join read like "$(Get-Item x)" (walkthrough 25,
        /// finding 2). Never the check-in code, nor any other field.
        /// </summary>
        public override string ToString() => Identifier;

        public Device Clone()
        {
            var copy = (Device)MemberwiseClone();
            return copy;
        }
    }

    /// <summary>The DEP link state of a device, as Get-BmgDeviceDepLink shows it.</summary>
    public sealed class DeviceDepLink : Store.IReadFromStore
    {
        /// <param name="depSerialUnlisted">See the other constructor; the caller looked the DEP device up (null: not in the list).</param>
        /// <param name="depProfileNamed">
        /// The name known now of the profile the device recorded by its uuid at check-in (a profile not named then); null: the
        /// DepProfile as recorded. A store's link read names it in the same way (walkthrough 31b, 11).
        /// </param>
        public DeviceDepLink(Device device, DepDevice? depDevice = null, bool depSerialUnlisted = false, string? depProfileNamed = null)
            : this(device.Identifier, device.DisplayName, device.DEPMethod, device.Serial, device.State, device.DepDevice, depProfileNamed ?? device.DepProfile,
                device.CheckedInAt, depDevice?.SerialNumber, depDevice?.ReleasedAt, depSerialUnlisted,
                depDevice != null && depDevice.ReleasedAt == null && !depDevice.IsIos ? depDevice.Family : null)
        {
            Database = device.Database;
        }

        /// <summary>
        /// The link as a store reads it (IDepStore.FindDepLinks): only the columns it shows, and the DEP device it uses
        /// (<see cref="DepSerialOf"/>) with its release time, or nulls when that DEP device is unknown or not released.
        /// </summary>
        /// <param name="depSerialUnlisted">
        /// True when Apple's DEP device list (released devices included) is not empty and has no device with the serial
        /// this record uses (<see cref="DepSerialOf"/>). Only a record that checks in through DEP (<see cref="ChecksInThroughDep"/>)
        /// with a Serial is warned about; for any other record the value is not read.
        /// </param>
        /// <param name="depNotIosFamily">
        /// The family (<see cref="DepPlatform.FamilyOf"/>) of the DEP device this record uses when Apple's list says it is not
        /// an iOS device (<see cref="DepDevice.IsIos"/>: a Mac, an Apple TV) and it is not released; null otherwise. Read, as
        /// depSerialUnlisted is, only for a record that checks in through DEP with a Serial.
        /// </param>
        // Optimized at once: a piped look-up makes 100,000 of these in its first second (SqliteDeviceStore.GetDepLinks).
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public DeviceDepLink(string identifier, string? displayName, DepMethod? depMethod, string? serial, DeviceState state,
            string? depDevice, string? depProfile, DateTimeOffset? checkedInAt, string? depSerialNumber, DateTimeOffset? depReleasedAt,
            bool depSerialUnlisted = false, string? depNotIosFamily = null)
        {
            if (depReleasedAt is DateTimeOffset released)
            {
                DepReleasedAt = ShownTime.Local(released);
                Warning = $"On {ShownTime.ToText(released)}, Apple released DEP device '{depSerialNumber}'";
            }
            else if (depNotIosFamily != null && serial != null && ChecksInThroughDep(state, depMethod))
            {
                // What check-in refuses (CheckInService: "is a Mac DEP device"), said before the device tries: a device saved
                // with DEP before Apple's list said what the serial is keeps its DEPMethod (the planner checks only a change).
                Warning = NotIosWarning(serial, depNotIosFamily);
            }
            else if (depSerialUnlisted && serial != null && ChecksInThroughDep(state, depMethod))
            {
                // What check-in refuses (CheckInService: "not a DEP device assigned to this MDM"), said before the device tries.
                Warning = UnlistedSerialWarning(serial);
            }

            Identifier = identifier;
            DisplayName = displayName;
            UseDep = depMethod.HasValue;
            DEPMethod = depMethod;
            Serial = serial;
            State = state;
            DepDevice = depDevice;
            DepProfile = depProfile;
            CheckedInAt = ShownTime.Local(checkedInAt);
        }

        /// <summary>The serial of the DEP device a record is linked to (its DepDevice), or would check in as (its Serial, when it uses DEP); null: none.</summary>
        public static string? DepSerialOf(Device device) => device.DepDevice ?? (device.UseDep ? device.Serial : null);

        /// <summary>
        /// A record whose check-in is still to come and goes through DEP: check-in refuses it unless the serial it reports
        /// (its Serial, when it has one) is in Apple's DEP device list. A static, not a property: a link's properties are its output.
        /// </summary>
        public static bool ChecksInThroughDep(DeviceState state, DepMethod? depMethod) => state == DeviceState.Registered && depMethod.HasValue;

        /// <summary>
        /// True when the statement that read <paramref name="link"/> saw Apple's DEP device list not empty (released devices
        /// count): its DEP device was in the list, or the list lacked it (<c>depSerialUnlisted</c>, which asks the list's
        /// emptiness anyway). A store's link read knows it; false: not known (a link made from a whole device). A look-up that
        /// saw it asks the store no more whether the list is empty (Get-BmgDeviceDepLink's one warning of an empty list).
        /// A static, not a property: a link's properties are its output.
        /// </summary>
        public static bool ReadBesideDepDevices(DeviceDepLink link) => link.DepListSeenNotEmpty;

        /// <summary>See <see cref="ReadBesideDepDevices"/>; set by the stores' link reads.</summary>
        internal bool DepListSeenNotEmpty { get; init; }

        /// <summary>
        /// A warning as one line of a command's output, naming the device and its store ("Device 'x' in the store '…': ...",
        /// <see cref="SearchedStore"/>: Apple's list is the one imported there): the line of a link's warning
        /// (<see cref="WarningLine(IDeviceStore)"/>) other than a released DEP device's, and DeviceEditor's unlisted serial of an empty list.
        /// </summary>
        public static string WarningLine(string identifier, string warning, IDeviceStore store) => $"Device '{identifier}' {SearchedStore.In(store)}: {warning}.";

        /// <summary>
        /// This link's <see cref="Warning"/> as one line of a command's output, naming the device: Get-BmgDeviceDepLink's
        /// WARNING line, and the same words from New-/Set-BmgDevice and Set-BmgDeviceDepEnrollment (DeviceEditor.DepLinkWarning);
        /// null when there is no warning. A released DEP device's line opens with its time ("On 2026-12-02 00:00:00 +00:00,
        /// Apple released DEP device 'X', which device 'y' uses."): PowerShell wraps a WARNING line at spaces, and after
        /// "WARNING: Device 'y': DEP device 'X' was released by Apple on " an 80-column console broke the time in two for an
        /// Identifier of up to 8 characters (left26); at the line's start it never breaks, whatever the Identifier's length.
        /// A method, not a property: a link's properties are its output.
        /// </summary>
        /// <param name="store">The store the link was read from, named in the line (walkthrough 29, finding 7).</param>
        public string? WarningLine(IDeviceStore store) => Warning == null ? null
            : DepReleasedAt != null ? $"{Warning}, which device '{Identifier}' {SearchedStore.In(store)} uses." : WarningLine(Identifier, Warning, store);

        /// <summary>The Warning of a link whose Serial Apple's (not empty) DEP device list doesn't have.</summary>
        public static string UnlistedSerialWarning(string serial) =>
            $"Serial '{serial}' is not in Apple's DEP device list, so its check-in will be refused; import Apple's current list (Import-BmgDepDevice) or correct the device's Serial";

        /// <summary>The Warning of a link whose Serial Apple's DEP device list says is not an iOS device (<paramref name="family"/>: Mac, AppleTV...).</summary>
        public static string NotIosWarning(string serial, string family) =>
            $"Serial '{serial}' is {Text.EnglishWords.WithArticle(DepPlatform.Describe(family))} in Apple's DEP device list, and DEP enrollment here is for iOS devices (iPhone, iPad), so its check-in will be refused; correct the device's Serial or turn its DEP enrollment off (Set-BmgDeviceDepEnrollment -Disable)";

        /// <summary>
        /// The one warning of a look-up that showed <paramref name="devices"/> records checking in through DEP while Apple's
        /// DEP device list is empty: said once, not per device, since nothing about each device is wrong yet (Apple's list
        /// was never imported), and every such check-in would be refused until it is.
        /// </summary>
        /// <param name="which">Which devices: the ones a look-up "shown", an import's "of this import".</param>
        public static string EmptyDepListWarning(int devices, IDeviceStore store, string which = "shown") =>
            $"{Text.EnglishWords.Amount(devices, "device")} {which} {(devices == 1 ? "enrolls" : "enroll")} through DEP, but no DEP device is {SearchedStore.In(store)}: "
            + $"{(devices == 1 ? "its check-in" : "their check-ins")} will be refused until Apple's device list is imported (Import-BmgDepDevice).";

        public string Identifier { get; }
        public string? DisplayName { get; }
        public bool UseDep { get; }
        public DepMethod? DEPMethod { get; }
        public string? Serial { get; }
        public DeviceState State { get; }
        public string? DepDevice { get; }
        public string? DepProfile { get; }
        public DateTimeOffset? CheckedInAt { get; }

        /// <summary>When Apple released the DEP device this record uses (its DepDevice, or the Serial it would check in with).</summary>
        public DateTimeOffset? DepReleasedAt { get; }

        /// <summary>What needs the admin's attention about this DEP link, such as a released DEP device; empty when nothing does.</summary>
        public string? Warning { get; }

        /// <summary>The store whose device this is (<see cref="Store.IReadFromStore"/>): its Serial names that store's DEP device.</summary>
        public string? Database { get; set; }

        /// <summary>The device's Identifier, as <see cref="Device.ToString"/>.</summary>
        public override string ToString() => Identifier;
    }
}
