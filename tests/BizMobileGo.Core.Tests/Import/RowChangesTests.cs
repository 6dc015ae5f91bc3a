using System;
using System.Linq;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    /// <summary>
    /// A row result's Changes (what -PassThru exports, what -WhatIf prints): only changes the row makes, each field once
    /// (twelfth-round walkthrough, finding 9).
    /// </summary>
    public class RowChangesTests : IDisposable
    {
        private readonly StoreFixture _fx = new StoreFixture();

        public void Dispose() => _fx.Dispose();

        private const string Header = "UserName,Name,EmailAddress,Identifier,Template,OS,DeviceTags,Serial,DisplayName,DEPMethod";

        // The walkthrough's file: line 2 a bad e-mail (its device half valid), line 3 an unknown template (its user half
        // valid), line 4 valid, line 5 a serial line 4 already holds.
        private static readonly string Walkthrough = StoreFixture.Csv(
            Header,
            "kato,Kato Ken,kato@example,ipad-1001,Std,ios,Sales,F9FXK2BBBB01,iPad 1001,",
            "mori,Mori Aki,mori@example.com,ipad-1002,NoSuchTemplate,ios,Sales,F9FXK2BBBB02,iPad 1002,",
            "ueda,Ueda Yu,ueda@example.com,ipad-1003,Std,ios,Sales,F9FXK2BBBB03,iPad 1003,Serial",
            "kudo,Kudo Rin,kudo@example.com,ipad-1004,Std,ios,Sales,F9FXK2BBBB03,iPad 1004,");

        [Theory]
        [InlineData(ImportMode.SkipInvalidRows, true)]
        [InlineData(ImportMode.SkipInvalidRows, false)]
        [InlineData(ImportMode.AllOrNothing, false)]
        public void AFailedRowListsNoChanges(ImportMode mode, bool dryRun)
        {
            ImportOutcome outcome = _fx.Import(Walkthrough, mode, dryRun);

            foreach (int line in new[] { 2, 3, 5 })
            {
                ImportRowResult row = outcome.Line(line);
                Assert.True(row.Failed);
                Assert.Equal("", row.Changes);
                Assert.Empty(row.GetFieldChanges());
            }

            Assert.NotEqual("", outcome.Line(4).Changes);
        }

        [Fact]
        public void ARowThatCreatesItsUserAndDeviceNamesUserNameOnce()
        {
            ImportOutcome outcome = _fx.Import(Walkthrough, ImportMode.SkipInvalidRows, dryRun: true);

            ImportRowResult created = outcome.Line(4);
            Assert.Equal(RecordAction.Created, created.UserAction);
            Assert.Equal(RecordAction.Created, created.DeviceAction);
            Assert.Single(created.GetFieldChanges(), c => c.Field == FieldNames.UserName);
            Assert.StartsWith("UserName: 'ueda'; Name: 'Ueda Yu'; EmailAddress: 'ueda@example.com'; Identifier: 'ipad-1003'", created.Changes, StringComparison.Ordinal);
            Assert.EndsWith("DEPMethod: 'Serial'", created.Changes, StringComparison.Ordinal);
        }

        [Fact]
        public void ADeviceMovedToANewUserNamesUserNameOnceWithWhereItCameFrom()
        {
            _fx.ImportOk(StoreFixture.Csv("UserName,Name,Identifier,OS", "sato,Sato Ichiro,ipad-2001,ios"));

            ImportOutcome outcome = _fx.Import(StoreFixture.Csv("UserName,Name,Identifier,OS", "ueda,Ueda Yu,ipad-2001,ios"));

            ImportRowResult moved = outcome.Line(2);
            Assert.Equal(RecordAction.Created, moved.UserAction);
            Assert.Equal(RecordAction.Updated, moved.DeviceAction);
            FieldChange link = Assert.Single(moved.GetFieldChanges(), c => c.Field == FieldNames.UserName);
            Assert.Equal("sato", link.OldValue);
            Assert.Equal("ueda", link.NewValue);
            Assert.Equal("Name: 'Ueda Yu'; UserName: 'sato' -> 'ueda'", moved.Changes);
            Assert.Equal("ueda", _fx.Device("ipad-2001").UserName);
        }

        [Fact]
        public void AnExistingUsersNewDeviceStillNamesItsLink()
        {
            _fx.ImportOk(StoreFixture.Csv("UserName,Name", "sato,Sato Ichiro"));

            ImportOutcome outcome = _fx.Import(StoreFixture.Csv("UserName,Name,Identifier,OS", "sato,Sato Ichiro,ipad-2002,ios"));

            ImportRowResult row = outcome.Line(2);
            Assert.Equal(RecordAction.Unchanged, row.UserAction);
            Assert.Equal("UserName: 'sato'", row.GetFieldChanges().Single(c => c.Field == FieldNames.UserName).ToString());
            Assert.EndsWith("UserName: 'sato'", row.Changes, StringComparison.Ordinal);
        }
    }
}
