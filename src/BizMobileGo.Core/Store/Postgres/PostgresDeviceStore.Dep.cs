using System;
using System.Collections.Generic;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using Npgsql;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>Apple's DEP device list and the names of DEP profiles (profile uuids compare ignoring case).</summary>
    public sealed partial class PostgresDeviceStore
    {
        // Identifier: the record holding the serial (SerialHolders): registered with it, else checked in as it (a Keycode device).
        // Both compare in byte order, so devices_serial_key (migration 12) and devices_by_dep_device (migration 16) serve them.
        private const string DepDeviceSelect = @"SELECT p.serial_number, p.model, p.description,
    coalesce((SELECT n.profile_name FROM dep_profiles n WHERE lower(n.profile_uuid) = lower(p.profile_uuid)), p.profile_name), p.imported_at,
    coalesce((SELECT identifier FROM devices WHERE (serial COLLATE ""C"") = p.serial_number),
        (SELECT identifier FROM devices WHERE (dep_device COLLATE ""C"") = p.serial_number ORDER BY lower(identifier) COLLATE ""C"", identifier COLLATE ""C"" LIMIT 1)), p.color, p.asset_tag, p.os, p.device_family, p.profile_status,
    p.profile_uuid, p.profile_assign_time, p.profile_push_time, p.device_assigned_date, p.device_assigned_by, p.released_at, p.as_of
    FROM dep_devices p ";

        public DepDevice? GetDepDevice(string serialNumber) =>
            Single(DepDeviceSelect + "WHERE p.serial_number = $1;", ReadDepDevice, Text(serialNumber));

        public IReadOnlyList<DepDevice> FindDepDevices(IReadOnlyCollection<string> serialNumbers) =>
            serialNumbers.Count == 0 ? new List<DepDevice>()
                : Query(DepDeviceSelect + "WHERE p.serial_number = ANY($1);", ReadDepDevice, TextArray(serialNumbers));

        // The family's columns only for a device the import's verdict (is_ios) says is not iOS: an iOS one's are never read.
        private const string DepDevicesForLinks = @"SELECT p.serial_number, p.released_at, CASE WHEN NOT p.is_ios THEN p.os END,
    CASE WHEN NOT p.is_ios THEN p.device_family END, CASE WHEN NOT p.is_ios THEN p.model END
    FROM dep_devices p WHERE p.serial_number = ANY($1);";

        public IReadOnlyList<DepDevice> FindDepDevicesForLinks(IReadOnlyCollection<string> serialNumbers) =>
            serialNumbers.Count == 0 ? new List<DepDevice>()
                : Query(DepDevicesForLinks, r => new DepDevice
                {
                    SerialNumber = r.GetString(0),
                    ReleasedAt = NullableTime(r, 1),
                    OS = NullableString(r, 2),
                    DeviceFamily = NullableString(r, 3),
                    Model = NullableString(r, 4),
                    Database = Location,
                }, TextArray(serialNumbers));

        public IEnumerable<DepDevice> GetDepDevices() =>
            Query(DepDeviceSelect + "WHERE p.released_at IS NULL ORDER BY p.serial_number COLLATE \"C\";", ReadDepDevice);

        public IEnumerable<DepDevice> GetReleasedDepDevices() =>
            Query(DepDeviceSelect + "WHERE p.released_at IS NOT NULL ORDER BY p.serial_number COLLATE \"C\";", ReadDepDevice);

        // Profiles named by uuid, uuids that devices use but nobody named yet, and names a CSV gave without a uuid.
        public IReadOnlyList<DepProfile> GetDepProfiles() =>
            Query(@"SELECT uuid, name, n FROM (
    SELECT r.profile_uuid AS uuid, r.profile_name AS name,
        (SELECT count(*) FROM dep_devices d WHERE lower(d.profile_uuid) = lower(r.profile_uuid) AND d.released_at IS NULL) AS n
    FROM dep_profiles r
    UNION ALL
    SELECT min(d.profile_uuid), NULL, count(*) FROM dep_devices d
    WHERE d.profile_uuid IS NOT NULL AND d.released_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM dep_profiles r WHERE lower(r.profile_uuid) = lower(d.profile_uuid))
    GROUP BY lower(d.profile_uuid)
    UNION ALL
    SELECT NULL, d.profile_name, count(*) FROM dep_devices d
    WHERE d.profile_uuid IS NULL AND d.profile_name IS NOT NULL AND d.released_at IS NULL GROUP BY d.profile_name) profiles
ORDER BY coalesce(name, uuid) COLLATE ""C"";",
                r => new DepProfile(NullableString(r, 0), NullableString(r, 1), (int)r.GetInt64(2)) { Database = Location });

        private DepDevice ReadDepDevice(NpgsqlDataReader r) => new DepDevice
        {
            SerialNumber = r.GetString(0),
            Model = NullableString(r, 1),
            Description = NullableString(r, 2),
            ProfileName = NullableString(r, 3),
            ImportedAt = ReadTime(r, 4),
            Identifier = NullableString(r, 5),
            Color = NullableString(r, 6),
            AssetTag = NullableString(r, 7),
            OS = NullableString(r, 8),
            DeviceFamily = NullableString(r, 9),
            ProfileStatus = NullableString(r, 10),
            ProfileUuid = NullableString(r, 11),
            ProfileAssignTime = NullableTime(r, 12),
            ProfilePushTime = NullableTime(r, 13),
            DeviceAssignedDate = NullableTime(r, 14),
            DeviceAssignedBy = NullableString(r, 15),
            ReleasedAt = NullableTime(r, 16),
            AsOf = NullableTime(r, 17),
            Database = Location,
        };

        public bool UpsertDepDevice(DepDevice depDevice)
        {
            // xmax is 0 on a row this statement inserted, not on one it updated: one round trip says which.
            object? inserted = Scalar("INSERT INTO dep_devices (" + DepDeviceColumns.Written + @")
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
    " + DepDeviceColumns.OnConflictReplace + @"
    RETURNING (xmax = 0);",
                Text(depDevice.SerialNumber), Text(depDevice.Model), Text(depDevice.Description),
                // A profile known by uuid takes its name from dep_profiles, so a later rename shows everywhere.
                Text(depDevice.ProfileUuid == null ? depDevice.ProfileName : null),
                Time(depDevice.ImportedAt), Text(depDevice.Color), Text(depDevice.AssetTag), Text(depDevice.OS), Text(depDevice.DeviceFamily),
                Text(depDevice.ProfileStatus), Text(depDevice.ProfileUuid), Time(depDevice.ProfileAssignTime), Time(depDevice.ProfilePushTime),
                Time(depDevice.DeviceAssignedDate), Text(depDevice.DeviceAssignedBy), Time(depDevice.ReleasedAt), Boolean(depDevice.IsIos), Time(depDevice.AsOf));
            return inserted is bool wasInserted && wasInserted;
        }

        public void SetDepDeviceAsOf(string serialNumber, DateTimeOffset? asOf) =>
            Run("UPDATE dep_devices SET as_of = $2 WHERE serial_number = $1;", Text(serialNumber), Time(asOf));

        public void DeleteDepDevice(string serialNumber) =>
            Run("DELETE FROM dep_devices WHERE serial_number = $1;", Text(serialNumber));

        public bool HasNonIosDepDevices() =>
            Scalar("SELECT EXISTS (SELECT 1 FROM dep_devices WHERE NOT is_ios AND released_at IS NULL);") is bool any && any;

        public bool HasReleasedDepDevices() =>
            Scalar("SELECT EXISTS (SELECT 1 FROM dep_devices WHERE released_at IS NOT NULL);") is bool any && any;

        public bool HasDepDevices() =>
            Scalar("SELECT EXISTS (SELECT 1 FROM dep_devices);") is bool any && any;

        // ---- DEP links (Get-BmgDeviceDepLink) ----

        // As SqliteDeviceStore's: only the columns a link shows, and the DEP device the record uses joined in (its release,
        // and whether a non-empty list lacks it: the EXISTS refers to no row, so it is an InitPlan run once per statement; and
        // whether it is a DEP device of Apple's list that is not an iOS device, with what its family is read from).
        // Keep the DEP serial rule in step with DeviceDepLink.DepSerialOf.
        // DepProfile: by the name known now, as SqliteDeviceStore's (a uuid recorded at a check-in before the profile had a
        // name, named since by Apple's profile response; uuids compare as dep_profiles' key, lower(profile_uuid)).
        private const string DepLinkColumns = @"d.identifier, d.display_name, d.dep_method, d.serial, d.state, d.dep_device,
    coalesce((SELECT n.profile_name FROM dep_profiles n WHERE lower(n.profile_uuid) = lower(d.dep_profile)), d.dep_profile),
    d.checked_in_at, p.serial_number, p.released_at, (p.serial_number IS NULL AND EXISTS (SELECT 1 FROM dep_devices)),
    coalesce(NOT p.is_ios AND p.released_at IS NULL, false), p.os, p.device_family, p.model";

        private const string DepDeviceJoin = @" LEFT JOIN dep_devices p
    ON p.serial_number = coalesce(d.dep_device, CASE WHEN d.dep_method IS NOT NULL THEN d.serial END)";

        // One row per key, numbered by its place in the array; identifiers compare as FindDevices compares them.
        public IReadOnlyList<DeviceDepLink?> GetDepLinks(IReadOnlyList<string> identifiers)
        {
            var links = new DeviceDepLink?[identifiers.Count];
            if (identifiers.Count == 0)
            {
                return links;
            }

            foreach ((long place, DeviceDepLink? link) in Query("SELECT k.n, " + DepLinkColumns +
                " FROM unnest($1::text[]) WITH ORDINALITY k(value, n) LEFT JOIN devices d ON lower(d.identifier) = lower(k.value)" + DepDeviceJoin + ";",
                r => (r.GetInt64(0), r.IsDBNull(1) ? null : ReadDepLink(r, 1)), TextArray(identifiers)))
            {
                links[place - 1] = link;
            }

            return links;
        }

        // As GetDeviceBySerial compares (devices_serial_key, migration 12): the record registered with the serial, else one that
        // checked in as its DEP device (devices_by_dep_device, migration 16), as SqliteDeviceStore's.
        internal const string DepLinkBySerialSql = "SELECT " + DepLinkColumns + " FROM devices d" + DepDeviceJoin + @" WHERE (d.serial COLLATE ""C"") = $1 OR (d.dep_device COLLATE ""C"") = $1
    ORDER BY CASE WHEN (d.serial COLLATE ""C"") = $1 THEN 0 ELSE 1 END, lower(d.identifier) COLLATE ""C"", d.identifier COLLATE ""C"" LIMIT 1;";

        public DeviceDepLink? GetDepLinkBySerial(string serial) => Single(DepLinkBySerialSql, r => ReadDepLink(r, 0), Text(serial));

        private DeviceDepLink ReadDepLink(NpgsqlDataReader r, int first)
        {
            // The joined DEP device's serial matters only when it was released (a piped look-up's rows make few strings).
            DateTimeOffset? releasedAt = NullableTime(r, first + 9);
            bool unlisted = r.GetBoolean(first + 10);
            return new DeviceDepLink(
                identifier: r.GetString(first),
                displayName: NullableString(r, first + 1),
                depMethod: r.IsDBNull(first + 2) ? (DepMethod?)null : (DepMethod)Enum.Parse(typeof(DepMethod), r.GetString(first + 2)),
                serial: NullableString(r, first + 3),
                state: (DeviceState)Enum.Parse(typeof(DeviceState), r.GetString(first + 4)),
                depDevice: NullableString(r, first + 5),
                depProfile: NullableString(r, first + 6),
                checkedInAt: NullableTime(r, first + 7),
                depSerialNumber: releasedAt == null ? null : NullableString(r, first + 8),
                depReleasedAt: releasedAt,
                depSerialUnlisted: unlisted,
                // Not an iOS device by is_ios (DepPlatform's verdict, stored at its import): its family is read only then.
                depNotIosFamily: !r.GetBoolean(first + 11) ? null
                    : DepPlatform.FamilyOf(new DepDevice { OS = NullableString(r, first + 12), DeviceFamily = NullableString(r, first + 13), Model = NullableString(r, first + 14) }))
            {
                Database = Location,
                // Its DEP device joined, or the list's EXISTS true: either way the list has a device.
                DepListSeenNotEmpty = unlisted || !r.IsDBNull(first + 8),
            };
        }

        public string? GetDepProfileName(string profileUuid) =>
            Single("SELECT profile_name FROM dep_profiles WHERE lower(profile_uuid) = lower($1);", r => r.GetString(0), Text(profileUuid));

        public void SetDepProfileName(string profileUuid, string name, DateTimeOffset savedAt) =>
            Run(@"INSERT INTO dep_profiles (profile_uuid, profile_name, saved_at) VALUES ($1, $2, $3)
    ON CONFLICT ((lower(profile_uuid))) DO UPDATE SET profile_name = excluded.profile_name, saved_at = excluded.saved_at;",
                Text(profileUuid), Text(name), Time(savedAt));
    }
}
