using System;
using System.Linq;
using System.Threading.Tasks;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Store.Postgres;
using BizMobileGo.Core.Users;
using Npgsql;
using Xunit;

namespace BizMobileGo.Core.Tests.Postgres
{
    /// <summary>
    /// Migration 4: a device's template and user are checked per statement by triggers instead of per row by foreign
    /// keys. Everything a foreign key refused is still refused, with its SQLSTATE and constraint name, by raw SQL on
    /// the real server; a template rename still carries its devices; and a delete racing a device write sees it.
    /// </summary>
    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresReferenceChecksTests : IDisposable
    {
        // The databases this test makes, dropped in the background once it is done.
        private readonly PostgresTestDatabases _databases = new PostgresTestDatabases();

        public void Dispose() => _databases.Dispose();

        private const string Device = "INSERT INTO devices (identifier, template, code, os, expiration_days, user_id, state, created_at, saved_at) VALUES ";

        private static string Row(string identifier, string? template, string user) =>
            $"('{identifier}', {(template == null ? "NULL" : "'" + template + "'")}, 'Code1234', 'ios', 7, {user}, 'Registered', now(), now())";

        private NpgsqlConnection NewStore(out string uri)
        {
            uri = _databases.New();
            NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresSchema.Ensure(connection, PostgresLocation.Parse(uri));
            PostgresTestServer.Execute(connection, @"
INSERT INTO templates (name) VALUES ('Standard'), ('Spare');
INSERT INTO users (user_id, user_name) VALUES (1, 'yamada'), (2, 'sato');");
            return connection;
        }

        private static PostgresException Refused(NpgsqlConnection connection, string sql)
        {
            var error = Assert.Throws<PostgresException>(() => PostgresTestServer.Execute(connection, sql));
            Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, error.SqlState);
            return error;
        }

        private static long Count(NpgsqlConnection connection, string sql) => (long)PostgresTestServer.Scalar(connection, sql)!;

        [Fact]
        public void ADeviceNamingAMissingTemplateOrUserIsRefusedAsByTheForeignKey()
        {
            using NpgsqlConnection connection = NewStore(out _);

            Assert.Equal("devices_template_fkey", Refused(connection, Device + Row("A1", "Standard", "1") + ", " + Row("A2", "Nope", "1")).ConstraintName);
            Assert.Equal("devices_user_id_fkey", Refused(connection, Device + Row("A1", "Standard", "1") + ", " + Row("A2", null, "99")).ConstraintName);
            Assert.Equal(0L, Count(connection, "SELECT count(*) FROM devices;"));

            PostgresTestServer.Execute(connection, Device + Row("A1", "Standard", "1") + ", " + Row("A2", null, "NULL"));
            Assert.Equal("devices_template_fkey", Refused(connection, "UPDATE devices SET template = 'Nope' WHERE identifier = 'A2';").ConstraintName);
            Assert.Equal("devices_user_id_fkey", Refused(connection, "UPDATE devices SET user_id = 99 WHERE identifier = 'A1';").ConstraintName);
            Assert.Equal("A1 Standard 1; A2  ", PostgresTestServer.Scalar(connection,
                "SELECT string_agg(identifier || ' ' || coalesce(template, '') || ' ' || coalesce(user_id::text, ''), '; ' ORDER BY identifier) FROM devices;"));
        }

        [Fact]
        public void ATemplateOrUserInUseCannotBeDeletedAndARenamedTemplateCarriesItsDevices()
        {
            using NpgsqlConnection connection = NewStore(out _);
            PostgresTestServer.Execute(connection, Device + Row("A1", "Standard", "1") + ", " + Row("A2", "Standard", "NULL"));

            Assert.Equal("devices_template_fkey", Refused(connection, "DELETE FROM templates WHERE name = 'Standard';").ConstraintName);
            Assert.Equal("devices_user_id_fkey", Refused(connection, "DELETE FROM users WHERE user_id = 1;").ConstraintName);
            Assert.Equal("devices_user_id_fkey", Refused(connection, "UPDATE users SET user_id = 7 WHERE user_id = 1;").ConstraintName);

            PostgresTestServer.Execute(connection, "DELETE FROM templates WHERE name = 'Spare'; DELETE FROM users WHERE user_id = 2; UPDATE users SET user_name = 'yamada2' WHERE user_id = 1;");
            PostgresTestServer.Execute(connection, "UPDATE templates SET name = 'Kitting' WHERE name = 'Standard';");

            Assert.Equal(2L, Count(connection, "SELECT count(*) FROM devices WHERE template = 'Kitting';"));
            Assert.Equal("Kitting", PostgresTestServer.Scalar(connection, "SELECT string_agg(name, ',') FROM templates;"));
            Assert.Equal("yamada2", PostgresTestServer.Scalar(connection, "SELECT string_agg(user_name, ',') FROM users;"));
        }

        [Fact]
        public async Task ADeleteWaitsForADeviceWriteInFlightAndThenSeesIt()
        {
            using NpgsqlConnection writer = NewStore(out string uri);
            using NpgsqlConnection deleter = PostgresTestServer.Open(uri);
            int deleterPid = deleter.ProcessID;

            using (NpgsqlTransaction transaction = writer.BeginTransaction())
            {
                PostgresTestServer.Execute(writer, Device + Row("A1", "Spare", "2"));
                Task<PostgresException?> delete = ExecuteAside(deleter, "DELETE FROM templates WHERE name = 'Spare';");

                await WaitUntilWaitingForALock(uri, deleterPid, delete);
                transaction.Commit();
                PostgresException? refused = await delete;
                Assert.NotNull(refused);
                Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, refused!.SqlState);
            }

            Assert.Equal(1L, Count(writer, "SELECT count(*) FROM templates WHERE name = 'Spare';"));
        }

        [Fact]
        public async Task ADeviceWrittenWhileItsTemplateIsBeingDeletedWaitsAndIsRefused()
        {
            using NpgsqlConnection deleter = NewStore(out string uri);
            using NpgsqlConnection writer = PostgresTestServer.Open(uri);
            int writerPid = writer.ProcessID;

            using (NpgsqlTransaction transaction = deleter.BeginTransaction())
            {
                PostgresTestServer.Execute(deleter, "DELETE FROM templates WHERE name = 'Spare';");
                Task<PostgresException?> insert = ExecuteAside(writer, Device + Row("A1", "Spare", "2"));

                await WaitUntilWaitingForALock(uri, writerPid, insert);
                transaction.Commit();
                PostgresException? refused = await insert;
                Assert.NotNull(refused);
                Assert.Equal("devices_template_fkey", refused!.ConstraintName);
            }

            Assert.Equal(0L, Count(deleter, "SELECT count(*) FROM devices;"));
        }

        [Fact]
        public void AnUpdateChecksOnlyTheRowsWhoseTemplateOrUserChanged()
        {
            using NpgsqlConnection connection = NewStore(out _);
            PostgresTestServer.Execute(connection, Device + Row("A1", "Spare", "2") + ", " + Row("A2", "Standard", "1"));
            // The template and user went by means no trigger saw (as a database administrator might, triggers off).
            PostgresTestServer.Execute(connection, @"
ALTER TABLE templates DISABLE TRIGGER templates_keep_references; ALTER TABLE users DISABLE TRIGGER users_keep_references;
DELETE FROM templates WHERE name = 'Spare'; DELETE FROM users WHERE user_id = 2;
ALTER TABLE templates ENABLE TRIGGER templates_keep_references; ALTER TABLE users ENABLE TRIGGER users_keep_references;");

            // As with a key, the device can still be changed where its references stay as they are...
            PostgresTestServer.Execute(connection, "UPDATE devices SET display_name = 'Front desk';");
            PostgresTestServer.Execute(connection, "UPDATE devices SET user_id = 1 WHERE identifier = 'A1';");
            PostgresTestServer.Execute(connection, "UPDATE devices SET template = 'Standard', user_id = NULL WHERE identifier = 'A1';");
            // ...but a template or user it is given must exist.
            Assert.Equal("devices_template_fkey", Refused(connection, "UPDATE devices SET template = 'Spare';").ConstraintName);
            Assert.Equal("devices_user_id_fkey", Refused(connection, "UPDATE devices SET user_id = 2 WHERE identifier = 'A2';").ConstraintName);
            Assert.Equal("A1 Standard  Front desk; A2 Standard 1 Front desk", PostgresTestServer.Scalar(connection,
                "SELECT string_agg(identifier || ' ' || coalesce(template, '') || ' ' || coalesce(user_id::text, '') || ' ' || display_name, '; ' ORDER BY identifier) FROM devices;"));
        }

        [Fact]
        public void TruncatingTemplatesOrUsersIsRefusedWhileADeviceNamesOne()
        {
            using NpgsqlConnection connection = NewStore(out _);
            PostgresTestServer.Execute(connection, Device + Row("A1", "Standard", "NULL") + ", " + Row("A2", null, "1"));

            Assert.Equal("devices_template_fkey", Refused(connection, "TRUNCATE templates;").ConstraintName);
            Assert.Equal("devices_user_id_fkey", Refused(connection, "TRUNCATE users;").ConstraintName);
            Assert.Equal(2L, Count(connection, "SELECT count(*) FROM templates;"));
            Assert.Equal(2L, Count(connection, "SELECT count(*) FROM users;"));

            PostgresTestServer.Execute(connection, "DELETE FROM devices; TRUNCATE templates, users;");
            Assert.Equal(0L, Count(connection, "SELECT count(*) FROM templates;") + Count(connection, "SELECT count(*) FROM users;"));
        }

        [Fact]
        public async Task AnUncommittedImportDoesNotHoldUpRemovingOrRenamingATemplateOrUserItsDevicesDoNotName()
        {
            // A -WhatIf import: a REPEATABLE READ transaction without the writer lock that writes devices and is rolled
            // back only when the whole dry run ends. Only the template and user rows its devices name are locked.
            using NpgsqlConnection dryRun = NewStore(out string uri);
            using NpgsqlConnection admin = PostgresTestServer.Open(uri);
            PostgresTestServer.Execute(admin, "INSERT INTO templates (name) VALUES ('Old'); INSERT INTO users (user_id, user_name) VALUES (3, 'suzuki');");
            // A short lock_timeout turns "held up" into an error instead of a hang; the statements below need no lock at all.
            PostgresTestServer.Execute(admin, "SET lock_timeout = '5s';");
            int adminPid = admin.ProcessID;

            using (NpgsqlTransaction transaction = dryRun.BeginTransaction(System.Data.IsolationLevel.RepeatableRead))
            {
                PostgresTestServer.Execute(dryRun, Device + Row("A1", "Spare", "2"));

                PostgresTestServer.Execute(admin, "DELETE FROM templates WHERE name = 'Old'; UPDATE templates SET name = 'Kitting' WHERE name = 'Standard';");
                PostgresTestServer.Execute(admin, "DELETE FROM users WHERE user_id IN (1, 3);");

                // The template its device names now is held, as a key's check holds it: the delete waits for the dry run.
                Task<PostgresException?> delete = ExecuteAside(admin, "SET lock_timeout = 0; DELETE FROM templates WHERE name = 'Spare';");
                await WaitUntilWaitingForALock(uri, adminPid, delete);
                transaction.Rollback();
                Assert.Null(await delete);
            }

            Assert.Equal("Kitting", PostgresTestServer.Scalar(admin, "SELECT string_agg(name, ',' ORDER BY name) FROM templates;"));
            Assert.Equal("sato", PostgresTestServer.Scalar(admin, "SELECT string_agg(user_name, ',' ORDER BY user_name) FROM users;"));
        }

        [Fact]
        public void ThroughTheStoreAWhatIfWriteInFlightHoldsUpOnlyRemovingTheTemplateItsDeviceNames()
        {
            string uri = _databases.New();
            var origin = ChangeOrigin.Library("reference checks tests");
            using var admin = (PostgresDeviceStore)DeviceStores.Open(uri, StoreUse.Command);
            using (IStoreTransaction setup = admin.BeginTransaction())
            {
                admin.InsertTemplate(new Template("Standard"));
                admin.InsertTemplate(new Template("Spare"));
                setup.Commit();
            }

            // Waiting for a lock ends in StoreBusy after this (lock_timeout), not in a hang; removing Spare needs no wait.
            admin.BusyTimeout = TimeSpan.FromSeconds(2);
            using (IDeviceStore dryRun = DeviceStores.Open(uri, StoreUse.Snapshot))
            {
                using (IStoreTransaction write = dryRun.BeginTransaction())
                {
                    dryRun.SaveDevice(null, new Device
                    {
                        Identifier = "DRY1", Template = "Standard", PlainCode = "Code1234", OS = "ios", ExpirationDays = 7, State = DeviceState.Registered,
                        CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), SavedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
                    }, origin);
                    write.Commit();
                }

                using (IStoreTransaction remove = admin.BeginTransaction())
                {
                    admin.DeleteReference(ReferenceKind.Template, "Spare");
                    remove.Commit();
                }

                using (IStoreTransaction remove = admin.BeginTransaction())
                {
                    Assert.Equal(ErrorIds.StoreBusy, Assert.Throws<BmgException>(() => admin.DeleteReference(ReferenceKind.Template, "Standard")).ErrorId);
                }
            }

            Assert.Equal(new[] { "Standard" }, admin.GetTemplates().Select(t => t.Name));
            Assert.Empty(admin.GetDevices());
        }

        [Fact]
        public void AnUpgradeWaitingForAnotherClientsImportEndsInStoreBusyAndChangesNothing()
        {
            string uri = _databases.New();
            var location = PostgresLocation.Parse(uri);
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresSchema.Ensure(connection, location, PostgresSchemaMigrations.All.Take(3).ToArray());
            PostgresTestServer.Execute(connection, "INSERT INTO templates (name) VALUES ('Standard');");

            using NpgsqlConnection importer = PostgresTestServer.Open(uri);
            using (NpgsqlTransaction import = importer.BeginTransaction())
            {
                PostgresTestServer.Execute(importer, Device + Row("A1", "Standard", "NULL"));

                var busy = Assert.Throws<BmgException>(() => PostgresSchema.Ensure(connection, location, PostgresSchemaMigrations.All, TimeSpan.FromMilliseconds(200)));
                Assert.Equal(ErrorIds.StoreBusy, busy.ErrorId);
                Assert.Contains("upgrade", busy.Message);
                Assert.Equal(3, Convert.ToInt32(PostgresTestServer.Scalar(connection, "SELECT version FROM bmg_schema;")));
                Assert.Equal("0", PostgresTestServer.Scalar(connection, "SELECT current_setting('lock_timeout');"));
                import.Commit();
            }

            PostgresSchema.Ensure(connection, location, PostgresSchemaMigrations.All, TimeSpan.FromMilliseconds(200));
            Assert.Equal(PostgresSchema.CurrentVersion, Convert.ToInt32(PostgresTestServer.Scalar(connection, "SELECT version FROM bmg_schema;")));
            Assert.Equal("0", PostgresTestServer.Scalar(connection, "SELECT current_setting('lock_timeout');"));
            Assert.Equal(1L, Count(connection, "SELECT count(*) FROM devices;"));
        }

        [Fact]
        public void Migration4DropsTheDevicesForeignKeysWhateverTheirNames()
        {
            string uri = _databases.New();
            var location = PostgresLocation.Parse(uri);
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresSchema.Ensure(connection, location, PostgresSchemaMigrations.All.Take(3).ToArray());
            // Keys recreated under other names (a restore, a DBA's hand), plus a key of another kind that must stay.
            PostgresTestServer.Execute(connection, @"
ALTER TABLE devices RENAME CONSTRAINT devices_template_fkey TO devices_template_name_fk;
ALTER TABLE devices DROP CONSTRAINT devices_user_id_fkey;
ALTER TABLE devices ADD CONSTRAINT devices_owner FOREIGN KEY (user_id) REFERENCES users (user_id);
CREATE TABLE device_notes (identifier text PRIMARY KEY);
ALTER TABLE devices ADD CONSTRAINT devices_note FOREIGN KEY (identifier) REFERENCES device_notes (identifier);");

            PostgresSchema.Ensure(connection, location);

            Assert.Equal("devices_note", PostgresTestServer.Scalar(connection, "SELECT string_agg(conname, ',') FROM pg_constraint WHERE conrelid = 'devices'::regclass AND contype = 'f';"));
        }

        [Fact]
        public void Migration4KeepsAVersion3StoresDataAndDropsItsForeignKeys()
        {
            string uri = _databases.New();
            var location = PostgresLocation.Parse(uri);
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresSchema.Ensure(connection, location, PostgresSchemaMigrations.All.Take(3).ToArray());
            PostgresTestServer.Execute(connection, "INSERT INTO templates (name) VALUES ('Standard'); INSERT INTO users (user_id, user_name) VALUES (1, 'yamada');");
            PostgresTestServer.Execute(connection, Device + Row("A1", "Standard", "1"));
            Assert.Equal(2L, Count(connection, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'devices'::regclass AND contype = 'f';"));

            PostgresSchema.Ensure(connection, location);

            Assert.Equal(PostgresSchema.CurrentVersion, Convert.ToInt32(PostgresTestServer.Scalar(connection, "SELECT version FROM bmg_schema;")));
            Assert.Equal(0L, Count(connection, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'devices'::regclass AND contype = 'f';"));
            Assert.Equal(0L, Count(connection, "SELECT count(*) FROM pg_indexes WHERE indexname IN ('devices_by_tag', 'users_by_organization');"));
            Assert.Equal("A1 Standard 1", PostgresTestServer.Scalar(connection, "SELECT identifier || ' ' || template || ' ' || user_id FROM devices;"));
            Assert.Equal("devices_template_fkey", Refused(connection, "DELETE FROM templates;").ConstraintName);
            Assert.Equal("devices_user_id_fkey", Refused(connection, Device + Row("A2", "Standard", "5")).ConstraintName);
        }

        [Fact]
        public void InANamedSchemaTheChecksFindTheStoresTablesWhateverTheSessionsSearchPath()
        {
            string uri = _databases.New();
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            // Another application's tables of the same names in public: the checks must not look there.
            PostgresTestServer.Execute(connection, "CREATE TABLE templates (name text); CREATE TABLE users (user_id bigint); INSERT INTO templates VALUES ('Elsewhere');");
            using (NpgsqlConnection store = PostgresTestServer.Open(uri + "?search_path=bmg"))
            {
                PostgresSchema.Ensure(store, PostgresLocation.Parse(uri + "?search_path=bmg"));
            }

            PostgresTestServer.Execute(connection, "INSERT INTO bmg.templates (name) VALUES ('Standard'); INSERT INTO bmg.users (user_id, user_name) VALUES (1, 'yamada');");
            PostgresTestServer.Execute(connection, Device.Replace("INTO devices", "INTO bmg.devices") + Row("A1", "Standard", "1"));

            Assert.Equal("devices_template_fkey", Refused(connection, Device.Replace("INTO devices", "INTO bmg.devices") + Row("A2", "Elsewhere", "1")).ConstraintName);
            Assert.Equal("devices_template_fkey", Refused(connection, "DELETE FROM bmg.templates WHERE name = 'Standard';").ConstraintName);
            PostgresTestServer.Execute(connection, "UPDATE bmg.templates SET name = 'Kitting';");
            Assert.Equal("Kitting", PostgresTestServer.Scalar(connection, "SELECT template FROM bmg.devices;"));
        }

        /// <summary>
        /// Writes two devices in one statement, one naming user 5 (written by the same transaction, in a savepoint when
        /// <paramref name="userInSavepoint"/>) and one naming user 1 (committed before), and says which of the two user rows the
        /// reference check left locked (a row's xmax is set by its key-share lock; nothing else in the transaction touches them).
        /// Rolled back.
        /// </summary>
        private static (bool OwnUser, bool OtherUser) LockedByADeviceWrite(NpgsqlConnection connection, bool userInSavepoint = false)
        {
            using NpgsqlTransaction transaction = connection.BeginTransaction();
            if (userInSavepoint)
            {
                transaction.Save("dry_run");
            }

            PostgresTestServer.Execute(connection, "INSERT INTO users (user_id, user_name) VALUES (5, 'tanaka');");
            PostgresTestServer.Execute(connection, Device + Row("A1", "Standard", "5") + ", " + Row("A2", "Standard", "1"));
            var locked = ((bool)PostgresTestServer.Scalar(connection, "SELECT xmax <> '0'::xid FROM users WHERE user_id = 5;")!,
                (bool)PostgresTestServer.Scalar(connection, "SELECT xmax <> '0'::xid FROM users WHERE user_id = 1;")!);
            transaction.Rollback();
            return locked;
        }

        [Fact]
        public void Migration10LeavesTheUsersTheTransactionWroteItselfUnlockedAndLocksEveryOther()
        {
            // Twentieth round: a user row the writing transaction inserted (or last updated) is out of the other sessions'
            // reach until it ends, so its key-share lock guarded nothing. A version-9 store locks it; migrated, it doesn't.
            string uri = _databases.New();
            var location = PostgresLocation.Parse(uri);
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresSchema.Ensure(connection, location, PostgresSchemaMigrations.All.Take(9).ToArray());
            PostgresTestServer.Execute(connection, "INSERT INTO templates (name) VALUES ('Standard'); INSERT INTO users (user_id, user_name) VALUES (1, 'yamada');");
            Assert.Equal((true, true), LockedByADeviceWrite(connection));

            PostgresSchema.Ensure(connection, location);

            Assert.Equal(PostgresSchema.CurrentVersion, Convert.ToInt32(PostgresTestServer.Scalar(connection, "SELECT version FROM bmg_schema;")));
            Assert.Equal((false, true), LockedByADeviceWrite(connection));
            // Written inside a savepoint (a -WhatIf store's transactions), the row carries the subtransaction's xid: locked.
            Assert.Equal((true, true), LockedByADeviceWrite(connection, userInSavepoint: true));

            // A new store is made with the same function.
            using NpgsqlConnection created = NewStore(out _);
            Assert.Equal((false, true), LockedByADeviceWrite(created));
            Assert.Equal("devices_user_id_fkey", Refused(created, Device + Row("A3", "Standard", "99")).ConstraintName);
        }

        [Theory]
        [InlineData("DELETE FROM users WHERE user_id = 2;")]
        [InlineData("UPDATE users SET user_id = 9 WHERE user_id = 2;")]
        public async Task AUserTheImportDidNotWriteIsStillHeldWhileItsDevicesAreWrittenBesideUsersItWrote(string removeOrRekey)
        {
            // The statement names a user of this transaction (not locked) and one committed before (locked): another
            // session removing or re-keying the latter waits for the writer, then sees its device and is refused.
            using NpgsqlConnection writer = NewStore(out string uri);
            using NpgsqlConnection other = PostgresTestServer.Open(uri);
            int otherPid = other.ProcessID;

            using (NpgsqlTransaction transaction = writer.BeginTransaction())
            {
                PostgresTestServer.Execute(writer, "INSERT INTO users (user_id, user_name) VALUES (5, 'tanaka');");
                PostgresTestServer.Execute(writer, Device + Row("A1", "Standard", "5") + ", " + Row("A2", "Standard", "2"));
                Task<PostgresException?> change = ExecuteAside(other, removeOrRekey);

                await WaitUntilWaitingForALock(uri, otherPid, change);
                transaction.Commit();
                PostgresException? refused = await change;
                Assert.NotNull(refused);
                Assert.Equal("devices_user_id_fkey", refused!.ConstraintName);
            }

            Assert.Equal("A1 5; A2 2", PostgresTestServer.Scalar(writer,
                "SELECT string_agg(d.identifier || ' ' || u.user_id, '; ' ORDER BY d.identifier) FROM devices d JOIN users u USING (user_id);"));
        }

        [Theory]
        [InlineData("DELETE FROM users WHERE user_id = 2;")]
        [InlineData("UPDATE users SET user_id = 9 WHERE user_id = 2;")]
        public async Task AUserTheWriterUpdatedIsNotLockedYetARemovalOrReKeyWaitsForTheWriterAndIsRefused(string removeOrRekey)
        {
            // The row's new version is the writer's own (not locked); its old version carries the writer's xmax, so the other
            // session waits for the writer, then (READ COMMITTED) finds the new version and its own check sees the device.
            using NpgsqlConnection writer = NewStore(out string uri);
            using NpgsqlConnection other = PostgresTestServer.Open(uri);
            int otherPid = other.ProcessID;

            using (NpgsqlTransaction transaction = writer.BeginTransaction())
            {
                PostgresTestServer.Execute(writer, "UPDATE users SET user_name = 'sato2' WHERE user_id = 2;");
                PostgresTestServer.Execute(writer, Device + Row("A1", "Standard", "2"));
                Assert.Equal("0", PostgresTestServer.Scalar(writer, "SELECT xmax::text FROM users WHERE user_id = 2;"));
                Task<PostgresException?> change = ExecuteAside(other, removeOrRekey);

                await WaitUntilWaitingForALock(uri, otherPid, change);
                transaction.Commit();
                PostgresException? refused = await change;
                Assert.NotNull(refused);
                Assert.Equal("devices_user_id_fkey", refused!.ConstraintName);
            }

            Assert.Equal("A1 sato2", PostgresTestServer.Scalar(writer, "SELECT d.identifier || ' ' || u.user_name FROM devices d JOIN users u USING (user_id);"));
        }

        /// <summary>Runs a statement on another thread (it may wait for a lock): its refusal, or null when it succeeded.</summary>
        private static Task<PostgresException?> ExecuteAside(NpgsqlConnection connection, string sql) => Task.Run(() =>
        {
            try
            {
                PostgresTestServer.Execute(connection, sql);
                return (PostgresException?)null;
            }
            catch (PostgresException e)
            {
                return e;
            }
        });

        /// <summary>Polls the server (no clock) until the backend waits for a lock; fails if the statement ends first.</summary>
        private static async Task WaitUntilWaitingForALock(string uri, int pid, Task statement)
        {
            using NpgsqlConnection observer = PostgresTestServer.Open(uri);
            while (true)
            {
                Assert.False(statement.IsCompleted, "The statement ended instead of waiting for the other transaction.");
                if (PostgresTestServer.Scalar(observer, $"SELECT wait_event_type FROM pg_stat_activity WHERE pid = {pid};") is "Lock")
                {
                    return;
                }

                await Task.Delay(10);
            }
        }
    }
}
