using System;
using System.Collections.Generic;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Users;
using Npgsql;
using NpgsqlTypes;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// New users and devices (an import's usual write) by binary COPY straight into their tables: no SQL per row,
    /// no parameters to bind, lists as real text[] values. The keys come first, from the tables' identity sequences
    /// in one call, so each row's key is known (the history needs it, in file order) and a device names its user's
    /// key directly. Three round trips for a run of any length: the keys (and the keys of the users the devices
    /// name), the users' COPY, the devices' COPY.
    /// </summary>
    /// <remarks>
    /// Safe because a writer holds the writer lock (<see cref="BeginTransaction"/>): what the planner read is current,
    /// and no other writer takes a name meanwhile. A unique key that is taken anyway (a client writing past the lock)
    /// fails the COPY with the same server error an INSERT gets (translated to DuplicateSerial/AlreadyExists), and the
    /// transaction is aborted: the import fails as a whole, nothing of it written.
    /// </remarks>
    public sealed partial class PostgresDeviceStore
    {
        private const string CopyUsersSql =
            "COPY users (user_id, user_name, name, email_address, user_description, organizations) FROM STDIN (FORMAT BINARY)";

        private const string CopyDevicesSql = @"COPY devices (device_id, identifier, template, code, os, wifi_mac, imei, meid, udid, serial,
    expiration_days, display_name, description, registration_email, user_id, dep_method, state, dep_device, dep_profile, created_at, saved_at,
    checked_in_at, withdrawn_at, device_tags) FROM STDIN (FORMAT BINARY)";

        // Ascending: the rows get their keys in the order they were planned (file order), as one INSERT would give them.
        // The sequence is looked up once, not per key.
        private const string NewKeysSql =
            "SELECT nextval(s.id) AS k FROM (SELECT pg_get_serial_sequence($1, $2)::regclass AS id) s, generate_series(1, $3) ORDER BY k;";

        /// <summary>
        /// Writes a run of inserts (users and devices, in planned order; users go first so a device finds a user of
        /// the same run) and hands each to the history's recorder with its key, in the run's order.
        /// </summary>
        private void InsertRun(IReadOnlyList<StoreChange> changes, List<int> run)
        {
            var users = new List<User>();
            var devices = new List<Device>();
            foreach (int index in run)
            {
                if (changes[index].IsDevice)
                {
                    devices.Add(changes[index].DeviceAfter!);
                }
                else
                {
                    users.Add(changes[index].UserAfter!);
                }
            }

            // The user names whose keys the devices need and the run does not give: read in the same round trip.
            var userKeys = new Dictionary<string, long>(StringComparer.Ordinal);
            var namesToRead = new HashSet<string>(StringComparer.Ordinal);
            var newUserNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (User user in users)
            {
                newUserNames.Add(user.UserName);
            }

            foreach (Device device in devices)
            {
                if (device.UserName != null && !newUserNames.Contains(device.UserName))
                {
                    namesToRead.Add(device.UserName);
                }
            }

            long[] newUserKeys = Array.Empty<long>();
            long[] newDeviceKeys = Array.Empty<long>();
            Guarded(() =>
            {
                using var batch = new NpgsqlBatch(_connection, _transaction);
                if (users.Count != 0)
                {
                    batch.BatchCommands.Add(BatchCommand(NewKeysSql, Text("users"), Text("user_id"), Integer(users.Count)));
                }

                if (devices.Count != 0)
                {
                    batch.BatchCommands.Add(BatchCommand(NewKeysSql, Text("devices"), Text("device_id"), Integer(devices.Count)));
                }

                if (namesToRead.Count != 0)
                {
                    batch.BatchCommands.Add(BatchCommand("SELECT user_name, user_id FROM users WHERE user_name = ANY($1);", TextArray(namesToRead)));
                }

                using NpgsqlDataReader reader = batch.ExecuteReader();
                bool first = true;
                if (users.Count != 0)
                {
                    newUserKeys = ReadNewKeys(reader, users.Count, ref first);
                }

                if (devices.Count != 0)
                {
                    newDeviceKeys = ReadNewKeys(reader, devices.Count, ref first);
                }

                if (namesToRead.Count != 0)
                {
                    NextResult(reader, ref first);
                    while (reader.Read())
                    {
                        userKeys[reader.GetString(0)] = reader.GetInt64(1);
                    }
                }

                while (reader.NextResult())
                {
                }
            });

            for (int i = 0; i < users.Count; i++)
            {
                userKeys[users[i].UserName] = newUserKeys[i];
            }

            if (users.Count != 0)
            {
                Guarded(() => CopyUsers(users, newUserKeys));
            }

            if (devices.Count != 0)
            {
                Guarded(() => CopyDevices(devices, newDeviceKeys, userKeys));
            }

            if (HistoryRecorder.Enabled)
            {
                int u = 0;
                int d = 0;
                foreach (int index in run)
                {
                    StoreChange change = changes[index];
                    if (change.IsDevice)
                    {
                        Recorder.RecordDevice(null, change.DeviceAfter, newDeviceKeys[d++], change.Origin);
                    }
                    else
                    {
                        Recorder.RecordUser(null, change.UserAfter, newUserKeys[u++], change.Origin);
                    }
                }
            }

            NoteRowsAdded("users", users.Count);
            NoteRowsAdded("devices", devices.Count);
        }

        private static void NextResult(NpgsqlDataReader reader, ref bool first)
        {
            if (!first && !reader.NextResult())
            {
                throw new InvalidOperationException("A statement of the batch returned no result.");
            }

            first = false;
        }

        private static long[] ReadNewKeys(NpgsqlDataReader reader, int count, ref bool first)
        {
            NextResult(reader, ref first);
            var keys = new long[count];
            int i = 0;
            while (reader.Read())
            {
                keys[i++] = reader.GetInt64(0);
            }

            if (i != count)
            {
                throw new InvalidOperationException($"The server gave {i} keys of the {count} asked for.");
            }

            return keys;
        }

        private void CopyUsers(List<User> users, long[] keys)
        {
            using NpgsqlBinaryImporter importer = _connection.BeginBinaryImport(CopyUsersSql);
            for (int i = 0; i < users.Count; i++)
            {
                User user = users[i];
                importer.StartRow();
                importer.Write(keys[i], NpgsqlDbType.Bigint);
                importer.Write(user.UserName, NpgsqlDbType.Text);
                WriteText(importer, user.Name);
                WriteText(importer, user.EmailAddress);
                WriteText(importer, user.UserDescription);
                WriteList(importer, user.Organizations);
            }

            importer.Complete();
        }

        private void CopyDevices(List<Device> devices, long[] keys, Dictionary<string, long> userKeys)
        {
            using NpgsqlBinaryImporter importer = _connection.BeginBinaryImport(CopyDevicesSql);
            for (int i = 0; i < devices.Count; i++)
            {
                Device d = devices[i];
                importer.StartRow();
                importer.Write(keys[i], NpgsqlDbType.Bigint);
                importer.Write(d.Identifier, NpgsqlDbType.Text);
                WriteText(importer, d.Template);
                importer.Write(d.Code, NpgsqlDbType.Text);
                importer.Write(d.OS, NpgsqlDbType.Text);
                WriteText(importer, d.WifiMac);
                WriteText(importer, d.IMEI);
                WriteText(importer, d.MEID);
                WriteText(importer, d.UDID);
                WriteText(importer, d.Serial);
                importer.Write(d.ExpirationDays, NpgsqlDbType.Integer);
                WriteText(importer, d.DisplayName);
                WriteText(importer, d.Description);
                WriteText(importer, d.RegistrationEmail);
                // A user the store does not hold leaves the device without one, as the INSERT's join did (the planner checks first).
                if (d.UserName != null && userKeys.TryGetValue(d.UserName, out long userKey))
                {
                    importer.Write(userKey, NpgsqlDbType.Bigint);
                }
                else
                {
                    importer.WriteNull();
                }

                WriteText(importer, d.DepMethod?.ToString());
                importer.Write(d.State.ToString(), NpgsqlDbType.Text);
                WriteText(importer, d.DepDevice);
                WriteText(importer, d.DepProfile);
                importer.Write(Microseconds(d.CreatedAt), NpgsqlDbType.TimestampTz);
                importer.Write(Microseconds(d.SavedAt), NpgsqlDbType.TimestampTz);
                WriteTime(importer, d.CheckedInAt);
                WriteTime(importer, d.WithdrawnAt);
                WriteList(importer, d.DeviceTags);
            }

            importer.Complete();
        }

        private static void WriteText(NpgsqlBinaryImporter importer, string? value)
        {
            if (value == null)
            {
                importer.WriteNull();
            }
            else
            {
                importer.Write(value, NpgsqlDbType.Text);
            }
        }

        private static void WriteTime(NpgsqlBinaryImporter importer, DateTimeOffset? value)
        {
            if (value.HasValue)
            {
                importer.Write(Microseconds(value.Value), NpgsqlDbType.TimestampTz);
            }
            else
            {
                importer.WriteNull();
            }
        }

        private static void WriteList(NpgsqlBinaryImporter importer, IReadOnlyList<string> names)
        {
            var array = new string[names.Count];
            for (int i = 0; i < array.Length; i++)
            {
                array[i] = names[i];
            }

            importer.Write(array, NpgsqlDbType.Array | NpgsqlDbType.Text);
        }
    }
}
