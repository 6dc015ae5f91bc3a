using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Store.Postgres;
using Npgsql;
using Xunit;

namespace BizMobileGo.Core.Tests.Postgres
{
    /// <summary>The schema on the real server: created once, refused when foreign or newer, migrated when older.</summary>
    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresSchemaTests : IDisposable
    {
        // The databases this test makes, dropped in the background once it is done.
        private readonly PostgresTestDatabases _databases = new PostgresTestDatabases();

        public void Dispose() => _databases.Dispose();

        private static readonly string[] StoreTables =
        {
            "bmg_schema", "change_history", "change_history_names", "change_history_packs", "checkin_emails", "checkin_failures", "dep_devices", "dep_profiles", "device_tags", "devices",
            "import_history", "import_history_errors", "organizations", "templates", "users",
        };

        private static void Ensure(string uri)
        {
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresSchema.Ensure(connection, PostgresLocation.Parse(uri));
        }

        private static string[] Tables(NpgsqlConnection connection, string schema = "public")
        {
            using var command = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = @s ORDER BY tablename;", connection);
            command.Parameters.AddWithValue("s", schema);
            using NpgsqlDataReader reader = command.ExecuteReader();
            var names = new System.Collections.Generic.List<string>();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }

            return names.ToArray();
        }

        [Fact]
        public void AnEmptyDatabaseGetsTheSchemaAndItsMarker()
        {
            string uri = _databases.New();
            Ensure(uri);

            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            Assert.Equal(StoreTables, Tables(connection));
            Assert.Equal(PostgresSchema.CurrentVersion, Convert.ToInt32(PostgresTestServer.Scalar(connection, "SELECT version FROM bmg_schema WHERE application = 'BizMobileGo';")));
        }

        [Fact]
        public void OpeningACurrentStoreAgainChangesNothing()
        {
            string uri = _databases.New();
            Ensure(uri);
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            var migratedAt = (DateTime)PostgresTestServer.Scalar(connection, "SELECT migrated_at FROM bmg_schema;")!;
            PostgresTestServer.Execute(connection, "INSERT INTO templates (name) VALUES ('Kept');");

            Ensure(uri);

            Assert.Equal(migratedAt, (DateTime)PostgresTestServer.Scalar(connection, "SELECT migrated_at FROM bmg_schema;")!);
            Assert.Equal("Kept", PostgresTestServer.Scalar(connection, "SELECT name FROM templates;"));
            Assert.Equal(1L, PostgresTestServer.Scalar(connection, "SELECT count(*) FROM bmg_schema;"));
        }

        [Fact]
        public void ADatabaseWithAnotherApplicationsTablesIsRefusedAndLeftAsItWas()
        {
            string uri = _databases.New();
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresTestServer.Execute(connection, "CREATE TABLE invoices (id int PRIMARY KEY, total numeric);");

            var error = Assert.Throws<BmgException>(() => Ensure(uri));

            Assert.Equal(ErrorIds.StoreNotRecognized, error.ErrorId);
            Assert.Contains("invoices", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(PostgresTestServer.Admin.ConnectionString.Password!, error.Message, StringComparison.Ordinal);
            Assert.Equal(new[] { "invoices" }, Tables(connection));
        }

        [Fact]
        public void AMarkerTableOfAnotherApplicationIsRefused()
        {
            string uri = _databases.New();
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresTestServer.Execute(connection, "CREATE TABLE bmg_schema (application text PRIMARY KEY, version integer NOT NULL, migrated_at timestamptz); " +
                "INSERT INTO bmg_schema VALUES ('SomethingElse', 1, now());");
            Assert.Equal(ErrorIds.StoreNotRecognized, Assert.Throws<BmgException>(() => Ensure(uri)).ErrorId);

            PostgresTestServer.Execute(connection, "DROP TABLE bmg_schema; CREATE TABLE bmg_schema (name text);");
            Assert.Equal(ErrorIds.StoreNotRecognized, Assert.Throws<BmgException>(() => Ensure(uri)).ErrorId);
            Assert.Equal(new[] { "bmg_schema" }, Tables(connection));
        }

        [Fact]
        public void ANewerStoreIsRefusedAndLeftAsItWas()
        {
            string uri = _databases.New();
            Ensure(uri);
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresTestServer.Execute(connection, $"UPDATE bmg_schema SET version = {PostgresSchema.CurrentVersion + 1};");

            var error = Assert.Throws<BmgException>(() => Ensure(uri));

            Assert.Equal(ErrorIds.StoreVersionTooNew, error.ErrorId);
            Assert.Equal(PostgresSchema.CurrentVersion + 1, Convert.ToInt32(PostgresTestServer.Scalar(connection, "SELECT version FROM bmg_schema;")));
        }

        [Fact]
        public void AnOlderStoreIsMigratedStepByStep()
        {
            string uri = _databases.New();
            var location = PostgresLocation.Parse(uri);
            string[] steps = { "CREATE TABLE notes (id int PRIMARY KEY);", "ALTER TABLE notes ADD COLUMN body text;", "INSERT INTO notes VALUES (1, 'three');" };
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);

            PostgresSchema.Ensure(connection, location, steps.Take(1).ToArray());
            PostgresTestServer.Execute(connection, "INSERT INTO notes VALUES (0);");
            PostgresSchema.Ensure(connection, location, steps);

            Assert.Equal(3, Convert.ToInt32(PostgresTestServer.Scalar(connection, "SELECT version FROM bmg_schema;")));
            Assert.Equal(2L, PostgresTestServer.Scalar(connection, "SELECT count(*) FROM notes;"));
            Assert.Equal("three", PostgresTestServer.Scalar(connection, "SELECT body FROM notes WHERE id = 1;"));
        }

        [Fact]
        public void Migration3KeepsEveryNameOfTheHistorySoFarAndDropsTheIndexOfEveryEntrysName()
        {
            string uri = _databases.New();
            var location = PostgresLocation.Parse(uri);
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresSchema.Ensure(connection, location, PostgresSchemaMigrations.All.Take(2).ToArray());
            string hash = new string('0', 64);
            PostgresTestServer.Execute(connection, "INSERT INTO change_history VALUES " +
                $"(1, now(), 'u', 'h', 'c', NULL, NULL, 'Device', '7', 'Old-Name', 'Created', '{{}}', '{hash}', '{hash}'), " +
                $"(2, now(), 'u', 'h', 'c', NULL, NULL, 'Device', '7', 'new-name', 'Changed', '{{}}', '{hash}', '{hash}'), " +
                $"(3, now(), 'u', 'h', 'c', NULL, NULL, 'User', '7', 'gone', 'Removed', '{{}}', '{hash}', '{hash}'), " +
                $"(4, now(), 'u', 'h', 'c', NULL, NULL, 'History', 'history', 'history', 'Cleared', '{{}}', '{hash}', '{hash}'), " +
                $"(5, now(), 'u', 'h', 'c', NULL, NULL, 'Device', '7', 'new-name', 'Changed', '{{}}', '{hash}', '{hash}');");

            PostgresSchema.Ensure(connection, location);

            Assert.Equal(PostgresSchema.CurrentVersion, Convert.ToInt32(PostgresTestServer.Scalar(connection, "SELECT version FROM bmg_schema;")));
            Assert.Equal("Device 7 Old-Name 1; Device 7 new-name 5; User 7 gone 3", PostgresTestServer.Scalar(connection,
                "SELECT string_agg(subject_kind || ' ' || subject_key || ' ' || subject || ' ' || through, '; ' ORDER BY subject_kind, subject) FROM change_history_names;"));
            Assert.Equal(0L, PostgresTestServer.Scalar(connection, "SELECT count(*) FROM pg_indexes WHERE indexname = 'change_history_by_name';"));
        }

        [Fact]
        public void Migration6GivesTheUserNamesAnIndexTheCaseTwinLookUpSeeks()
        {
            // New-BmgUser asks for a new user's case twins twice a call: at 100,000 users a scan of every name cost ~6 ms a
            // call (fourteenth round). A version-5 store gets the index on upgrade, and the store's own statement can use it.
            string uri = _databases.New();
            var location = PostgresLocation.Parse(uri);
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresSchema.Ensure(connection, location, PostgresSchemaMigrations.All.Take(5).ToArray());
            PostgresTestServer.Execute(connection, "INSERT INTO users (user_name) VALUES ('yamada'), ('YAMADA'), ('Kim'), ('\u212Aim');");

            PostgresSchema.Ensure(connection, location);

            Assert.Equal(PostgresSchema.CurrentVersion, Convert.ToInt32(PostgresTestServer.Scalar(connection, "SELECT version FROM bmg_schema;")));
            Assert.Equal(1L, PostgresTestServer.Scalar(connection, "SELECT count(*) FROM pg_indexes WHERE indexname = 'users_by_name_folded';"));

            // Few rows: the planner would read the table anyway; with sequential scans off it still must when no index fits.
            PostgresTestServer.Execute(connection, "SET enable_seqscan = off;");
            using var explain = new NpgsqlCommand("EXPLAIN " + PostgresDeviceStore.UserNameCaseTwinsSql, connection);
            explain.Parameters.Add(new NpgsqlParameter { Value = "Yamada", NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            var plan = new System.Collections.Generic.List<string>();
            using (NpgsqlDataReader reader = explain.ExecuteReader())
            {
                while (reader.Read())
                {
                    plan.Add(reader.GetString(0));
                }
            }

            Assert.Contains("users_by_name_folded", string.Join("\n", plan));
            Assert.DoesNotContain("Seq Scan", string.Join("\n", plan));
        }

        [Fact]
        public void Migration8GivesSerialsAByteOrderIndexAndReadsUserAndPastNamesInIndexOrderUpToTheLimit()
        {
            // Tab completion (fifteenth round): -Serial read every device; the user-name and past-name prefix look-ups sorted
            // their whole matched range before the LIMIT. A version-7 store gets the indexes on upgrade, keeps its rows, and
            // each prefix query is an index scan in its ORDER BY's order: no Sort node, whatever the range.
            string uri = _databases.New();
            var location = PostgresLocation.Parse(uri);
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresSchema.Ensure(connection, location, PostgresSchemaMigrations.All.Take(7).ToArray());
            PostgresTestServer.Execute(connection, "INSERT INTO users (user_name) VALUES ('yamada'), ('YAMADA'), ('Yamato');");
            PostgresTestServer.Execute(connection, "INSERT INTO devices (identifier, code, os, serial, expiration_days, state, created_at, saved_at) VALUES " +
                "('dev1', 'C1', 'ios', 'F2LX00000001', 30, 'Registered', now(), now()), ('dev2', 'C2', 'ios', 'F2LX00000002', 30, 'Registered', now(), now());");

            PostgresSchema.Ensure(connection, location);

            Assert.Equal(PostgresSchema.CurrentVersion, Convert.ToInt32(PostgresTestServer.Scalar(connection, "SELECT version FROM bmg_schema;")));
            Assert.True(PostgresSchema.CurrentVersion >= 8);
            Assert.Equal(2L, PostgresTestServer.Scalar(connection, "SELECT count(*) FROM devices WHERE serial LIKE 'F2LX%';"));
            Assert.Equal(3L, PostgresTestServer.Scalar(connection, "SELECT count(*) FROM users;"));
            Assert.Contains("user_name COLLATE \"C\"", (string)PostgresTestServer.Scalar(connection, "SELECT indexdef FROM pg_indexes WHERE indexname = 'users_by_name_folded';")!);

            // Few rows: with sequential scans off the planner still must sort when no index gives the order.
            PostgresTestServer.Execute(connection, "SET enable_seqscan = off; SET enable_bitmapscan = off;");
            string serials = Plan(connection, PostgresDeviceStore.DeviceSerialsByPrefixSql, "F2L", "F2L\U0010FFFF", 200);
            Assert.Contains("devices_serial_key", serials);
            Assert.DoesNotContain("Sort", serials);
            string users = Plan(connection, PostgresDeviceStore.UserNamesByPrefixSql, "y", "y\U0010FFFF", 200);
            Assert.Contains("users_by_name_folded", users);
            Assert.DoesNotContain("Sort", users);
            string past = Plan(connection, PostgresDeviceStore.PastNamesByPrefixSql, "y", "y\U0010FFFF", 200, "User");
            Assert.Contains("change_history_names_by_folded_name", past);
            Assert.DoesNotContain("Sort", past);
        }

        [Fact]
        public void AUserNamePatternReadsItsRangesFromTheFoldedNameIndexNotEveryUser()
        {
            // Get-BmgUser 'user001234*' read every user (walkthrough 25, finding 3). Among 5,000 analyzed users, each range of
            // NamePrefix.UserNameRanges is a scan of users_by_name_folded (as completion's prefix is), not a read of every user.
            string uri = _databases.New();
            var location = PostgresLocation.Parse(uri);
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresSchema.Ensure(connection, location);
            PostgresTestServer.Execute(connection, "INSERT INTO users (user_name) SELECT 'user' || lpad(g::text, 7, '0') FROM generate_series(1, 5000) g; ANALYZE users;");

            var ranges = NamePrefix.UserNameRanges("user00012");
            using var explain = new NpgsqlCommand("EXPLAIN " + PostgresDeviceStore.UsersInRangesSql, connection);
            explain.Parameters.Add(new NpgsqlParameter { Value = ranges.Select(r => r.Low).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
            explain.Parameters.Add(new NpgsqlParameter { Value = ranges.Select(r => r.High).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
            string plan = Lines(explain);
            Assert.Contains("users_by_name_folded", plan);
            Assert.DoesNotContain("Seq Scan on users", plan);
        }

        [Fact]
        public void Migration21GivesGetBmgUsersPagesAnIndexInTheirOrder()
        {
            // Get-BmgUser of everything reads 5,000 users a page in their names' byte order (KeysetListing); without an index
            // in that order each page sorted every user (big35, walkthrough 34b's leftover). A version-20 store gets it on
            // upgrade, and a page is a scan of it from the last name: no Sort node, no read of every user.
            string uri = _databases.New();
            var location = PostgresLocation.Parse(uri);
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresSchema.Ensure(connection, location, PostgresSchemaMigrations.All.Take(20).ToArray());
            PostgresTestServer.Execute(connection, "INSERT INTO users (user_name) SELECT 'user' || lpad(g::text, 7, '0') FROM generate_series(1, 5000) g; ANALYZE users;");
            Assert.Equal(0L, PostgresTestServer.Scalar(connection, "SELECT count(*) FROM pg_indexes WHERE indexname = 'users_by_name_bytes';"));

            PostgresSchema.Ensure(connection, location);

            Assert.Equal(PostgresSchema.CurrentVersion, Convert.ToInt32(PostgresTestServer.Scalar(connection, "SELECT version FROM bmg_schema;")));
            Assert.Equal(5000L, PostgresTestServer.Scalar(connection, "SELECT count(*) FROM users;"));
            using var explain = new NpgsqlCommand("EXPLAIN " + PostgresDeviceStore.UsersAfterSql, connection);
            explain.Parameters.Add(new NpgsqlParameter { Value = "user0001000", NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            explain.Parameters.Add(new NpgsqlParameter { Value = 100, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
            string plan = Lines(explain);
            Assert.Contains("users_by_name_bytes", plan);
            Assert.DoesNotContain("Sort", plan);
        }

        [Fact]
        public void Migration9IndexesEveryEmailByFoldedIdentifierForThePendingLookUpsAndTheCompletion()
        {
            // Get-/Send-BmgCheckInEmail -Identifier completion (seventeenth round): the partial index of pending emails by
            // lower(identifier) under the locale gives way to one of every email by lower(identifier COLLATE "C"). A version-8
            // store gets it on upgrade and keeps its emails; the pending look-ups and the completion seek it, the completion
            // in its order (no Sort node).
            string uri = _databases.New();
            var location = PostgresLocation.Parse(uri);
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresSchema.Ensure(connection, location, PostgresSchemaMigrations.All.Take(8).ToArray());
            PostgresTestServer.Execute(connection, "INSERT INTO checkin_emails (recipient, identifier, code, queued_at, status) VALUES " +
                "('a@example.com', 'Dev-1', 'C1', now(), 'Pending'), ('a@example.com', 'dev-2', 'C2', now(), 'Sent');");

            PostgresSchema.Ensure(connection, location);

            Assert.Equal(PostgresSchema.CurrentVersion, Convert.ToInt32(PostgresTestServer.Scalar(connection, "SELECT version FROM bmg_schema;")));
            Assert.True(PostgresSchema.CurrentVersion >= 9);
            Assert.Equal(2L, PostgresTestServer.Scalar(connection, "SELECT count(*) FROM checkin_emails WHERE lower(identifier COLLATE \"C\") LIKE 'dev-%';"));
            Assert.Equal(0L, PostgresTestServer.Scalar(connection, "SELECT count(*) FROM pg_indexes WHERE indexname = 'checkin_emails_pending_by_identifier';"));
            Assert.Contains("identifier COLLATE \"C\"",
                (string)PostgresTestServer.Scalar(connection, "SELECT indexdef FROM pg_indexes WHERE indexname = 'checkin_emails_by_folded_identifier';")!);

            // An outbox of pending emails, analyzed: the status index would find every one of them, the identifier index one each.
            PostgresTestServer.Execute(connection, "INSERT INTO checkin_emails (recipient, identifier, code, queued_at, status) " +
                "SELECT 'a@example.com', 'mass-' || g, 'C', now(), 'Pending' FROM generate_series(1, 2000) g; ANALYZE checkin_emails;");
            PostgresTestServer.Execute(connection, "SET enable_seqscan = off; SET enable_bitmapscan = off;");
            string completion = Plan(connection, PostgresDeviceStore.CheckInEmailIdentifiersByPrefixSql, "dev", "dev\U0010FFFF", 200);
            Assert.Contains("checkin_emails_by_folded_identifier", completion);
            Assert.DoesNotContain("Sort", completion);
            using (var explain = new NpgsqlCommand("EXPLAIN " + PostgresDeviceStore.PendingEmailsOfDeviceSql, connection))
            {
                explain.Parameters.Add(new NpgsqlParameter { Value = "DEV-1", NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
                Assert.Contains("checkin_emails_by_folded_identifier", Lines(explain));
            }

            using (var explain = new NpgsqlCommand("EXPLAIN " + PostgresDeviceStore.PendingOfManySql, connection))
            {
                explain.Parameters.Add(new NpgsqlParameter { Value = new[] { "DEV-1", "dev-2" }, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
                Assert.Contains("checkin_emails_by_folded_identifier", Lines(explain));
            }
        }

        [Fact]
        public void Migration11GivesTheImportsRecordedBeforeAnEmptyHostAndNewImportsRecordTheirs()
        {
            // Walkthrough 24 (6): import_history gets a host column (SQLite's migration 15); a version-10 store's imports read
            // as Host "" and keep everything else.
            string uri = _databases.New();
            var location = PostgresLocation.Parse(uri);
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresSchema.Ensure(connection, location, PostgresSchemaMigrations.All.Take(10).ToArray());
            PostgresTestServer.Execute(connection, "INSERT INTO import_history (started_at, ended_at, os_user, source, mode, committed, rows, created, updated, " +
                "unchanged, failed, emails_queued) VALUES (now(), now(), 'sato', 'old.csv', 'AllOrNothing', true, 1, 1, 0, 0, 0, 0);");

            PostgresSchema.Ensure(connection, location);

            Assert.Equal(PostgresSchema.CurrentVersion, Convert.ToInt32(PostgresTestServer.Scalar(connection, "SELECT version FROM bmg_schema;")));
            Assert.True(PostgresSchema.CurrentVersion >= 11);
            using IDeviceStore store = DeviceStores.Open(uri, StoreUse.Command);
            var old = Assert.Single(store.GetImportHistory(null));
            Assert.Equal(("sato", "", "old.csv", 1), (old.User, old.Host, old.Source, old.Created));
            store.InsertImportHistory(new BizMobileGo.Core.Import.ImportHistoryEntry { StartedAt = DateTimeOffset.UtcNow, EndedAt = DateTimeOffset.UtcNow, User = "root", Host = "console-2", Source = "new.csv" });
            Assert.Equal(new[] { "console-2", "" }, store.GetImportHistory(null).Select(e => e.Host));
        }

        [Fact]
        public void Migration15LowerCasesProfileStatusesAndClearsTheProfileOfEmptyOrRemoved()
        {
            // Thirty-first round (SQLite's migration 19; walkthrough 31b, 1 and 7): Apple's four statuses in Apple's lower case,
            // "empty" and "removed" without the profile an earlier import left; other text and other rows as they were.
            string uri = _databases.New();
            var location = PostgresLocation.Parse(uri);
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresSchema.Ensure(connection, location, PostgresSchemaMigrations.All.Take(14).ToArray());
            PostgresTestServer.Execute(connection, "INSERT INTO dep_devices (serial_number, imported_at, profile_status, profile_uuid, profile_name) VALUES " +
                "('S1ASSIGNED01', now(), 'Assigned', 'U1', 'Kitting'), ('S2REMOVED001', now(), 'removed', 'U1', 'Kitting'), " +
                "('S3EMPTY00001', now(), 'EMPTY', 'U1', 'Kitting'), ('S4BOGUS00001', now(), 'Bogus', 'U1', 'Kitting'), ('S5NONE000001', now(), NULL, 'U1', 'Kitting');");

            PostgresSchema.Ensure(connection, location);

            Assert.Equal(PostgresSchema.CurrentVersion, Convert.ToInt32(PostgresTestServer.Scalar(connection, "SELECT version FROM bmg_schema;")));
            using IDeviceStore store = DeviceStores.Open(uri, StoreUse.Command);
            Assert.Equal(new (string, string?, string?, string?)[]
            {
                ("S1ASSIGNED01", "assigned", "U1", "Kitting"), ("S2REMOVED001", "removed", null, null), ("S3EMPTY00001", "empty", null, null),
                ("S4BOGUS00001", "Bogus", "U1", "Kitting"), ("S5NONE000001", null, "U1", "Kitting"),
            }, store.GetDepDevices().Select(d => (d.SerialNumber, d.ProfileStatus, d.ProfileUuid, d.ProfileName)).ToArray());
        }

        [Fact]
        public void Migration14ReadsTheImportsRecordedBeforeWithUnknownUserCountsAndNewImportsRecordTheirs()
        {
            // Thirtieth round (SQLite's migration 18): import_history keeps UsersCreated/UsersUpdated; a version-13 store's
            // imports read as null (unknown), not 0, and keep everything else.
            string uri = _databases.New();
            var location = PostgresLocation.Parse(uri);
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresSchema.Ensure(connection, location, PostgresSchemaMigrations.All.Take(13).ToArray());
            PostgresTestServer.Execute(connection, "INSERT INTO import_history (started_at, ended_at, os_user, source, mode, committed, rows, created, updated, " +
                "unchanged, failed, emails_queued, host) VALUES (now(), now(), 'sato', 'old.csv', 'AllOrNothing', true, 1, 1, 0, 0, 0, 0, 'console-1');");

            PostgresSchema.Ensure(connection, location);

            Assert.Equal(PostgresSchema.CurrentVersion, Convert.ToInt32(PostgresTestServer.Scalar(connection, "SELECT version FROM bmg_schema;")));
            Assert.True(PostgresSchema.CurrentVersion >= 14);
            using IDeviceStore store = DeviceStores.Open(uri, StoreUse.Command);
            var old = Assert.Single(store.GetImportHistory(null));
            Assert.Equal(("sato", "console-1", 1, (int?)null, (int?)null), (old.User, old.Host, old.Created, old.UsersCreated, old.UsersUpdated));
            store.InsertImportHistory(new BizMobileGo.Core.Import.ImportHistoryEntry { StartedAt = DateTimeOffset.UtcNow, EndedAt = DateTimeOffset.UtcNow, User = "root", Source = "new.csv", Committed = true, Rows = 2, PlannedCreated = 2, PlannedUsersCreated = 1, PlannedUsersUpdated = 1 });
            Assert.Equal(new (int?, int?)[] { (1, 1), (null, null) }, store.GetImportHistory(null).Select(e => (e.UsersCreated, e.UsersUpdated)));
        }

        [Fact]
        public void Migration12KeepsOneUniqueSerialIndexInByteOrderThatRefusesADuplicateAndServesEveryLookUp()
        {
            // Twenty-seventh round: devices_serial_key (unique, the database's collation) and devices_by_serial_bytes (byte
            // order) become one unique index in byte order under the constraint's name. A version-11 store keeps its devices,
            // still refuses a second device with a serial (the store's DuplicateSerial), and each serial look-up seeks the one
            // index, the prefix range in its order.
            string uri = _databases.New();
            var location = PostgresLocation.Parse(uri);
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresSchema.Ensure(connection, location, PostgresSchemaMigrations.All.Take(11).ToArray());
            PostgresTestServer.Execute(connection, "INSERT INTO devices (identifier, code, os, serial, expiration_days, state, created_at, saved_at) VALUES " +
                "('dev1', 'C1', 'ios', 'F2LX00000001', 30, 'Registered', now(), now()), ('dev2', 'C2', 'ios', 'F2LX00000002', 30, 'Registered', now(), now());");

            PostgresSchema.Ensure(connection, location);

            Assert.True(PostgresSchema.CurrentVersion >= 12);
            Assert.Equal(2L, PostgresTestServer.Scalar(connection, "SELECT count(*) FROM devices WHERE serial LIKE 'F2LX%';"));
            string serialIndexes = string.Join("\n", ReadStrings(connection,
                "SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE tablename = 'devices' AND indexdef LIKE '%serial%' ORDER BY 1;"));
            Assert.Equal("devices_serial_key: CREATE UNIQUE INDEX devices_serial_key ON public.devices USING btree (serial COLLATE \"C\")", serialIndexes);
            Assert.Equal(0L, PostgresTestServer.Scalar(connection, "SELECT count(*) FROM pg_constraint WHERE conrelid = 'devices'::regclass AND contype = 'u';"));

            var duplicate = Assert.Throws<PostgresException>(() => PostgresTestServer.Execute(connection,
                "INSERT INTO devices (identifier, code, os, serial, expiration_days, state, created_at, saved_at) VALUES ('dev3', 'C3', 'ios', 'F2LX00000001', 30, 'Registered', now(), now());"));
            Assert.Equal(PostgresErrorCodes.UniqueViolation, duplicate.SqlState);
            Assert.Equal("devices_serial_key", duplicate.ConstraintName);
            using (IDeviceStore store = DeviceStores.Open(uri, StoreUse.Command))
            {
                var device = new BizMobileGo.Core.Devices.Device
                {
                    Identifier = "dev4", PlainCode = "C4", OS = "ios", Serial = "F2LX00000002", ExpirationDays = 30,
                    State = BizMobileGo.Core.Devices.DeviceState.Registered, CreatedAt = DateTimeOffset.UtcNow, SavedAt = DateTimeOffset.UtcNow,
                };
                var error = Assert.Throws<BmgException>(() =>
                {
                    using IStoreTransaction transaction = store.BeginTransaction();
                    store.SaveDevice(null, device, ChangeOrigin.Library("schema tests"));
                    transaction.Commit();
                });
                Assert.Equal(ErrorIds.DuplicateSerial, error.ErrorId);
                Assert.Equal("dev2", store.GetDeviceBySerial("F2LX00000002")!.Identifier);
                Assert.Equal(new[] { "dev1", "dev2" }, store.FindDevicesBySerial(new[] { "F2LX00000002", "F2LX00000001" }).Select(d => d.Identifier).OrderBy(i => i));
            }

            // 3,000 analyzed devices: a look-up of one serial seeks the index when the index can serve its comparison.
            PostgresTestServer.Execute(connection, "INSERT INTO devices (identifier, code, os, serial, expiration_days, state, created_at, saved_at) " +
                "SELECT 'bulk-' || g, 'C', 'ios', 'F2LY' || lpad(g::text, 8, '0'), 30, 'Registered', now(), now() FROM generate_series(1, 3000) g; ANALYZE devices;");
            foreach (string plan in new[]
            {
                Explain(connection, PostgresDeviceStore.DeviceBySerialSql, Text("F2LX00000001")),
                Explain(connection, PostgresDeviceStore.DepLinkBySerialSql, Text("F2LX00000001")),
                Explain(connection, PostgresDeviceStore.FindDevicesBySerialSql, Texts("F2LX00000001")),
                Explain(connection, PostgresDeviceStore.FindChunkDevicesSql, Texts("dev9"), Texts("F2LX00000001")),
            })
            {
                Assert.True(plan.Contains("devices_serial_key", StringComparison.Ordinal), plan);
                Assert.DoesNotContain("Seq Scan on devices", plan);
            }

            string serials = Plan(connection, PostgresDeviceStore.DeviceSerialsByPrefixSql, "F2LX", "F2LX\U0010FFFF", 200);
            Assert.Contains("devices_serial_key", serials);
            Assert.DoesNotContain("Sort", serials);
        }

        private static NpgsqlParameter Text(string value) => new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };

        private static NpgsqlParameter Texts(params string[] values) =>
            new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text };

        private static string Explain(NpgsqlConnection connection, string sql, params NpgsqlParameter[] parameters)
        {
            using var explain = new NpgsqlCommand("EXPLAIN " + sql, connection);
            explain.Parameters.AddRange(parameters);
            return string.Join("\n", ReadStrings(explain));
        }

        private static string[] ReadStrings(NpgsqlConnection connection, string sql)
        {
            using var command = new NpgsqlCommand(sql, connection);
            return ReadStrings(command);
        }

        private static string[] ReadStrings(NpgsqlCommand command)
        {
            var values = new System.Collections.Generic.List<string>();
            using NpgsqlDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                values.Add(reader.GetString(0));
            }

            return values.ToArray();
        }

        [Fact]
        public void ADeviceRenamesItsOwnEmailsByItsKeyAndSeeksTheirIndex()
        {
            // Thirty-third round: the rename's UPDATE of checkin_emails takes the device's own emails by its key (migration
            // 18), not every email under the old name (an earlier device's under a reused Identifier), and seeks
            // checkin_emails_by_device_key rather than reading every email. (Eighteenth round: it had folded with lower()
            // under the locale, which no index has.)
            string uri = _databases.New();
            var location = PostgresLocation.Parse(uri);
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresSchema.Ensure(connection, location);
            PostgresTestServer.Execute(connection, "INSERT INTO checkin_emails (recipient, identifier, device_key, code, queued_at, status) " +
                "SELECT 'a@example.com', 'mass-' || g, g, 'C', now(), 'Pending' FROM generate_series(1, 2000) g; ANALYZE checkin_emails;");
            PostgresTestServer.Execute(connection, "SET enable_seqscan = off; SET enable_bitmapscan = off;");

            using var explain = new NpgsqlCommand("EXPLAIN " + PostgresDeviceStore.RenameEmailsSql, connection);
            explain.Parameters.Add(new NpgsqlParameter { Value = 7L, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
            explain.Parameters.Add(new NpgsqlParameter { Value = "mass-7b", NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            string plan = Lines(explain);
            Assert.Contains("checkin_emails_by_device_key", plan);
            Assert.DoesNotContain("Seq Scan", plan);
        }

        [Fact]
        public void TheImportRetentionSeeksTheHistoryByImport()
        {
            // Thirty-third round: Clear-BmgHistory's forgetting of imports asks, per import that ended before the date, whether
            // an entry or a pack still names it; without an index on import_id that was a read of the whole history per
            // import. With migration 18 each is a seek of change_history_by_import and change_history_packs_by_import, even
            // with the planner left free to choose (a history of 50,000 entries and 5,000 packs of 5 imports).
            string uri = _databases.New();
            var location = PostgresLocation.Parse(uri);
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresSchema.Ensure(connection, location);
            PostgresTestServer.Execute(connection,
                "INSERT INTO import_history (import_id, started_at, ended_at, os_user, source, mode, committed, rows, created, updated, unchanged, failed, emails_queued) " +
                "SELECT g, now() - interval '2 days', now() - interval '2 days', 'u', 's.csv', 'Upsert', true, 1, 1, 0, 0, 0, 0 FROM generate_series(1, 200) g;" +
                "INSERT INTO change_history (sequence, at, os_user, host, command, import_id, line, subject_kind, subject_key, subject, action, changes, previous_hash, hash) " +
                "SELECT g, now(), 'u', 'h', 'Import-BmgDeviceCsv', CASE WHEN g % 10 = 0 THEN g % 5 + 1 END, 1, 'Device', g::text, 'd' || g, 'Changed', '[]', repeat('0', 64), repeat('0', 64) " +
                "FROM generate_series(1, 50000) g;" +
                "INSERT INTO change_history_packs (first_sequence, last_sequence, at, os_user, host, command, import_id, previous_hash, entries) " +
                "SELECT 100000 + g * 10, 100000 + g * 10 + 9, now(), 'u', 'h', 'Import-BmgDeviceCsv', g % 5 + 1, repeat('0', 64), '\\x00'::bytea " +
                "FROM generate_series(1, 5000) g; ANALYZE change_history; ANALYZE change_history_packs; ANALYZE import_history;");

            using var explain = new NpgsqlCommand("EXPLAIN " + PostgresDeviceStore.DeleteUnnamedImportsSql, connection);
            explain.Parameters.Add(new NpgsqlParameter { Value = DateTimeOffset.UtcNow, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
            string plan = Lines(explain);
            Assert.True(plan.Contains("change_history_by_import") && plan.Contains("change_history_packs_by_import"), plan);
            Assert.Contains("change_history_by_import", plan);
            Assert.Contains("change_history_packs_by_import", plan);
            Assert.DoesNotContain("Seq Scan on change_history ", plan);
        }

        private static string Lines(NpgsqlCommand explain)
        {
            var plan = new System.Collections.Generic.List<string>();
            using NpgsqlDataReader reader = explain.ExecuteReader();
            while (reader.Read())
            {
                plan.Add(reader.GetString(0));
            }

            return string.Join("\n", plan);
        }

        private static string Plan(NpgsqlConnection connection, string sql, string low, string high, long limit, string? kind = null)
        {
            using var explain = new NpgsqlCommand("EXPLAIN " + sql, connection);
            explain.Parameters.Add(new NpgsqlParameter { Value = low, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            explain.Parameters.Add(new NpgsqlParameter { Value = high, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            explain.Parameters.Add(new NpgsqlParameter { Value = limit, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
            if (kind != null)
            {
                explain.Parameters.Add(new NpgsqlParameter { Value = kind, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            }

            var plan = new System.Collections.Generic.List<string>();
            using NpgsqlDataReader reader = explain.ExecuteReader();
            while (reader.Read())
            {
                plan.Add(reader.GetString(0));
            }

            return string.Join("\n", plan);
        }

        [Fact]
        public void AFailingMigrationLeavesTheStoreAtItsVersion()
        {
            string uri = _databases.New();
            var location = PostgresLocation.Parse(uri);
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresSchema.Ensure(connection, location, new[] { "CREATE TABLE notes (id int PRIMARY KEY);" });

            Assert.Throws<BmgException>(() => PostgresSchema.Ensure(connection, location,
                new[] { "CREATE TABLE notes (id int PRIMARY KEY);", "ALTER TABLE notes ADD COLUMN body text;", "SELECT no_such_function();" }));

            Assert.Equal(1, Convert.ToInt32(PostgresTestServer.Scalar(connection, "SELECT version FROM bmg_schema;")));
            Assert.Equal(0L, PostgresTestServer.Scalar(connection, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'notes' AND column_name = 'body';"));
        }

        [Fact]
        public async Task EightClientsOpeningOneNewDatabaseAtOnceCreateTheSchemaOnce()
        {
            string uri = _databases.New();
            const int clients = 8;
            using var start = new Barrier(clients);
            Task<bool>[] openers = Enumerable.Range(0, clients).Select(_ => Task.Factory.StartNew(() =>
            {
                var location = PostgresLocation.Parse(uri);
                using var connection = new NpgsqlConnection(location.ConnectionString.ConnectionString);
                connection.Open();
                start.SignalAndWait();
                return PostgresSchema.Ensure(connection, location);
            }, TaskCreationOptions.LongRunning)).ToArray();

            bool[] created = await Task.WhenAll(openers);

            using NpgsqlConnection check = PostgresTestServer.Open(uri);
            Assert.Equal(StoreTables, Tables(check));
            Assert.Equal(1L, PostgresTestServer.Scalar(check, "SELECT count(*) FROM bmg_schema;"));
            // Exactly one of them made the store and says so (the new-store warning); the others found it made.
            Assert.Single(created, made => made);
        }

        /// <summary>
        /// Thirtieth round: a mistyped ?search_path= made a schema and a store in it without a word, where a SQLite file made
        /// at a named path is announced (walkthrough 29, 6). A use that creates the store in a schema that had none (or
        /// had no schema at all) says so; its dry run says the real run would, and leaves nothing; an upgrade, and a
        /// store that is there, say nothing.
        /// </summary>
        [Fact]
        public void AStoreCreatedInASchemaThatHadNoneIsNewForThatOpenOnlyAndItsDryRunSaysItWouldBe()
        {
            string uri = _databases.New();
            string mistyped = uri + "?search_path=custmers";
            string shown = PostgresLocation.Parse(mistyped).Display;
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);

            IDeviceStore dryRun = DeviceStores.Open(mistyped, StoreUse.Snapshot);
            Assert.Equal($"No store exists in the schema 'custmers' of '{shown}' (-Database): the real run would create a new, empty store there. "
                + "Check the URI's database and ?search_path= if you meant an existing store.", DeviceStores.NewStoreWarning(dryRun, "-Database"));
            DeviceStores.Release(dryRun);
            Assert.Equal(0L, PostgresTestServer.Scalar(connection, "SELECT count(*) FROM pg_namespace WHERE nspname = 'custmers';"));

            IDeviceStore made = DeviceStores.Open(mistyped, StoreUse.Command);
            Assert.Equal($"Created a new, empty store in the schema 'custmers' of '{shown}' ($env:BMG_DATABASE): no store was there. If you meant an existing store, "
                + "check the URI's database and ?search_path=; the new store's tables can be dropped.", DeviceStores.NewStoreWarning(made, "$env:BMG_DATABASE"));
            Assert.DoesNotContain(PostgresTestServer.Admin.ConnectionString.Password!, DeviceStores.NewStoreWarning(made, "-Database"), StringComparison.Ordinal);
            DeviceStores.Release(made);
            Assert.Equal(StoreTables, Tables(connection, "custmers"));

            foreach (StoreUse use in new[] { StoreUse.Command, StoreUse.Snapshot, StoreUse.Read })
            {
                IDeviceStore again = DeviceStores.Open(mistyped, use);
                Assert.Null(DeviceStores.NewStoreWarning(again, "-Database"));
                DeviceStores.Release(again);
            }

            // An existing empty schema (public of a new database) is new too; an older store that is upgraded is not.
            IDeviceStore inPublic = DeviceStores.Open(uri, StoreUse.Command);
            Assert.Contains("Created a new, empty store in the schema 'public'", DeviceStores.NewStoreWarning(inPublic, "-Database"), StringComparison.Ordinal);
            DeviceStores.Release(inPublic);
            string older = uri + "?search_path=older";
            PostgresSchema.Ensure(connection, PostgresLocation.Parse(older), PostgresSchemaMigrations.All.Take(PostgresSchema.CurrentVersion - 1).ToArray());
            IDeviceStore upgraded = DeviceStores.Open(older, StoreUse.Command);
            Assert.Null(DeviceStores.NewStoreWarning(upgraded, "-Database"));
            DeviceStores.Release(upgraded);
        }

        [Fact]
        public void ANamedSchemaHoldsTheStoreBesideAnotherApplicationsTables()
        {
            string uri = _databases.New();
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresTestServer.Execute(connection, "CREATE TABLE invoices (id int PRIMARY KEY);");

            Ensure(uri + "?search_path=bmg");
            Ensure(uri + "?search_path=BMG");

            Assert.Equal(new[] { "invoices" }, Tables(connection, "public"));
            Assert.Equal(StoreTables, Tables(connection, "bmg"));
        }

        [Fact]
        public void AUserWhoMayNotCreateTablesIsToldSoAndNothingIsCreated()
        {
            string uri = _databases.New();
            string role = "bmg_reader_" + Guid.NewGuid().ToString("N").Substring(0, 12);
            using (NpgsqlConnection admin = PostgresTestServer.Open(uri))
            {
                // PostgreSQL 15 and later: PUBLIC may no longer create in schema public; say so for older servers too.
                PostgresTestServer.Execute(admin, $"CREATE ROLE {role} LOGIN PASSWORD 'reader-pw'; REVOKE CREATE ON SCHEMA public FROM PUBLIC; REVOKE CREATE ON DATABASE {PostgresLocation.Parse(uri).ConnectionString.Database} FROM PUBLIC;");
            }

            var adminBuilder = PostgresLocation.Parse(uri).ConnectionString;
            string readerUri = $"postgresql://{role}:reader-pw@{adminBuilder.Host}:{adminBuilder.Port}/{adminBuilder.Database}";
            var error = Assert.Throws<BmgException>(() => Ensure(readerUri));

            Assert.Equal(ErrorIds.StoreOpenFailure, error.ErrorId);
            Assert.Equal(BmgErrorCategory.PermissionDenied, error.Category);
            Assert.Contains("CREATE", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("reader-pw", error.Message, StringComparison.Ordinal);
            using NpgsqlConnection check = PostgresTestServer.Open(uri);
            Assert.Empty(Tables(check));
        }

        [Fact]
        public void IdentifiersAreUniqueIgnoringCaseAndSerialsAndUserNamesAreUnique()
        {
            string uri = _databases.New();
            Ensure(uri);
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            const string insert = "INSERT INTO devices (identifier, code, os, expiration_days, state, created_at, saved_at, serial) VALUES ";
            PostgresTestServer.Execute(connection, insert + "('iPad-01', '1234', 'ios', 30, 'Registered', now(), now(), 'SERIAL1');");

            var sameIdentifier = Assert.Throws<PostgresException>(() =>
                PostgresTestServer.Execute(connection, insert + "('IPAD-01', '1234', 'ios', 30, 'Registered', now(), now(), 'SERIAL2');"));
            Assert.Equal(PostgresErrorCodes.UniqueViolation, sameIdentifier.SqlState);
            Assert.Equal("devices_identifier_key", sameIdentifier.ConstraintName);

            var sameSerial = Assert.Throws<PostgresException>(() =>
                PostgresTestServer.Execute(connection, insert + "('ipad-02', '1234', 'ios', 30, 'Registered', now(), now(), 'SERIAL1');"));
            Assert.Equal("devices_serial_key", sameSerial.ConstraintName);

            PostgresTestServer.Execute(connection, "INSERT INTO users (user_name) VALUES ('tanaka');");
            var sameUser = Assert.Throws<PostgresException>(() => PostgresTestServer.Execute(connection, "INSERT INTO users (user_name) VALUES ('tanaka');"));
            Assert.Equal("users_user_name_key", sameUser.ConstraintName);
        }

        [Fact]
        public void TagsAreArraysThatARenameAndAnInUseCheckTreatExactly()
        {
            string uri = _databases.New();
            Ensure(uri);
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            const string insert = "INSERT INTO devices (identifier, code, os, expiration_days, state, created_at, saved_at, device_tags) VALUES ";
            PostgresTestServer.Execute(connection, insert + "('a', '1', 'ios', 30, 'Registered', now(), now(), ARRAY['Sales', 'Sales-JP']);");
            PostgresTestServer.Execute(connection, insert + "('b', '1', 'ios', 30, 'Registered', now(), now(), ARRAY['Sales-JP']);");

            Assert.Equal(1L, PostgresTestServer.Scalar(connection, "SELECT count(*) FROM devices WHERE device_tags @> ARRAY['Sales'];"));
            PostgresTestServer.Execute(connection, "UPDATE devices SET device_tags = array_replace(device_tags, 'Sales', 'Retail') WHERE device_tags @> ARRAY['Sales'];");
            Assert.Equal("Retail|Sales-JP", PostgresTestServer.Scalar(connection, "SELECT array_to_string(device_tags, '|') FROM devices WHERE identifier = 'a';"));
            Assert.Equal("Sales-JP", PostgresTestServer.Scalar(connection, "SELECT array_to_string(device_tags, '|') FROM devices WHERE identifier = 'b';"));
        }

        /// <summary>
        /// A command that only reads (a look-up, tab completion, a reader's -WhatIf) of a schema that holds no store gets
        /// StoreNotFound and creates nothing, as a reader of a SQLite file that is not there: no schema, no table.
        /// </summary>
        [Theory]
        [InlineData(BizMobileGo.Core.Store.StoreUse.Read)]
        [InlineData(BizMobileGo.Core.Store.StoreUse.Lookup)]
        [InlineData(BizMobileGo.Core.Store.StoreUse.ReadSnapshot)]
        public void AReaderOfASchemaWithoutAStoreIsStoreNotFoundAndCreatesNothing(BizMobileGo.Core.Store.StoreUse use)
        {
            string uri = _databases.New();
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresTestServer.Execute(connection, "CREATE SCHEMA empty_one;");

            foreach (string schema in new[] { "missing_one", "empty_one", "public" })
            {
                var error = Assert.Throws<BmgException>(() => BizMobileGo.Core.Store.DeviceStores.Open(uri + "?search_path=" + schema, use));
                Assert.Equal(ErrorIds.StoreNotFound, error.ErrorId);
                Assert.Contains($"does not exist (no BizMobileGo store is in the schema '{schema}'); a command that only reads creates none.", error.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(PostgresTestServer.Admin.ConnectionString.Password!, error.Message, StringComparison.Ordinal);
            }

            Assert.Equal(0L, PostgresTestServer.Scalar(connection, "SELECT count(*) FROM pg_namespace WHERE nspname = 'missing_one';"));
            Assert.Empty(Tables(connection, "empty_one"));
            Assert.Empty(Tables(connection));
        }

        [Fact]
        public void AReaderOfASchemaOfAnotherApplicationIsStoreNotRecognizedAndOfAStoreReadsIt()
        {
            string uri = _databases.New();
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            PostgresTestServer.Execute(connection, "CREATE SCHEMA other; CREATE TABLE other.notes (id int);");
            var foreign = Assert.Throws<BmgException>(() => BizMobileGo.Core.Store.DeviceStores.Open(uri + "?search_path=other", BizMobileGo.Core.Store.StoreUse.Read));
            Assert.Equal(ErrorIds.StoreNotRecognized, foreign.ErrorId);

            BizMobileGo.Core.Store.DeviceStores.Open(uri + "?search_path=made", BizMobileGo.Core.Store.StoreUse.Command).Dispose();
            using var reader = BizMobileGo.Core.Store.DeviceStores.Open(uri + "?search_path=made", BizMobileGo.Core.Store.StoreUse.Read);
            Assert.Empty(reader.GetDevices());
        }
    }
}
