using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;
using Microsoft.Data.Sqlite;
using Xunit;
using ImportHistoryEntry = BizMobileGo.Core.Import.ImportHistoryEntry;
using ImportMode = BizMobileGo.Core.Import.ImportMode;

namespace BizMobileGo.Core.Tests.History
{
    /// <summary>
    /// The history as the SQLite store records it from its write path, on a real store file: in the writes'
    /// transaction, per chunk, with keys that are never handed out again, and with the import's id reserved.
    /// </summary>
    public sealed class SqliteHistoryRecordingTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "bmg-history-" + Guid.NewGuid().ToString("N"));
        private readonly SqliteDeviceStore _store;

        public SqliteHistoryRecordingTests()
        {
            Directory.CreateDirectory(_folder);
            _store = SqliteDeviceStore.Open(Path.Combine(_folder, "store.db"));
        }

        public void Dispose()
        {
            _store.Dispose();
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        private static Device NewDevice(string identifier) => new Device { Identifier = identifier, Code = "A7K29QX4", OS = "ios" };

        private List<ChangeEntry> Chain()
        {
            using IStoreTransaction read = _store.BeginReadTransaction();
            return _store.ReadChain().ToList();
        }

        [Fact]
        public void AWriteAndItsEntryCommitTogetherAndARollbackKeepsNeither()
        {
            using (IStoreTransaction write = _store.BeginTransaction())
            {
                _store.ApplyChanges(new[] { StoreChange.OfDevice(null, NewDevice("rolled-back"), new ChangeOrigin("New-BmgDevice")) });
                Assert.Single(_store.ReadChain().ToList());
            }

            Assert.Empty(Chain());
            Assert.Null(_store.GetDevice("rolled-back"));

            using (IStoreTransaction write = _store.BeginTransaction())
            {
                _store.SaveDevice(null, NewDevice("kept"), new ChangeOrigin("New-BmgDevice"));
                write.Commit();
            }

            ChangeEntry entry = Assert.Single(Chain());
            Assert.Equal(("kept", ChangeAction.Created, "New-BmgDevice", 1L), (entry.Subject, entry.Action, entry.Command, entry.Sequence));
            Assert.True(HistoryChain.Verify(Chain()).Valid);
        }

        [Fact]
        public void AWriteOutsideATransactionIsItsOwnWithItsEntry()
        {
            _store.SaveUser(null, new User { UserName = "yamada" }, ChangeOrigin.Library("tests"));
            ChangeEntry entry = Assert.Single(Chain());
            Assert.Equal((SubjectKind.User, "yamada", "tests"), (entry.SubjectKind, entry.Subject, entry.Command));
        }

        [Fact]
        public void AnUnchangedWriteRecordsNothingAndAChangeRecordsOnlyItsFields()
        {
            Device device = NewDevice("iphone-001");
            _store.SaveDevice(null, device, new ChangeOrigin("New-BmgDevice"));
            Device stored = _store.GetDevice("iphone-001")!;
            _store.SaveDevice(stored, stored.Clone(), new ChangeOrigin("Set-BmgDevice"));
            Assert.Single(Chain());

            Device renamed = stored.Clone();
            renamed.Identifier = "iphone-009";
            renamed.Code = "Z9Q2W7E4";
            _store.SaveDevice(stored, renamed, new ChangeOrigin("Set-BmgDevice"));
            ChangeEntry change = Chain().Last();
            Assert.Equal(new[] { "Identifier: iphone-001 \u2192 iphone-009", "Code: changed" }, change.Changes.Select(c => c.ToString()));
            Assert.Equal(Chain().First().SubjectKey, change.SubjectKey);
        }

        [Fact]
        public void KeysAreNeverHandedOutAgainAfterTheNewestRowIsRemoved()
        {
            _store.SaveUser(null, new User { UserName = "sato" }, ChangeOrigin.Library("tests"));
            _store.SaveDevice(null, NewDevice("ipad-002"), ChangeOrigin.Library("tests"));
            _store.SaveDevice(_store.GetDevice("ipad-002"), null, ChangeOrigin.Library("tests"));
            _store.SaveUser(_store.GetUser("sato"), null, ChangeOrigin.Library("tests"));
            _store.SaveUser(null, new User { UserName = "sato" }, ChangeOrigin.Library("tests"));
            _store.SaveDevice(null, NewDevice("ipad-002"), ChangeOrigin.Library("tests"));

            List<ChangeEntry> chain = Chain();
            var deviceKeys = chain.Where(e => e.SubjectKind == SubjectKind.Device).Select(e => e.SubjectKey).ToList();
            var userKeys = chain.Where(e => e.SubjectKind == SubjectKind.User).Select(e => e.SubjectKey).ToList();
            Assert.Equal(deviceKeys[0], deviceKeys[1]);
            Assert.NotEqual(deviceKeys[0], deviceKeys[2]);
            Assert.Equal(userKeys[0], userKeys[1]);
            Assert.NotEqual(userKeys[0], userKeys[2]);
        }

        [Fact]
        public void ApplyChangesAppendsItsChunkAtOnceAndTheImportIdIsReservedInTheTransaction()
        {
            var import = new ImportHistoryEntry { StartedAt = DateTimeOffset.UtcNow, User = "sato", Source = "devices.csv", Mode = ImportMode.AllOrNothing };
            var origin = new ChangeOrigin("Import-BmgDeviceCsv", import);
            using (IStoreTransaction write = _store.BeginTransaction())
            {
                _store.ApplyChanges(new[]
                {
                    StoreChange.OfUser(null, new User { UserName = "yamada" }, origin.AtLine(2)),
                    StoreChange.OfDevice(null, NewDevice("iphone-001"), origin.AtLine(2)),
                    StoreChange.OfDevice(null, NewDevice("iphone-002"), origin.AtLine(3)),
                });

                // Appended when the chunk was applied, not only at the commit: a chunk's entries don't wait in memory.
                List<ChangeEntry> inTransaction = _store.ReadChain().ToList();
                Assert.Equal(3, inTransaction.Count);
                Assert.NotEqual(0, import.Id);
                Assert.All(inTransaction, entry => Assert.Equal(import.Id, entry.ImportId));
                Assert.Equal(new int?[] { 2, 2, 3 }, inTransaction.Select(entry => entry.Line));
                Assert.Single(_store.GetImportHistory(import.Id));
            }

            // Rolled back: no entries, no reserved import entry, and the id is free for the attempt's own record.
            Assert.Empty(Chain());
            Assert.Equal(0, import.Id);
            Assert.Empty(_store.GetImportHistory(null));

            using (IStoreTransaction write = _store.BeginTransaction())
            {
                _store.ApplyChanges(new[] { StoreChange.OfDevice(null, NewDevice("iphone-003"), origin.AtLine(4)) });
                import.Created = 1;
                import.Committed = true;
                _store.InsertImportHistory(import);
                write.Commit();
            }

            ImportHistoryEntry recorded = Assert.Single(_store.GetImportHistory(null));
            Assert.Equal((import.Id, 1, true), (recorded.Id, recorded.Created, recorded.Committed));
            Assert.Equal(import.Id, Assert.Single(Chain()).ImportId);
        }

        [Fact]
        public void ALongTransactionAppendsAsItGoesAndStaysOneChain()
        {
            using (IStoreTransaction write = _store.BeginTransaction())
            {
                for (int i = 0; i < HistoryRecorder.EntriesPerFlush + 5; i++)
                {
                    _store.SaveDevice(null, NewDevice($"dev-{i}"), ChangeOrigin.Library("tests"));
                }

                Assert.Equal(HistoryRecorder.EntriesPerFlush, _store.ReadChain().Count());
                write.Commit();
            }

            List<ChangeEntry> chain = Chain();
            Assert.Equal(HistoryRecorder.EntriesPerFlush + 5, chain.Count);
            Assert.True(HistoryChain.Verify(chain).Valid);
        }
    }
}
