using System;
using System.Linq;
using BizMobileGo.Core.CheckIn;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Tests.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.CheckIn
{
    public class EditLockTests : IDisposable
    {
        private const string Header = "UserName,Name,Identifier,OS,Code,DisplayName,DeviceTags,ExpirationDays,RegistrationEmail";
        private const string StoredRow = "sato,Sato Ichiro,LOCK1,ios,Lock1Code,Sato's iPad,Sales,7,reg@example.com";

        private readonly StoreFixture _fx = new StoreFixture();

        public EditLockTests()
        {
            _fx.ImportOk(StoreFixture.Csv(Header, StoredRow));
        }

        public void Dispose() => _fx.Dispose();

        private void Lock(bool withdraw)
        {
            CheckInService.CheckIn(_fx.Store, new CheckInReport { Identifier = "LOCK1", Code = "Lock1Code" }, StoreFixture.T0.AddHours(1));
            if (withdraw)
            {
                CheckInService.Withdraw(_fx.Store, "LOCK1", _ => true, StoreFixture.T0.AddHours(2));
            }
        }

        [Theory]
        [InlineData(false, "CheckedIn")]
        [InlineData(true, "Withdrawn")]
        public void RowChangingALockedDeviceFailsAndWritesNothingOfTheRow(bool withdraw, string state)
        {
            Lock(withdraw);
            string before = _fx.Snapshot();
            int emailsBefore = _fx.Store.GetCheckInEmails().Count();

            ImportOutcome outcome = _fx.Import(StoreFixture.Csv(
                Header,
                "sato,Sato Renamed,LOCK1,ios,Lock1Code,Changed,Sales,7,reg@example.com",
                "fresh,Fresh,FREE1,ios,,,,,"), ImportMode.SkipInvalidRows);

            ImportRowResult row = outcome.Line(2);
            Assert.Equal(ErrorIds.DeviceLocked, row.ErrorId);
            Assert.Contains("'LOCK1'", row.Error, StringComparison.Ordinal);
            Assert.Contains(state, row.Error, StringComparison.Ordinal);
            Assert.True(outcome.Summary.Committed);
            Assert.NotNull(_fx.Store.GetDevice("FREE1"));

            Assert.Equal("Sato Ichiro", _fx.User("sato").Name);
            Device locked = _fx.Device("LOCK1");
            Assert.Equal("Sato's iPad", locked.DisplayName);
            Assert.Equal(state, locked.State.ToString());
            Assert.Equal(emailsBefore, _fx.Store.GetCheckInEmails().Count());
            Assert.Equal(before.Split('\n').Where(l => l.StartsWith("D|LOCK1", StringComparison.Ordinal)),
                _fx.Snapshot().Split('\n').Where(l => l.StartsWith("D|LOCK1", StringComparison.Ordinal)));
        }

        [Fact]
        public void NewUserOnALockedDeviceRowIsNotCreated()
        {
            Lock(withdraw: false);
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv(
                "UserName,Name,Identifier",
                "newowner,New Owner,LOCK1",
                "other,Other,"), ImportMode.SkipInvalidRows);

            Assert.Equal(ErrorIds.DeviceLocked, outcome.Line(2).ErrorId);
            Assert.Null(_fx.Store.GetUser("newowner"));
            Assert.NotNull(_fx.Store.GetUser("other"));
            Assert.Equal("sato", _fx.Device("LOCK1").UserName);
        }

        [Fact]
        public void InvalidValueOnALockedDeviceNamesTheLockFirst()
        {
            Lock(withdraw: false);
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv("Identifier,IMEI", "LOCK1,123"));
            ImportRowResult row = Assert.Single(outcome.Rows);
            Assert.Equal(ErrorIds.DeviceLocked, row.ErrorId);
            Assert.Contains(row.GetErrors(), e => e.ErrorId == ErrorIds.InvalidFieldValue);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void RowIdenticalToTheLockedDeviceIsUnchanged(bool withdraw)
        {
            Lock(withdraw);
            string before = _fx.Snapshot();
            ImportOutcome outcome = _fx.ImportOk(StoreFixture.Csv(Header, StoredRow));
            ImportRowResult row = Assert.Single(outcome.Rows);
            Assert.False(row.Failed);
            Assert.Equal(RecordAction.Unchanged, row.DeviceAction);
            Assert.Equal(RecordAction.Unchanged, row.Outcome);
            Assert.Equal(before, _fx.Snapshot());
        }

        [Fact]
        public void BlankCodeAndAbsentColumnsOnALockedDeviceAreUnchanged()
        {
            Lock(withdraw: false);
            ImportOutcome outcome = _fx.ImportOk(StoreFixture.Csv("Identifier,Code,ExpirationDays", "lock1,,"));
            Assert.Equal(RecordAction.Unchanged, Assert.Single(outcome.Rows).Outcome);
        }

        [Fact]
        public void DeviceEditorRefusesALockedDevice()
        {
            Lock(withdraw: false);
            string before = _fx.Snapshot();
            var values = new FieldValues { [FieldKey.DisplayName] = "Edited" };
            bool asked = false;
            BmgException e = Assert.Throws<BmgException>(() => DeviceEditor.Edit(_fx.Store, "LOCK1", values, _ => asked = true));
            Assert.Equal(ErrorIds.DeviceLocked, e.ErrorId);
            Assert.False(asked);
            Assert.Equal(before, _fx.Snapshot());
        }

        [Fact]
        public void DeviceEditorEditsARegisteredDevice()
        {
            var values = new FieldValues { [FieldKey.DisplayName] = "Edited", [FieldKey.DEPMethod] = "key code" };
            RecordPlan<Device> plan = DeviceEditor.Edit(_fx.Store, "lock1", values, _ => true);
            Assert.Equal(RecordAction.Updated, plan.Action);
            Assert.Equal("Edited", _fx.Device("LOCK1").DisplayName);
            Assert.Equal(BizMobileGo.Core.Fields.DepMethod.Keycode, _fx.Device("LOCK1").DEPMethod);
        }
    }
}
