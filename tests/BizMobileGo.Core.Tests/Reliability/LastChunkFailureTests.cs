using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using Microsoft.Data.Sqlite;
using Xunit;

namespace BizMobileGo.Core.Tests.Reliability
{
    /// <summary>
    /// A SQLite import whose only chunk — the last — fits the page cache, so nothing reaches the file before the commit,
    /// and the commit finds the disk full (a real small tmpfs, mounted by the test, which runs as root): StoreFull, and
    /// every table exactly as before (the PostgreSQL counterpart is in PostgresStoreFailureTests).
    /// </summary>
    public sealed class LastChunkFailureTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "bmg-lastchunk-" + Guid.NewGuid().ToString("N"));

        public LastChunkFailureTests() => Directory.CreateDirectory(_folder);

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }

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

        private static (BmgException? Error, DeviceImport Import, bool AtCompletion) Import(IDeviceStore store, string csv)
        {
            var import = new DeviceImport(store, ImportMode.AllOrNothing, dryRun: false, source: "rows.csv");
            try
            {
                foreach (ImportRowResult _ in DeviceCsvFile.ImportRows(import, new StringReader(csv), ',', "rows.csv"))
                {
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

        /// <summary>Every row of every table but the import history (which records the failed attempt), read through a connection of its own.</summary>
        private static Dictionary<string, string> Dump(string path)
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            var tables = new List<string>();
            using (SqliteCommand list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'import_history%' ORDER BY name;";
                using SqliteDataReader reader = list.ExecuteReader();
                while (reader.Read())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            var dump = new Dictionary<string, string>();
            foreach (string table in tables)
            {
                var rows = new List<string>();
                using SqliteCommand select = connection.CreateCommand();
                select.CommandText = $"SELECT * FROM \"{table}\";";
                using SqliteDataReader reader = select.ExecuteReader();
                while (reader.Read())
                {
                    var cells = new string[reader.FieldCount];
                    for (int i = 0; i < cells.Length; i++)
                    {
                        cells[i] = reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i) is byte[] bytes ? Convert.ToBase64String(bytes) : reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
                    }

                    rows.Add(string.Join("\u001f", cells));
                }

                rows.Sort(StringComparer.Ordinal);
                dump[table] = string.Join("\n", rows);
            }

            return dump;
        }

        [Fact]
        public void A_full_disk_at_the_commit_of_the_last_chunk_is_StoreFull_and_leaves_every_table_as_it_was()
        {
            string disk = Path.Combine(_folder, "disk");
            Directory.CreateDirectory(disk);
            Run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk);
            try
            {
                string path = Path.Combine(disk, "store.db");
                using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
                {
                    (BmgException? first, _, _) = Import(store, "Identifier,OS,DisplayName\nkeep1,ios,Kept one\nkeep2,android,Kept two\n");
                    Assert.Null(first);
                }

                SqliteConnection.ClearAllPools();
                Dictionary<string, string> before = Dump(path);
                Assert.Contains("keep1", before["devices"], StringComparison.Ordinal);
                long free = new DriveInfo(disk).AvailableFreeSpace;
                File.WriteAllBytes(Path.Combine(disk, "filler"), new byte[Math.Max(0, free - 300 * 1024)]);

                var text = new StringBuilder("Identifier,OS,DisplayName,Description\n");
                for (int i = 0; i < ImportChunk.Rows; i++)
                {
                    text.Append("last").Append(i).Append(",ios,Name ").Append(i).Append(',').Append('d', 400).Append('\n');
                }

                using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
                {
                    (BmgException? error, DeviceImport import, bool atCompletion) = Import(store, text.ToString());
                    import.Dispose();
                    Assert.NotNull(error);
                    Assert.Equal(ErrorIds.StoreFull, error!.ErrorId);
                    Assert.True(atCompletion, "the failure came at the last chunk or the commit, not before");
                }

                SqliteConnection.ClearAllPools();
                Assert.Equal(before, Dump(path));
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                Run("umount", "-l", disk);
            }
        }
    }
}
