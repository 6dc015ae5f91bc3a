using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using Xunit;

namespace BizMobileGo.Core.Tests.History
{
    /// <summary>
    /// Walkthrough 27, 2: a write does not extend a chain whose newest entry doesn't verify (HistoryHeadCheck). It refuses with
    /// HistoryTampered, writes nothing, and the rows added by hand stay the only damage: deleting them is the way back.
    /// </summary>
    public abstract partial class PackedHistoryContractTests
    {
        private long RowCount => Scalar("SELECT count(*) FROM change_history;");

        private long HeadSequence => Chain().Last().Sequence;

        /// <summary>A device write through the store's own write path (its recorder): the one a refusal must stop whole.</summary>
        private void SaveNewDevice(string identifier) =>
            Store.SaveDevice(null, new Device { Identifier = identifier, PlainCode = "A7K29QX4", OS = "ios" }, ChangeOrigin.Library("tests"));

        /// <summary>Asserts the write is refused naming <paramref name="head"/>, and that neither its device nor an entry was written.</summary>
        private BmgException AssertWriteRefused(long head, string reasonPart)
        {
            long rows = RowCount;
            BmgException refused = Assert.Throws<BmgException>(() => SaveNewDevice("after-the-edit"));
            Assert.Equal(ErrorIds.HistoryTampered, refused.ErrorId);
            Assert.Equal(head, refused.Target);
            Assert.Contains(reasonPart, refused.Message, StringComparison.Ordinal);
            Assert.Contains($"if entry {head} (with any other entry after the last one that verifies) was added by hand, the store's owner deletes it", refused.Message, StringComparison.Ordinal);
            Assert.Null(Store.GetDevice("after-the-edit"));
            Assert.Equal(rows, RowCount);
            return refused;
        }

        /// <summary>Deleting the rows added by hand is the way back: the next write goes through and the whole chain verifies.</summary>
        private void AssertDeletingTheRowIsTheWayBack(long added)
        {
            Exec($"DELETE FROM change_history WHERE sequence = {added};");
            SaveNewDevice("after-the-delete");
            Assert.NotNull(Store.GetDevice("after-the-delete"));
            Assert.True(Verify().Valid, Verify().Reason);
        }

        [Theory(DisplayName = "Walkthrough 27, 2: a junk row added at the head (after a row, after a pack) stops the next write, which the row's deletion lets through")]
        [InlineData("row")]
        [InlineData("pack")]
        public void AJunkRowAtTheHeadStopsTheNextWriteAndItsDeletionIsTheWayBack(string headBefore)
        {
            if (headBefore == "row")
            {
                TwoPacksAndARow();
            }
            else
            {
                ImportNew();
            }

            long junk = HeadSequence + 1;
            Exec($@"INSERT INTO change_history VALUES ({junk}, {LongAgo}, 'x', 'x', 'x', NULL, NULL, 'Device', '2', 'dev-0002', 'Changed', '{{}}', {ZeroHash}, {ZeroHash}, '');");

            AssertWriteRefused(junk, $"Entry {junk} ");
            AssertDeletingTheRowIsTheWayBack(junk);
        }

        [Fact(DisplayName = "Walkthrough 27, 2: an entry that verifies on its own but leaves a gap before it (finding 2's sequence + 1,000,000) stops the next write")]
        public void AnEntryAfterAGapStopsTheNextWrite()
        {
            TwoPacksAndARow();
            List<ChangeEntry> chain = Chain();
            ChangeEntry head = chain.Last();
            long forged = ForgeAfter(new HistoryHead(head.Sequence + 1_000_000, head.Hash));

            AssertWriteRefused(forged, $"does not follow entry {head.Sequence}, the one before it (there is no entry {head.Sequence + 1}-{forged - 1})");
            AssertDeletingTheRowIsTheWayBack(forged);
        }

        [Fact(DisplayName = "Walkthrough 27, 2: an entry that verifies on its own but doesn't link to the one before it stops the next write")]
        public void AnEntryThatDoesNotLinkStopsTheNextWrite()
        {
            TwoPacksAndARow();
            long forged = ForgeAfter(new HistoryHead(HeadSequence, HistoryChain.GenesisHash));

            AssertWriteRefused(forged, $"Entry {forged} does not link to Entry {forged - 1} (");
            AssertDeletingTheRowIsTheWayBack(forged);
        }

        [Fact(DisplayName = "Walkthrough 27, 2: the newest entry altered by hand stops the next write (restoring it is the way back)")]
        public void TheNewestEntryAlteredStopsTheNextWrite()
        {
            TwoPacksAndARow();
            long head = HeadSequence;
            Exec($"UPDATE change_history SET subject = 'renamed by hand' WHERE sequence = {head};");

            AssertWriteRefused(head, "was altered: its content no longer matches its hash.");
            Exec($"UPDATE change_history SET subject = 'single' WHERE sequence = {head};");
            SaveNewDevice("after-the-restore");
            Assert.True(Verify().Valid, Verify().Reason);
        }

        [Fact(DisplayName = "Walkthrough 27, 2: a write of many entries, its head checked on the hashing thread, is refused as a single write is and writes nothing")]
        public void TheNewestEntryAlteredStopsAWriteHashedAside()
        {
            TwoPacksAndARow();
            long head = HeadSequence;
            Exec($"UPDATE change_history SET subject = 'renamed by hand' WHERE sequence = {head};");
            long rows = RowCount;
            long packs = Scalar("SELECT count(*) FROM change_history_packs;");

            // More entries than the recorder hashes at once on the writing thread: the batch, and the head's check, go aside.
            BmgException refused = Assert.Throws<BmgException>(() =>
            {
                using IStoreTransaction write = Store.BeginTransaction();
                for (int i = 0; i <= HistoryRecorder.HashAsideFrom; i++)
                {
                    SaveNewDevice($"aside-{i:D3}");
                }

                write.Commit();
            });

            Assert.Equal(ErrorIds.HistoryTampered, refused.ErrorId);
            Assert.Equal(head, refused.Target);
            Assert.Contains("was altered: its content no longer matches its hash.", refused.Message, StringComparison.Ordinal);
            Assert.Null(Store.GetDevice("aside-000"));
            Assert.Equal(rows, RowCount);
            Assert.Equal(packs, Scalar("SELECT count(*) FROM change_history_packs;"));
        }

        [Fact(DisplayName = "Walkthrough 27, 2: a newest pack that no longer decodes stops the next write")]
        public void ANewestPackThatNoLongerReadsStopsTheNextWrite()
        {
            ImportNew();
            long newest = Scalar("SELECT max(first_sequence) FROM change_history_packs;");
            Exec($"UPDATE change_history_packs SET entries = {Bytes("7F")} || {EntriesFrom(2)} WHERE first_sequence = {newest};");

            AssertWriteRefused(newest, $"Entry {newest} ");
        }

        [Fact(DisplayName = "Walkthrough 27, 2: an older entry at fault doesn't stop a write: only the head the write links to is checked (Test-BmgHistory names the rest)")]
        public void AnOlderEntryAtFaultDoesNotStopAWrite()
        {
            TwoPacksAndARow();
            SaveNewDevice("second-row");
            long older = HeadSequence - 1;
            Exec($"UPDATE change_history SET subject = 'renamed by hand' WHERE sequence = {older};");

            SaveNewDevice("after-the-older-edit");
            Assert.NotNull(Store.GetDevice("after-the-older-edit"));
            Assert.Equal(older, Verify().FirstBadEntry);
        }

        /// <summary>An entry linked by the module's own code after <paramref name="after"/>, committed as a writer with the store's role could (finding 1): it verifies on its own.</summary>
        private long ForgeAfter(HistoryHead after)
        {
            ChangeEntry pending = new ChangeEntry(Now, "yamada", "kitting-02", "Set-BmgDevice", null, null, SubjectKind.Device, "2", "dev-0002",
                ChangeAction.Changed, new[] { new FieldChange("Description", null, "wiped by yamada") });
            IReadOnlyList<ChangeEntry> forged = HistoryChain.Link(after, new[] { pending });
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                History.Append(forged);
                write.Commit();
            }

            return forged[0].Sequence;
        }
    }
}
