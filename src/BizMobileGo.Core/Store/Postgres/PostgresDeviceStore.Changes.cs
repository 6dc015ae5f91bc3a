using System;
using System.Collections.Generic;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Users;
using Npgsql;
using NpgsqlTypes;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// The one write path of users and devices. New rows go by binary COPY (.NewRows), runs of changed devices as
    /// one set-based UPDATE (.ChangedRows), each other change is one statement; <see cref="ApplyChanges"/> writes a
    /// whole import chunk in a few round trips, in order, so a later change sees an earlier one.
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

        public void ApplyChanges(IReadOnlyList<StoreChange> changes)
        {
            Write(changes);

            // A chunk's entries join the history now, so an import holds at most one chunk of them.
            _recorder?.Flush();
        }

        /// <summary>
        /// The changes in order, each write handed to the history's recorder (which appends per 1,000 or at the commit).
        /// Runs of new rows (an import's new users and devices) go by binary COPY (.NewRows); a run of changed devices
        /// that keep their keys is one set-based statement (.ChangedRows); every other change is its own statement;
        /// consecutive statements go as one batch: one round trip. Order is kept: each COPY run or batch is written
        /// before the next begins, so a later change sees an earlier one.
        /// </summary>
        private void Write(IReadOnlyList<StoreChange> changes)
        {
            // Every statement returns the keys of the rows it wrote; covers[i]: the changes command i wrote (for the history).
            var commands = new List<NpgsqlBatchCommand>();
            var covers = new List<List<int>>();
            var inserts = new List<int>();
            var updates = new List<int>();
            var updatedDevices = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (int index = 0; index < changes.Count; index++)
            {
                StoreChange change = changes[index];
                if (IsInsert(change))
                {
                    AddUpdateRun(changes, updates, updatedDevices, commands, covers);
                    if (commands.Count != 0)
                    {
                        RunRecorded(changes, commands, covers);
                        commands.Clear();
                        covers.Clear();
                    }

                    inserts.Add(index);
                    continue;
                }

                WriteInserts(changes, inserts);
                if (JoinsUpdateRun(change, updatedDevices))
                {
                    updates.Add(index);
                    updatedDevices.Add(change.DeviceBefore!.Identifier);
                    continue;
                }

                AddUpdateRun(changes, updates, updatedDevices, commands, covers);
                NpgsqlBatchCommand? command = change.IsDevice
                    ? DeviceChange(change.DeviceBefore, change.DeviceAfter)
                    : UserChange(change.UserBefore, change.UserAfter);
                if (command != null)
                {
                    commands.Add(command);
                    covers.Add(new List<int> { index });
                }
            }

            WriteInserts(changes, inserts);
            AddUpdateRun(changes, updates, updatedDevices, commands, covers);
            RunRecorded(changes, commands, covers);
        }

        private static bool IsInsert(StoreChange change) =>
            change.IsDevice ? change.DeviceBefore == null : change.UserBefore == null && change.UserAfter != null;

        /// <summary>A run of new rows: one alone as its INSERT statement (one round trip), more by COPY.</summary>
        private void WriteInserts(IReadOnlyList<StoreChange> changes, List<int> inserts)
        {
            if (inserts.Count == 1)
            {
                StoreChange change = changes[inserts[0]];
                NpgsqlBatchCommand command = change.IsDevice ? DeviceChange(null, change.DeviceAfter)! : UserChange(null, change.UserAfter)!;
                RunRecorded(changes, new[] { command }, new[] { new List<int> { inserts[0] } });
                NoteRowsAdded(change.IsDevice ? "devices" : "users", 1);
            }
            else if (inserts.Count > 1)
            {
                InsertRun(changes, inserts);
            }

            inserts.Clear();
        }

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
                Text(after.Identifier), Text(after.Template), Text(after.Code), Text(after.OS), Text(after.WifiMac), Text(after.IMEI),
                Text(after.MEID), Text(after.UDID), Text(after.Serial), Integer(after.ExpirationDays), Text(after.DisplayName),
                Text(after.Description), Text(after.RegistrationEmail), Text(after.UserName), Text(after.DepMethod?.ToString()),
                Text(after.State.ToString()), Text(after.DepDevice), Text(after.DepProfile), Time(after.CreatedAt), Time(after.SavedAt),
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
