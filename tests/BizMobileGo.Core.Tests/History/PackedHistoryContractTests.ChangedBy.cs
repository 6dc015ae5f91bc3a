using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using Xunit;

namespace BizMobileGo.Core.Tests.History
{
    /// <summary>
    /// Forty-first round (hist41; issue 15): an import given -ChangedBy packs its created records as one without does,
    /// the name in the pack's header (change_history_packs.changed_by: SQLite's migration 26, PostgreSQL's 23); each reads
    /// back, hashes and verifies as it was appended. Forty-second round (hist42): they are hashed with canonical form version
    /// 4 (the pack's own bytes; SQLite's migration 27, PostgreSQL's 24), and those hashed with version 3 before still verify.
    /// </summary>
    public abstract partial class PackedHistoryContractTests
    {
        private const string Alice = @"CONTOSO\alice";

        [Fact]
        public void AnImportForSomeoneIsPackedAndReadsBackItsEntriesAsAppendedWithTheirChangedBy()
        {
            ImportNew(changedBy: Alice);

            Assert.Equal(0, Scalar("SELECT count(*) FROM change_history;"));
            Assert.Equal(2 * Rows, Scalar("SELECT sum(last_sequence - first_sequence + 1) FROM change_history_packs;"));
            Assert.Equal(0, Scalar($"SELECT count(*) FROM change_history_packs WHERE changed_by <> '{Alice}';"));

            List<ChangeEntry> chain = Chain();
            Assert.Equal(Enumerable.Range(1, 2 * Rows).Select(i => (long)i), chain.Select(e => e.Sequence));
            Assert.All(chain, e => Assert.Equal(Alice, e.ChangedBy));
            // Each entry's hash is the one appended (kept in the pack), over its canonical form version 4 (the pack's fields; the
            // shared part with ChangedBy after the import id): every field, ChangedBy too, read back as it was hashed.
            Assert.All(chain, e => Assert.Equal(HistoryCanonicalForm.Hash(e), e.Hash));
            Assert.All(chain, e => Assert.StartsWith(HistoryCanonicalForm.Version4, Encoding.UTF8.GetString(HistoryCanonicalForm.Bytes(e)).Substring(5)));
            Assert.All(chain, e => Assert.NotEqual(HistoryCanonicalForm.RowFormHash(e), e.Hash));
            Assert.All(chain.Skip(1).Zip(chain), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));
            HistoryVerification check = Verify();
            Assert.True(check.Valid, check.Reason);
            Assert.Equal(chain[^1].Hash, check.HeadHash);

            // -User matches the packs' ChangedBy as a row's, and its completion offers it; another name finds nothing.
            var history = new ChangeHistory(History);
            ChangeEntry device = chain.Single(e => e.Subject == "dev-0013");
            Assert.Equal(new[] { Describe(device) + "|" + Alice },
                history.Query(new HistoryQuery(SubjectKind.Device) { SubjectKeys = new[] { device.SubjectKey } }).Select(e => Describe(e) + "|" + e.ChangedBy));
            Assert.Equal(Rows, history.Query(new HistoryQuery(SubjectKind.Device) { OsUser = name => name == Alice }).Count());
            Assert.Equal(Rows, history.Query(new HistoryQuery(SubjectKind.User) { OsUser = name => name == Alice }).Count());
            Assert.Empty(history.Query(new HistoryQuery(SubjectKind.Device) { OsUser = name => name == @"CONTOSO\bob" }));
            using IStoreTransaction read = Store.BeginReadTransaction();
            Assert.Equal(new[] { Alice }, History.ReadChangedByNames(SubjectKind.Device));
            Assert.Contains(Alice, History.FindOsUsers(SubjectKind.User, "CONTOSO", 10));
        }

        [Fact]
        public void ImportsForDifferentPeopleAreDifferentPacksAndAClearKeepsTheNameOfThePacksItLeavesOrWritesAgain()
        {
            ImportNew(changedBy: Alice);
            Now = Now.AddDays(1);
            ImportNew(Rows + 1, 20, "portal:bob");
            List<ChangeEntry> chain = Chain();
            Assert.Equal(Enumerable.Repeat(Alice, 2 * Rows).Concat(Enumerable.Repeat("portal:bob", 40)), chain.Select(e => e.ChangedBy));

            // Clear-BmgHistory's own way, by time: alice's packs go whole, bob's stay with his name.
            DateTimeOffset second = chain.First(e => e.ChangedBy == "portal:bob").At;
            ChangeEntry cleared = new ChangeHistory(History).ClearBefore(second, ChangeOrigin.Library("Clear-BmgHistory"), second.AddMinutes(1))!;
            Assert.Equal((2 * Rows).ToString(CultureInfo.InvariantCulture), cleared.Changes.Single(c => c.Field == HistoryChain.RemovedEntriesField).NewValue);
            HistoryVerification check = Verify();
            Assert.True(check.Valid, check.Reason);
            List<ChangeEntry> left = Chain();
            Assert.Equal(Enumerable.Repeat("portal:bob", 40).Append(""), left.Select(e => e.ChangedBy));
            Assert.Equal(0, Scalar("SELECT count(*) FROM change_history_packs WHERE changed_by <> 'portal:bob';"));

            // Through the middle of bob's pack (a clear's own step): the rest of it is written again, his name in its header,
            // every entry's hash unchanged.
            long through = 2 * Rows + 11;
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                Assert.Equal(11, History.DeleteThrough(through));
                write.Commit();
            }

            List<ChangeEntry> after = Chain();
            Assert.Equal(left.Skip(11).Select(e => Describe(e) + "|" + e.ChangedBy), after.Select(e => Describe(e) + "|" + e.ChangedBy));
            Assert.All(after, e => Assert.Equal(HistoryCanonicalForm.Hash(e), e.Hash));
            Assert.Equal(through + 1, Scalar("SELECT min(first_sequence) FROM change_history_packs;"));
            Assert.Equal(0, Scalar("SELECT count(*) FROM change_history_packs WHERE changed_by <> 'portal:bob';"));
        }

        [Theory]
        [InlineData("mallory")]
        [InlineData("")]
        public void AHandEditOfAPacksChangedByIsNamedAsItsFirstEntryAltered(string edited)
        {
            // A pack's ChangedBy is no key column the header check compares: every entry of the pack takes it, and its hash
            // (version 4, or without one version 2, another tag) no longer matches.
            ImportNew(changedBy: Alice);
            Now = Now.AddMinutes(1);
            ImportNew(Rows + 1, 20, Alice);
            Store.SaveDevice(null, new Device { Identifier = "single", PlainCode = "A7K29QX4", OS = "ios" }, new ChangeOrigin("New-BmgDevice", changedBy: Alice));
            Assert.True(Verify().Valid);
            long second = Scalar("SELECT max(first_sequence) FROM change_history_packs;");
            Assert.True(second > 1);

            Exec($"UPDATE change_history_packs SET changed_by = '{edited}' WHERE first_sequence = {second};");

            HistoryVerification check = AssertNamedAndNotCleared(second);
            Assert.Contains("altered", check.Reason, StringComparison.Ordinal);
        }

        [Fact]
        public void AStoreOfTheVersionBeforePacksKeptAChangedByIsUpgradedWithItsHistoryAsItWasAndPacksOneAfter()
        {
            // As the module before hist41 left a store: an import's packs (no ChangedBy), an import given -ChangedBy as rows,
            // and a row made for someone.
            ImportNew();
            Now = Now.AddMinutes(1);
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                Store.SaveDevice(null, new Device { Identifier = "for-alice", PlainCode = "A7K29QX4", OS = "ios" }, new ChangeOrigin("New-BmgDevice", changedBy: Alice));
                write.Commit();
            }

            // Read before the version is set back: this process's store reads the columns of its own version.
            List<string> before = Chain().Select(e => Describe(e) + "|" + e.ChangedBy).ToList();
            byte[] packBefore = PackBlob(1);
            long packs = Scalar("SELECT count(*) FROM change_history_packs;");
            StoreVersion = VersionBeforeCanonicalForm4 - 1;

            Reopen();
            Assert.Equal(before, Chain().Select(e => Describe(e) + "|" + e.ChangedBy));
            Assert.Equal(CurrentStoreVersion, StoreVersion);
            Assert.Equal(packBefore, PackBlob(1));
            Assert.Equal(packs, Scalar("SELECT count(*) FROM change_history_packs WHERE changed_by = '';"));
            HistoryVerification upgraded = Verify();
            Assert.True(upgraded.Valid, upgraded.Reason);
            Assert.Equal(before.Count, upgraded.Entries);

            Now = Now.AddMinutes(1);
            ImportNew(Rows + 1, 20, Alice);
            Assert.Equal(1, Scalar("SELECT count(*) FROM change_history;"));
            Assert.Equal(40, Scalar($"SELECT sum(last_sequence - first_sequence + 1) FROM change_history_packs WHERE changed_by = '{Alice}';"));
            HistoryVerification check = Verify();
            Assert.True(check.Valid, check.Reason);
            Assert.Equal(before.Count + 40, check.Entries);
        }

        [Fact]
        public void PackedEntriesForSomeoneHashedWithVersion3StillVerifyAfterTheUpgradeAndChainOnInVersion4()
        {
            // As the module before canonical form version 4 left a store: an import given -ChangedBy packed, each entry's hash
            // version 3's (a row's layout), and three rows made for the same name.
            List<ChangeEntry> older = AppendVersion1Entries(ChangeEntryPack.MinEntries + 4, Alice);
            Assert.Equal(1, Scalar($"SELECT count(*) FROM change_history_packs WHERE changed_by = '{Alice}';"));
            Assert.Equal(3, Scalar("SELECT count(*) FROM change_history;"));
            List<string> entriesBefore = Chain().Select(e => Describe(e) + "|" + e.ChangedBy).ToList();
            byte[] packBefore = PackBlob(1);
            StoreVersion = VersionBeforeCanonicalForm4;

            Reopen();
            Assert.Equal(entriesBefore, Chain().Select(e => Describe(e) + "|" + e.ChangedBy));
            Assert.Equal(CurrentStoreVersion, StoreVersion);
            Assert.Equal(packBefore, PackBlob(1));
            Assert.All(Chain(), e => Assert.Equal(HistoryCanonicalForm.RowFormHash(e), e.Hash));
            HistoryVerification upgraded = Verify();
            Assert.True(upgraded.Valid, upgraded.Reason);
            Assert.Equal(older[^1].Hash, upgraded.HeadHash);

            Now = Now.AddMinutes(1);
            ImportNew(changedBy: Alice);
            List<ChangeEntry> chain = Chain();
            Assert.All(chain.Skip(older.Count), e => Assert.StartsWith(HistoryCanonicalForm.Version4, Encoding.UTF8.GetString(HistoryCanonicalForm.Bytes(e)).Substring(5)));
            Assert.All(chain.Skip(older.Count), e => Assert.Equal(HistoryCanonicalForm.Hash(e), e.Hash));
            Assert.Equal(older[^1].Hash, chain[older.Count].PreviousHash);
            HistoryVerification check = Verify();
            Assert.True(check.Valid, check.Reason);
            Assert.Equal(older.Count + 2 * Rows, check.Entries);

            // An edit of the older pack's name is still named: neither version 3 nor 4 gives its entries' hashes then.
            Exec("UPDATE change_history_packs SET changed_by = 'mallory' WHERE first_sequence = 1;");
            HistoryVerification edited = AssertNamedAndNotCleared(1);
            Assert.Contains("altered", edited.Reason, StringComparison.Ordinal);
        }
    }
}
