using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;
using Xunit;
using ImportHistoryEntry = BizMobileGo.Core.Import.ImportHistoryEntry;
using ImportHistoryError = BizMobileGo.Core.Import.ImportHistoryError;
using ImportHistoryFilter = BizMobileGo.Core.Import.ImportHistoryFilter;
using ImportHistoryLookup = BizMobileGo.Core.Import.ImportHistoryLookup;
using ImportMode = BizMobileGo.Core.Import.ImportMode;

namespace BizMobileGo.Core.Tests.Store.Contract
{
    /// <summary>
    /// The change history as every store records it from its write path: in the writes' transaction, per chunk,
    /// with keys that are never handed out again, with the import's id reserved; and the persistence port
    /// (<see cref="IHistoryStore"/>) reading back what it was given. Each store derives a class that says how to
    /// make its store (SQLite below; PostgreSQL when its store keeps the history).
    /// </summary>
    public abstract partial class HistoryContractTests : IDisposable
    {
        private readonly List<IDeviceStore> _opened = new List<IDeviceStore>();
        private IDeviceStore? _store;

        /// <summary>A fresh, empty store of the kind under test (created and migrated); it must keep the history.</summary>
        protected abstract IDeviceStore CreateEmptyStore();

        /// <summary>The store kind's oldest schema with its data (see StoreContractTests.OpenOldestStore), opened and so migrated.</summary>
        protected abstract IDeviceStore OpenOldestStore();

        /// <summary>Removes what the store kind made, once every connection is closed.</summary>
        protected virtual void DeleteStores()
        {
        }

        private IDeviceStore Track(IDeviceStore store)
        {
            _opened.Add(store);
            return store;
        }

        public void Dispose()
        {
            foreach (IDeviceStore store in _opened)
            {
                store.Dispose();
            }

            DeleteStores();
        }

        private IDeviceStore Store => _store ??= Track(CreateEmptyStore());

        private IHistoryStore History => (IHistoryStore)Store;

        private static Device NewDevice(string identifier) => new Device { Identifier = identifier, PlainCode = "A7K29QX4", OS = "ios" };

        private List<ChangeEntry> Chain() => ChainOf(Store);

        private static List<ChangeEntry> ChainOf(IDeviceStore store)
        {
            using IStoreTransaction read = store.BeginReadTransaction();
            return ((IHistoryStore)store).ReadChain().ToList();
        }

        /// <summary>
        /// The store itself, counting the walks of its whole chain (<see cref="IHistoryStore.ReadChain"/>, the read that grows
        /// with the history); every call goes on to the store.
        /// </summary>
        private sealed class ChainWalksCounted : IHistoryStore
        {
            private readonly IHistoryStore _store;

            public ChainWalksCounted(IHistoryStore store) => _store = store;

            public int Walks { get; private set; }

            public IStoreTransaction BeginTransaction() => _store.BeginTransaction();
            public IStoreTransaction BeginReadTransaction() => _store.BeginReadTransaction();
            public HistoryHead? ReadHead() => _store.ReadHead();
            public void Append(IReadOnlyList<ChangeEntry> entries) => _store.Append(entries);
            public IEnumerable<ChangeEntry> Query(HistoryQuery query) => _store.Query(query);
            public IEnumerable<ChangeEntry> EntriesOfCommand(string command) => _store.EntriesOfCommand(command);
            public IEnumerable<HistorySubject> FindSubjects(SubjectKind kind, string? name) => _store.FindSubjects(kind, name);
            public IEnumerable<HistorySubject> FindSubjectsNamed(SubjectKind kind, IReadOnlyCollection<string> names) => _store.FindSubjectsNamed(kind, names);
            public IEnumerable<HistorySubject> FindDevicesStartingWith(string start) => _store.FindDevicesStartingWith(start);
            public long DeleteThrough(long sequence, IReadOnlyCollection<long>? accepted = null) => _store.DeleteThrough(sequence, accepted);
            public IEnumerable<HistoryName> ReadNames() => _store.ReadNames();
            public IReadOnlySet<long>? ReadImportIds() => _store.ReadImportIds();
            public IReadOnlyList<string> FindOsUsers(SubjectKind kind, string prefix, int limit) => _store.FindOsUsers(kind, prefix, limit);

            public IEnumerable<ChangeEntry> ReadChain()
            {
                Walks++;
                return _store.ReadChain();
            }
        }

        private static long RemovedBy(ChangeEntry cleared) =>
            long.Parse(cleared.Changes.Single(c => c.Field == HistoryChain.RemovedEntriesField).NewValue!, System.Globalization.CultureInfo.InvariantCulture);

        [Fact]
        public void AConfirmedClearWalksTheChainOnceForItsCountAndItsClear()
        {
            // Clear-BmgHistory counts for its prompt outside the write transaction, then clears: it walked and verified the
            // whole chain twice for each (four walks of a history of millions). Nothing changed between: one walk.
            for (int i = 0; i < 5; i++)
            {
                Store.SaveDevice(null, NewDevice("clear-" + i), ChangeOrigin.Library("tests"));
            }

            var walks = new ChainWalksCounted(History);
            long asked = -1;
            ChangeEntry? cleared = new ChangeHistory(walks).ClearBefore(DateTimeOffset.UtcNow.AddDays(1), ChangeOrigin.Library("Clear-BmgHistory"),
                DateTimeOffset.UtcNow.AddDays(1), count => { asked = count; return true; });

            Assert.Equal(1, walks.Walks);
            Assert.Equal(5, asked);
            Assert.Equal(5, RemovedBy(cleared!));
            Assert.Equal(new[] { cleared!.Sequence }, Chain().Select(e => e.Sequence));
            Assert.True(HistoryChain.Verify(Chain()).Valid);
        }

        [Fact]
        public void AnEntryWrittenWhileTheClearAwaitsItsConfirmationIsClearedAndCountedToo()
        {
            // The count's walk is the plan only while the chain still ends where it ended: a write between the prompt and its
            // answer moves the head, and the clear walks and verifies again, inside its transaction.
            for (int i = 0; i < 3; i++)
            {
                Store.SaveDevice(null, NewDevice("clear-" + i), ChangeOrigin.Library("tests"));
            }

            var walks = new ChainWalksCounted(History);
            long asked = -1;
            ChangeEntry? cleared = new ChangeHistory(walks).ClearBefore(DateTimeOffset.UtcNow.AddDays(1), ChangeOrigin.Library("Clear-BmgHistory"),
                DateTimeOffset.UtcNow.AddDays(1), count =>
                {
                    asked = count;
                    Store.SaveDevice(null, NewDevice("written-meanwhile"), ChangeOrigin.Library("tests"));
                    return true;
                });

            Assert.Equal(2, walks.Walks);
            Assert.Equal(3, asked);
            Assert.Equal(4, RemovedBy(cleared!));
            Assert.Equal(new[] { cleared!.Sequence }, Chain().Select(e => e.Sequence));
            Assert.True(HistoryChain.Verify(Chain()).Valid);
        }

        [Fact]
        public void AWriteAndItsEntryCommitTogetherAndARollbackKeepsNeither()
        {
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                Store.ApplyChanges(new[] { StoreChange.OfDevice(null, NewDevice("rolled-back"), new ChangeOrigin("New-BmgDevice")) });
                Assert.Single(History.ReadChain().ToList());
            }

            Assert.Empty(Chain());
            Assert.Null(Store.GetDevice("rolled-back"));

            using (IStoreTransaction write = Store.BeginTransaction())
            {
                Store.SaveDevice(null, NewDevice("kept"), new ChangeOrigin("New-BmgDevice"));
                write.Commit();
            }

            ChangeEntry entry = Assert.Single(Chain());
            Assert.Equal(("kept", ChangeAction.Created, "New-BmgDevice", 1L), (entry.Subject, entry.Action, entry.Command, entry.Sequence));
            Assert.True(HistoryChain.Verify(Chain()).Valid);
        }

        [Fact]
        public void AChangedByIsKeptBesideTheOsUserAndCoveredByTheHash()
        {
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                Store.SaveDevice(null, NewDevice("for-alice"), new ChangeOrigin("New-BmgDevice", changedBy: @"CONTOSO\alice"));
                Store.SaveDevice(null, NewDevice("for-no-one"), new ChangeOrigin("New-BmgDevice"));
                write.Commit();
            }

            List<ChangeEntry> chain = Chain();
            Assert.Equal(new[] { ("for-alice", @"CONTOSO\alice"), ("for-no-one", "") }, chain.Select(e => (e.Subject, e.ChangedBy)));
            Assert.Equal(ChangeActor.Current.OsUser, chain[0].OsUser);
            Assert.True(HistoryChain.Verify(chain).Valid);

            // The same entry with another name (or none) no longer gives its stored hash: Test-BmgHistory names it.
            ChangeEntry kept = chain[0];
            foreach (string altered in new[] { @"CONTOSO\bob", "" })
            {
                var forged = new ChangeEntry(kept.Sequence, kept.At, kept.OsUser, kept.Host, kept.Command, kept.ImportId, kept.Line, kept.SubjectKind,
                    kept.SubjectKey, kept.Subject, kept.Action, kept.Changes, kept.PreviousHash, kept.Hash, altered);
                Assert.False(HistoryChain.Verify(new[] { forged, chain[1] }).Valid);
            }
        }

        [Fact]
        public void AnImportKeepsItsChangedByWhetherItsRowWasReservedByItsEntriesOrWrittenAtItsEnd()
        {
            // Thirty-fifth round (actor35): the import history records who an import was made for (-ChangedBy), as its
            // entries do. A committed import's row is reserved at its first change and rewritten at its end; a refused
            // one's is inserted at its end; one without a name keeps ''.
            DateTimeOffset at = DateTimeOffset.UtcNow;
            var committed = new ImportHistoryEntry { StartedAt = at, EndedAt = at, User = "svc-portal", ChangedBy = @"CONTOSO\alice", Source = "/srv/a.csv" };
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                Store.ApplyChanges(new[] { StoreChange.OfDevice(null, NewDevice("for-alice-1"),
                    new ChangeOrigin("Import-BmgDeviceCsv", committed, changedBy: committed.ChangedBy).AtLine(2)) });
                committed.Committed = true;
                Store.InsertImportHistory(committed);
                write.Commit();
            }

            var refused = new ImportHistoryEntry { StartedAt = at, EndedAt = at, User = "svc-portal", ChangedBy = "portal:bob", Source = "/srv/b.csv", Rows = 1, Failed = 1 };
            Store.InsertImportHistory(refused);
            var nobody = new ImportHistoryEntry { StartedAt = at, EndedAt = at, User = "root", Source = "/srv/c.csv" };
            Store.InsertImportHistory(nobody);

            Assert.Equal(new[] { (nobody.Id, ""), (refused.Id, "portal:bob"), (committed.Id, @"CONTOSO\alice") },
                Store.GetImportHistory(null).Select(e => (e.Id, e.ChangedBy)));
            Assert.Equal("portal:bob", Store.FindImportHistory(refused.Id, new ImportHistoryFilter { Source = "b.csv" }).Entry!.ChangedBy);
            Assert.Equal(@"CONTOSO\alice", Chain().Single().ChangedBy);
        }

        [Fact]
        public void AnImportsReservedIdTakesItsRowOrAfterARollbackItsAttemptRecordAndTheNextImportAnother()
        {
            // Thirty-sixth round (left36): an import reserves its Id as it takes the store (inside its write transaction) and
            // says it at once; its entries name it, and its row, or after a rollback its attempt record, is written at it.
            DateTimeOffset at = DateTimeOffset.UtcNow;
            var stopped = new ImportHistoryEntry { StartedAt = at, EndedAt = at, User = "root", Source = "/srv/stopped.csv" };
            long reserved;
            using (Store.BeginTransaction())
            {
                reserved = stopped.Id = Store.ReserveImportHistoryId();
                Store.ApplyChanges(new[] { StoreChange.OfDevice(null, NewDevice("stopped-1"), new ChangeOrigin("Import-BmgDeviceCsv", stopped).AtLine(2)) });
            }

            // Rolled back (a stop): its entry went, its Id stayed; the attempt record, in a transaction of its own, takes it.
            Assert.Equal(reserved, stopped.Id);
            using (IStoreTransaction record = Store.BeginTransaction())
            {
                Store.InsertImportHistory(stopped);
                record.Commit();
            }

            var committed = new ImportHistoryEntry { StartedAt = at, EndedAt = at, User = "root", Source = "/srv/committed.csv", Committed = true };
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                committed.Id = Store.ReserveImportHistoryId();
                Store.ApplyChanges(new[] { StoreChange.OfDevice(null, NewDevice("committed-1"), new ChangeOrigin("Import-BmgDeviceCsv", committed).AtLine(2)) });
                Store.InsertImportHistory(committed);
                write.Commit();
            }

            Assert.True(committed.Id > reserved);
            Assert.Equal(new[] { (reserved, "/srv/stopped.csv", false), (committed.Id, "/srv/committed.csv", true) },
                Store.GetImportHistory(null).Select(e => (e.Id, e.Source, e.Committed)).OrderBy(e => e.Id));
            Assert.Equal(committed.Id, Chain().Single().ImportId);
            using (Store.BeginTransaction())
            {
                Assert.True(Store.ReserveImportHistoryId() > committed.Id);
            }
        }

        [Fact]
        public void ManyEntriesAppendedAtOnceReadBackFieldForFieldInOrder()
        {
            // 123 entries: a store may append them many to a statement (SQLite: 100, then 10, then 1 at a time),
            // and every row must still keep its own values, nulls included, in sequence order.
            var at = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1230);
            var pending = Enumerable.Range(0, 123).Select(i => new ChangeEntry(at.AddSeconds(i % 3), "user" + (i % 2), "host" + (i % 5),
                i % 4 == 0 ? "Import-BmgDeviceCsv" : "Set-BmgDevice", i % 4 == 0 ? 7L : (long?)null, i % 4 == 0 ? i + 2 : (int?)null,
                i % 2 == 0 ? SubjectKind.Device : SubjectKind.User, (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "subject-" + i,
                i % 3 == 0 ? ChangeAction.Created : ChangeAction.Changed,
                i % 7 == 0 ? new[] { FieldChange.Hidden("Code") } : new[] { new FieldChange("DisplayName", i % 2 == 0 ? null : "old " + i, "new " + i) })).ToList();

            IReadOnlyList<ChangeEntry> linked;
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                linked = ChangeHistory.Record(History, pending);
                write.Commit();
            }

            List<ChangeEntry> chain = Chain();
            Assert.Equal(linked.Select(Describe), chain.Select(Describe));
            Assert.True(HistoryChain.Verify(chain).Valid);
        }

        [Fact]
        public void TheOsUsersOfAKindAreFoundByPrefixInRowsAndPacksNewestFirst()
        {
            // A run of created devices that share their header is one pack (one OS user); the other entries are rows. An
            // import's packs must not hide the OS users of the rows before them, and ASCII case twins are one OS user.
            var at = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
            ChangeEntry Entry(string osUser, SubjectKind kind, int key, ChangeAction action, string command = "Set-BmgDevice") =>
                new ChangeEntry(at, osUser, "host", command, null, null, kind, key.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "subject-" + key, action, new[] { new FieldChange("DisplayName", null, "new " + key) });

            var pending = new List<ChangeEntry> { Entry("alice", SubjectKind.Device, 1, ChangeAction.Created, "New-BmgDevice") };
            pending.AddRange(Enumerable.Range(2, 40).Select(key => Entry("svc_import", SubjectKind.Device, key, ChangeAction.Created, "Import-BmgDeviceCsv")));
            pending.Add(Entry("bob", SubjectKind.Device, 2, ChangeAction.Changed));
            pending.Add(Entry("carol", SubjectKind.User, 1, ChangeAction.Created, "New-BmgUser"));
            pending.Add(Entry("ALICE", SubjectKind.Device, 3, ChangeAction.Changed));
            IReadOnlyList<ChangeEntry> linked;
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                linked = ChangeHistory.Record(History, pending);
                write.Commit();
            }

            // The import's entries are one pack (the rule both stores append by), every other entry a row.
            PackedAppend split = PackedAppend.Of(linked, rentBlobs: false);
            Assert.Equal((1, 40, 4), (split.Packs.Count, split.Packs[0].Count, split.Rows.Count));

            Assert.Equal(new[] { "ALICE", "bob", "svc_import" }, History.FindOsUsers(SubjectKind.Device, "", 200));
            Assert.Equal(new[] { "ALICE" }, History.FindOsUsers(SubjectKind.Device, "al", 200));
            Assert.Equal(new[] { "svc_import" }, History.FindOsUsers(SubjectKind.Device, "SVC_", 200));
            Assert.Empty(History.FindOsUsers(SubjectKind.Device, "svc%", 200)); // '%' and '_' are no wildcards here
            Assert.Equal(new[] { "ALICE", "bob" }, History.FindOsUsers(SubjectKind.Device, "", 2));
            Assert.Equal(new[] { "carol" }, History.FindOsUsers(SubjectKind.User, "", 200));
        }

        private static string Describe(ChangeEntry e) =>
            string.Join("|", e.Sequence, HistoryTime.ToText(e.At), e.OsUser, e.Host, e.Command, e.ImportId, e.Line, e.SubjectKind, e.SubjectKey, e.Subject,
                e.Action, ChangeListText.Write(e.Changes), e.PreviousHash, e.Hash);

        [Fact]
        public void AWriteOutsideATransactionIsItsOwnWithItsEntry()
        {
            Store.SaveUser(null, new User { UserName = "yamada" }, ChangeOrigin.Library("tests"));
            ChangeEntry entry = Assert.Single(Chain());
            Assert.Equal((SubjectKind.User, "yamada", "tests"), (entry.SubjectKind, entry.Subject, entry.Command));
        }

        [Fact]
        public void AnUnchangedWriteRecordsNothingAndAChangeRecordsOnlyItsFields()
        {
            Device device = NewDevice("iphone-001");
            Store.SaveDevice(null, device, new ChangeOrigin("New-BmgDevice"));
            Device stored = Store.GetDevice("iphone-001")!;
            Store.SaveDevice(stored, stored.Clone(), new ChangeOrigin("Set-BmgDevice"));
            Assert.Single(Chain());

            Device renamed = stored.Clone();
            renamed.Identifier = "iphone-009";
            renamed.PlainCode = "Z9Q2W7E4";
            Store.SaveDevice(stored, renamed, new ChangeOrigin("Set-BmgDevice"));
            ChangeEntry change = Chain().Last();
            Assert.Equal(new[] { "Identifier: iphone-001 \u2192 iphone-009", "Code: changed" }, change.Changes.Select(c => c.ToString()));
            Assert.Equal(Chain().First().SubjectKey, change.SubjectKey);
        }

        [Fact]
        public void KeysAreNeverHandedOutAgainAfterTheNewestRowIsRemoved()
        {
            Store.SaveUser(null, new User { UserName = "sato" }, ChangeOrigin.Library("tests"));
            Store.SaveDevice(null, NewDevice("ipad-002"), ChangeOrigin.Library("tests"));
            Store.SaveDevice(Store.GetDevice("ipad-002"), null, ChangeOrigin.Library("tests"));
            Store.SaveUser(Store.GetUser("sato"), null, ChangeOrigin.Library("tests"));
            Store.SaveUser(null, new User { UserName = "sato" }, ChangeOrigin.Library("tests"));
            Store.SaveDevice(null, NewDevice("ipad-002"), ChangeOrigin.Library("tests"));

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
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                Store.ApplyChanges(new[]
                {
                    StoreChange.OfUser(null, new User { UserName = "yamada" }, origin.AtLine(2)),
                    StoreChange.OfDevice(null, NewDevice("iphone-001"), origin.AtLine(2)),
                    StoreChange.OfDevice(null, NewDevice("iphone-002"), origin.AtLine(3)),
                });

                // Appended when the chunk was applied, not only at the commit: a chunk's entries don't wait in memory.
                List<ChangeEntry> inTransaction = History.ReadChain().ToList();
                Assert.Equal(3, inTransaction.Count);
                Assert.NotEqual(0, import.Id);
                Assert.All(inTransaction, entry => Assert.Equal(import.Id, entry.ImportId));
                Assert.Equal(new int?[] { 2, 2, 3 }, inTransaction.Select(entry => entry.Line));
                Assert.Single(Store.GetImportHistory(import.Id));
            }

            // Rolled back: no entries, no reserved import entry, and the id is free for the attempt's own record.
            Assert.Empty(Chain());
            Assert.Equal(0, import.Id);
            Assert.Empty(Store.GetImportHistory(null));

            using (IStoreTransaction write = Store.BeginTransaction())
            {
                Store.ApplyChanges(new[] { StoreChange.OfDevice(null, NewDevice("iphone-003"), origin.AtLine(4)) });
                import.PlannedCreated = 1;
                import.Committed = true;
                Store.InsertImportHistory(import);
                write.Commit();
            }

            ImportHistoryEntry recorded = Assert.Single(Store.GetImportHistory(null));
            Assert.Equal((import.Id, 1, true), (recorded.Id, recorded.Created, recorded.Committed));
            Assert.Equal(import.Id, Assert.Single(Chain()).ImportId);
        }

        [Fact]
        public void AnImportKeepsItsHostWhetherItsIdWasReservedByItsChangesOrNot()
        {
            // Walkthrough 24 (6): imports from several consoles and the server are told apart by their host. An import
            // that wrote changes has its row reserved by the history and rewritten at the end; one that wrote nothing
            // (refused) inserts its row: both keep the host.
            var written = new ImportHistoryEntry { StartedAt = DateTimeOffset.UtcNow, User = "sato", Host = "console-2", Source = "/home/sato/devices.csv", Mode = ImportMode.AllOrNothing };
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                Store.ApplyChanges(new[] { StoreChange.OfDevice(null, NewDevice("host-1"), new ChangeOrigin("Import-BmgDeviceCsv", written).AtLine(2)) });
                written.Committed = true;
                Store.InsertImportHistory(written);
                write.Commit();
            }

            var refused = new ImportHistoryEntry { StartedAt = DateTimeOffset.UtcNow, User = "root", Host = "nightly-server", Source = "/srv/devices.csv", Mode = ImportMode.AllOrNothing };
            Store.InsertImportHistory(refused);

            Assert.Equal(new[] { (refused.Id, "root", "nightly-server", "/srv/devices.csv"), (written.Id, "sato", "console-2", "/home/sato/devices.csv") },
                Store.GetImportHistory(null).Select(e => (e.Id, e.User, e.Host, e.Source)));
        }

        [Fact]
        public void AnImportKeepsItsUserCountsWhetherItsIdWasReservedOrNotAndARefusedOneShowsThemAsPlanned()
        {
            // Thirtieth round: the import history keeps the summary's UsersCreated/UsersUpdated. An import whose row the
            // history reserved (it wrote changes) and one that inserts its row (refused) both keep them; a refused import
            // wrote nothing, so its counts are 0 and its Planned counts keep what it would have done, as Created's do.
            var written = new ImportHistoryEntry { StartedAt = DateTimeOffset.UtcNow, User = "sato", Source = "/home/sato/move.csv", Mode = ImportMode.AllOrNothing, Rows = 3, PlannedCreated = 3, PlannedUsersCreated = 2, PlannedUsersUpdated = 1 };
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                Store.ApplyChanges(new[] { StoreChange.OfDevice(null, NewDevice("users-1"), new ChangeOrigin("Import-BmgDeviceCsv", written).AtLine(2)) });
                written.Committed = true;
                Store.InsertImportHistory(written);
                write.Commit();
            }

            var refused = new ImportHistoryEntry { StartedAt = DateTimeOffset.UtcNow, User = "root", Source = "/srv/devices.csv", Mode = ImportMode.AllOrNothing, Rows = 4, Failed = 1, PlannedCreated = 3, PlannedUsersCreated = 0, PlannedUsersUpdated = 3 };
            refused.Errors = new[] { new ImportHistoryError(5, "bad device", null, "InvalidFieldValue", "line 5: bad") };
            Store.InsertImportHistory(refused);

            Assert.Equal(new (long, int?, int?, int?, int?)[] { (refused.Id, 0, 0, 0, 3), (written.Id, 2, 1, 2, 1) },
                Store.GetImportHistory(null).Select(e => (e.Id, e.UsersCreated, e.UsersUpdated, e.PlannedUsersCreated, e.PlannedUsersUpdated)));

            // The look-up by Id with a filter reads the same columns and still tells a kept entry from one left out.
            ImportHistoryEntry found = Assert.IsType<ImportHistoryEntry>(Store.FindImportHistory(written.Id, new ImportHistoryFilter { Source = "move.csv" }).Entry);
            Assert.Equal(((int?)2, (int?)1), (found.UsersCreated, found.UsersUpdated));
            ImportHistoryLookup left = Store.FindImportHistory(refused.Id, new ImportHistoryFilter { Source = "move.csv" });
            Assert.True(left.Exists);
            Assert.Null(left.Entry);
        }

        [Fact]
        public void AnImportKeepsItsFailedRowsPathAndTheRetentionForgetsOnlyOldImportsNoEntryNames()
        {
            // Walkthrough 32 (6): an import records where its failed rows went; Clear-BmgHistory's retention
            // (ImportHistoryRetention) forgets the imports that ended before its date and that no entry names, errors too.
            DateTimeOffset cutoff = DateTimeOffset.UtcNow;
            var written = new ImportHistoryEntry { StartedAt = cutoff.AddHours(-2), EndedAt = cutoff.AddHours(-2), User = "sato", Source = "/home/sato/a.csv", Mode = ImportMode.SkipInvalidRows };
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                Store.ApplyChanges(new[] { StoreChange.OfDevice(null, NewDevice("kept-1"), new ChangeOrigin("Import-BmgDeviceCsv", written).AtLine(2)) });
                written.Committed = true;
                written.FailedRowsPath = "/home/sato/a-failed.csv";
                Store.InsertImportHistory(written);
                write.Commit();
            }

            var refused = new ImportHistoryEntry { StartedAt = cutoff.AddHours(-1), EndedAt = cutoff.AddHours(-1), User = "root", Source = "/srv/leaver-yamada.csv", Mode = ImportMode.AllOrNothing, Rows = 1, Failed = 1, FailedRowsPath = "/srv/failed.csv" };
            refused.Errors = new[] { new ImportHistoryError(2, "ipad-suzuki", "suzuki", "InvalidFieldValue", "Line 2: EmailAddress value 'aiko suzuki@@example' is not valid") };
            Store.InsertImportHistory(refused);
            var later = new ImportHistoryEntry { StartedAt = cutoff.AddMinutes(1), EndedAt = cutoff.AddMinutes(1), User = "root", Source = "/srv/later.csv", Mode = ImportMode.AllOrNothing };
            Store.InsertImportHistory(later);

            Assert.Equal(new[] { (later.Id, (string?)null), (refused.Id, "/srv/failed.csv"), (written.Id, "/home/sato/a-failed.csv") },
                Store.GetImportHistory(null).Select(e => (e.Id, e.FailedRowsPath)));
            Assert.Equal("/srv/failed.csv", Store.FindImportHistory(refused.Id, new ImportHistoryFilter { Source = "*yamada*" }).Entry!.FailedRowsPath);

            Assert.Equal(1, new ImportHistoryRetention(Store).ForgetBefore(cutoff));
            Assert.Equal(new[] { later.Id, written.Id }, Store.GetImportHistory(null).Select(e => e.Id));
            Assert.False(Store.FindImportHistory(refused.Id, null).Exists);
            Assert.Equal(0, new ImportHistoryRetention(Store).ForgetBefore(cutoff));
        }

        [Fact]
        public void ALongTransactionAppendsAsItGoesAndStaysOneChain()
        {
            // Full batches are hashed aside while the writes go on and appended at a later flush: at most
            // BatchesAside of them wait, so the oldest is in the chain once one more is full.
            int entries = (HistoryRecorder.BatchesAside + 1) * HistoryRecorder.EntriesPerFlush + 5;
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                for (int i = 0; i < entries; i++)
                {
                    Store.SaveDevice(null, NewDevice($"dev-{i}"), ChangeOrigin.Library("tests"));
                }

                Assert.Equal(HistoryRecorder.EntriesPerFlush, History.ReadChain().Count());
                write.Commit();
            }

            List<ChangeEntry> chain = Chain();
            Assert.Equal(entries, chain.Count);
            Assert.Equal(Enumerable.Range(1, chain.Count).Select(i => (long)i), chain.Select(e => e.Sequence));
            Assert.True(HistoryChain.Verify(chain).Valid);
        }

        [Fact]
        public void ThePortReadsBackWhatItKeepsAndFindsNamesAsEachKindComparesThem()
        {
            Store.SaveDevice(null, NewDevice("iPhone-001"), ChangeOrigin.Library("tests"));
            Store.SaveUser(null, new User { UserName = "Yamada" }, ChangeOrigin.Library("tests"));
            Device stored = Store.GetDevice("iphone-001")!;
            Device renamed = stored.Clone();
            renamed.Identifier = "ipad-7";
            Store.SaveDevice(stored, renamed, ChangeOrigin.Library("tests"));

            List<ChangeEntry> chain = Chain();
            using (IStoreTransaction read = Store.BeginReadTransaction())
            {
                Assert.Equal(new[] { "iPhone-001" }, History.FindSubjects(SubjectKind.Device, "IPHONE-001").Select(s => s.Name));
                Assert.Empty(History.FindSubjects(SubjectKind.User, "yamada"));
                Assert.Single(History.FindSubjects(SubjectKind.User, "Yamada"));
                Assert.Equal(2, History.FindSubjects(SubjectKind.Device, null).Select(s => (s.Key, s.Name)).Distinct().Count());

                string key = chain[0].SubjectKey;
                var query = new HistoryQuery(SubjectKind.Device) { SubjectKeys = new[] { key } };
                Assert.Equal(new[] { 3L, 1L }, History.Query(query).Where(query.Matches).Select(e => e.Sequence));
                var later = new HistoryQuery(SubjectKind.Device) { Since = chain[2].At };
                Assert.Contains(History.Query(later), e => e.Sequence == 3);
            }

            // Every field reads back as it was appended (or the hashes would no longer verify).
            Assert.True(HistoryChain.Verify(chain).Valid);
            Assert.Equal("Identifier: iPhone-001 \u2192 ipad-7", chain[2].Changes.Single().ToString());

            using (IStoreTransaction write = Store.BeginTransaction())
            {
                Assert.Equal(3, History.ReadHead()!.Sequence);
                Assert.Equal(2, History.DeleteThrough(2));
                write.Commit();
            }

            Assert.Equal(new[] { 3L }, Chain().Select(e => e.Sequence));
        }

        [Fact]
        public void AnIdentifierPatternsLiteralStartFindsExactlyTheDevicesWhoseIdentifierStartsSoPastOnesToo()
        {
            // SQL's wildcards (_ %) and PowerShell's ([ ]) in names, names that differ only in case, a renamed device.
            foreach (string identifier in new[] { "dev_1", "devx1", "DEV_2", "dev-3", "old-77", "other" })
            {
                Store.SaveDevice(null, NewDevice(identifier), ChangeOrigin.Library("tests"));
            }

            foreach (string userName in new[] { "a_b", "axb", "a%b", "a%%c", "a[1]", "A[1]x", "日本-1", "日本-2", "b😀" })
            {
                Store.SaveUser(null, new User { UserName = userName }, ChangeOrigin.Library("tests"));
            }

            Device stored = Store.GetDevice("old-77")!;
            Device renamed = stored.Clone();
            renamed.Identifier = "new-77";
            Store.SaveDevice(stored, renamed, ChangeOrigin.Library("tests"));
            string renamedKey = Chain().First(e => e.Subject == "old-77").SubjectKey;

            string[] Starting(string start)
            {
                using IStoreTransaction read = Store.BeginReadTransaction();
                return History.FindDevicesStartingWith(start).Select(s => s.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToArray();
            }

            Assert.Equal(new[] { "DEV_2", "dev_1" }, Starting("dev_"));
            Assert.Equal(new[] { "DEV_2", "dev-3", "dev_1", "devx1" }, Starting("Dev"));
            Assert.Equal(new[] { "old-77" }, Starting("OLD-7"));
            Assert.Equal(new[] { "new-77" }, Starting("new-"));
            Assert.Equal(new[] { "other" }, Starting("othe"));
            Assert.Empty(Starting("dev_1x"));
            Assert.Empty(Starting("z"));

            // Through ChangeHistory: an identifier pattern's literal start (escapes undone) narrows, the pattern decides; a user
            // name pattern reads its start's ranges (NamePrefix.UserNameRanges: 'a' and the names that leave ASCII at once), so a
            // matcher that accepts every name sees the six names that start with 'a' and the two that start past ASCII, not 'b😀'.
            var history = new ChangeHistory(History);
            Assert.Equal(new[] { renamedKey }, history.FindSubjectKeys(SubjectKind.Device, null, name => name.StartsWith("OLD-7", StringComparison.OrdinalIgnoreCase), "OLD-7*"));
            Assert.Equal(new[] { renamedKey }, history.FindSubjectKeys(SubjectKind.Device, null, name => name.EndsWith("-77", StringComparison.OrdinalIgnoreCase), "*-77"));
            Assert.Equal(2, history.FindSubjectKeys(SubjectKind.Device, null, name => true, "d`EV_*").Count);
            Assert.Equal(8, history.FindSubjectKeys(SubjectKind.User, null, name => true, "a`[1`]*").Count);
            Assert.Equal(9, history.FindSubjectKeys(SubjectKind.User, null, name => true, "*1").Count);
        }

        [Fact(DisplayName = "hq26: a user-name pattern's history look-up reads its start's ranges, past and removed users' names too, no other user")]
        public void AUserNamePatternsHistoryLookUpReadsItsStartsRangesPastNamesToo()
        {
            // Get-BmgUserHistory user00123* read every user of the history (~0.4 CPU s at 100,000 users). It now reads the ranges
            // Get-BmgUser reads (NamePrefix.UserNameRanges): the names that start so in any ASCII case, and those that leave
            // ASCII before the start ends, which PowerShell's culture-sensitive match may skip or compose (U+00AD, the Kelvin sign).
            foreach (string userName in new[] { "user1", "USER10", "us\u00ADer1", "\u212Aato", "user2", "tanaka", "user1gone", "userOld9" })
            {
                Store.SaveUser(null, new User { UserName = userName }, ChangeOrigin.Library("tests"));
            }

            Store.SaveUser(Store.GetUser("user1gone"), null, ChangeOrigin.Library("tests"));
            Store.RenameUser(Store.GetUser("userOld9")!, "zed", new List<Device>(), ChangeOrigin.Library("tests"));

            string[] InRanges(string start)
            {
                using IStoreTransaction read = Store.BeginReadTransaction();
                return History.FindUsersInRangesOf(start).Select(s => s.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToArray();
            }

            string[] Sorted(params string[] names) => names.OrderBy(n => n, StringComparer.Ordinal).ToArray();
            Assert.Equal(Sorted("user1", "USER10", "us\u00ADer1", "\u212Aato", "user1gone"), InRanges("user1"));
            Assert.Equal(Sorted("user1", "USER10", "us\u00ADer1", "\u212Aato", "user1gone", "user2", "userOld9"), InRanges("User"));
            Assert.Equal(Sorted("\u212Aato", "zed"), InRanges("z"));
            Assert.Equal(Sorted("\u212Aato", "tanaka"), InRanges("tanaka"));

            // The keys: the renamed user by its old name and its new one, the removed user by its last name.
            var history = new ChangeHistory(History);
            string renamedKey = Chain().First(e => e.Subject == "userOld9").SubjectKey;
            Assert.Equal(new[] { renamedKey }, history.FindSubjectKeys(SubjectKind.User, null, name => name.StartsWith("userOld", StringComparison.Ordinal), "userOld*"));
            Assert.Equal(new[] { renamedKey }, history.FindSubjectKeys(SubjectKind.User, null, name => name == "zed", "ze?"));
            Assert.Single(history.FindSubjectKeys(SubjectKind.User, null, name => name == "user1gone", "user1g*"));
            Assert.Empty(history.FindSubjectKeys(SubjectKind.User, null, name => name == "user2", "user1*"));
        }

        [Fact(DisplayName = "Leftovers 19: FindSubjectsNamed finds, in one read, what FindSubjects finds for each of its names: past names, removed users, each kind's comparison")]
        public void ManyNamesAtOnceFindWhatEachNameFindsAlone()
        {
            Store.SaveDevice(null, NewDevice("Old-Name"), ChangeOrigin.Library("tests"));
            Store.SaveDevice(null, NewDevice("keep-1"), ChangeOrigin.Library("tests"));
            Store.SaveDevice(null, NewDevice("keep-2"), ChangeOrigin.Library("tests"));
            Store.SaveUser(null, new User { UserName = "gone" }, ChangeOrigin.Library("tests"));
            Store.SaveUser(null, new User { UserName = "Yamada" }, ChangeOrigin.Library("tests"));
            Device stored = Store.GetDevice("old-name")!;
            Device renamed = stored.Clone();
            renamed.Identifier = "new-name";
            Store.SaveDevice(stored, renamed, ChangeOrigin.Library("tests"));
            Store.SaveUser(Store.GetUser("gone"), null, ChangeOrigin.Library("tests"));
            // A later device under the old name: the name finds both devices.
            Store.SaveDevice(null, NewDevice("OLD-NAME"), ChangeOrigin.Library("tests"));

            HashSet<(string, string)> Alone(SubjectKind kind, string[] names)
            {
                using IStoreTransaction read = Store.BeginReadTransaction();
                return names.SelectMany(name => History.FindSubjects(kind, name)).Select(s => (s.Key, s.Name)).ToHashSet();
            }

            HashSet<(string, string)> AtOnce(SubjectKind kind, string[] names)
            {
                using IStoreTransaction read = Store.BeginReadTransaction();
                return History.FindSubjectsNamed(kind, names).Select(s => (s.Key, s.Name)).ToHashSet();
            }

            string[] devices = { "old-name", "NEW-NAME", "keep-1", "KEEP-2", "keep-1", "nothing", "Yamada" };
            Assert.Equal(5, Alone(SubjectKind.Device, devices).Count);
            Assert.Equal(Alone(SubjectKind.Device, devices), AtOnce(SubjectKind.Device, devices));
            string[] users = { "gone", "Gone", "yamada", "Yamada", "keep-1" };
            Assert.Equal(2, Alone(SubjectKind.User, users).Count);
            Assert.Equal(Alone(SubjectKind.User, users), AtOnce(SubjectKind.User, users));
            Assert.Empty(AtOnce(SubjectKind.Device, new string[0]));

            // A chunk's worth and more of names (SQLite reads them a chunk at a time): every one found.
            string[] many = Enumerable.Range(0, 1500).Select(i => $"none-{i}").Concat(new[] { "keep-2" }).ToArray();
            Assert.Equal(Alone(SubjectKind.Device, new[] { "keep-2" }), AtOnce(SubjectKind.Device, many));
        }

        [Fact]
        public void ANameASubjectNoLongerHasIsFoundWhileAnEntryThatCarriedItIsLeft()
        {
            Store.SaveDevice(null, NewDevice("Old-Name"), ChangeOrigin.Library("tests"));         // 1
            Store.SaveUser(null, new User { UserName = "gone" }, ChangeOrigin.Library("tests"));   // 2
            Device stored = Store.GetDevice("old-name")!;
            Device renamed = stored.Clone();
            renamed.Identifier = "new-name";
            Store.SaveDevice(stored, renamed, ChangeOrigin.Library("tests"));                      // 3
            Store.SaveUser(Store.GetUser("gone"), null, ChangeOrigin.Library("tests"));            // 4
            Store.SaveDevice(null, NewDevice("other"), ChangeOrigin.Library("tests"));             // 5
            string device = Chain()[0].SubjectKey;
            string user = Chain()[1].SubjectKey;

            HashSet<(string, string)> Found(SubjectKind kind, string? name)
            {
                using IStoreTransaction read = Store.BeginReadTransaction();
                return History.FindSubjects(kind, name).Select(s => (s.Key, s.Name)).ToHashSet();
            }

            void DeleteThrough(long sequence)
            {
                using IStoreTransaction write = Store.BeginTransaction();
                History.DeleteThrough(sequence);
                write.Commit();
            }

            // A renamed device by either name (identifiers ignoring case), a removed user by its name (exactly).
            Assert.Equal(new[] { (device, "Old-Name") }, Found(SubjectKind.Device, "OLD-NAME"));
            Assert.Equal(new[] { (device, "new-name") }, Found(SubjectKind.Device, "New-Name"));
            Assert.Equal(new[] { (user, "gone") }, Found(SubjectKind.User, "gone"));
            Assert.Empty(Found(SubjectKind.User, "Gone"));
            Assert.Equal(3, Found(SubjectKind.Device, null).Count);
            Assert.Equal(new[] { (user, "gone") }, Found(SubjectKind.User, null));

            // Entries removed (Clear-BmgHistory's way: the oldest) take the names only they carried with them. The rename
            // entry (3) names the old name itself (Identifier: Old-Name → new-name), so the old name is found while it is left
            // (twelfth round: a device renamed after a clear is still found by its old name).
            DeleteThrough(2);
            Assert.Equal(new[] { (device, "Old-Name") }, Found(SubjectKind.Device, "old-name"));
            Assert.Equal(new[] { (device, "new-name") }, Found(SubjectKind.Device, "new-name"));
            Assert.Equal(new[] { (user, "gone") }, Found(SubjectKind.User, "gone"));
            DeleteThrough(4);
            Assert.Empty(Found(SubjectKind.Device, "old-name"));
            Assert.Empty(Found(SubjectKind.Device, "new-name"));
            Assert.Empty(Found(SubjectKind.User, null));
            Assert.Equal(new[] { "other" }, Found(SubjectKind.Device, null).Select(s => s.Item2));
        }

        [Fact(DisplayName = "walkthrough 32, 4 and 8: a clear deletes the names index's rows of the entries it removes, carries earlier clears forward, records its reason")]
        public void AClearTakesTheNamesOfTheEntriesItRemovesAndCarriesEarlierClearsForward()
        {
            Store.SaveDevice(null, NewDevice("Old-Name"), ChangeOrigin.Library("tests"));         // 1
            Store.SaveUser(null, new User { UserName = "gone" }, ChangeOrigin.Library("tests"));   // 2
            Device stored = Store.GetDevice("old-name")!;
            Device renamed = stored.Clone();
            renamed.Identifier = "new-name";
            Store.SaveDevice(stored, renamed, ChangeOrigin.Library("tests"));                      // 3: row Old-Name through 3
            Store.SaveUser(Store.GetUser("gone"), null, ChangeOrigin.Library("tests"));            // 4: row gone through 4
            string headBefore = Chain().Last().Hash;

            List<HistoryName> Names()
            {
                using IStoreTransaction read = Store.BeginReadTransaction();
                return History.ReadNames().ToList();
            }

            Assert.Equal(new[] { "Old-Name", "gone" }, Names().Select(n => n.Name).OrderBy(n => n, StringComparer.Ordinal));
            var history = new ChangeHistory(History);
            ChangeEntry first = history.ClearBefore(DateTimeOffset.UtcNow.AddDays(1), ChangeOrigin.Library("Clear-BmgHistory"),
                DateTimeOffset.UtcNow.AddDays(1), reason: "art. 17 request #123")!;                // 5
            Assert.Empty(Names());
            Assert.True(history.Verify().Valid);

            // A rename after the first clear: its row stays through a clear that keeps its entry, and goes with one that doesn't.
            Device current = Store.GetDevice("new-name")!;
            Device again = current.Clone();
            again.Identifier = "newer-name";
            Store.SaveDevice(current, again, ChangeOrigin.Library("tests"));                       // 6: row new-name through 6
            Assert.Equal(new[] { ("new-name", 6L) }, Names().Select(n => (n.Name, n.Through)));
            ChangeEntry second = history.ClearBefore(DateTimeOffset.UtcNow.AddDays(2), ChangeOrigin.Library("Clear-BmgHistory"),
                DateTimeOffset.UtcNow.AddDays(2))!;                                                // 7: removes 5 and 6
            Assert.Empty(Names());
            Assert.Equal(new[] { second.Sequence }, Chain().Select(e => e.Sequence));

            // The first clear's record is carried in the second's hashed entry: Clears lists both, and the head written down
            // before the first clear is vouched for by it, through the entry that carries it.
            HistoryVerification verified = history.Verify(headBefore);
            Assert.True(verified.Valid, verified.Reason);
            Assert.Equal(new[] { first.Sequence, second.Sequence }, verified.Clears.Select(c => c.Sequence));
            Assert.Equal(second.Sequence, verified.Clears[0].CarriedBy);
            Assert.Equal("art. 17 request #123", verified.Clears[0].Reason);
            Assert.Equal(4, verified.Clears[0].RemovedEntries);
            Assert.Null(verified.Clears[1].CarriedBy);
            Assert.Equal(2, verified.Clears[1].RemovedEntries);
            Assert.StartsWith("Entry 4, removed by the Clear-BmgHistory of ", verified.KnownEntry);
        }

        [Fact(DisplayName = "walkthrough 35, 3: who a clear was ordered for (-ChangedBy) is named beside the OS user, and a later clear carries it")]
        public void AClearNamesWhoItWasOrderedForAndALaterClearKeepsThatName()
        {
            Store.SaveDevice(null, NewDevice("p-1"), ChangeOrigin.Library("tests"));                                     // 1
            var history = new ChangeHistory(History);
            var admin = new ChangeActor("admin", "server");
            ChangeEntry first = history.ClearBefore(DateTimeOffset.UtcNow.AddDays(1), new ChangeOrigin("Clear-BmgHistory", changedBy: @"CONTOSO\dpo"),
                DateTimeOffset.UtcNow.AddDays(1), admin)!;                                                                 // 2
            Store.SaveDevice(null, NewDevice("p-2"), ChangeOrigin.Library("tests"));                                     // 3
            ChangeEntry second = history.ClearBefore(DateTimeOffset.UtcNow.AddDays(2), new ChangeOrigin("Clear-BmgHistory"),
                DateTimeOffset.UtcNow.AddDays(2), admin)!;                                                                 // 4: removes 2 and 3

            // The second clear, ordered for no one, carries the first's person in its hashed entry: Clears still names both.
            HistoryVerification verified = history.Verify();
            Assert.True(verified.Valid, verified.Reason);
            Assert.Equal(new[] { first.Sequence, second.Sequence }, verified.Clears.Select(c => c.Sequence));
            Assert.Equal(second.Sequence, verified.Clears[0].CarriedBy);
            Assert.Equal(new[] { @"CONTOSO\dpo", "" }, verified.Clears.Select(c => c.ChangedBy));
            Assert.EndsWith($@" admin@server for CONTOSO\dpo removed 1 entry (record in entry {second.Sequence})", verified.Clears[0].ToString());
            Assert.EndsWith(@" by admin@server for CONTOSO\dpo", verified.Clears[0].Describe());
            Assert.EndsWith(" by admin@server", verified.Clears[1].Describe());
            Assert.EndsWith(" admin@server removed 2 entries (carries 1 clear)", verified.Clears[1].ToString());
        }

        [Fact]
        public void ALongTransactionRolledBackWhileABatchIsHashedKeepsNoneOfIt()
        {
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                for (int i = 0; i < 2 * HistoryRecorder.EntriesPerFlush + 5; i++)
                {
                    Store.SaveDevice(null, NewDevice($"dev-{i}"), ChangeOrigin.Library("tests"));
                }
            }

            Assert.Empty(Chain());
            Store.SaveDevice(null, NewDevice("after"), ChangeOrigin.Library("tests"));
            ChangeEntry entry = Assert.Single(Chain());
            Assert.Equal((1L, HistoryChain.GenesisHash), (entry.Sequence, entry.PreviousHash));
        }

        [Fact]
        public void AMigratedOldStoreRecordsAndNeverHandsOutAKeyAgain()
        {
            IDeviceStore old = Track(OpenOldestStore());
            old.SaveDevice(old.GetDevice("apple002"), null, ChangeOrigin.Library("tests"));
            old.SaveDevice(old.GetDevice("apple001"), null, ChangeOrigin.Library("tests"));
            old.SaveDevice(null, NewDevice("apple003"), ChangeOrigin.Library("tests"));

            List<ChangeEntry> chain = ChainOf(old);
            Assert.Equal(new[] { ChangeAction.Removed, ChangeAction.Removed, ChangeAction.Created }, chain.Select(e => e.Action));
            Assert.Equal(3, chain.Select(e => e.SubjectKey).Distinct().Count());
            Assert.True(HistoryChain.Verify(chain).Valid);
        }
    }
}
