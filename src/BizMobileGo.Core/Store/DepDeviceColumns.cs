namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// The dep_devices columns a DEP device's upsert writes, in the order both stores give their values, and the replacement of a
    /// held row's: one list for SQLite and PostgreSQL alike, so a new column (as_of, round 39) is added to both at once.
    /// </summary>
    internal static class DepDeviceColumns
    {
        internal const string Written = @"serial_number, model, description, profile_name, imported_at, color, asset_tag, os, device_family,
        profile_status, profile_uuid, profile_assign_time, profile_push_time, device_assigned_date, device_assigned_by, released_at, is_ios, as_of";

        /// <summary>Every column but the key, from the row the statement proposed (both dialects name it excluded).</summary>
        internal const string OnConflictReplace = @"ON CONFLICT (serial_number) DO UPDATE SET model = excluded.model, description = excluded.description,
        profile_name = excluded.profile_name, imported_at = excluded.imported_at, color = excluded.color, asset_tag = excluded.asset_tag,
        os = excluded.os, device_family = excluded.device_family, profile_status = excluded.profile_status, profile_uuid = excluded.profile_uuid,
        profile_assign_time = excluded.profile_assign_time, profile_push_time = excluded.profile_push_time,
        device_assigned_date = excluded.device_assigned_date, device_assigned_by = excluded.device_assigned_by, released_at = excluded.released_at,
        is_ios = excluded.is_ios, as_of = excluded.as_of";
    }
}
