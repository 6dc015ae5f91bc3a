using System;
using System.Text.RegularExpressions;

namespace BizMobileGo.Core.Store
{
    /// <summary>A store location as it may be shown (messages, verbose lines, history): never with a password.</summary>
    public static class StoreLocation
    {
        // user:password@ in the authority, and password=... among the query parameters of a connection URI.
        private static readonly Regex UserInfoPassword = new Regex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?<user>[^:@/?#]*):[^@/?#]*@", RegexOptions.CultureInvariant);
        private static readonly Regex QueryPassword = new Regex(@"(?<key>[?&]password=)[^&#]*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary><paramref name="location"/> with any password in it replaced by <c>***</c>; a file path is returned as it is.</summary>
        public static string Redacted(string location)
        {
            if (!DeviceStores.IsServerLocation(location))
            {
                return location;
            }

            string shown = UserInfoPassword.Replace(location, m => m.Groups["scheme"].Value + m.Groups["user"].Value + ":***@");
            return QueryPassword.Replace(shown, m => m.Groups["key"].Value + "***");
        }
    }
}
