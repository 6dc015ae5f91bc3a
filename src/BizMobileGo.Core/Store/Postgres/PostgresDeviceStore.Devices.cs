using System;
using System.Collections.Generic;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Users;
using Npgsql;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>Devices: reads and batched reads (their write path is in .Changes). Identifiers compare as lower(identifier), the unique index's key.</summary>
    public sealed partial class PostgresDeviceStore : IChunkReads
    {
        private const string DeviceColumns = @"d.identifier, d.template, d.code, d.os, d.wifi_mac, d.imei, d.meid, d.udid, d.serial,
    d.expiration_days, d.display_name, d.description, d.registration_email, u.user_name, d.dep_method, d.state, d.dep_device,
    d.dep_profile, d.created_at, d.saved_at, d.checked_in_at, d.withdrawn_at, d.device_tags, d.device_id";

        private const string DeviceFrom = " FROM devices d LEFT JOIN users u ON u.user_id = d.user_id ";

        // "By Identifier" as SQLite's NOCASE column sorts: ignoring ASCII case, then binary.
        private const string ByIdentifier = " ORDER BY lower(d.identifier) COLLATE \"C\", d.identifier COLLATE \"C\"";

        public Device? GetDevice(string identifier) =>
            Single($"SELECT {DeviceColumns}{DeviceFrom}WHERE lower(d.identifier) = lower($1);", ReadDevice, Text(identifier));

        // Serial equalities compare in byte order, the collation of devices_serial_key (migration 12), so that index serves
        // them: equal bytes are the rule's equal serials under any deterministic collation.
        internal static readonly string DeviceBySerialSql = $@"SELECT {DeviceColumns}{DeviceFrom}WHERE (d.serial COLLATE ""C"") = $1;";

        public Device? GetDeviceBySerial(string serial) => Single(DeviceBySerialSql, ReadDevice, Text(serial));

        // In byte order, as devices_by_dep_device (migration 16) holds them.
        internal static readonly string DevicesCheckedInAsSql = $@"SELECT {DeviceColumns}{DeviceFrom}WHERE (d.dep_device COLLATE ""C"") = $1{ByIdentifier};";

        public IReadOnlyList<Device> GetDevicesCheckedInAs(string depSerial) => Query(DevicesCheckedInAsSql, ReadDevice, Text(depSerial));

        internal static readonly string DevicesCheckedInAsOtherSerialSql =
            $@"SELECT {DeviceColumns}{DeviceFrom}WHERE d.dep_device IS NOT NULL AND (d.serial IS NULL OR (d.serial COLLATE ""C"") <> (d.dep_device COLLATE ""C"")){ByIdentifier};";

        public IReadOnlyList<Device> GetDevicesCheckedInAsOtherSerial() => Query(DevicesCheckedInAsOtherSerialSql, ReadDevice);

        public IReadOnlyList<Device> GetDevicesOfUser(string userName) =>
            Query($"SELECT {DeviceColumns}{DeviceFrom}WHERE u.user_name = $1{ByIdentifier};", ReadDevice, Text(userName));

        public IReadOnlyList<Device> FindDevices(IReadOnlyCollection<string> identifiers) =>
            identifiers.Count == 0 ? new List<Device>()
                : Query(FindDevicesSql, ReadDevice, TextArray(identifiers));

        public IReadOnlyList<Device> FindDevicesBySerial(IReadOnlyCollection<string> serials) =>
            serials.Count == 0 ? new List<Device>()
                : Query(FindDevicesBySerialSql, ReadDevice, TextArray(serials));

        internal static readonly string FindDevicesSql =
            $"SELECT {DeviceColumns}{DeviceFrom}WHERE lower(d.identifier) = ANY (ARRAY(SELECT lower(k) FROM unnest($1::text[]) k));";

        internal static readonly string FindDevicesBySerialSql = $@"SELECT {DeviceColumns}{DeviceFrom}WHERE (d.serial COLLATE ""C"") = ANY($1);";

        // A chunk's devices, by identifier ($1, compared as in FindDevicesSql) and by serial ($2), in one statement; the
        // last column says which look-up found the row (true: by serial). The serials' look-up leaves out the devices the
        // identifiers' look-up found (serials are unique: a serial such a device holds is nobody else's), by their
        // serials, before it searches: the usual re-import names every device by identifier and by its own serial, and
        // the serials then look up nothing. The separate serials' statement this replaces (`d.serial = ANY($1) AND
        // lower(d.identifier) NOT IN (...)`) fetched each of those devices a second time, to drop it: ~1,000 index
        // probes and row fetches a chunk (pg_stat_statements on a loaded machine: ~0.55 s of server time per run of Bench P2).
        internal const string FindChunkDevicesSql =
            $@"WITH by_identifier AS MATERIALIZED (SELECT d.* FROM devices d WHERE lower(d.identifier) = ANY (ARRAY(SELECT lower(k) FROM unnest($1::text[]) k)))
SELECT {DeviceColumns}, false FROM by_identifier d LEFT JOIN users u ON u.user_id = d.user_id
UNION ALL SELECT {DeviceColumns}, true{DeviceFrom}
WHERE (d.serial COLLATE ""C"") = ANY (ARRAY(SELECT s FROM unnest($2::text[]) s EXCEPT SELECT serial FROM by_identifier WHERE serial IS NOT NULL));";

        // The column of FindChunkDevicesSql that says a row was found by serial.
        private const int FoundBySerialColumn = 24;

        /// <summary>
        /// An import chunk's look-ups (users; devices by identifier and by serial) as one batch: one round trip instead
        /// of three, on the import's critical path (the planning thread waits for them between chunks). The serials'
        /// look-up leaves out the devices the identifiers' look-up finds, as <see cref="IChunkReads.ReadChunk"/> says.
        /// </summary>
        public ChunkRead ReadChunk(IReadOnlyCollection<string> userNames, IReadOnlyCollection<string> identifiers, IReadOnlyCollection<string> serials)
        {
            var users = new List<User>();
            var devices = new List<Device>();
            var devicesBySerial = new List<Device>();
            var commands = new List<NpgsqlBatchCommand>(2);
            var targets = new List<Action<NpgsqlDataReader>>(2);
            if (userNames.Count != 0)
            {
                commands.Add(BatchCommand(FindUsersSql, TextArray(userNames)));
                targets.Add(r => users.Add(ReadUser(r)));
            }

            if (identifiers.Count != 0 || serials.Count != 0)
            {
                commands.Add(BatchCommand(FindChunkDevicesSql, TextArray(identifiers), TextArray(serials)));
                targets.Add(r => (r.GetBoolean(FoundBySerialColumn) ? devicesBySerial : devices).Add(ReadDevice(r)));
            }

            if (commands.Count != 0)
            {
                // The queued history goes first in the same round trip (RunReading).
                RunReading(commands, (c, reader) =>
                {
                    while (reader.Read())
                    {
                        targets[c](reader);
                    }
                });
            }

            return new ChunkRead(users, devices, devicesBySerial);
        }

        /// <summary>
        /// <see cref="IChunkReads.ReadEmptyTables"/>: one round trip, once an import. Only inside the store's transaction
        /// (the writer lock held, or a read transaction's one snapshot) or a snapshot store (a dry run's one snapshot): outside
        /// one, another writer could add a row right after the answer, so nothing is said to be empty.
        /// </summary>
        public EmptyTables ReadEmptyTables()
        {
            if (!_inStoreTransaction && !_snapshot)
            {
                return EmptyTables.None;
            }

            List<EmptyTables> empty = Query(
                "SELECT NOT EXISTS (SELECT FROM users), NOT EXISTS (SELECT FROM devices), NOT EXISTS (SELECT FROM checkin_emails);",
                r => new EmptyTables(r.GetBoolean(0), r.GetBoolean(1), r.GetBoolean(2)));
            return empty[0];
        }

        // In pages (KeysetListing) on devices_by_identifier_folded (migration 7): lower(identifier COLLATE "C") is unique, as
        // the unique lower(identifier) is (it folds the same ASCII letters and more), so it alone orders the pages; it is
        // ByIdentifier's order (ASCII letters folded, then code points). Identifiers are never empty: '' starts before the first.
        internal const string DevicesAfterSql = "SELECT " + DeviceColumns + DeviceFrom
            + @"WHERE lower(d.identifier COLLATE ""C"") > lower($1 COLLATE ""C"") ORDER BY lower(d.identifier COLLATE ""C"") LIMIT $2;";

        public IEnumerable<Device> GetDevices() =>
            KeysetListing.Read<Device>(HighestKey("SELECT coalesce(max(device_id), 0) FROM devices;"),
                (last, size) => Query(DevicesAfterSql, ReadDevice, Text(last?.Identifier ?? string.Empty), new NpgsqlParameter<int>() { TypedValue = size }),
                device => device.DeviceKey);

        private long HighestKey(string sql) => Query(sql, r => r.GetInt64(0))[0];

        // A range on devices_by_identifier_folded (migration 7) or devices_serial_key (migration 12; serials are stored
        // upper-cased, NamePrefix.Low upper-cases the prefix), as GetNamesStartingWith seeks them; the few rows of the range are
        // then sorted by identifier, GetDevices' order.
        private const string DevicesByIdentifierPrefixSql = "SELECT " + DeviceColumns + DeviceFrom
            + @"WHERE lower(d.identifier COLLATE ""C"") >= ($1 COLLATE ""C"") AND lower(d.identifier COLLATE ""C"") < ($2 COLLATE ""C"")" + ByIdentifier + ";";

        private const string DevicesBySerialPrefixSql = "SELECT " + DeviceColumns + DeviceFrom
            + @"WHERE (d.serial COLLATE ""C"") >= ($1 COLLATE ""C"") AND (d.serial COLLATE ""C"") < ($2 COLLATE ""C"")" + ByIdentifier + ";";

        public IReadOnlyList<Device> GetDevicesStartingWith(NameSource list, string prefix)
        {
            string sql = list switch
            {
                NameSource.DeviceIdentifiers => DevicesByIdentifierPrefixSql,
                NameSource.DeviceSerials => DevicesBySerialPrefixSql,
                _ => throw new ArgumentOutOfRangeException(nameof(list)),
            };
            return Query(sql, ReadDevice, Text(NamePrefix.Low(list, prefix)), Text(NamePrefix.High(list, prefix)));
        }

        // LIKE's escape is a backslash by default; lower() under "C" folds ASCII letters only, as the patterns are folded. A name
        // with any other character is read too (the client's pattern decides): the server's filter may return too much, never too little.
        private const string DevicesByIdentifierLikeSql = "SELECT " + DeviceColumns + DeviceFrom
            + @"WHERE lower(d.identifier COLLATE ""C"") LIKE ANY($1) OR (d.identifier COLLATE ""C"") ~ '[^ -~]'" + ByIdentifier + ";";

        private const string DevicesBySerialLikeSql = "SELECT " + DeviceColumns + DeviceFrom
            + @"WHERE lower(d.serial COLLATE ""C"") LIKE ANY($1) OR (d.serial COLLATE ""C"") ~ '[^ -~]'" + ByIdentifier + ";";

        private const string DevicesByRegistrationEmailLikeSql = "SELECT " + DeviceColumns + DeviceFrom
            + @"WHERE lower(d.registration_email COLLATE ""C"") LIKE ANY($1) OR (d.registration_email COLLATE ""C"") ~ '[^ -~]'" + ByIdentifier + ";";

        public IReadOnlyList<Device> GetDevicesLike(NameSource list, IReadOnlyList<string> likePatterns)
        {
            string sql = list switch
            {
                NameSource.DeviceIdentifiers => DevicesByIdentifierLikeSql,
                NameSource.DeviceSerials => DevicesBySerialLikeSql,
                NameSource.DeviceRegistrationEmails => DevicesByRegistrationEmailLikeSql,
                _ => throw new ArgumentOutOfRangeException(nameof(list)),
            };
            return Query(sql, ReadDevice, TextArray(likePatterns));
        }

        // A rename's holders in pages by key (ReferenceRename.Rename), on the primary key from the last one read.

        /// <summary>The first <paramref name="size"/> devices after key <paramref name="afterKey"/> whose tags hold <paramref name="tag"/> as a whole element.</summary>
        private List<Device> DevicesWithTag(string tag, long afterKey, int size) =>
            Query($"SELECT {DeviceColumns}{DeviceFrom}WHERE d.device_tags @> ARRAY[$1] AND d.device_id > $2 ORDER BY d.device_id LIMIT $3;",
                ReadDevice, Text(tag), Bigint(afterKey), Integer(size));

        private List<Device> DevicesWithTemplate(string template, long afterKey, int size) =>
            Query($"SELECT {DeviceColumns}{DeviceFrom}WHERE d.template = $1 AND d.device_id > $2 ORDER BY d.device_id LIMIT $3;",
                ReadDevice, Text(template), Bigint(afterKey), Integer(size));

        private Device ReadDevice(NpgsqlDataReader r) => new Device
        {
            Identifier = r.GetString(0),
            Template = NullableString(r, 1),
            PlainCode = r.GetString(2),
            OS = r.GetString(3),
            WifiMac = NullableString(r, 4),
            IMEI = NullableString(r, 5),
            MEID = NullableString(r, 6),
            UDID = NullableString(r, 7),
            Serial = NullableString(r, 8),
            ExpirationDays = r.GetInt32(9),
            DisplayName = NullableString(r, 10),
            Description = NullableString(r, 11),
            RegistrationEmail = NullableString(r, 12),
            UserName = NullableString(r, 13),
            DEPMethod = r.IsDBNull(14) ? (DepMethod?)null : (DepMethod)Enum.Parse(typeof(DepMethod), r.GetString(14)),
            State = (DeviceState)Enum.Parse(typeof(DeviceState), r.GetString(15)),
            DepDevice = NullableString(r, 16),
            DepProfile = NullableString(r, 17),
            CreatedAt = ReadTime(r, 18),
            SavedAt = ReadTime(r, 19),
            CheckedInAt = NullableTime(r, 20),
            WithdrawnAt = NullableTime(r, 21),
            DeviceTags = ReadList(r, 22),
            DeviceKey = r.GetInt64(23),
            Database = Location,
        };
    }
}
