using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Store.Postgres;
using BizMobileGo.Core.Users;
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
    public sealed class PostgresStoreFailureTests
    {
        private static void Run(string file, params string[] arguments)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{file} {string.Join(" ", arguments)} failed: {output}");
        }

        private static string Csv(string prefix, int rows)
        {
            var text = new StringBuilder("Identifier,OS,DisplayName,Description\n");
            for (int i = 0; i < rows; i++)
            {
                text.Append(prefix).Append(i).Append(",ios,Name ").Append(i).Append(',').Append('d', 400).Append('\n');
            }

            return text.ToString();
        }

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

        private static (BmgException? Error, DeviceImport Import, bool AtCompletion) Import(IDeviceStore store, string csv, Action<int>? atRow = null)
        {
            var import = new DeviceImport(store, ImportMode.AllOrNothing, dryRun: false, source: "rows.csv");
            try
            {
                int row = 0;
                foreach (ImportRowResult _ in DeviceCsvFile.ImportRows(import, new StringReader(csv), ',', "rows.csv"))
                {
                    atRow?.Invoke(++row);
                }

            }
            catch (BmgException e)
            {
                import.Abandon(0, e.ErrorId, e.Message);
                return (e, import, false);
            }

            try
            {
                import.Complete();
                import.Dispose();
                return (null, import, false);
            }
            catch (BmgException e)
            {
                // The last chunk's write, the history row or the commit: Complete gave the import up itself.
                return (e, import, true);
            }
        }

        [Fact]
        public void A_full_disk_at_the_last_chunk_leaves_every_table_as_it_was_and_the_same_store_reads_on()
        {
            string uri = PostgresTestServer.NewDatabase();
            string disk = Path.Combine(Path.GetTempPath(), "bmg-pgfull-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(disk);
            Run("mount", "-t", "tmpfs", "-o", "size=384k", "tmpfs", disk);
            Run("chown", "postgres", disk);
            string tablespace = "bmg_small_" + Guid.NewGuid().ToString("N").Substring(0, 8);
            try
            {
                using var store = (PostgresDeviceStore)DeviceStores.Open(uri, StoreUse.Command);
                Assert.Null(Import(store, "Identifier,OS\nkeep1,ios\nkeep2,android\n").Error);
                using (NpgsqlConnection admin = PostgresTestServer.Open(uri))
                {
                    PostgresTestServer.Execute(admin, $"CREATE TABLESPACE {tablespace} LOCATION '{disk}';");
                    foreach (string table in Tables(admin, store.Schema))
                    {
                        PostgresTestServer.Execute(admin, $"ALTER TABLE {table} SET TABLESPACE {tablespace};");
                    }
                }

                Dictionary<string, string> before = Dump(uri, store.Schema);

                // One chunk (ImportChunk.Rows): the last, written when the import completes.
                (BmgException? error, DeviceImport import, bool atCompletion) = Import(store, Csv("full", ImportChunk.Rows));
                Assert.NotNull(error);
                Assert.Equal(ErrorIds.StoreFull, error!.ErrorId);
                Assert.True(atCompletion, "the failure came at the last chunk or the commit, not before");
                import.Dispose();

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
                NpgsqlConnection.ClearAllPools();
                using (NpgsqlConnection admin = PostgresTestServer.Open(PostgresTestServer.NewDatabase()))
                {
                    PostgresTestServer.Execute(admin, $"DROP DATABASE {PostgresLocation.Parse(uri).ConnectionString.Database} WITH (FORCE);");
                    PostgresTestServer.Execute(admin, $"DROP TABLESPACE IF EXISTS {tablespace};");
                }

                Run("umount", "-l", disk);
                Directory.Delete(disk);
            }
        }

        [Fact]
        public void The_import_session_ended_by_the_server_is_StoreUnavailable_nothing_stays_the_attempt_is_recorded_and_the_store_goes_on()
        {
            string uri = PostgresTestServer.NewDatabase();
            using var store = (PostgresDeviceStore)DeviceStores.Open(uri, StoreUse.Command);
            Assert.Null(Import(store, "Identifier,OS\nkeep1,ios\n").Error);
            Dictionary<string, string> before = Dump(uri, store.Schema);

            using NpgsqlConnection admin = PostgresTestServer.Open(uri);
            (BmgException? error, DeviceImport import, _) = Import(store, Csv("gone", 3 * ImportChunk.Rows), row =>
            {
                if (row == ImportChunk.Rows + 500)
                {
                    // The first chunk is written (or being written) in the import's transaction: its session ends now.
                    PostgresTestServer.Execute(admin, "SELECT pg_terminate_backend(pid, 30000) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid();");
                }
            });

            Assert.NotNull(error);
            Assert.Equal(ErrorIds.StoreUnavailable, error!.ErrorId);
            import.Dispose();
            Assert.Equal(before, Dump(uri, store.Schema));

            // The same store object recorded the attempt on a fresh session (the rollback of the lost one could not run).
            ImportHistoryEntry attempt = store.GetImportHistory(null, newest: 1).Single();
            Assert.Equal("rows.csv", attempt.Source);
            Assert.False(attempt.Committed);
            Assert.Contains(attempt.Errors, e => e.ErrorId == ErrorIds.StoreUnavailable);
            Assert.Null(Import(store, "Identifier,OS\nafter1,ios\n").Error);
            Assert.Equal(new[] { "after1", "keep1" }, store.GetDevices().Select(d => d.Identifier).OrderBy(i => i, StringComparer.Ordinal));
        }
    }
}
