using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Users;
using Npgsql;
using NpgsqlTypes;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// The one write path of users and devices. <see cref="ApplyChanges"/> sends a whole import chunk as one batch
    /// (one round trip): runs of new rows as one multi-row INSERT per table, runs of changed devices as one set-based
    /// UPDATE (.ChangedRows), each other change as one statement, run in order so a later change sees an earlier one.
    /// </summary>
    public sealed partial class PostgresDeviceStore
    {
        private const string DeviceWriteColumns = @"identifier, template, code, os, wifi_mac, imei, meid, udid, serial, expiration_days,
    display_name, description, registration_email, user_id, dep_method, state, dep_device, dep_profile, created_at, saved_at,
    checked_in_at, withdrawn_at, device_tags";

        // $14 is the user name; the row keeps the user's key.
        private const string DeviceWriteValues = @"$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
    (SELECT user_id FROM users WHERE user_name = $14), $15, $16, $17, $18, $19, $20, $21, $22, $23";

        private static readonly string InsertDeviceSql = $"INSERT INTO devices ({DeviceWriteColumns}) VALUES ({DeviceWriteValues}) RETURNING device_id, identifier;";

        private static readonly string UpdateDeviceSql = $"UPDATE devices SET ({DeviceWriteColumns}) = ROW({DeviceWriteValues}) WHERE lower(identifier) = lower($24) RETURNING device_id, identifier;";

        [MethodImpl(PerRowCode.Compile)]
        public void ApplyChanges(IReadOnlyList<StoreChange> changes) => ApplyPrepared(PrepareChanges(changes));

        /// <summary>Builds the batch of <paramref name="changes"/> (.PreparedWrite): no connection, no state of the store's.</summary>
        [MethodImpl(PerRowCode.Compile)]
        public PreparedChanges PrepareChanges(IReadOnlyList<StoreChange> changes) => Prepare(changes);

        [MethodImpl(PerRowCode.Compile)]
        public void ApplyPrepared(PreparedChanges prepared)
        {
            Write((PreparedWrite)prepared);

            // A chunk's entries join the history now, so an import holds at most one chunk of them.
            _recorder?.Flush();
        }

        /// <summary>
        /// The changes as one batch (one round trip when it is sent: <see cref="Write(PreparedWrite)"/>). Runs of inserts
        /// (an import's new users and devices) go as one multi-row statement per table, users first, so a device finds a
        /// user created in the same run; a run of changed devices that keep their keys is one set-based statement
        /// (.ChangedRows); every other change is its own statement, in order. Built from the changes alone: the new users'
        /// keys, taken from the store's sequence, are written into the batch's arrays when it is sent.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        private static PreparedWrite Prepare(IReadOnlyList<StoreChange> changes)
        {
            // Every statement returns the keys of the rows it wrote; covers[i]: the changes command i wrote (for the history).
            // The new users' keys are taken from the users' sequence when new devices may name them (TakesUserKeys).
            var write = new PreparedWrite(changes, TakesUserKeys(changes));
            var newUsers = new List<User>();
            var newDevices = new List<Device>();
            var newUserChanges = new List<int>();
            var newDeviceChanges = new List<int>();
            var updates = new List<int>();
            var updatedDevices = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (int index = 0; index < changes.Count; index++)
            {
                StoreChange change = changes[index];
                if (change.IsDevice ? change.DeviceBefore == null : change.UserBefore == null && change.UserAfter != null)
                {
                    AddUpdateRun(changes, updates, updatedDevices, write.Commands, write.Covers);
                    if (change.IsDevice)
                    {
                        newDevices.Add(change.DeviceAfter!);
                        newDeviceChanges.Add(index);
                        write.AddedDevices++;
                    }
                    else
                    {
                        newUsers.Add(change.UserAfter!);
                        newUserChanges.Add(index);
                        write.AddedUsers++;
                    }

                    continue;
                }

                AddInserts(write, newUsers, newDevices, newUserChanges, newDeviceChanges);
                if (JoinsUpdateRun(change, updatedDevices))
                {
                    updates.Add(index);
                    updatedDevices.Add(change.DeviceBefore!.Identifier);
                    continue;
                }

                AddUpdateRun(changes, updates, updatedDevices, write.Commands, write.Covers);
                NpgsqlBatchCommand? command = change.IsDevice
                    ? DeviceChange(change.DeviceBefore, change.DeviceAfter)
                    : UserChange(change.UserBefore, change.UserAfter);
                if (command != null)
                {
                    write.Commands.Add(command);
                    write.Covers.Add(new List<int> { index });
                }
            }

            AddInserts(write, newUsers, newDevices, newUserChanges, newDeviceChanges);
            AddUpdateRun(changes, updates, updatedDevices, write.Commands, write.Covers);
            if (write.TakesUserKeys)
            {
                // The next chunk's keys, taken in this round trip (TakeUserKeys).
                write.Commands.Add(BatchCommand(ReserveUserKeysSql, Integer(write.AddedUsers)));
                write.Covers.Add(UserKeysAhead);
            }

            return write;
        }

        /// <summary>Sends a prepared batch: the new users' keys taken and written into its arrays first, if it takes any.</summary>
        [MethodImpl(PerRowCode.Compile)]
        private void Write(PreparedWrite write)
        {
            if (write.TakesUserKeys)
            {
                write.FillUserKeys(TakeUserKeys(write.AddedUsers));
            }

            RunRecorded(write.Changes, write.Commands, write.Covers);
            NoteRowsAdded("users", write.AddedUsers);
            NoteRowsAdded("devices", write.AddedDevices);
        }

        /// <summary>
        /// One run of inserts: its users, with slots for their keys if the batch takes any (filled when it is sent,
        /// in the same order), then its devices, each sent the key of its user when that user is one of the run's (no other
        /// change comes between the two statements, so the name still means that user).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        private static void AddInserts(PreparedWrite write, List<User> newUsers, List<Device> newDevices, List<int> newUserChanges,
            List<int> newDeviceChanges)
        {
            Dictionary<string, int>? runUsers = null;
            long[]? runUserKeys = null;
            if (newUsers.Count != 0)
            {
                if (write.TakesUserKeys)
                {
                    runUserKeys = new long[newUsers.Count];
                    runUsers = new Dictionary<string, int>(newUsers.Count, StringComparer.Ordinal);
                    for (int i = 0; i < newUsers.Count; i++)
                    {
                        runUsers[newUsers[i].UserName] = i;
                    }
                }

                write.Commands.Add(runUserKeys != null ? InsertUsersWithKeys(newUsers, runUserKeys) : InsertUsers(newUsers));
                write.Covers.Add(new List<int>(newUserChanges));
                newUsers.Clear();
                newUserChanges.Clear();
            }

            long?[]? deviceUserKeys = null;
            int[]? deviceUsers = null;
            if (newDevices.Count != 0)
            {
                deviceUserKeys = new long?[newDevices.Count];
                if (runUsers != null)
                {
                    deviceUsers = new int[newDevices.Count];
                    for (int i = 0; i < newDevices.Count; i++)
                    {
                        deviceUsers[i] = newDevices[i].UserName is string userName && runUsers.TryGetValue(userName, out int user) ? user : -1;
                    }
                }

                write.Commands.Add(InsertDevices(newDevices, deviceUserKeys));
                write.Covers.Add(new List<int>(newDeviceChanges));
                newDevices.Clear();
                newDeviceChanges.Clear();
            }

            if (runUserKeys != null)
            {
                write.AddUserKeySlots(runUserKeys, deviceUsers, deviceUserKeys);
            }
        }

        // The users' own sequence (an identity column's), looked up once a statement (MATERIALIZED: inlined, pg_get_serial_sequence ran for every key).
        private const string ReserveUserKeysSql = "WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence('users', 'user_id')::regclass AS id) SELECT nextval(s.id) AS id FROM s, generate_series(1, $1) ORDER BY id;";

        /// <summary>
        /// Whether the batch of <paramref name="changes"/> sends its new users' keys, taken from the users' sequence
        /// (<see cref="TakeUserKeys"/>): when the changes add devices too, a new device is then sent its user's key when
        /// that user is new in the same run of inserts, instead of the devices' INSERT looking the key up by name a row
        /// (~10 % of that statement, PERFORMANCE.md, nineteenth round). Not when the changes add no user or no device:
        /// the users' INSERT takes its keys from the identity itself.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        private static bool TakesUserKeys(IReadOnlyList<StoreChange> changes)
        {
            bool users = false;
            bool devices = false;
            foreach (StoreChange change in changes)
            {
                if (change.IsDevice)
                {
                    devices |= change.DeviceBefore == null && change.DeviceAfter != null;
                }
                else
                {
                    users |= change.UserBefore == null && change.UserAfter != null;
                }
            }

            return users && devices;
        }

        /// <summary>
        /// <paramref name="users"/> keys of the users' sequence, ascending, as the identity would give them in the users'
        /// INSERT's order; a key taken and not used (the batch fails, the import is rolled back, the transaction ends with
        /// keys taken ahead) is lost, as the identity's own would be.
        /// Each batch that used such keys takes as many more for the next chunk (<see cref="UserKeysAhead"/>): an import's
        /// chunk after the first finds its keys taken already, with no round trip of its own (thirty-ninth round); one that
        /// needs more than were taken takes the rest here, after them, so the keys still ascend.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        private long[] TakeUserKeys(int users)
        {
            var keys = new long[users];
            int taken = 0;
            while (taken < users && _userKeysAhead.Count != 0)
            {
                keys[taken++] = _userKeysAhead.Dequeue();
            }

            if (taken < users)
            {
                foreach (long key in Query(ReserveUserKeysSql, r => r.GetInt64(0), Integer(users - taken)))
                {
                    keys[taken++] = key;
                }
            }

            return keys;
        }

        /// <summary>The covers of the statement in a write's batch that takes the next chunk's user keys (TakeUserKeys): none of the changes.</summary>
        private static readonly List<int> UserKeysAhead = new List<int>();

        // Keys of the users' sequence a write's batch took for the next chunk's new users, ascending; forgotten when a
        // transaction begins (.cs, StartTransaction), so a transaction uses only keys taken in it.
        private readonly Queue<long> _userKeysAhead = new Queue<long>();

        /// <summary>Keeps the keys the batch's last statement took ahead (<see cref="UserKeysAhead"/>).</summary>
        [MethodImpl(PerRowCode.Compile)]
        private void KeepUserKeysAhead(NpgsqlDataReader reader)
        {
            while (reader.Read())
            {
                _userKeysAhead.Enqueue(reader.GetInt64(0));
            }
        }

        // A row's list travels as one text (arrays of arrays must be rectangular): .NameLists. The rows come from a
        // ProjectSet, in the chunk's order, as InsertDevicesSql's do (below: why).
        private const string InsertUsersSql = @"INSERT INTO users (user_name, name, email_address, user_description, organizations)
SELECT u.user_name, u.name, u.email_address, u.user_description,
    string_to_array(u.organizations, '|')
FROM (SELECT unnest($1::text[]) AS user_name, unnest($2::text[]) AS name, unnest($3::text[]) AS email_address,
        unnest($4::text[]) AS user_description, unnest($5::text[]) AS organizations) AS u
RETURNING user_id, user_name;";

        // InsertUsersSql with the keys taken for the rows ($6, TakeUserKeys).
        private const string InsertUsersWithKeysSql = @"INSERT INTO users (user_id, user_name, name, email_address, user_description, organizations)
SELECT u.user_id, u.user_name, u.name, u.email_address, u.user_description,
    string_to_array(u.organizations, '|')
FROM (SELECT unnest($1::text[]) AS user_name, unnest($2::text[]) AS name, unnest($3::text[]) AS email_address,
        unnest($4::text[]) AS user_description, unnest($5::text[]) AS organizations, unnest($6::bigint[]) AS user_id) AS u
RETURNING user_id, user_name;";

        [MethodImpl(PerRowCode.Compile)]
        private static NpgsqlBatchCommand InsertUsers(List<User> users) => BatchCommand(InsertUsersSql, UserArrays(users));

        [MethodImpl(PerRowCode.Compile)]
        private static NpgsqlBatchCommand InsertUsersWithKeys(List<User> users, long[] keys)
        {
            NpgsqlParameter[] arrays = UserArrays(users);
            return BatchCommand(InsertUsersWithKeysSql, arrays[0], arrays[1], arrays[2], arrays[3], arrays[4], Bigints(keys));
        }

        [MethodImpl(PerRowCode.Compile)]
        private static NpgsqlParameter[] UserArrays(List<User> users)
        {
            int n = users.Count;
            var names = new string?[n];
            var fullNames = new string?[n];
            var emails = new string?[n];
            var descriptions = new string?[n];
            var organizations = new string?[n];
            for (int i = 0; i < n; i++)
            {
                User user = users[i];
                names[i] = user.UserName;
                fullNames[i] = user.Name;
                emails[i] = user.EmailAddress;
                descriptions[i] = user.UserDescription;
                organizations[i] = JoinedNames(user.Organizations);
            }

            return new[] { Texts(names), Texts(fullNames), Texts(emails), Texts(descriptions), Texts(organizations) };
        }

        // The key of the user a set-based statement's row names (one look-up a row),
        // sought in users_by_name_folded (migration 8: lower(user_name COLLATE "C"), user_name COLLATE "C"), whose
        // comparisons are of bytes, instead of the unique index of user_name, which compares under the database's
        // collation (a strcoll() a comparison, most of the look-up's cost: ~12 % of a 1,000-row chunk's devices INSERT,
        // PERFORMANCE.md, eighteenth round). The same row: a database's collation is deterministic, so its equality of
        // two names is the equality of their bytes, which the second column tests; the folded first is implied by it
        // and only leads the index.
        // A constant (no SQL is built from a method's result: Reliability.ParameterizedSqlTests); ChangedRows'
        // UserKeyOfChangedRow is the same look-up for the set-based UPDATE's rows.
        private const string UserKeyOfNewRow =
            @"(SELECT u.user_id FROM users u WHERE lower(u.user_name COLLATE ""C"") = lower(d.user_name COLLATE ""C"") AND (u.user_name COLLATE ""C"") = (d.user_name COLLATE ""C""))";

        // A device's user key is one look-up per row through an index of user names (UserKeyOfNewRow): a join with users let
        // the planner hash every user for every chunk, a cost growing with the table over a new database's import.
        // The rows come from set-returning functions in a select list (a ProjectSet), not from unnest() in FROM: a FROM
        // unnest of 23 arrays is a Function Scan that first copies each array, element by element, into a tuplestore of its
        // own, then reads the 23 back row by row; a ProjectSet reads the arrays' values in step, one row at a time, in the
        // arrays' order (so the rows go in, and take their keys, in the chunk's order, with no ordinality column to sort
        // by). About a tenth of the statement's server time a 1,000-row chunk (PERFORMANCE.md, eighteenth round).
        private const string InsertDevicesSql = "INSERT INTO devices (" + DeviceWriteColumns + @")
SELECT d.identifier, d.template, d.code, d.os, d.wifi_mac, d.imei, d.meid, d.udid, d.serial, d.expiration_days, d.display_name,
    d.description, d.registration_email,
    coalesce(d.user_key, " + UserKeyOfNewRow + @"), d.dep_method, d.state, d.dep_device, d.dep_profile, d.created_at, d.saved_at,
    d.checked_in_at, d.withdrawn_at,
    string_to_array(d.device_tags, '|')
FROM (SELECT unnest($1::text[]) AS identifier, unnest($2::text[]) AS template, unnest($3::text[]) AS code, unnest($4::text[]) AS os,
        unnest($5::text[]) AS wifi_mac, unnest($6::text[]) AS imei, unnest($7::text[]) AS meid, unnest($8::text[]) AS udid,
        unnest($9::text[]) AS serial, unnest($10::integer[]) AS expiration_days, unnest($11::text[]) AS display_name,
        unnest($12::text[]) AS description, unnest($13::text[]) AS registration_email, unnest($14::text[]) AS user_name,
        unnest($15::text[]) AS dep_method, unnest($16::text[]) AS state, unnest($17::text[]) AS dep_device, unnest($18::text[]) AS dep_profile,
        unnest($19::timestamptz[]) AS created_at, unnest($20::timestamptz[]) AS saved_at, unnest($21::timestamptz[]) AS checked_in_at,
        unnest($22::timestamptz[]) AS withdrawn_at, unnest($23::text[]) AS device_tags, unnest($24::bigint[]) AS user_key) AS d
RETURNING device_id, identifier;";

        /// <summary>
        /// The devices' INSERT; a device whose user is one of the users inserted just before it is sent that user's key
        /// (<paramref name="userKeys"/>, $24: filled when the batch is sent, PreparedWrite), the others' keys are looked up by
        /// name (UserKeyOfNewRow).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        private static NpgsqlBatchCommand InsertDevices(List<Device> devices, long?[] userKeys)
        {
            var parameters = new List<NpgsqlParameter>(DeviceArrays(devices, previousIdentifiers: null))
            {
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = userKeys },
            };
            return BatchCommand(InsertDevicesSql, parameters.ToArray());
        }

        /// <summary>
        /// Devices as one array per column, in the order of the unnest of InsertDevicesSql and UpdateDevicesSql
        /// ($1-$23), then, for an update, the identifiers the devices had before ($24).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        private static NpgsqlParameter[] DeviceArrays(IReadOnlyList<Device> devices, string?[]? previousIdentifiers)
        {
            int n = devices.Count;
            var columns = new string?[18][];
            for (int c = 0; c < columns.Length; c++)
            {
                columns[c] = new string?[n];
            }

            var expirationDays = new int[n];
            var times = new DateTimeOffset?[4][];
            for (int t = 0; t < times.Length; t++)
            {
                times[t] = new DateTimeOffset?[n];
            }

            for (int i = 0; i < n; i++)
            {
                Device d = devices[i];
                columns[0][i] = d.Identifier;
                columns[1][i] = d.Template;
                columns[2][i] = d.PlainCode;
                columns[3][i] = d.OS;
                columns[4][i] = d.WifiMac;
                columns[5][i] = d.IMEI;
                columns[6][i] = d.MEID;
                columns[7][i] = d.UDID;
                columns[8][i] = d.Serial;
                expirationDays[i] = d.ExpirationDays;
                columns[9][i] = d.DisplayName;
                columns[10][i] = d.Description;
                columns[11][i] = d.RegistrationEmail;
                columns[12][i] = d.UserName;
                columns[13][i] = DepMethods.ToText(d.DEPMethod);
                columns[14][i] = DeviceStates.Text(d.State);
                columns[15][i] = d.DepDevice;
                columns[16][i] = d.DepProfile;
                columns[17][i] = JoinedNames(d.DeviceTags);
                times[0][i] = Microseconds(d.CreatedAt);
                times[1][i] = Microseconds(d.SavedAt);
                times[2][i] = d.CheckedInAt.HasValue ? Microseconds(d.CheckedInAt.Value) : (DateTimeOffset?)null;
                times[3][i] = d.WithdrawnAt.HasValue ? Microseconds(d.WithdrawnAt.Value) : (DateTimeOffset?)null;
            }

            var parameters = new List<NpgsqlParameter>
            {
                Texts(columns[0]), Texts(columns[1]), Texts(columns[2]), Texts(columns[3]), Texts(columns[4]), Texts(columns[5]), Texts(columns[6]),
                Texts(columns[7]), Texts(columns[8]),
                new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer, Value = expirationDays },
                Texts(columns[9]), Texts(columns[10]), Texts(columns[11]), Texts(columns[12]), Texts(columns[13]), Texts(columns[14]),
                Texts(columns[15]), Texts(columns[16]),
                Times(times[0]), Times(times[1]), Times(times[2]), Times(times[3]),
                Texts(columns[17]),
            };
            if (previousIdentifiers != null)
            {
                parameters.Add(Texts(previousIdentifiers));
            }

            return parameters.ToArray();
        }

        [MethodImpl(PerRowCode.Compile)]
        private static NpgsqlParameter Texts(string?[] values) =>
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = values };

        public void SaveUser(User? before, User? after, ChangeOrigin origin) => SaveRecorded(StoreChange.OfUser(before, after, origin));

        public void SaveDevice(Device? before, Device? after, ChangeOrigin origin) => SaveRecorded(StoreChange.OfDevice(before, after, origin));

        private static NpgsqlBatchCommand? UserChange(User? before, User? after)
        {
            if (after == null)
            {
                return before == null ? null : BatchCommand("DELETE FROM users WHERE user_name = $1 RETURNING user_id, user_name;", Text(before.UserName));
            }

            NpgsqlParameter[] values =
            {
                Text(after.UserName), Text(after.Name), Text(after.EmailAddress), Text(after.UserDescription), TextArray(after.Organizations),
                Text(before?.UserName),
            };
            return before == null
                ? BatchCommand("INSERT INTO users (user_name, name, email_address, user_description, organizations) VALUES ($1, $2, $3, $4, $5) RETURNING user_id, user_name;", values[0], values[1], values[2], values[3], values[4])
                : BatchCommand("UPDATE users SET (user_name, name, email_address, user_description, organizations) = ROW($1, $2, $3, $4, $5) WHERE user_name = $6 RETURNING user_id, user_name;", values);
        }

        private static NpgsqlBatchCommand? DeviceChange(Device? before, Device? after)
        {
            if (after == null)
            {
                return before == null ? null : BatchCommand("DELETE FROM devices WHERE lower(identifier) = lower($1) RETURNING device_id, identifier;", Text(before.Identifier));
            }

            var values = new List<NpgsqlParameter>(24)
            {
                Text(after.Identifier), Text(after.Template), Text(after.PlainCode), Text(after.OS), Text(after.WifiMac), Text(after.IMEI),
                Text(after.MEID), Text(after.UDID), Text(after.Serial), Integer(after.ExpirationDays), Text(after.DisplayName),
                Text(after.Description), Text(after.RegistrationEmail), Text(after.UserName), Text(DepMethods.ToText(after.DEPMethod)),
                Text(DeviceStates.Text(after.State)), Text(after.DepDevice), Text(after.DepProfile), Time(after.CreatedAt), Time(after.SavedAt),
                Time(after.CheckedInAt), Time(after.WithdrawnAt), TextArray(after.DeviceTags),
            };
            if (before == null)
            {
                return BatchCommand(InsertDeviceSql, values.ToArray());
            }

            values.Add(Text(before.Identifier));
            return BatchCommand(UpdateDeviceSql, values.ToArray());
        }
    }
}
