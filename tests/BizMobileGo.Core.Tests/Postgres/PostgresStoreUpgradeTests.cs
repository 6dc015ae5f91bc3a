using System;
using System.Linq;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Store.Postgres;
using Npgsql;
using Xunit;

namespace BizMobileGo.Core.Tests.Postgres
{
    /// <summary>
    /// An older store on the real server (walkthrough 31, 6 and 8): the open that upgrades it says so, and an everyday role
    /// that may not upgrade it is told the versions and who can, not to ask for CREATE rights.
    /// </summary>
    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresStoreUpgradeTests : IDisposable
    {
        // The databases this test makes, dropped in the background once it is done.
        private readonly PostgresTestDatabases _databases = new PostgresTestDatabases();

        public void Dispose() => _databases.Dispose();

        private static readonly int Older = PostgresSchema.CurrentVersion - 1;

        /// <summary>A new database holding a store one version older than this module's, made by the test server's admin.</summary>
        private string OlderStore()
        {
            string uri = _databases.New();
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresSchema.Ensure(connection, PostgresLocation.Parse(uri), PostgresSchemaMigrations.All.Take(Older).ToArray());
            return uri;
        }

        private static int Version(string uri)
        {
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            return Convert.ToInt32(PostgresTestServer.Scalar(connection, "SELECT version FROM bmg_schema;"));
        }

        [Fact]
        public void AReadThatUpgradesTheStoreWarnsNamingBothVersionsAndTheNextOpenSaysNothing()
        {
            string uri = OlderStore();

            using (IDeviceStore store = DeviceStores.Open(uri, StoreUse.Read))
            {
                string? notice = DeviceStores.UpgradeNotice(store, out bool isWarning);
                Assert.True(isWarning, "a server's store is shared: the upgrade locks out the others' older modules");
                Assert.Equal($"Upgraded the store '{PostgresLocation.Parse(uri).Display}' (schema 'public') from schema version {Older} to {PostgresSchema.CurrentVersion}: " +
                    $"modules that know schema version {Older} or older (builds before this one's {PostgresSchema.CurrentVersion}) now refuse it " +
                    "(StoreVersionTooNew), so update the module on every computer and job that uses this store.", notice);
            }

            Assert.Equal(PostgresSchema.CurrentVersion, Version(uri));
            using IDeviceStore again = DeviceStores.Open(uri, StoreUse.Read);
            Assert.Null(DeviceStores.UpgradeNotice(again, out bool againWarning));
            Assert.False(againWarning);
        }

        [Fact]
        public void ADryRunOfAnOlderStoreSaysWhatTheRealRunDoesAndLeavesTheVersion()
        {
            string uri = OlderStore();

            using (IDeviceStore store = DeviceStores.Open(uri, StoreUse.Snapshot))
            {
                string? notice = DeviceStores.UpgradeNotice(store, out bool isWarning);
                Assert.False(isWarning);
                Assert.StartsWith($"The store '{PostgresLocation.Parse(uri).Display}' (schema 'public') is at schema version {Older}: the real run upgrades it to {PostgresSchema.CurrentVersion} first", notice, StringComparison.Ordinal);
            }

            Assert.Equal(Older, Version(uri));
        }

        [Fact]
        public void ANewStoreAndACurrentOneAreNoUpgrade()
        {
            string uri = _databases.New();
            using (IDeviceStore created = DeviceStores.Open(uri, StoreUse.Command))
            {
                Assert.Null(DeviceStores.UpgradeNotice(created, out _));
            }

            using IDeviceStore current = DeviceStores.Open(uri, StoreUse.Command);
            Assert.Null(DeviceStores.UpgradeNotice(current, out _));
        }

        [Fact]
        public void AnEverydayRoleBeforeTheOwnersUpgradeIsToldTheVersionsAndTheOwnerAndNothingChanges()
        {
            string uri = OlderStore();
            var builder = PostgresLocation.Parse(uri).ConnectionString;
            string role = "bmg_kitting_" + Guid.NewGuid().ToString("N").Substring(0, 12);
            string password = "kit-" + Guid.NewGuid().ToString("N");
            using (NpgsqlConnection admin = PostgresTestServer.Open(uri))
            {
                // README "Share one inventory", step 1's rights for the everyday role: read and write the rows, own nothing.
                PostgresTestServer.Execute(admin, $"CREATE ROLE {role} LOGIN PASSWORD '{password}'; GRANT CONNECT ON DATABASE {builder.Database} TO {role}; " +
                    $"GRANT USAGE ON SCHEMA public TO {role}; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}; " +
                    $"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};");
            }

            string roleUri = $"postgresql://{role}:{password}@{builder.Host}:{builder.Port}/{builder.Database}";
            foreach (StoreUse use in new[] { StoreUse.Command, StoreUse.Read })
            {
                var error = Assert.Throws<BmgException>(() => DeviceStores.Open(roleUri, use).Dispose());

                Assert.Equal(ErrorIds.StoreOpenFailure, error.ErrorId);
                Assert.Equal(BmgErrorCategory.PermissionDenied, error.Category);
                string expected = $"The store '{PostgresLocation.Parse(roleUri).Display}' (schema 'public') has schema version {Older}, and this module needs version {PostgresSchema.CurrentVersion}: " +
                    $"only the store's owner, the database role '{builder.Username}', can upgrade it, and this database user may not (";
                Assert.True(error.Message.StartsWith(expected, StringComparison.Ordinal), error.Message);
                Assert.Contains("Nothing was changed. Have the owner run one BizMobileGo command of this module on the store first", error.Message, StringComparison.Ordinal);
                Assert.DoesNotContain("CREATE on the database", error.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(password, error.Message, StringComparison.Ordinal);
            }

            Assert.Equal(Older, Version(uri));
            // The owner's open upgrades it; the everyday role works on.
            DeviceStores.Open(uri, StoreUse.Read).Dispose();
            using IDeviceStore everyday = DeviceStores.Open(roleUri, StoreUse.Command);
            Assert.Empty(everyday.GetDevices());
        }
    }
}
