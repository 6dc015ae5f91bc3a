using System;
using System.IO;
using BizMobileGo.Core.Files;
using BizMobileGo.Core.Store.Postgres;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// Whether two store locations name one store: the rule by which a command tells a piped Device or User of its own store
    /// from one of another (Device.Database, User.Database; walkthrough 28, finding 5). A location may be the one a store
    /// shows (<see cref="IDeviceStore.Location"/>: a server URI without its password) or the one a command opens (with it).
    /// </summary>
    public static class StoreIdentity
    {
        /// <summary>
        /// True when <paramref name="first"/> and <paramref name="second"/> are one store. Two SQLite files are one when their
        /// full paths are, or they are one directory entry or one file whatever path reaches it (<see cref="FileIdentity"/>:
        /// a symlinked folder, another spelling where names ignore case). Two PostgreSQL URIs are one when they name the same
        /// hosts and ports, database and schema, whatever the user, password or other parameters
        /// (<see cref="PostgresLocation.IdentityOf"/>); one that can't be read is compared as shown, without its password.
        /// A file and a server are never one.
        /// </summary>
        public static bool SameStore(string first, string second)
        {
            if (string.Equals(first, second, StringComparison.Ordinal))
            {
                return true;
            }

            bool firstServer = DeviceStores.IsServerLocation(first);
            if (firstServer != DeviceStores.IsServerLocation(second))
            {
                return false;
            }

            if (firstServer)
            {
                string? firstIdentity = PostgresLocation.IdentityOf(first);
                string? secondIdentity = PostgresLocation.IdentityOf(second);
                return firstIdentity != null && secondIdentity != null
                    ? string.Equals(firstIdentity, secondIdentity, StringComparison.Ordinal)
                    : string.Equals(StoreLocation.Redacted(first), StoreLocation.Redacted(second), StringComparison.Ordinal);
            }

            try
            {
                if (string.Equals(Path.GetFullPath(first), Path.GetFullPath(second), StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
            {
                return false;
            }

            return FileIdentity.SameEntry(first, second) || FileIdentity.SameFile(first, second);
        }
    }
}
