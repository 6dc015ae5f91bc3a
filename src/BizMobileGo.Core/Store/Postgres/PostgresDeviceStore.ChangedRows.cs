using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Import;
using Npgsql;
using NpgsqlTypes;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// Changed devices (an import's updates) as one set-based UPDATE per run of them, the new values as arrays:
    /// one statement for a thousand rows instead of a thousand statements to bind and execute. A run holds only
    /// changes that keep their device's Identifier (ignoring case) and serial and name each device once, so the rows
    /// are independent: no unique key moves inside the statement, and the order the server updates them in does not
    /// matter. Any other change ends the run and goes as its own statement, in order.
    /// The rows to change are also named as a list (<c>lower(identifier) = ANY (...)</c>, the same rows as the join):
    /// that lets the server fetch them through the identifier index. With the join alone it hashed every device for
    /// each run (a sequential scan and lower() of the whole table, its estimate of 500 index look-ups being higher),
    /// a cost growing with the table: ~20 ms a 500-row run at 20,000 devices.
    /// </summary>
    public sealed partial class PostgresDeviceStore
    {
        // The changed row's user key, as .Changes' UserKeyOfNewRow seeks a new row's (why there).
        private const string UserKeyOfChangedRow =
            @"(SELECT u.user_id FROM users u WHERE lower(u.user_name COLLATE ""C"") = lower(c.user_name COLLATE ""C"") AND (u.user_name COLLATE ""C"") = (c.user_name COLLATE ""C""))";

        private const string UpdateDevicesSql = @"UPDATE devices d SET (identifier, template, code, os, wifi_mac, imei, meid, udid, serial,
    expiration_days, display_name, description, registration_email, user_id, dep_method, state, dep_device, dep_profile, created_at, saved_at,
    checked_in_at, withdrawn_at, device_tags) = ROW(c.identifier, c.template, c.code, c.os,
    c.wifi_mac, c.imei, c.meid, c.udid, c.serial, c.expiration_days, c.display_name, c.description, c.registration_email,
    " + UserKeyOfChangedRow + @", c.dep_method,
    c.state, c.dep_device, c.dep_profile, c.created_at, c.saved_at, c.checked_in_at, c.withdrawn_at,
    string_to_array(c.device_tags, '|'))
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::integer[],
        $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::timestamptz[],
        $20::timestamptz[], $21::timestamptz[], $22::timestamptz[], $23::text[], $24::text[])
    AS c(identifier, template, code, os, wifi_mac, imei, meid, udid, serial, expiration_days, display_name, description, registration_email,
        user_name, dep_method, state, dep_device, dep_profile, created_at, saved_at, checked_in_at, withdrawn_at, device_tags, previous_identifier)
WHERE lower(d.identifier) = lower(c.previous_identifier)
    AND lower(d.identifier) = ANY (ARRAY(SELECT lower(k) FROM unnest($24::text[]) k))
RETURNING d.device_id, d.identifier;";

        /// <summary>
        /// True when <paramref name="change"/> may join a run of set-based device updates whose devices are
        /// <paramref name="runDevices"/>: an update that keeps the Identifier (ignoring case) and the serial, of a
        /// device not in the run yet.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        private static bool JoinsUpdateRun(StoreChange change, HashSet<string> runDevices) =>
            change.DeviceBefore is Device before && change.DeviceAfter is Device after
            && string.Equals(before.Identifier, after.Identifier, StringComparison.OrdinalIgnoreCase)
            && string.Equals(before.Serial, after.Serial, StringComparison.Ordinal)
            && !runDevices.Contains(before.Identifier);

        /// <summary>The run as statements of the batch: one alone as its own UPDATE, more as one set-based UPDATE.</summary>
        [MethodImpl(PerRowCode.Compile)]
        private static void AddUpdateRun(IReadOnlyList<StoreChange> changes, List<int> run, HashSet<string> runDevices,
            List<NpgsqlBatchCommand> commands, List<List<int>> covers)
        {
            if (run.Count == 1)
            {
                StoreChange change = changes[run[0]];
                commands.Add(DeviceChange(change.DeviceBefore, change.DeviceAfter)!);
                covers.Add(new List<int> { run[0] });
            }
            else if (run.Count > 1)
            {
                commands.Add(UpdateDevices(changes, run));
                covers.Add(new List<int>(run));
            }

            run.Clear();
            runDevices.Clear();
        }

        private static NpgsqlBatchCommand UpdateDevices(IReadOnlyList<StoreChange> changes, List<int> run)
        {
            var devices = new Device[run.Count];
            var previousIdentifiers = new string?[run.Count];
            for (int i = 0; i < run.Count; i++)
            {
                devices[i] = changes[run[i]].DeviceAfter!;
                previousIdentifiers[i] = changes[run[i]].DeviceBefore!.Identifier;
            }

            return BatchCommand(UpdateDevicesSql, DeviceArrays(devices, previousIdentifiers));
        }

        [MethodImpl(PerRowCode.Compile)]
        private static NpgsqlParameter Times(DateTimeOffset?[] values) =>
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, Value = values };
    }
}
