using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Tests.Import;
using BizMobileGo.Core.Users;
using Microsoft.Data.Sqlite;
using Xunit;

namespace BizMobileGo.Core.Tests.Store
{
    /// <summary>
    /// The store reads the rows an import names by calling SQLite itself, and gives a column's last string again when
    /// its bytes repeat: every row must still read exactly what it holds, whatever the row before it held.
    /// </summary>
    public sealed class SqliteRowReadTests : IDisposable
    {
        private readonly string _path = Path.Combine(Path.GetTempPath(), "bmg-rowread-" + Guid.NewGuid().ToString("N") + ".db");
        private readonly SqliteConnection _connection;

        public SqliteRowReadTests()
        {
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
            _connection.Open();
        }

        public void Dispose()
        {
            _connection.Dispose();
            File.Delete(_path);
        }

        // Repeats, NULL after a value and a value after NULL, an empty text (not NULL), a value that starts like the last
        // one, non-ASCII text, a NUL inside a text (its length is SQLite's, not where the NUL is), and different texts of
        // the same byte length one after another ('ab' 'ba' 'é' 'ab': two bytes each).
        private const string Values = @"SELECT column1 FROM (VALUES ('a'), ('a'), (NULL), (NULL), ('a'), (''), (''), ('ab'), ('a'), ('é東'), ('é東'),
            ('e東'), ('a' || char(0) || 'b'), ('a'), (NULL), ('ab'), ('ba'), ('é'), ('ab'));";

        private static readonly string?[] Expected =
            { "a", "a", null, null, "a", "", "", "ab", "a", "é東", "é東", "e東", "a\0b", "a", null, "ab", "ba", "é", "ab" };

        private List<string?> ReadAll(Func<SqliteStatement, string?> read)
        {
            using var statement = new SqliteStatement(_connection.Handle!, Values);
            var values = new List<string?>();
            while (statement.Step())
            {
                values.Add(read(statement));
            }

            return values;
        }

        [Fact]
        public void ATextReadGivesExactlyWhatSqliteHolds()
        {
            // GetString is for NOT NULL columns, but reads a NULL as null as SQLitePCL's read did (never an empty text).
            Assert.Equal(Expected, ReadAll(s => s.GetString(0)));
            Assert.Equal(Expected, ReadAll(s => s.GetNullableString(0)));
        }

        [Fact]
        public void NumbersReadAsTextAndIntegersAsSqliteConvertsThem()
        {
            using var statement = new SqliteStatement(_connection.Handle!, "SELECT column1 FROM (VALUES (42), (-7), (NULL), ('12'), (2.5));");
            var texts = new List<string?>();
            var integers = new List<int>();
            while (statement.Step())
            {
                integers.Add(statement.GetInt32(0));
                texts.Add(statement.GetNullableString(0));
            }

            Assert.Equal(new[] { 42, -7, 0, 12, 2 }, integers);
            Assert.Equal(new[] { "42", "-7", null, "12", "2.5" }, texts);
        }

        [Fact]
        public void ARepeatedReadGivesEachRowItsOwnValue()
        {
            Assert.Equal(Expected, ReadAll(s => s.GetRepeatedString(0)));
        }

        [Fact]
        public void AColumnWhoseValueChangesEveryRowAllocatesNoMoreThanAPlainRead()
        {
            // Every row a new value of the same length (a serial, a time saved by separate commands): the repeated read
            // keeps the last bytes in the buffer it has, rather than allocating a copy on every row.
            const string distinct = @"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 999)
                SELECT printf('K%06d', i) FROM n;";
            using var statement = new SqliteStatement(_connection.Handle!, distinct);

            long Allocated(Func<SqliteStatement, string?> read)
            {
                int length = 0;
                long before = GC.GetAllocatedBytesForCurrentThread();
                while (statement.Step())
                {
                    length += read(statement)!.Length;
                }

                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.Equal(7000, length);
                return allocated;
            }

            // Warmed up first: the first read of each makes the statement's arrays of last values.
            Allocated(s => s.GetNullableString(0));
            Allocated(s => s.GetRepeatedString(0));
            long plain = Allocated(s => s.GetNullableString(0));
            long repeated = Allocated(s => s.GetRepeatedString(0));

            // A copy of the bytes on every row would be 1,000 arrays, ~32 KB.
            Assert.InRange(repeated, 0, plain + 4096);
        }

        [Fact]
        public void ARepeatedValueIsTheLastRowsString()
        {
            List<string?> values = ReadAll(s => s.GetRepeatedString(0));

            Assert.Same(values[0], values[1]);
            Assert.Same(values[9], values[10]);
            // A NULL between leaves the last text as it was; another text between replaces it.
            Assert.Same(values[0], values[4]);
            Assert.NotSame(values[4], values[8]);
        }

        [Fact]
        public void DevicesReadTogetherKeepTheirOwnTemplatesTagsStatesAndTimes()
        {
            using var fixture = new StoreFixture();
            fixture.ImportOk(StoreFixture.Csv(
                "Identifier,OS,Template,DeviceTags,Serial,DEPMethod",
                "dev1,ios,Std,Sales|HQ,F1A2B3C4D5E6,Serial",
                "dev2,ios,Std,Sales|HQ,,",
                "dev3,android,,,,",
                "dev4,ios,Kiosk,HQ,F1A2B3C4D5E7,Keycode",
                "dev5,ios,Std,Sales|HQ,,"));
            fixture.Now = StoreFixture.T0.AddHours(1);
            fixture.ImportOk(StoreFixture.Csv("Identifier,DeviceTags", "dev2,Sales"));

            Dictionary<string, Device> devices = fixture.Store.FindDevices(new[] { "dev1", "dev2", "dev3", "dev4", "dev5" })
                .ToDictionary(d => d.Identifier);

            Assert.Equal(("Std", "ios", "Sales|HQ", (DepMethod?)DepMethod.Serial), Columns(devices["dev1"]));
            Assert.Equal(("Std", "ios", "Sales", (DepMethod?)null), Columns(devices["dev2"]));
            Assert.Equal(((string?)null, "android", "", (DepMethod?)null), Columns(devices["dev3"]));
            Assert.Equal(("Kiosk", "ios", "HQ", (DepMethod?)DepMethod.Keycode), Columns(devices["dev4"]));
            Assert.Equal(("Std", "ios", "Sales|HQ", (DepMethod?)null), Columns(devices["dev5"]));
            Assert.Equal(StoreFixture.T0.AddHours(1), devices["dev2"].SavedAt);
            Assert.Equal(StoreFixture.T0, devices["dev2"].CreatedAt);
            Assert.All(new[] { "dev1", "dev3", "dev4", "dev5" }, id => Assert.Equal(StoreFixture.T0, devices[id].SavedAt));
            Assert.All(devices.Values, d => Assert.Equal(DeviceState.Registered, d.State));
        }

        [Fact]
        public void DevicesAndUsersNeverShareAMutableList()
        {
            // A list reaches PowerShell as a string[]: a script may write one of its elements, and that must change
            // only the one object, not every device or user read with the same list, in the same command or a later one.
            using var fixture = new StoreFixture();
            fixture.ImportOk(StoreFixture.Csv("Identifier,OS,DeviceTags", "dev1,ios,Sales|HQ", "dev2,ios,Sales|HQ"));
            fixture.ImportOk(StoreFixture.Csv("UserName,Organizations", "sato,ORG1|ORG2", "kato,ORG1|ORG2"));

            IReadOnlyList<Device> together = fixture.Store.FindDevices(new[] { "dev1", "dev2" });
            Assert.NotSame(together[0].DeviceTags, together[1].DeviceTags);
            ((string[])together[0].DeviceTags)[0] = "Changed";
            Assert.Equal(new[] { "Sales", "HQ" }, together[1].DeviceTags);

            Device first = fixture.Store.GetDevice("dev1")!;
            ((string[])first.DeviceTags)[1] = "Changed";
            Assert.Equal(new[] { "Sales", "HQ" }, fixture.Store.GetDevice("dev2")!.DeviceTags);
            Assert.Equal(new[] { "Sales", "HQ" }, fixture.Store.GetDevice("dev1")!.DeviceTags);
            Assert.All(fixture.Store.GetDevices(), d => Assert.Equal(new[] { "Sales", "HQ" }, d.DeviceTags));

            IReadOnlyList<User> users = fixture.Store.FindUsers(new[] { "sato", "kato" });
            Assert.NotSame(users[0].Organizations, users[1].Organizations);
            ((string[])users[0].Organizations)[0] = "Changed";
            Assert.Equal(new[] { "ORG1", "ORG2" }, users[1].Organizations);
            Assert.All(fixture.Store.GetUsers(), u => Assert.Equal(new[] { "ORG1", "ORG2" }, u.Organizations));
        }

        [Fact]
        public void AReadThatFailsOnADamagedValueStillEndsItsReadOfTheFile()
        {
            // The store stays open between commands: a statement left on a row would keep its read of the file open,
            // and another process could not checkpoint (nor, in time, write) until the next command happened to reset it.
            using var fixture = new StoreFixture();
            fixture.ImportOk(StoreFixture.Csv("Identifier,OS", "dev1,ios", "dev2,ios"));
            using var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = fixture.DatabasePath, Pooling = false }.ToString());
            other.Open();
            Execute(other, "PRAGMA busy_timeout = 0;");
            Assert.Equal(0L, Checkpoint(other));

            var reads = new (string Name, Action Read)[]
            {
                ("one device", () => fixture.Store.GetDevice("dev1")),
                ("devices", () => fixture.Store.GetDevices().ToList()),
                ("devices by identifier", () => fixture.Store.FindDevices(new[] { "dev1", "dev2" })),
            };
            foreach ((string name, Action read) in reads)
            {
                // Written by the other connection, so the store's read starts from the log the checkpoint must empty.
                Execute(other, $"UPDATE devices SET checked_in_at = 'damaged {name}' WHERE identifier = 'dev1';");
                Assert.ThrowsAny<Exception>(read);
                Assert.True(Checkpoint(other) == 0L, $"A failed read of {name} left its statement reading the file.");
            }
        }

        private static void Execute(SqliteConnection connection, string sql)
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        // 1 when a reader kept the checkpoint from emptying the log.
        private static long Checkpoint(SqliteConnection connection)
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            using SqliteDataReader reader = command.ExecuteReader();
            Assert.True(reader.Read());
            return reader.GetInt64(0);
        }

        private static (string?, string, string, DepMethod?) Columns(Device device) =>
            (device.Template, device.OS, string.Join("|", device.DeviceTags), device.DEPMethod);
    }
}
