using System;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Store.Postgres;
using BizMobileGo.Core.Tests.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit;

namespace BizMobileGo.Core.Tests.Store
{
    /// <summary>
    /// Walkthrough 22, findings 2, 5 and 8: StoreBusy blames no prompt (a -Confirm prompt holds no lock) and, on PostgreSQL,
    /// names who held the lock as the -Verbose wait line does; a user refused the store's tables is told the GRANT lines, not
    /// CREATE; an import that found the lock free says nothing of a wait, however long its open took.
    /// </summary>
    public sealed class StoreBusyTextTests
    {
        [Fact]
        public void SqliteStoreBusyBlamesNoPromptAndSaysAnotherWriter()
        {
            BmgException busy = Assert.IsType<BmgException>(SqliteDeviceStore.Translate(new SqliteException("database is locked", 5), "/tmp/store.db"));

            Assert.Equal(ErrorIds.StoreBusy, busy.ErrorId);
            Assert.Equal(BmgErrorCategory.ResourceBusy, busy.Category);
            // Who can hold a SQLite file's lock, since SQLite can't tell which (walkthrough 26, finding 7).
            Assert.Equal("The store '/tmp/store.db' stayed locked by another writer (a process on this computer, or on another one that " +
                "opened the store through a shared folder; SQLite can't tell which) for 30 seconds ($env:BMG_STORE_WAIT); nothing was changed. " +
                "Try again when that writer (an import, or another admin's change) has finished.", busy.Message);
        }

        [Fact]
        public void AnImportThatFoundTheLockFreeSaysNothingOfAWaitHoweverLongTheOpenTook()
        {
            var stages = new ImportStages();
            stages.StoreWait.Start();
            // The open and the try of a free lock taking longer than the line's threshold (a fresh process on a loaded machine).
            System.Threading.Thread.Sleep(PerRowCodeWarmUp.Delay + TimeSpan.FromMilliseconds(50));
            stages.StoreWait.Stop();
            Assert.Null(stages.StoreWaitLine());

            // Told by the store that another writer held it: the line is said.
            stages.StoreWaitContended = true;
            Assert.StartsWith("Waited ", stages.StoreWaitLine());
        }
    }

    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresStoreBusyAndRightsTests : IDisposable
    {
        // The databases this test makes, dropped in the background once it is done.
        private readonly PostgresTestDatabases _databases = new PostgresTestDatabases();

        public void Dispose() => _databases.Dispose();

        private static readonly ChangeOrigin Origin = ChangeOrigin.Library("walkthrough 22 tests");


        private static string Password(string uri) => new NpgsqlConnectionStringBuilder(PostgresLocation.Parse(uri).ConnectionString.ConnectionString).Password!;

        [Fact]
        public void StoreBusyNamesTheHoldingSessionAndBlamesNoPrompt()
        {
            string uri = _databases.New();
            using var first = (PostgresDeviceStore)DeviceStores.Open(uri + (uri.Contains('?') ? "&" : "?") + "application_name=big-reimport", StoreUse.Command);
            using var second = (PostgresDeviceStore)DeviceStores.Open(uri, StoreUse.Command);
            second.BusyTimeout = TimeSpan.FromMilliseconds(300);

            BmgException busy;
            using (IStoreTransaction holding = first.BeginTransaction())
            {
                first.SaveDevice(null, RegisteredDevice.New("HOLD1"), Origin);
                busy = Assert.Throws<BmgException>(() => second.BeginTransaction());
            }

            Assert.Equal(ErrorIds.StoreBusy, busy.ErrorId);
            Assert.Matches(@"^The store '[^']+' stayed locked by another writer \(server process \d+, user '[^']+', application 'big-reimport'(, from [^)]+)?\) for 0\.3 seconds \(\$env:BMG_STORE_WAIT\); nothing was changed\. Try again when that writer \(an import, or another admin's change\) has finished\.$", busy.Message);
            Assert.DoesNotContain("confirmation", busy.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Password(uri), busy.Message, StringComparison.Ordinal);

            // The refused writer's connection is usable again (its savepoint and transaction were ended).
            using (IStoreTransaction after = second.BeginTransaction())
            {
                second.SaveDevice(null, RegisteredDevice.New("AFTER1"), Origin);
                after.Commit();
            }

            Assert.NotNull(first.GetDevice("AFTER1"));
        }

        [Fact]
        public void AUserWithoutTheGrantLinesIsToldThemNotCreateEvenToRead()
        {
            string uri = _databases.New();
            // CONNECT and USAGE on public come from PUBLIC; the GRANT lines on the tables were never run for this role.
            (string role, string password, string roleUri) = OwnedStoreAndRole(uri, "bmg_nogrant_", grants: "");
            foreach (StoreUse use in new[] { StoreUse.Read, StoreUse.Command })
            {
                var error = Assert.Throws<BmgException>(() => DeviceStores.Open(roleUri, use).Dispose());
                Assert.Equal(ErrorIds.StoreOpenFailure, error.ErrorId);
                Assert.Equal(BmgErrorCategory.PermissionDenied, error.Category);
                Assert.Contains($"may not be read by the database user '{role}': permission denied for table bmg_schema.", error.Message, StringComparison.Ordinal);
                Assert.Contains("ask the store's owner to run the GRANT lines for this user (README, Share one inventory, step 1)", error.Message, StringComparison.Ordinal);
                Assert.DoesNotContain("CREATE", error.Message, StringComparison.Ordinal);
                Assert.DoesNotContain("created or updated", error.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(password, error.Message, StringComparison.Ordinal);
            }
        }

        /// <summary>
        /// Walk36, finding 1: a store in a schema of its own (?search_path=team2) opened by a role the owner gave nothing on that
        /// schema failed "could not be opened: Multiple exceptions occurred when consuming the result set", the server's
        /// "permission denied for schema team2" buried in the batch's AggregateException. Now the refusal a store in public gets.
        /// </summary>
        [Fact]
        public void ARoleWithoutUsageOnASchemaStoreIsToldTheGrantLinesNamingTheSchema()
        {
            string uri = _databases.New() + "?search_path=team2";
            (string role, string password, string roleUri) = OwnedStoreAndRole(uri, "bmg_noschema_", grants: "");
            // A dry run's too (-WhatIf: Snapshot, ReadSnapshot), whose open reads the schema inside its own transaction: it said
            // the store "could not be created or updated" and asked for CREATE (round 37, fixs37 item 1).
            foreach (StoreUse use in new[] { StoreUse.Read, StoreUse.Command, StoreUse.Lookup, StoreUse.Snapshot, StoreUse.ReadSnapshot })
            {
                var error = Assert.Throws<BmgException>(() => DeviceStores.Open(roleUri, use).Dispose());
                Assert.Equal(ErrorIds.StoreOpenFailure, error.ErrorId);
                Assert.Equal(BmgErrorCategory.PermissionDenied, error.Category);
                Assert.DoesNotContain("CREATE", error.Message, StringComparison.Ordinal);
                Assert.Contains($"(schema 'team2') may not be read by the database user '{role}': permission denied for schema team2.", error.Message, StringComparison.Ordinal);
                Assert.Contains("ask the store's owner to run the GRANT lines for this user (README, Share one inventory, step 1)", error.Message, StringComparison.Ordinal);
                Assert.DoesNotContain("Multiple exceptions", error.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(password, error.Message, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void AReadOnlyRolesWriteIsStoreReadOnlyNotTheGrantLinesAdvice()
        {
            string uri = _databases.New();
            // An auditor's role as README "Share one inventory" grants it: it may read every table, and write none.
            (string role, string password, string roleUri) = OwnedStoreAndRole(uri, "bmg_audit_",
                grants: "GRANT CONNECT ON DATABASE {database} TO {role}; GRANT USAGE ON SCHEMA public TO {role}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role};");
            using IDeviceStore auditor = DeviceStores.Open(roleUri, StoreUse.Command);
            Assert.NotNull(auditor.GetDevice("OWNED1"));
            BmgException error;
            using (IStoreTransaction write = auditor.BeginTransaction())
            {
                error = Assert.Throws<BmgException>(() =>
                {
                    auditor.SaveDevice(null, RegisteredDevice.New("AUDIT1"), Origin);
                    write.Commit();
                });
            }

            Assert.Equal(ErrorIds.StoreReadOnly, error.ErrorId);
            Assert.Equal(BmgErrorCategory.PermissionDenied, error.Category);
            Assert.StartsWith($"The store '{PostgresLocation.Parse(roleUri).Display}' can be read but not written by the database user '{role}': permission denied for table ", error.Message, StringComparison.Ordinal);
            Assert.Contains("A read-only role (README, Share one inventory: an auditor's role) runs the Get- cmdlets", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("ask the store's owner to run the GRANT lines for this user", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(password, error.Message, StringComparison.Ordinal);
            // The connection reads on after the refused write's transaction ended.
            Assert.Null(auditor.GetDevice("AUDIT1"));
        }

        /// <summary>
        /// The store at <paramref name="uri"/> made by its owner (one device, OWNED1), and a new login role given only
        /// <paramref name="grants"/> ({role} and {database} filled in); the role's URI keeps the store's query (a schema).
        /// </summary>
        private static (string Role, string Password, string RoleUri) OwnedStoreAndRole(string uri, string rolePrefix, string grants)
        {
            using (IDeviceStore owner = DeviceStores.Open(uri, StoreUse.Command))
            using (IStoreTransaction write = owner.BeginTransaction())
            {
                owner.SaveDevice(null, RegisteredDevice.New("OWNED1"), Origin);
                write.Commit();
            }

            string role = rolePrefix + Guid.NewGuid().ToString("N").Substring(0, 12);
            string password = "pw-" + Guid.NewGuid().ToString("N");
            var builder = PostgresLocation.Parse(uri).ConnectionString;
            using (NpgsqlConnection admin = PostgresTestServer.Open(uri))
            {
                PostgresTestServer.Execute(admin, $"CREATE ROLE {role} LOGIN PASSWORD '{password}'; " +
                    grants.Replace("{role}", role, StringComparison.Ordinal).Replace("{database}", builder.Database, StringComparison.Ordinal));
            }

            int query = uri.IndexOf('?', StringComparison.Ordinal);
            string roleUri = $"postgresql://{role}:{password}@{builder.Host}:{builder.Port}/{builder.Database}" + (query < 0 ? "" : uri.Substring(query));
            return (role, password, roleUri);
        }
    }
}
