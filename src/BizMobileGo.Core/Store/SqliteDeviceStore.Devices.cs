using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Text;

namespace BizMobileGo.Core.Store
{
    /// <summary>Devices: reads, batched reads, and the one write path of a device.</summary>
    public sealed partial class SqliteDeviceStore
    {
        // ---- devices ----

        private const string DeviceColumns = @"d.device_id, d.identifier, d.template, d.code, d.os, d.wifi_mac, d.imei, d.meid, d.udid, d.serial,
    d.expiration_days, d.display_name, d.description, d.registration_email, u.user_name, d.dep_method, d.state, d.dep_device,
    d.dep_profile, d.created_at, d.saved_at, d.checked_in_at, d.withdrawn_at, d.device_tags";

        private const string DeviceFrom = " FROM devices d LEFT JOIN users u ON u.user_id = d.user_id ";

        public Device? GetDevice(string identifier) =>
            Single($"SELECT {DeviceColumns}{DeviceFrom}WHERE d.identifier = $key;", identifier, ReadDevice);

        public Device? GetDeviceBySerial(string serial) =>
            Single($"SELECT {DeviceColumns}{DeviceFrom}WHERE d.serial = $key;", serial, ReadDevice);

        // By devices_by_dep_device (migration 20).
        public IReadOnlyList<Device> GetDevicesCheckedInAs(string depSerial) =>
            Query($"SELECT {DeviceColumns}{DeviceFrom}WHERE d.dep_device = $key ORDER BY d.identifier;", c => Set(c, "$key", depSerial), ReadDevice);

        public IReadOnlyList<Device> GetDevicesCheckedInAsOtherSerial() =>
            Query($"SELECT {DeviceColumns}{DeviceFrom}WHERE d.dep_device IS NOT NULL AND (d.serial IS NULL OR d.serial <> d.dep_device) ORDER BY d.identifier;",
                null, ReadDevice);

        public IReadOnlyList<Device> GetDevicesOfUser(string userName) =>
            Query($"SELECT {DeviceColumns}{DeviceFrom}WHERE u.user_name = $key ORDER BY d.identifier;", c => Set(c, "$key", userName), ReadDevice);

        // The identifier column compares ignoring case (COLLATE NOCASE), so IN (...) does too.
        [MethodImpl(PerRowCode.Compile)]
        public IReadOnlyList<Device> FindDevices(IReadOnlyCollection<string> identifiers)
        {
            var found = new List<Device>(identifiers.Count);
            foreach (string keys in KeyArrays(identifiers))
            {
                found.AddRange(Query($"SELECT {DeviceColumns}{DeviceFrom}WHERE d.identifier IN (SELECT value FROM json_each($keys));",
                    c => Set(c, "$keys", keys), ReadDevice));
            }

            return found;
        }

        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        public IReadOnlyList<Device> FindDevicesBySerial(IReadOnlyCollection<string> serials)
        {
            var found = new List<Device>(serials.Count);
            foreach (string keys in KeyArrays(serials))
            {
                found.AddRange(Query($"SELECT {DeviceColumns}{DeviceFrom}WHERE d.serial IN (SELECT value FROM json_each($keys));",
                    c => Set(c, "$keys", keys), ReadDevice));
            }

            return found;
        }

        // A rename's holders in pages by key (ReferenceRename.Rename): the tags' test reads the table in rowid order from the
        // key on; a template's index (template, rowid) is sought from it.

        /// <summary>The first <paramref name="size"/> devices after key <paramref name="afterKey"/> whose tags hold <paramref name="tag"/> as a whole name (names never hold '|').</summary>
        private List<Device> DevicesWithTag(string tag, long afterKey, int size) =>
            Query($"SELECT {DeviceColumns}{DeviceFrom}WHERE d.device_id > $after AND instr('|' || d.device_tags || '|', '|' || $key || '|') > 0 ORDER BY d.device_id LIMIT $size;",
                c => HoldersAfter(c, tag, afterKey, size), ReadDevice);

        private List<Device> DevicesWithTemplate(string template, long afterKey, int size) =>
            Query($"SELECT {DeviceColumns}{DeviceFrom}WHERE d.template = $key AND d.device_id > $after ORDER BY d.device_id LIMIT $size;",
                c => HoldersAfter(c, template, afterKey, size), ReadDevice);

        private static void HoldersAfter(SqliteStatement c, string name, long afterKey, int size)
        {
            c.Set("$key", name);
            c.Set("$after", afterKey);
            c.Set("$size", size);
        }

        // In pages by the identifier's unique index (KeysetListing): identifiers are never empty, so '' starts before the first.
        private const string DevicesAfterSql = "SELECT " + DeviceColumns + DeviceFrom + "WHERE d.identifier > $after ORDER BY d.identifier LIMIT $size;";

        public IEnumerable<Device> GetDevices() =>
            KeysetListing.Read<Device>(HighestKey("SELECT coalesce(max(device_id), 0) FROM devices;"), (last, size) => Query(DevicesAfterSql, c =>
            {
                c.Set("$after", last?.Identifier ?? string.Empty);
                c.Set("$size", size);
            }, ReadDevice), device => device.DeviceKey);

        private long HighestKey(string sql) => Query(sql, null, r => r.GetInt64(0))[0];

        // A range on the identifier's unique index (its column is NOCASE), or on the serial's (BINARY; serials are stored
        // upper-cased, NamePrefix.Low upper-cases the prefix), as GetNamesStartingWith seeks them; the few rows of the range
        // are then sorted by identifier, GetDevices' order.
        private const string DevicesByIdentifierPrefixSql =
            "SELECT " + DeviceColumns + DeviceFrom + "WHERE d.identifier >= $low AND d.identifier < $high ORDER BY d.identifier;";

        private const string DevicesBySerialPrefixSql =
            "SELECT " + DeviceColumns + DeviceFrom + "WHERE d.serial >= $low AND d.serial < $high ORDER BY d.identifier;";

        public IReadOnlyList<Device> GetDevicesStartingWith(NameSource list, string prefix)
        {
            string sql = list switch
            {
                NameSource.DeviceIdentifiers => DevicesByIdentifierPrefixSql,
                NameSource.DeviceSerials => DevicesBySerialPrefixSql,
                _ => throw new ArgumentOutOfRangeException(nameof(list)),
            };
            return Query(sql, c =>
            {
                c.Set("$low", NamePrefix.Low(list, prefix));
                c.Set("$high", NamePrefix.High(list, prefix));
            }, ReadDevice);
        }

        // SQLite's LIKE ignores the case of ASCII letters only, as the patterns are folded; GLOB's class finds any other character
        // (such a name is read too, the client's pattern decides: the filter may return too much, never too little).
        private const string DevicesByIdentifierLikeSql = "SELECT " + DeviceColumns + DeviceFrom
            + "WHERE EXISTS (SELECT 1 FROM json_each($patterns) p WHERE d.identifier LIKE p.value ESCAPE '\\') OR d.identifier GLOB '*[^ -~]*' ORDER BY d.identifier;";

        private const string DevicesBySerialLikeSql = "SELECT " + DeviceColumns + DeviceFrom
            + "WHERE EXISTS (SELECT 1 FROM json_each($patterns) p WHERE d.serial LIKE p.value ESCAPE '\\') OR d.serial GLOB '*[^ -~]*' ORDER BY d.identifier;";

        private const string DevicesByRegistrationEmailLikeSql = "SELECT " + DeviceColumns + DeviceFrom
            + "WHERE EXISTS (SELECT 1 FROM json_each($patterns) p WHERE d.registration_email LIKE p.value ESCAPE '\\') OR d.registration_email GLOB '*[^ -~]*' ORDER BY d.identifier;";

        public IReadOnlyList<Device> GetDevicesLike(NameSource list, IReadOnlyList<string> likePatterns)
        {
            string sql = list switch
            {
                NameSource.DeviceIdentifiers => DevicesByIdentifierLikeSql,
                NameSource.DeviceSerials => DevicesBySerialLikeSql,
                NameSource.DeviceRegistrationEmails => DevicesByRegistrationEmailLikeSql,
                _ => throw new ArgumentOutOfRangeException(nameof(list)),
            };
            // One statement, as on PostgreSQL: WildcardLike.Of hands at most MostPatterns (100) patterns. (It was a loop over
            // KeyArrays' arrays of 1,000 keys, which never ran twice: had it, the GLOB arm would have read a non-ASCII name once
            // per array, and the order would have been per array.)
            return Query(sql, c => Set(c, "$patterns", JsonText.Array(likePatterns)), ReadDevice);
        }

        // A re-import reads every device of its file (SqliteStatement's reads call SQLite itself), and the columns whose
        // values repeat from device to device (a template, an OS, a state, the time an import saved its rows) are read as
        // repeated strings: decoding and allocating these texts again for each device was a good part of the reading.
        // And the texts an import's file gives for each device are most of the rest: within an import chunk's reads
        // (_chunkTexts), a stored text equal to its row's cell is read as that cell (GetStringAsGiven), not as a new string;
        // outside them (and for a device no row names) the given cell is null, and each text is decoded as before.
        [MethodImpl(PerRowCode.Compile)]
        private Device ReadDevice(SqliteStatement r)
        {
            string identifier = r.GetString(1);
            ChunkTexts? texts = _chunkTexts;
            string[]? cells = texts?.OfDevice(identifier);
            return new Device
            {
                DeviceKey = r.GetInt64(0),
                Identifier = identifier,
                Template = r.GetRepeatedString(2),
                PlainCode = r.GetStringAsGiven(3, texts?.Cell(cells, FieldKey.Code))!,
                OS = r.GetRepeatedString(4)!,
                WifiMac = r.GetStringAsGiven(5, texts?.Cell(cells, FieldKey.WifiMac)),
                IMEI = r.GetStringAsGiven(6, texts?.Cell(cells, FieldKey.IMEI)),
                MEID = r.GetStringAsGiven(7, texts?.Cell(cells, FieldKey.MEID)),
                UDID = r.GetStringAsGiven(8, texts?.Cell(cells, FieldKey.UDID)),
                Serial = r.GetStringAsGiven(9, texts?.Cell(cells, FieldKey.Serial)),
                ExpirationDays = r.GetInt32(10),
                DisplayName = r.GetStringAsGiven(11, texts?.Cell(cells, FieldKey.DisplayName)),
                Description = r.GetStringAsGiven(12, texts?.Cell(cells, FieldKey.Description)),
                RegistrationEmail = r.GetStringAsGiven(13, texts?.Cell(cells, FieldKey.RegistrationEmail)),
                UserName = r.GetStringAsGiven(14, texts?.Cell(cells, FieldKey.UserName)),
                DEPMethod = r.GetRepeatedString(15) is string method ? StoredName<DepMethod>.Parse(method) : (DepMethod?)null,
                State = StoredName<DeviceState>.Parse(r.GetRepeatedString(16)!),
                DepDevice = r.GetNullableString(17),
                DepProfile = r.GetRepeatedString(18),
                CreatedAt = ParseTime(r.GetRepeatedString(19)!),
                SavedAt = ParseTime(r.GetRepeatedString(20)!),
                CheckedInAt = r.GetNullableString(21) is string checkedInAt ? ParseTime(checkedInAt) : (DateTimeOffset?)null,
                WithdrawnAt = r.GetNullableString(22) is string withdrawnAt ? ParseTime(withdrawnAt) : (DateTimeOffset?)null,
                DeviceTags = _deviceTagLists.Split(r.GetRepeatedString(23)),
                Database = Location,
            };
        }

        /// <summary>An enum stored by name, read back through a table: Enum.Parse's reflection showed in every look-up's profile.</summary>
        private static class StoredName<T> where T : struct
        {
            private static readonly Dictionary<string, T> Values = Build();

            [MethodImpl(PerRowCode.Compile)]
            public static T Parse(string name) => Values.TryGetValue(name, out T value) ? value : (T)Enum.Parse(typeof(T), name);

            private static Dictionary<string, T> Build()
            {
                var values = new Dictionary<string, T>(StringComparer.Ordinal);
                foreach (T value in (T[])Enum.GetValues(typeof(T)))
                {
                    values[value.ToString()!] = value;
                }

                return values;
            }
        }

        private const string DeviceValues = @"$identifier, $template, $code, $os, $wifi_mac, $imei, $meid, $udid, $serial, $expiration_days,
    $display_name, $description, $registration_email, (SELECT user_id FROM users WHERE user_name = $user_name), $dep_method, $state,
    $dep_device, $dep_profile, $created_at, $saved_at, $checked_in_at, $withdrawn_at, $device_tags";

        /// <summary>The write of <see cref="SaveDevice"/> (SqliteDeviceStore.Changes: the write path with its history entry).</summary>
        private void WriteDevice(Device? before, Device? after)
        {
            if (after == null)
            {
                if (before != null)
                {
                    // Zeroed in the file, not only unlinked (SqliteDeviceStore.Erasure).
                    Erasing(() => Run("DELETE FROM devices WHERE identifier = $before;", c => Set(c, "$before", before.Identifier)));
                }

                return;
            }

            if (before == null)
            {
                Run($@"INSERT INTO devices (identifier, template, code, os, wifi_mac, imei, meid, udid, serial, expiration_days,
    display_name, description, registration_email, user_id, dep_method, state, dep_device, dep_profile, created_at, saved_at,
    checked_in_at, withdrawn_at, device_tags) VALUES ({DeviceValues});", c => BindDevice(c, after));
                return;
            }

            // Setting an indexed column rewrites its index entries even when the value is the same, so
            // when none of them changed (the usual re-import), the statement leaves them out.
            bool indexedColumnsChanged = IndexedColumnsChanged(before, after);
            string sql = indexedColumnsChanged
                ? $@"UPDATE devices SET (identifier, template, code, os, wifi_mac, imei, meid, udid, serial, expiration_days,
    display_name, description, registration_email, user_id, dep_method, state, dep_device, dep_profile, created_at, saved_at,
    checked_in_at, withdrawn_at, device_tags) = ({DeviceValues}) WHERE identifier = $before;"
                : @"UPDATE devices SET (code, os, wifi_mac, imei, meid, udid, expiration_days, display_name, description,
    registration_email, dep_method, state, dep_device, dep_profile, created_at, saved_at, checked_in_at, withdrawn_at, device_tags) =
    ($code, $os, $wifi_mac, $imei, $meid, $udid, $expiration_days, $display_name, $description, $registration_email, $dep_method,
    $state, $dep_device, $dep_profile, $created_at, $saved_at, $checked_in_at, $withdrawn_at, $device_tags) WHERE identifier = $before;";
            Run(sql, c =>
            {
                BindDevice(c, after, indexedColumnsChanged);
                Set(c, "$before", before.Identifier);
            });
        }

        // A chunk's new devices, many to a statement (SqliteDeviceStore.Changes: WriteChunk), with the keys they get.
        private static readonly (int Rows, string Sql)[] InsertDeviceStatements = MultiRowStatements(
            @"INSERT INTO devices (device_id, identifier, template, code, os, wifi_mac, imei, meid, udid, serial, expiration_days,
    display_name, description, registration_email, user_id, dep_method, state, dep_device, dep_profile, created_at, saved_at,
    checked_in_at, withdrawn_at, device_tags) VALUES ",
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT user_id FROM users WHERE user_name = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?)");

        private const int InsertDeviceParameters = 24;

        private void InsertDevices(List<Device> devices, List<long> keys) =>
            RunRows(InsertDeviceStatements, devices.Count, InsertDeviceParameters, [MethodImpl(PerRowCode.Compile)] (c, at, row) =>
            {
                Device d = devices[row];
                c.SetAt(at + 1, keys[row]);
                c.SetAt(at + 2, d.Identifier);
                c.SetAt(at + 3, d.Template);
                c.SetAt(at + 4, d.PlainCode);
                c.SetAt(at + 5, d.OS);
                c.SetAt(at + 6, d.WifiMac);
                c.SetAt(at + 7, d.IMEI);
                c.SetAt(at + 8, d.MEID);
                c.SetAt(at + 9, d.UDID);
                c.SetAt(at + 10, d.Serial);
                c.SetAt(at + 11, (long)d.ExpirationDays);
                c.SetAt(at + 12, d.DisplayName);
                c.SetAt(at + 13, d.Description);
                c.SetAt(at + 14, d.RegistrationEmail);
                c.SetAt(at + 15, d.UserName);
                c.SetAt(at + 16, DepMethods.ToText(d.DEPMethod));
                c.SetAt(at + 17, DeviceStates.Text(d.State));
                c.SetAt(at + 18, d.DepDevice);
                c.SetAt(at + 19, d.DepProfile);
                c.SetAt(at + 20, FormatTime(d.CreatedAt));
                c.SetAt(at + 21, FormatTime(d.SavedAt));
                c.SetAt(at + 22, d.CheckedInAt.HasValue ? FormatTime(d.CheckedInAt.Value) : null);
                c.SetAt(at + 23, d.WithdrawnAt.HasValue ? FormatTime(d.WithdrawnAt.Value) : null);
                c.SetAt(at + 24, JoinList(d.DeviceTags));
            });

        /// <summary>True when an update moves a key, unique or referencing column (each one indexed): the identifier, serial, user or template.</summary>
        [MethodImpl(PerRowCode.Compile)]
        private static bool IndexedColumnsChanged(Device before, Device after) =>
            before.Identifier != after.Identifier || before.Serial != after.Serial
            || before.UserName != after.UserName || before.Template != after.Template;

        private void BindDevice(SqliteStatement c, Device d, bool indexedColumns = true)
        {
            if (indexedColumns)
            {
                Set(c, "$identifier", d.Identifier);
                Set(c, "$template", d.Template);
                Set(c, "$serial", d.Serial);
                Set(c, "$user_name", d.UserName);
            }

            Set(c, "$code", d.PlainCode);
            Set(c, "$os", d.OS);
            Set(c, "$wifi_mac", d.WifiMac);
            Set(c, "$imei", d.IMEI);
            Set(c, "$meid", d.MEID);
            Set(c, "$udid", d.UDID);
            Set(c, "$expiration_days", d.ExpirationDays);
            Set(c, "$display_name", d.DisplayName);
            Set(c, "$description", d.Description);
            Set(c, "$registration_email", d.RegistrationEmail);
            Set(c, "$dep_method", DepMethods.ToText(d.DEPMethod));
            Set(c, "$state", DeviceStates.Text(d.State));
            Set(c, "$dep_device", d.DepDevice);
            Set(c, "$dep_profile", d.DepProfile);
            Set(c, "$created_at", FormatTime(d.CreatedAt));
            Set(c, "$saved_at", FormatTime(d.SavedAt));
            Set(c, "$checked_in_at", d.CheckedInAt.HasValue ? FormatTime(d.CheckedInAt.Value) : null);
            Set(c, "$withdrawn_at", d.WithdrawnAt.HasValue ? FormatTime(d.WithdrawnAt.Value) : null);
            Set(c, "$device_tags", JoinList(d.DeviceTags));
        }
    }
}
