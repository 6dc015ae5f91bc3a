using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using BizMobileGo.Core.History;
using Xunit;

namespace BizMobileGo.Core.Tests.History
{
    /// <summary>
    /// The thread a write transaction's history batches are hashed on: batches come back in the order they were handed
    /// off, each linked to the one before; a failure is thrown where its batch is taken; and when the transaction ends
    /// the thread ends with it, with nothing of the batches still waiting hashed.
    /// </summary>
    public class HistoryHashingThreadTests
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        private static ChangeEntry[] Batch(int first, int count) => Enumerable.Range(first, count)
            .Select(i => new ChangeEntry(T0.AddSeconds(i), "sato", "kitting-01", "Import-BmgDeviceCsv", null, i, SubjectKind.Device, "key-" + i,
                "iphone-" + i, ChangeAction.Created, new[] { new FieldChange("Identifier", null, "iphone-" + i) }))
            .ToArray();

        private static HistoryHead HeadAfter(ChangeEntry[] linked) => new HistoryHead(linked[^1].Sequence, linked[^1].Hash);

        private static ChangeEntry[] Link(HistoryHead? head, ChangeEntry[] entries)
        {
            HistoryChain.LinkInPlace(head, entries);
            return entries;
        }

        [Fact]
        public void BatchesComeBackInTheirOrderEachLinkedToTheOneBefore()
        {
            var hashing = new HistoryHashingThread<ChangeEntry[], ChangeEntry[]>(Link, HeadAfter);
            var handedOff = new List<ChangeEntry[]>();
            for (int i = 0; i < 30; i++)
            {
                ChangeEntry[] batch = Batch(i * 7, 7);
                handedOff.Add(batch);
                // The first batch starts the chain (no head: an empty history); the others link to the batch before.
                hashing.HandOff(batch, headGiven: i == 0, head: null);
            }

            Assert.Equal(30, hashing.InFlight);
            List<ChangeEntry> chain = Enumerable.Range(0, 30).SelectMany(_ => hashing.Take()).ToList();
            hashing.Stop();

            Assert.Equal(0, hashing.InFlight);
            Assert.Equal(handedOff.SelectMany(batch => batch), chain);
            Assert.Equal(Enumerable.Range(1, 210).Select(i => (long)i), chain.Select(entry => entry.Sequence));
            Assert.True(HistoryChain.Verify(chain).Valid);
        }

        [Fact]
        public void ABatchHandedOffWithAHeadLinksToThatHead()
        {
            ChangeEntry[] before = Link(null, Batch(0, 5));
            ChangeEntry[] inline = Link(HeadAfter(before), Batch(5, 3));
            var hashing = new HistoryHashingThread<ChangeEntry[], ChangeEntry[]>(Link, HeadAfter);
            hashing.HandOff(Batch(8, 4), headGiven: false, head: null);
            ChangeEntry[] first = hashing.Take();
            // The writer appended a small batch itself meanwhile: the next batch links to the head it gives.
            hashing.HandOff(Batch(12, 4), headGiven: true, head: HeadAfter(inline));
            ChangeEntry[] second = hashing.Take();
            hashing.Stop();

            Assert.Equal(1, first[0].Sequence);
            Assert.Equal((9L, inline[^1].Hash), (second[0].Sequence, second[0].PreviousHash));
        }

        [Fact]
        public void AFailureIsThrownWhereItsBatchIsTakenAndNoLaterBatchIsHashed()
        {
            int hashed = 0;
            var hashing = new HistoryHashingThread<ChangeEntry[], ChangeEntry[]>((head, entries) =>
            {
                if (Interlocked.Increment(ref hashed) == 3)
                {
                    throw new InvalidOperationException("the third batch");
                }

                return Link(head, entries);
            }, HeadAfter);
            for (int i = 0; i < 6; i++)
            {
                hashing.HandOff(Batch(i * 4, 4), headGiven: i == 0, head: null);
            }

            Assert.Equal(1, hashing.Take()[0].Sequence);
            Assert.Equal(5, hashing.Take()[0].Sequence);
            Assert.Equal("the third batch", Assert.Throws<InvalidOperationException>(() => hashing.Take()).Message);
            Assert.Equal("the third batch", Assert.Throws<InvalidOperationException>(() => hashing.Take()).Message);
            hashing.Stop();

            Assert.Equal(3, hashed);
            Assert.False(hashing.IsRunning);
        }

        [Fact]
        public void StoppedWhileBatchesWaitItHashesNoneOfThemAndEnds()
        {
            using var inFirstBatch = new ManualResetEventSlim();
            using var release = new ManualResetEventSlim();
            int hashed = 0;
            var hashing = new HistoryHashingThread<ChangeEntry[], ChangeEntry[]>((head, entries) =>
            {
                Interlocked.Increment(ref hashed);
                inFirstBatch.Set();
                release.Wait();
                return Link(head, entries);
            }, HeadAfter);
            for (int i = 0; i < 5; i++)
            {
                hashing.HandOff(Batch(i * 4, 4), headGiven: i == 0, head: null);
            }

            Assert.True(inFirstBatch.Wait(TimeSpan.FromSeconds(30)));
            Assert.True(hashing.IsRunning);
            // The transaction ends (rolled back) while the first batch is being hashed and four wait: Stop waits for
            // the one being hashed, drops the others, and the thread is gone when it returns.
            var stopping = new Thread(() => hashing.Stop());
            stopping.Start();
            // Released once Stop has dropped the waiting batches (it sets InFlight to 0 as it does), not after a guessed
            // while: released before Stop ran, the thread went on to the next batch (on a loaded machine, 50 ms was not enough).
            Assert.True(SpinWait.SpinUntil(() => hashing.InFlight == 0, TimeSpan.FromSeconds(30)));
            release.Set();
            Assert.True(stopping.Join(TimeSpan.FromSeconds(30)));

            Assert.False(hashing.IsRunning);
            Assert.Equal(1, hashed);
            Assert.Equal(0, hashing.InFlight);
        }
    }
}
