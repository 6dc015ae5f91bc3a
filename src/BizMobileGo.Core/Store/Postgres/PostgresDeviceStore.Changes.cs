using System.Collections.Generic;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Users;
using Npgsql;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// The one write path of users and devices. Each change is one statement; <see cref="ApplyChanges"/> sends a
    /// whole import chunk as one batch (one round trip), run in order so a later change sees an earlier one.
    /// </summary>
    public sealed partial class PostgresDeviceStore
    {
        private const string DeviceWriteColumns = @"identifier, template, code, os, wifi_mac, imei, meid, udid, serial, expiration_days,
    display_name, description, registration_email, user_id, dep_method, state, dep_device, dep_profile, created_at, saved_at,
    checked_in_at, withdrawn_at, device_tags";

        // $14 is the user name; the row keeps the user's key.
        private const string DeviceWriteValues = @"$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
    (SELECT user_id FROM users WHERE user_name = $14), $15, $16, $17, $18, $19, $20, $21, $22, $23";

        private static readonly string InsertDeviceSql = $"INSERT INTO devices ({DeviceWriteColumns}) VALUES ({DeviceWriteValues});";

        private static readonly string UpdateDeviceSql = $"UPDATE devices SET ({DeviceWriteColumns}) = ROW({DeviceWriteValues}) WHERE lower(identifier) = lower($24);";

        public void ApplyChanges(IReadOnlyList<StoreChange> changes)
        {
            var commands = new List<NpgsqlBatchCommand>(changes.Count);
            foreach (StoreChange change in changes)
            {
                NpgsqlBatchCommand? command = change.IsDevice
                    ? DeviceChange(change.DeviceBefore, change.DeviceAfter)
                    : UserChange(change.UserBefore, change.UserAfter);
                if (command != null)
                {
                    commands.Add(command);
                }
            }

            RunBatch(commands);
        }

        public void SaveUser(User? before, User? after, ChangeOrigin origin)
        {
            NpgsqlBatchCommand? command = UserChange(before, after);
            if (command != null)
            {
                RunBatch(new[] { command });
            }
        }

        public void SaveDevice(Device? before, Device? after, ChangeOrigin origin)
        {
            NpgsqlBatchCommand? command = DeviceChange(before, after);
            if (command != null)
            {
                RunBatch(new[] { command });
            }
        }

        private static NpgsqlBatchCommand? UserChange(User? before, User? after)
        {
            if (after == null)
            {
                return before == null ? null : BatchCommand("DELETE FROM users WHERE user_name = $1;", Text(before.UserName));
            }

            NpgsqlParameter[] values =
            {
                Text(after.UserName), Text(after.Name), Text(after.EmailAddress), Text(after.UserDescription), TextArray(after.Organizations),
                Text(before?.UserName),
            };
            return before == null
                ? BatchCommand("INSERT INTO users (user_name, name, email_address, user_description, organizations) VALUES ($1, $2, $3, $4, $5);", values[0], values[1], values[2], values[3], values[4])
                : BatchCommand("UPDATE users SET (user_name, name, email_address, user_description, organizations) = ROW($1, $2, $3, $4, $5) WHERE user_name = $6;", values);
        }

        private static NpgsqlBatchCommand? DeviceChange(Device? before, Device? after)
        {
            if (after == null)
            {
                return before == null ? null : BatchCommand("DELETE FROM devices WHERE lower(identifier) = lower($1);", Text(before.Identifier));
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
