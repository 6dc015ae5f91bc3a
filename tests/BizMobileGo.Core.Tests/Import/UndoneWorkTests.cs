using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BizMobileGo.Core.Import;
using Xunit;
using HistoryFieldChange = BizMobileGo.Core.History.FieldChange;

namespace BizMobileGo.Core.Tests.Import
{
    /// <summary>
    /// The rule that an import row undoes a colleague's recent work (walkthrough 40, findings 1 and 2): the rule itself, and
    /// imports on a real SQLite store whose clock says when each ran, so a change older than the cut-off is one.
    /// </summary>
    public class UndoneWorkTests : IDisposable
    {
        private readonly StoreFixture _fx = new StoreFixture();

        public void Dispose() => _fx.Dispose();

        [Fact]
        public void SettingAFieldBackToTheValueItsLatestChangeReplacedUndoesIt()
        {
            var latest = new HistoryFieldChange("DisplayName", "Device 1", "Bob: replaced screen");

            Assert.True(UndoneWork.Undoes(new HistoryFieldChange("DisplayName", "Bob: replaced screen", "Device 1"), latest));
            // Another value than the one replaced: an edit of its own, not a revert.
            Assert.False(UndoneWork.Undoes(new HistoryFieldChange("DisplayName", "Bob: replaced screen", "Alice's name"), latest));
            // The stored value is no longer what that change set: a later change is the latest one.
            Assert.False(UndoneWork.Undoes(new HistoryFieldChange("DisplayName", "Carol", "Device 1"), latest));
            // Another field.
            Assert.False(UndoneWork.Undoes(new HistoryFieldChange("Description", "Bob: replaced screen", "Device 1"), latest));
        }

        [Fact]
        public void AClearedOrFirstSetValueCountsAsAValueAndASecretNever()
        {
            // Bob gave a Description (none → text); a row that clears it again undoes that.
            Assert.True(UndoneWork.Undoes(new HistoryFieldChange("Description", "new", null), new HistoryFieldChange("Description", null, "new")));
            Assert.False(UndoneWork.Undoes(HistoryFieldChange.Hidden("Code"), HistoryFieldChange.Hidden("Code")));
        }

        [Fact]
        public void RecentMeansWithinTheWindowBeforeTheImportStarted()
        {
            DateTimeOffset start = StoreFixture.T0;
            Assert.True(UndoneWork.IsRecent(start - TimeSpan.FromHours(1), start));
            Assert.True(UndoneWork.IsRecent(start - UndoneWork.Window, start));
            Assert.False(UndoneWork.IsRecent(start - UndoneWork.Window - TimeSpan.FromSeconds(1), start));
            // The import's own entries are at its start: not another's work.
            Assert.False(UndoneWork.IsRecent(start, start));
        }

        private const string Header = "Identifier,OS,DisplayName,ExpirationDays";

        // Alice's export, then Bob's change (an import of his own). The history stamps entries with the real time, so Alice's
        // imports below run on a clock set from now: an hour later, or past the cut-off.
        private void ExportThenBobsChange()
        {
            _fx.Now = StoreFixture.T0;
            _fx.ImportOk(StoreFixture.Csv(Header, "dev1,ios,Device 1,30", "dev2,ios,Device 2,30"));
            _fx.Now = StoreFixture.T0.AddHours(1);
            _fx.ImportOk(StoreFixture.Csv("Identifier,DisplayName", "dev1,Bob: replaced screen"));
        }

        // Alice's edited export imported at <paramref name="at"/>: the warnings asked before the commit.
        private IReadOnlyList<string> AlicesImport(DateTimeOffset at, string csv)
        {
            using var import = new DeviceImport(_fx.Store, ImportMode.AllOrNothing, false, "alice.csv", () => at);
            List<ImportRowResult> rows = DeviceCsvFile.ImportRows(import, new StringReader(csv), ',', "alice.csv").ToList();
            Assert.DoesNotContain(rows, row => row.Failed);
            IReadOnlyList<string> warnings = import.UndoneWorkWarnings();
            Assert.True(import.Complete().Committed);
            return warnings;
        }

        [Fact]
        public void AnEditedExportThatPutsBackAFieldAColleagueChangedSinceWarnsNamingLineFieldValuesAndWho()
        {
            ExportThenBobsChange();

            IReadOnlyList<string> warnings = AlicesImport(DateTimeOffset.UtcNow.AddHours(1), StoreFixture.Csv(Header, "dev1,ios,Device 1,60", "dev2,ios,Device 2,60"));

            string warning = Assert.Single(warnings);
            Assert.StartsWith("1 row would set a field back to the value it had before another change of the last 7 days, undoing it: "
                + "Line 2 (device 'dev1'): DisplayName would go back to 'Device 1' over 'Bob: replaced screen', changed (on ", warning);
            Assert.Contains(", Import-BmgDeviceCsv)", warning);
            Assert.DoesNotContain("dev2", warning);
        }

        [Fact]
        public void AChangeOlderThanTheCutOffIsNotWarnedAbout()
        {
            ExportThenBobsChange();

            IReadOnlyList<string> warnings = AlicesImport(DateTimeOffset.UtcNow + UndoneWork.Window + TimeSpan.FromMinutes(1),
                StoreFixture.Csv(Header, "dev1,ios,Device 1,60"));

            Assert.Empty(warnings);
        }

        [Fact]
        public void TheHistoryEntryOfARowTheCheckDiffedHoldsThatRowsChangesAsTheRecorderWouldDiffThem()
        {
            // The check's diff of a changed row is handed to the recorder (StoreChange.HistoryChanges): the entry must hold
            // exactly what diffing the stored and the written device gives, both fields, in the entries' order.
            ExportThenBobsChange();
            var before = _fx.Store.GetDevice("dev1")!;

            AlicesImport(DateTimeOffset.UtcNow.AddHours(1), StoreFixture.Csv(Header, "dev1,ios,Device 1,60"));

            var after = _fx.Store.GetDevice("dev1")!;
            var history = (BizMobileGo.Core.History.IHistoryStore)_fx.Store;
            var query = new BizMobileGo.Core.History.HistoryQuery(BizMobileGo.Core.History.SubjectKind.Device);
            BizMobileGo.Core.History.ChangeEntry latest = history.Query(query).First(entry => query.Matches(entry) && entry.Subject == "dev1");
            Assert.Equal(
                BizMobileGo.Core.History.ChangeDiff.Of(before, after).Select(change => (change.Field, change.OldValue, change.NewValue)),
                latest.Changes.Select(change => (change.Field, change.OldValue, change.NewValue)));
            Assert.Contains(latest.Changes, change => change.Field == "DisplayName" && change.NewValue == "Device 1");
            Assert.Contains(latest.Changes, change => change.Field == "ExpirationDays" && change.NewValue == "60");
        }

        [Fact]
        public void AnEditOfAnotherFieldOrToAThirdValueIsNotWarnedAbout()
        {
            ExportThenBobsChange();

            IReadOnlyList<string> warnings = AlicesImport(DateTimeOffset.UtcNow.AddHours(1),
                StoreFixture.Csv(Header, "dev1,ios,Bob: replaced screen,60", "dev2,ios,Alice's name,60"));

            Assert.Empty(warnings);
        }
    }
}
