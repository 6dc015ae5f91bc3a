using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Store.Postgres;
using BizMobileGo.Core.Tests.Postgres;
using Npgsql;
using Xunit;

namespace BizMobileGo.Core.Tests.Store.Contract
{
    /// <summary>The change history's contract on the real PostgreSQL test server: each test a new database, opened through the store factory as the cmdlets open it.</summary>
    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresHistoryContractTests : HistoryContractTests
    {
        private readonly PostgresTestDatabases _databases = new PostgresTestDatabases();

        // CREATE DATABASE's options for the store under test (none: the test server's C.UTF-8, which sorts by code point).
        private string _databaseOptions = "";

        protected override IDeviceStore CreateEmptyStore() => DeviceStores.Open(_databases.New(_databaseOptions), StoreUse.Command);

        // Version 1, the oldest PostgreSQL schema, made by the schema code alone and filled by SQL; opening it migrates it.
        protected override IDeviceStore OpenOldestStore()
        {
            string uri = _databases.New(_databaseOptions);
            using (NpgsqlConnection connection = PostgresTestServer.Open(uri))
            {
                PostgresSchema.Ensure(connection, PostgresLocation.Parse(uri), new[] { PostgresSchemaMigrations.All[0] });
                PostgresTestServer.Execute(connection, @"
INSERT INTO organizations (id, name) VALUES ('org-sales', 'Sales');
INSERT INTO templates (name) VALUES ('Standard');
INSERT INTO users (user_name, name, organizations) VALUES ('yamada', 'Yamada Taro', ARRAY['org-sales']);
INSERT INTO devices (identifier, template, code, os, serial, expiration_days, user_id, state, created_at, saved_at, device_tags)
    VALUES ('APPLE001', 'Standard', 'Code1234', 'ios', 'AAABBBCCCDDD', 7, (SELECT user_id FROM users WHERE user_name = 'yamada'),
        'Registered', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', ARRAY[]::text[]);
INSERT INTO devices (identifier, code, os, expiration_days, state, created_at, saved_at, checked_in_at)
    VALUES ('APPLE002', 'Code5678', 'ios', 7, 'CheckedIn', '2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z', '2025-01-02T00:00:00Z');");
            }

            return DeviceStores.Open(uri, StoreUse.Command);
        }

        [Fact]
        public void ADryRunRecordsInsideItsSnapshotAndNothingReachesTheServer()
        {
            string uri = _databases.New(_databaseOptions);
            using (IDeviceStore real = DeviceStores.Open(uri, StoreUse.Command))
            {
                real.SaveDevice(null, new Device { Identifier = "kept", PlainCode = "A7K29QX4", OS = "ios" }, ChangeOrigin.Library("tests"));
            }

            using (IDeviceStore dryRun = DeviceStores.Open(uri, StoreUse.Snapshot))
            {
                dryRun.SaveDevice(null, new Device { Identifier = "planned", PlainCode = "A7K29QX4", OS = "ios" }, ChangeOrigin.Library("tests"));
                using IStoreTransaction read = dryRun.BeginReadTransaction();
                List<ChangeEntry> seen = ((IHistoryStore)dryRun).ReadChain().ToList();
                Assert.Equal(new[] { "kept", "planned" }, seen.Select(e => e.Subject));
                Assert.True(HistoryChain.Verify(seen).Valid);
            }

            using IDeviceStore after = DeviceStores.Open(uri, StoreUse.Command);
            using IStoreTransaction check = after.BeginReadTransaction();
            Assert.Equal(new[] { "kept" }, ((IHistoryStore)after).ReadChain().Select(e => e.Subject));
        }

        protected override void DeleteStores() => _databases.Dispose();

        [Fact]
        public void AWildcardsLiteralStartFindsTheSameSubjectsWhereTheDatabaseSortsByLanguage()
        {
            // ICU's en-US order is not code point order: the names that start with a text need not lie together in the names'
            // indexes, so the store filters instead of reading an index range; the subjects found must be the same.
            // A server without ICU (or older than 15, which has no LOCALE_PROVIDER) fails here, saying so, rather than skipping:
            // CI's server has it, and a skip would let the filter path go untested unnoticed.
            PostgresTestServer.RequireIcu();
            _databaseOptions = PostgresTestServer.IcuDatabaseOptions;
            AnIdentifierPatternsLiteralStartFindsExactlyTheDevicesWhoseIdentifierStartsSoPastOnesToo();
        }
    }
}
