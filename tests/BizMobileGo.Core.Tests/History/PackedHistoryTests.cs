using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Tests.Import;
using Microsoft.Data.Sqlite;
using Xunit;

namespace BizMobileGo.Core.Tests.History
{
    /// <summary>
    /// The SQLite store keeps a run of created users and devices (an import's new records) as one row of
    /// change_history_packs (migration 11). These tests import into a real store file, then read, clear and edit
    /// the file by hand: what comes back must be exactly what was appended, and hand edits must be named as for rows.
    /// </summary>
    public sealed class PackedHistoryTests : IDisposable
    {
        private const int Rows = 40;

        private readonly StoreFixture _fx = new StoreFixture();

        public void Dispose() => _fx.Dispose();

        private IHistoryStore History => _fx.Store;

        private static string Csv(int first, int count) => StoreFixture.Csv(new[] { "UserName,Name,Identifier,OS,DisplayName" }
            .Concat(Enumerable.Range(first, count).Select(i => string.Format(CultureInfo.InvariantCulture, "user-{0:D4},名前 {0},dev-{0:D4},ios,Device \"{0}\"", i)))
            .ToArray());

        /// <summary>An import of <see cref="Rows"/> new users and devices: 2 × Rows entries, all in packs.</summary>
        private void ImportNew(int first = 1, int count = Rows) => _fx.ImportOk(Csv(first, count));

        private List<ChangeEntry> Chain()
        {
            using IStoreTransaction read = _fx.Store.BeginReadTransaction();
            return History.ReadChain().ToList();
        }

        private HistoryVerification Verify() => new ChangeHistory(History).Verify();

        private SqliteConnection Raw()
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _fx.DatabasePath, Pooling = false }.ToString());
            connection.Open();
            return connection;
        }

        private long Scalar(string sql)
        {
            using SqliteConnection raw = Raw();
            using SqliteCommand command = raw.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        private void Exec(string sql, byte[]? blob = null)
        {
            using SqliteConnection raw = Raw();
            using SqliteCommand command = raw.CreateCommand();
            command.CommandText = sql;
            if (blob != null)
            {
                command.Parameters.AddWithValue("$blob", blob);
            }

            command.ExecuteNonQuery();
        }

        private byte[] PackBlob(long firstSequence)
        {
            using SqliteConnection raw = Raw();
            using SqliteCommand command = raw.CreateCommand();
            command.CommandText = "SELECT entries FROM change_history_packs WHERE first_sequence = $first;";
            command.Parameters.AddWithValue("$first", firstSequence);
            return (byte[])command.ExecuteScalar()!;
        }

        private static string Describe(ChangeEntry e) =>
            string.Join("|", e.Sequence, HistoryTime.ToText(e.At), e.OsUser, e.Host, e.Command, e.ImportId, e.Line, e.SubjectKind, e.SubjectKey, e.Subject,
                e.Action, ChangeListText.Write(e.Changes), e.PreviousHash, e.Hash);

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

            using (IStoreTransaction write = _fx.Store.BeginTransaction())
            {
                HistoryHead head = History.ReadHead()!;
                Assert.Equal((chain[^1].Sequence, chain[^1].Hash), (head.Sequence, head.Hash));
            }
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

            using (IStoreTransaction read = _fx.Store.BeginReadTransaction())
            {
                Assert.Equal(new[] { (device.SubjectKey, "dev-0013") }, History.FindSubjects(SubjectKind.Device, "DEV-0013").Select(s => (s.Key, s.Name)));
                Assert.Equal(new[] { (user.SubjectKey, "user-0013") }, History.FindSubjects(SubjectKind.User, "user-0013").Select(s => (s.Key, s.Name)));
                Assert.Empty(History.FindSubjects(SubjectKind.User, "USER-0013"));
                Assert.Equal(Rows, History.FindSubjects(SubjectKind.Device, null).Count());
                Assert.Equal(Rows, History.FindSubjects(SubjectKind.User, null).Count());
            }

            // A device made outside the import has entries in rows only; it is found, and the packed ones still are.
            _fx.Store.SaveDevice(null, new Device { Identifier = "single", Code = "A7K29QX4", OS = "ios" }, ChangeOrigin.Library("tests"));
            using (IStoreTransaction read = _fx.Store.BeginReadTransaction())
            {
                Assert.Equal(Rows + 1, History.FindSubjects(SubjectKind.Device, null).Count());
            }
        }

        [Fact]
        public void RowsAfterPacksMergeInSequenceAndARenamedOrRemovedSubjectIsFoundByItsPackedName()
        {
            ImportNew();
            Device stored = _fx.Device("dev-0005");
            Device renamed = stored.Clone();
            renamed.Identifier = "renamed-0005";
            _fx.Store.SaveDevice(stored, renamed, ChangeOrigin.Library("tests"));
            _fx.Store.SaveDevice(_fx.Device("dev-0009"), null, ChangeOrigin.Library("tests"));
            _fx.Now = _fx.Now.AddMinutes(5);
            ImportNew(Rows + 1, 20);

            List<ChangeEntry> chain = Chain();
            Assert.Equal(Enumerable.Range(1, 2 * Rows + 2 + 40).Select(i => (long)i), chain.Select(e => e.Sequence));
            Assert.True(HistoryChain.Verify(chain).Valid);
            Assert.Equal(2, Scalar("SELECT count(*) FROM change_history;"));

            using (IStoreTransaction read = _fx.Store.BeginReadTransaction())
            {
                string key = chain.Single(e => e.Subject == "dev-0005").SubjectKey;
                Assert.Equal(new[] { (key, "dev-0005") }, History.FindSubjects(SubjectKind.Device, "dev-0005").Select(s => (s.Key, s.Name)));
                Assert.Equal(new[] { (key, "renamed-0005") }, History.FindSubjects(SubjectKind.Device, "renamed-0005").Select(s => (s.Key, s.Name)));
                Assert.Single(History.FindSubjects(SubjectKind.Device, "dev-0009"));
            }

            var history = new ChangeHistory(History);
            string renamedKey = chain.Single(e => e.Subject == "dev-0005").SubjectKey;
            Assert.Equal(new[] { ChangeAction.Changed, ChangeAction.Created },
                history.Query(new HistoryQuery(SubjectKind.Device) { SubjectKeys = new[] { renamedKey } }).Select(e => e.Action));
            Assert.Equal(Rows + 20, history.Query(new HistoryQuery(SubjectKind.Device)).Count(e => e.Action == ChangeAction.Created));
        }

        [Fact]
        public void ClearingThroughTheMiddleOfAPackKeepsTheRestLinkedAndVerifiable()
        {
            ImportNew();
            List<ChangeEntry> before = Chain();
            const long through = 23;

            using (IStoreTransaction write = _fx.Store.BeginTransaction())
            {
                Assert.Equal(through, History.DeleteThrough(through));
                write.Commit();
            }

            List<ChangeEntry> after = Chain();
            Assert.Equal(before.Skip((int)through).Select(Describe), after.Select(Describe));
            Assert.Equal(before[(int)through - 1].Hash, after[0].PreviousHash);
            Assert.All(after, e => Assert.Equal(HistoryCanonicalForm.Hash(e), e.Hash));
            using (IStoreTransaction write = _fx.Store.BeginTransaction())
            {
                Assert.Equal(before[^1].Hash, History.ReadHead()!.Hash);
            }
        }

        [Fact]
        public void ClearBmgHistoryRemovesWholePacksAndWhatIsLeftVerifies()
        {
            const long through = 0;
            ImportNew();
            // Clear-BmgHistory's own way (by time) after a second import: the first import's packs go whole, the chain verifies.
            _fx.Now = _fx.Now.AddDays(1);
            ImportNew(Rows + 1, 20);
            // Entries carry the store's clock (not the import's): clear before the second import's first entry.
            DateTimeOffset secondImport = Chain().Single(e => e.Subject == "user-0041").At;
            Assert.True(secondImport > Chain()[0].At);
            ChangeEntry cleared = new ChangeHistory(History).ClearBefore(secondImport, ChangeOrigin.Library("Clear-BmgHistory"), secondImport.AddMinutes(1));
            Assert.Equal(2 * Rows - through, long.Parse(cleared.Changes.Single(c => c.Field == HistoryChain.RemovedEntriesField).NewValue!, CultureInfo.InvariantCulture));
            Assert.True(Verify().Valid);
            Assert.Equal(41, Chain().Count);
            using IStoreTransaction read = _fx.Store.BeginReadTransaction();
            Assert.Empty(History.FindSubjects(SubjectKind.Device, "dev-0030"));
            Assert.Single(History.FindSubjects(SubjectKind.Device, "dev-0050"));
        }

        [Fact]
        public void ABytesEditInsideAPackNamesThatEntry()
        {
            ImportNew();
            ChangeEntry target = Chain().Single(e => e.Subject == "dev-0011");
            long first = Scalar($"SELECT first_sequence FROM change_history_packs WHERE first_sequence <= {target.Sequence} AND last_sequence >= {target.Sequence};");
            byte[] blob = PackBlob(first);
            byte[] name = Encoding.UTF8.GetBytes("dev-0011");
            int at = blob.AsSpan().IndexOf(name);
            Assert.True(at > 0);
            blob[at + 4] = (byte)'9';
            Exec($"UPDATE change_history_packs SET entries = $blob WHERE first_sequence = {first};", blob);

            HistoryVerification check = Verify();
            Assert.False(check.Valid);
            Assert.Equal(target.Sequence, check.FirstBadEntry);
        }

        [Theory]
        [InlineData("UPDATE change_history_packs SET os_user = 'intruder' WHERE first_sequence = {0};", "altered")]
        [InlineData("UPDATE change_history_packs SET at = '2001-01-01T00:00:00.000000Z' WHERE first_sequence = {0};", "altered")]
        [InlineData("UPDATE change_history_packs SET import_id = import_id + 1 WHERE first_sequence = {0};", "altered")]
        [InlineData("UPDATE change_history_packs SET previous_hash = zeroblob(32) WHERE first_sequence = {0};", "altered")]
        [InlineData("DELETE FROM change_history_packs WHERE first_sequence = {0};", "missing")]
        [InlineData("UPDATE change_history_packs SET entries = X'0102' WHERE first_sequence = {0};", "altered")]
        [InlineData("UPDATE change_history_packs SET entries = substr(entries, 1, length(entries) - 40) WHERE first_sequence = {0};", "altered")]
        [InlineData("UPDATE change_history_packs SET entries = X'' WHERE first_sequence = {0};", "altered")]
        public void AHandEditOfAPackNamesItsFirstEntry(string edit, string reason)
        {
            // The row after the packs makes a removed pack a gap (removing the newest entries only a known hash shows).
            long second = TwoPacksAndARow();
            Exec(string.Format(CultureInfo.InvariantCulture, edit, second));

            HistoryVerification check = Verify();
            Assert.False(check.Valid);
            Assert.Equal(second, check.FirstBadEntry);
            Assert.Contains(reason, check.Reason, StringComparison.Ordinal);

            // Nothing is cleared from a history that doesn't verify.
            BmgException refused = Assert.Throws<BmgException>(() =>
                new ChangeHistory(History).ClearBefore(_fx.Now.AddDays(1), ChangeOrigin.Library("Clear-BmgHistory"), _fx.Now.AddDays(1)));
            Assert.Equal(ErrorIds.HistoryTampered, refused.ErrorId);
        }

        [Fact]
        public void APackThatNoLongerDecodesStopsAQueryWithHistoryTamperedNotARawException()
        {
            ImportNew();
            Exec("UPDATE change_history_packs SET entries = X'01FFFFFFFFFFFFFFFFFFFF';");

            BmgException stopped = Assert.Throws<BmgException>(() => new ChangeHistory(History).Query(new HistoryQuery(SubjectKind.Device)).ToList());
            Assert.Equal(ErrorIds.HistoryTampered, stopped.ErrorId);
            Assert.Equal(1L, Verify().FirstBadEntry);
        }

        [Fact]
        public void ShortRunsAndOtherActionsStayRows()
        {
            // Fewer created records than a pack takes: one row each, as before.
            _fx.ImportOk(Csv(1, ChangeEntryPack.MinEntries / 2 - 1));
            Assert.Equal(0, Scalar("SELECT count(*) FROM change_history_packs;"));
            Assert.Equal(ChangeEntryPack.MinEntries - 2, Scalar("SELECT count(*) FROM change_history;"));
            Assert.True(Verify().Valid);
        }

        /// <summary>Two imports (two packs, the second from <c>second</c>) and a device saved after them (a row).</summary>
        private long TwoPacksAndARow()
        {
            ImportNew();
            _fx.Now = _fx.Now.AddMinutes(1);
            ImportNew(Rows + 1, 20);
            _fx.Store.SaveDevice(null, new Device { Identifier = "single", Code = "A7K29QX4", OS = "ios" }, ChangeOrigin.Library("tests"));
            long second = Scalar("SELECT max(first_sequence) FROM change_history_packs;");
            Assert.True(second > 1);
            Assert.True(Verify().Valid);
            return second;
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
        [InlineData("UPDATE change_history_packs SET first_device_key = CAST(first_device_key AS TEXT) || 'x' WHERE first_sequence = {0};")]
        // The later pack's first key moved into the earlier pack's range: "greatest first key <= k" then picks it for the earlier pack's keys.
        [InlineData("UPDATE change_history_packs SET first_device_key = (SELECT last_device_key FROM change_history_packs WHERE first_sequence = 1) WHERE first_sequence = {0};")]
        [InlineData("UPDATE change_history_packs SET first_user_key = (SELECT first_user_key + 1 FROM change_history_packs WHERE first_sequence = 1) WHERE first_sequence = {0};")]
        public void AHandEditOfAPacksHeaderColumnsIsNamedAsItsFirstEntry(string edit)
        {
            long second = TwoPacksAndARow();
            Exec(string.Format(CultureInfo.InvariantCulture, edit, second));

            HistoryVerification check = Verify();
            Assert.False(check.Valid);
            Assert.Equal(second, check.FirstBadEntry);
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

            using (IStoreTransaction write = _fx.Store.BeginTransaction())
            {
                BmgException refused = Assert.Throws<BmgException>(() => History.DeleteThrough(second + 2));
                Assert.Equal(ErrorIds.HistoryTampered, refused.ErrorId);
            }

            Assert.Equal(packs, Scalar("SELECT count(*) FROM change_history_packs;"));
            Assert.Equal(0, Scalar($"SELECT count(*) FROM change_history WHERE sequence <= {second + 2};"));
        }

        [Fact]
        public void AClearThroughAPacksEndCountsItsDecodedEntries()
        {
            long second = TwoPacksAndARow();
            List<ChangeEntry> before = Chain();
            using (IStoreTransaction write = _fx.Store.BeginTransaction())
            {
                Assert.Equal(second - 1, History.DeleteThrough(second - 1));
                write.Commit();
            }

            Assert.Equal(before.Skip((int)second - 1).Select(Describe), Chain().Select(Describe));
        }

        [Theory]
        [InlineData("UPDATE change_history SET at = 'x' WHERE sequence = {0};")]
        [InlineData("UPDATE change_history SET at = '2026-13-45T99:00:00.000000Z' WHERE sequence = {0};")]
        [InlineData("UPDATE change_history SET changes = 'not a change list' WHERE sequence = {0};")]
        [InlineData("UPDATE change_history SET changes = '[' WHERE sequence = {0};")]
        public void ARowEditedSoItNoLongerReadsIsNamedByVerifyAndStopsAQueryWithHistoryTampered(string edit)
        {
            TwoPacksAndARow();
            long row = Scalar("SELECT max(sequence) FROM change_history;");
            Exec(string.Format(CultureInfo.InvariantCulture, edit, row));

            HistoryVerification check = Verify();
            Assert.False(check.Valid);
            Assert.Equal(row, check.FirstBadEntry);
            Assert.Contains("altered", check.Reason, StringComparison.Ordinal);

            BmgException stopped = Assert.Throws<BmgException>(() => new ChangeHistory(History).Query(new HistoryQuery(SubjectKind.Device)).ToList());
            Assert.Equal(ErrorIds.HistoryTampered, stopped.ErrorId);
        }

        [Fact]
        public void ARenameWhosePastNameIsInAPackThatNoLongerDecodesStopsWithHistoryTampered()
        {
            ImportNew();
            // The version byte changed: the blob's last hash (the head) still reads, its entries don't.
            Exec("UPDATE change_history_packs SET entries = X'02' || substr(entries, 2);");
            Device stored = _fx.Device("dev-0005");
            Device renamed = stored.Clone();
            renamed.Identifier = "renamed-0005";

            BmgException stopped = Assert.Throws<BmgException>(() => _fx.Store.SaveDevice(stored, renamed, ChangeOrigin.Library("tests")));
            Assert.Equal(ErrorIds.HistoryTampered, stopped.ErrorId);
            Assert.Equal("dev-0005", _fx.Device("dev-0005").Identifier);
            Assert.Equal(0, Scalar("SELECT count(*) FROM change_history;"));
        }
    }
}
