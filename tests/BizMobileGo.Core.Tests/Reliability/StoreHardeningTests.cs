using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using BizMobileGo.Core.Tests.Store;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Export;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;
using Microsoft.Data.Sqlite;
using Xunit;

namespace BizMobileGo.Core.Tests.Reliability
{
    /// <summary>
    /// Issue 9, points 1, 6, 7, 13, 14 and 15: the store file, the paths that lead to it, the files that
    /// hold codes, and the messages. Real files, real links, a real FIFO and device, and real small
    /// file systems (tmpfs, mounted by these tests, which run as root).
    /// </summary>
    public sealed class StoreHardeningTests : IDisposable
    {
        private readonly TestStoreFolder _folder = new TestStoreFolder("bmg-hardening-");

        public void Dispose() => _folder.Dispose();

        private string PathOf(string name) => _folder.PathOf(name);

        private static Device NewDevice(string identifier) => new Device
        {
            Identifier = identifier,
            PlainCode = "Code1" + identifier,
            OS = "ios",
            State = DeviceState.Registered,
            CreatedAt = DateTimeOffset.UnixEpoch,
            SavedAt = DateTimeOffset.UnixEpoch,
        };

        private string StoreWithOneDevice(string path)
        {
            using SqliteDeviceStore store = SqliteDeviceStore.Open(path);
            store.InsertDevice(NewDevice("keep001"));
            return store.Location;
        }

        private static string Run(string file, params string[] arguments) => TestProcess.Run(file, arguments);

        private static BmgException Refused(Action action, string errorId)
        {
            BmgException e = Assert.Throws<BmgException>(action);
            Assert.Equal(errorId, e.ErrorId);
            return e;
        }

        // ---- 9.1 export onto the store through an alias ----

        [Fact]
        public void Point_9_1_export_through_a_symlinked_folder_onto_the_store_is_refused_and_the_store_kept()
        {
            string store = StoreWithOneDevice(PathOf("real/store.db"));
            string alias = PathOf("alias");
            File.CreateSymbolicLink(alias, PathOf("real"));
            byte[] before = File.ReadAllBytes(store);

            using SqliteDeviceStore open = SqliteDeviceStore.Open(store);
            BmgException e = Refused(() => new DeviceCsvExport(open).WriteFile(Path.Combine(alias, "store.db"), new UTF8Encoding(true)), ErrorIds.PathIsStore);
            Assert.Contains("store", e.Message, StringComparison.Ordinal);
            Assert.Equal("keep001", open.GetDevice("keep001")?.Identifier);
            SqliteConnection.ClearAllPools();
            Assert.Equal(before.Length, new FileInfo(store).Length);
        }

        [Fact]
        public void Point_9_1_a_hard_link_or_a_file_link_to_the_store_is_the_store()
        {
            string store = StoreWithOneDevice(PathOf("store.db"));
            Run("ln", store, PathOf("hard.db"));
            File.CreateSymbolicLink(PathOf("soft.csv"), store);
            using SqliteDeviceStore open = SqliteDeviceStore.Open(store);
            Refused(() => new DeviceCsvExport(open).WriteFile(PathOf("hard.db"), Encoding.UTF8), ErrorIds.PathIsStore);
            Refused(() => new DeviceCsvExport(open).WriteFile(PathOf("soft.csv"), Encoding.UTF8), ErrorIds.PathIsStore);
            Assert.Equal("keep001", open.GetDevice("keep001")?.Identifier);
        }

        [Theory]
        [InlineData("-wal")]
        [InlineData("-shm")]
        [InlineData("-journal")]
        public void Point_9_1_the_stores_companion_files_are_refused_whether_or_not_they_exist(string suffix)
        {
            string store = StoreWithOneDevice(PathOf("real/store.db"));
            File.CreateSymbolicLink(PathOf("alias"), PathOf("real"));
            using SqliteDeviceStore open = SqliteDeviceStore.Open(store);
            Refused(() => new DeviceCsvExport(open).WriteFile(store + suffix, Encoding.UTF8), ErrorIds.PathIsStore);
            Refused(() => new DeviceCsvExport(open).WriteFile(PathOf("alias/store.db") + suffix, Encoding.UTF8), ErrorIds.PathIsStore);
            Assert.False(File.Exists(store + "-journal"));
            Assert.Equal("keep001", open.GetDevice("keep001")?.Identifier);
        }

        [Fact]
        public void Point_9_1_on_Linux_another_case_is_another_file_and_may_be_written()
        {
            if (!OperatingSystem.IsLinux())
            {
                return;
            }

            string store = StoreWithOneDevice(PathOf("store.db"));
            using SqliteDeviceStore open = SqliteDeviceStore.Open(store);
            DeviceCsvExportSummary summary = new DeviceCsvExport(open).WriteFile(PathOf("STORE.DB"), new UTF8Encoding(true));
            Assert.Equal(1, summary.Devices);
            Assert.Equal(string.Join(",", DeviceCsvExport.Header), File.ReadAllLines(PathOf("STORE.DB"))[0].TrimStart('\uFEFF'));
            Assert.Equal("keep001", open.GetDevice("keep001")?.Identifier);
        }

        // ---- 9.6 files that hold codes are 0600 from the first byte ----

        private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
            UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

        /// <summary>
        /// Stats every file in <paramref name="folder"/> as fast as it can while <paramref name="work"/> runs; returns every
        /// mode seen. The work is given what was seen so far, so that it can go on until the watcher saw a passing file: the
        /// watcher thread is scheduled beside it, and on a loaded machine a fixed number of rounds may all pass unseen.
        /// </summary>
        [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
        private static ConcurrentBag<(string File, UnixFileMode Mode)> Watch(string folder, Action<ConcurrentBag<(string File, UnixFileMode Mode)>> work)
        {
            var seen = new ConcurrentBag<(string, UnixFileMode)>();
            using var stop = new CancellationTokenSource();
            var watcher = new Thread(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    foreach (string file in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories))
                    {
                        try
                        {
                            seen.Add((file, File.GetUnixFileMode(file)));
                        }
                        catch (IOException)
                        {
                            // Gone between listing and stat (the temporary file moved into place).
                        }
                    }
                }
            });
            watcher.Start();
            try
            {
                work(seen);
            }
            finally
            {
                stop.Cancel();
                watcher.Join();
            }

            return seen;
        }

        [Fact]
        public void Point_9_6_a_new_store_and_its_new_folder_are_private_from_the_first_byte()
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            string folder = PathOf("watched");
            Directory.CreateDirectory(folder);
            string store = Path.Combine(folder, "new", "store.db");
            var seen = Watch(folder, sofar =>
            {
                // Five stores at least; more until the watcher has seen one being made (the guard only stops a hung test).
                for (int i = 0; i < 5 || (i < 200 && !sofar.Any(s => s.File.EndsWith(".new", StringComparison.Ordinal))); i++)
                {
                    using SqliteDeviceStore open = SqliteDeviceStore.Open(store + i);
                    open.InsertDevice(NewDevice("d" + i));
                }
            });

            Assert.Contains(seen, s => s.File.EndsWith(".new", StringComparison.Ordinal)); // the watcher did see the files being made
            Assert.All(seen.Where(s => !Directory.Exists(s.File) || s.File == Path.Combine(folder, "new")), s =>
                Assert.True((s.Mode & GroupOrOther) == 0, $"{s.File} was seen with mode {s.Mode}"));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(folder, "new")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store + "0"));
        }

        [Fact]
        public void Point_9_6_an_export_is_private_from_the_first_byte_under_a_permissive_umask()
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            string store = PathOf("store.db");
            using SqliteDeviceStore open = SqliteDeviceStore.Open(store);
            using (IStoreTransaction transaction = open.BeginTransaction())
            {
                for (int i = 0; i < 20000; i++)
                {
                    open.InsertDevice(NewDevice("dev" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)));
                }

                transaction.Commit();
            }

            string output = PathOf("out");
            Directory.CreateDirectory(output);
            File.SetUnixFileMode(output, (UnixFileMode)Convert.ToInt32("777", 8));
            var seen = Watch(output, sofar =>
            {
                // Three exports at least; more until the watcher has seen one being written (the guard only stops a hung test).
                for (int i = 0; i < 3 || (i < 50 && !sofar.Any(s => s.File.EndsWith(".tmp", StringComparison.Ordinal))); i++)
                {
                    new DeviceCsvExport(open).WriteFile(Path.Combine(output, "devices.csv"), new UTF8Encoding(true));
                }
            });

            Assert.Contains(seen, s => s.File.EndsWith(".tmp", StringComparison.Ordinal));
            Assert.All(seen, s => Assert.True((s.Mode & GroupOrOther) == 0, $"{s.File} was seen with mode {s.Mode}"));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(output, "devices.csv")));
        }

        // ---- 9.7 only a file this module creates becomes a store ----

        [Fact]
        public void Point_9_7_an_existing_empty_file_is_refused_and_left_as_it_was()
        {
            string path = PathOf("planted.db");
            File.WriteAllBytes(path, Array.Empty<byte>());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("666", 8));
            }

            BmgException e = Refused(() => SqliteDeviceStore.Open(path), ErrorIds.StoreFileEmpty);
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
            Assert.Equal(0, new FileInfo(path).Length);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal((UnixFileMode)Convert.ToInt32("666", 8), File.GetUnixFileMode(path));
            }
        }

        [Fact]
        public void Point_9_7_a_file_of_another_user_is_refused_and_not_changed()
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            string store = StoreWithOneDevice(PathOf("theirs.db"));
            string empty = PathOf("their-empty.db");
            File.WriteAllBytes(empty, Array.Empty<byte>());
            Run("chown", "nobody", store, empty);
            byte[] before = File.ReadAllBytes(store);
            UnixFileMode mode = File.GetUnixFileMode(store);

            Refused(() => SqliteDeviceStore.Open(store), ErrorIds.StoreOwnedByAnotherUser);
            Refused(() => SqliteDeviceStore.Open(empty), ErrorIds.StoreOwnedByAnotherUser);
            Assert.Equal(before, File.ReadAllBytes(store));
            Assert.Equal(mode, File.GetUnixFileMode(store));
        }

        [Fact]
        public void Point_9_7_the_null_device_a_FIFO_and_links_to_them_are_refused_and_never_chmod_ed()
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            UnixFileMode nullMode = File.GetUnixFileMode("/dev/null");
            Refused(() => SqliteDeviceStore.Open("/dev/null"), ErrorIds.StoreNotAFile);
            Assert.Equal(nullMode, File.GetUnixFileMode("/dev/null"));

            string fifo = PathOf("fifo");
            Run("mkfifo", fifo);
            Refused(() => SqliteDeviceStore.Open(fifo), ErrorIds.StoreNotAFile); // and does not hang opening it

            File.CreateSymbolicLink(PathOf("to-null.db"), "/dev/null");
            File.CreateSymbolicLink(PathOf("to-fifo.db"), fifo);
            File.WriteAllBytes(PathOf("empty.db"), Array.Empty<byte>());
            File.CreateSymbolicLink(PathOf("to-empty.db"), PathOf("empty.db"));
            File.CreateSymbolicLink(PathOf("to-nothing.db"), PathOf("nothing-here.db"));
            Refused(() => SqliteDeviceStore.Open(PathOf("to-null.db")), ErrorIds.StoreNotAFile);
            Refused(() => SqliteDeviceStore.Open(PathOf("to-fifo.db")), ErrorIds.StoreNotAFile);
            Refused(() => SqliteDeviceStore.Open(PathOf("to-empty.db")), ErrorIds.StoreFileEmpty);
            Refused(() => SqliteDeviceStore.Open(PathOf("to-nothing.db")), ErrorIds.StoreNotAFile);
            Assert.False(File.Exists(PathOf("nothing-here.db")), "a dangling link must not create its target");
            Assert.Equal(nullMode, File.GetUnixFileMode("/dev/null"));
        }

        [Fact]
        public void Point_9_7_a_link_to_a_real_store_still_opens_it()
        {
            string store = StoreWithOneDevice(PathOf("store.db"));
            File.CreateSymbolicLink(PathOf("link.db"), store);
            using SqliteDeviceStore open = SqliteDeviceStore.Open(PathOf("link.db"));
            Assert.Equal("keep001", open.GetDevice("keep001")?.Identifier);
        }

        [Fact]
        public void Point_9_7_two_processes_making_the_same_new_store_at_once_share_one_store()
        {
            string path = PathOf("race/store.db");
            var stores = Enumerable.Range(0, 4).AsParallel().Select(i =>
            {
                using SqliteDeviceStore open = SqliteDeviceStore.Open(path);
                open.InsertTemplate(new Template("T" + i));
                return open.Location;
            }).ToList();
            using SqliteDeviceStore check = SqliteDeviceStore.Open(path);
            Assert.Equal(4, check.GetTemplates().Count);
            Assert.Empty(Directory.GetFiles(PathOf("race"), "*.new"));
        }

        // ---- 9.13 paths that can't be a store ----

        [Theory]
        [InlineData("store\0.db")]
        [InlineData("\0")]
        public void Point_9_13_NUL_in_the_store_path_is_a_clean_error(string path)
        {
            BmgException e = Refused(() => SqliteDeviceStore.Open(Path.Combine(_folder.Path, path)), ErrorIds.InvalidStorePath);
            Assert.Equal(BmgErrorCategory.InvalidArgument, e.Category);
            Assert.DoesNotContain("\0", e.Message, StringComparison.Ordinal);
            Assert.Contains("NUL", e.Message, StringComparison.Ordinal);
        }

        // ---- 9.14 echoed values are capped ----

        [Fact]
        public void Point_9_14_a_huge_value_is_capped_in_the_message_keeping_the_rule_and_the_path()
        {
            string huge = new string('x', 20 * 1024 * 1024);
            string path = "/" + string.Join("/", Enumerable.Repeat("folder", 30)) + "/store.db";
            string message = MessageText.Capped($"Line 3: DisplayName value '{huge}' is not valid: must be at most 256 characters. Store '{path}'.");
            Assert.True(message.Length < 600, $"{message.Length} characters");
            Assert.Contains("'" + new string('x', MessageText.MaxEchoed) + "…'", message, StringComparison.Ordinal);
            Assert.Contains("must be at most 256 characters", message, StringComparison.Ordinal);
            Assert.Contains(path, message, StringComparison.Ordinal);

            // Apostrophes inside words are not quotes: the module's own text around them is kept whole.
            string prose = "can't be used because it's too long; the rule text after the value must survive whole, however long it is, and it is long.";
            string withApostrophes = MessageText.Capped($"The store '{path}' {prose} Value '{huge}' isn't valid.");
            Assert.Contains(prose, withApostrophes, StringComparison.Ordinal);
            Assert.EndsWith("…' isn't valid.", withApostrophes, StringComparison.Ordinal);

            // Quotes that don't pair up, and a value without quotes at all: still bounded.
            Assert.True(MessageText.Capped("value 'O'Brien" + huge + "' is bad").Length <= MessageText.MaxMessage + 1);
            Assert.True(MessageText.Capped("value " + huge).Length <= MessageText.MaxMessage + 1);
            Assert.True(new BmgException("X", BmgErrorCategory.InvalidData, $"value '{huge}' is bad").Message.Length < 200);
            Assert.True(new RecordError("X", BmgErrorCategory.InvalidData, $"value '{huge}' is bad").Message.Length < 200);

            // A surrogate pair at the cut is not split.
            string emoji = string.Concat(Enumerable.Repeat("\U0001F600", 80));
            string cut = MessageText.Capped($"value '{emoji}' is bad");
            for (int i = 0; i < cut.Length; i++)
            {
                Assert.False(char.IsHighSurrogate(cut[i]) && (i + 1 == cut.Length || !char.IsLowSurrogate(cut[i + 1])), "a lone surrogate at " + i);
                Assert.False(char.IsLowSurrogate(cut[i]) && (i == 0 || !char.IsHighSurrogate(cut[i - 1])), "a lone surrogate at " + i);
            }
        }

        [Fact]
        public void Point_9_14_a_cell_just_under_the_line_limit_does_not_reach_the_error_or_the_history_and_the_store_stays_small()
        {
            string path = PathOf("store.db");
            using SqliteDeviceStore store = SqliteDeviceStore.Open(path);
            store.InsertTemplate(new Template("Standard"));
            long sizeBefore = new FileInfo(path).Length;
            // A longer line stops the import as MalformedCsv (the 1 MB line limit, 9.12) before any field rule sees it.
            string huge = new string('x', CsvDecodingReader.MaxLineLength - 100);
            string csv = "Identifier,OS,DisplayName\nbig001,ios,\"" + huge + "\"\n" + huge + ",ios,fine\n";
            ImportSummary summary;
            using (var import = new DeviceImport(store, ImportMode.AllOrNothing, dryRun: false, source: "huge.csv"))
            {
                var results = DeviceCsvFile.ImportRows(import, new StringReader(csv), ',', "huge.csv").ToList();
                Assert.All(results.SelectMany(r => r.GetErrors()), error => Assert.True(error.Message.Length < 1000, error.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                summary = import.Complete();
            }

            Assert.False(summary.Committed);
            ImportHistoryEntry history = store.GetImportHistory(summary.HistoryId).Single();
            Assert.NotEmpty(history.Errors);
            Assert.All(history.Errors, error =>
            {
                Assert.True(error.Message.Length < 1000, error.Message);
                Assert.True((error.Identifier?.Length ?? 0) <= MessageText.MaxEchoed + 1);
            });
            store.Dispose();
            SqliteConnection.ClearAllPools();
            long walSize = File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0;
            Assert.True(new FileInfo(path).Length + walSize < sizeBefore + 1024 * 1024, "the failed attempt must not grow the store by the cell's size");
        }

        // ---- 9.15 a full disk and read-only media, on real small file systems ----

        // Tmpfs, TestImports.Csv and TestImports.ImportCsv: RealFailureHelpers.cs (shared with the PostgreSQL store's failure tests).

        [Fact]
        public void Point_9_15_disk_full_mid_import_is_StoreFull_the_store_unchanged_and_the_attempt_recorded()
        {
            using var disk = new Tmpfs(PathOf("small"), "2m");
            string path = System.IO.Path.Combine(disk.Path, "store.db");
            using SqliteDeviceStore store = SqliteDeviceStore.Open(path);
            store.InsertTemplate(new Template("Standard"));
            store.InsertDevice(NewDevice("keep001"));

            (BmgException? error, _, _) = TestImports.ImportCsv(store, TestImports.Csv("dev", 20000));
            Assert.NotNull(error);
            Assert.Equal(ErrorIds.StoreFull, error!.ErrorId);
            Assert.Contains("the disk holding the store", error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(new[] { "keep001" }, store.GetDevices().Select(d => d.Identifier));
            ImportHistoryEntry attempt = Assert.Single(store.GetImportHistory(null));
            Assert.False(attempt.Committed);
            Assert.Contains(attempt.Errors, e => e.ErrorId == ErrorIds.StoreFull);
            Assert.Equal("ok", IntegrityCheck(path));
        }

        private static string IntegrityCheck(string path)
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check;";
            return (string)command.ExecuteScalar()!;
        }

        [Fact]
        public void Point_9_15_a_full_disk_at_the_commit_of_the_last_chunk_is_StoreFull_and_leaves_every_table_as_it_was()
        {
            // The only chunk — the last — fits the page cache, so nothing reaches the file before the commit, and the
            // commit finds the disk full (the PostgreSQL counterpart is in PostgresStoreFailureTests).
            using var disk = new Tmpfs(PathOf("last"), "1m");
            string path = System.IO.Path.Combine(disk.Path, "store.db");
            using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
            {
                Assert.Null(TestImports.ImportCsv(store, "Identifier,OS,DisplayName\nkeep1,ios,Kept one\nkeep2,android,Kept two\n").Error);
            }

            SqliteConnection.ClearAllPools();
            Dictionary<string, string> before = TablesBut("import_history", path);
            Assert.Contains("keep1", before["devices"], StringComparison.Ordinal);
            long free = new DriveInfo(disk.Path).AvailableFreeSpace;
            File.WriteAllBytes(System.IO.Path.Combine(disk.Path, "filler"), new byte[Math.Max(0, free - 300 * 1024)]);

            using (SqliteDeviceStore store = SqliteDeviceStore.Open(path))
            {
                (BmgException? error, _, int rowsPlanned) = TestImports.ImportCsv(store, TestImports.Csv("last", ImportChunk.Rows));
                Assert.NotNull(error);
                Assert.Equal(ErrorIds.StoreFull, error!.ErrorId);
                Assert.True(rowsPlanned == ImportChunk.Rows, "the failure came at the last chunk or the commit, not before");
            }

            SqliteConnection.ClearAllPools();
            Assert.Equal(before, TablesBut("import_history", path));
        }

        /// <summary>Every row of every table whose name does not start with <paramref name="except"/> (the import history records the failed attempt; its sqlite_sequence row with it), read through a connection of its own.</summary>
        private static Dictionary<string, string> TablesBut(string except, string path)
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            var tables = new List<string>();
            using (SqliteCommand list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE $except || '%' ORDER BY name;";
                list.Parameters.AddWithValue("$except", except);
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
                // sqlite_sequence's row of an excepted table (its AUTOINCREMENT mark, migration 17) goes with the table.
                select.CommandText = table == "sqlite_sequence"
                    ? "SELECT * FROM sqlite_sequence WHERE name NOT LIKE $except || '%';"
                    : $"SELECT * FROM \"{table}\";";
                select.Parameters.AddWithValue("$except", except);
                using SqliteDataReader reader = select.ExecuteReader();
                while (reader.Read())
                {
                    var cells = new string[reader.FieldCount];
                    for (int i = 0; i < cells.Length; i++)
                    {
                        object value = reader.GetValue(i);
                        cells[i] = reader.IsDBNull(i) ? "NULL" : Convert.ToString(value is byte[] bytes ? Convert.ToBase64String(bytes) : value, System.Globalization.CultureInfo.InvariantCulture)!;
                    }

                    rows.Add(string.Join("\u001f", cells));
                }

                rows.Sort(StringComparer.Ordinal);
                dump[table] = string.Join("\n", rows);
            }

            return dump;
        }

        [Fact]
        public void Point_9_15_a_completely_full_disk_still_reads_and_refuses_writes_with_StoreFull()
        {
            using var disk = new Tmpfs(PathOf("full"), "1m");
            string path = System.IO.Path.Combine(disk.Path, "store.db");
            StoreWithOneDevice(path);
            SqliteConnection.ClearAllPools();
            try
            {
                File.WriteAllBytes(System.IO.Path.Combine(disk.Path, "filler"), new byte[2 * 1024 * 1024]);
            }
            catch (IOException)
            {
                // No space left on device: exactly what this test wants.
            }

            using SqliteDeviceStore store = SqliteDeviceStore.Open(path);
            Assert.Equal("keep001", store.GetDevice("keep001")?.Identifier);
            BmgException e = Assert.Throws<BmgException>(() =>
            {
                using IStoreTransaction transaction = store.BeginTransaction();
                store.InsertTemplate(new Template("More"));
                transaction.Commit();
            });
            Assert.Equal(ErrorIds.StoreFull, e.ErrorId);
        }

        [Fact]
        public void Point_9_15_a_store_on_read_only_media_can_be_read_and_a_write_is_StoreReadOnly()
        {
            using var disk = new Tmpfs(PathOf("media"), "4m");
            string path = System.IO.Path.Combine(disk.Path, "store.db");
            StoreWithOneDevice(path);
            SqliteConnection.ClearAllPools();
            disk.ReadOnly();

            using SqliteDeviceStore store = SqliteDeviceStore.Open(path);
            Assert.Equal("keep001", store.GetDevice("keep001")?.Identifier);
            Assert.Single(store.GetDevices());
            BmgException e = Assert.Throws<BmgException>(() =>
            {
                using IStoreTransaction transaction = store.BeginTransaction();
                store.InsertTemplate(new Template("More"));
                transaction.Commit();
            });
            Assert.Equal(ErrorIds.StoreReadOnly, e.ErrorId);
            Assert.False(File.Exists(path + "-wal"));
        }
    }
}
