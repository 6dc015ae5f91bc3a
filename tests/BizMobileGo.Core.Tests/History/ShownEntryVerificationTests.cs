using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.History;
using Xunit;

namespace BizMobileGo.Core.Tests.History
{
    /// <summary>
    /// Walkthrough 23, finding 7: what Get-BmgDeviceHistory / Get-BmgUserHistory show is verified as it is read
    /// (ChangeHistory.QueryVerified), in Test-BmgHistory's words, and their warnings (TamperedEntryWarnings) name the first
    /// entries that don't verify, then count the rest.
    /// </summary>
    public class ShownEntryVerificationTests
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        private static ChangeEntry Pending(int day, string subject) =>
            new ChangeEntry(T0.AddDays(day), "sato", "kitting-01", "Set-BmgDevice", null, null, SubjectKind.Device, "key-" + subject, subject,
                ChangeAction.Changed, new[] { new FieldChange("DisplayName", "before " + day, "after " + day) });

        /// <summary>Entries 1..count, one a day, the odd ones of device-a and the even ones of device-b.</summary>
        private static MemoryHistoryStore StoreWith(int count)
        {
            var store = new MemoryHistoryStore();
            using (var write = store.BeginTransaction())
            {
                ChangeHistory.Record(store, Enumerable.Range(1, count).Select(i => Pending(i, i % 2 == 1 ? "device-a" : "device-b")).ToList());
                write.Commit();
            }

            return store;
        }

        private static List<ShownEntry> Shown(MemoryHistoryStore store, HistoryQuery? query = null) =>
            new ChangeHistory(store).QueryVerified(query ?? new HistoryQuery(SubjectKind.Device)).ToList();

        [Fact]
        public void An_untouched_history_shows_every_entry_verified()
        {
            List<ShownEntry> shown = Shown(StoreWith(6));

            Assert.Equal(new long[] { 6, 5, 4, 3, 2, 1 }, shown.Select(s => s.Sequence));
            Assert.All(shown, s => Assert.True(s.Verified, s.Problem));
            var warnings = new TamperedEntryWarnings();
            Assert.All(shown, s => Assert.Null(warnings.For(s)));
            Assert.Null(warnings.Rest());
        }

        [Fact]
        public void An_entry_edited_by_hand_is_shown_not_verified_in_test_bmghistory_s_words()
        {
            MemoryHistoryStore store = StoreWith(6);
            store.Edit(4, row => row.OsUser = "intruder");

            List<ShownEntry> shown = Shown(store);

            Assert.Equal(6, shown.Count);
            ShownEntry edited = Assert.Single(shown, s => !s.Verified);
            Assert.Equal(4, edited.Sequence);
            Assert.Equal("intruder", edited.OsUser);
            // One rule: the words Test-BmgHistory gives the same entry.
            Assert.Equal(new ChangeHistory(store).Verify().Reason, edited.Problem);
            Assert.StartsWith("Entry 4 (device 'device-b', Set-BmgDevice, ", edited.Problem);
        }

        [Fact]
        public void A_query_of_one_device_verifies_its_entries_only()
        {
            MemoryHistoryStore store = StoreWith(6);
            store.Edit(4, row => row.Changes = row.Changes.Replace("after 4", "forged"));

            List<ShownEntry> deviceA = Shown(store, new HistoryQuery(SubjectKind.Device) { SubjectKeys = new[] { "key-device-a" } });
            List<ShownEntry> deviceB = Shown(store, new HistoryQuery(SubjectKind.Device) { SubjectKeys = new[] { "key-device-b" } });

            Assert.All(deviceA, s => Assert.True(s.Verified, s.Problem));
            Assert.Equal(new[] { 4L }, deviceB.Where(s => !s.Verified).Select(s => s.Sequence));
        }

        [Fact]
        public void An_entry_rewritten_with_its_hash_recomputed_is_named_when_the_query_shows_the_entry_after_it()
        {
            MemoryHistoryStore store = StoreWith(6);
            store.RewriteWithRecomputedHash(3, new FieldChange("DisplayName", "a", "forged"));

            // Every device's entries: entry 4, shown just before 3, no longer links to it; 3 is named, as Test-BmgHistory names it.
            ShownEntry named = Assert.Single(Shown(store), s => !s.Verified);
            Assert.Equal(3, named.Sequence);
            Assert.Equal(new ChangeHistory(store).Verify().Reason, named.Problem);
            Assert.Contains("rewritten (its hash recomputed)", named.Problem);

            // device-a's entries alone (1, 3, 5): the query reads no neighbour of 3 in the chain, so nothing says it. Test-BmgHistory does.
            Assert.All(Shown(store, new HistoryQuery(SubjectKind.Device) { SubjectKeys = new[] { "key-device-a" } }), s => Assert.True(s.Verified));
        }

        [Fact]
        public void The_warnings_name_the_first_ten_with_the_error_id_and_count_the_rest()
        {
            MemoryHistoryStore store = StoreWith(14);
            foreach (long sequence in Enumerable.Range(1, 13))
            {
                store.Edit(sequence, row => row.OsUser = "intruder");
            }

            var warnings = new TamperedEntryWarnings();
            List<string> said = Shown(store).Select(warnings.For).Where(w => w != null).Select(w => w!).ToList();

            Assert.Equal(TamperedEntryWarnings.Named, said.Count);
            Assert.All(said, w => Assert.StartsWith("HistoryTampered: Entry ", w));
            Assert.All(said, w => Assert.EndsWith("It is shown as stored, with Verified False. Test-BmgHistory walks the whole chain.", w));
            Assert.StartsWith("HistoryTampered: Entry 13 (device 'device-a', ", said[0]);
            Assert.Equal("HistoryTampered: 3 more entries shown do not verify either (13 in all, each shown with Verified False: "
                + "| Where-Object Verified -eq $false lists them). Test-BmgHistory walks the whole chain.", warnings.Rest());
        }
    }
}
