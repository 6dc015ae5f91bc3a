using System;
using System.IO;
using System.Linq;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Outbox;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;
using Microsoft.Data.Sqlite;
using Xunit;

namespace BizMobileGo.Core.Tests.Store
{
    public class SqliteDeviceStoreTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "bmg-store-" + Guid.NewGuid().ToString("N"));

        public SqliteDeviceStoreTests() => Directory.CreateDirectory(_folder);

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        private string PathOf(string name) => Path.Combine(_folder, name);

        private static SqliteConnection Raw(string path)
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            connection.Open();
            return connection;
        }

        private static object? Scalar(SqliteConnection connection, string sql)
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        }

        private static void Exec(SqliteConnection connection, string sql)
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        private static Device NewDevice(string identifier, string? template = null, string? serial = null) => new Device
        {
            Identifier = identifier,
            PlainCode = "Code1",
            OS = "ios",
            Template = template,
            Serial = serial,
            State = DeviceState.Registered,
            CreatedAt = DateTimeOffset.UnixEpoch,
            SavedAt = DateTimeOffset.UnixEpoch,
        };

        [Fact]
        public void NewFileGetsTheSchemaVersionAndApplicationId()
        {
            string path = PathOf("new.db");
            using (SqliteDeviceStore.Open(path))
            {
            }

            using SqliteConnection raw = Raw(path);
            Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar(raw, "PRAGMA user_version;"));
            Assert.Equal((long)SqliteSchema.ApplicationId, Scalar(raw, "PRAGMA application_id;"));
            Assert.True(SqliteSchema.CurrentVersion >= 1);
        }

        [Fact]
        public void NewFileInAMissingFolderIsCreated()
        {
            string path = Path.Combine(_folder, "sub", "dir", "store.db");
            using SqliteDeviceStore store = SqliteDeviceStore.Open(path);
            Assert.True(File.Exists(path));
            Assert.Equal(Path.GetFullPath(path), store.Location);
        }

        [Fact]
        public void NewFileIsReadableByItsOwnerOnly()
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            string path = PathOf("private.db");
            using SqliteDeviceStore store = SqliteDeviceStore.Open(path);
            store.InsertTemplate(new Template("T"));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            // While the store is open in WAL mode its -wal and -shm files exist and must be private too.
            foreach (string companion in new[] { path + "-wal", path + "-shm" })
            {
                Assert.True(File.Exists(companion), companion);
                Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(companion) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
            }
        }

        [Fact]
        public void JournalModeIsWal()
        {
            string path = PathOf("wal.db");
            using SqliteDeviceStore store = SqliteDeviceStore.Open(path);
            using SqliteConnection raw = Raw(path);
            Assert.Equal("wal", Scalar(raw, "PRAGMA journal_mode;"));
        }

        [Fact]
        public void AWriteLeavesAnIncrementalStoresFreePagesAlone()
        {
            // An admin may set auto_vacuum to INCREMENTAL and give pages back on a schedule of their own: the statement
            // that takes the writer lock must not vacuum (incremental_vacuum(0) gives back the whole freelist).
            string path = PathOf("incremental.db");
            SqliteDeviceStore.Open(path).Dispose();
            long free;
            using (SqliteConnection raw = Raw(path))
            {
                Exec(raw, "PRAGMA auto_vacuum = INCREMENTAL;");
                Exec(raw, "VACUUM;");
                Exec(raw, "CREATE TABLE scratch (x); INSERT INTO scratch VALUES (zeroblob(400000)); DROP TABLE scratch;");
                Exec(raw, "PRAGMA wal_checkpoint(TRUNCATE);");
                free = (long)Scalar(raw, "PRAGMA freelist_count;")!;
            }

            Assert.True(free > 50, $"freelist {free}");
            using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
            {
                store.InsertDeviceTag(new DeviceTag("Sales"));
            }

            using SqliteConnection after = Raw(path);
            Assert.Equal(free, (long)Scalar(after, "PRAGMA freelist_count;")!);
            Assert.Equal(2L, (long)Scalar(after, "PRAGMA auto_vacuum;")!);
        }

        [Fact]
        public void ForeignKeysAreEnforced()
        {
            using SqliteDeviceStore store = SqliteDeviceStore.Open(PathOf("fk.db"));
            SqliteException e = Assert.Throws<SqliteException>(() => store.InsertDevice(NewDevice("FK1", template: "Missing")));
            Assert.Equal(19, e.SqliteErrorCode); // SQLITE_CONSTRAINT
            Assert.Contains("FOREIGN KEY", e.Message, StringComparison.OrdinalIgnoreCase);

            store.InsertTemplate(new Template("Present"));
            store.InsertDevice(NewDevice("FK2", template: "Present"));
            Assert.Equal("Present", store.GetDevice("FK2")?.Template);
        }

        /// <summary>SQLite's plan of <paramref name="sql"/>, its lines joined ("SEARCH users USING COVERING INDEX ...").</summary>
        private static string PlanOf(SqliteConnection connection, string sql, string parameter, string value)
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + sql;
            command.Parameters.AddWithValue(parameter, value);
            using SqliteDataReader reader = command.ExecuteReader();
            var lines = new System.Collections.Generic.List<string>();
            while (reader.Read())
            {
                lines.Add(reader.GetString(3));
            }

            return string.Join("; ", lines);
        }

        [Fact]
        public void The_import_retention_seeks_the_history_by_import_not_every_entry()
        {
            // Clear-BmgHistory's forgetting of imports asks, per import that ended before the date, whether an entry or a pack
            // still names it. Without an index on import_id that read every entry (thirty-second round's note); migration 22's
            // partial indexes make each a seek. The plan of the real statement, on a store with entries of imports and not.
            string path = PathOf("retention.db");
            SqliteDeviceStore.Open(path).Dispose();
            using SqliteConnection raw = Raw(path);
            Exec(raw, @"INSERT INTO import_history (import_id, started_at, ended_at, os_user, source, mode, committed, rows, created, updated, unchanged, failed, emails_queued)
    VALUES (1, '2025-01-01T00:00:00.0000000Z', '2025-01-01T00:00:00.0000000Z', 'u', 's.csv', 'Upsert', 1, 1, 1, 0, 0, 0, 0);
ANALYZE;");
            string plan = PlanOf(raw, SqliteDeviceStore.DeleteUnnamedImportsSql, "$before", "2026-01-01T00:00:00.0000000Z");
            Assert.Contains("change_history_by_import", plan);
            Assert.Contains("change_history_packs_by_import", plan);
            Assert.DoesNotContain("SCAN change_history", plan);
            Assert.DoesNotContain("SCAN c", plan);
        }

        [Fact]
        public void A_new_users_case_twins_are_sought_by_an_index_not_read_from_every_user()
        {
            // New-BmgUser asks for them twice a call (its preview and its write): at 100,000 users a scan of every name cost
            // ~6 ms a call (fourteenth round). Migration 13's index on user_name COLLATE NOCASE is what the look-up seeks.
            string path = PathOf("twins.db");
            using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
            {
                store.SaveUser(null, new User { UserName = "yamada" }, ChunkOrigin);
            }

            using SqliteConnection raw = Raw(path);
            string plan = PlanOf(raw, SqliteDeviceStore.UserNameCaseTwinsSql, "$name", "Yamada");
            Assert.Contains("users_by_name_nocase", plan);
            Assert.DoesNotContain("SCAN users", plan);
        }

        [Fact]
        public void A_user_name_pattern_reads_its_ranges_from_the_index_not_every_user()
        {
            // Get-BmgUser 'user001234*' read every user (0.35-1.0 s CPU at 100,000 users; walkthrough 25, finding 3). Each of its
            // ranges (NamePrefix.UserNameRanges) is a seek of users_by_name_nocase, as completion's is.
            string path = PathOf("user-ranges.db");
            using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
            {
                store.SaveUser(null, new User { UserName = "yamada" }, ChunkOrigin);
            }

            using SqliteConnection raw = Raw(path);
            foreach ((string low, string high) in NamePrefix.UserNameRanges("user1"))
            {
                using SqliteCommand command = raw.CreateCommand();
                command.CommandText = "EXPLAIN QUERY PLAN " + SqliteDeviceStore.UsersInRangeSql;
                command.Parameters.AddWithValue("$low", low);
                command.Parameters.AddWithValue("$high", high);
                using SqliteDataReader reader = command.ExecuteReader();
                Assert.True(reader.Read());
                Assert.Contains("SEARCH u USING INDEX users_by_name_nocase", reader.GetString(3));
                Assert.False(reader.Read()); // no TEMP B-TREE: the ORDER BY is the index's order
            }
        }

        [Fact]
        public void A_user_name_patterns_history_look_up_reads_its_ranges_from_the_indexes_not_every_user()
        {
            // Get-BmgUserHistory 'user00123*' read every user of the history (~0.4 CPU s at 100,000 users; hq26). Each of its
            // ranges is a seek of users_by_name_nocase and of the past names' index, as Get-BmgUser's ranges are.
            string path = PathOf("history-user-ranges.db");
            using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
            {
                store.SaveUser(null, new User { UserName = "yamada" }, ChunkOrigin);
            }

            using SqliteConnection raw = Raw(path);
            foreach ((string low, string high) in NamePrefix.UserNameRanges("user1"))
            {
                using SqliteCommand command = raw.CreateCommand();
                command.CommandText = "EXPLAIN QUERY PLAN " + SqliteDeviceStore.UserSubjectsInRangeSql;
                command.Parameters.AddWithValue("$kind", "User");
                command.Parameters.AddWithValue("$low", low);
                command.Parameters.AddWithValue("$high", high);
                using SqliteDataReader reader = command.ExecuteReader();
                var lines = new System.Collections.Generic.List<string>();
                while (reader.Read())
                {
                    lines.Add(reader.GetString(3));
                }

                string plan = string.Join("; ", lines);
                Assert.Contains("SEARCH users USING COVERING INDEX users_by_name_nocase (user_name>? AND user_name<?)", plan);
                Assert.Contains("SEARCH change_history_names USING COVERING INDEX change_history_names_by_name (subject_kind=? AND subject>? AND subject<?)", plan);
                Assert.DoesNotContain("SCAN users", plan);
            }
        }

        [Fact]
        public void Serials_are_read_by_prefix_from_their_unique_index_without_a_migration()
        {
            // -Serial completion read every device (~1.5 s a Tab at 100,000 devices). Serials are stored upper-cased (the serial
            // rule), so the unique index of serial (BINARY) is already in the order of the upper-cased prefix: a range seek.
            string path = PathOf("serials.db");
            using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
            {
                store.SaveDevice(null, new Device { Identifier = "dev1", OS = "ios", Serial = "F2LX00000001" }, ChunkOrigin);
                Assert.Equal(new[] { "F2LX00000001" }, store.GetNamesStartingWith(NameSource.DeviceSerials, "f2l", 200));
            }

            using SqliteConnection raw = Raw(path);
            using SqliteCommand command = raw.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + SqliteDeviceStore.DeviceSerialsByPrefixSql;
            command.Parameters.AddWithValue("$low", NamePrefix.Low(NameSource.DeviceSerials, "f2l"));
            command.Parameters.AddWithValue("$high", NamePrefix.High(NameSource.DeviceSerials, "f2l"));
            command.Parameters.AddWithValue("$limit", 200L);
            var plan = new System.Collections.Generic.List<string>();
            using (SqliteDataReader reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    plan.Add(reader.GetString(3));
                }
            }

            string text = string.Join("; ", plan);
            Assert.Contains("SEARCH devices USING COVERING INDEX sqlite_autoindex_devices", text);
            Assert.Contains("(serial>? AND serial<?)", text);
            Assert.DoesNotContain("TEMP B-TREE", text);
        }

        [Fact]
        public void A_version_12_store_gets_the_index_of_user_names_ignoring_case_and_keeps_its_users()
        {
            string path = PathOf("v12.db");
            using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
            {
                store.SaveUser(null, new User { UserName = "yamada" }, ChunkOrigin);
            }

            using (SqliteConnection raw = Raw(path))
            {
                // As version 12 left it: without migration 13's index, with migration 6's partial index that migration 14 replaces.
                Exec(raw, @"DROP INDEX users_by_name_nocase; DROP INDEX checkin_emails_by_identifier;
CREATE INDEX checkin_emails_pending_by_identifier ON checkin_emails(identifier COLLATE NOCASE) WHERE status = 'Pending';
ALTER TABLE import_history DROP COLUMN host; -- migration 15's
ALTER TABLE import_history DROP COLUMN users_created; ALTER TABLE import_history DROP COLUMN users_updated; -- migration 18's
DROP INDEX devices_by_dep_device; -- migration 20's
ALTER TABLE import_history DROP COLUMN failed_rows_path; DROP INDEX checkin_emails_by_device_key; DROP INDEX change_history_by_import; DROP INDEX change_history_packs_by_import; ALTER TABLE checkin_emails DROP COLUMN device_key; ALTER TABLE change_history DROP COLUMN changed_by; ALTER TABLE import_history DROP COLUMN changed_by; ALTER TABLE dep_devices DROP COLUMN as_of; ALTER TABLE change_history_packs DROP COLUMN changed_by; -- migrations 21's to 26's
PRAGMA user_version = 12;");
            }

            using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
            {
                Assert.Equal(new[] { "yamada" }, store.GetUserNameCaseTwins("Yamada"));
            }

            using SqliteConnection check = Raw(path);
            Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar(check, "PRAGMA user_version;"));
            Assert.Equal(1L, Scalar(check, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'users_by_name_nocase';"));
            Assert.Equal("ok", Scalar(check, "PRAGMA integrity_check;"));
        }

        [Fact]
        public void A_version_13_store_gets_the_index_of_every_email_by_identifier_instead_of_the_pending_ones()
        {
            string path = PathOf("v13.db");
            using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
            {
                store.InsertCheckInEmail(new CheckInEmail { Recipient = "a@example.com", Identifier = "Dev-1", PlainCode = "Code1234", QueuedAt = DateTimeOffset.UnixEpoch });
                CheckInEmail sent = new CheckInEmail { Recipient = "a@example.com", Identifier = "dev-2", PlainCode = "Code1234", QueuedAt = DateTimeOffset.UnixEpoch };
                store.InsertCheckInEmail(sent);
                Assert.True(store.MarkCheckInEmailSent(sent.Id, DateTimeOffset.UnixEpoch, "250 ok"));
            }

            using (SqliteConnection raw = Raw(path))
            {
                Exec(raw, @"DROP INDEX checkin_emails_by_identifier;
CREATE INDEX checkin_emails_pending_by_identifier ON checkin_emails(identifier COLLATE NOCASE) WHERE status = 'Pending';
ALTER TABLE import_history DROP COLUMN host; -- migration 15's
ALTER TABLE import_history DROP COLUMN users_created; ALTER TABLE import_history DROP COLUMN users_updated; -- migration 18's
DROP INDEX devices_by_dep_device; -- migration 20's
ALTER TABLE import_history DROP COLUMN failed_rows_path; DROP INDEX checkin_emails_by_device_key; DROP INDEX change_history_by_import; DROP INDEX change_history_packs_by_import; ALTER TABLE checkin_emails DROP COLUMN device_key; ALTER TABLE change_history DROP COLUMN changed_by; ALTER TABLE import_history DROP COLUMN changed_by; ALTER TABLE dep_devices DROP COLUMN as_of; ALTER TABLE change_history_packs DROP COLUMN changed_by; -- migrations 21's to 26's
PRAGMA user_version = 13;");
            }

            using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
            {
                Assert.Equal(new[] { "Dev-1", "dev-2" }, store.GetNamesStartingWith(NameSource.CheckInEmailIdentifiers, "DEV", 200));
                Assert.Single(store.GetCheckInEmails("dev-1", CheckInEmailStatus.Pending));
                Assert.Single(store.FindCheckInEmails(new[] { "DEV-1", "dev-2" }, CheckInEmailStatus.Pending));
            }

            using SqliteConnection check = Raw(path);
            Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar(check, "PRAGMA user_version;"));
            Assert.Equal(1L, Scalar(check, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'checkin_emails_by_identifier';"));
            Assert.Equal(0L, Scalar(check, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'checkin_emails_pending_by_identifier';"));
            Assert.Equal("ok", Scalar(check, "PRAGMA integrity_check;"));
        }

        [Fact]
        public void A_version_14_stores_imports_get_an_empty_host_and_new_imports_record_theirs()
        {
            // Migration 15 (walkthrough 24, 6): import_history gets a host column; the imports recorded before read as "".
            string path = PathOf("v14.db");
            using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
            {
                store.InsertImportHistory(new BizMobileGo.Core.Import.ImportHistoryEntry { StartedAt = DateTimeOffset.UnixEpoch, EndedAt = DateTimeOffset.UnixEpoch, User = "sato", Host = "dropped", Source = "old.csv" });
            }

            using (SqliteConnection raw = Raw(path))
            {
                Exec(raw, "ALTER TABLE import_history DROP COLUMN host; ALTER TABLE import_history DROP COLUMN users_created; ALTER TABLE import_history DROP COLUMN users_updated; DROP INDEX devices_by_dep_device; ALTER TABLE import_history DROP COLUMN failed_rows_path; DROP INDEX checkin_emails_by_device_key; DROP INDEX change_history_by_import; DROP INDEX change_history_packs_by_import; ALTER TABLE checkin_emails DROP COLUMN device_key; ALTER TABLE change_history DROP COLUMN changed_by; ALTER TABLE import_history DROP COLUMN changed_by; ALTER TABLE dep_devices DROP COLUMN as_of; ALTER TABLE change_history_packs DROP COLUMN changed_by; PRAGMA user_version = 14;");
            }

            using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
            {
                var old = Assert.Single(store.GetImportHistory(null));
                Assert.Equal(("sato", "", "old.csv"), (old.User, old.Host, old.Source));
                store.InsertImportHistory(new BizMobileGo.Core.Import.ImportHistoryEntry { StartedAt = DateTimeOffset.UnixEpoch, EndedAt = DateTimeOffset.UnixEpoch, User = "root", Host = "console-2", Source = "new.csv" });
                Assert.Equal(new[] { "console-2", "" }, store.GetImportHistory(null).Select(e => e.Host));
            }

            using SqliteConnection check = Raw(path);
            Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar(check, "PRAGMA user_version;"));
            Assert.Equal("ok", Scalar(check, "PRAGMA integrity_check;"));
        }

        [Fact]
        public void A_version_24_stores_DEP_devices_hold_no_time_and_new_writes_record_theirs()
        {
            // Migration 25 (thirty-ninth round, fixw39): dep_devices.as_of, the time of Apple's data that last wrote the row; a
            // row stored before has none (null), so the next response from Apple applies to it as before.
            string path = PathOf("v24.db");
            using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
            {
                store.UpsertDepDevice(new DepDevice { SerialNumber = "OLDDEP000001", Model = "iPad", ImportedAt = DateTimeOffset.UnixEpoch });
            }

            using (SqliteConnection raw = Raw(path))
            {
                Exec(raw, "ALTER TABLE dep_devices DROP COLUMN as_of; ALTER TABLE change_history_packs DROP COLUMN changed_by; PRAGMA user_version = 24;");
            }

            var asOf = new DateTimeOffset(2026, 12, 3, 1, 0, 0, TimeSpan.Zero);
            using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
            {
                DepDevice old = store.GetDepDevice("OLDDEP000001")!;
                Assert.Equal(("iPad", (DateTimeOffset?)null), (old.Model, old.AsOf));
                old.AsOf = asOf;
                store.UpsertDepDevice(old);
                Assert.Equal(asOf, store.GetDepDevice("OLDDEP000001")!.AsOf);
            }

            using SqliteConnection check = Raw(path);
            Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar(check, "PRAGMA user_version;"));
        }

        [Fact]
        public void A_version_17_stores_imports_read_their_user_counts_as_unknown_and_new_imports_record_theirs()
        {
            // Migration 18 (thirtieth round): import_history keeps UsersCreated/UsersUpdated; an import recorded before has
            // none: null (unknown), never 0, which would say that it changed no user.
            string path = PathOf("v17.db");
            using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
            {
                store.InsertImportHistory(new BizMobileGo.Core.Import.ImportHistoryEntry { StartedAt = DateTimeOffset.UnixEpoch, EndedAt = DateTimeOffset.UnixEpoch, User = "sato", Source = "old.csv", Committed = true, Rows = 3, PlannedCreated = 3 });
            }

            using (SqliteConnection raw = Raw(path))
            {
                Exec(raw, "ALTER TABLE import_history DROP COLUMN users_created; ALTER TABLE import_history DROP COLUMN users_updated; DROP INDEX devices_by_dep_device; ALTER TABLE import_history DROP COLUMN failed_rows_path; DROP INDEX checkin_emails_by_device_key; DROP INDEX change_history_by_import; DROP INDEX change_history_packs_by_import; ALTER TABLE checkin_emails DROP COLUMN device_key; ALTER TABLE change_history DROP COLUMN changed_by; ALTER TABLE import_history DROP COLUMN changed_by; ALTER TABLE dep_devices DROP COLUMN as_of; ALTER TABLE change_history_packs DROP COLUMN changed_by; PRAGMA user_version = 17;");
            }

            using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
            {
                var old = Assert.Single(store.GetImportHistory(null));
                Assert.Equal(("old.csv", 3, (int?)null, (int?)null, (int?)null), (old.Source, old.Created, old.UsersCreated, old.UsersUpdated, old.PlannedUsersCreated));
                store.InsertImportHistory(new BizMobileGo.Core.Import.ImportHistoryEntry { StartedAt = DateTimeOffset.UnixEpoch, EndedAt = DateTimeOffset.UnixEpoch, User = "root", Source = "new.csv", Committed = true, Rows = 2, PlannedCreated = 2, PlannedUsersCreated = 1, PlannedUsersUpdated = 1 });
                Assert.Equal(new (int?, int?)[] { (1, 1), (null, null) }, store.GetImportHistory(null).Select(e => (e.UsersCreated, e.UsersUpdated)));
            }

            using SqliteConnection check = Raw(path);
            Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar(check, "PRAGMA user_version;"));
            Assert.Equal(1L, Scalar(check, "SELECT count(*) FROM import_history WHERE users_created IS NULL AND users_updated IS NULL;"));
            Assert.Equal("ok", Scalar(check, "PRAGMA integrity_check;"));
        }

        [Fact]
        public void A_version_18_stores_profile_statuses_are_lower_cased_and_empty_or_removed_lose_their_profile()
        {
            // Migration 19 (walkthrough 31b, 1 and 7): a status of Apple's set in another case is stored in Apple's; "empty" and
            // "removed" clear the profile an import before this round left; other text, and other rows, stay as they are.
            string path = PathOf("v18.db");
            const string Uuid = "88B5E5B5F2B9D5B0A5C3D2E1F0A9B8C7";
            using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
            {
                foreach ((string serial, string? status) in new[] { ("S1ASSIGNED01", "Assigned"), ("S2REMOVED001", "removed"), ("S3EMPTY00001", "EMPTY"), ("S4BOGUS00001", "Bogus"), ("S5NONE000001", (string?)null) })
                {
                    store.UpsertDepDevice(new DepDevice { SerialNumber = serial, ProfileStatus = status, ProfileUuid = Uuid, ProfileName = "Kitting", ImportedAt = DateTimeOffset.UnixEpoch });
                }
            }

            using (SqliteConnection raw = Raw(path))
            {
                // As version 18 left it: without migration 20's index.
                Exec(raw, "DROP INDEX devices_by_dep_device; ALTER TABLE import_history DROP COLUMN failed_rows_path; DROP INDEX checkin_emails_by_device_key; DROP INDEX change_history_by_import; DROP INDEX change_history_packs_by_import; ALTER TABLE checkin_emails DROP COLUMN device_key; ALTER TABLE change_history DROP COLUMN changed_by; ALTER TABLE import_history DROP COLUMN changed_by; ALTER TABLE dep_devices DROP COLUMN as_of; ALTER TABLE change_history_packs DROP COLUMN changed_by; PRAGMA user_version = 18;");
            }

            using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
            {
                Assert.Equal(new[]
                {
                    ("S1ASSIGNED01", "assigned", Uuid), ("S2REMOVED001", "removed", null), ("S3EMPTY00001", "empty", null),
                    ("S4BOGUS00001", "Bogus", Uuid), ("S5NONE000001", null, Uuid),
                }, store.GetDepDevices().Select(d => (d.SerialNumber, d.ProfileStatus, d.ProfileUuid)).ToArray<(string, string?, string?)>());
                Assert.Null(store.GetDepDevice("S2REMOVED001")!.ProfileName);
            }

            using SqliteConnection check = Raw(path);
            Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar(check, "PRAGMA user_version;"));
            Assert.Equal("ok", Scalar(check, "PRAGMA integrity_check;"));
        }

        [Theory]
        [InlineData("UPDATE devices SET os = 'palm';", "os = 'ios' OR")]
        [InlineData("UPDATE devices SET state = 'Lost';", "state = 'Registered' OR")]
        [InlineData("UPDATE devices SET dep_method = 'Both';", "dep_method = 'Serial' OR")]
        [InlineData("UPDATE checkin_emails SET status = 'Bounced';", "status = 'Pending' OR")]
        public void The_closed_value_lists_are_checked_with_OR_and_still_refuse_any_other_value(string update, string check)
        {
            // Migration 10 edits the CHECKs' text in place ("x IN (list)" cost SQLite ~2 µs a row written): the store
            // must still be sound and refuse what the rule refuses, in the new store and after reopening.
            string path = PathOf("checks.db");
            using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
            {
                store.InsertDevice(NewDevice("CHK1"));
                store.InsertCheckInEmail(new CheckInEmail { Recipient = "a@example.com", Identifier = "CHK1", PlainCode = "Secret123", QueuedAt = DateTimeOffset.UnixEpoch });
            }

            using SqliteConnection raw = Raw(path);
            Assert.Equal("ok", Scalar(raw, "PRAGMA integrity_check;"));
            string schema = (string)Scalar(raw, "SELECT group_concat(sql, ' ') FROM sqlite_schema WHERE name IN ('devices', 'checkin_emails');")!;
            Assert.Contains(check, schema);
            Assert.DoesNotContain(" IN (", schema);
            SqliteException refused = Assert.Throws<SqliteException>(() => Exec(raw, update));
            Assert.Contains("CHECK constraint failed", refused.Message);
        }

        [Fact]
        public void FileWithANewerSchemaIsRefusedAndLeftAlone()
        {
            string path = PathOf("newer.db");
            using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
            {
                store.InsertTemplate(new Template("Keep"));
            }

            using (SqliteConnection raw = Raw(path))
            {
                Exec(raw, $"PRAGMA user_version = {SqliteSchema.CurrentVersion + 1};");
            }

            byte[] before = File.ReadAllBytes(path);
            BmgException e = Assert.Throws<BmgException>(() => SqliteDeviceStore.Open(path));
            Assert.Equal(ErrorIds.StoreVersionTooNew, e.ErrorId);
            Assert.Contains((SqliteSchema.CurrentVersion + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
            SqliteConnection.ClearAllPools();
            Assert.Equal(before, File.ReadAllBytes(path));
        }

        [Theory]
        [InlineData(4096)]
        [InlineData(13)]
        public void RandomBytesAreNotRecognized(int length)
        {
            string path = PathOf("random.db");
            var bytes = new byte[length];
            new Random(length).NextBytes(bytes);
            File.WriteAllBytes(path, bytes);

            BmgException e = Assert.Throws<BmgException>(() => SqliteDeviceStore.Open(path));
            Assert.Equal(ErrorIds.StoreNotRecognized, e.ErrorId);
            SqliteConnection.ClearAllPools();
            Assert.Equal(bytes, File.ReadAllBytes(path));
        }

        [Fact]
        public void TextFileIsNotRecognized()
        {
            string path = PathOf("notes.txt");
            File.WriteAllText(path, "Identifier,OS\nD1,ios\n");
            BmgException e = Assert.Throws<BmgException>(() => SqliteDeviceStore.Open(path));
            Assert.Equal(ErrorIds.StoreNotRecognized, e.ErrorId);
        }

        [Fact]
        public void AnotherApplicationsDatabaseIsNotRecognizedAndLeftAlone()
        {
            string path = PathOf("other.db");
            using (SqliteConnection raw = Raw(path))
            {
                Exec(raw, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (12.5);");
            }

            byte[] before = File.ReadAllBytes(path);
            BmgException e = Assert.Throws<BmgException>(() => SqliteDeviceStore.Open(path));
            Assert.Equal(ErrorIds.StoreNotRecognized, e.ErrorId);
            SqliteConnection.ClearAllPools();
            Assert.Equal(before, File.ReadAllBytes(path));
            using SqliteConnection check = Raw(path);
            Assert.Equal(0L, Scalar(check, "SELECT count(*) FROM sqlite_master WHERE name = 'devices';"));
        }

        [Theory]
        [InlineData("PRAGMA user_version = 3;")]
        [InlineData("PRAGMA application_id = 1234;")]
        public void AnotherApplicationsMarkedDatabaseIsNotRecognized(string mark)
        {
            string path = PathOf("marked.db");
            using (SqliteConnection raw = Raw(path))
            {
                Exec(raw, mark);
            }

            BmgException e = Assert.Throws<BmgException>(() => SqliteDeviceStore.Open(path));
            Assert.Equal(ErrorIds.StoreNotRecognized, e.ErrorId);
        }

        [Fact]
        public void DirectoryIsRefused()
        {
            BmgException e = Assert.Throws<BmgException>(() => SqliteDeviceStore.Open(_folder));
            Assert.Equal(ErrorIds.StoreOpenFailure, e.ErrorId);
        }

        [Fact]
        public void ReopeningKeepsTheData()
        {
            string path = PathOf("reopen.db");
            using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
            {
                store.InsertDevice(NewDevice("Keep01", serial: "C02XK1ABJG5H"));
            }

            using SqliteDeviceStore again = SqliteDeviceStore.Open(path);
            Assert.Equal("Keep01", again.GetDevice("KEEP01")?.Identifier);
            Assert.Equal("Keep01", again.GetDeviceBySerial("C02XK1ABJG5H")?.Identifier);
        }

        [Fact]
        public void TransactionRollsBackUnlessCommitted()
        {
            using SqliteDeviceStore store = SqliteDeviceStore.Open(PathOf("tx.db"));
            using (store.BeginTransaction())
            {
                store.InsertDevice(NewDevice("GONE"));
                Assert.NotNull(store.GetDevice("GONE"));
            }

            Assert.Null(store.GetDevice("GONE"));

            using (IStoreTransaction transaction = store.BeginTransaction())
            {
                store.InsertDevice(NewDevice("KEPT"));
                transaction.Commit();
            }

            Assert.NotNull(store.GetDevice("kept"));
        }

        [Fact]
        public void NestedTransactionIsRefused()
        {
            using SqliteDeviceStore store = SqliteDeviceStore.Open(PathOf("nested.db"));
            using IStoreTransaction outer = store.BeginTransaction();
            Assert.Throws<InvalidOperationException>(() => store.BeginTransaction());
        }

        [Fact]
        public void IdentifierIsUniqueIgnoringCase()
        {
            using SqliteDeviceStore store = SqliteDeviceStore.Open(PathOf("unique.db"));
            store.InsertDevice(NewDevice("Dev01"));
            // SQLite's unique violation surfaces as the module's own error, never a raw SqliteException.
            Assert.Equal(ErrorIds.AlreadyExists, Assert.Throws<BmgException>(() => store.InsertDevice(NewDevice("DEV01"))).ErrorId);
            Assert.Single(store.GetDevices());
        }

        [Fact]
        public void UpsertDepDeviceReportsWhetherItWasNew()
        {
            using SqliteDeviceStore store = SqliteDeviceStore.Open(PathOf("dep.db"));
            Assert.True(store.UpsertDepDevice(new DepDevice { SerialNumber = "C02XK1ABJG5H", ProfileName = "A", ImportedAt = DateTimeOffset.UnixEpoch }));
            Assert.False(store.UpsertDepDevice(new DepDevice { SerialNumber = "C02XK1ABJG5H", ProfileName = "B", ImportedAt = DateTimeOffset.UnixEpoch }));
            DepDevice stored = Assert.Single(store.GetDepDevices());
            Assert.Equal("B", stored.ProfileName);
        }

        [Fact]
        public void UserOrganizationsAndDeviceTagsKeepTheirOrder()
        {
            using SqliteDeviceStore store = SqliteDeviceStore.Open(PathOf("order.db"));
            store.InsertOrganization(new Organization("B", "b"));
            store.InsertOrganization(new Organization("A", "a"));
            store.InsertDeviceTag(new DeviceTag("z"));
            store.InsertDeviceTag(new DeviceTag("y"));
            store.InsertUser(new User { UserName = "u", Organizations = new[] { "B", "A" } });
            Device device = NewDevice("D1");
            device.DeviceTags = new[] { "z", "y" };
            device.UserName = "u";
            store.InsertDevice(device);

            Assert.Equal(new[] { "B", "A" }, store.GetUser("u")!.Organizations.ToArray());
            Assert.Equal(new[] { "z", "y" }, store.GetDevice("D1")!.DeviceTags.ToArray());
            Assert.Equal("u", store.GetDevice("D1")!.UserName);
            Assert.Null(store.GetUser("U"));
        }

        [Fact]
        public void TimesRoundTripAsTheSameInstant()
        {
            using SqliteDeviceStore store = SqliteDeviceStore.Open(PathOf("time.db"));
            Device device = NewDevice("T1");
            device.SavedAt = new DateTimeOffset(2025, 3, 4, 23, 59, 58, TimeSpan.FromHours(9)).AddTicks(1234567);
            store.InsertDevice(device);
            Assert.Equal(device.SavedAt, store.GetDevice("T1")!.SavedAt);
        }
    

        [Fact]
        public void A_chunks_pending_email_answers_match_the_table_after_case_variants_and_new_emails()
        {
            // The per-device answers stay what the table says, through a chunk's writes, NOCASE variants, newly queued
            // emails and the transaction's end (ApplyChanges once kept a cache of them).
            using SqliteDeviceStore store = SqliteDeviceStore.Open(PathOf("pending.db"));
            var origin = new ChangeOrigin("Import-BmgDeviceCsv");
            store.InsertCheckInEmail(new CheckInEmail { Recipient = "a@example.com", Identifier = "ipad-001", PlainCode = "Secret123", QueuedAt = DateTimeOffset.UnixEpoch });
            using (IStoreTransaction write = store.BeginTransaction())
            {
                store.ApplyChanges(new[] { "IPAD-001", "ipad-002", "Ipad-003" }
                    .Select(id => StoreChange.OfDevice(null, new Device { Identifier = id, PlainCode = "A7K29QX4", OS = "ios" }, origin)).ToList());

                Assert.Single(store.GetCheckInEmails("IPAD-001", CheckInEmailStatus.Pending));
                Assert.Empty(store.GetCheckInEmails("ipad-002", CheckInEmailStatus.Pending));
                store.InsertCheckInEmail(new CheckInEmail { Recipient = "b@example.com", Identifier = "ipad-002", PlainCode = "Secret456", QueuedAt = DateTimeOffset.UnixEpoch });
                Assert.Single(store.GetCheckInEmails("IPAD-002", CheckInEmailStatus.Pending));
                Assert.Single(store.GetCheckInEmails("ipad-002", CheckInEmailStatus.Pending));
                Assert.Empty(store.GetCheckInEmails("IPAD-003", CheckInEmailStatus.Pending));
                write.Commit();
            }

            store.InsertCheckInEmail(new CheckInEmail { Recipient = "c@example.com", Identifier = "ipad-003", PlainCode = "Secret789", QueuedAt = DateTimeOffset.UnixEpoch });
            Assert.Single(store.GetCheckInEmails("Ipad-003", CheckInEmailStatus.Pending));
        }

        // ---- a chunk's writes: runs of inserts go many rows to a statement, with keys the store gives ----

        private static readonly ChangeOrigin ChunkOrigin = new ChangeOrigin("Import-BmgDeviceCsv");

        private static Device FullDevice(int n) => new Device
        {
            Identifier = $"Dev-{n:D4}",
            Template = n % 3 == 0 ? null : "Standard",
            PlainCode = $"C{n:D7}",
            OS = n % 2 == 0 ? "ios" : "android",
            DeviceTags = n % 4 == 0 ? Array.Empty<string>() : new[] { "Sales", "Kiosk" },
            WifiMac = $"00:00:00:00:{n / 256 % 256:x2}:{n % 256:x2}",
            IMEI = n % 5 == 0 ? null : $"35{n:D13}",
            MEID = n % 7 == 0 ? null : $"A{n:D13}",
            UDID = $"00008020-{n:D16}",
            Serial = n % 6 == 0 ? null : $"F2L{n:D9}",
            ExpirationDays = 1 + n % 365,
            DisplayName = $"Device {n}",
            Description = n % 2 == 0 ? null : $"Bench \"device\" {n},\nsecond line",
            RegistrationEmail = n % 3 == 0 ? null : $"user{n}@example.com",
            UserName = n % 2 == 0 ? $"user-{n / 2}" : null,
            DEPMethod = n % 3 == 0 ? (BizMobileGo.Core.Fields.DepMethod?)null : n % 3 == 1 ? BizMobileGo.Core.Fields.DepMethod.Serial : BizMobileGo.Core.Fields.DepMethod.Keycode,
            State = DeviceState.Registered,
            CreatedAt = DateTimeOffset.UnixEpoch.AddDays(n),
            SavedAt = DateTimeOffset.UnixEpoch.AddDays(n).AddTicks(1234567),
        };

        /// <summary>Writes device <paramref name="changes"/> into <paramref name="chunked"/> as a chunk and into <paramref name="single"/> one at a time, each in one transaction.</summary>
        private static void WriteChunkedAndOneAtATime(SqliteDeviceStore chunked, SqliteDeviceStore single, System.Collections.Generic.List<StoreChange> changes)
        {
            using (IStoreTransaction write = chunked.BeginTransaction())
            {
                chunked.ApplyChanges(changes);
                write.Commit();
            }

            using (IStoreTransaction write = single.BeginTransaction())
            {
                foreach (StoreChange change in changes)
                {
                    single.SaveDevice(change.DeviceBefore, change.DeviceAfter, change.Origin);
                }

                write.Commit();
            }
        }

        private static SqliteDeviceStore NewChunkStore(string path)
        {
            SqliteDeviceStore store = SqliteDeviceStore.Open(path);
            store.InsertTemplate(new Template("Standard"));
            store.InsertDeviceTag(new DeviceTag("Sales"));
            store.InsertDeviceTag(new DeviceTag("Kiosk"));
            store.InsertOrganization(new Organization("org1", "One"));
            return store;
        }

        private static string Stored(Device d) => string.Join("\u0001", new object?[]
        {
            d.Identifier, d.Template, d.PlainCode, d.OS, string.Join("|", d.DeviceTags), d.WifiMac, d.IMEI, d.MEID, d.UDID, d.Serial, d.ExpirationDays,
            d.DisplayName, d.Description, d.RegistrationEmail, d.UserName, d.DEPMethod, d.State, d.DepDevice, d.DepProfile,
            d.CreatedAt.UtcTicks, d.SavedAt.UtcTicks, d.CheckedInAt?.UtcTicks, d.WithdrawnAt?.UtcTicks,
        });

        [Fact]
        public void A_chunk_after_other_writes_gives_its_new_rows_the_keys_after_theirs()
        {
            // The chunk writer keeps its tables from one chunk to the next (one allocation, not one a chunk): what it read for
            // a chunk (the next free keys) must be read again for the next, since writes between them take keys too.
            using SqliteDeviceStore store = NewChunkStore(PathOf("next-keys.db"));
            using (IStoreTransaction write = store.BeginTransaction())
            {
                store.ApplyChanges(new[]
                {
                    StoreChange.OfUser(null, new User { UserName = "u1" }, ChunkOrigin.AtLine(2)),
                    StoreChange.OfDevice(null, NewDevice("d1"), ChunkOrigin.AtLine(2)),
                });
                store.SaveUser(null, new User { UserName = "u2" }, ChunkOrigin);
                store.SaveDevice(null, NewDevice("d2"), ChunkOrigin);
                store.ApplyChanges(new[]
                {
                    StoreChange.OfUser(null, new User { UserName = "u3" }, ChunkOrigin.AtLine(3)),
                    StoreChange.OfDevice(null, NewDevice("d3"), ChunkOrigin.AtLine(3)),
                });
                write.Commit();
            }

            Assert.Equal(new[] { "u1", "u2", "u3" }, store.GetUsers().Select(u => u.UserName).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(new[] { "d1", "d2", "d3" }, store.GetDevices().Select(d => d.Identifier).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(3, store.ReadChain().Count(e => e.SubjectKind == BizMobileGo.Core.History.SubjectKind.Device));
        }

        [Fact]
        public void A_chunks_inserts_store_every_field_and_key_as_one_write_at_a_time_does()
        {
            // 237 new users and devices: statements of 100, 10 and 1 rows all run. The same changes saved one at a time
            // into another store must read back the same, with the same history (keys, lines, changes).
            var changes = new System.Collections.Generic.List<StoreChange>();
            for (int n = 0; n < 237; n++)
            {
                if (n % 2 == 0)
                {
                    changes.Add(StoreChange.OfUser(null, new User { UserName = $"user-{n / 2}", Name = n % 4 == 0 ? null : $"User {n}",
                        EmailAddress = $"u{n}@example.com", Organizations = n % 8 == 0 ? Array.Empty<string>() : new[] { "org1" } }, ChunkOrigin.AtLine(n + 2)));
                }

                changes.Add(StoreChange.OfDevice(null, FullDevice(n), ChunkOrigin.AtLine(n + 2)));
            }

            using SqliteDeviceStore chunked = NewChunkStore(PathOf("chunked.db"));
            using SqliteDeviceStore single = NewChunkStore(PathOf("single.db"));
            using (IStoreTransaction write = chunked.BeginTransaction())
            {
                chunked.ApplyChanges(changes);
                write.Commit();
            }

            using (IStoreTransaction write = single.BeginTransaction())
            {
                foreach (StoreChange change in changes)
                {
                    if (change.IsDevice)
                    {
                        single.SaveDevice(null, change.DeviceAfter, change.Origin);
                    }
                    else
                    {
                        single.SaveUser(null, change.UserAfter, change.Origin);
                    }
                }

                write.Commit();
            }

            Assert.Equal(237, chunked.GetDevices().Count());
            Assert.Equal(single.GetDevices().Select(Stored), chunked.GetDevices().Select(Stored));
            Assert.Equal(single.GetUsers().Select(u => (u.UserName, u.Name, u.EmailAddress, u.UserDescription, string.Join("|", u.Organizations))),
                chunked.GetUsers().Select(u => (u.UserName, u.Name, u.EmailAddress, u.UserDescription, string.Join("|", u.Organizations))));
            Assert.Equal(single.ReadChain().Select(e => (e.SubjectKind, e.SubjectKey, e.Subject, e.Line, e.Action, e.Changes.Count)),
                chunked.ReadChain().Select(e => (e.SubjectKind, e.SubjectKey, e.Subject, e.Line, e.Action, e.Changes.Count)));
        }

        [Fact]
        public void A_chunks_updates_store_what_single_updates_store_whatever_they_mix()
        {
            // Updates that move no indexed column go many to a statement by key; the same device twice, a device the
            // chunk inserted, a serial or identifier moved, a delete: all must end as the same changes written one at a time.
            using SqliteDeviceStore chunked = NewChunkStore(PathOf("updated-chunked.db"));
            using SqliteDeviceStore single = NewChunkStore(PathOf("updated-single.db"));
            var current = new System.Collections.Generic.Dictionary<int, Device>();
            foreach (SqliteDeviceStore store in new[] { chunked, single })
            {
                store.SaveUser(null, new User { UserName = "user-0" }, ChunkOrigin);
                for (int n = 0; n < 130; n++)
                {
                    Device device = FullDevice(n);
                    device.UserName = n % 2 == 0 ? "user-0" : null;
                    store.SaveDevice(null, device, ChunkOrigin);
                    current[n] = device;
                }
            }

            var changes = new System.Collections.Generic.List<StoreChange>();
            void Change(int n, Action<Device> edit)
            {
                Device after = current[n].Clone();
                edit(after);
                changes.Add(StoreChange.OfDevice(current[n], after, ChunkOrigin.AtLine(changes.Count + 2)));
                current[n] = after;
            }

            for (int n = 0; n < 130; n++)
            {
                Change(n, d => d.DisplayName = $"Renamed {n}");
                if (n % 7 == 0)
                {
                    Change(n, d => { d.Description = null; d.DeviceTags = new[] { "Kiosk" }; });
                }

                if (n % 10 == 0)
                {
                    Change(n, d => d.Serial = d.Serial == null ? $"F2LNEW{n:D6}" : null);
                }

                if (n % 11 == 0)
                {
                    Change(n, d => d.Identifier = d.Identifier.ToUpperInvariant());
                }

                if (n % 17 == 0)
                {
                    changes.Add(StoreChange.OfDevice(current[n], null, ChunkOrigin.AtLine(changes.Count + 2)));
                    current.Remove(n);
                }

                if (n % 9 == 0)
                {
                    Device added = FullDevice(1000 + n);
                    added.UserName = n % 2 == 0 ? "user-0" : null;
                    changes.Add(StoreChange.OfDevice(null, added, ChunkOrigin.AtLine(changes.Count + 2)));
                    current[1000 + n] = added;
                    Change(1000 + n, d => d.PlainCode = "Changed1");
                }
            }

            WriteChunkedAndOneAtATime(chunked, single, changes);

            Assert.Equal(current.Values.Select(Stored).OrderBy(x => x, StringComparer.Ordinal), chunked.GetDevices().Select(Stored).OrderBy(x => x, StringComparer.Ordinal));
            Assert.Equal(single.GetDevices().Select(Stored), chunked.GetDevices().Select(Stored));
            Assert.Equal(single.ReadChain().Select(e => (e.SubjectKind, e.SubjectKey, e.Subject, e.Line, e.Action, e.ChangeList)),
                chunked.ReadChain().Select(e => (e.SubjectKind, e.SubjectKey, e.Subject, e.Line, e.Action, e.ChangeList)));
        }

        [Fact]
        public void A_chunks_updates_set_only_their_changed_columns_and_store_what_single_updates_store()
        {
            // A chunk's updates that move no indexed column set only the columns they change, one statement per set of
            // columns (SqliteDeviceStore.UpdatedColumns): 150 devices change one field (statements of 100, 10 and 1 rows),
            // 150 more each change their own mix of the 19 columns (more sets than the store makes statements for, so the
            // rest go with every column), some change nothing. Every row must end as the same changes written one at a time.
            using SqliteDeviceStore chunked = NewChunkStore(PathOf("columns-chunked.db"));
            using SqliteDeviceStore single = NewChunkStore(PathOf("columns-single.db"));
            var before = new System.Collections.Generic.List<Device>();
            for (int n = 0; n < 300; n++)
            {
                Device device = FullDevice(n);
                device.UserName = null;
                if (n % 4 == 1)
                {
                    device.DepDevice = $"DEP{n:D9}";
                    device.DepProfile = "Profile A";
                    device.CheckedInAt = DateTimeOffset.UnixEpoch.AddHours(n);
                }

                before.Add(device);
            }

            foreach (SqliteDeviceStore store in new[] { chunked, single })
            {
                foreach (Device device in before)
                {
                    store.SaveDevice(null, device, ChunkOrigin);
                }
            }

            var edits = new Action<Device, int>[]
            {
                (d, n) => d.PlainCode = $"Z{n:D7}",
                (d, n) => d.OS = d.OS == "ios" ? "android" : "ios",
                (d, n) => d.WifiMac = n % 2 == 0 ? null : $"11:22:33:44:{n / 256 % 256:x2}:{n % 256:x2}",
                (d, n) => d.IMEI = d.IMEI == null ? $"35{n + 1:D13}" : null,
                (d, n) => d.MEID = d.MEID == null ? $"B{n:D13}" : null,
                (d, n) => d.UDID = $"00008030-{n:D16}",
                (d, n) => d.ExpirationDays = 1 + d.ExpirationDays % 365,
                (d, n) => d.DisplayName = n % 3 == 0 ? null : $"Renamed {n}",
                (d, n) => d.Description = d.Description == null ? $"Now described {n}" : null,
                (d, n) => d.RegistrationEmail = d.RegistrationEmail == null ? $"new{n}@example.com" : null,
                (d, n) => d.DEPMethod = d.DEPMethod == null ? BizMobileGo.Core.Fields.DepMethod.Keycode : (BizMobileGo.Core.Fields.DepMethod?)null,
                (d, n) => d.State = d.State == DeviceState.Registered ? DeviceState.Withdrawn : DeviceState.Registered,
                (d, n) => d.DepDevice = d.DepDevice == null ? $"DEPNEW{n:D6}" : null,
                (d, n) => d.DepProfile = d.DepProfile == null ? "Profile B" : null,
                (d, n) => d.CreatedAt = d.CreatedAt.AddTicks(1),
                (d, n) => d.SavedAt = d.SavedAt.AddDays(1),
                (d, n) => d.CheckedInAt = d.CheckedInAt == null ? DateTimeOffset.UnixEpoch.AddMinutes(n) : (DateTimeOffset?)null,
                (d, n) => d.WithdrawnAt = DateTimeOffset.UnixEpoch.AddSeconds(n).AddTicks(7),
                (d, n) => d.DeviceTags = d.DeviceTags.Count == 0 ? new[] { "Kiosk" } : Array.Empty<string>(),
            };
            var changes = new System.Collections.Generic.List<StoreChange>();
            var expected = new System.Collections.Generic.List<Device>();
            for (int n = 0; n < 300; n++)
            {
                Device after = before[n].Clone();
                if (n % 50 == 49)
                {
                    // Changes nothing stored (an offset alone): its statement is not run, the row stays as it was.
                    after.CreatedAt = after.CreatedAt.ToOffset(TimeSpan.FromHours(9));
                }
                else if (n < 150)
                {
                    edits[7](after, n + 1);
                }
                else
                {
                    int set = (int)((uint)(n * 2654435761u) % (1u << 19)) | 1 << (n % 19);
                    for (int column = 0; column < edits.Length; column++)
                    {
                        if ((set & (1 << column)) != 0)
                        {
                            edits[column](after, n);
                        }
                    }
                }

                changes.Add(StoreChange.OfDevice(before[n], after, ChunkOrigin.AtLine(n + 2)));
                expected.Add(after);
            }

            WriteChunkedAndOneAtATime(chunked, single, changes);

            Assert.Equal(expected.Select(Stored).OrderBy(x => x, StringComparer.Ordinal), chunked.GetDevices().Select(Stored).OrderBy(x => x, StringComparer.Ordinal));
            Assert.Equal(single.GetDevices().Select(Stored), chunked.GetDevices().Select(Stored));
            Assert.Equal(single.ReadChain().Select(e => (e.SubjectKind, e.SubjectKey, e.Subject, e.Line, e.Action, e.ChangeList)),
                chunked.ReadChain().Select(e => (e.SubjectKind, e.SubjectKey, e.Subject, e.Line, e.Action, e.ChangeList)));
            // A column an update left out kept its value: device 1 changed only its name.
            Assert.Equal("DEP000000001", chunked.GetDevice(before[1].Identifier)!.DepDevice);
        }

        [Fact]
        public void A_chunk_never_hands_out_a_key_a_removed_row_had_and_keeps_the_order_of_its_changes()
        {
            using SqliteDeviceStore store = NewChunkStore(PathOf("keys.db"));
            store.SaveUser(null, new User { UserName = "sato" }, ChunkOrigin);
            store.SaveDevice(null, NewDevice("ipad-001"), ChunkOrigin);
            store.SaveDevice(null, NewDevice("ipad-002"), ChunkOrigin);
            store.SaveDevice(store.GetDevice("ipad-002"), null, ChunkOrigin);
            store.SaveUser(store.GetUser("sato"), null, ChunkOrigin);

            Device renamed = store.GetDevice("ipad-001")!.Clone();
            renamed.Identifier = "IPAD-001";
            Device added = NewDevice("ipad-002");
            added.UserName = "sato";
            Device changedAgain = added.Clone();
            changedAgain.DisplayName = "second state";
            using (IStoreTransaction write = store.BeginTransaction())
            {
                store.ApplyChanges(new[]
                {
                    StoreChange.OfDevice(store.GetDevice("ipad-001"), renamed, ChunkOrigin.AtLine(2)),
                    StoreChange.OfUser(null, new User { UserName = "sato" }, ChunkOrigin.AtLine(3)),
                    StoreChange.OfDevice(null, added, ChunkOrigin.AtLine(3)),
                    StoreChange.OfDevice(added, changedAgain, ChunkOrigin.AtLine(4)),
                    StoreChange.OfDevice(null, NewDevice("ipad-003"), ChunkOrigin.AtLine(5)),
                });
                write.Commit();
            }

            var entries = store.ReadChain().Skip(5).ToList();
            Assert.Equal(new int?[] { 2, 3, 3, 4, 5 }, entries.Select(e => e.Line));
            Assert.Equal(new[] { "IPAD-001", "sato", "ipad-002", "ipad-002", "ipad-003" }, entries.Select(e => e.Subject));
            var earlier = store.ReadChain().Take(5).ToList();
            Assert.Equal(earlier[1].SubjectKey, entries[0].SubjectKey);
            Assert.DoesNotContain(entries[1].SubjectKey, earlier.Where(e => e.SubjectKind == BizMobileGo.Core.History.SubjectKind.User).Select(e => e.SubjectKey));
            Assert.DoesNotContain(entries[2].SubjectKey, earlier.Where(e => e.SubjectKind == BizMobileGo.Core.History.SubjectKind.Device).Select(e => e.SubjectKey));
            Assert.Equal(entries[2].SubjectKey, entries[3].SubjectKey);
            Assert.NotEqual(entries[2].SubjectKey, entries[4].SubjectKey);
            Assert.Equal("sato", store.GetDevice("ipad-002")!.UserName);
            Assert.Equal("second state", store.GetDevice("ipad-002")!.DisplayName);

            // A single write after the chunk continues above the chunk's keys.
            store.SaveDevice(null, NewDevice("ipad-004"), ChunkOrigin);
            Assert.True(long.Parse(store.ReadChain().Last().SubjectKey) > long.Parse(entries[4].SubjectKey));
        }

        [Fact]
        public void A_unique_key_broken_inside_a_run_of_inserts_is_its_domain_error_and_the_run_leaves_nothing()
        {
            using SqliteDeviceStore store = NewChunkStore(PathOf("unique.db"));
            store.SaveDevice(null, NewDevice("held", serial: "F2LHELD00001"), ChunkOrigin);

            BmgException serial = Assert.Throws<BmgException>(() =>
            {
                using IStoreTransaction write = store.BeginTransaction();
                store.ApplyChanges(new[]
                {
                    StoreChange.OfDevice(null, NewDevice("new-1", serial: "F2LNEW000001"), ChunkOrigin),
                    StoreChange.OfDevice(null, NewDevice("new-2", serial: "F2LHELD00001"), ChunkOrigin),
                });
            });
            Assert.Equal(ErrorIds.DuplicateSerial, serial.ErrorId);

            BmgException identifier = Assert.Throws<BmgException>(() =>
            {
                using IStoreTransaction write = store.BeginTransaction();
                store.ApplyChanges(new[] { StoreChange.OfDevice(null, NewDevice("HELD"), ChunkOrigin) });
            });
            Assert.Equal(ErrorIds.AlreadyExists, identifier.ErrorId);

            Assert.Equal(new[] { "held" }, store.GetDevices().Select(d => d.Identifier));
            Assert.Single(store.ReadChain());
        }

        [Fact]
        public void A_chunks_emails_get_the_ids_sqlite_would_give_and_pending_ones_are_found_ignoring_case()
        {
            using SqliteDeviceStore store = NewChunkStore(PathOf("emails.db"));
            var first = new CheckInEmail { Recipient = "a@example.com", Identifier = "ipad-001", PlainCode = "Secret123", QueuedAt = DateTimeOffset.UnixEpoch };
            store.InsertCheckInEmail(first);
            var emails = Enumerable.Range(0, 123).Select(n => new CheckInEmail
            {
                Recipient = $"r{n}@example.com", Identifier = $"IPAD-{n:D3}", PlainCode = $"Code{n}", QueuedAt = DateTimeOffset.UnixEpoch.AddSeconds(n),
            }).ToList();
            using (IStoreTransaction write = store.BeginTransaction())
            {
                Assert.Equal(new[] { first.Id }, store.FindCheckInEmails(new[] { "IPAD-001", "ipad-999" }, CheckInEmailStatus.Pending).Select(e => e.Id));
                store.InsertCheckInEmails(emails);
                write.Commit();
            }

            Assert.Equal(Enumerable.Range(1, 123).Select(n => first.Id + n), emails.Select(e => e.Id));
            Assert.Equal(new[] { first }.Concat(emails).Select(e => (e.Id, e.Recipient, e.Identifier, e.PlainCode, e.QueuedAt)),
                store.GetCheckInEmails().Select(e => (e.Id, e.Recipient, e.Identifier, e.PlainCode, e.QueuedAt)));
            Assert.Equal(new[] { first.Id, emails[1].Id }, store.FindCheckInEmails(new[] { "ipad-001" }, CheckInEmailStatus.Pending).Select(e => e.Id));
            var next = new CheckInEmail { Recipient = "z@example.com", Identifier = "ipad-500", PlainCode = "Secret999", QueuedAt = DateTimeOffset.UnixEpoch };
            store.InsertCheckInEmail(next);
            Assert.Equal(emails[^1].Id + 1, next.Id);
        }
    }
}
