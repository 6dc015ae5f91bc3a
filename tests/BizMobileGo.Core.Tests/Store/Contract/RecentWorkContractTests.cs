using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using Xunit;
using FieldChange = BizMobileGo.Core.History.FieldChange;

namespace BizMobileGo.Core.Tests.Store.Contract
{
    /// <summary>
    /// An import's read of its window (<see cref="RecentWork"/>, the undone-work warning's recent work) on each store: bounded by
    /// the newest row stamped before the window (<see cref="IHistoryStore.LastRowBefore"/>), the changed subjects read by key
    /// (<see cref="IHistoryStore.ChangedSubjectKeys"/>), and exactly the window's edges kept, whether the entries around them are
    /// rows or a first import's packs. Each store kind derives a class saying how to make its store.
    /// </summary>
    public abstract class RecentWorkContractTests : OneStoreContractTests
    {
        private IHistoryStore History => (IHistoryStore)Store;

        // The import's start; its window begins a week before.
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 3, 11, 12, 0, 0, TimeSpan.Zero);
        private static readonly DateTimeOffset Since = Start - UndoneWork.Window;

        private static ChangeEntry Entry(DateTimeOffset at, SubjectKind kind, int key, ChangeAction action, string command = "Set-BmgDevice") =>
            new ChangeEntry(at, "bob", "host", command, null, null, kind, key.ToString(CultureInfo.InvariantCulture), "subject-" + key, action,
                new[] { new FieldChange("DisplayName", "old " + key, "new " + key) });

        // A first import's created devices (one pack, as the stores append a run of them: PackedAppend).
        private static IEnumerable<ChangeEntry> Pack(DateTimeOffset at, int firstKey) =>
            Enumerable.Range(firstKey, 40).Select(key => Entry(at, SubjectKind.Device, key, ChangeAction.Created, "Import-BmgDeviceCsv"));

        private IReadOnlyList<ChangeEntry> Record(IEnumerable<ChangeEntry> pending)
        {
            using IStoreTransaction write = Store.BeginTransaction();
            IReadOnlyList<ChangeEntry> linked = ChangeHistory.Record(History, pending.ToList());
            write.Commit();
            return linked;
        }

        private (long After, RecentWork Devices, RecentWork Users) ReadWindow()
        {
            using IStoreTransaction read = Store.BeginReadTransaction();
            long after = History.LastRowBefore(RecentWork.ReadFrom(Since));
            return (after, RecentWork.Read(History, SubjectKind.Device, after, Since, Start), RecentWork.Read(History, SubjectKind.User, after, Since, Start));
        }

        [Fact]
        public void TheWindowIsReadAfterTheNewestRowBeforeItAndKeepsExactlyItsEdgesPackedOrNot()
        {
            var pending = new List<ChangeEntry>();
            pending.AddRange(Pack(Start.AddDays(-30), 1000));                                    // packed, long before
            pending.Add(Entry(Start.AddDays(-30), SubjectKind.Device, 7, ChangeAction.Changed)); // the cut-off's row
            pending.Add(Entry(Since.AddSeconds(-1), SubjectKind.Device, 1, ChangeAction.Changed)); // just outside, read past
            pending.Add(Entry(Since.AddSeconds(-1), SubjectKind.Device, 2, ChangeAction.Removed));
            pending.AddRange(Pack(Since.AddSeconds(1), 2000));                                   // packed, in the window
            pending.Add(Entry(Since, SubjectKind.Device, 3, ChangeAction.Changed));               // just inside
            pending.Add(Entry(Since, SubjectKind.Device, 4, ChangeAction.Removed));
            pending.Add(Entry(Start.AddTicks(-10), SubjectKind.User, 1, ChangeAction.Changed));  // the last microsecond before the start
            pending.Add(Entry(Start, SubjectKind.Device, 5, ChangeAction.Changed));               // the import's own time: not another's
            pending.Add(Entry(Start, SubjectKind.Device, 6, ChangeAction.Removed));
            IReadOnlyList<ChangeEntry> linked = Record(pending);
            Assert.Equal(2, PackedAppend.Of(linked, rentBlobs: false).Packs.Count);

            (long after, RecentWork devices, RecentWork users) = ReadWindow();

            Assert.Equal(linked.Single(e => e.SubjectKey == "7").Sequence, after);
            Assert.Equal(new[] { false, false, true, false, false }, new long[] { 7, 1, 3, 5, 2001 }.Select(devices.MayHaveChanged));
            Assert.Equal("subject-4", devices.RemovalOf("SUBJECT-4")?.Subject); // identifiers are one name ignoring case
            Assert.Null(devices.RemovalOf("subject-2"));
            Assert.Null(devices.RemovalOf("subject-6"));
            Assert.True(users.MayHaveChanged(1));
            Assert.False(users.MayHaveChanged(3));
        }

        [Fact]
        public void AQueryAfterASequenceReadsOnlyTheRowsNumberedAboveIt()
        {
            // Six changes a day apart, the last yesterday.
            IReadOnlyList<ChangeEntry> linked = Record(Enumerable.Range(1, 6).Select(key => Entry(Start.AddDays(key - 7), SubjectKind.Device, key, ChangeAction.Changed)));
            long after = linked[2].Sequence;

            using IStoreTransaction read = Store.BeginReadTransaction();
            var query = new HistoryQuery(SubjectKind.Device) { AfterSequence = after, Actions = new[] { ChangeAction.Changed } };
            Assert.Equal(linked.Skip(3).Reverse().Select(e => e.Sequence), History.Query(query).Select(e => e.Sequence));
            var byKeys = new HistoryQuery(SubjectKind.Device) { AfterSequence = after, SubjectKeys = new[] { "2", "5" }, Actions = new[] { ChangeAction.Changed } };
            Assert.Equal(new[] { linked[4].Sequence }, History.Query(byKeys).Select(e => e.Sequence));
            Assert.Equal(new[] { 4L, 5L, 6L }, History.ChangedSubjectKeys(SubjectKind.Device, after, Start.AddYears(-1), Start).OrderBy(key => key));
            Assert.Equal(new[] { 4L, 5L }, History.ChangedSubjectKeys(SubjectKind.Device, after, Start.AddYears(-1), linked[5].At).OrderBy(key => key));
            Assert.Equal(new[] { 5L, 6L }, History.ChangedSubjectKeys(SubjectKind.Device, after, linked[4].At, Start).OrderBy(key => key));
            Assert.Empty(History.ChangedSubjectKeys(SubjectKind.User, 0, Start.AddYears(-1), Start));

            // The newest row stamped before a time: its sequence, or 0 when none is that old.
            Assert.Equal(linked[0].Sequence, History.LastRowBefore(linked[0].At.AddTicks(10)));
            Assert.Equal(linked[3].Sequence, History.LastRowBefore(linked[4].At));
            Assert.Equal(0, History.LastRowBefore(linked[0].At));
        }

        [Fact]
        public void AClockSetBackByMoreThanTheSlackEndsTheReadAtTheEntryItStamped()
        {
            // RecentWork.AfterSequence says it: entries are read back to the newest row stamped before the window's start less
            // the slack; a writer whose clock was set back by more than that stamps a row there, and the window's entries
            // made before it are not read. A clock a few hours off changes nothing.
            Record(new[]
            {
                Entry(Start.AddDays(-2), SubjectKind.Device, 1, ChangeAction.Changed),
                Entry(Start.AddDays(-2).AddHours(-14), SubjectKind.Device, 2, ChangeAction.Changed), // 14 hours behind
                Entry(Start.AddDays(-1), SubjectKind.Device, 3, ChangeAction.Changed),
            });
            Assert.Equal(new[] { true, true, true }, new long[] { 1, 2, 3 }.Select(ReadWindow().Devices.MayHaveChanged));

            Record(new[] { Entry(Since - RecentWork.ClockSlack - TimeSpan.FromSeconds(1), SubjectKind.Device, 4, ChangeAction.Changed) });
            Record(new[] { Entry(Start.AddHours(-1), SubjectKind.Device, 5, ChangeAction.Changed) });
            RecentWork devices = ReadWindow().Devices;
            Assert.Equal(new[] { false, false, false, false, true }, new long[] { 1, 2, 3, 4, 5 }.Select(devices.MayHaveChanged));
        }
    }
}
