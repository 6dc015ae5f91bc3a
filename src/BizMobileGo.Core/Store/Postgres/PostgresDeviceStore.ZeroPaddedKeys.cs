using System.Collections.Generic;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>The keys that are a bare number with leading zeros (<see cref="IZeroPaddedKeyReads"/>).</summary>
    public sealed partial class PostgresDeviceStore
    {
        // lower(... COLLATE "C") leads users_by_name_folded and devices_by_identifier_folded (migrations 7 and 8), whose
        // byte order keeps the keys starting with '0' together as the range ['0', '1'); ltrim leaves the bare number of a
        // zero-padded key. Users and devices in one round trip, told apart by the first column.
        internal const string ZeroPaddedKeysSql = @"SELECT 0, user_name COLLATE ""C"" FROM users
    WHERE lower(user_name COLLATE ""C"") >= '0' AND lower(user_name COLLATE ""C"") < '1' AND ltrim(user_name, '0') = ANY($1)
UNION ALL
SELECT 1, identifier COLLATE ""C"" FROM devices
    WHERE lower(identifier COLLATE ""C"") >= '0' AND lower(identifier COLLATE ""C"") < '1' AND ltrim(identifier, '0') = ANY($2);";

        public ZeroPaddedKeys FindZeroPaddedKeys(IReadOnlyCollection<string> userNames, IReadOnlyCollection<string> identifiers)
        {
            if (userNames.Count == 0 && identifiers.Count == 0)
            {
                return ZeroPaddedKeys.None;
            }

            var users = new List<string>();
            var devices = new List<string>();
            foreach ((int kind, string key) in Query(ZeroPaddedKeysSql, r => (r.GetInt32(0), r.GetString(1)), TextArray(userNames), TextArray(identifiers)))
            {
                (kind == 0 ? users : devices).Add(key);
            }

            return new ZeroPaddedKeys(users, devices);
        }
    }
}
