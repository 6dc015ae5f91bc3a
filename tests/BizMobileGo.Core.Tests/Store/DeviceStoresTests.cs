using System;
using System.IO;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Files;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;
using Xunit;

namespace BizMobileGo.Core.Tests.Store
{
    /// <summary>The store factory: one place from a location to a store.</summary>
    public sealed class DeviceStoresTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "bmg-factory-" + Guid.NewGuid().ToString("N"));

        [Theory]
        [InlineData("postgresql://admin:S3cret!@127.0.0.1:1/inventory?sslmode=require")]
        [InlineData("POSTGRES://admin:S3cret!@127.0.0.1:1/inventory")]
        [InlineData("postgresql://admin@127.0.0.1:1/inventory?password=S3cret!&sslmode=require")]
        public void AServerThatCanNotBeReachedIsStoreUnavailableWithoutEchoingItsPassword(string location)
        {
            Assert.True(DeviceStores.IsServerLocation(location));
            var e = Assert.Throws<BmgException>(() => DeviceStores.Open(location, StoreUse.Command));

            Assert.Equal(ErrorIds.StoreUnavailable, e.ErrorId);
            Assert.DoesNotContain("S3cret", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("S3cret", e.Target?.ToString() ?? "", StringComparison.Ordinal);
            Assert.Contains("127.0.0.1:1", e.Message, StringComparison.Ordinal); // a port where nothing listens (a name DNS does not know is StoreOpenFailure)
            Assert.False(Directory.Exists(location));
        }

        [Fact]
        public void ACancellationEndsTheConnectToAServerThatAcceptsAndNeverAnswers()
        {
            // A listener that accepts (the kernel completes the handshake) and never sends a byte: a stalled server.
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
                using var stop = new System.Threading.CancellationTokenSource();
                var open = System.Threading.Tasks.Task.Run(() => DeviceStores.Open($"postgresql://someone:S3cret@127.0.0.1:{port}/inventory", StoreUse.Command, stop.Token));
                var deadline = DateTime.UtcNow.AddSeconds(10);
                while (!listener.Pending())
                {
                    Assert.True(DateTime.UtcNow < deadline, "the open never connected");
                    System.Threading.Thread.Sleep(20);
                }

                // Connected, and waiting for the server's first answer; then the stop.
                System.Threading.Thread.Sleep(300);
                Assert.False(open.IsCompleted);
                stop.Cancel();
                // Ended by the stop itself, not by the connect's own end: an open the stop did not end would fail at Npgsql's
                // connect timeout (15 s), and that failure, the stop requested by then, would come as a cancellation carrying
                // the timeout inside. Told by what ended it, not by a wall clock (10 s once stood for "at once"; a loaded
                // machine's stalled test thread could pass it). The 60 s only keeps a broken build from hanging the run.
                Assert.True(((System.IAsyncResult)open).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(60)), "the open never ended");
                var cancelled = Assert.ThrowsAny<OperationCanceledException>(() => open.GetAwaiter().GetResult());
                Assert.Null(cancelled.InnerException);
            }
            finally
            {
                listener.Stop();
            }
        }

        // The hook is not replaced here: other test classes open PostgreSQL stores through it at the same time.
        [Fact]
        public void ServerLocationsOpenThePostgreSqlStore() =>
            Assert.Equal(new Func<string, StoreUse, System.Threading.CancellationToken, System.Action<string?>?, IDeviceStore>(BizMobileGo.Core.Store.Postgres.PostgresDeviceStore.Open), DeviceStores.ServerStoreOpener);

        [Theory]
        [InlineData("/var/lib/bmg/store.db")]
        [InlineData("postgresql.db")]
        [InlineData("C:\\data\\postgres:\\x")]
        [InlineData("C:/data/store.db")]
        [InlineData("Temp:/store.db")]      // a PowerShell drive, written with '/' as PowerShell allows
        [InlineData("TestDrive:/store.db")]
        public void AnythingElseIsAFilePath(string location)
        {
            Assert.False(DeviceStores.IsServerLocation(location));
            Assert.Equal(location, StoreLocation.Redacted(location));
        }

        [Fact]
        public void ASqliteStoreOpenedForACommandIsKeptForTheNextOnlyAfterReading()
        {
            Directory.CreateDirectory(_folder);
            string path = Path.Combine(_folder, "kept.db");
            IDeviceStore first = DeviceStores.Open(path, StoreUse.Command);
            first.GetDevices();
            DeviceStores.Release(first);

            IDeviceStore second = DeviceStores.Open(path, StoreUse.Command);
            try
            {
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Same(first, second);
                }
            }
            finally
            {
                second.Dispose();
            }
        }

        [Fact]
        public void AStoreFileChangedWhileACommandHeldTheKeptStoreIsOpenedAfreshForTheNext()
        {
            if (OperatingSystem.IsWindows())
            {
                return; // Nothing is kept on Windows (no stat(2)): every command opens the store afresh anyway.
            }

            Directory.CreateDirectory(_folder);
            string path = Path.Combine(_folder, "held.db");
            IDeviceStore first = DeviceStores.Open(path, StoreUse.Command);
            first.GetDevices();
            DeviceStores.Release(first);

            // A look-up takes the kept store; while it runs, the file's mode changes (as a chmod by someone else would).
            IDeviceStore lookUp = DeviceStores.Open(path, StoreUse.Read);
            Assert.Same(first, lookUp);
            lookUp.GetDevices();
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.GroupRead);
            DeviceStores.Release(lookUp);

            // The look-up handed the store back with the stamp it was verified against, so the change is seen now.
            IDeviceStore next = DeviceStores.Open(path, StoreUse.Read);
            Assert.NotSame(first, next);
            next.GetDevices();
            DeviceStores.Release(next);

            // The store opened afresh is kept in turn, stamped with the file as it is now.
            IDeviceStore again = DeviceStores.Open(path, StoreUse.Command);
            try
            {
                Assert.Same(next, again);
            }
            finally
            {
                again.Dispose();
            }
        }

        [Fact]
        public void AStoreFileReplacedWhileTheCommandThatOpenedItRanIsOpenedAfreshForTheNext()
        {
            if (OperatingSystem.IsWindows())
            {
                return; // Nothing is kept on Windows (no stat(2)): every command opens the store afresh anyway.
            }

            Directory.CreateDirectory(_folder);
            string path = Path.Combine(_folder, "replaced.db");
            using (SqliteDeviceStore original = SqliteDeviceStore.Open(path))
            {
                original.InsertDeviceTag(new DeviceTag("Original"));
            }

            string replacement = Path.Combine(_folder, "replacement.db");
            using (SqliteDeviceStore other = SqliteDeviceStore.Open(replacement))
            {
                other.InsertDeviceTag(new DeviceTag("Replacement"));
            }

            // Nothing is kept yet, so this look-up opens the store afresh; while it runs, another process moves a new file into place.
            IDeviceStore first = DeviceStores.Open(path, StoreUse.Read);
            Assert.Equal("Original", Assert.Single(first.GetDeviceTags()).Name);
            File.Move(replacement, path, overwrite: true);
            DeviceStores.Release(first);

            // The connection still reads the old, unlinked file: the next command (even one that writes) must not get it.
            IDeviceStore next = DeviceStores.Open(path, StoreUse.Command);
            try
            {
                Assert.NotSame(first, next);
                Assert.Equal("Replacement", Assert.Single(next.GetDeviceTags()).Name);
            }
            finally
            {
                next.Dispose();
            }
        }

        [Fact]
        public void AStoreWhoseFolderChangedBetweenCommandsIsOpenedAfresh()
        {
            if (OperatingSystem.IsWindows())
            {
                return; // Nothing is kept on Windows (no stat(2)): every command opens the store afresh anyway.
            }

            Directory.CreateDirectory(_folder);
            string path = Path.Combine(_folder, "folder.db");
            SqliteDeviceStore.Open(path).Dispose();
            IDeviceStore first = DeviceStores.Open(path, StoreUse.Read);
            first.GetDevices();
            DeviceStores.Release(first);
            IDeviceStore second = DeviceStores.Open(path, StoreUse.Read);
            Assert.Same(first, second);
            DeviceStores.Release(second);

            // The file is untouched; an entry appears beside it (as a -journal or a file moved in would): only the folder's stamp differs.
            // The change time has a clock tick's granularity: wait until the folder's own shows a later one.
            UnixFileStatus before = UnixFileStatus.Of(_folder)!;
            string beside = Path.Combine(_folder, "beside.txt");
            do
            {
                File.Delete(beside);
                File.WriteAllText(beside, "x");
            }
            while (SameChangeTime(before, UnixFileStatus.Of(_folder)!));

            IDeviceStore next = DeviceStores.Open(path, StoreUse.Read);
            try
            {
                Assert.NotSame(first, next);
            }
            finally
            {
                next.Dispose();
            }
        }

        [Fact]
        public void StatOfAPathInLibcFormShowsWhatStatOfItsTextShows()
        {
            if (!UnixFileStatus.IsSupported)
            {
                return;
            }

            Directory.CreateDirectory(_folder);
            string file = Path.Combine(_folder, "a.txt");
            File.WriteAllText(file, "abc");
            UnixFileStatus byText = UnixFileStatus.OfEntry(file)!;
            UnixFileStatus byBytes = UnixFileStatus.OfEntry(UnixFileStatus.NativePath(file))!;
            Assert.True(byText.IsSameFile(byBytes));
            Assert.Equal(byText.Mode, byBytes.Mode);
            Assert.Equal(byText.Owner, byBytes.Owner);
            Assert.Equal(3, byBytes.Size);
            Assert.Equal(UnixFileKind.Regular, byBytes.Kind);
            Assert.Equal((byText.ChangeSeconds, byText.ChangeNanoseconds), (byBytes.ChangeSeconds, byBytes.ChangeNanoseconds));

            // One buffer serves every call: a path that names nothing, then a folder, show nothing of the file stat'ed before.
            Assert.Null(UnixFileStatus.Of(UnixFileStatus.NativePath(Path.Combine(_folder, "missing"))));
            UnixFileStatus folder = UnixFileStatus.Of(UnixFileStatus.NativePath(_folder))!;
            Assert.Equal(UnixFileKind.Directory, folder.Kind);
            Assert.False(folder.IsSameFile(byBytes));
        }

        private static bool SameChangeTime(UnixFileStatus a, UnixFileStatus b) =>
            a.ChangeSeconds == b.ChangeSeconds && a.ChangeNanoseconds == b.ChangeNanoseconds;

        [Fact]
        public void ALookUpReusesTheKeptStoreLikeAnyCommand()
        {
            Directory.CreateDirectory(_folder);
            string path = Path.Combine(_folder, "read.db");
            SqliteDeviceStore.Open(path).Dispose();
            IDeviceStore first = DeviceStores.Open(path, StoreUse.Read);
            first.GetDevices();
            DeviceStores.Release(first);

            IDeviceStore second = DeviceStores.Open(path, StoreUse.Read);
            IDeviceStore third = DeviceStores.Open(path, StoreUse.Command);
            try
            {
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Same(first, second);
                    Assert.NotSame(second, third);
                }
            }
            finally
            {
                third.Dispose();
                second.Dispose();
            }
        }

        // Finding P9: a mistyped -Database for a look-up used to leave new folders and an empty store behind, and showed
        // an empty inventory. A use that only reads (a command's look-up, tab completion) creates nothing.
        [Theory]
        [InlineData(StoreUse.Read, "tyop/sub")]
        [InlineData(StoreUse.Read, "")]
        [InlineData(StoreUse.Lookup, "tyop/sub")]
        [InlineData(StoreUse.Lookup, "")]
        [InlineData(StoreUse.ReadSnapshot, "tyop/sub")]
        [InlineData(StoreUse.ReadSnapshot, "")]
        public void ReadingAStoreThatDoesNotExistIsStoreNotFoundAndCreatesNothing(StoreUse use, string folders)
        {
            Directory.CreateDirectory(_folder);
            string path = Path.Combine(_folder, folders, "devices.db");

            var e = Assert.Throws<BmgException>(() => DeviceStores.Open(path, use));

            Assert.Equal(ErrorIds.StoreNotFound, e.ErrorId);
            Assert.Equal(BmgErrorCategory.ObjectNotFound, e.Category);
            Assert.Equal(path, e.Target);
            Assert.Contains($"'{path}' does not exist", e.Message, StringComparison.Ordinal);
            Assert.Contains("New-BmgDevice", e.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFileSystemEntries(_folder));
        }

        [Fact]
        public void ACommandThatMayWriteStillCreatesTheStoreOnFirstUse()
        {
            string path = Path.Combine(_folder, "new", "devices.db");
            Directory.CreateDirectory(Path.Combine(_folder, "new"));
            IDeviceStore store = DeviceStores.Open(path, StoreUse.Command);
            Assert.NotNull(DeviceStores.NewStoreWarning(store, "-Database"));
            DeviceStores.Release(store);

            Assert.True(File.Exists(path));
            using IDeviceStore read = DeviceStores.Open(path, StoreUse.Lookup);
            Assert.Empty(read.GetDevices());
            Assert.Null(DeviceStores.NewStoreWarning(read, "-Database"));
        }

        // walkthrough 29, 6: -Database ./custmers/acme.db made the folder custmers and an empty store in it, unnoticed. A use
        // that may create the store refuses a folder that is not there, as Out-File does (the per-user default's aside: Pester
        // NewStoreNamed.Tests.ps1), and its dry run refuses so too; nothing is made.
        [Theory]
        [InlineData(StoreUse.Command, "custmers")]
        [InlineData(StoreUse.Command, "tyop/sub")]
        [InlineData(StoreUse.Snapshot, "custmers")]
        public void AStoreThatMayBeCreatedInAFolderThatDoesNotExistIsDirectoryNotFoundAndCreatesNothing(StoreUse use, string folders)
        {
            Directory.CreateDirectory(_folder);
            string path = Path.Combine(_folder, folders, "acme.db");

            var e = Assert.Throws<BmgException>(() => DeviceStores.Open(path, use));

            Assert.Equal(ErrorIds.DirectoryNotFound, e.ErrorId);
            Assert.Equal(BmgErrorCategory.ObjectNotFound, e.Category);
            Assert.Equal(path, e.Target);
            Assert.Contains($"The store '{path}' can't be created: the folder '{Path.GetDirectoryName(path)}' does not exist", e.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFileSystemEntries(_folder));
        }

        [Fact]
        public void AStoreWhoseFolderIsAFileIsDirectoryNotFoundSayingSo()
        {
            Directory.CreateDirectory(_folder);
            string file = Path.Combine(_folder, "customers");
            File.WriteAllText(file, "not a folder");

            var e = Assert.Throws<BmgException>(() => DeviceStores.Open(Path.Combine(file, "acme.db"), StoreUse.Command));

            Assert.Equal(ErrorIds.DirectoryNotFound, e.ErrorId);
            Assert.Contains($"'{file}' is not a folder", e.Message, StringComparison.Ordinal);
            Assert.Equal("not a folder", File.ReadAllText(file));
        }

        // walkthrough 29, 9: a store file piped (Get-ChildItem ./tanaka.db | Get-BmgDevice) is told to use -Database; only a
        // file with SQLite's header and the module's application_id is taken for a store.
        [Fact]
        public void AStoreFileIsRecognisedByItsHeaderAndApplicationId()
        {
            Directory.CreateDirectory(_folder);
            string store = Path.Combine(_folder, "tanaka.db");
            DeviceStores.Release(DeviceStores.Open(store, StoreUse.Command));
            OpenStores.CloseAll();
            string other = Path.Combine(_folder, "other.db");
            using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={other};Pooling=False"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA application_id = 7; CREATE TABLE t (x);";
                command.ExecuteNonQuery();
            }

            string csv = Path.Combine(_folder, "tanaka.csv");
            File.WriteAllText(csv, "Identifier,OS\nipad-1,ios\n");

            Assert.True(StoreFile.LooksLikeStore(store));
            Assert.True(StoreFile.LooksLikeStore(TestStoreFolder.CopyOfVersion1StoreIn(_folder)));
            Assert.False(StoreFile.LooksLikeStore(other));
            Assert.False(StoreFile.LooksLikeStore(csv));
            Assert.False(StoreFile.LooksLikeStore(Path.Combine(_folder, "missing.db")));
            Assert.False(StoreFile.LooksLikeStore(_folder));
        }

        // The new store is news of the command that made it only: kept open and taken again, it was there.
        [Fact]
        public void AStoreIsNewOnlyForTheUseThatMadeIt()
        {
            Directory.CreateDirectory(_folder);
            string path = Path.Combine(_folder, "acme.db");
            IDeviceStore dryRun = DeviceStores.Open(path, StoreUse.Snapshot);
            Assert.Contains("the real run would create a new, empty store", DeviceStores.NewStoreWarning(dryRun, "-Database"), StringComparison.Ordinal);
            DeviceStores.Release(dryRun);
            Assert.False(File.Exists(path));

            IDeviceStore made = DeviceStores.Open(path, StoreUse.Command);
            Assert.Equal($"Created a new, empty store at '{path}' (-Database): no store was there. If you meant an existing store, check the path "
                + "(a relative path is resolved against the current location); the new store can be deleted.", DeviceStores.NewStoreWarning(made, "-Database"));
            DeviceStores.Release(made);

            IDeviceStore again = DeviceStores.Open(path, StoreUse.Command);
            Assert.Null(DeviceStores.NewStoreWarning(again, "-Database"));
            DeviceStores.Release(again);
        }

        // The dry run of a reader refuses what its real run refuses (a missing store), and otherwise reads the store as
        // -WhatIf does: a private copy, so the file is only read.
        [Fact]
        public void TheDryRunOfAReaderReadsAStoreThatIsThere()
        {
            string path = Path.Combine(_folder, "there.db");
            using (SqliteDeviceStore made = SqliteDeviceStore.Open(path))
            {
                made.InsertDeviceTag(new DeviceTag("dry-1"));
            }

            byte[] before = File.ReadAllBytes(path);
            using (IDeviceStore dryRun = DeviceStores.Open(path, StoreUse.ReadSnapshot))
            {
                Assert.Equal("dry-1", Assert.Single(dryRun.GetDeviceTags()).Name);
            }

            Assert.Equal(before, File.ReadAllBytes(path));
        }

        [Fact]
        public void AKeptStoreWhoseFileWasDeletedIsNotFoundByTheNextLookUp()
        {
            if (OperatingSystem.IsWindows())
            {
                return; // Nothing is kept on Windows.
            }

            Directory.CreateDirectory(_folder);
            string path = Path.Combine(_folder, "deleted.db");
            DeviceStores.Release(DeviceStores.Open(path, StoreUse.Command));
            IDeviceStore first = DeviceStores.Open(path, StoreUse.Read);
            first.GetDevices();
            DeviceStores.Release(first);
            foreach (string file in Directory.GetFiles(_folder))
            {
                File.Delete(file);
            }

            var e = Assert.Throws<BmgException>(() => DeviceStores.Open(path, StoreUse.Read));

            Assert.Equal(ErrorIds.StoreNotFound, e.ErrorId);
            Assert.Empty(Directory.GetFileSystemEntries(_folder));
        }

        [Fact]
        public void TheEmptyStoreInPlaceOfAMissingOneReadsAsEmptyAndCreatesNothing()
        {
            Directory.CreateDirectory(_folder);
            string path = Path.Combine(_folder, "missing", "devices.db");

            using (IDeviceStore empty = DeviceStores.EmptyInPlaceOf(path))
            {
                Assert.Empty(empty.GetDevices());
                Assert.Empty(empty.GetUsers());
            }

            Assert.Empty(Directory.GetFileSystemEntries(_folder));
        }

        public void Dispose()
        {
            OpenStores.CloseAll();
            if (Directory.Exists(_folder))
            {
                Directory.Delete(_folder, recursive: true);
            }
        }
    }
}
