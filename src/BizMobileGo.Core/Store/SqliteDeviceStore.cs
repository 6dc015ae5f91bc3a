using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Users;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BizMobileGo.Core.Store
{
    /// <summary>The SQLite store: one file, WAL journal, foreign keys on, shared safely by several processes.</summary>
    public sealed partial class SqliteDeviceStore : IDeviceStore
    {
        private const int SqliteBusy = 5;
        private const int SqliteLocked = 6;
        private const int SqliteNotADatabase = 26;
        private const int SqliteConstraint = 19;
        private const int SqliteReadOnly = 8;
        private const int SqliteIoError = 10;
        private const int SqliteFull = 13;
        private const int SqliteCantOpen = 14;
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

        /// <summary>Opened to read and write (not the read-only or immutable fallback, not a -WhatIf snapshot).</summary>
        internal bool Writable { get; private set; }

        /// <summary>The store used when no -Database is given (see <see cref="DeviceStores.DefaultLocation"/>).</summary>
        public static string DefaultPath() => DeviceStores.DefaultLocation();

        /// <summary>Taken from <see cref="OpenStores"/>: handed back there when its command ends (<see cref="DeviceStores.Release"/>).</summary>
        internal bool KeptBetweenCommands { get; set; }

        /// <summary>
        /// Opens (creating and migrating as needed) the store file at <paramref name="path"/>. A store that
        /// can't be written (read-only media, a full disk, no write permission) is opened to read.
        /// </summary>
        public static SqliteDeviceStore Open(string path)
        {
            string fullPath = StoreFile.FullPath(path);
            if (Directory.Exists(fullPath))
            {
                throw new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.OpenError,
                    $"The store path '{fullPath}' is a directory; give the path of a database file.", fullPath);
            }

            if (!StoreFile.Exists(fullPath))
            {
                StoreFile.CreateNew(fullPath, temporary => Connect(temporary, fullPath, StoreAccess.ReadWrite).Dispose());
            }

            StoreFile.CheckExisting(fullPath);
            try
            {
                return Connect(fullPath, fullPath, StoreAccess.ReadWrite);
            }
            catch (BmgException e) when (CanStillRead(e))
            {
                try
                {
                    return Connect(fullPath, fullPath, StoreAccess.ReadOnly);
                }
                catch (BmgException) when (!File.Exists(fullPath + "-wal") || new FileInfo(fullPath + "-wal").Length == 0)
                {
                    try
                    {
                        // Nothing waits in a -wal file, and SQLite can't make the -shm file a WAL reader needs
                        // (read-only media): read the file as the immutable thing it is there.
                        return Connect(fullPath, fullPath, StoreAccess.Immutable);
                    }
                    catch (BmgException)
                    {
                        throw e;
                    }
                }
                catch (BmgException)
                {
                    throw e;
                }
            }
        }

        private enum StoreAccess
        {
            ReadWrite,
            ReadOnly,
            Immutable,
        }

        // Failures of writing, not of the file's content: opening to read may still work.
        private static bool CanStillRead(BmgException e) =>
            e.ErrorId == ErrorIds.StoreReadOnly || e.ErrorId == ErrorIds.StoreFull || e.ErrorId == ErrorIds.StoreOpenFailure;

        /// <summary>Connects to <paramref name="file"/> and makes it a current store (migrating, when writing); <paramref name="location"/> names it in errors.</summary>
        private static SqliteDeviceStore Connect(string file, string location, StoreAccess access)
        {
            var builder = new SqliteConnectionStringBuilder
            {
                DataSource = access == StoreAccess.Immutable ? new Uri(file).AbsoluteUri + "?immutable=1" : file,
                Mode = access == StoreAccess.ReadWrite ? SqliteOpenMode.ReadWrite : SqliteOpenMode.ReadOnly,
                // A pooled connection would keep the file open after the cmdlet ends.
                Pooling = false,
                DefaultTimeout = BusyTimeoutSeconds,
            };
            var connection = new SqliteConnection(builder.ToString());
            var store = new SqliteDeviceStore(location, connection);
            try
            {
                connection.Open();
                store.Execute($"PRAGMA busy_timeout = {BusyTimeoutSeconds * 1000};");
                store.Execute("PRAGMA foreign_keys = ON;");
                if (access == StoreAccess.ReadWrite)
                {
                    store.Migrate();
                    store.Execute("PRAGMA journal_mode = WAL;");
                    store.Execute("PRAGMA synchronous = NORMAL;");
                    store.Writable = true;
                }
                else if (store.CheckedVersion() != SqliteSchema.CurrentVersion)
                {
                    throw new BmgException(ErrorIds.StoreReadOnly, BmgErrorCategory.PermissionDenied,
                        $"The store '{location}' has schema version {store.CheckedVersion()} and must be upgraded to {SqliteSchema.CurrentVersion} before use, but it can't be written (read-only media, a full disk, or no write permission); it was not changed.", location);
                }

                store.Execute("PRAGMA cache_size = -65536;");
                return store;
            }
            catch (SqliteException e)
            {
                store.Dispose();
                throw Translate(e, location);
            }
            catch
            {
                store.Dispose();
                throw;
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
                case SqliteFull:
                    return StoreFull(location, e);
                case SqliteIoError:
                case SqliteCantOpen:
                    // With no space left even a read fails, as an I/O error or a -shm file that can't be made.
                    return DiskSpace.IsFull(location) ? StoreFull(location, e) : OpenFailure(location, e);
                case SqliteReadOnly:
                    // A store opened to read because the disk was full refuses a write as read-only: say why.
                    if (DiskSpace.IsFull(location))
                    {
                        return StoreFull(location, e);
                    }

                    return new BmgException(ErrorIds.StoreReadOnly, BmgErrorCategory.PermissionDenied,
                        $"The store '{location}' can be read but not written (read-only media, or no write permission for the file or its folder); nothing was changed.", location, e);
                default:
                    return OpenFailure(location, e);
            }
        }

        private static BmgException StoreFull(string location, SqliteException e) =>
            new BmgException(ErrorIds.StoreFull, BmgErrorCategory.WriteError,
                $"The disk holding the store '{location}' is full; nothing was changed. Free some space and try again.", location, e);

        private static BmgException OpenFailure(string location, SqliteException e) =>
            new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.OpenError,
                $"The store '{location}' could not be used: {e.Message}", location, e);

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
            DepMethod = r.IsDBNull(15) ? (DepMethod?)null : StoredName<DepMethod>.Parse(r.GetString(15)),
            State = StoredName<DeviceState>.Parse(r.GetString(16)),
            DepDevice = NullableString(r, 17),
            DepProfile = NullableString(r, 18),
            CreatedAt = ParseTime(r.GetString(19)),
            SavedAt = ParseTime(r.GetString(20)),
            CheckedInAt = r.IsDBNull(21) ? (DateTimeOffset?)null : ParseTime(r.GetString(21)),
            WithdrawnAt = r.IsDBNull(22) ? (DateTimeOffset?)null : ParseTime(r.GetString(22)),
            DeviceTags = SplitList(NullableString(r, 23)),
        };

        /// <summary>An enum stored by name, read back through a table: Enum.Parse's reflection showed in every look-up's profile.</summary>
        private static class StoredName<T> where T : struct
        {
            private static readonly Dictionary<string, T> Values = Build();

            public static T Parse(string name) => Values.TryGetValue(name, out T value) ? value : (T)Enum.Parse(typeof(T), name);

            private static Dictionary<string, T> Build()
            {
                var values = new Dictionary<string, T>(StringComparer.Ordinal);
                foreach (T value in (T[])Enum.GetValues(typeof(T)))
                {
                    values[value.ToString()!] = value;
                }

                return values;
            }
        }

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

        private const string DepDeviceSelect = @"SELECT p.serial_number, p.model, p.description,
    coalesce((SELECT n.profile_name FROM dep_profiles n WHERE n.profile_uuid = p.profile_uuid), p.profile_name), p.imported_at,
    (SELECT identifier FROM devices WHERE serial = p.serial_number), p.color, p.asset_tag, p.os, p.device_family, p.profile_status,
    p.profile_uuid, p.profile_assign_time, p.profile_push_time, p.device_assigned_date, p.device_assigned_by, p.released_at
    FROM dep_devices p ";

        public DepDevice? GetDepDevice(string serialNumber) =>
            Single(DepDeviceSelect + "WHERE p.serial_number = $key;", serialNumber, ReadDepDevice);

        public IEnumerable<DepDevice> GetDepDevices() =>
            Query(DepDeviceSelect + "WHERE p.released_at IS NULL ORDER BY p.serial_number;", null, ReadDepDevice);

        // Profiles named by uuid, uuids that devices use but nobody named yet, and names a CSV gave without a uuid.
        public IReadOnlyList<DepProfile> GetDepProfiles() =>
            Query(@"SELECT uuid, name, n FROM (
    SELECT r.profile_uuid AS uuid, r.profile_name AS name,
        (SELECT count(*) FROM dep_devices d WHERE d.profile_uuid = r.profile_uuid AND d.released_at IS NULL) AS n
    FROM dep_profiles r
    UNION ALL
    SELECT d.profile_uuid, NULL, count(*) FROM dep_devices d
    WHERE d.profile_uuid IS NOT NULL AND d.released_at IS NULL AND NOT EXISTS (SELECT 1 FROM dep_profiles r WHERE r.profile_uuid = d.profile_uuid)
    GROUP BY d.profile_uuid
    UNION ALL
    SELECT NULL, d.profile_name, count(*) FROM dep_devices d
    WHERE d.profile_uuid IS NULL AND d.profile_name IS NOT NULL AND d.released_at IS NULL GROUP BY d.profile_name)
ORDER BY coalesce(name, uuid);", null,
                r => new DepProfile(NullableString(r, 0), NullableString(r, 1), r.GetInt32(2)));

        private DepDevice ReadDepDevice(SqliteStatement r) => new DepDevice
        {
            SerialNumber = r.GetString(0),
            Model = NullableString(r, 1),
            Description = NullableString(r, 2),
            ProfileName = NullableString(r, 3),
            ImportedAt = ParseTime(r.GetString(4)),
            Identifier = NullableString(r, 5),
            Color = NullableString(r, 6),
            AssetTag = NullableString(r, 7),
            OS = NullableString(r, 8),
            DeviceFamily = NullableString(r, 9),
            ProfileStatus = NullableString(r, 10),
            ProfileUuid = NullableString(r, 11),
            ProfileAssignTime = NullableTime(r, 12),
            ProfilePushTime = NullableTime(r, 13),
            DeviceAssignedDate = NullableTime(r, 14),
            DeviceAssignedBy = NullableString(r, 15),
            ReleasedAt = NullableTime(r, 16),
        };

        private DateTimeOffset? NullableTime(SqliteStatement r, int column) =>
            NullableString(r, column) is string text ? ParseTime(text) : (DateTimeOffset?)null;

        private string? FormatOptionalTime(DateTimeOffset? time) => time.HasValue ? FormatTime(time.Value) : null;

        public bool UpsertDepDevice(DepDevice depDevice)
        {
            bool exists = GetDepDevice(depDevice.SerialNumber) != null;
            Run(@"INSERT INTO dep_devices (serial_number, model, description, profile_name, imported_at, color, asset_tag, os, device_family,
        profile_status, profile_uuid, profile_assign_time, profile_push_time, device_assigned_date, device_assigned_by, released_at, is_ios)
    VALUES ($serial, $model, $description, $profile, $imported_at, $color, $asset_tag, $os, $device_family,
        $profile_status, $profile_uuid, $profile_assign_time, $profile_push_time, $device_assigned_date, $device_assigned_by, $released_at, $is_ios)
    ON CONFLICT (serial_number) DO UPDATE SET model = excluded.model, description = excluded.description,
        profile_name = excluded.profile_name, imported_at = excluded.imported_at, color = excluded.color, asset_tag = excluded.asset_tag,
        os = excluded.os, device_family = excluded.device_family, profile_status = excluded.profile_status, profile_uuid = excluded.profile_uuid,
        profile_assign_time = excluded.profile_assign_time, profile_push_time = excluded.profile_push_time,
        device_assigned_date = excluded.device_assigned_date, device_assigned_by = excluded.device_assigned_by, released_at = excluded.released_at,
        is_ios = excluded.is_ios;", c =>
            {
                Set(c, "$serial", depDevice.SerialNumber);
                Set(c, "$model", depDevice.Model);
                Set(c, "$description", depDevice.Description);
                // A profile known by uuid takes its name from dep_profiles, so a later rename shows everywhere.
                Set(c, "$profile", depDevice.ProfileUuid == null ? depDevice.ProfileName : null);
                Set(c, "$imported_at", FormatTime(depDevice.ImportedAt));
                Set(c, "$color", depDevice.Color);
                Set(c, "$asset_tag", depDevice.AssetTag);
                Set(c, "$os", depDevice.OS);
                Set(c, "$device_family", depDevice.DeviceFamily);
                Set(c, "$profile_status", depDevice.ProfileStatus);
                Set(c, "$profile_uuid", depDevice.ProfileUuid);
                Set(c, "$profile_assign_time", FormatOptionalTime(depDevice.ProfileAssignTime));
                Set(c, "$profile_push_time", FormatOptionalTime(depDevice.ProfilePushTime));
                Set(c, "$device_assigned_date", FormatOptionalTime(depDevice.DeviceAssignedDate));
                Set(c, "$device_assigned_by", depDevice.DeviceAssignedBy);
                Set(c, "$released_at", FormatOptionalTime(depDevice.ReleasedAt));
                Set(c, "$is_ios", depDevice.IsIos ? 1 : 0);
            });
            return !exists;
        }

        public void DeleteDepDevice(string serialNumber) =>
            Run("DELETE FROM dep_devices WHERE serial_number = $serial;", c => Set(c, "$serial", serialNumber));

        public bool HasNonIosDepDevices() =>
            Query("SELECT 1 FROM dep_devices WHERE is_ios = 0 AND released_at IS NULL LIMIT 1;", null, r => true).Count != 0;

        public bool HasReleasedDepDevices() =>
            Query("SELECT 1 FROM dep_devices WHERE released_at IS NOT NULL LIMIT 1;", null, r => true).Count != 0;

        public string? GetDepProfileName(string profileUuid) =>
            Single("SELECT profile_name FROM dep_profiles WHERE profile_uuid = $key;", profileUuid, r => r.GetString(0));

        public void SetDepProfileName(string profileUuid, string name, DateTimeOffset savedAt) =>
            Run(@"INSERT INTO dep_profiles (profile_uuid, profile_name, saved_at) VALUES ($uuid, $name, $saved_at)
    ON CONFLICT (profile_uuid) DO UPDATE SET profile_name = excluded.profile_name, saved_at = excluded.saved_at;", c =>
            {
                Set(c, "$uuid", profileUuid);
                Set(c, "$name", name);
                Set(c, "$saved_at", FormatTime(savedAt));
            });

        // ---- check-in email outbox: SqliteDeviceStore.Outbox.cs ----

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
        /// <summary>
        /// Ends whatever a command left open (a statement stopped mid-read by Ctrl+C keeps a read
        /// snapshot); true when the connection is now idle, outside any transaction, fit to be reused.
        /// </summary>
        internal bool Settle()
        {
            foreach (SqliteStatement statement in _commands.Values)
            {
                statement.Reset();
            }

            return _transaction == null && _connection.Handle != null && raw.sqlite3_get_autocommit(_connection.Handle) != 0;
        }

        private int _changesWhenTaken;

        /// <summary>Notes where the connection's count of changed rows stands as a command takes the store.</summary>
        internal void MarkTaken() => _changesWhenTaken = ChangesSoFar;

        /// <summary>True when the command that took the store (<see cref="MarkTaken"/>) changed any row through it.</summary>
        internal bool WroteSinceTaken => ChangesSoFar != _changesWhenTaken;

        private int ChangesSoFar => _connection.Handle == null ? 0 : raw.sqlite3_total_changes(_connection.Handle);

        /// <summary>True when the file is still a store of this module's schema version (another process may have changed it).</summary>
        internal bool StillCurrent()
        {
            try
            {
                // A prepared statement: this runs before every reuse, so it must cost microseconds.
                SqliteStatement statement = Command("PRAGMA user_version;");
                bool current = statement.Step() && statement.GetInt64(0) == SqliteSchema.CurrentVersion;
                statement.Reset();
                return current;
            }
            catch (Exception e) when (e is SqliteException || e is BmgException)
            {
                return false;
            }
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
