using System;
using System.Collections.Generic;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// A store location as it is shown: the one form every message, verbose line, error target and store object
    /// (<see cref="IDeviceStore.Location"/>) uses, so an admin sees one name for one server and never a password.
    /// </summary>
    public static class StoreLocation
    {
        // Query parameters whose value is a secret (libpq's password and sslpassword), matched however they are spelt.
        private static readonly HashSet<string> SecretParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "password", "sslpassword" };

        /// <summary>
        /// A server URI without its password: the <c>:password</c> of the user information and any password or
        /// sslpassword query parameter are left out (<c>postgresql://kitting@db.example.com/inventory</c>). It works on
        /// the text, so a URI that can't be read is shown the same way; where the text is ambiguous (an unencoded
        /// '@' or '/' in the password) more is cut rather than a part of the password shown. A file path is returned as it is.
        /// </summary>
        public static string Redacted(string location)
        {
            if (!DeviceStores.IsServerLocation(location))
            {
                return location;
            }

            int start = location.IndexOf("://", StringComparison.Ordinal) + 3;
            int queryStart = location.IndexOf('?', start);
            string authorityAndPath = queryStart < 0 ? location.Substring(start) : location.Substring(start, queryStart - start);
            string shown = location.Substring(0, start) + WithoutUserPassword(authorityAndPath);
            return queryStart < 0 ? shown : shown + WithoutSecretParameters(location.Substring(queryStart + 1));
        }

        private static string WithoutUserPassword(string authorityAndPath)
        {
            // A ':' before the first '@' ends the user name and starts a password; the password ends at the last '@',
            // so one holding an unencoded '@' or '/' is cut whole (a ':' after the first '@' is a port's, and stays).
            int firstAt = authorityAndPath.IndexOf('@');
            int colon = firstAt < 0 ? -1 : authorityAndPath.IndexOf(':', 0, firstAt);
            return colon < 0 ? authorityAndPath : authorityAndPath.Substring(0, colon) + authorityAndPath.Substring(authorityAndPath.LastIndexOf('@'));
        }

        private static string WithoutSecretParameters(string query)
        {
            var kept = new List<string>();
            foreach (string pair in query.Split('&'))
            {
                int equals = pair.IndexOf('=');
                string name = Uri.UnescapeDataString(equals < 0 ? pair : pair.Substring(0, equals));
                if (!SecretParameters.Contains(name.Trim()))
                {
                    kept.Add(pair);
                }
            }

            return kept.Count == 0 ? string.Empty : "?" + string.Join("&", kept);
        }
    }
}
