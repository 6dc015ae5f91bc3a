using System;
using System.IO;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Store;
using Microsoft.Data.Sqlite;
using Xunit;

namespace BizMobileGo.Core.Tests.Store
{
    /// <summary>-WhatIf's copy of a SQLite store (<see cref="SqliteDeviceStore.OpenSnapshot"/>).</summary>
    public sealed class SqliteSnapshotTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "bmg-snapshot-" + Guid.NewGuid().ToString("N"));
        private readonly string _path;

        public SqliteSnapshotTests()
        {
            Directory.CreateDirectory(_folder);
            _path = Path.Combine(_folder, "store.db");
            using SqliteDeviceStore store = SqliteDeviceStore.Open(_path);
            store.InsertDevice(NewDevice("dev-1"));
        }

        private static Device NewDevice(string identifier) => new Device { Identifier = identifier, PlainCode = "A7K29QX4", OS = "ios" };

        [Fact]
        public void TheCopyIsATemporaryDatabaseOnDiskNotInMemory()
        {
            // An in-memory copy held the whole store, and everything a dry run writes, in the process: a -WhatIf of
            // 1,000,000 rows peaked at 1.4 GB. SQLite's temporary database (an empty file name) spills beyond the page
            // cache to a file of its own; its journal is on disk too ("delete"), an in-memory database's is "memory". And
            // it has no name (a named file could be left behind): SQLite names no file for main, as for ":memory:".
            using SqliteDeviceStore snapshot = SqliteDeviceStore.OpenSnapshot(_path);
            snapshot.InsertDevice(NewDevice("dev-2"));
            Assert.Equal("delete", snapshot.JournalMode);
            Assert.Equal(string.Empty, snapshot.MainFile);
        }

        [Fact]
        public void NothingIsCopiedUntilTheDryRunWrites()
        {
            // A dry run that would change nothing (all rows unchanged, a Remove-BmgDevice -WhatIf) reads the store file
            // where it is, read-only: a large store is not copied, and the temporary folder needs no room for it.
            using SqliteDeviceStore snapshot = SqliteDeviceStore.OpenSnapshot(_path);
            using (IStoreTransaction reading = snapshot.BeginTransaction())
            {
                Assert.NotNull(snapshot.GetDevice("dev-1"));
                Assert.Null(snapshot.GetDevice("dev-2"));
                Assert.Equal(_path, snapshot.MainFile);
            }

            Assert.Equal(_path, snapshot.MainFile);
            snapshot.InsertDevice(NewDevice("dev-2"));
            Assert.Equal(string.Empty, snapshot.MainFile);
        }

        [Fact]
        public void ANewStoresDryRunWritesIntoAnEmptyCopyAtOnce()
        {
            string missing = Path.Combine(_folder, "new.db");
            using (SqliteDeviceStore snapshot = SqliteDeviceStore.OpenSnapshot(missing))
            {
                Assert.Equal(string.Empty, snapshot.MainFile);
                snapshot.InsertDevice(NewDevice("dev-2"));
                Assert.NotNull(snapshot.GetDevice("dev-2"));
            }

            Assert.False(File.Exists(missing));
        }

        [Fact]
        public void TheCopyIsTheStateTheDryRunsTransactionReadAndNoWriterWaitsForIt()
        {
            using SqliteDeviceStore snapshot = SqliteDeviceStore.OpenSnapshot(_path);
            using (IStoreTransaction transaction = snapshot.BeginTransaction())
            {
                Assert.NotNull(snapshot.GetDevice("dev-1"));

                // Another admin writes while the dry run is in its transaction: the dry run holds no write lock.
                using (SqliteDeviceStore other = SqliteDeviceStore.Open(_path))
                {
                    other.InsertDevice(NewDevice("dev-3"));
                }

                // The first write copies what this transaction has been reading, and goes on in it.
                snapshot.InsertDevice(NewDevice("dev-2"));
                Assert.Equal(string.Empty, snapshot.MainFile);
                Assert.NotNull(snapshot.GetDevice("dev-1"));
                Assert.NotNull(snapshot.GetDevice("dev-2"));
                Assert.Null(snapshot.GetDevice("dev-3"));
            }

            // The transaction was not committed: the copy is as it was made.
            Assert.Null(snapshot.GetDevice("dev-2"));
            Assert.NotNull(snapshot.GetDevice("dev-1"));
            using SqliteDeviceStore store = SqliteDeviceStore.Open(_path);
            Assert.NotNull(store.GetDevice("dev-3"));
            Assert.Null(store.GetDevice("dev-2"));
        }

        [Fact]
        public void TheStoreFileIsLetGoOnceTheCopyIsMade()
        {
            // The copy is made from the dry run's read snapshot; after that the file is not read again, and a held
            // snapshot would keep every other writer's pages in the WAL (no checkpoint past it) for the whole dry run.
            using SqliteDeviceStore snapshot = SqliteDeviceStore.OpenSnapshot(_path);
            using IStoreTransaction transaction = snapshot.BeginTransaction();
            Assert.NotNull(snapshot.GetDevice("dev-1"));
            snapshot.InsertDevice(NewDevice("dev-2"));
            using (SqliteDeviceStore other = SqliteDeviceStore.Open(_path))
            {
                other.InsertDevice(NewDevice("dev-3"));
            }

            using var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
            connection.Open();
            using SqliteCommand checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            using SqliteDataReader result = checkpoint.ExecuteReader();
            Assert.True(result.Read());
            Assert.Equal(0L, result.GetInt64(0));
            Assert.NotNull(snapshot.GetDevice("dev-2"));
        }

        [Fact]
        public void TheCopyHoldsTheStoreAndWhatTheDryRunWritesStaysInIt()
        {
            using (SqliteDeviceStore snapshot = SqliteDeviceStore.OpenSnapshot(_path))
            {
                Assert.NotNull(snapshot.GetDevice("dev-1"));
                snapshot.InsertDevice(NewDevice("dev-2"));
                Assert.NotNull(snapshot.GetDevice("dev-2"));
            }

            using SqliteDeviceStore store = SqliteDeviceStore.Open(_path);
            Assert.NotNull(store.GetDevice("dev-1"));
            Assert.Null(store.GetDevice("dev-2"));
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
