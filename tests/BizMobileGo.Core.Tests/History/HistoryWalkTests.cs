using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using Xunit;

namespace BizMobileGo.Core.Tests.History
{
    /// <summary>
    /// Walkthrough 34b, findings 3, 5 and 9: a walk of the whole chain (Test-BmgHistory's verify, Clear-BmgHistory's count and
    /// clear) stops at a stop (Ctrl+C) within a thousand entries, and tells how far it has got. On the core's own store: the walk
    /// is the core's, whatever store reads the chain.
    /// </summary>
    public class HistoryWalkTests
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        private static MemoryHistoryStore StoreWith(int count)
        {
            var store = new MemoryHistoryStore();
            using (var write = store.BeginTransaction())
            {
                ChangeHistory.Record(store, Enumerable.Range(0, count).Select(i => new ChangeEntry(T0.AddMinutes(i), "sato", "kitting-01", "Set-BmgDevice", null, null,
                    SubjectKind.Device, "key-1", "iphone-001", ChangeAction.Changed, new[] { new FieldChange("DisplayName", "before " + i, "x" + i) })).ToList());
                write.Commit();
            }

            return store;
        }

        [Fact]
        public void AVerifyTellsHowFarItHasGotAndStopsAtAStopWithinAThousandEntries()
        {
            MemoryHistoryStore store = StoreWith(2500);
            var told = new List<long>();
            Assert.True(new ChangeHistory(store, new HistoryWalk(CancellationToken.None, told.Add)).Verify().Valid);
            Assert.Equal(new long[] { 1000, 2000 }, told);

            told.Clear();
            using var stop = new CancellationTokenSource();
            var walk = new HistoryWalk(stop.Token, walked =>
            {
                told.Add(walked);
                stop.Cancel();
            });
            Assert.Throws<OperationCanceledException>(() => new ChangeHistory(store, walk).Verify());
            Assert.Equal(new long[] { 1000 }, told);
        }

        [Fact]
        public void TheRecordsComparedAfterTheWalkAreToldAndStopAtAStopWithinAThousandRows()
        {
            // Test-BmgHistory -Records reads every device and user row after the walk (tamper36): a million rows take as long
            // as the walk, and a Ctrl+C must not wait for them. The users' count goes on from the devices'.
            var told = new List<long>();
            using var stop = new CancellationTokenSource();
            var walk = new HistoryWalk(stop.Token, compared: compared =>
            {
                told.Add(compared);
                if (compared >= 3000)
                {
                    stop.Cancel();
                }
            });
            Assert.Equal(2500, walk.WatchRows(Enumerable.Range(0, 2500)).Count());
            var rows = new List<int>();
            Assert.Throws<OperationCanceledException>(() => rows.AddRange(walk.WatchRows(Enumerable.Range(0, 5000), before: 2500)));
            Assert.Equal(new long[] { 1000, 2000, 3000 }, told);
            Assert.InRange(rows.Count, 1, 500 + HistoryWalk.Every);
        }

        [Fact]
        public void AClearStoppedInItsCountRemovesNothing()
        {
            MemoryHistoryStore store = StoreWith(2500);
            using var stop = new CancellationTokenSource();
            var walk = new HistoryWalk(stop.Token, _ => stop.Cancel());
            bool asked = false;
            Assert.Throws<OperationCanceledException>(() => new ChangeHistory(store, walk).ClearBefore(T0.AddMinutes(2000), new ChangeOrigin("Clear-BmgHistory"),
                T0.AddDays(10), (_, _) => asked = true, accept: null));
            Assert.False(asked);
            Assert.Equal(2500, new ChangeHistory(store).Verify().Entries);
        }

        [Fact]
        public void AVerifyStopsWhileItReadsTheNamesIndexWithinAThousandNames()
        {
            // Before the walk the verify reads the names index whole (a row a subject's name: a million at a million devices); a
            // stop waited for that read too (fixb34's measurement: ~35 s on the 1,000,000-device store). It is heeded as it reads.
            var store = new MemoryHistoryStore();
            using (var write = store.BeginTransaction())
            {
                ChangeHistory.Record(store, Enumerable.Range(0, 2500).Select(i => new ChangeEntry(T0.AddMinutes(i), "sato", "kitting-01", "New-BmgDevice", null, null,
                    SubjectKind.Device, "key-" + i, "iphone-" + i, ChangeAction.Created, new[] { new FieldChange("DisplayName", null, "x" + i) })).ToList());
                write.Commit();
            }

            using var stop = new CancellationTokenSource();
            store.NameRead = stop.Cancel;
            Assert.Throws<OperationCanceledException>(() => new ChangeHistory(store, new HistoryWalk(stop.Token)).Verify());
            Assert.InRange(store.NamesRead, 1, HistoryWalk.Every);
        }
    }
}
