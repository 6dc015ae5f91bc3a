using System;
using System.IO;
using System.Linq;
using BizMobileGo.Core.Tests.Store;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using Microsoft.Data.Sqlite;
using Xunit;

namespace BizMobileGo.Core.Tests.Reliability
{
    /// <summary>
    /// Store files the module did not just make: a real version-1 file (tests/corpus/stores/version1.db, built by
    /// New-Version1Store.ps1 with only migration 1 applied) and damaged files. Newer-version, random-bytes, text and
    /// foreign files are covered by Store/SqliteDeviceStoreTests.
    /// </summary>
    public sealed class StoreFileTests : IDisposable
    {
        private readonly TestStoreFolder _folder = new TestStoreFolder("bmg-storefile-");

        public void Dispose() => _folder.Dispose();

        private static long Scalar(string path, string sql)
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        [Fact]
        public void The_committed_file_really_is_version_1()
        {
            string path = _folder.CopyOfVersion1Store();
            Assert.Equal(1, Scalar(path, "PRAGMA user_version;"));
            Assert.Equal(SqliteSchema.ApplicationId, Scalar(path, "PRAGMA application_id;"));
            Assert.Equal(0, Scalar(path, "SELECT count(*) FROM sqlite_master WHERE name = 'import_history';"));
        }

        [Fact]
        public void A_version_1_file_is_migrated_on_open_and_keeps_every_row()
        {
            string path = _folder.CopyOfVersion1Store();
            using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
            {
                var devices = store.GetDevices().ToList();
                Assert.Equal(new[] { "apple001", "apple002" }, devices.Select(d => d.Identifier));
                Assert.Equal("AAABBBCCCDDD", devices[0].Serial);
                Assert.Equal(new[] { "Sales" }, devices[0].DeviceTags);
                Assert.Equal("yamada", devices[0].UserName);
                Assert.Equal("BBBCCCDDDAAA", devices[1].DepDevice);
                Assert.Equal(new[] { "org-sales" }, store.GetUser("yamada")!.Organizations);
                Assert.Single(store.GetCheckInEmails());
                Assert.Single(store.GetDepDevices());
                Assert.Empty(store.GetImportHistory(null));

                // The new table of migration 2 works: an import writes its history row.
                using (var import = new DeviceImport(store, ImportMode.AllOrNothing, dryRun: false, source: "v1-test"))
                {
                    Assert.True(import.Complete().Committed);
                }

                Assert.Single(store.GetImportHistory(null));
            }

            Assert.Equal(SqliteSchema.CurrentVersion, Scalar(path, "PRAGMA user_version;"));
            Assert.Equal("ok", IntegrityCheck(path));
        }

        // 300 users of ~700 bytes: a store that spans many pages, so a cut or a zeroed page lands inside its data.
        private static void WriteUsersOverManyPages(string path)
        {
            using SqliteDeviceStore store = SqliteDeviceStore.Open(path);
            using IStoreTransaction transaction = store.BeginTransaction();
            for (int i = 0; i < 300; i++)
            {
                store.InsertUser(new Users.User { UserName = "user" + i, Name = new string('n', 200), UserDescription = new string('d', 500) });
            }

            transaction.Commit();
        }

        private static string IntegrityCheck(string path)
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check;";
            return (string)command.ExecuteScalar()!;
        }

        [Theory]
        [InlineData(0.5)]
        [InlineData(0.25)]
        [InlineData(0.05)]
        public void A_truncated_file_gives_a_store_error_not_a_raw_SQLite_exception(double keep)
        {
            string path = _folder.PathOf("truncated.db");
            WriteUsersOverManyPages(path);

            SqliteConnection.ClearAllPools();
            using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                using SqliteCommand checkpoint = connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;";
                checkpoint.ExecuteNonQuery();
            }

            byte[] bytes = File.ReadAllBytes(path);
            Assert.True(bytes.Length > 100_000, "the store should span many pages");
            File.WriteAllBytes(path, bytes.Take((int)(bytes.Length * keep)).ToArray());

            // Opening may succeed (the header is intact); using the store must then fail with the store's own error.
            Exception? failure = Record.Exception(() =>
            {
                using SqliteDeviceStore store = SqliteDeviceStore.Open(path);
                _ = store.GetUsers().Count();
            });
            Assert.NotNull(failure);
            BmgException error = Assert.IsType<BmgException>(failure);
            // The header still counts every page: the file is damaged, and says so (walkthrough 33b, 3), whether SQLite or the
            // open's own length check finds it.
            Assert.Equal(ErrorIds.StoreDamaged, error.ErrorId);
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Contains("It was not changed.", error.Message, StringComparison.Ordinal);
            Assert.Equal(bytes.Take((int)(bytes.Length * keep)).ToArray(), File.ReadAllBytes(path));
        }

        [Fact]
        public void A_stop_before_the_file_check_ends_the_verify_as_stopped_not_with_the_checks_finding()
        {
            // Walkthrough 34b / fixb34: Test-BmgHistory's file check (PRAGMA quick_check, seconds on a 1,000,000-device file) did
            // not heed a Ctrl+C; only the chain's walk after it did. A stop given before the verify ends it before the check:
            // here the check would find the zeroed page (StoreDamaged). During the check, the stop interrupts it (by hand:
            // PERFORMANCE.md, thirty-fifth round, big35).
            string path = _folder.PathOf("damaged.db");
            WriteUsersOverManyPages(path);

            SqliteConnection.ClearAllPools();
            long root;
            int pageSize;
            using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                using SqliteCommand checkpoint = connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;";
                checkpoint.ExecuteNonQuery();
                checkpoint.CommandText = "SELECT rootpage FROM sqlite_master WHERE name = 'users';";
                root = Convert.ToInt64(checkpoint.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
                checkpoint.CommandText = "PRAGMA page_size;";
                pageSize = Convert.ToInt32(checkpoint.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }

            SqliteConnection.ClearAllPools();
            using (FileStream file = File.Open(path, FileMode.Open, FileAccess.ReadWrite))
            {
                file.Position = (root - 1) * pageSize;
                file.Write(new byte[pageSize], 0, pageSize);
            }

            using SqliteDeviceStore damaged = SqliteDeviceStore.Open(path);
            using var stop = new System.Threading.CancellationTokenSource();
            stop.Cancel();
            Assert.Throws<OperationCanceledException>(() => new Core.History.ChangeHistory(damaged, new Core.History.HistoryWalk(stop.Token)).Verify());
            BmgException found = Assert.Throws<BmgException>(() => new Core.History.ChangeHistory(damaged).Verify());
            Assert.Equal(ErrorIds.StoreDamaged, found.ErrorId);
        }
    }
}
