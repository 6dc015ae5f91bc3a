using System;
using System.IO;
using System.Linq;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
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
            Code = "Code1",
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
            // ApplyChanges learns which of its devices have no pending email in one read; the per-device answers
            // must stay what the table says, through NOCASE variants, newly queued emails and the transaction's end.
            using SqliteDeviceStore store = SqliteDeviceStore.Open(PathOf("pending.db"));
            var origin = new ChangeOrigin("Import-BmgDeviceCsv");
            store.InsertCheckInEmail(new CheckInEmail { Recipient = "a@example.com", Identifier = "ipad-001", Code = "Secret123", QueuedAt = DateTimeOffset.UnixEpoch });
            using (IStoreTransaction write = store.BeginTransaction())
            {
                store.ApplyChanges(new[] { "IPAD-001", "ipad-002", "Ipad-003" }
                    .Select(id => StoreChange.OfDevice(null, new Device { Identifier = id, Code = "A7K29QX4", OS = "ios" }, origin)).ToList());

                Assert.Single(store.GetPendingCheckInEmails("IPAD-001"));
                Assert.Empty(store.GetPendingCheckInEmails("ipad-002"));
                store.InsertCheckInEmail(new CheckInEmail { Recipient = "b@example.com", Identifier = "ipad-002", Code = "Secret456", QueuedAt = DateTimeOffset.UnixEpoch });
                Assert.Single(store.GetPendingCheckInEmails("IPAD-002"));
                Assert.Single(store.GetPendingCheckInEmails("ipad-002"));
                Assert.Empty(store.GetPendingCheckInEmails("IPAD-003"));
                write.Commit();
            }

            store.InsertCheckInEmail(new CheckInEmail { Recipient = "c@example.com", Identifier = "ipad-003", Code = "Secret789", QueuedAt = DateTimeOffset.UnixEpoch });
            Assert.Single(store.GetPendingCheckInEmails("Ipad-003"));
        }
    }
}
