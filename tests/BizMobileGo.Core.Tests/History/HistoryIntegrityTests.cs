using System;
using System.Linq;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using Xunit;

namespace BizMobileGo.Core.Tests.History
{
    /// <summary>
    /// Walkthrough 27, 7 and 10: HistoryTampered's way forward built from the kind of failure (and following it clears the
    /// fault), and Clear-BmgHistory's -Before not later than now. On the core's own store; the real stores run the same
    /// through Pester HistoryIntegrity.Tests.ps1.
    /// </summary>
    public class HistoryIntegrityTests
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        private static readonly ChangeOrigin Clear = new ChangeOrigin("Clear-BmgHistory");

        private static MemoryHistoryStore StoreWith(int count)
        {
            var store = new MemoryHistoryStore();
            using (var write = store.BeginTransaction())
            {
                ChangeHistory.Record(store, Enumerable.Range(0, count).Select(day => new ChangeEntry(T0.AddDays(day), "sato", "kitting-01", "Set-BmgDevice", null, null,
                    SubjectKind.Device, "key-1", "iphone-001", ChangeAction.Changed, new[] { new FieldChange("DisplayName", "before " + day, "x" + day) })).ToList());
                write.Commit();
            }

            return store;
        }

        private static string WayForward(MemoryHistoryStore store) => ChangeHistory.Tampered(new ChangeHistory(store).Verify()).Message;

        [Fact(DisplayName = "Walkthrough 27, 7: a missing middle entry's way forward has no BadEntry sentence and times the clear after the entry before the gap, which clears it")]
        public void AMissingMiddleEntrysWayForwardNamesTheEntryBeforeTheGap()
        {
            MemoryHistoryStore store = StoreWith(6);
            store.Delete(4);

            string message = WayForward(store);
            Assert.DoesNotContain("BadEntry", message, StringComparison.Ordinal);
            Assert.Contains("restore the missing entry's row from a backup", message, StringComparison.Ordinal);
            Assert.Contains("accept it, recorded in the clear's own entry, with Clear-BmgHistory -Before <a time after entry 3's> -AcceptTampered 4 ", message, StringComparison.Ordinal);

            // Followed: a time after entry 3's (here entry 5's own, day 4) clears through the gap, and the rest verifies.
            Assert.NotNull(new ChangeHistory(store).ClearBefore(T0.AddDays(4), Clear, T0.AddDays(100), (_, _) => true, new long[] { 4 }));
            Assert.True(new ChangeHistory(store).Verify().Valid);
        }

        [Fact(DisplayName = "Walkthrough 27, 7: several missing entries are said in the plural, the oldest missing ones after the first entry left, which clears them")]
        public void MissingOldestEntriesWayForwardNamesTheFirstEntryLeft()
        {
            MemoryHistoryStore store = StoreWith(6);
            store.Delete(1);
            store.Delete(2);

            string message = WayForward(store);
            Assert.DoesNotContain("BadEntry", message, StringComparison.Ordinal);
            Assert.Contains("restore the missing entries' rows from a backup and run Test-BmgHistory again, or accept them,", message, StringComparison.Ordinal);
            Assert.Contains("-Before <a time after entry 3's> -AcceptTampered 1 ", message, StringComparison.Ordinal);

            Assert.NotNull(new ChangeHistory(store).ClearBefore(T0.AddDays(3), Clear, T0.AddDays(100), (_, _) => true, new long[] { 1 }));
            Assert.True(new ChangeHistory(store).Verify().Valid);
        }

        [Fact(DisplayName = "Walkthrough 27, 7: an altered entry keeps its BadEntry sentence and the entry's own time")]
        public void AnAlteredEntrysWayForwardPointsAtBadEntry()
        {
            MemoryHistoryStore store = StoreWith(6);
            store.Edit(4, row => row.OsUser = "intruder");

            string message = WayForward(store);
            Assert.Contains("(Test-BmgHistory).BadEntry shows the entry as it reads now.", message, StringComparison.Ordinal);
            Assert.Contains("-Before <a time after the entry's> -AcceptTampered 4 ", message, StringComparison.Ordinal);
        }

        [Theory(DisplayName = "Walkthrough 27, 10: Clear-BmgHistory -Before later than now is refused, naming both times, and removes nothing (no prompt either)")]
        [InlineData(false)]
        [InlineData(true)]
        public void AClearBeforeATimeNotYetComeIsRefused(bool confirmed)
        {
            MemoryHistoryStore store = StoreWith(3);
            DateTimeOffset now = T0.AddDays(10);
            bool asked = false;
            BmgException refused = Assert.Throws<BmgException>(() => confirmed
                ? new ChangeHistory(store).ClearBefore(now.AddMinutes(1), Clear, now, (_, _) => asked = true, null)
                : new ChangeHistory(store).ClearBefore(now.AddMinutes(1), Clear, now));

            Assert.Equal(ErrorIds.ClearBeforeInFuture, refused.ErrorId);
            Assert.Equal(BmgErrorCategory.InvalidArgument, refused.Category);
            Assert.Equal(now.AddMinutes(1), refused.Target);
            Assert.Contains("is later than now (", refused.Message, StringComparison.Ordinal);
            Assert.False(asked);
            Assert.Equal(3, store.Rows.Count);

            // Now itself is not later than now: everything recorded so far goes.
            Assert.NotNull(new ChangeHistory(store).ClearBefore(now, Clear, now));
            Assert.Single(store.Rows);
        }
    }
}
