using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using Xunit;

namespace BizMobileGo.Core.Tests.History
{
    public class HistoryChainTests
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        private static ChangeEntry Pending(int day, string subject = "iphone-001", string value = "x") =>
            new ChangeEntry(T0.AddDays(day), "sato", "kitting-01", "Set-BmgDevice", null, null, SubjectKind.Device, "key-" + subject, subject,
                ChangeAction.Changed, new[] { new FieldChange("DisplayName", "before " + day, value + day) });

        /// <summary>A store holding <paramref name="count"/> entries, one per day from T0, recorded in one write.</summary>
        private static MemoryHistoryStore StoreWith(int count)
        {
            var store = new MemoryHistoryStore();
            using (var write = store.BeginTransaction())
            {
                ChangeHistory.Record(store, Enumerable.Range(0, count).Select(day => Pending(day)).ToList());
                write.Commit();
            }

            return store;
        }

        private static HistoryVerification Verify(MemoryHistoryStore store, string? knownHash = null) => new ChangeHistory(store).Verify(knownHash);

        [Fact]
        public void Entries_are_numbered_from_one_and_each_links_to_the_hash_before_it()
        {
            MemoryHistoryStore store = StoreWith(4);
            List<ChangeEntry> chain = store.ReadChain().ToList();

            Assert.Equal(new long[] { 1, 2, 3, 4 }, chain.Select(entry => entry.Sequence));
            Assert.Equal(HistoryChain.GenesisHash, chain[0].PreviousHash);
            for (int i = 1; i < chain.Count; i++)
            {
                Assert.Equal(chain[i - 1].Hash, chain[i].PreviousHash);
            }

            Assert.All(chain, entry => Assert.Matches("^[0-9a-f]{64}$", entry.Hash));
            Assert.Equal(4, chain.Select(entry => entry.Hash).Distinct().Count());
            HistoryVerification result = Verify(store);
            Assert.True(result.Valid, result.Reason);
            Assert.Equal(4, result.Entries);
            Assert.Equal(chain[3].Hash, result.HeadHash);
            Assert.Equal(4, result.HeadSequence);
            Assert.Null(result.FirstBadEntry);
        }

        [Fact]
        public void A_second_write_continues_the_chain_and_a_rolled_back_write_leaves_nothing()
        {
            MemoryHistoryStore store = StoreWith(2);
            using (store.BeginTransaction())
            {
                ChangeHistory.Record(store, new[] { Pending(5) });
                // disposed without Commit: rolled back
            }

            Assert.Equal(2, store.Rows.Count);
            using (var write = store.BeginTransaction())
            {
                ChangeHistory.Record(store, new[] { Pending(6) });
                write.Commit();
            }

            Assert.Equal(new long[] { 1, 2, 3 }, store.ReadChain().Select(entry => entry.Sequence));
            Assert.True(Verify(store).Valid);
        }

        private static ChangeEntry OfImport(int day, long? importId) =>
            new ChangeEntry(T0.AddDays(day), "sato", "kitting-01", "Import-BmgDeviceCsv", importId, day + 2, SubjectKind.Device, "key-" + day, "iphone-" + day,
                ChangeAction.Changed, new[] { new FieldChange("DisplayName", "before", "after" + day) });

        [Fact]
        public void Imports_the_entries_name_without_a_row_are_listed_with_their_entries_and_leave_the_chain_valid()
        {
            // Import 7's entries in two runs (an import's chunks with another's between), 8's and one of no import.
            IReadOnlyList<ChangeEntry> chain = HistoryChain.Link(null, new[]
            {
                OfImport(0, 7), OfImport(1, 7), OfImport(2, 8), OfImport(3, null), OfImport(4, 7), OfImport(5, 9), OfImport(6, 9),
            });

            HistoryVerification result = HistoryChain.Verify(chain, null, null, new HashSet<long> { 8 });

            Assert.True(result.Valid, result.Reason);
            Assert.Null(result.Reason);
            Assert.Equal(new long[] { 7, 9 }, result.MissingImports.Select(import => import.ImportId));
            Assert.Equal((1L, 5L, 3L), (result.MissingImports[0].FirstEntry, result.MissingImports[0].LastEntry, result.MissingImports[0].Entries));
            Assert.Equal((6L, 7L, 2L), (result.MissingImports[1].FirstEntry, result.MissingImports[1].LastEntry, result.MissingImports[1].Entries));
            Assert.Equal("Import 7: entries 1-5 (3)", result.MissingImports[0].ToString());

            BmgException error = Assert.IsType<BmgException>(ChangeHistory.ImportsMissing(result));
            Assert.Equal(ErrorIds.ImportNotFound, error.ErrorId);
            Assert.Equal(7L, error.Target);
            Assert.StartsWith("The import history has no row for imports 7, 9, which entries of the change history name (their ImportId; import 7: 3 entries, 1 to 5): the rows were deleted by hand", error.Message);

            // Every import has its row: nothing listed, no error; without the import ids (a store that keeps none), nothing checked.
            Assert.Empty(HistoryChain.Verify(chain, null, null, new HashSet<long> { 7, 8, 9 }).MissingImports);
            Assert.Null(ChangeHistory.ImportsMissing(HistoryChain.Verify(chain, null, null, new HashSet<long> { 7, 8, 9 })));
            Assert.Empty(HistoryChain.Verify(chain, null, null).MissingImports);
        }

        [Fact]
        public void An_empty_history_verifies()
        {
            HistoryVerification result = Verify(new MemoryHistoryStore());
            Assert.True(result.Valid);
            Assert.Equal(0, result.Entries);
            Assert.Null(result.HeadHash);
        }

        [Theory]
        [InlineData("NewValue")]
        [InlineData("At")]
        [InlineData("OsUser")]
        [InlineData("Subject")]
        [InlineData("Line")]
        public void An_altered_field_names_its_entry(string column)
        {
            MemoryHistoryStore store = StoreWith(5);
            store.Edit(3, row =>
            {
                switch (column)
                {
                    case "NewValue": row.Changes = row.Changes.Replace("x2", "forged"); break;
                    case "At": row.At = HistoryTime.ToText(T0.AddDays(30)); break;
                    case "OsUser": row.OsUser = "someone-else"; break;
                    case "Subject": row.Subject = "iphone-999"; break;
                    case "Line": row.Line = 40; break;
                }
            });

            HistoryVerification result = Verify(store);

            Assert.False(result.Valid);
            Assert.Equal(3, result.FirstBadEntry);
            Assert.Contains("altered", result.Reason);
        }

        [Fact]
        public void An_entry_rewritten_with_a_recomputed_hash_is_named_by_the_next_entry_s_link()
        {
            MemoryHistoryStore store = StoreWith(5);
            store.RewriteWithRecomputedHash(3, new FieldChange("DisplayName", "a", "forged"));

            HistoryVerification result = Verify(store);

            Assert.False(result.Valid);
            Assert.Equal(3, result.FirstBadEntry);
            Assert.Contains("rewritten", result.Reason);
        }

        [Fact]
        public void A_removed_middle_entry_is_named_as_missing()
        {
            MemoryHistoryStore store = StoreWith(5);
            store.Delete(3);

            HistoryVerification result = Verify(store);

            Assert.False(result.Valid);
            Assert.Equal(3, result.FirstBadEntry);
            Assert.Contains("missing", result.Reason);
            Assert.Equal(4, result.Entries);
        }

        [Fact]
        public void Removed_middle_entries_renumbered_to_close_the_gap_break_the_hashes()
        {
            MemoryHistoryStore store = StoreWith(5);
            store.Delete(3);
            store.Edit(4, row => row.Sequence = 3);
            store.Edit(5, row => row.Sequence = 4);

            HistoryVerification result = Verify(store);

            Assert.False(result.Valid);
            Assert.Equal(3, result.FirstBadEntry);
        }

        [Fact]
        public void Reordered_entries_are_found()
        {
            MemoryHistoryStore store = StoreWith(5);
            // Swap what entries 2 and 3 say happened, keeping the numbering: a reorder by hand.
            store.Edit(2, row => row.Sequence = -3);
            store.Edit(3, row => row.Sequence = 2);
            store.Edit(-3, row => row.Sequence = 3);

            HistoryVerification result = Verify(store);

            Assert.False(result.Valid);
            Assert.Equal(2, result.FirstBadEntry);
        }

        [Fact]
        public void An_entry_inserted_in_the_middle_is_found_even_when_it_links_correctly()
        {
            MemoryHistoryStore store = StoreWith(5);
            // Someone who knows the algorithm forges entry 3 after entry 2 and moves 3, 4, 5 up by one.
            ChangeEntry second = store.ReadChain().Single(entry => entry.Sequence == 2);
            ChangeEntry forged = HistoryChain.Link(new HistoryHead(2, second.Hash), new[] { Pending(2, value: "forged") })[0];
            foreach (long sequence in new long[] { 5, 4, 3 })
            {
                store.Edit(sequence, row => row.Sequence = sequence + 1);
            }

            var fresh = new MemoryHistoryStore();
            using (fresh.BeginTransaction())
            {
                fresh.Append(new[] { forged });
                store.Insert(fresh.Rows[0].Copy());
            }

            HistoryVerification result = Verify(store);

            Assert.False(result.Valid);
            Assert.Equal(4, result.FirstBadEntry); // the first original entry pushed out of place
        }

        [Fact]
        public void An_entry_inserted_with_a_number_already_taken_is_found()
        {
            MemoryHistoryStore store = StoreWith(3);
            MemoryHistoryStore.Row copy = store.RowOf(2).Copy();
            copy.Subject = "other";
            store.Insert(copy);

            HistoryVerification result = Verify(store);

            Assert.False(result.Valid);
            Assert.Equal(2, result.FirstBadEntry);
        }

        [Fact]
        public void Removing_the_oldest_entries_by_hand_is_found()
        {
            MemoryHistoryStore store = StoreWith(5);
            store.Delete(1);
            store.Delete(2);

            HistoryVerification result = Verify(store);

            Assert.False(result.Valid);
            Assert.Equal(1, result.FirstBadEntry);
            Assert.Contains("1-2 are missing", result.Reason);
        }

        [Fact]
        public void Removing_the_newest_entries_is_not_found_by_the_chain_alone_only_with_a_head_hash_kept_elsewhere()
        {
            // The honest limit: the rest of the chain is intact, so only an outside copy of the head hash shows it.
            MemoryHistoryStore store = StoreWith(5);
            string writtenDown = Verify(store).HeadHash!;
            store.Delete(5);
            store.Delete(4);

            HistoryVerification alone = Verify(store);
            Assert.True(alone.Valid);
            Assert.Equal(3, alone.Entries);

            HistoryVerification withKnown = Verify(store, writtenDown);
            Assert.False(withKnown.Valid);
            Assert.Contains(writtenDown, withKnown.Reason);

            HistoryVerification olderKnown = Verify(store, store.RowOf(2).Hash.ToUpperInvariant());
            Assert.True(olderKnown.Valid, olderKnown.Reason);
        }

        [Fact]
        public void Rewriting_the_whole_chain_from_one_entry_on_is_not_found_without_a_head_hash_kept_elsewhere()
        {
            // The other honest limit: the algorithm is public, so whoever can write the file can re-hash everything after an edit.
            MemoryHistoryStore store = StoreWith(4);
            string writtenDown = Verify(store).HeadHash!;
            List<ChangeEntry> chain = store.ReadChain().ToList();
            var rewritten = HistoryChain.Link(new HistoryHead(2, chain[1].Hash), new[] { Pending(2, value: "forged"), Pending(3) });
            store.Delete(3);
            store.Delete(4);
            using (var scratch = store.BeginTransaction())
            {
                store.Append(rewritten);
                scratch.Commit();
            }

            Assert.True(Verify(store).Valid);
            Assert.False(Verify(store, writtenDown).Valid);
        }

        [Fact]
        public void Fields_are_length_prefixed_so_moving_text_between_fields_changes_the_hash()
        {
            var a = new ChangeEntry(T0, "sato", "kitting-01", "Set-BmgDevice", null, null, SubjectKind.Device, "k", "ab", ChangeAction.Changed,
                new[] { new FieldChange("DisplayName", "x", "y") });
            var b = new ChangeEntry(T0, "sato", "kitting-01", "Set-BmgDevice", null, null, SubjectKind.Device, "ka", "b", ChangeAction.Changed,
                new[] { new FieldChange("DisplayName", "x", "y") });
            var noLine = new ChangeEntry(T0, "sato", "kitting-01", "Set-BmgDevice", null, null, SubjectKind.Device, "k", "ab", ChangeAction.Changed,
                new[] { new FieldChange("DisplayName", null, "xy") });
            var cleared = new ChangeEntry(T0, "sato", "kitting-01", "Set-BmgDevice", null, null, SubjectKind.Device, "k", "ab", ChangeAction.Changed,
                new[] { new FieldChange("DisplayName", "xy", null) });

            var hashes = new[] { a, b, noLine, cleared }.Select(HistoryCanonicalForm.Hash).ToList();

            Assert.Equal(4, hashes.Distinct().Count());
            Assert.StartsWith(HistoryCanonicalForm.Version1, System.Text.Encoding.UTF8.GetString(HistoryCanonicalForm.Bytes(a), 5, HistoryCanonicalForm.Version1.Length));
        }

        [Fact]
        public void The_hash_of_a_known_entry_stays_the_same_so_entries_hashed_by_earlier_versions_still_verify()
        {
            // Pinned: a faster hashing path must produce the very bytes and digest the stores already hold.
            var entry = new ChangeEntry(T0.AddTicks(1234567), "佐藤", "kitting-01", "Import-BmgDeviceCsv", 42, 7, SubjectKind.Device, "123", "iPhone-山田",
                    ChangeAction.Changed, new[] { new FieldChange("DisplayName", "山田の iPhone", null), FieldChange.Hidden("Code"), new FieldChange("Serial", null, "F2LX") })
                .Linked(99, new string('a', 64), "");
            string expected = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(HistoryCanonicalForm.Bytes(entry))).ToLowerInvariant();

            Assert.Equal(expected, HistoryCanonicalForm.Hash(entry));
            Assert.Equal("3f35ebe478f85354dc0635eb8789203e9de2c765b1edcb94f791e42730c159a2", expected);
        }

        [Fact]
        public void Only_a_hash_field_s_value_goes_on_a_line_of_its_own_in_the_change_list()
        {
            string hex = new string('a', 64);
            var changes = new List<FieldChange>
            {
                new FieldChange("Description", null, hex),
                new FieldChange(HistoryChain.ChainStartPreviousHashField, null, hex),
            };
            var entry = new ChangeEntry(DateTimeOffset.UnixEpoch, "u", "h", "tests", null, null, SubjectKind.Device, "1", "a", ChangeAction.Created, changes);

            string[] lines = entry.ChangeList.Split(Environment.NewLine);

            Assert.Equal(new[] { "Description: (none) \u2192 " + hex, "ChainStartPreviousHash: (none) \u2192", hex }, lines);
        }

        [Fact]
        public void The_change_list_text_reads_back_equal()
        {
            var changes = new[]
            {
                new FieldChange("DisplayName", "山田の iPhone \"1\"", null),
                FieldChange.Hidden("Code"),
                new FieldChange("Description", null, "line 1\nline 2\t|x"),
            };

            var read = ChangeListText.Read(ChangeListText.Write(changes));

            Assert.Equal(changes.Select(change => (change.Field, change.OldValue, change.NewValue, change.ValueHidden)),
                read.Select(change => (change.Field, change.OldValue, change.NewValue, change.ValueHidden)));
            Assert.Contains("山田", ChangeListText.Write(changes));
        }

        // ---- Clear-BmgHistory ----

        private static ChangeEntry Clear(MemoryHistoryStore store, DateTimeOffset before, DateTimeOffset? now = null) =>
            TryClear(store, before, now) ?? throw new InvalidOperationException("The clear removed nothing, so it recorded nothing.");

        /// <summary>
        /// A clear at <paramref name="now"/> (day 100 unless given: a -Before may not be later than now) that may remove nothing:
        /// then it records nothing either (null).
        /// </summary>
        private static ChangeEntry? TryClear(MemoryHistoryStore store, DateTimeOffset before, DateTimeOffset? now = null) =>
            new ChangeHistory(store).ClearBefore(before, new ChangeOrigin("Clear-BmgHistory"), now ?? T0.AddDays(100), new ChangeActor("admin", "server"));

        [Fact]
        public void Clearing_removes_the_oldest_entries_records_itself_and_leaves_a_chain_that_verifies()
        {
            MemoryHistoryStore store = StoreWith(6);
            string lastRemovedHash = store.RowOf(3).Hash;

            ChangeEntry cleared = Clear(store, T0.AddDays(3));

            Assert.Equal(new long[] { 4, 5, 6, 7 }, store.ReadChain().Select(entry => entry.Sequence));
            Assert.Equal(ChangeAction.Cleared, cleared.Action);
            Assert.Equal(SubjectKind.History, cleared.SubjectKind);
            Assert.Equal(7, cleared.Sequence);
            Assert.Equal("Clear-BmgHistory", cleared.Command);
            Assert.Contains(cleared.Changes, change => change.Field == HistoryChain.RemovedEntriesField && change.NewValue == "3");
            Assert.Contains(cleared.Changes, change => change.Field == HistoryChain.ChainStartField && change.NewValue == "4");
            Assert.Contains(cleared.Changes, change => change.Field == HistoryChain.ChainStartPreviousHashField && change.NewValue == lastRemovedHash);
            HistoryVerification result = Verify(store);
            Assert.True(result.Valid, result.Reason);
            Assert.Equal(4, result.Entries);
            Assert.Equal(cleared.Hash, result.HeadHash);
        }

        [Fact]
        public void After_a_clear_removing_the_oldest_remaining_entry_by_hand_is_still_found()
        {
            MemoryHistoryStore store = StoreWith(6);
            Clear(store, T0.AddDays(3));
            store.Delete(4);

            HistoryVerification result = Verify(store);

            Assert.False(result.Valid);
            Assert.Equal(4, result.FirstBadEntry);
        }

        [Fact]
        public void Clearing_everything_and_clearing_again_keep_the_chain_verifiable()
        {
            MemoryHistoryStore store = StoreWith(3);
            Clear(store, T0.AddDays(50));
            Assert.Equal(new long[] { 4 }, store.ReadChain().Select(entry => entry.Sequence));
            Assert.True(Verify(store).Valid);

            using (var write = store.BeginTransaction())
            {
                ChangeHistory.Record(store, new[] { Pending(60) });
                write.Commit();
            }

            Assert.Null(TryClear(store, T0.AddDays(-1)));
            Assert.True(Verify(store).Valid);

            Clear(store, T0.AddDays(200), now: T0.AddDays(200));
            Assert.Single(store.ReadChain());
            HistoryVerification result = Verify(store);
            Assert.True(result.Valid, result.Reason);
        }

        [Fact]
        public void Verify_lists_the_clears_the_chain_holds_with_who_when_before_what_and_how_many()
        {
            MemoryHistoryStore store = StoreWith(6);
            Assert.Empty(Verify(store).Clears);

            ChangeEntry first = Clear(store, T0.AddDays(2));    // days 0 and 1
            ChangeEntry second = Clear(store, T0.AddDays(3));   // day 2; day 3 (newer) stops the run, so the first clear stays

            HistoryVerification result = Verify(store);
            Assert.True(result.Valid, result.Reason);
            Assert.Equal(new[] { first.Sequence, second.Sequence }, result.Clears.Select(clear => clear.Sequence));
            Assert.Equal(new long?[] { 2, 1 }, result.Clears.Select(clear => clear.RemovedEntries));
            Assert.Equal(new DateTimeOffset?[] { T0.AddDays(2), T0.AddDays(3) }, result.Clears.Select(clear => clear.Before));
            Assert.All(result.Clears, clear => Assert.Equal(("admin", "server", T0.AddDays(100)), (clear.OsUser, clear.Host, clear.At)));
            Assert.EndsWith("admin@server removed 2 entries", result.Clears[0].ToString());
            Assert.EndsWith("admin@server removed 1 entry", result.Clears[1].ToString());

            // A clear past both clears' entries removes them like any entry, and counts them; it carries them forward in its own
            // entry (walkthrough 32, 8), so all three are still read, the two earlier ones as they were, each naming its carrier.
            ChangeEntry third = Clear(store, T0.AddDays(101), now: T0.AddDays(101));
            HistoryVerification after = Verify(store);
            Assert.True(after.Valid, after.Reason);
            Assert.Equal(new[] { first.Sequence, second.Sequence, third.Sequence }, after.Clears.Select(clear => clear.Sequence));
            Assert.Equal(new long?[] { 2, 1, 5 }, after.Clears.Select(clear => clear.RemovedEntries)); // days 3 to 5 and the two clears
            Assert.Equal(new DateTimeOffset?[] { T0.AddDays(2), T0.AddDays(3), T0.AddDays(101) }, after.Clears.Select(clear => clear.Before));
            Assert.Equal(new long?[] { third.Sequence, third.Sequence, null }, after.Clears.Select(clear => clear.CarriedBy));
            Assert.Equal(("admin", "server", T0.AddDays(100)), (after.Clears[0].OsUser, after.Clears[0].Host, after.Clears[0].At));
            Assert.EndsWith($"admin@server removed 2 entries (record in entry {third.Sequence})", after.Clears[0].ToString());
            Assert.EndsWith("admin@server removed 5 entries (carries 2 clears)", after.Clears[2].ToString());
        }

        [Fact(DisplayName = "walkthrough 32, 8: a carried clear's record is hashed with the entry that carries it: an edit of it is named as altered")]
        public void A_carried_clear_is_as_tamper_evident_as_the_entry_that_carries_it()
        {
            MemoryHistoryStore store = StoreWith(3);
            ChangeEntry first = Clear(store, T0.AddDays(2));
            ChangeEntry second = Clear(store, T0.AddDays(101), now: T0.AddDays(101));
            Assert.True(Verify(store).Valid);

            string carried = second.Changes.Single(change => change.Field == HistoryChain.PriorClearsField).NewValue!;
            Assert.Contains($"\"Sequence\":{first.Sequence}", carried);
            // Within the entry's changes the record names the earlier clear's OS user: another one written there is an edit.
            Assert.Contains("admin", store.Rows.Single(row => row.Sequence == second.Sequence).Changes);
            store.Edit(second.Sequence, row => row.Changes = row.Changes.Replace("admin", "intruder", StringComparison.Ordinal));
            HistoryVerification check = Verify(store);
            Assert.False(check.Valid);
            Assert.Equal(second.Sequence, check.FirstBadEntry);
        }

        [Fact]
        public void Clearing_an_empty_history_records_nothing()
        {
            var store = new MemoryHistoryStore();
            Assert.Null(TryClear(store, T0));
            Assert.Empty(store.Rows);
            Assert.True(Verify(store).Valid);
        }

        [Fact]
        public void A_clear_that_removes_nothing_records_nothing_so_a_nightly_retention_job_adds_no_entries()
        {
            // Walkthrough 14.5: a one-year retention run nightly on a younger store recorded "removed 0 entries" a night.
            MemoryHistoryStore store = StoreWith(3);
            string head = Verify(store).HeadHash!;

            for (int night = 0; night < 3; night++)
            {
                Assert.Null(TryClear(store, T0.AddDays(-365)));
            }

            HistoryVerification result = Verify(store);
            Assert.Equal(3, result.Entries);
            Assert.Equal(head, result.HeadHash);
            Assert.Empty(result.Clears);
            Assert.False(store.InWriteTransaction);

            // Declined or not, a count of 0 records nothing: the prompt was asked, the clear found nothing to remove.
            long asked = -1;
            Assert.Null(new ChangeHistory(store).ClearBefore(T0.AddDays(-365), new ChangeOrigin("Clear-BmgHistory"), T0.AddDays(100),
                count => { asked = count; return true; }));
            Assert.Equal(0, asked);
            Assert.Equal(3, store.Rows.Count);
        }

        // ---- -KnownHash after Clear-BmgHistory (walkthrough 14.3): one rule ----

        [Fact]
        public void A_known_hash_a_clear_recorded_as_the_chain_start_is_found_and_the_result_says_which_clear_vouches_for_it()
        {
            MemoryHistoryStore store = StoreWith(6);
            string third = store.RowOf(3).Hash;
            ChangeEntry cleared = Clear(store, T0.AddDays(3));   // entries 1-3

            HistoryVerification result = Verify(store, third.ToUpperInvariant());

            Assert.True(result.Valid, result.Reason);
            Assert.Null(result.Reason);
            string at = cleared.At.ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal($"Entry 3, removed by the Clear-BmgHistory of {at} by admin@server, which recorded it as the chain's start", result.KnownEntry);
        }

        [Fact]
        public void A_known_hash_still_in_the_chain_names_its_entry()
        {
            MemoryHistoryStore store = StoreWith(4);
            HistoryVerification result = Verify(store, store.RowOf(2).Hash);
            Assert.True(result.Valid, result.Reason);
            Assert.Equal("Entry 2, in the chain", result.KnownEntry);
            Assert.Null(Verify(store).KnownEntry);
        }

        [Fact]
        public void A_known_hash_of_an_older_entry_a_clear_removed_is_not_found_and_the_reason_says_the_clear_removed_the_entries_before_the_start()
        {
            MemoryHistoryStore store = StoreWith(6);
            string second = store.RowOf(2).Hash;
            ChangeEntry cleared = Clear(store, T0.AddDays(3));   // entries 1-3: only entry 3's hash is on record

            HistoryVerification result = Verify(store, second);

            Assert.False(result.Valid);
            Assert.Null(result.FirstBadEntry);
            Assert.Null(result.KnownEntry);
            string at = cleared.At.ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal($"No entry has the hash {second}, and no clear recorded it as the chain's start. The Clear-BmgHistory of {at} by admin@server "
                + "removed the entries before entry 4: the hash of one of them can't be checked. If the hash is of a later entry, check the hash you "
                + "gave; if it is right, the entries up to it were removed or rewritten by hand, or the store was restored from a backup "
                + "made before that entry (then Entries and HeadHash are the backup's: write the new HeadHash down after a restore).", result.Reason);
            Assert.Equal(ErrorIds.KnownHashNotFound, ChangeHistory.Failure(result, second).ErrorId);
        }

        [Fact]
        public void A_known_hash_is_not_found_in_a_chain_no_clear_removed_from_and_the_reason_does_not_blame_a_clear()
        {
            MemoryHistoryStore store = StoreWith(3);
            string unknown = new string('a', 64);
            HistoryVerification result = Verify(store, unknown);
            Assert.False(result.Valid);
            Assert.Equal($"No entry has the hash {unknown}: check the hash you gave; if it is right, the entries up to it were removed or rewritten by hand, or the store was restored from a backup "
                + "made before that entry (then Entries and HeadHash are the backup's: write the new HeadHash down after a restore).", result.Reason);
        }

        [Fact]
        public void The_genesis_hash_is_no_entry_s_so_no_clear_vouches_for_it()
        {
            // A clear of an empty history, as earlier versions recorded it: chain start 1 after the genesis hash.
            var store = new MemoryHistoryStore();
            using (var write = store.BeginTransaction())
            {
                ChangeHistory.Record(store, new[] { HistoryChain.ClearedEntry(T0, 0, 1, HistoryChain.GenesisHash, new ChangeOrigin("Clear-BmgHistory"), T0) });
                write.Commit();
            }

            Assert.True(Verify(store).Valid);
            HistoryVerification result = Verify(store, HistoryChain.GenesisHash);
            Assert.False(result.Valid);
            Assert.Null(result.KnownEntry);
        }

        // ---- the bad entry named by what it is (walkthrough 14.6) ----

        [Fact]
        public void An_altered_entry_is_named_by_its_subject_command_and_time_and_the_result_carries_it_as_it_reads_now()
        {
            MemoryHistoryStore store = StoreWith(5);
            store.Edit(3, row => row.Changes = row.Changes.Replace("x2", "forged"));

            HistoryVerification result = Verify(store);

            string at = T0.AddDays(2).ToLocalTime().ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal($"Entry 3 (device 'iphone-001', Set-BmgDevice, {at}) was altered: its content no longer matches its hash.", result.Reason);
            Assert.NotNull(result.BadEntry);
            Assert.Equal(3, result.BadEntry!.Sequence);
            Assert.Equal("forged", result.BadEntry.Changes.Single().NewValue);
            Assert.Null(Verify(StoreWith(2)).BadEntry);
        }

        [Fact]
        public void A_user_s_entry_is_named_as_the_user_s()
        {
            var store = new MemoryHistoryStore();
            using (var write = store.BeginTransaction())
            {
                ChangeHistory.Record(store, new[]
                {
                    new ChangeEntry(T0, "sato", "kitting-01", "Set-BmgUser", null, null, SubjectKind.User, "key-u", "suzuki",
                        ChangeAction.Changed, new[] { new FieldChange("Name", "a", "b") }),
                });
                write.Commit();
            }

            store.Edit(1, row => row.OsUser = "intruder");

            Assert.StartsWith("Entry 1 (user 'suzuki', Set-BmgUser, ", Verify(store).Reason);
        }

        [Fact]
        public void One_missing_entry_is_named_in_the_singular_and_carries_no_entry()
        {
            MemoryHistoryStore store = StoreWith(5);
            store.Delete(3);

            HistoryVerification result = Verify(store);

            Assert.Equal("Entry 3 is missing between 2 and 4: it was removed by hand.", result.Reason);
            Assert.Null(result.BadEntry);

            MemoryHistoryStore oldest = StoreWith(5);
            oldest.Delete(1);
            Assert.StartsWith("Entry 1 is missing: the chain starts at 2,", Verify(oldest).Reason);
            Assert.EndsWith("; it was removed by hand.", Verify(oldest).Reason);
        }

        [Fact]
        public void A_time_edited_into_another_form_is_named_in_the_module_s_words_not_the_parser_s()
        {
            var error = Assert.Throws<HistoryFormatException>(() => StoredEntryColumns.At("2026-12-03T08:16:00.220218+00:00"));
            Assert.Equal("its time (at) '2026-12-03T08:16:00.220218+00:00' is not a time as the history writes them (such as 2026-12-03T08:16:00.220218Z)", error.Message);
            Assert.Equal(SubjectKind.User, StoredEntryColumns.Kind("User"));
            Assert.StartsWith("its subject kind (subject_kind) '1' is none of Device, User, History", Assert.Throws<HistoryFormatException>(() => StoredEntryColumns.Kind("1")).Message);
            Assert.StartsWith("its action (action) 'changed' is none of ", Assert.Throws<HistoryFormatException>(() => StoredEntryColumns.Action("changed")).Message);
            // A number after white space is a number to Enum.TryParse too (EnumText.IsNumber, shared with the enum parameters' rule).
            Assert.StartsWith("its subject kind (subject_kind) ' 1' is none of ", Assert.Throws<HistoryFormatException>(() => StoredEntryColumns.Kind(" 1")).Message);
            Assert.StartsWith("its action (action) ' 2' is none of ", Assert.Throws<HistoryFormatException>(() => StoredEntryColumns.Action(" 2")).Message);
            Assert.Equal("its changes (changes) no longer read as a list of field changes", Assert.Throws<HistoryFormatException>(() => StoredEntryColumns.Changes("{not json")).Message);
        }

        [Fact]
        public void A_list_of_actions_or_kinds_is_unreadable_not_read_as_the_member_they_add_up_to()
        {
            // Enum.Parse reads 'Created,Changed' as Created|Changed, which is the number of Removed.
            Assert.Equal("its action (action) 'Created,Changed' is none of Created, Changed, Removed, Cleared",
                Assert.Throws<HistoryFormatException>(() => StoredEntryColumns.Action("Created,Changed")).Message);
            Assert.StartsWith("its action (action) 'Created, Changed' is none of ", Assert.Throws<HistoryFormatException>(() => StoredEntryColumns.Action("Created, Changed")).Message);
            Assert.StartsWith("its action (action) ' Changed' is none of ", Assert.Throws<HistoryFormatException>(() => StoredEntryColumns.Action(" Changed")).Message);
            Assert.StartsWith("its subject kind (subject_kind) 'Device,User' is none of ", Assert.Throws<HistoryFormatException>(() => StoredEntryColumns.Kind("Device,User")).Message);
            foreach (ChangeAction action in (ChangeAction[])Enum.GetValues(typeof(ChangeAction)))
            {
                Assert.Equal(action, StoredEntryColumns.Action(action.ToString()));
            }

            Assert.Equal(SubjectKind.History, StoredEntryColumns.Kind("History"));
        }

        [Fact]
        public void Only_a_run_of_oldest_entries_is_cleared_so_an_out_of_order_time_stays()
        {
            var store = new MemoryHistoryStore();
            using (var write = store.BeginTransaction())
            {
                // Entry 3 was written on a host whose clock was behind.
                ChangeHistory.Record(store, new[] { Pending(0), Pending(5), Pending(1), Pending(6) });
                write.Commit();
            }

            Clear(store, T0.AddDays(3));

            Assert.Equal(new long[] { 2, 3, 4, 5 }, store.ReadChain().Select(entry => entry.Sequence));
            Assert.True(Verify(store).Valid);
        }

        [Fact]
        public void A_chain_that_does_not_verify_is_not_cleared()
        {
            MemoryHistoryStore store = StoreWith(5);
            store.Edit(2, row => row.OsUser = "someone-else");
            int rows = store.Rows.Count;

            var error = Assert.Throws<BmgException>(() => Clear(store, T0.AddDays(4)));

            Assert.Equal(ErrorIds.HistoryTampered, error.ErrorId);
            Assert.Equal(2L, error.Target);
            Assert.Contains("entry 2", error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(rows, store.Rows.Count);
            Assert.False(store.InWriteTransaction);
        }

        [Fact]
        public void A_forged_clear_entry_is_an_altered_entry()
        {
            MemoryHistoryStore store = StoreWith(6);
            Clear(store, T0.AddDays(3));
            store.Edit(7, row => row.Changes = row.Changes.Replace("\"4\"", "\"5\""));
            store.Delete(4);

            HistoryVerification result = Verify(store);

            Assert.False(result.Valid);
        }
    }
}
