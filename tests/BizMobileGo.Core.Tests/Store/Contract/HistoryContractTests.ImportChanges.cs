using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using Xunit;
using ImportHistoryEntry = BizMobileGo.Core.Import.ImportHistoryEntry;

namespace BizMobileGo.Core.Tests.Store.Contract
{
    /// <summary>
    /// An import's changed records have their entries made where the batch is linked (RecordedWrite: the diff on the
    /// hashing thread, off the writing thread, forty-third round), as its created records do: what is recorded is what the
    /// write changed, and a write whose diff finds nothing records nothing, however its batch is linked.
    /// </summary>
    public abstract partial class HistoryContractTests
    {
        [Theory(DisplayName = "An import's changed records are recorded as its writes changed them, in order; a write that changed nothing records nothing, in a batch linked at once or aside")]
        [InlineData(HistoryRecorder.HashAsideFrom - 1)] // each chunk's batch linked at once, on the writing thread
        [InlineData(HistoryRecorder.HashAsideFrom + 6)] // each chunk's batch hashed aside, the first one with no entry at all
        public void AnImportsChangedRecordsAreRecordedAsItsWritesChangedThem(int perChunk)
        {
            DateTimeOffset at = DateTimeOffset.UtcNow;
            var first = new ImportHistoryEntry { StartedAt = at, EndedAt = at, User = "root", Source = "/srv/first.csv" };
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                Store.ApplyChanges(Enumerable.Range(0, 2 * perChunk).Select(i => StoreChange.OfDevice(null,
                    new Device { Identifier = $"dev-{i:D3}", PlainCode = "A7K29QX4", OS = "ios", DisplayName = $"Device {i}" },
                    new ChangeOrigin("Import-BmgDeviceCsv", first).AtLine(i + 2))).ToList());
                write.Commit();
            }

            long createdThrough = Chain().Last().Sequence;
            Assert.Equal(2 * perChunk, createdThrough);

            // The re-import: its first chunk writes every device as it was (no diff), its second changes every other device's
            // DisplayName. The planner's records: a clone of the stored device, changed or not, and never changed after the write.
            var second = new ImportHistoryEntry { StartedAt = at, EndedAt = at, User = "root", Source = "/srv/second.csv" };
            List<Device> stored = Enumerable.Range(0, 2 * perChunk).Select(i => Store.GetDevice($"dev-{i:D3}")!).ToList();
            StoreChange Rewrite(int i)
            {
                Device after = stored[i].Clone();
                if (i >= perChunk && i % 2 == 0)
                {
                    after.DisplayName = $"Changed {i}";
                }

                return StoreChange.OfDevice(stored[i], after, new ChangeOrigin("Import-BmgDeviceCsv", second).AtLine(i + 2));
            }

            using (IStoreTransaction write = Store.BeginTransaction())
            {
                Store.ApplyChanges(Enumerable.Range(0, perChunk).Select(Rewrite).ToList());
                Store.ApplyChanges(Enumerable.Range(perChunk, perChunk).Select(Rewrite).ToList());
                write.Commit();
            }

            Store.SaveDevice(null, NewDevice("after-the-import"), ChangeOrigin.Library("tests"));

            List<ChangeEntry> chain = Chain();
            List<ChangeEntry> changed = chain.Where(e => e.Sequence > createdThrough && e.Command == "Import-BmgDeviceCsv").ToList();
            int[] changedRows = Enumerable.Range(perChunk, perChunk).Where(i => i % 2 == 0).ToArray();
            Assert.Equal(changedRows.Select(i => $"dev-{i:D3}"), changed.Select(e => e.Subject));
            Assert.All(changed.Zip(changedRows), pair =>
            {
                (ChangeEntry entry, int i) = pair;
                Assert.Equal((ChangeAction.Changed, (int?)i + 2, (long?)second.Id, stored[i].DeviceKey.ToString()),
                    (entry.Action, entry.Line, entry.ImportId, entry.SubjectKey));
                Assert.Equal($"DisplayName: Device {i} \u2192 Changed {i}", Assert.Single(entry.Changes).ToString());
            });

            // Numbered on from the created records, no gap where nothing was recorded; the write after chains on.
            Assert.Equal(Enumerable.Range(1, chain.Count).Select(i => (long)i), chain.Select(e => e.Sequence));
            Assert.Equal("after-the-import", chain[^1].Subject);
            Assert.Equal(createdThrough + changedRows.Length + 1, chain[^1].Sequence);
            Assert.True(HistoryChain.Verify(chain).Valid);
            Assert.All(chain, e => Assert.Equal(HistoryCanonicalForm.Hash(e), e.Hash));
        }
    }
}
