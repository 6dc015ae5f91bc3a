using System.Globalization;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// An open that upgraded a store that was there (not one it created) to this module's schema version: from which version
    /// to which. Either store upgrades as it opens, for a read too (README "Store versions"); once it has, modules that know
    /// only the older version refuse the store (StoreVersionTooNew), so the command says it (<see cref="DeviceStores.UpgradeNotice"/>).
    /// </summary>
    public sealed class StoreUpgrade
    {
        public StoreUpgrade(long fromVersion, long toVersion)
        {
            FromVersion = fromVersion;
            ToVersion = toVersion;
        }

        /// <summary>The store's schema version before the open.</summary>
        public long FromVersion { get; }

        /// <summary>This module's schema version, the store's now (for a -WhatIf dry run: its copy's, the real run's).</summary>
        public long ToVersion { get; }

        public override string ToString() =>
            FromVersion.ToString(CultureInfo.InvariantCulture) + " to " + ToVersion.ToString(CultureInfo.InvariantCulture);
    }
}
