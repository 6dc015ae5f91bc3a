using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Store.Postgres;
using BizMobileGo.Core.Tests.Reliability;
using Npgsql;
using Xunit;

namespace BizMobileGo.Core.Tests.Postgres
{
    /// <summary>
    /// Real failures of a PostgreSQL store in the middle of an import: the server out of disk space (the store's tables
    /// moved to a tablespace on a small tmpfs, mounted by the test, which runs as root) and the import's session ended
    /// by the server (pg_terminate_backend). Each ends as the store's own error, leaves every table as it was, and the
    /// same store object goes on: it records the attempt and serves the next statement on a fresh session, never
    /// "Connection is not open" or "connection lost" for a server that is there.
    /// </summary>
    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresStoreFailureTests : IDisposable
    {
        // The databases this test makes, dropped in the background once it is done.
        private readonly PostgresTestDatabases _databases = new PostgresTestDatabases();

        public void Dispose() => _databases.Dispose();

        /// <summary>The store's sessions carry this application_name: the tests end those, and no other session.</summary>
        private const string StoreApplication = "bmg_store_under_test";

        private static PostgresDeviceStore OpenStore(string uri) =>
            (PostgresDeviceStore)DeviceStores.Open(uri + "?application_name=" + StoreApplication, StoreUse.Command);

        private static List<string> Tables(NpgsqlConnection connection, string schema)
        {
            using var command = new NpgsqlCommand("SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = $1 ORDER BY 1;", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = schema });
            var tables = new List<string>();
            using NpgsqlDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }

            return tables;
        }

        /// <summary>Every row of every table of the store but the import history (which records the failed attempt), as text.</summary>
        private static Dictionary<string, string> Dump(string uri, string schema)
        {
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            var dump = new Dictionary<string, string>();
            foreach (string table in Tables(connection, schema).Where(t => !t.Contains("import_history", StringComparison.Ordinal)))
            {
                dump[table] = (string)PostgresTestServer.Scalar(connection, $"SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') FROM {table} t;")!;
            }

            return dump;
        }

        [Fact]
        public void A_full_disk_at_the_last_chunk_leaves_every_table_as_it_was_and_the_same_store_reads_on()
        {
            const int diskBytes = 384 * 1024;
            string uri = _databases.New();
            string tablespace = "bmg_small_" + Guid.NewGuid().ToString("N").Substring(0, 8);
            using var disk = new Tmpfs(Path.Combine(Path.GetTempPath(), "bmg-pgfull-" + Guid.NewGuid().ToString("N")), diskBytes / 1024 + "k");
            try
            {
                disk.GiveTo("postgres");
                using var store = OpenStore(uri);
                Assert.Null(TestImports.ImportCsv(store, "Identifier,OS\nkeep1,ios\nkeep2,android\n").Error);
                using (NpgsqlConnection admin = PostgresTestServer.Open(uri))
                {
                    PostgresTestServer.Execute(admin, $"CREATE TABLESPACE {tablespace} LOCATION '{disk.Path}';");
                    foreach (string table in Tables(admin, store.Schema))
                    {
                        PostgresTestServer.Execute(admin, $"ALTER TABLE {table} SET TABLESPACE {tablespace};");
                    }
                }

                Dictionary<string, string> before = Dump(uri, store.Schema);

                // One chunk (ImportChunk.Rows), the last, written when the import completes: twice the disk's size
                // in its descriptions, whatever the chunk's row count.
                int payload = 2 * diskBytes / ImportChunk.Rows + 1;
                Assert.True(payload <= BoundedText.DescriptionMaxLength, "a chunk too small to fill this disk with descriptions");
                (BmgException? error, _, int rowsPlanned) = TestImports.ImportCsv(store, TestImports.Csv("full", ImportChunk.Rows, payload));
                Assert.NotNull(error);
                Assert.Equal(ErrorIds.StoreFull, error!.ErrorId);
                Assert.True(rowsPlanned == ImportChunk.Rows, "the failure came at the last chunk or the commit, not before");

                Assert.Equal(before, Dump(uri, store.Schema));
                // The same store object: the failure left its connection broken; the next statement opens a fresh session.
                Assert.Equal(new[] { "keep1", "keep2" }, store.GetDevices().Select(d => d.Identifier).OrderBy(i => i));
                Assert.DoesNotContain(store.GetImportHistory(null), entry => entry.Source == "rows.csv" && entry.Rows > 2 && entry.Committed);
                using (IStoreTransaction read = store.BeginReadTransaction())
                {
                    Assert.Equal(2, store.GetDevices().Count());
                }
            }
            finally
            {
                // Through the admin's own database: the test's database and the tablespace go before the disk does.
                NpgsqlConnection.ClearAllPools();
                using var admin = new NpgsqlConnection(PostgresTestServer.Admin.ConnectionString.ConnectionString);
                admin.Open();
                PostgresTestServer.Execute(admin, $"DROP DATABASE IF EXISTS {PostgresLocation.Parse(uri).ConnectionString.Database} WITH (FORCE);");
                PostgresTestServer.Execute(admin, $"DROP TABLESPACE IF EXISTS {tablespace};");
            }
        }

        [Fact]
        public void The_import_session_ended_by_the_server_is_StoreUnavailable_nothing_stays_the_attempt_is_recorded_and_the_store_goes_on()
        {
            string uri = _databases.New();
            using var store = OpenStore(uri);
            Assert.Null(TestImports.ImportCsv(store, "Identifier,OS\nkeep1,ios\n").Error);
            Dictionary<string, string> before = Dump(uri, store.Schema);

            using NpgsqlConnection admin = PostgresTestServer.Open(uri);
            (BmgException? error, _, _) = TestImports.ImportCsv(store, TestImports.Csv("gone", 3 * ImportChunk.Rows), row =>
            {
                if (row == ImportChunk.Rows + 500)
                {
                    // The first chunk is written (or being written) in the import's transaction: its session ends now.
                    // Only the store's session: not the admin's, nor the pool's idle ones of the dumps.
                    PostgresTestServer.Execute(admin, $"SELECT pg_terminate_backend(pid, 30000) FROM pg_stat_activity WHERE application_name = '{StoreApplication}';");
                }
            });

            Assert.NotNull(error);
            Assert.Equal(ErrorIds.StoreUnavailable, error!.ErrorId);
            Assert.Equal(before, Dump(uri, store.Schema));

            // The same store object recorded the attempt on a fresh session (the rollback of the lost one could not run).
            ImportHistoryEntry attempt = store.GetImportHistory(null, newest: 1).Single();
            Assert.Equal("rows.csv", attempt.Source);
            Assert.False(attempt.Committed);
            Assert.Contains(attempt.Errors, e => e.ErrorId == ErrorIds.StoreUnavailable);
            Assert.Null(TestImports.ImportCsv(store, "Identifier,OS\nafter1,ios\n").Error);
            Assert.Equal(new[] { "after1", "keep1" }, store.GetDevices().Select(d => d.Identifier).OrderBy(i => i, StringComparer.Ordinal));
        }
    }
}
