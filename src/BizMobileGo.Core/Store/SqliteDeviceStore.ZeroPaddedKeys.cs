using System.Collections.Generic;

namespace BizMobileGo.Core.Store
{
    /// <summary>The keys that are a bare number with leading zeros (<see cref="IZeroPaddedKeyReads"/>).</summary>
    public sealed partial class SqliteDeviceStore
    {
        // The range ['0', '1') is the keys starting with '0' in both key indexes (users' BINARY, devices' NOCASE: a digit has
        // no case); ltrim then leaves the bare number of a zero-padded key, which is compared with the ones asked for.
        internal const string ZeroPaddedUserNamesSql = @"SELECT user_name FROM users
    WHERE user_name >= '0' AND user_name < '1' AND ltrim(user_name, '0') IN (SELECT value FROM json_each($keys));";

        internal const string ZeroPaddedIdentifiersSql = @"SELECT identifier FROM devices
    WHERE identifier >= '0' AND identifier < '1' AND ltrim(identifier, '0') IN (SELECT value FROM json_each($keys));";

        public ZeroPaddedKeys FindZeroPaddedKeys(IReadOnlyCollection<string> userNames, IReadOnlyCollection<string> identifiers) =>
            new ZeroPaddedKeys(ZeroPadded(ZeroPaddedUserNamesSql, userNames), ZeroPadded(ZeroPaddedIdentifiersSql, identifiers));

        private List<string> ZeroPadded(string sql, IReadOnlyCollection<string> keys)
        {
            var found = new List<string>();
            if (keys.Count == 0)
            {
                return found;
            }

            foreach (string array in KeyArrays(keys))
            {
                found.AddRange(Query(sql, c => Set(c, "$keys", array), r => r.GetString(0)));
            }

            return found;
        }
    }
}
