using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Store.Postgres;
using Npgsql;
using Xunit;

namespace BizMobileGo.Core.Tests.Postgres
{
    /// <summary>
    /// The statistics an import gives the server, on the real test server: a table the server knows nothing of is
    /// analyzed once the import has added 1,000 rows to it (its look-ups then use the indexes), a table it has
    /// statistics for is not analyzed again (the second of two admins' imports, issue 13), and a rolled-back import's
    /// statistics are gone with it, so the next import analyzes again.
    /// </summary>
    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresStatisticsTests : IDisposable
    {
        // The databases this test makes, dropped in the background once it is done.
        private readonly PostgresTestDatabases _databases = new PostgresTestDatabases();

        public void Dispose() => _databases.Dispose();

        // Every row a new user and a new device (and its check-in email), numbered from `first`.
        private static string Rows(int first, int count, bool repeatFirstAtEnd = false)
        {
            var lines = new List<string> { "UserName,Name,RegistrationEmail,Identifier,OS,Serial" };
            for (int i = first; i < first + count; i++)
            {
                lines.Add($"user{i:D6},User {i},user{i:D6}@example.com,dev-{i:D6},ios,C02X{i:D8}");
            }

            if (repeatFirstAtEnd)
            {
                // The same Identifier twice: the import fails (DuplicateKeyInFile) after every chunk was written.
                lines.Add($"user{first + count:D6},User,,dev-{first:D6},ios,");
            }

            return string.Join("\n", lines) + "\n";
        }

        private static ImportSummary Import(IDeviceStore store, string csv)
        {
            using var import = new DeviceImport(store, ImportMode.AllOrNothing, false, "devices.csv");
            DeviceCsvFile.ImportRows(import, new StringReader(csv), ',', "devices.csv").ToList();
            return import.Complete();
        }

        // The server's own counts of ANALYZE runs (autovacuum's are counted apart) and whether it has statistics, per table.
        private static (long Analyzed, bool HasStatistics) Statistics(string uri, string table)
        {
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            long analyzed = Convert.ToInt64(PostgresTestServer.Scalar(connection,
                $"SELECT analyze_count FROM pg_stat_user_tables WHERE relname = '{table}';"));
            bool has = (bool)PostgresTestServer.Scalar(connection,
                $"SELECT EXISTS (SELECT FROM pg_stats WHERE tablename = '{table}');")!;
            return (analyzed, has);
        }

        [Fact]
        public void ANewStoresTablesAreAnalyzedOnceAndNotAgainByTheNextImport()
        {
            string uri = _databases.New();
            using IDeviceStore store = DeviceStores.Open(uri, StoreUse.Command);

            Assert.Equal((0L, false), Statistics(uri, "devices"));
            Assert.True(Import(store, Rows(0, 1500)).Committed);
            Assert.Equal((1L, true), Statistics(uri, "devices"));
            Assert.Equal((1L, true), Statistics(uri, "users"));
            Assert.Equal((1L, true), Statistics(uri, "checkin_emails"));

            // The second admin's import: 1,500 more rows into tables the server has statistics for.
            Assert.True(Import(store, Rows(1500, 1500)).Committed);
            Assert.Equal((1L, true), Statistics(uri, "devices"));
            Assert.Equal((1L, true), Statistics(uri, "users"));
            Assert.Equal((1L, true), Statistics(uri, "checkin_emails"));
            Assert.Equal(3000, store.GetDevices().Count());
        }

        [Fact]
        public void ARolledBackImportsStatisticsAreGoneAndTheNextImportAnalyzesAgain()
        {
            string uri = _databases.New();
            using IDeviceStore store = DeviceStores.Open(uri, StoreUse.Command);

            ImportSummary failed = Import(store, Rows(0, 1500, repeatFirstAtEnd: true));
            Assert.False(failed.Committed);
            Assert.Empty(store.GetDevices());
            // Analyzed inside the import's transaction, and rolled back with it.
            Assert.Equal((1L, false), Statistics(uri, "devices"));

            Assert.True(Import(store, Rows(0, 1500)).Committed);
            Assert.Equal((2L, true), Statistics(uri, "devices"));
        }

        [Fact]
        public void TheLookUpsPlanAsWithFreshStatisticsAfterAnImportThatDidNotAnalyze()
        {
            string uri = _databases.New();
            using IDeviceStore store = DeviceStores.Open(uri, StoreUse.Command);
            Assert.True(Import(store, Rows(0, 1500)).Committed);
            Assert.True(Import(store, Rows(1500, 6500)).Committed);

            // The statistics are the first import's (1,500 rows); the tables now hold 8,000. The store's own look-ups for a
            // chunk's keys (1,000 new ones, and 1,000 stored ones) are planned as they are planned once the tables are
            // analyzed afresh (in a transaction rolled back here): the server scales what it learned with the tables' size.
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            var chunks = new[]
            {
                (PostgresDeviceStore.FindDevicesSql, new[] { Identifiers(8000) }),
                (PostgresDeviceStore.FindDevicesSql, new[] { Identifiers(3000, "DEV") }),
                // An import's chunk: its devices by identifier and by serial in one statement (new ones; stored ones).
                (PostgresDeviceStore.FindChunkDevicesSql, new[] { Identifiers(8000), Serials(8000) }),
                (PostgresDeviceStore.FindChunkDevicesSql, new[] { Identifiers(3000, "DEV"), Serials(3000) }),
                (PostgresDeviceStore.FindUsersSql, new[] { Enumerable.Range(8000, 1000).Select(i => $"user{i:D6}").ToArray() }),
                (PostgresDeviceStore.FindUsersSql, new[] { Enumerable.Range(3000, 1000).Select(i => $"user{i:D6}").ToArray() }),
            };
            List<string> scaled = chunks.Select(c => Shape(Plan(connection, "EXPLAIN " + c.Item1, c.Item2))).ToList();
            using (NpgsqlTransaction fresh = connection.BeginTransaction())
            {
                PostgresTestServer.Execute(connection, "ANALYZE devices; ANALYZE users;");
                List<string> analyzed = chunks.Select(c => Shape(Plan(connection, "EXPLAIN " + c.Item1, c.Item2))).ToList();
                fresh.Rollback();
                Assert.Equal(analyzed, scaled);
            }

            Assert.Contains(scaled, plan => plan.Contains("Index", StringComparison.Ordinal));
        }

        [Fact]
        public void ACaseTwinLookUpOfAChunksNewUserNamesProbesTheFoldedNamesIndexInAFullStore()
        {
            // The second of two admins' imports (issue 13, P5): its chunks' user names are new, and the users table holds the
            // first admin's, with the statistics of the first import's 1,000-row ANALYZE. Given the 1,000 folded names as
            // values, the planner expected a row for each and scanned every user (15-30 ms a chunk at 50,000 users); the
            // look-up reads users_by_name_folded, whatever it expects.
            string uri = _databases.New();
            using IDeviceStore store = DeviceStores.Open(uri, StoreUse.Command);
            Assert.True(Import(store, Rows(0, 1500)).Committed);
            Assert.True(Import(store, Rows(1500, 6500)).Committed);

            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            string[] names = Enumerable.Range(8000, 1000).Select(i => $"user{i:D6}").ToArray();
            using var command = new NpgsqlCommand("EXPLAIN " + PostgresDeviceStore.UserNameCaseTwinsOfKeysSql, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = names, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = names.Select(Users.UserNameHint.FoldAscii).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = 8000L, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
            var plan = new List<string>();
            using (NpgsqlDataReader reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    plan.Add(reader.GetString(0));
                }
            }

            string shape = Shape(plan);
            Assert.Contains("users_by_name_folded", shape, StringComparison.Ordinal);
            Assert.DoesNotContain("Seq Scan on users", shape, StringComparison.Ordinal);

            // And it finds what it is for: a stored user differing in ASCII case only, not the name itself, not a user made after the mark.
            Assert.Equal(new[] { "user000042" }, store.GetUserNameCaseTwins(new[] { "USER000042", "user000043" }, new UsersMark(8000)));
            Assert.Empty(store.GetUserNameCaseTwins(new[] { "USER000042" }, new UsersMark(1)));
        }

        // A plan's nodes without their estimates (which differ with the statistics by design).
        private static string Shape(List<string> plan) =>
            string.Join("\n", plan.Select(line => System.Text.RegularExpressions.Regex.Replace(line, @"\s*\(cost=[^)]*\)", "")));

        private static string[] Identifiers(int first, string prefix = "dev") => Enumerable.Range(first, 1000).Select(i => $"{prefix}-{i:D6}").ToArray();

        private static string[] Serials(int first) => Enumerable.Range(first, 1000).Select(i => $"C02X{i:D8}").ToArray();

        private static List<string> Plan(NpgsqlConnection connection, string sql, string[][] keys)
        {
            using var command = new NpgsqlCommand(sql, connection);
            foreach (string[] array in keys)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = array, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
            }

            using NpgsqlDataReader reader = command.ExecuteReader();
            var lines = new List<string>();
            while (reader.Read())
            {
                lines.Add(reader.GetString(0));
            }

            return lines;
        }
    }
}
