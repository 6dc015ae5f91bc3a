using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Store.Postgres;
using BizMobileGo.Core.Tests.Postgres;
using Npgsql;
using Xunit;

namespace BizMobileGo.Core.Tests.Store.Contract
{
    /// <summary>The store contract on the real PostgreSQL test server: each test a new database, opened through the store factory as the cmdlets open it.</summary>
    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresStoreContractTests : StoreContractTests
    {
        private readonly PostgresTestDatabases _databases = new PostgresTestDatabases();
        private string? _uri;
        private string _databaseOptions = "";

        protected override IDeviceStore CreateEmptyStore()
        {
            _uri = _databases.New(_databaseOptions);
            return DeviceStores.Open(_uri, StoreUse.Command);
        }

        // Location is redacted: the second connection uses the URI the test made.
        protected override IDeviceStore OpenSecondConnection(IDeviceStore store) => DeviceStores.Open(_uri!, StoreUse.Command);

        // Version 1 is the oldest PostgreSQL schema: made by the schema code alone and filled by SQL, as a store of that release would be.
        protected override IDeviceStore OpenOldestStore()
        {
            string uri = _databases.New(_databaseOptions);
            using (NpgsqlConnection connection = PostgresTestServer.Open(uri))
            {
                PostgresSchema.Ensure(connection, PostgresLocation.Parse(uri), new[] { PostgresSchemaMigrations.All[0] });
                PostgresTestServer.Execute(connection, @"
INSERT INTO organizations (id, name) VALUES ('org-sales', 'Sales');
INSERT INTO templates (name) VALUES ('Standard');
INSERT INTO device_tags (name) VALUES ('Sales');
INSERT INTO users (user_name, name, organizations) VALUES ('yamada', 'Yamada Taro', ARRAY['org-sales']);
INSERT INTO devices (identifier, template, code, os, serial, expiration_days, user_id, state, created_at, saved_at, device_tags)
    VALUES ('APPLE001', 'Standard', 'Code1234', 'ios', 'AAABBBCCCDDD', 7, (SELECT user_id FROM users WHERE user_name = 'yamada'),
        'Registered', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', ARRAY['Sales']);
INSERT INTO devices (identifier, code, os, expiration_days, state, created_at, saved_at, checked_in_at)
    VALUES ('APPLE002', 'Code5678', 'ios', 7, 'CheckedIn', '2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z', '2025-01-02T00:00:00Z');
INSERT INTO checkin_emails (recipient, identifier, code, queued_at) VALUES ('yamada@example.com', 'APPLE001', 'Code1234', '2025-01-01T00:00:00Z');");
            }

            return DeviceStores.Open(uri, StoreUse.Command);
        }

        // Migrations 1 to 17 alone, filled by SQL as versions before 18 wrote the outbox.
        protected override IDeviceStore OpenStoreBeforeEmailDeviceKeys()
        {
            string uri = _databases.New(_databaseOptions);
            using (NpgsqlConnection connection = PostgresTestServer.Open(uri))
            {
                PostgresSchema.Ensure(connection, PostgresLocation.Parse(uri), System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Take(PostgresSchemaMigrations.All, 17)));
                PostgresTestServer.Execute(connection, EmailsBeforeDeviceKeysSql);
            }

            return DeviceStores.Open(uri, StoreUse.Command);
        }

        // pg_locks: lock requests not granted (an advisory lock's wait among them) in the store's database.
        protected override long BackendsWaitingForALock()
        {
            using NpgsqlConnection connection = PostgresTestServer.Open(_uri!);
            return (long)PostgresTestServer.Scalar(connection,
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database());")!;
        }

        protected override async Task UntilWaiting(Task waiting)
        {
            // The guard only stops a hung test.
            DateTime guard = DateTime.UtcNow.AddSeconds(60);
            while (!waiting.IsCompleted && BackendsWaitingForALock() == 0 && DateTime.UtcNow < guard)
            {
                await Task.Delay(20);
            }
        }

        protected override void DeleteStores() => _databases.Dispose();

        [Fact]
        public void ChunksBuiltAheadOfTheWriteBeforeThemGiveEachDeviceItsOwnUserWithKeysInCreationOrder()
        {
            // An import's planning thread builds a chunk's batch while the chunk before is being written (IPreparesChanges,
            // fortieth round): the new users' keys, taken ahead by the batch before, must be the ones written when the batch
            // is sent, not when it was built. Each chunk here is built before the one before it is written; the second
            // holds two runs of inserts (a change between them) and a device of a user of the first chunk.
            var chunks = new List<List<StoreChange>>
            {
                NewUsersWithDevices("u1", "u2"),
                NewUsersWithDevices("u3", "u4"),
                NewUsersWithDevices("u6"),
            };
            Device u3Device = chunks[1][1].DeviceAfter!;
            Device renamed = u3Device.Clone();
            renamed.DisplayName = "between the runs";
            chunks[1].Add(StoreChange.OfDevice(u3Device, renamed, Origin));
            chunks[1].AddRange(NewUsersWithDevices("u5"));
            chunks[2].Add(StoreChange.OfDevice(null, NewDevice("dev-u1-again", user: "u1"), Origin));

            var store = (IPreparesChanges)Store;
            using (IStoreTransaction transaction = Store.BeginTransaction())
            {
                PreparedChanges next = store.PrepareChanges(chunks[0]);
                for (int c = 0; c < chunks.Count; c++)
                {
                    PreparedChanges current = next;
                    if (c + 1 < chunks.Count)
                    {
                        next = store.PrepareChanges(chunks[c + 1]);
                    }

                    store.ApplyPrepared(current);
                }

                transaction.Commit();
            }

            string[] all = { "u1", "u2", "u3", "u4", "u5", "u6" };
            foreach (string name in all)
            {
                Assert.Equal(name, Store.GetDevice("dev-" + name)!.UserName);
            }

            Assert.Equal("u1", Store.GetDevice("dev-u1-again")!.UserName);
            Assert.Equal("between the runs", Store.GetDevice("dev-u3")!.DisplayName);
            long[] keys = all.Select(name => Store.GetUser(name)!.UserKey!.Value).ToArray();
            Assert.Equal(keys.OrderBy(key => key), keys);
            Assert.Equal(all.Length, keys.Distinct().Count());
        }

        private static List<StoreChange> NewUsersWithDevices(params string[] names)
        {
            var changes = new List<StoreChange>();
            foreach (string name in names)
            {
                changes.Add(StoreChange.OfUser(null, NewUser(name), Origin));
                changes.Add(StoreChange.OfDevice(null, NewDevice("dev-" + name, user: name), Origin));
            }

            return changes;
        }

        [Fact]
        public void DevicesStartingWithAPrefixAreTheSameWhereTheDatabaseSortsByLanguage()
        {
            // Wildcard look-ups (twenty-second round) compare lower(identifier) and serial under COLLATE "C" whatever the
            // database's own collation: in an ICU en-US database (not code point order) the range must hold the same devices
            // in the same order. A server without ICU fails here, saying so, as the history's twin test does.
            PostgresTestServer.RequireIcu();
            _databaseOptions = PostgresTestServer.IcuDatabaseOptions;
            DevicesStartingWithAPrefixAreTheWholeRangeOfItsIdentifiersIgnoringAsciiCaseByIdentifier();
            DevicesWhoseSerialStartsWithAPrefixAreReadInAnyCaseByIdentifier();
        }
    }
}
