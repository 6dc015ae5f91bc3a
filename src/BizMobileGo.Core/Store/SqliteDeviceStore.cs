using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Users;
using Microsoft.Data.Sqlite;

namespace BizMobileGo.Core.Store
{
    /// <summary>The SQLite store: one file, WAL journal, foreign keys on, shared safely by several processes.</summary>
    public sealed partial class SqliteDeviceStore : IDeviceStore
    {
        private const int SqliteBusy = 5;
        private const int SqliteLocked = 6;
        private const int SqliteNotADatabase = 26;
        private const int SqliteConstraint = 19;
        private const int BusyTimeoutSeconds = 30;

        private readonly SqliteConnection _connection;
        private readonly Dictionary<string, SqliteStatement> _commands = new Dictionary<string, SqliteStatement>();
        private SqliteTransaction? _transaction;

        private SqliteDeviceStore(string path, SqliteConnection connection)
        {
            Location = path;
            _connection = connection;
        }

        public string Location { get; }

        /// <summary>The store used when no -Database is given: $env:BMG_DATABASE, else a per-user data file.</summary>
        public static string DefaultPath()
        {
            string? fromEnvironment = Environment.GetEnvironmentVariable("BMG_DATABASE");
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                return fromEnvironment!;
            }

            string dataRoot = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
            return Path.Combine(dataRoot, "BizMobileGo", "bizmobilego.db");
        }

        /// <summary>Opens (creating and migrating as needed) the store file at <paramref name="path"/>.</summary>
        public static SqliteDeviceStore Open(string path)
        {
            string fullPath = Path.GetFullPath(path);
            if (Directory.Exists(fullPath))
            {
                throw new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.OpenError,
                    $"The store path '{fullPath}' is a directory; give the path of a database file.", fullPath);
            }

            bool isNew = !File.Exists(fullPath) || new FileInfo(fullPath).Length == 0;
            if (isNew)
            {
                CreateOwnerOnlyFile(fullPath);
            }

            var builder = new SqliteConnectionStringBuilder
            {
                DataSource = fullPath,
                Mode = SqliteOpenMode.ReadWrite,
                // A pooled connection would keep the file open after the cmdlet ends.
                Pooling = false,
                DefaultTimeout = BusyTimeoutSeconds,
            };
            var connection = new SqliteConnection(builder.ToString());
            var store = new SqliteDeviceStore(fullPath, connection);
            try
            {
                connection.Open();
                store.Execute($"PRAGMA busy_timeout = {BusyTimeoutSeconds * 1000};");
                store.Execute("PRAGMA foreign_keys = ON;");
                store.Migrate();
                store.Execute("PRAGMA journal_mode = WAL;");
                store.Execute("PRAGMA synchronous = NORMAL;");
                store.Execute("PRAGMA cache_size = -65536;");
                // Keys of a very large import that don't fit in memory (SeenKeys) go to a temporary table in a
                // temporary file, with a page cache of its own.
                store.Execute("PRAGMA temp_store = FILE;");
                store.Execute("PRAGMA temp.cache_size = -16384;");
                return store;
            }
            catch (SqliteException e)
            {
                store.Dispose();
                throw Translate(e, fullPath);
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }

        private static void CreateOwnerOnlyFile(string fullPath)
        {
            string? directory = Path.GetDirectoryName(fullPath);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            using (new FileStream(fullPath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite))
            {
            }

            // SQLite gives its -wal and -shm files the database file's permissions, so this covers them too.
            if (!FilePermissions.TryRestrictToOwner(fullPath))
            {
                throw new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.PermissionDenied,
                    $"Could not make the new store file '{fullPath}' readable by its owner only (errno {Marshal.GetLastWin32Error()}).", fullPath);
            }
        }

        private void Migrate()
        {
            if (CheckedVersion() == SqliteSchema.CurrentVersion)
            {
                return;
            }

            // Two processes may open a new store at once: take the write lock, then look again, so
            // only one of them migrates and the other finds the work done.
            using var transaction = _connection.BeginTransaction(deferred: false);
            _transaction = transaction;
            try
            {
                long version = CheckedVersion();
                for (long next = version + 1; next <= SqliteSchema.CurrentVersion; next++)
                {
                    Execute(SqliteSchema.Migrations[next - 1]);
                }

                Execute($"PRAGMA application_id = {SqliteSchema.ApplicationId};");
                Execute($"PRAGMA user_version = {SqliteSchema.CurrentVersion};");
                transaction.Commit();
            }
            finally
            {
                _transaction = null;
            }
        }

        /// <summary>The file's schema version, after making sure it is a BizMobileGo store this module can read.</summary>
        private long CheckedVersion()
        {
            long applicationId = Scalar<long>("PRAGMA application_id;");
            long version = Scalar<long>("PRAGMA user_version;");
            if (applicationId == 0 && version == 0)
            {
                long tables = Scalar<long>("SELECT count(*) FROM sqlite_master;");
                if (tables != 0)
                {
                    throw new BmgException(ErrorIds.StoreNotRecognized, BmgErrorCategory.InvalidData,
                        $"'{Location}' is a SQLite database of another application, not a BizMobileGo store; it was not changed.", Location);
                }
            }
            else if (applicationId != SqliteSchema.ApplicationId)
            {
                throw new BmgException(ErrorIds.StoreNotRecognized, BmgErrorCategory.InvalidData,
                    $"'{Location}' is a SQLite database of another application (application_id {applicationId}), not a BizMobileGo store; it was not changed.", Location);
            }

            if (version > SqliteSchema.CurrentVersion)
            {
                throw new BmgException(ErrorIds.StoreVersionTooNew, BmgErrorCategory.InvalidData,
                    $"The store '{Location}' has schema version {version}, newer than the {SqliteSchema.CurrentVersion} this module knows; update the BizMobileGo module. The file was not changed.", Location);
            }

            return version;
        }

        public IStoreTransaction BeginReadTransaction()
        {
            if (_transaction != null)
            {
                throw new InvalidOperationException("A store transaction is already open.");
            }

            try
            {
                // Deferred: the first read fixes the snapshot (WAL), and no write lock is taken.
                _transaction = _connection.BeginTransaction(deferred: true);
            }
            catch (SqliteException e)
            {
                throw Translate(e, Location);
            }

            return new Transaction(this, _transaction);
        }

        public IStoreTransaction BeginTransaction()
        {
            if (_transaction != null)
            {
                throw new InvalidOperationException("A store transaction is already open.");
            }

            try
            {
                // Deferred transactions can fail to upgrade to a write lock under contention; take it now.
                _transaction = _connection.BeginTransaction(deferred: false);
            }
            catch (SqliteException e)
            {
                throw Translate(e, Location);
            }

            return new Transaction(this, _transaction);
        }

        private sealed class Transaction : IStoreTransaction
        {
            private readonly SqliteDeviceStore _store;
            private readonly SqliteTransaction _transaction;
            private bool _done;

            public Transaction(SqliteDeviceStore store, SqliteTransaction transaction)
            {
                _store = store;
                _transaction = transaction;
            }

            public void Commit()
            {
                try
                {
                    _transaction.Commit();
                }
                catch (SqliteException e)
                {
                    throw Translate(e, _store.Location);
                }
                finally
                {
                    Finish();
                }
            }

            public void Dispose()
            {
                if (!_done)
                {
                    try
                    {
                        _transaction.Rollback();
                    }
                    finally
                    {
                        Finish();
                    }
                }
            }

            private void Finish()
            {
                _done = true;
                _transaction.Dispose();
                _store._transaction = null;
            }
        }

        /// <summary>Turns SQLite's failures that a user can meet into errors that say what to do.</summary>
        internal static Exception Translate(SqliteException e, string location)
        {
            switch (e.SqliteErrorCode)
            {
                case SqliteBusy:
                case SqliteLocked:
                    return new BmgException(ErrorIds.StoreBusy, BmgErrorCategory.ResourceBusy,
                        $"The store '{location}' stayed locked by another process for {BusyTimeoutSeconds} seconds; nothing was changed. Try again when the other import, or a command waiting for a confirmation, has finished.", location, e);
                case SqliteNotADatabase:
                    return new BmgException(ErrorIds.StoreNotRecognized, BmgErrorCategory.InvalidData,
                        $"'{location}' is not a SQLite database (it may be damaged or another kind of file); it was not changed.", location, e);
                default:
                    return new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.OpenError,
                        $"The store '{location}' could not be used: {e.Message}", location, e);
            }
        }

        // ---- reference data ----

        public IReadOnlyList<Organization> GetOrganizations() =>
            Query("SELECT id, name FROM organizations ORDER BY id;", null, r => new Organization(r.GetString(0), r.GetString(1)));

        public void InsertOrganization(Organization organization) =>
            Run("INSERT INTO organizations (id, name) VALUES ($id, $name);", c =>
            {
                Set(c, "$id", organization.Id);
                Set(c, "$name", organization.Name);
            });

        public IReadOnlyList<Template> GetTemplates() =>
            Query("SELECT name FROM templates ORDER BY name;", null, r => new Template(r.GetString(0)));

        public void InsertTemplate(Template template) =>
            Run("INSERT INTO templates (name) VALUES ($name);", c => Set(c, "$name", template.Name));

        public IReadOnlyList<DeviceTag> GetDeviceTags() =>
            Query("SELECT name FROM device_tags ORDER BY name;", null, r => new DeviceTag(r.GetString(0)));

        public void InsertDeviceTag(DeviceTag tag) =>
            Run("INSERT INTO device_tags (name) VALUES ($name);", c => Set(c, "$name", tag.Name));

        private static (string Table, string Key, string UseQuery, string UseKind) Reference(ReferenceKind kind) => kind switch
        {
            ReferenceKind.Organization => ("organizations", "id",
                "SELECT user_name FROM users WHERE instr('|' || organizations || '|', '|' || $key || '|') > 0 ORDER BY user_name LIMIT 1;", "user"),
            ReferenceKind.Template => ("templates", "name",
                "SELECT identifier FROM devices WHERE template = $key ORDER BY identifier LIMIT 1;", "device"),
            ReferenceKind.DeviceTag => ("device_tags", "name",
                "SELECT identifier FROM devices WHERE instr('|' || device_tags || '|', '|' || $key || '|') > 0 ORDER BY identifier LIMIT 1;", "device"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        public string? FindReferenceUse(ReferenceKind kind, string name)
        {
            var reference = Reference(kind);
            string? user = Single(reference.UseQuery, name, r => r.GetString(0));
            return user == null ? null : $"{reference.UseKind} '{user}'";
        }

        public void DeleteReference(ReferenceKind kind, string name)
        {
            var reference = Reference(kind);
            Run($"DELETE FROM {reference.Table} WHERE {reference.Key} = $key;", c => Set(c, "$key", name));
        }

        public void RenameReference(ReferenceKind kind, string name, string newName)
        {
            var reference = Reference(kind);
            Action<SqliteStatement> bind = c =>
            {
                Set(c, "$key", name);
                Set(c, "$new", newName);
            };
            Run($"UPDATE {reference.Table} SET {reference.Key} = $new WHERE {reference.Key} = $key;", bind);

            // Templates follow through their foreign key; names inside '|'-joined lists are replaced here.
            // Names never contain '|' or are empty, so trimming the added outer '|' restores the list.
            if (kind == ReferenceKind.Organization)
            {
                Run(@"UPDATE users SET organizations = trim(replace('|' || organizations || '|', '|' || $key || '|', '|' || $new || '|'), '|')
    WHERE instr('|' || organizations || '|', '|' || $key || '|') > 0;", bind);
            }
            else if (kind == ReferenceKind.DeviceTag)
            {
                Run(@"UPDATE devices SET device_tags = trim(replace('|' || device_tags || '|', '|' || $key || '|', '|' || $new || '|'), '|')
    WHERE instr('|' || device_tags || '|', '|' || $key || '|') > 0;", bind);
            }
        }

        // ---- users ----

        private const string UserColumns = "u.user_id, u.user_name, u.name, u.email_address, u.user_description, u.organizations";

        public User? GetUser(string userName) =>
            Single($"SELECT {UserColumns} FROM users u WHERE u.user_name = $key;", userName, ReadUser);

        public IEnumerable<User> GetUsers() =>
            Query($"SELECT {UserColumns} FROM users u ORDER BY u.user_name;", null, ReadUser);

        private User ReadUser(SqliteStatement r) => new User
        {
            RowId = r.GetInt64(0),
            UserName = r.GetString(1),
            Name = NullableString(r, 2),
            EmailAddress = NullableString(r, 3),
            UserDescription = NullableString(r, 4),
            Organizations = SplitList(NullableString(r, 5)),
        };

        public void InsertUser(User user)
        {
            user.RowId = Insert("INSERT INTO users (user_name, name, email_address, user_description, organizations) VALUES ($user_name, $name, $email, $description, $organizations);",
                c => BindUser(c, user));
        }

        public void UpdateUser(User user)
        {
            Run(@"UPDATE users SET user_name = $user_name, name = $name, email_address = $email, user_description = $description,
    organizations = $organizations WHERE user_id = $row_id;",
                c =>
                {
                    BindUser(c, user);
                    Set(c, "$row_id", user.RowId);
                });
        }

        public void DeleteUser(User user) =>
            Run("DELETE FROM users WHERE user_id = $row_id;", c => Set(c, "$row_id", user.RowId));

        private static void BindUser(SqliteStatement c, User user)
        {
            Set(c, "$user_name", user.UserName);
            Set(c, "$name", user.Name);
            Set(c, "$email", user.EmailAddress);
            Set(c, "$description", user.UserDescription);
            Set(c, "$organizations", JoinList(user.Organizations));
        }

        // ---- devices ----

        private const string DeviceColumns = @"d.device_id, d.identifier, d.template, d.code, d.os, d.wifi_mac, d.imei, d.meid, d.udid, d.serial,
    d.expiration_days, d.display_name, d.description, d.registration_email, u.user_name, d.dep_method, d.state, d.dep_device,
    d.dep_profile, d.created_at, d.saved_at, d.checked_in_at, d.withdrawn_at, d.device_tags";

        private const string DeviceFrom = " FROM devices d LEFT JOIN users u ON u.user_id = d.user_id ";

        public Device? GetDevice(string identifier) =>
            Single($"SELECT {DeviceColumns}{DeviceFrom}WHERE d.identifier = $key;", identifier, ReadDevice);

        public Device? GetDeviceBySerial(string serial) =>
            Single($"SELECT {DeviceColumns}{DeviceFrom}WHERE d.serial = $key;", serial, ReadDevice);

        public IReadOnlyList<Device> GetDevicesOfUser(string userName) =>
            Query($"SELECT {DeviceColumns}{DeviceFrom}WHERE u.user_name = $key ORDER BY d.identifier;", c => Set(c, "$key", userName), ReadDevice);

        public void DeleteDevice(Device device) =>
            Run("DELETE FROM devices WHERE device_id = $row_id;", c => Set(c, "$row_id", device.RowId));

        public IEnumerable<Device> GetDevices() =>
            Query($"SELECT {DeviceColumns}{DeviceFrom}ORDER BY d.identifier;", null, ReadDevice);

        private Device ReadDevice(SqliteStatement r) => new Device
        {
            RowId = r.GetInt64(0),
            Identifier = r.GetString(1),
            Template = NullableString(r, 2),
            Code = r.GetString(3),
            OS = r.GetString(4),
            WifiMac = NullableString(r, 5),
            IMEI = NullableString(r, 6),
            MEID = NullableString(r, 7),
            UDID = NullableString(r, 8),
            Serial = NullableString(r, 9),
            ExpirationDays = r.GetInt32(10),
            DisplayName = NullableString(r, 11),
            Description = NullableString(r, 12),
            RegistrationEmail = NullableString(r, 13),
            UserName = NullableString(r, 14),
            DepMethod = r.IsDBNull(15) ? (DepMethod?)null : (DepMethod)Enum.Parse(typeof(DepMethod), r.GetString(15)),
            State = (DeviceState)Enum.Parse(typeof(DeviceState), r.GetString(16)),
            DepDevice = NullableString(r, 17),
            DepProfile = NullableString(r, 18),
            CreatedAt = ParseTime(r.GetString(19)),
            SavedAt = ParseTime(r.GetString(20)),
            CheckedInAt = r.IsDBNull(21) ? (DateTimeOffset?)null : ParseTime(r.GetString(21)),
            WithdrawnAt = r.IsDBNull(22) ? (DateTimeOffset?)null : ParseTime(r.GetString(22)),
            DeviceTags = SplitList(NullableString(r, 23)),
        };

        private const string DeviceValues = @"$identifier, $template, $code, $os, $wifi_mac, $imei, $meid, $udid, $serial, $expiration_days,
    $display_name, $description, $registration_email, (SELECT user_id FROM users WHERE user_name = $user_name), $dep_method, $state,
    $dep_device, $dep_profile, $created_at, $saved_at, $checked_in_at, $withdrawn_at, $device_tags";

        public void InsertDevice(Device device)
        {
            device.RowId = Insert($@"INSERT INTO devices (identifier, template, code, os, wifi_mac, imei, meid, udid, serial, expiration_days,
    display_name, description, registration_email, user_id, dep_method, state, dep_device, dep_profile, created_at, saved_at,
    checked_in_at, withdrawn_at, device_tags) VALUES ({DeviceValues});", c => BindDevice(c, device));
        }

        public void UpdateDevice(Device device, Device? before = null)
        {
            // Setting an indexed column rewrites its index entries even when the value is the same, so
            // when none of them changed (the usual re-import), the statement leaves them out.
            bool indexedColumnsChanged = before == null
                || before.Identifier != device.Identifier || before.Serial != device.Serial
                || before.UserName != device.UserName || before.Template != device.Template;
            string sql = indexedColumnsChanged
                ? $@"UPDATE devices SET (identifier, template, code, os, wifi_mac, imei, meid, udid, serial, expiration_days,
    display_name, description, registration_email, user_id, dep_method, state, dep_device, dep_profile, created_at, saved_at,
    checked_in_at, withdrawn_at, device_tags) = ({DeviceValues}) WHERE device_id = $row_id;"
                : @"UPDATE devices SET (code, os, wifi_mac, imei, meid, udid, expiration_days, display_name, description,
    registration_email, dep_method, state, dep_device, dep_profile, created_at, saved_at, checked_in_at, withdrawn_at, device_tags) =
    ($code, $os, $wifi_mac, $imei, $meid, $udid, $expiration_days, $display_name, $description, $registration_email, $dep_method,
    $state, $dep_device, $dep_profile, $created_at, $saved_at, $checked_in_at, $withdrawn_at, $device_tags) WHERE device_id = $row_id;";
            Run(sql, c =>
            {
                BindDevice(c, device, indexedColumnsChanged);
                Set(c, "$row_id", device.RowId);
            });
        }

        private void BindDevice(SqliteStatement c, Device d, bool indexedColumns = true)
        {
            if (indexedColumns)
            {
                Set(c, "$identifier", d.Identifier);
                Set(c, "$template", d.Template);
                Set(c, "$serial", d.Serial);
                Set(c, "$user_name", d.UserName);
            }

            Set(c, "$code", d.Code);
            Set(c, "$os", d.OS);
            Set(c, "$wifi_mac", d.WifiMac);
            Set(c, "$imei", d.IMEI);
            Set(c, "$meid", d.MEID);
            Set(c, "$udid", d.UDID);
            Set(c, "$expiration_days", d.ExpirationDays);
            Set(c, "$display_name", d.DisplayName);
            Set(c, "$description", d.Description);
            Set(c, "$registration_email", d.RegistrationEmail);
            Set(c, "$dep_method", d.DepMethod?.ToString());
            Set(c, "$state", d.State.ToString());
            Set(c, "$dep_device", d.DepDevice);
            Set(c, "$dep_profile", d.DepProfile);
            Set(c, "$created_at", FormatTime(d.CreatedAt));
            Set(c, "$saved_at", FormatTime(d.SavedAt));
            Set(c, "$checked_in_at", d.CheckedInAt.HasValue ? FormatTime(d.CheckedInAt.Value) : null);
            Set(c, "$withdrawn_at", d.WithdrawnAt.HasValue ? FormatTime(d.WithdrawnAt.Value) : null);
            Set(c, "$device_tags", JoinList(d.DeviceTags));
        }

        // ---- DEP devices ----

        private const string DepDeviceSelect = @"SELECT p.serial_number, p.model, p.description, p.profile_name, p.imported_at,
    (SELECT identifier FROM devices WHERE serial = p.serial_number) FROM dep_devices p ";

        public DepDevice? GetDepDevice(string serialNumber) =>
            Single(DepDeviceSelect + "WHERE p.serial_number = $key;", serialNumber, ReadDepDevice);

        public IEnumerable<DepDevice> GetDepDevices() =>
            Query(DepDeviceSelect + "ORDER BY p.serial_number;", null, ReadDepDevice);

        public IReadOnlyList<DepProfile> GetDepProfiles() =>
            Query("SELECT profile_name, count(*) FROM dep_devices WHERE profile_name IS NOT NULL GROUP BY profile_name ORDER BY profile_name;", null,
                r => new DepProfile(r.GetString(0), r.GetInt32(1)));

        private DepDevice ReadDepDevice(SqliteStatement r) => new DepDevice
        {
            SerialNumber = r.GetString(0),
            Model = NullableString(r, 1),
            Description = NullableString(r, 2),
            ProfileName = NullableString(r, 3),
            ImportedAt = ParseTime(r.GetString(4)),
            Identifier = NullableString(r, 5),
        };

        public bool UpsertDepDevice(DepDevice depDevice)
        {
            bool exists = GetDepDevice(depDevice.SerialNumber) != null;
            Run(@"INSERT INTO dep_devices (serial_number, model, description, profile_name, imported_at)
    VALUES ($serial, $model, $description, $profile, $imported_at)
    ON CONFLICT (serial_number) DO UPDATE SET model = excluded.model, description = excluded.description,
        profile_name = excluded.profile_name, imported_at = excluded.imported_at;", c =>
            {
                Set(c, "$serial", depDevice.SerialNumber);
                Set(c, "$model", depDevice.Model);
                Set(c, "$description", depDevice.Description);
                Set(c, "$profile", depDevice.ProfileName);
                Set(c, "$imported_at", FormatTime(depDevice.ImportedAt));
            });
            return !exists;
        }

        // ---- check-in email outbox ----

        public void InsertCheckInEmail(CheckInEmail email)
        {
            email.Id = Insert("INSERT INTO checkin_emails (recipient, identifier, code, queued_at, sent_at) VALUES ($recipient, $identifier, $code, $queued_at, NULL);", c =>
            {
                Set(c, "$recipient", email.Recipient);
                Set(c, "$identifier", email.Identifier);
                Set(c, "$code", email.Code);
                Set(c, "$queued_at", FormatTime(email.QueuedAt));
            });
        }

        public IEnumerable<CheckInEmail> GetCheckInEmails() =>
            Query("SELECT email_id, recipient, identifier, code, queued_at, sent_at FROM checkin_emails ORDER BY email_id;", null, r => new CheckInEmail
            {
                Id = r.GetInt64(0),
                Recipient = r.GetString(1),
                Identifier = r.GetString(2),
                Code = r.GetString(3),
                QueuedAt = ParseTime(r.GetString(4)),
                SentAt = r.IsDBNull(5) ? (DateTimeOffset?)null : ParseTime(r.GetString(5)),
            });

        // ---- import history ----

        public void InsertImportHistory(ImportHistoryEntry entry)
        {
            entry.Id = Insert(@"INSERT INTO import_history (started_at, ended_at, os_user, source, sha256, mode, committed, rows, created, updated,
    unchanged, failed, emails_queued) VALUES ($started_at, $ended_at, $os_user, $source, $sha256, $mode, $committed, $rows, $created, $updated,
    $unchanged, $failed, $emails_queued);", c =>
            {
                Set(c, "$started_at", FormatTime(entry.StartedAt));
                Set(c, "$ended_at", FormatTime(entry.EndedAt));
                Set(c, "$os_user", entry.User);
                Set(c, "$source", entry.Source);
                Set(c, "$sha256", entry.Sha256);
                Set(c, "$mode", entry.Mode.ToString());
                Set(c, "$committed", entry.Committed ? 1 : 0);
                Set(c, "$rows", entry.Rows);
                Set(c, "$created", entry.Created);
                Set(c, "$updated", entry.Updated);
                Set(c, "$unchanged", entry.Unchanged);
                Set(c, "$failed", entry.Failed);
                Set(c, "$emails_queued", entry.EmailsQueued);
            });
            foreach (ImportHistoryError error in entry.Errors)
            {
                Run("INSERT INTO import_history_errors (import_id, line, identifier, user_name, error_id, message) VALUES ($id, $line, $identifier, $user_name, $error_id, $message);", c =>
                {
                    Set(c, "$id", entry.Id);
                    Set(c, "$line", error.Line);
                    Set(c, "$identifier", error.Identifier);
                    Set(c, "$user_name", error.UserName);
                    Set(c, "$error_id", error.ErrorId);
                    Set(c, "$message", error.Message);
                });
            }
        }

        public IReadOnlyList<ImportHistoryEntry> GetImportHistory(long? id, int? newest = null)
        {
            List<ImportHistoryEntry> entries = Query(@"SELECT import_id, started_at, ended_at, os_user, source, sha256, mode, committed, rows, created,
    updated, unchanged, failed, emails_queued FROM import_history WHERE $id IS NULL OR import_id = $id ORDER BY import_id DESC LIMIT $limit;",
                c =>
                {
                    Set(c, "$id", id);
                    Set(c, "$limit", newest ?? -1);
                }, r => new ImportHistoryEntry
                {
                    Id = r.GetInt64(0),
                    StartedAt = ParseTime(r.GetString(1)),
                    EndedAt = ParseTime(r.GetString(2)),
                    User = r.GetString(3),
                    Source = r.GetString(4),
                    Sha256 = NullableString(r, 5),
                    Mode = (ImportMode)Enum.Parse(typeof(ImportMode), r.GetString(6)),
                    Committed = r.GetInt64(7) != 0,
                    Rows = r.GetInt32(8),
                    Created = r.GetInt32(9),
                    Updated = r.GetInt32(10),
                    Unchanged = r.GetInt32(11),
                    Failed = r.GetInt32(12),
                    EmailsQueued = r.GetInt32(13),
                });
            foreach (ImportHistoryEntry entry in entries)
            {
                entry.Errors = Query("SELECT line, identifier, user_name, error_id, message FROM import_history_errors WHERE import_id = $id ORDER BY rowid;",
                    c => Set(c, "$id", entry.Id),
                    r => new ImportHistoryError(r.GetInt32(0), NullableString(r, 1), NullableString(r, 2), r.GetString(3), r.GetString(4)));
            }

            return entries;
        }

        // ---- keys seen by the running import ----

        public (int Line, long Tag)? RememberImportKey(long key, int line, long tag)
        {
            const string insert = "INSERT OR IGNORE INTO temp.import_keys (key, line, tag) VALUES ($key, $line, $tag);";
            Run(insert, c =>
            {
                Set(c, "$key", key);
                Set(c, "$line", line);
                Set(c, "$tag", tag);
            });
            if (Command(insert).Changes != 0)
            {
                return null;
            }

            return FindImportKey(key);
        }

        public (int Line, long Tag)? FindImportKey(long key)
        {
            SqliteStatement statement = Command("SELECT line, tag FROM temp.import_keys WHERE key = $key;");
            statement.Set("$key", key);
            if (!statement.Step())
            {
                return null;
            }

            var earlier = (statement.GetInt32(0), statement.GetInt64(1));
            statement.Reset();
            return earlier;
        }

        public void ForgetImportKeys()
        {
            // Created with the import's transaction (and gone again if it rolls back); a temporary
            // table lives in a temporary file of this connection and disappears when it closes.
            Run("CREATE TEMP TABLE IF NOT EXISTS import_keys (key INTEGER PRIMARY KEY, line INTEGER NOT NULL, tag INTEGER NOT NULL);", _ => { });
            Run("DELETE FROM temp.import_keys;", _ => { });
        }

        // ---- plumbing: every statement is prepared once, parameterized, and reused ----

        private SqliteStatement Command(string sql)
        {
            if (!_commands.TryGetValue(sql, out SqliteStatement? statement))
            {
                try
                {
                    statement = new SqliteStatement(_connection.Handle!, sql);
                }
                catch (SqliteException e)
                {
                    throw Translate(e, Location);
                }

                _commands.Add(sql, statement);
            }

            return statement;
        }

        private void Execute(string sql)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = _transaction;
            command.ExecuteNonQuery();
        }

        private T Scalar<T>(string sql)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = _transaction;
            return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
        }

        private void Run(string sql, Action<SqliteStatement> bind)
        {
            SqliteStatement statement = Command(sql);
            bind(statement);
            try
            {
                while (statement.Step())
                {
                }
            }
            catch (SqliteException e) when (IsStoreFailure(e))
            {
                throw Translate(e, Location);
            }
        }

        private long Insert(string sql, Action<SqliteStatement> bind)
        {
            Run(sql, bind);
            return Command(sql).LastInsertRowId;
        }

        private T? Single<T>(string sql, string key, Func<SqliteStatement, T> read) where T : class
        {
            SqliteStatement statement = Command(sql);
            statement.Set("$key", key);
            try
            {
                if (!statement.Step())
                {
                    return null;
                }

                T result = read(statement);
                statement.Reset();
                return result;
            }
            catch (SqliteException e) when (IsStoreFailure(e))
            {
                statement.Reset();
                throw Translate(e, Location);
            }
        }

        private List<T> Query<T>(string sql, Action<SqliteStatement>? bind, Func<SqliteStatement, T> read)
        {
            // Materialized: the callers (cmdlets) write output while the store may be used again.
            SqliteStatement statement = Command(sql);
            bind?.Invoke(statement);
            var results = new List<T>();
            try
            {
                while (statement.Step())
                {
                    results.Add(read(statement));
                }
            }
            catch (SqliteException e) when (IsStoreFailure(e))
            {
                statement.Reset();
                throw Translate(e, Location);
            }

            return results;
        }

        // Every failure of the file (busy, full, read-only, damaged) becomes a store error a user can act on;
        // a constraint violation stays raw: the planner checks every rule first, so it is a bug to report.
        private static bool IsStoreFailure(SqliteException e) => e.SqliteErrorCode != SqliteConstraint;

        private static void Set(SqliteStatement statement, string name, object? value) => statement.Set(name, value);

        private static string? NullableString(SqliteStatement reader, int ordinal) =>
            reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

        private static string? JoinList(IReadOnlyList<string> names) => names.Count == 0 ? null : NameList.Join(names);

        private static IReadOnlyList<string> SplitList(string? joined) =>
            string.IsNullOrEmpty(joined) ? Array.Empty<string>() : joined!.Split('|');

        // An import saves every row at one time: format it once, not once per row.
        private DateTimeOffset _lastTime;
        private string? _lastTimeText;

        private string FormatTime(DateTimeOffset time)
        {
            if (_lastTimeText == null || time != _lastTime)
            {
                _lastTime = time;
                _lastTimeText = time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
            }

            return _lastTimeText;
        }

        // Rows saved by one import share their times (created and last saved): parse a repeated text once.
        private readonly string?[] _parsedTexts = new string?[2];
        private readonly DateTimeOffset[] _parsedTimes = new DateTimeOffset[2];
        private int _nextParsedSlot;

        private DateTimeOffset ParseTime(string text)
        {
            for (int slot = 0; slot < _parsedTexts.Length; slot++)
            {
                if (string.Equals(text, _parsedTexts[slot], StringComparison.Ordinal))
                {
                    return _parsedTimes[slot];
                }
            }

            DateTimeOffset time = DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            _parsedTexts[_nextParsedSlot] = text;
            _parsedTimes[_nextParsedSlot] = time;
            _nextParsedSlot = (_nextParsedSlot + 1) % _parsedTexts.Length;
            return time;
        }
        public void Dispose()
        {
            foreach (SqliteStatement statement in _commands.Values)
            {
                statement.Dispose();
            }

            _commands.Clear();
            _transaction?.Dispose();
            _connection.Dispose();
        }
    }
}
