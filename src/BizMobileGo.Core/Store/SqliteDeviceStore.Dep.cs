using System;
using System.Collections.Generic;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BizMobileGo.Core.Store
{
    /// <summary>Apple's DEP device list and the names of DEP profiles.</summary>
    public sealed partial class SqliteDeviceStore
    {
        // ---- DEP devices ----

        // Identifier: the record holding the serial (SerialHolders): registered with it, else checked in as it (a Keycode device).
        private const string DepDeviceSelect = @"SELECT p.serial_number, p.model, p.description,
    coalesce((SELECT n.profile_name FROM dep_profiles n WHERE n.profile_uuid = p.profile_uuid), p.profile_name), p.imported_at,
    coalesce((SELECT identifier FROM devices WHERE serial = p.serial_number),
        (SELECT identifier FROM devices WHERE dep_device = p.serial_number ORDER BY identifier LIMIT 1)), p.color, p.asset_tag, p.os, p.device_family, p.profile_status,
    p.profile_uuid, p.profile_assign_time, p.profile_push_time, p.device_assigned_date, p.device_assigned_by, p.released_at, p.as_of
    FROM dep_devices p ";

        public DepDevice? GetDepDevice(string serialNumber) =>
            Single(DepDeviceSelect + "WHERE p.serial_number = $key;", serialNumber, ReadDepDevice);

        public IReadOnlyList<DepDevice> FindDepDevices(IReadOnlyCollection<string> serialNumbers)
        {
            var found = new List<DepDevice>(serialNumbers.Count);
            foreach (string keys in KeyArrays(serialNumbers))
            {
                found.AddRange(Query(DepDeviceSelect + "WHERE p.serial_number IN (SELECT value FROM json_each($keys));",
                    c => Set(c, "$keys", keys), ReadDepDevice));
            }

            return found;
        }

        // The family's columns only for a device the import's verdict (is_ios) says is not iOS: an iOS one's are never read.
        private const string DepDevicesForLinks = @"SELECT p.serial_number, p.released_at, CASE WHEN p.is_ios = 0 THEN p.os END,
    CASE WHEN p.is_ios = 0 THEN p.device_family END, CASE WHEN p.is_ios = 0 THEN p.model END
    FROM dep_devices p WHERE p.serial_number IN (SELECT value FROM json_each($keys));";

        public IReadOnlyList<DepDevice> FindDepDevicesForLinks(IReadOnlyCollection<string> serialNumbers)
        {
            var found = new List<DepDevice>(serialNumbers.Count);
            foreach (string keys in KeyArrays(serialNumbers))
            {
                found.AddRange(Query(DepDevicesForLinks, c => Set(c, "$keys", keys), r => new DepDevice
                {
                    SerialNumber = r.GetString(0),
                    ReleasedAt = NullableTime(r, 1),
                    OS = NullableString(r, 2),
                    DeviceFamily = NullableString(r, 3),
                    Model = NullableString(r, 4),
                    Database = Location,
                }));
            }

            return found;
        }

        public IEnumerable<DepDevice> GetDepDevices() =>
            Query(DepDeviceSelect + "WHERE p.released_at IS NULL ORDER BY p.serial_number;", null, ReadDepDevice);

        public IEnumerable<DepDevice> GetReleasedDepDevices() =>
            Query(DepDeviceSelect + "WHERE p.released_at IS NOT NULL ORDER BY p.serial_number;", null, ReadDepDevice);

        // Profiles named by uuid, uuids that devices use but nobody named yet, and names a CSV gave without a uuid.
        public IReadOnlyList<DepProfile> GetDepProfiles() =>
            Query(@"SELECT uuid, name, n FROM (
    SELECT r.profile_uuid AS uuid, r.profile_name AS name,
        (SELECT count(*) FROM dep_devices d WHERE d.profile_uuid = r.profile_uuid AND d.released_at IS NULL) AS n
    FROM dep_profiles r
    UNION ALL
    SELECT d.profile_uuid, NULL, count(*) FROM dep_devices d
    WHERE d.profile_uuid IS NOT NULL AND d.released_at IS NULL AND NOT EXISTS (SELECT 1 FROM dep_profiles r WHERE r.profile_uuid = d.profile_uuid)
    GROUP BY d.profile_uuid
    UNION ALL
    SELECT NULL, d.profile_name, count(*) FROM dep_devices d
    WHERE d.profile_uuid IS NULL AND d.profile_name IS NOT NULL AND d.released_at IS NULL GROUP BY d.profile_name)
ORDER BY coalesce(name, uuid);", null,
                r => new DepProfile(NullableString(r, 0), NullableString(r, 1), r.GetInt32(2)) { Database = Location });

        private DepDevice ReadDepDevice(SqliteStatement r) => new DepDevice
        {
            SerialNumber = r.GetString(0),
            Model = NullableString(r, 1),
            Description = NullableString(r, 2),
            ProfileName = NullableString(r, 3),
            ImportedAt = ParseTime(r.GetString(4)),
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

        private DateTimeOffset? NullableTime(SqliteStatement r, int column) =>
            NullableString(r, column) is string text ? ParseTime(text) : (DateTimeOffset?)null;

        private string? FormatOptionalTime(DateTimeOffset? time) => time.HasValue ? FormatTime(time.Value) : null;

        public bool UpsertDepDevice(DepDevice depDevice)
        {
            bool exists = GetDepDevice(depDevice.SerialNumber) != null;
            Run("INSERT INTO dep_devices (" + DepDeviceColumns.Written + @")
    VALUES ($serial, $model, $description, $profile, $imported_at, $color, $asset_tag, $os, $device_family,
        $profile_status, $profile_uuid, $profile_assign_time, $profile_push_time, $device_assigned_date, $device_assigned_by, $released_at, $is_ios, $as_of)
    " + DepDeviceColumns.OnConflictReplace + ";", c =>
            {
                Set(c, "$serial", depDevice.SerialNumber);
                Set(c, "$model", depDevice.Model);
                Set(c, "$description", depDevice.Description);
                // A profile known by uuid takes its name from dep_profiles, so a later rename shows everywhere.
                Set(c, "$profile", depDevice.ProfileUuid == null ? depDevice.ProfileName : null);
                Set(c, "$imported_at", FormatTime(depDevice.ImportedAt));
                Set(c, "$color", depDevice.Color);
                Set(c, "$asset_tag", depDevice.AssetTag);
                Set(c, "$os", depDevice.OS);
                Set(c, "$device_family", depDevice.DeviceFamily);
                Set(c, "$profile_status", depDevice.ProfileStatus);
                Set(c, "$profile_uuid", depDevice.ProfileUuid);
                Set(c, "$profile_assign_time", FormatOptionalTime(depDevice.ProfileAssignTime));
                Set(c, "$profile_push_time", FormatOptionalTime(depDevice.ProfilePushTime));
                Set(c, "$device_assigned_date", FormatOptionalTime(depDevice.DeviceAssignedDate));
                Set(c, "$device_assigned_by", depDevice.DeviceAssignedBy);
                Set(c, "$released_at", FormatOptionalTime(depDevice.ReleasedAt));
                Set(c, "$is_ios", depDevice.IsIos ? 1 : 0);
                Set(c, "$as_of", FormatOptionalTime(depDevice.AsOf));
            });
            return !exists;
        }

        public void SetDepDeviceAsOf(string serialNumber, DateTimeOffset? asOf) =>
            Run("UPDATE dep_devices SET as_of = $as_of WHERE serial_number = $serial;", c =>
            {
                Set(c, "$serial", serialNumber);
                Set(c, "$as_of", FormatOptionalTime(asOf));
            });

        public void DeleteDepDevice(string serialNumber) =>
            Run("DELETE FROM dep_devices WHERE serial_number = $serial;", c => Set(c, "$serial", serialNumber));

        public bool HasNonIosDepDevices() =>
            Query("SELECT 1 FROM dep_devices WHERE is_ios = 0 AND released_at IS NULL LIMIT 1;", null, r => true).Count != 0;

        public bool HasReleasedDepDevices() =>
            Query("SELECT 1 FROM dep_devices WHERE released_at IS NOT NULL LIMIT 1;", null, r => true).Count != 0;

        public bool HasDepDevices() =>
            Query("SELECT 1 FROM dep_devices LIMIT 1;", null, r => true).Count != 0;

        // ---- DEP links (Get-BmgDeviceDepLink) ----

        // Only the columns a link shows, without the users join, and the DEP device the record uses (its DepDevice, or
        // the Serial it would check in with) joined in: a look-up is one statement, not three, and a batch reads a fraction
        // of what whole devices cost. Keep the DEP serial rule in step with DeviceDepLink.DepSerialOf.
        // The state and the DEP method come as their enum values (DeviceState, DepMethod; 0, which neither has: no device, no method), the
        // DEP device's serial is read only when it was released, and whether the list lacks it as 0/1: a row of a piped
        // look-up makes few strings. The join's index look-up was made before for the release alone; the EXISTS refers to
        // no row, so SQLite runs it once per statement, not per row.
        // The names are the enums' stored names (StoredName); the numbers repeat DeviceState's and DepMethod's (both from 1:
        // a C# constant can't be built from an enum's number, and every SQL text is a constant, ParameterizedSqlTests), and
        // ReadDepLink casts them back; the store contract test reads every state and method back, so a drift fails there.
        private const string DepLinkState = "CASE d.state WHEN 'Registered' THEN 1 WHEN 'CheckedIn' THEN 2 WHEN 'Withdrawn' THEN 3 ELSE 0 END";

        private const string DepLinkMethod = "CASE d.dep_method WHEN 'Serial' THEN 1 WHEN 'Keycode' THEN 2 ELSE 0 END";

        // The columns after the state and the identifier (ReadDepLink's order).
        private const string DepLinkColumns = ", d.display_name, " + DepLinkMethod +
            ", d.serial, d.dep_device, " + DepProfileNow + ", d.checked_in_at, p.released_at, p.serial_number, " + DepSerialUnlisted +
            ", " + DepNotIos + ", p.os, p.device_family, p.model";

        // The profile a device checked in with, by the name known now (walkthrough 31b, 11): a check-in made before Apple's profile
        // response named its profile recorded the profile's uuid (CheckInService), which dep_profiles names once that response
        // is imported; a name recorded at check-in is shown as it was. One probe of dep_profiles' key a row (NOCASE, as uuids compare).
        private const string DepProfileNow = "coalesce((SELECT n.profile_name FROM dep_profiles n WHERE n.profile_uuid = d.dep_profile), d.dep_profile)";

        // DeviceDepLink's depSerialUnlisted: no DEP device joined, and the list is not empty (an empty one is said once).
        private const string DepSerialUnlisted = "p.serial_number IS NULL AND EXISTS (SELECT 1 FROM dep_devices)";

        // DeviceDepLink's depNotIosFamily: the DEP device joined is in Apple's list (not released) and not an iOS device, by
        // is_ios (DepPlatform's verdict, stored at its import); its os, family and model are read only then, for the family.
        private const string DepNotIos = "CASE WHEN p.is_ios = 0 AND p.released_at IS NULL THEN 1 ELSE 0 END";

        private const string DepDeviceJoin = @" LEFT JOIN dep_devices p
    ON p.serial_number = coalesce(d.dep_device, CASE WHEN d.dep_method IS NOT NULL THEN d.serial END)";

        // One row per key, numbered by its place in the array (json_each's key): no sort, no map from identifiers back
        // to links. The identifier column is the left operand, so its NOCASE collation (and its index) applies; the
        // stored identifier is read only when it differs from the key as given (its case), else the key is the link's.
        private const string DepLinksOfKeys = "SELECT k.key, " + DepLinkState +
            ", CASE WHEN d.identifier = k.value COLLATE BINARY THEN NULL ELSE d.identifier END" + DepLinkColumns +
            " FROM json_each($keys) k LEFT JOIN devices d ON d.identifier = k.value" + DepDeviceJoin + ";";

        // The record registered with the serial, else one that checked in as its DEP device (devices_by_dep_device, migration
        // 20; two only in a store where two did before that was refused: the first by Identifier).
        private const string DepLinkOfSerial = "SELECT " + DepLinkState + ", d.identifier" + DepLinkColumns +
            " FROM devices d" + DepDeviceJoin + " WHERE d.serial = $key OR d.dep_device = $key"
            + " ORDER BY CASE WHEN d.serial = $key THEN 0 ELSE 1 END, d.identifier LIMIT 1;";

        // DepLinksOfKeys' one parameter, $keys: bound by its place through the text binder, as the per-row code binds.
        private const int DepLinkKeysParameter = 1;

        // Optimized at once, as everything a piped look-up runs per batch or per row (ReadDepLinks, ReadDepLink, the key
        // array, the link's constructor): left to tiering, each such method is compiled twice more (instrumented, then
        // optimized) by .NET's one background compiler thread in the command's first second, the thread that has to
        // deliver PowerShell's own pipeline code optimized (PERFORMANCE.md, twenty-second round).
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public IReadOnlyList<DeviceDepLink?> GetDepLinks(IReadOnlyList<string> identifiers)
        {
            var links = new DeviceDepLink?[identifiers.Count];
            bool batchedCache = BeginBatchedReadPageCache();
            try
            {
                for (int first = 0; first < identifiers.Count; first += KeysPerLookup)
                {
                    SqliteStatement statement = Command(DepLinksOfKeys);
                    statement.SetAt(DepLinkKeysParameter, KeyArray(identifiers, first, Math.Min(KeysPerLookup, identifiers.Count - first)));
                    ReadDepLinks(statement, identifiers, first, links);
                }
            }
            finally
            {
                if (batchedCache)
                {
                    EndBatchedReadPageCache();
                }
            }

            return links;
        }

        // The JSON text of a batch's keys (KeyArrays' form), built in one buffer kept for the next batch.
        private System.Text.StringBuilder? _keyArray;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private string KeyArray(IReadOnlyList<string> keys, int first, int count)
        {
            System.Text.StringBuilder json = _keyArray ??= new System.Text.StringBuilder(16 * 1024);
            json.Clear().Append('[');
            for (int index = first; index < first + count; index++)
            {
                if (index != first)
                {
                    json.Append(',');
                }

                Text.JsonText.AppendString(json, keys[index]);
            }

            return json.Append(']').ToString();
        }

        /// <summary>Each row of a batch's statement into <paramref name="links"/>, at its key's place; a key without a device stays null.</summary>
        // Optimized at once: a piped look-up reads a hundred thousand of these in the command's first second, before tiering would.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private void ReadDepLinks(SqliteStatement statement, IReadOnlyList<string> identifiers, int first, DeviceDepLink?[] links)
        {
            IntPtr row = statement.NativeHandle;
            int result;
            try
            {
                while ((result = SqliteDirect.Step(row)) == SqliteDirect.Row)
                {
                    int place = first + SqliteDirect.Int32(row, 0);
                    if (SqliteDirect.Int32(row, 1) != 0)
                    {
                        links[place] = ReadDepLink(row, 1, identifiers[place]);
                    }
                }
            }
            finally
            {
                // Done or failed (or an exception of ours): ready to be bound again, as SqliteStatement.Step leaves it.
                statement.Reset();
            }

            if (result != SqliteDirect.Done)
            {
                // SQLite keeps the failure's message across the reset, as SqliteStatement reads it.
                var failure = new SqliteException(raw.sqlite3_errmsg(_connection.Handle).utf8_to_string(), result,
                    raw.sqlite3_extended_errcode(_connection.Handle));
                throw IsStoreFailure(failure) ? Failure(failure) : failure;
            }
        }

        [System.Runtime.CompilerServices.MethodImpl(PerRowCode.Compile)]
        public DeviceDepLink? GetDepLinkBySerial(string serial) => Single(DepLinkOfSerial, serial, r => ReadDepLink(r.NativeHandle, 0, null));

        /// <param name="row">The statement, on a row of a link's columns (the state, the identifier, <see cref="DepLinkColumns"/>) from column <paramref name="first"/>.</param>
        /// <param name="asked">The identifier as looked up, when the identifier column is NULL for "exactly this".</param>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private DeviceDepLink ReadDepLink(IntPtr row, int first, string? asked)
        {
            int method = SqliteDirect.Int32(row, first + 3);
            string? releasedAt = SqliteDirect.WholeText(row, first + 8);
            string? checkedInAt = SqliteDirect.WholeText(row, first + 7);
            bool unlisted = SqliteDirect.Int32(row, first + 10) != 0;
            return new DeviceDepLink(
                identifier: SqliteDirect.WholeText(row, first + 1) ?? asked!,
                displayName: SqliteDirect.WholeText(row, first + 2),
                depMethod: method == 0 ? null : (DepMethod)method,
                serial: SqliteDirect.WholeText(row, first + 4),
                state: (DeviceState)SqliteDirect.Int32(row, first),
                depDevice: SqliteDirect.WholeText(row, first + 5),
                depProfile: SqliteDirect.WholeText(row, first + 6),
                checkedInAt: checkedInAt == null ? null : ParseTime(checkedInAt),
                depSerialNumber: releasedAt == null ? null : SqliteDirect.WholeText(row, first + 9),
                depReleasedAt: releasedAt == null ? null : ParseTime(releasedAt),
                depSerialUnlisted: unlisted,
                depNotIosFamily: SqliteDirect.Int32(row, first + 11) == 0 ? null
                    : DepPlatform.FamilyOf(new DepDevice { OS = SqliteDirect.WholeText(row, first + 12), DeviceFamily = SqliteDirect.WholeText(row, first + 13), Model = SqliteDirect.WholeText(row, first + 14) }))
            {
                Database = Location,
                // Its DEP device joined, or the list's EXISTS true: either way the list has a device.
                DepListSeenNotEmpty = unlisted || !SqliteDirect.IsNull(row, first + 9),
            };
        }

        public string? GetDepProfileName(string profileUuid) =>
            Single("SELECT profile_name FROM dep_profiles WHERE profile_uuid = $key;", profileUuid, r => r.GetString(0));

        public void SetDepProfileName(string profileUuid, string name, DateTimeOffset savedAt) =>
            Run(@"INSERT INTO dep_profiles (profile_uuid, profile_name, saved_at) VALUES ($uuid, $name, $saved_at)
    ON CONFLICT (profile_uuid) DO UPDATE SET profile_name = excluded.profile_name, saved_at = excluded.saved_at;", c =>
            {
                Set(c, "$uuid", profileUuid);
                Set(c, "$name", name);
                Set(c, "$saved_at", FormatTime(savedAt));
            });
    }
}
