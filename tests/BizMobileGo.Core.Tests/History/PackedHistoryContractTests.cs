using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using Xunit;

namespace BizMobileGo.Core.Tests.History
{
    /// <summary>
    /// Every store keeps a run of created users and devices (an import's new records) as one row of
    /// change_history_packs. These tests import into a real store, then read, clear and edit its tables by hand: what
    /// comes back must be exactly what was appended, and hand edits must be named as for rows. Each store derives a
    /// class that gives its store, its raw SQL and the SQL dialect of a hand edit (PackedHistoryTests for SQLite,
    /// PostgresPackedHistoryTests for PostgreSQL), and keeps there the cases only that store has.
    /// </summary>
    public abstract partial class PackedHistoryContractTests : IDisposable
    {
        protected const int Rows = 40;

        /// <summary>The store under test (made on first use).</summary>
        protected abstract IDeviceStore Store { get; }

        /// <summary>The time the next import's clock reports (the entries carry the store's clock).</summary>
        protected abstract DateTimeOffset Now { get; set; }

        /// <summary>Imports <paramref name="csv"/> into <see cref="Store"/> at <see cref="Now"/> (for <paramref name="changedBy"/>: -ChangedBy), asserting no row failed and it committed.</summary>
        protected abstract void Import(string csv, string changedBy = "");

        /// <summary>The first column of the first row of <paramref name="sql"/>, read on a raw connection of its own.</summary>
        protected abstract object? RawScalar(string sql);

        /// <summary>Runs <paramref name="sql"/> on a raw connection; <paramref name="blob"/>, when given, is the parameter <see cref="BlobParameter"/>.</summary>
        protected abstract void Exec(string sql, byte[]? blob = null);

        /// <summary>How the store's SQL names a parameter called blob.</summary>
        protected abstract string BlobParameter { get; }

        /// <summary>A bytes literal of <paramref name="hex"/> in the store's SQL.</summary>
        protected abstract string Bytes(string hex);

        /// <summary>The entries column from byte <paramref name="from"/> (1-based), <paramref name="count"/> bytes (or to its end).</summary>
        protected abstract string EntriesFrom(int from, string? count = null);

        /// <summary>The entries column's length in bytes.</summary>
        protected abstract string EntriesLength { get; }

        /// <summary>A time long before the store's entries, as the at column takes it.</summary>
        protected abstract string LongAgo { get; }

        /// <summary>A previous hash of zeros, as the previous_hash column takes it.</summary>
        protected abstract string ZeroHash { get; }

        /// <summary>
        /// Asserts <paramref name="refused"/> (thrown by <see cref="Exec"/>) is the store's refusal of a sequence already used (a
        /// unique key's violation on change_history's primary key, or the triggers that stand for it beside the packs) and
        /// returns the error the store makes of it.
        /// </summary>
        protected abstract BmgException AsStoreError(Exception refused);

        /// <summary>
        /// The store's schema version before canonical form version 2 (SQLite 15, PostgreSQL 12): what a module that hashes
        /// every entry with version 1 knows, and refuses a store above.
        /// </summary>
        protected abstract int VersionBeforeCanonicalForm2 { get; }

        /// <summary>The store's schema version before canonical form version 4 (a created record made for someone: forty-second round).</summary>
        protected abstract int VersionBeforeCanonicalForm4 { get; }

        /// <summary>The schema version this module migrates a store to.</summary>
        protected abstract int CurrentStoreVersion { get; }

        /// <summary>The store's schema version as its marker holds it, read and written by hand.</summary>
        protected abstract int StoreVersion { get; set; }

        /// <summary>Closes <see cref="Store"/>; its next use opens the store again (and migrates it, as any open does).</summary>
        protected abstract void Reopen();

        /// <summary>True where the list of every subject of a kind names each once (SQLite); PostgreSQL's may repeat a pair.</summary>
        protected virtual bool ListsEachSubjectOnce => false;

        /// <summary>Asserts what the store keeps of the names its packs hold that the subjects dev-0005, dev-0009 and user-0009 no longer have.</summary>
        protected virtual void AssertPackedNamesKept()
        {
        }

        public virtual void Dispose()
        {
        }

        protected IHistoryStore History => (IHistoryStore)Store;

        protected static string Csv(int first, int count) => string.Join("\n", new[] { "UserName,Name,Identifier,OS,DisplayName" }
            .Concat(Enumerable.Range(first, count).Select(i => string.Format(CultureInfo.InvariantCulture, "user-{0:D4},名前 {0},dev-{0:D4},ios,Device \"{0}\"", i)))) + "\n";

        /// <summary>An import of <paramref name="count"/> new users and devices: 2 × count entries, all in packs.</summary>
        protected void ImportNew(int first = 1, int count = Rows, string changedBy = "") => Import(Csv(first, count), changedBy);

        protected List<ChangeEntry> Chain()
        {
            using IStoreTransaction read = Store.BeginReadTransaction();
            return History.ReadChain().ToList();
        }

        protected HistoryVerification Verify() => new ChangeHistory(History).Verify();

        protected Device Device(string identifier) => Store.GetDevice(identifier) ?? throw new Xunit.Sdk.XunitException($"no device '{identifier}'");

        protected long Scalar(string sql) => Convert.ToInt64(RawScalar(sql), CultureInfo.InvariantCulture);

        protected byte[] PackBlob(long firstSequence) => (byte[])RawScalar($"SELECT entries FROM change_history_packs WHERE first_sequence = {firstSequence};")!;

        protected static string Describe(ChangeEntry e) =>
            string.Join("|", e.Sequence, HistoryTime.ToText(e.At), e.OsUser, e.Host, e.Command, e.ImportId, e.Line, e.SubjectKind, e.SubjectKey, e.Subject,
                e.Action, ChangeListText.Write(e.Changes), e.PreviousHash, e.Hash);

        private int CountSubjects(SubjectKind kind)
        {
            List<HistorySubject> all = History.FindSubjects(kind, null).ToList();
            if (ListsEachSubjectOnce)
            {
                Assert.Equal(all.Count, all.Select(s => (s.Key, s.Name)).Distinct().Count());
            }

            return all.Select(s => (s.Key, s.Name)).Distinct().Count();
        }

        /// <summary>Two imports (two packs, the second from <c>second</c>) and a device saved after them (a row).</summary>
        protected long TwoPacksAndARow()
        {
            ImportNew();
            Now = Now.AddMinutes(1);
            ImportNew(Rows + 1, 20);
            Store.SaveDevice(null, new Device { Identifier = "single", PlainCode = "A7K29QX4", OS = "ios" }, ChangeOrigin.Library("tests"));
            long second = Scalar("SELECT max(first_sequence) FROM change_history_packs;");
            Assert.True(second > 1);
            Assert.True(Verify().Valid);
            return second;
        }

        /// <summary>Asserts the history doesn't verify, naming <paramref name="first"/> as its first bad entry, and that nothing is cleared from it.</summary>
        private HistoryVerification AssertNamedAndNotCleared(long first)
        {
            HistoryVerification check = Verify();
            Assert.False(check.Valid);
            Assert.Equal(first, check.FirstBadEntry);

            // Nothing is cleared from a history that doesn't verify.
            BmgException refused = Assert.Throws<BmgException>(() =>
                new ChangeHistory(History).ClearBefore(DateTimeOffset.UtcNow.AddDays(1), ChangeOrigin.Library("Clear-BmgHistory"), DateTimeOffset.UtcNow.AddDays(1)));
            Assert.Equal(ErrorIds.HistoryTampered, refused.ErrorId);
            return check;
        }

        [Fact]
        public void AnImportsCreatedRecordsArePackedAndReadBackAsTheyWereAppended()
        {
            ImportNew();

            Assert.Equal(0, Scalar("SELECT count(*) FROM change_history;"));
            Assert.True(Scalar("SELECT count(*) FROM change_history_packs;") >= 1);
            Assert.Equal(2 * Rows, Scalar("SELECT sum(last_sequence - first_sequence + 1) FROM change_history_packs;"));

            List<ChangeEntry> chain = Chain();
            Assert.Equal(Enumerable.Range(1, 2 * Rows).Select(i => (long)i), chain.Select(e => e.Sequence));
            Assert.True(HistoryChain.Verify(chain).Valid);
            // Every entry still hashes to what it carries (so every field read back as it was hashed), and links on.
            Assert.All(chain, e => Assert.Equal(HistoryCanonicalForm.Hash(e), e.Hash));
            Assert.Equal(HistoryChain.GenesisHash, chain[0].PreviousHash);
            Assert.All(chain.Skip(1).Zip(chain), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));

            ChangeEntry device = chain.Single(e => e.Subject == "dev-0007");
            Assert.Equal((ChangeAction.Created, SubjectKind.Device, 8, "Import-BmgDeviceCsv"), (device.Action, device.SubjectKind, device.Line, device.Command));
            Assert.NotNull(device.ImportId);
            Assert.Contains(device.Changes, c => c.ToString() == "DisplayName: (none) \u2192 Device \"7\"");
            Assert.Contains(chain.Single(e => e.Subject == "user-0007").Changes, c => c.ToString() == "Name: (none) \u2192 名前 7");

            using (IStoreTransaction write = Store.BeginTransaction())
            {
                HistoryHead head = History.ReadHead()!;
                Assert.Equal((chain[^1].Sequence, chain[^1].Hash), (head.Sequence, head.Hash));
            }
        }

        [Fact(DisplayName = "A created device written outside an import is recorded as it was written, though its object changes before the batch is hashed aside")]
        public void ACreatedDeviceOutsideAnImportIsRecordedAsWrittenThoughItsObjectChangesLater()
        {
            // Only an import's created records have their entries made later, on the hashing thread (RecordedWrite): any
            // other write's object is the caller's, who may change it before the transaction's batches are hashed.
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                for (int i = 0; i <= HistoryRecorder.HashAsideFrom; i++)
                {
                    var device = new Device { Identifier = $"caller-{i:D3}", PlainCode = "A7K29QX4", OS = "ios", DisplayName = "as written" };
                    Store.SaveDevice(null, device, ChangeOrigin.Library("tests"));
                    device.DisplayName = "changed after the write";
                }

                write.Commit();
            }

            List<ChangeEntry> created = Chain().Where(e => e.Subject.StartsWith("caller-", StringComparison.Ordinal)).ToList();
            Assert.Equal(HistoryRecorder.HashAsideFrom + 1, created.Count);
            Assert.All(created, e => Assert.Contains(e.Changes, c => c.ToString() == "DisplayName: (none) \u2192 as written"));
            Assert.True(Verify().Valid, Verify().Reason);
        }

        [Fact]
        public void QueriesAndLookUpsFindPackedEntriesByKindKeyTimeAndName()
        {
            ImportNew();
            List<ChangeEntry> chain = Chain();
            ChangeEntry device = chain.Single(e => e.Subject == "dev-0013");
            ChangeEntry user = chain.Single(e => e.Subject == "user-0013");
            var history = new ChangeHistory(History);

            var byKey = new HistoryQuery(SubjectKind.Device) { SubjectKeys = new[] { device.SubjectKey } };
            Assert.Equal(new[] { Describe(device) }, history.Query(byKey).Select(Describe));
            var userByKey = new HistoryQuery(SubjectKind.User) { SubjectKeys = new[] { user.SubjectKey } };
            Assert.Equal(new[] { Describe(user) }, history.Query(userByKey).Select(Describe));

            // A user's and a device's key may be equal: a query of one kind never returns the other's entry.
            var sameNumber = new HistoryQuery(SubjectKind.User) { SubjectKeys = new[] { device.SubjectKey } };
            Assert.All(history.Query(sameNumber), e => Assert.Equal(SubjectKind.User, e.SubjectKind));

            List<ChangeEntry> devices = history.Query(new HistoryQuery(SubjectKind.Device)).ToList();
            Assert.Equal(Rows, devices.Count);
            Assert.Equal(devices.Select(e => e.Sequence).OrderByDescending(s => s), devices.Select(e => e.Sequence));
            Assert.Empty(history.Query(new HistoryQuery(SubjectKind.Device) { Since = device.At.AddTicks(10) }));
            Assert.Equal(Rows, history.Query(new HistoryQuery(SubjectKind.Device) { Until = device.At }).Count());
            Assert.Empty(history.Query(new HistoryQuery(SubjectKind.Device) { Until = device.At.AddTicks(-10) }));

            using (IStoreTransaction read = Store.BeginReadTransaction())
            {
                Assert.Equal(new[] { (device.SubjectKey, "dev-0013") }, History.FindSubjects(SubjectKind.Device, "DEV-0013").Select(s => (s.Key, s.Name)));
                Assert.Equal(new[] { (user.SubjectKey, "user-0013") }, History.FindSubjects(SubjectKind.User, "user-0013").Select(s => (s.Key, s.Name)));
                Assert.Empty(History.FindSubjects(SubjectKind.User, "USER-0013"));
                Assert.Equal(Rows, CountSubjects(SubjectKind.Device));
                Assert.Equal(Rows, CountSubjects(SubjectKind.User));
            }

            // A device made outside the import has entries in rows only; it is found, and the packed ones still are.
            Store.SaveDevice(null, new Device { Identifier = "single", PlainCode = "A7K29QX4", OS = "ios" }, ChangeOrigin.Library("tests"));
            using (IStoreTransaction read = Store.BeginReadTransaction())
            {
                Assert.Equal(Rows + 1, CountSubjects(SubjectKind.Device));
                Assert.Single(History.FindSubjects(SubjectKind.Device, "single"));
            }
        }

        [Fact]
        public void RowsAfterPacksMergeInSequenceAndARenamedOrRemovedSubjectIsFoundByItsPackedName()
        {
            ImportNew();
            Device stored = Device("dev-0005");
            Device renamed = stored.Clone();
            renamed.Identifier = "renamed-0005";
            Store.SaveDevice(stored, renamed, ChangeOrigin.Library("tests"));
            Store.SaveDevice(Device("dev-0009"), null, ChangeOrigin.Library("tests"));
            Store.SaveUser(Store.GetUser("user-0009"), null, ChangeOrigin.Library("tests"));
            Now = Now.AddMinutes(5);
            ImportNew(Rows + 1, 20);

            List<ChangeEntry> chain = Chain();
            Assert.Equal(Enumerable.Range(1, 2 * Rows + 3 + 40).Select(i => (long)i), chain.Select(e => e.Sequence));
            Assert.True(HistoryChain.Verify(chain).Valid);
            Assert.Equal(3, Scalar("SELECT count(*) FROM change_history;"));
            AssertPackedNamesKept();

            string key = chain.Single(e => e.Subject == "dev-0005").SubjectKey;
            using (IStoreTransaction read = Store.BeginReadTransaction())
            {
                Assert.Equal(new[] { (key, "dev-0005") }, History.FindSubjects(SubjectKind.Device, "DEV-0005").Select(s => (s.Key, s.Name)));
                Assert.Equal(new[] { (key, "renamed-0005") }, History.FindSubjects(SubjectKind.Device, "renamed-0005").Select(s => (s.Key, s.Name)));
                Assert.Single(History.FindSubjects(SubjectKind.Device, "dev-0009"));
                Assert.Single(History.FindSubjects(SubjectKind.User, "user-0009"));
                Assert.Empty(History.FindSubjects(SubjectKind.User, "USER-0009"));
                // Every device with entries by each name it had: dev-0005 twice, the removed dev-0009 by its name.
                Assert.Equal(Rows + 20 + 1, CountSubjects(SubjectKind.Device));
            }

            var history = new ChangeHistory(History);
            Assert.Equal(new[] { ChangeAction.Changed, ChangeAction.Created },
                history.Query(new HistoryQuery(SubjectKind.Device) { SubjectKeys = new[] { key } }).Select(e => e.Action));
            Assert.Equal(Rows + 20, history.Query(new HistoryQuery(SubjectKind.Device)).Count(e => e.Action == ChangeAction.Created));
        }

        [Fact]
        public void AStoreRenamedTwiceInOneTransactionKeepsItsPackedNameOnce()
        {
            ImportNew();
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                Device first = Device("dev-0003");
                Device second = first.Clone();
                second.Identifier = "dev-0003-b";
                Store.SaveDevice(first, second, ChangeOrigin.Library("tests"));
                Device third = second.Clone();
                third.Identifier = "dev-0003-c";
                Store.SaveDevice(Device("dev-0003-b"), third, ChangeOrigin.Library("tests"));
                write.Commit();
            }

            Assert.True(Verify().Valid);
            using IStoreTransaction read = Store.BeginReadTransaction();
            foreach (string name in new[] { "dev-0003", "dev-0003-b", "dev-0003-c" })
            {
                Assert.Single(History.FindSubjects(SubjectKind.Device, name));
            }
        }

        /// <summary>
        /// An import (packed), dev-0005 renamed to renamed-0005 and then changed, dev-0009 removed: the names index holds
        /// dev-0005 (through the rename's entry) and dev-0009 (through the removal's). Returns the rename's entry.
        /// </summary>
        private ChangeEntry RenamedAndRemoved()
        {
            ImportNew();
            Device stored = Device("dev-0005");
            Device renamed = stored.Clone();
            renamed.Identifier = "renamed-0005";
            Store.SaveDevice(stored, renamed, ChangeOrigin.Library("tests"));
            Device changed = Device("renamed-0005").Clone();
            changed.DisplayName = "changed after the rename";
            Store.SaveDevice(Device("renamed-0005"), changed, ChangeOrigin.Library("tests"));
            Store.SaveDevice(Device("dev-0009"), null, ChangeOrigin.Library("tests"));
            Assert.True(Verify().Valid);
            return Chain().Single(e => e.RenamedFrom == "dev-0005");
        }

        [Theory(DisplayName = "Walkthrough 21: a hand edit of the names index (what the look-ups by a past name read) is found by Test-BmgHistory's check while the chain holds")]
        [InlineData("renamed")]
        [InlineData("deleted")]
        [InlineData("grafted")]
        [InlineData("moved")]
        public void AHandEditOfTheNamesIndexIsNamedWhileTheChainHolds(string edit)
        {
            ChangeEntry rename = RenamedAndRemoved();
            string otherKey = Chain().Single(e => e.Subject == "dev-0001").SubjectKey;
            (string sql, string name, string key, string said) = edit switch
            {
                // The walkthrough's edits: the old name hidden (the row renamed: now backed by nothing, and the old name has none),
                // deleted, another device's entries grafted onto the old name, the row pointed at another subject's entry.
                "renamed" => ("UPDATE change_history_names SET subject = 'zz' WHERE subject = 'dev-0005';", "zz", rename.SubjectKey, "inserted or altered by hand"),
                "deleted" => ("DELETE FROM change_history_names WHERE subject = 'dev-0005';", "dev-0005", rename.SubjectKey, "has no row"),
                "grafted" => ($"INSERT INTO change_history_names (subject_kind, subject_key, subject, through) VALUES ('Device', '{otherKey}', 'dev-0005', {rename.Sequence});",
                    "dev-0005", otherKey, "inserted or altered by hand"),
                _ => ("UPDATE change_history_names SET through = 1 WHERE subject = 'dev-0009';", "dev-0009", Chain().Single(e => e.Subject == "dev-0009" && e.Action == ChangeAction.Removed).SubjectKey, "inserted or altered by hand"),
            };
            Exec(sql);

            HistoryVerification check = Verify();
            Assert.False(check.Valid);
            Assert.Null(check.FirstBadEntry);
            Assert.NotNull(check.BadName);
            Assert.Equal((SubjectKind.Device, key, name), (check.BadName!.Kind, check.BadName.Key, check.BadName.Name));
            Assert.Contains(said, check.Reason);
            Assert.Contains($"'{name}'", check.Reason);

            // Reported as every tamper finding is (HistoryTampered), naming the row, not an entry; an unknown hash doesn't hide it.
            BmgException error = ChangeHistory.Failure(check, null);
            Assert.Equal(ErrorIds.HistoryTampered, error.ErrorId);
            Assert.Same(check.BadName, error.Target);
            string unknown = new string('a', 64);
            Assert.Equal(ErrorIds.HistoryTampered, ChangeHistory.Failure(new ChangeHistory(History).Verify(unknown), unknown).ErrorId);

            // Nor is such a history cleared: the clear would hide the edit with the entries it removes.
            long before = Chain().Count;
            BmgException refused = Assert.Throws<BmgException>(() =>
                new ChangeHistory(History).ClearBefore(DateTimeOffset.UtcNow.AddDays(1), ChangeOrigin.Library("Clear-BmgHistory"), DateTimeOffset.UtcNow.AddDays(1)));
            Assert.Equal(ErrorIds.HistoryTampered, refused.ErrorId);
            Assert.Equal(before, Chain().Count);
        }

        [Theory(DisplayName = "Walkthrough 21, finding 4: an entry inserted past the head, or two entries swapped, is named as altered (its hash covers its number), as README says")]
        [InlineData("inserted")]
        [InlineData("swapped")]
        public void AnInsertedOrSwappedEntryIsNamedAsAlteredItsContentNoLongerMatchingItsHash(string edit)
        {
            RenamedAndRemoved();
            long head = Chain()[^1].Sequence;
            const string Columns = "at, os_user, host, command, import_id, line, subject_kind, subject_key, subject, action, changes";
            // The walkthrough's edits: the head's row copied past it (its hash as both hashes), the two rows before the head swapped.
            Exec(edit == "inserted"
                ? $"INSERT INTO change_history (sequence, {Columns}, previous_hash, hash) SELECT {head + 1}, {Columns}, hash, hash FROM change_history WHERE sequence = {head};"
                : $"UPDATE change_history SET sequence = -5 WHERE sequence = {head - 2}; UPDATE change_history SET sequence = {head - 2} WHERE sequence = {head - 1}; UPDATE change_history SET sequence = {head - 1} WHERE sequence = -5;");

            HistoryVerification check = Verify();
            long bad = edit == "inserted" ? head + 1 : head - 2;
            Assert.False(check.Valid);
            Assert.Equal(bad, check.FirstBadEntry);
            Assert.StartsWith($"Entry {bad} (device ", check.Reason);
            Assert.EndsWith(" was altered: its content no longer matches its hash.", check.Reason);
        }

        [Fact(DisplayName = "Walkthrough 21 and 32, 4: a clear deletes the names of the entries it removed; rows an older version left are ignored by the check as by the look-ups")]
        public void TheNamesOfClearedEntriesAreIgnoredByTheCheckAsByTheLookUps()
        {
            ChangeEntry rename = RenamedAndRemoved();
            long namesBefore = Scalar($"SELECT count(*) FROM change_history_names WHERE through <= {rename.Sequence + 2};");
            Assert.True(namesBefore > 0);
            Now = Now.AddDays(1);
            ImportNew(Rows + 1, 20);
            DateTimeOffset secondImport = Chain().Single(e => e.Subject == "user-0041").At;
            Assert.NotNull(new ChangeHistory(History).ClearBefore(secondImport, ChangeOrigin.Library("Clear-BmgHistory"), secondImport.AddMinutes(1)));
            Assert.Equal(0, Scalar("SELECT count(*) FROM change_history_names;"));
            Assert.True(Verify().Valid);

            // A store cleared by a version before the thirty-second round kept them: such a row, below the chain's start, is
            // read by neither the look-ups nor the check.
            Exec($"INSERT INTO change_history_names (subject_kind, subject_key, subject, through) VALUES ('Device', {rename.SubjectKey}, 'dev-0005', {rename.Sequence});");
            Assert.True(Verify().Valid);

            // A rename after the clear, from a name whose older entries are gone: the rename's entry backs its row.
            Device stored = Device("renamed-0005");
            Device again = stored.Clone();
            again.Identifier = "again-0005";
            Store.SaveDevice(stored, again, ChangeOrigin.Library("tests"));
            Assert.True(Verify().Valid);

            // And that row is checked: deleted, the check names it.
            Exec("DELETE FROM change_history_names WHERE subject = 'renamed-0005';");
            HistoryVerification check = Verify();
            Assert.False(check.Valid);
            Assert.Equal("renamed-0005", check.BadName?.Name);
        }

        [Fact]
        public void ClearingThroughTheMiddleOfAPackKeepsTheRestLinkedAndVerifiable()
        {
            ImportNew();
            List<ChangeEntry> before = Chain();
            const long through = 23;

            using (IStoreTransaction write = Store.BeginTransaction())
            {
                Assert.Equal(through, History.DeleteThrough(through));
                write.Commit();
            }

            List<ChangeEntry> after = Chain();
            Assert.Equal(before.Skip((int)through).Select(Describe), after.Select(Describe));
            Assert.Equal(before[(int)through - 1].Hash, after[0].PreviousHash);
            Assert.All(after, e => Assert.Equal(HistoryCanonicalForm.Hash(e), e.Hash));
            Assert.Equal(0, Scalar("SELECT count(*) FROM change_history;"));
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                Assert.Equal(before[^1].Hash, History.ReadHead()!.Hash);
            }
        }

        [Fact]
        public void ClearBmgHistoryRemovesWholePacksAndWhatIsLeftVerifies()
        {
            ImportNew();
            // Clear-BmgHistory's own way (by time) after a second import: the first import's packs go whole, the chain verifies.
            Now = Now.AddDays(1);
            ImportNew(Rows + 1, 20);
            // Entries carry the store's clock (not the import's): clear before the second import's first entry.
            List<ChangeEntry> chain = Chain();
            DateTimeOffset secondImport = chain.Single(e => e.Subject == "user-0041").At;
            Assert.True(secondImport > chain[0].At);

            ChangeEntry cleared = new ChangeHistory(History).ClearBefore(secondImport, ChangeOrigin.Library("Clear-BmgHistory"), secondImport.AddMinutes(1))!;
            Assert.Equal(2 * Rows, long.Parse(cleared.Changes.Single(c => c.Field == HistoryChain.RemovedEntriesField).NewValue!, CultureInfo.InvariantCulture));
            Assert.True(Verify().Valid);
            Assert.Equal(41, Chain().Count);
            using IStoreTransaction read = Store.BeginReadTransaction();
            Assert.Empty(History.FindSubjects(SubjectKind.Device, "dev-0030"));
            Assert.Single(History.FindSubjects(SubjectKind.Device, "dev-0050"));
        }

        [Fact]
        public void ClearBmgHistoryCountsThePackedEntriesItWouldRemoveAndRemovesNothingWhenDeclined()
        {
            ImportNew();
            Now = Now.AddDays(1);
            ImportNew(Rows + 1, 20);
            List<ChangeEntry> chain = Chain();
            DateTimeOffset secondImport = chain.Single(e => e.Subject == "user-0041").At;
            var history = new ChangeHistory(History);

            // Entries, not rows: the first import's 2 * Rows entries are packs, a few rows of the store's table at most.
            Assert.True(Scalar("SELECT count(*) FROM change_history_packs;") > 0);
            Assert.Equal(2 * Rows, history.CountBefore(secondImport));

            long asked = -1;
            ChangeEntry? declined = history.ClearBefore(secondImport, ChangeOrigin.Library("Clear-BmgHistory"), secondImport.AddMinutes(1),
                count => { asked = count; return false; });
            Assert.Null(declined);
            Assert.Equal(2 * Rows, asked);
            Assert.Equal(chain.Select(e => e.Hash), Chain().Select(e => e.Hash));

            ChangeEntry? cleared = history.ClearBefore(secondImport, ChangeOrigin.Library("Clear-BmgHistory"), secondImport.AddMinutes(1), count => true);
            Assert.Equal(asked.ToString(CultureInfo.InvariantCulture), cleared!.Changes.Single(c => c.Field == HistoryChain.RemovedEntriesField).NewValue);
            Assert.Equal(0, history.CountBefore(secondImport));
        }

        [Fact]
        public void AnImportsCreatedRecordsAreHashedWithCanonicalVersion2()
        {
            ImportNew();

            List<ChangeEntry> chain = Chain();
            Assert.All(chain, e =>
            {
                byte[] bytes = HistoryCanonicalForm.Bytes(e);
                Assert.Equal(HistoryCanonicalForm.Version2, Encoding.UTF8.GetString(bytes, 5, HistoryCanonicalForm.Version2.Length));
                Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)).ToLowerInvariant(), e.Hash);
                Assert.NotEqual(HistoryCanonicalForm.RowFormHash(e), e.Hash);
                // Version 2 hashes a third of version 1's bytes.
                Assert.True(bytes.Length * 2 < HistoryCanonicalForm.RowFormBytes(e).Length, $"{bytes.Length} bytes");
            });
            Assert.True(Verify().Valid);
        }

        /// <summary>
        /// Devices old-1, old-2, … created as a store of an older module created them: each a row the store keyed itself
        /// (so an import after them takes keys above theirs, as packs' key ranges require), and its created record
        /// hashed with canonical version 1, the first <paramref name="packed"/> in one run (a pack), then three with
        /// another header (rows). Each created record names every field its row has, as the older module's diff named them
        /// (Test-BmgHistory -Records compares the rows with it). Returns the records as linked. With <paramref name="changedBy"/>,
        /// made for that name and hashed with version 3, as the module before canonical version 4 hashed them.
        /// </summary>
        private List<ChangeEntry> AppendVersion1Entries(int packed, string changedBy = "")
        {
            // As both stores write a device's times (SQLite's text of seven fraction digits; PostgreSQL reads it as a timestamptz).
            const string DeviceLongAgo = "'2001-01-01T00:00:00.0000000Z'";
            _ = Store; // made (its schema created) before the hand-made rows go into it
            var keys = new List<long>();
            for (int i = 1; i <= packed + 3; i++)
            {
                Exec("INSERT INTO devices (identifier, code, os, expiration_days, state, created_at, saved_at) "
                    + $"VALUES ('old-{i}', 'A7K29QX4', 'ios', 30, 'Registered', {DeviceLongAgo}, {DeviceLongAgo});");
                keys.Add(Scalar($"SELECT device_id FROM devices WHERE identifier = 'old-{i}';"));
            }

            var linked = new List<ChangeEntry>();
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                HistoryHead? head = History.ReadHead();
                long sequence = head?.Sequence ?? 0;
                string previous = head?.Hash ?? HistoryChain.GenesisHash;
                for (int i = 0; i < packed + 3; i++)
                {
                    string command = i < packed ? "Import-BmgDeviceCsv" : "New-BmgDevice";
                    long key = keys[i];
                    string identifier = $"old-{i + 1}";
                    IReadOnlyList<FieldChange> created = ChangeDiff.Of(null, new Device { Identifier = identifier, PlainCode = "A7K29QX4", OS = "ios", ExpirationDays = 30 });
                    ChangeEntry Made(string hash) => new ChangeEntry(sequence, Now.AddDays(-30), "older", "kitting-01", command, null, i < packed ? i + 2 : null,
                        SubjectKind.Device, key.ToString(CultureInfo.InvariantCulture), identifier, ChangeAction.Created, created, previous, hash, changedBy);
                    sequence++;
                    ChangeEntry entry = Made(HistoryCanonicalForm.RowFormHash(Made("")));
                    linked.Add(entry);
                    previous = entry.Hash;
                }

                History.Append(linked);
                write.Commit();
            }

            return linked;
        }

        [Fact]
        public void AStoreOfVersion1EntriesAppendedToWithVersion2StillVerifiesAsAWhole()
        {
            List<ChangeEntry> older = AppendVersion1Entries(ChangeEntryPack.MinEntries + 4);
            Assert.Equal(1, Scalar("SELECT count(*) FROM change_history_packs;"));
            Assert.Equal(3, Scalar("SELECT count(*) FROM change_history;"));
            Now = Now.AddMinutes(1);
            ImportNew();

            List<ChangeEntry> chain = Chain();
            Assert.Equal(older.Select(Describe), chain.Take(older.Count).Select(Describe));
            Assert.All(chain.Take(older.Count), e => Assert.Equal(HistoryCanonicalForm.RowFormHash(e), e.Hash));
            Assert.All(chain.Skip(older.Count), e => Assert.Equal(HistoryCanonicalForm.Hash(e), e.Hash));
            Assert.Equal(older[^1].Hash, chain[older.Count].PreviousHash);
            HistoryVerification check = Verify();
            Assert.True(check.Valid, check.Reason);
            Assert.Equal(chain.Count, check.Entries);

            // Cleared through the middle of the older pack: its kept entries, packed again, keep their version-1 hashes.
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                History.DeleteThrough(5);
                write.Commit();
            }

            Assert.Equal(chain.Skip(5).Select(Describe), Chain().Select(Describe));
            Assert.Null(HistoryChain.PairFaults(Chain()).Select(f => (long?)f.Sequence).FirstOrDefault());
        }

        [Fact]
        public void AStoreOfTheVersionBeforeCanonicalForm2IsUpgradedWithItsHistoryAsItWasAndChainsOnInVersion2()
        {
            // A store as the module before canonical form version 2 left it: its created records hashed with version 1.
            List<ChangeEntry> older = AppendVersion1Entries(ChangeEntryPack.MinEntries + 4);
            Assert.True(StoreVersion > VersionBeforeCanonicalForm2, "a store this module writes version-2 entries to is of a version the module before refuses");
            // Read before the version is set back: this process's store reads the columns of its own version (changed_by).
            List<string> entriesBefore = Chain().Select(Describe).ToList();
            byte[] packBefore = PackBlob(1);
            StoreVersion = VersionBeforeCanonicalForm2;

            Reopen();
            Assert.Equal(entriesBefore, Chain().Select(Describe));
            Assert.Equal(CurrentStoreVersion, StoreVersion);
            Assert.Equal(packBefore, PackBlob(1));
            Assert.Equal(1, Scalar("SELECT count(*) FROM change_history_packs;"));
            Assert.Equal(3, Scalar("SELECT count(*) FROM change_history;"));
            HistoryVerification upgraded = Verify();
            Assert.True(upgraded.Valid, upgraded.Reason);
            Assert.Equal(older.Count, upgraded.Entries);
            Assert.Equal(older[^1].Hash, upgraded.HeadHash);

            Now = Now.AddMinutes(1);
            ImportNew();
            List<ChangeEntry> chain = Chain();
            Assert.All(chain.Skip(older.Count), e => Assert.Equal(HistoryCanonicalForm.Hash(e), e.Hash));
            Assert.All(chain.Skip(older.Count), e => Assert.NotEqual(HistoryCanonicalForm.RowFormHash(e), e.Hash));
            HistoryVerification check = Verify();
            Assert.True(check.Valid, check.Reason);
            Assert.Equal(older.Count + 2 * Rows, check.Entries);
        }

        [Fact]
        public void AStoreOfTheVersionBeforeCanonicalForm2MatchesItsRowsAfterTheUpgradeAndAHandEditIsStillNamed()
        {
            // Test-BmgHistory -Records (tamper36) on a store an older module wrote (tamper37): its created records hashed with
            // version 1, in a pack and in rows, then upgraded and chained on with version-2 packs. Every row matches; a row
            // edited by hand before the upgrade, and rows edited after it (of either version's entries), are named.
            AppendVersion1Entries(ChangeEntryPack.MinEntries + 4);
            Exec("UPDATE devices SET display_name = 'edited before the upgrade' WHERE identifier = 'old-7';");
            StoreVersion = VersionBeforeCanonicalForm2;
            Reopen();
            Now = Now.AddMinutes(1);
            ImportNew();
            Assert.Equal(CurrentStoreVersion, StoreVersion);

            RecordCheck before = VerifyRecords();
            Assert.Equal(new[] { "old-7 DisplayName 'edited before the upgrade'" }, before.Mismatches.Select(Named));
            Exec("UPDATE devices SET display_name = NULL WHERE identifier = 'old-7';");
            RecordCheck matched = VerifyRecords();
            Assert.True(matched.Match, string.Join("; ", matched.Mismatches.Select(m => m.Problem)));
            Assert.Equal(ChangeEntryPack.MinEntries + 4 + 3 + Rows, matched.Devices);
            Assert.Equal(Rows, matched.Users);
            Assert.Equal(0, matched.NotWhole);
            Assert.Equal(0, matched.WithoutEntries);

            Exec("UPDATE devices SET expiration_days = 7 WHERE identifier IN ('old-4', 'old-22');"
                + "UPDATE devices SET display_name = 'hand edited' WHERE identifier = 'dev-0011';");
            RecordCheck edited = VerifyRecords();
            Assert.Equal(new[] { "old-4 ExpirationDays '7'", "old-22 ExpirationDays '7'", "dev-0011 DisplayName 'hand edited'" },
                edited.Mismatches.Select(Named));

            static string Named(RecordMismatch m) => $"{m.Subject} {m.Field} '{m.Current}'";
        }

        /// <summary>Test-BmgHistory -Records: the chain verified, then every row compared with its history.</summary>
        private RecordCheck VerifyRecords()
        {
            HistoryVerification check = new ChangeHistory(History).Verify(records: true);
            Assert.True(check.Valid, check.Reason);
            return check.Records!;
        }

        [Theory]
        [InlineData("old-4", false)] // a version-1 entry in the older pack
        [InlineData("old-22", false)] // a version-1 entry kept as a row
        [InlineData("dev-0011", true)] // a version-2 entry of the import after them
        public void AnEditOfAVersion1OrAVersion2EntryNamesThatEntry(string subject, bool packedAfter)
        {
            List<ChangeEntry> older = AppendVersion1Entries(ChangeEntryPack.MinEntries + 4);
            Now = Now.AddMinutes(1);
            ImportNew();
            Assert.True(Verify().Valid);
            ChangeEntry target = Chain().Single(e => e.Subject == subject);
            Assert.Equal(!packedAfter, older.Any(e => e.Sequence == target.Sequence));

            long row = Scalar($"SELECT count(*) FROM change_history WHERE sequence = {target.Sequence};");
            if (row == 1)
            {
                Exec($"UPDATE change_history SET subject = 'edited' WHERE sequence = {target.Sequence};");
            }
            else
            {
                long first = Scalar($"SELECT first_sequence FROM change_history_packs WHERE first_sequence <= {target.Sequence} AND last_sequence >= {target.Sequence};");
                byte[] blob = PackBlobEdit.Fields(PackBlob(first), fields =>
                {
                    int at = fields.AsSpan().IndexOf(Encoding.UTF8.GetBytes(subject));
                    Assert.True(at > 0);
                    fields[at + subject.Length - 1] = (byte)'9';
                });
                Exec($"UPDATE change_history_packs SET entries = {BlobParameter} WHERE first_sequence = {first};", blob);
            }

            HistoryVerification check = Verify();
            Assert.False(check.Valid);
            Assert.Equal(target.Sequence, check.FirstBadEntry);
            Assert.Contains("no longer matches its hash", check.Reason, StringComparison.Ordinal);
        }

        [Fact]
        public void ABytesEditInsideAPackNamesThatEntry()
        {
            ImportNew();
            ChangeEntry target = Chain().Single(e => e.Subject == "dev-0011");
            long first = Scalar($"SELECT first_sequence FROM change_history_packs WHERE first_sequence <= {target.Sequence} AND last_sequence >= {target.Sequence};");
            byte[] blob = PackBlobEdit.Fields(PackBlob(first), fields =>
            {
                int at = fields.AsSpan().IndexOf(Encoding.UTF8.GetBytes("dev-0011"));
                Assert.True(at > 0);
                fields[at + 4] = (byte)'9';
            });
            Exec($"UPDATE change_history_packs SET entries = {BlobParameter} WHERE first_sequence = {first};", blob);

            HistoryVerification check = Verify();
            Assert.False(check.Valid);
            Assert.Equal(target.Sequence, check.FirstBadEntry);
        }

        /// <summary>The SET of a hand edit of the later pack, by name, in the store's SQL.</summary>
        private string PackEdit(string name) => name switch
        {
            "os_user" => "os_user = 'intruder'",
            "at" => $"at = {LongAgo}",
            "import_id" => "import_id = import_id + 1",
            "previous_hash" => $"previous_hash = {ZeroHash}",
            "entries: two bytes" => $"entries = {Bytes("0102")}",
            "entries: cut short" => $"entries = {EntriesFrom(1, EntriesLength + " - 40")}",
            "entries: none" => $"entries = {Bytes("")}",
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such hand edit"),
        };

        [Theory]
        [InlineData("os_user", "altered")]
        [InlineData("at", "altered")]
        [InlineData("import_id", "altered")]
        [InlineData("previous_hash", "altered")]
        [InlineData("deleted", "missing")]
        [InlineData("entries: two bytes", "altered")]
        [InlineData("entries: cut short", "altered")]
        [InlineData("entries: none", "altered")]
        public void AHandEditOfAPackNamesItsFirstEntry(string edit, string reason)
        {
            // The row after the packs makes a removed pack a gap (removing the newest entries only a known hash shows).
            long second = TwoPacksAndARow();
            Exec(edit == "deleted"
                ? $"DELETE FROM change_history_packs WHERE first_sequence = {second};"
                : $"UPDATE change_history_packs SET {PackEdit(edit)} WHERE first_sequence = {second};");

            HistoryVerification check = AssertNamedAndNotCleared(second);
            Assert.Contains(reason, check.Reason, StringComparison.Ordinal);
        }

        // The header columns steer every read (which pack holds a key, which packs a clear removes) but are not hashed:
        // each edit below once left Test-BmgHistory saying Valid while queries or a clear went wrong.
        [Theory]
        [InlineData("UPDATE change_history_packs SET last_sequence = last_sequence - 1 WHERE first_sequence = {0};")]
        [InlineData("UPDATE change_history_packs SET last_sequence = last_sequence + 1 WHERE first_sequence = {0};")]
        [InlineData("UPDATE change_history_packs SET first_device_key = NULL WHERE first_sequence = {0};")]
        [InlineData("UPDATE change_history_packs SET last_device_key = last_device_key - 1 WHERE first_sequence = {0};")]
        [InlineData("UPDATE change_history_packs SET first_user_key = first_user_key + 1 WHERE first_sequence = {0};")]
        [InlineData("UPDATE change_history_packs SET last_user_key = NULL WHERE first_sequence = {0};")]
        // The later pack's first key moved into the earlier pack's range: "greatest first key <= k" then picks it for the earlier pack's keys.
        [InlineData("UPDATE change_history_packs SET first_device_key = (SELECT last_device_key FROM change_history_packs WHERE first_sequence = 1) WHERE first_sequence = {0};")]
        [InlineData("UPDATE change_history_packs SET first_user_key = (SELECT first_user_key + 1 FROM change_history_packs WHERE first_sequence = 1) WHERE first_sequence = {0};")]
        public void AHandEditOfAPacksHeaderColumnsIsNamedAsItsFirstEntry(string edit) => AssertHeaderEditNamed(edit);

        /// <summary>Makes two packs and a row, applies <paramref name="edit"/> (its {0} the later pack's first sequence) and asserts it is named as a header edit.</summary>
        protected void AssertHeaderEditNamed(string edit)
        {
            long second = TwoPacksAndARow();
            Exec(string.Format(CultureInfo.InvariantCulture, edit, second));

            HistoryVerification check = AssertNamedAndNotCleared(second);
            Assert.Contains("altered", check.Reason, StringComparison.Ordinal);
            Assert.Contains("header", check.Reason, StringComparison.Ordinal);
            Assert.Contains("no longer matches its entries", check.Reason, StringComparison.Ordinal);
        }

        [Fact]
        public void AHandEditOfTheFirstPacksKeyColumnsIsNamedAsEntryOne()
        {
            TwoPacksAndARow();
            // Widened over the later pack's keys: a look-up of those would find this pack first.
            Exec("UPDATE change_history_packs SET last_device_key = last_device_key + 1000 WHERE first_sequence = 1;");

            HistoryVerification check = Verify();
            Assert.False(check.Valid);
            Assert.Equal(1L, check.FirstBadEntry);
            Assert.Contains("last_device_key", check.Reason, StringComparison.Ordinal);
        }

        [Fact]
        public void AClearRemovesPacksByTheirEntriesAndRefusesAPackWhoseLastSequenceWasEdited()
        {
            long second = TwoPacksAndARow();
            // The later pack's last_sequence lowered into a clear's reach: a clear by the column would take all its entries.
            Exec($"UPDATE change_history_packs SET last_sequence = {second} WHERE first_sequence = {second};");
            long packs = Scalar("SELECT count(*) FROM change_history_packs;");

            using (IStoreTransaction write = Store.BeginTransaction())
            {
                BmgException refused = Assert.Throws<BmgException>(() => History.DeleteThrough(second + 2));
                Assert.Equal(ErrorIds.HistoryTampered, refused.ErrorId);
            }

            Assert.Equal(packs, Scalar("SELECT count(*) FROM change_history_packs;"));
            Assert.Equal(0, Scalar($"SELECT count(*) FROM change_history WHERE sequence <= {second + 2};"));
        }

        // left28: a pack that no longer decodes could not be cleared even when Clear-BmgHistory -AcceptTampered named it as
        // Test-BmgHistory did (its entries after the first counted as missing, and the delete read it): the owner could not forget it.
        [Fact]
        public void AClearThatAcceptsAPackThatNoLongerDecodesRemovesItWholeUnreadAndOnlyPastItsLast()
        {
            long second = TwoPacksAndARow();
            long last = Scalar($"SELECT last_sequence FROM change_history_packs WHERE first_sequence = {second};");
            Exec($"UPDATE change_history_packs SET entries = {Bytes("01FFFFFFFFFFFFFFFFFFFF")} WHERE first_sequence = {second};");

            // Test-BmgHistory names its first entry, counts its entries, finds none missing after it, and says the way out.
            HistoryVerification check = Verify();
            Assert.Equal(second, check.FirstBadEntry);
            Assert.Equal(last + 1, check.Entries);
            Assert.Equal(last + 1, check.HeadSequence);
            Assert.Contains($"-AcceptTampered {second}: it removes entries {second}-{last}, kept together, unread", ChangeHistory.Failure(check, null).Message, StringComparison.Ordinal);

            // Accepted, but the delete would end inside it (what of it comes after can't be kept unread); past it, not accepted.
            foreach ((long through, long[] accepted) in new[] { (last - 1, new[] { second }), (last, new[] { second - 1, last + 1 }) })
            {
                using IStoreTransaction write = Store.BeginTransaction();
                Assert.Equal(ErrorIds.HistoryTampered, Assert.Throws<BmgException>(() => History.DeleteThrough(through, accepted)).ErrorId);
            }

            Assert.Equal(2, Scalar("SELECT count(*) FROM change_history_packs;"));
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                // The first pack by its decoded entries, the unreadable one by its header.
                Assert.Equal(last, History.DeleteThrough(last, new[] { second }));
                write.Commit();
            }

            Assert.Equal(0, Scalar("SELECT count(*) FROM change_history_packs;"));
            Assert.Equal(new[] { last + 1 }, Chain().Select(entry => entry.Sequence));
        }

        // Round 29 (left by round 28): the pack's last_sequence widened by hand over the row after it as well. The walk counted
        // that row twice, and the clear that accepted the pack could never run: it found the row "after" the widened end, and
        // the delete, ending before the row it keeps, stopped at a pack whose column reached past that end.
        [Theory]
        [InlineData(1)]
        [InlineData(1000)]
        public void AClearThatAcceptsAPackThatNoLongerDecodesAndWasWidenedOverTheEntriesAfterItRemovesItAloneAndKeepsThem(int widen)
        {
            long second = TwoPacksAndARow();
            long last = Scalar($"SELECT last_sequence FROM change_history_packs WHERE first_sequence = {second};");
            long entries = Verify().Entries;
            ChangeEntry row = Chain().Last();
            Assert.Equal(last + 1, row.Sequence);
            Exec($"UPDATE change_history_packs SET entries = {Bytes("01FFFFFFFFFFFFFFFFFFFF")}, last_sequence = last_sequence + {widen} WHERE first_sequence = {second};");

            // Named as before, its widened column said, each entry counted once, the way forward naming only the pack's own entries.
            HistoryVerification check = Verify();
            Assert.Equal(second, check.FirstBadEntry);
            Assert.Equal(entries, check.Entries);
            Assert.Equal(row.Sequence, check.HeadSequence);
            Assert.Contains($"its last_sequence says {last + widen}, but entry {row.Sequence} follows it", check.Reason, StringComparison.Ordinal);
            Assert.Contains($"-AcceptTampered {second}: it removes entries {second}-{last}, kept together, unread", ChangeHistory.Failure(check, null).Message, StringComparison.Ordinal);

            // The store's delete, ending before the row: the pack goes whole, counted to that end; past it nothing goes.
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                Assert.Equal(last, History.DeleteThrough(last, new[] { second }));
            }

            // The clear the way forward gives: before the row's time, accepting the pack.
            var history = new ChangeHistory(History);
            DateTimeOffset now = row.At.AddMinutes(1);
            ChangeEntry? cleared = history.ClearBefore(row.At, ChangeOrigin.Library("Clear-BmgHistory"), now, (count, accepted) =>
            {
                Assert.Equal(last, count);
                Assert.Equal($"{second}", accepted);
                return true;
            }, new[] { second });

            Assert.NotNull(cleared);
            Assert.Equal(row.Sequence + 1, cleared!.Sequence);
            Assert.Contains(cleared.Changes, change => change.Field == HistoryChain.RemovedEntriesField && change.NewValue == $"{last}");
            Assert.Equal(0, Scalar("SELECT count(*) FROM change_history_packs;"));
            Assert.Equal(new[] { Describe(row) }, Chain().Take(1).Select(Describe));
            HistoryVerification after = Verify();
            Assert.True(after.Valid, after.Reason);
            Assert.Equal(2, after.Entries);
        }

        [Fact]
        public void AClearOfEverythingThatAcceptsAPackThatNoLongerDecodesLeavesAChainThatVerifies()
        {
            long second = TwoPacksAndARow();
            Exec($"UPDATE change_history_packs SET entries = {Bytes("01FFFFFFFFFFFFFFFFFFFF")} WHERE first_sequence = {second};");
            long entries = Verify().Entries;

            var history = new ChangeHistory(History);
            DateTimeOffset after = DateTimeOffset.UtcNow.AddDays(1);
            ChangeEntry? cleared = history.ClearBefore(after, ChangeOrigin.Library("Clear-BmgHistory"), after, (count, accepted) =>
            {
                Assert.Equal(entries, count);
                Assert.Equal($"{second}", accepted);
                return true;
            }, new[] { second });

            Assert.NotNull(cleared);
            Assert.Contains(cleared!.Changes, change => change.Field == HistoryChain.RemovedEntriesField && change.NewValue == $"{entries}");
            HistoryVerification check = Verify();
            Assert.True(check.Valid, check.Reason);
            Assert.Equal(1, check.Entries);
        }

        [Fact]
        public void AClearThroughAPacksEndCountsItsDecodedEntries()
        {
            long second = TwoPacksAndARow();
            List<ChangeEntry> before = Chain();
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                Assert.Equal(second - 1, History.DeleteThrough(second - 1));
                write.Commit();
            }

            Assert.Equal(before.Skip((int)second - 1).Select(Describe), Chain().Select(Describe));
        }

        /// <summary>Asserts a query stops with HistoryTampered (not a raw exception) and Verify names entry 1: the first pack no longer reads.</summary>
        private void AssertAQueryStopsAndEntryOneIsNamed()
        {
            BmgException stopped = Assert.Throws<BmgException>(() => new ChangeHistory(History).Query(new HistoryQuery(SubjectKind.Device)).ToList());
            Assert.Equal(ErrorIds.HistoryTampered, stopped.ErrorId);
            Assert.Equal(1L, Verify().FirstBadEntry);
        }

        [Fact]
        public void APackThatNoLongerDecodesStopsAQueryWithHistoryTamperedNotARawException()
        {
            ImportNew();
            Exec($"UPDATE change_history_packs SET entries = {Bytes("01FFFFFFFFFFFFFFFFFFFF")};");

            AssertAQueryStopsAndEntryOneIsNamed();
        }

        [Fact]
        public void ARenameWhosePastNameIsInAPackThatNoLongerDecodesStopsWithHistoryTampered()
        {
            ImportNew();
            // The version byte changed to one no pack has: the blob's last hash (the head) still reads, its entries don't.
            Exec($"UPDATE change_history_packs SET entries = {Bytes("7F")} || {EntriesFrom(2)};");

            AssertAQueryStopsAndEntryOneIsNamed();

            Device stored = Device("dev-0005");
            Device renamed = stored.Clone();
            renamed.Identifier = "renamed-0005";
            BmgException refused = Assert.Throws<BmgException>(() => Store.SaveDevice(stored, renamed, ChangeOrigin.Library("tests")));
            Assert.Equal(ErrorIds.HistoryTampered, refused.ErrorId);
            Assert.Equal("dev-0005", Device("dev-0005").Identifier);
            Assert.Equal(0, Scalar("SELECT count(*) FROM change_history;"));
        }

        /// <summary>A row of change_history with the columns of the row at <paramref name="sequence"/>'s place (the values don't matter: the sequence does).</summary>
        private string RowAt(string sequence) => $@"INSERT INTO change_history VALUES ({sequence}, {LongAgo}, 'old', 'host', 'Set-BmgDevice', NULL, NULL, 'Device', '1',
    'dev-0001', 'Changed', '', {ZeroHash}, {ZeroHash}, '');";

        /// <summary>A copy of the pack that starts at 1 (its first entries 1..) moved to start at <paramref name="first"/> and end at <paramref name="last"/>.</summary>
        private static string PackAt(string first, string last) => $@"INSERT INTO change_history_packs
SELECT {first}, {last}, at, os_user, host, command, import_id, previous_hash, first_user_key, last_user_key, first_device_key, last_device_key, entries,
    changed_by
FROM change_history_packs WHERE first_sequence = 1;";

        // Before packs, change_history's primary key refused a second entry with a sequence already used (a forked chain); with
        // entries in two tables, each store refuses the same way a row inside a pack's range and a pack overlapping a row or a pack
        // (SQLite's migration 12, PostgreSQL's migration 5).
        [Theory]
        // A client of an older module that opened before the upgrade numbers its next entry from the rows only (none yet).
        [InlineData("row", "1", null)]
        [InlineData("row", "(SELECT last_sequence FROM change_history_packs WHERE first_sequence = 1)", null)]
        [InlineData("row", "(SELECT max(first_sequence) + 1 FROM change_history_packs)", null)]
        // A pack that starts inside another, that holds another's start, or that holds the row after the packs.
        [InlineData("pack", "2", "3")]
        [InlineData("pack", "(SELECT max(last_sequence) FROM change_history_packs)", "(SELECT max(last_sequence) + 5 FROM change_history_packs)")]
        [InlineData("pack", "0", "(SELECT max(last_sequence) + 1 FROM change_history_packs)")]
        [InlineData("pack", "(SELECT max(last_sequence) + 1 FROM change_history_packs)", "(SELECT max(sequence) FROM change_history)")]
        public void AnEntryThatForksTheChainInsideAPackIsRefusedAsADuplicateSequence(string what, string first, string? last)
        {
            TwoPacksAndARow();
            long rows = Scalar("SELECT count(*) FROM change_history;");
            long packs = Scalar("SELECT count(*) FROM change_history_packs;");

            Exception refused = Assert.ThrowsAny<Exception>(() => Exec(what == "row" ? RowAt(first) : PackAt(first, last!)));
            BmgException named = AsStoreError(refused);
            Assert.Equal(ErrorIds.AlreadyExists, named.ErrorId);
            Assert.Contains("change history entry", named.Message, StringComparison.Ordinal);

            Assert.Equal((rows, packs), (Scalar("SELECT count(*) FROM change_history;"), Scalar("SELECT count(*) FROM change_history_packs;")));
            Assert.True(Verify().Valid);
        }

        [Fact]
        public void EntriesAfterTheChainAreStillAccepted()
        {
            // The guards refuse only overlaps: a row and a pack past every entry pass (the chain then no longer verifies: a hand edit).
            TwoPacksAndARow();
            Exec(RowAt("(SELECT max(sequence) + 1 FROM change_history)"));
            Exec(PackAt("(SELECT max(sequence) + 1 FROM change_history)", "(SELECT max(sequence) + 3 FROM change_history)"));
            Exec(RowAt("(SELECT max(last_sequence) + 1 FROM change_history_packs)"));
            Assert.Equal(3, Scalar("SELECT count(*) FROM change_history;"));
            Assert.Equal(3, Scalar("SELECT count(*) FROM change_history_packs;"));
        }

        [Theory]
        [InlineData(4)]
        [InlineData(Rows + 3)]
        public void TheStoreItselfRefusesAnEntryNumberedInsideAPackAsAlreadyExists(int after)
        {
            // A writer whose head was stale (the newest entry it knew was <after>): its next entry falls inside a pack.
            ImportNew();
            ChangeEntry pending = new ChangeEntry(Now, "other", "host", "Set-BmgDevice", null, null, SubjectKind.Device, "1", "dev-0001",
                ChangeAction.Changed, new[] { new FieldChange("DisplayName", null, "forked") });
            IReadOnlyList<ChangeEntry> forked = HistoryChain.Link(new HistoryHead(after, HistoryChain.GenesisHash), new[] { pending });
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                BmgException refused = Assert.Throws<BmgException>(() => History.Append(forked));
                Assert.Equal(ErrorIds.AlreadyExists, refused.ErrorId);
                Assert.Contains("change history entry", refused.Message, StringComparison.Ordinal);
            }

            Assert.Equal(0, Scalar("SELECT count(*) FROM change_history;"));
            Assert.True(Verify().Valid);
        }

        [Fact]
        public void ShortRunsAndOtherActionsStayRows()
        {
            // Fewer created records than a pack takes: one row each, as before.
            ImportNew(1, ChangeEntryPack.MinEntries / 2 - 1);
            Assert.Equal(0, Scalar("SELECT count(*) FROM change_history_packs;"));
            Assert.Equal(ChangeEntryPack.MinEntries - 2, Scalar("SELECT count(*) FROM change_history;"));
            Assert.True(Verify().Valid);
        }

        /// <summary>
        /// Created records in packs, then a second import that changes every other device's DisplayName (rows of the member
        /// form), a device saved on its own and one renamed (rows): every form a query by -Field reads.
        /// </summary>
        private void PacksAndChangedRows()
        {
            ImportNew();
            Now = Now.AddMinutes(1);
            Import(string.Join("\n", new[] { "UserName,Name,Identifier,OS,DisplayName" }.Concat(Enumerable.Range(1, Rows).Select(i =>
                string.Format(CultureInfo.InvariantCulture, "user-{0:D4},名前 {0},dev-{0:D4},ios,Device \"{1}\"", i, i % 2 == 0 ? "renamed " + i : i.ToString(CultureInfo.InvariantCulture))))) + "\n");
            Store.SaveDevice(null, new Device { Identifier = "single", PlainCode = "A7K29QX4", OS = "ios" }, ChangeOrigin.Library("tests"));
            Device stored = Device("dev-0003");
            Device renamed = stored.Clone();
            renamed.Identifier = "dev-0003-renamed";
            Store.SaveDevice(stored, renamed, ChangeOrigin.Library("tests"));
        }

        [Fact(DisplayName = "Leftovers 23: a query by -Field returns exactly the entries the filter matches, in order, over packs and rows of every form")]
        public void AQueryByFieldReturnsWhatTheFilterMatchesOverPacksAndRows()
        {
            PacksAndChangedRows();
            var history = new ChangeHistory(History);
            ChangeEntry changed = history.Query(new HistoryQuery(SubjectKind.Device)).First(e => e.Action == ChangeAction.Changed && e.Changes.Any(c => c.Field == "DisplayName"));
            var queries = new List<HistoryQuery>();
            foreach (string[] fields in new[] { new[] { "DisplayName" }, new[] { "displayNAME" }, new[] { "Identifier" }, new[] { "OS", "Code" }, new[] { "WithdrawnAt" }, new[] { "Display_Name" } })
            {
                queries.Add(new HistoryQuery(SubjectKind.Device) { Fields = fields });
                queries.Add(new HistoryQuery(SubjectKind.Device) { Fields = fields, Since = changed.At });
                queries.Add(new HistoryQuery(SubjectKind.Device) { Fields = fields, SubjectKeys = new[] { changed.SubjectKey, "1", "3" } });
                queries.Add(new HistoryQuery(SubjectKind.User) { Fields = fields });
            }

            foreach (HistoryQuery query in queries)
            {
                var everyField = new HistoryQuery(query.Kind) { Since = query.Since, SubjectKeys = query.SubjectKeys };
                List<string> expected = history.Query(everyField).Where(query.Matches).Select(Describe).ToList();
                Assert.Equal(expected, history.Query(query).Select(Describe).ToList());
            }

            // Not vacuous: the changed rows, the created entries and the rename are each found by their field.
            Assert.Equal(Rows / 2 + Rows, history.Query(new HistoryQuery(SubjectKind.Device) { Fields = new[] { "displayname" } }).Count());
            Assert.Equal(Rows + 2, history.Query(new HistoryQuery(SubjectKind.Device) { Fields = new[] { "Identifier" } }).Count());
        }

        [Fact(DisplayName = "Leftovers 23: a query by -Field leaves unread the rows whose change list names none of its fields (one edited by hand so it no longer reads is named by Test-BmgHistory, and by a query that asks for its field)")]
        public void AQueryByFieldLeavesUnreadTheRowsThatNameNoneOfItsFields()
        {
            PacksAndChangedRows();
            long edited = Scalar("SELECT max(sequence) FROM change_history WHERE subject_kind = 'Device' AND changes LIKE '{\"DisplayName\":%';");
            // The member form naming another field, cut short: a row no query can parse.
            Exec($"UPDATE change_history SET changes = '{{\"Description\":[\"a\"' WHERE sequence = {edited};");
            var history = new ChangeHistory(History);

            // Asked only about Identifier and OS, the query never parses that row (-Field DisplayName once parsed every row of the kind).
            List<ChangeEntry> found = history.Query(new HistoryQuery(SubjectKind.Device) { Fields = new[] { "Identifier", "OS" } }).ToList();
            Assert.Equal(Rows + 2, found.Count);
            Assert.DoesNotContain(found, e => e.Sequence == edited);

            // Asked about the field it names, or about every field, the query reads it and stops, as before.
            foreach (HistoryQuery query in new[] { new HistoryQuery(SubjectKind.Device) { Fields = new[] { "description" } }, new HistoryQuery(SubjectKind.Device) })
            {
                BmgException stopped = Assert.Throws<BmgException>(() => history.Query(query).ToList());
                Assert.Equal(ErrorIds.HistoryTampered, stopped.ErrorId);
            }

            Assert.Equal(edited, Verify().FirstBadEntry);
        }
    }
}
