using System;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    public class BlankVsAbsentTests : IDisposable
    {
        private readonly StoreFixture _fx = new StoreFixture();

        public BlankVsAbsentTests()
        {
            _fx.ImportOk(StoreFixture.Csv(
                "UserName,Name,EmailAddress,UserDescription,Organizations,Identifier,Template,Code,OS,DeviceTags,WifiMac,IMEI,MEID,UDID,Serial,ExpirationDays,DisplayName,Description,RegistrationEmail,DEPMethod",
                "sato,Sato Ichiro,sato@example.com,Sales lead,ORG1,FULL1,Std,Secret99,ios,Sales|HQ,aa-bb-cc-dd-ee-ff,490154203237518,A0000000002329,00008030-001A35E11E88402E,c02xk1abjg5h,30,Sato's iPad,Spare,reg@example.com,Serial"));
        }

        public void Dispose() => _fx.Dispose();

        [Fact]
        public void TheFullRowIsStoredCanonically()
        {
            Device d = _fx.Device("FULL1");
            Assert.Equal("Std", d.Template);
            Assert.Equal("Secret99", d.PlainCode);
            Assert.Equal(new[] { "Sales", "HQ" }, d.DeviceTags.ToArray());
            Assert.Equal("AA:BB:CC:DD:EE:FF", d.WifiMac);
            Assert.Equal("490154203237518", d.IMEI);
            Assert.Equal("A0000000002329", d.MEID);
            Assert.Equal("00008030-001A35E11E88402E", d.UDID);
            Assert.Equal("C02XK1ABJG5H", d.Serial);
            Assert.Equal(30, d.ExpirationDays);
            Assert.Equal("Sato's iPad", d.DisplayName);
            Assert.Equal("Spare", d.Description);
            Assert.Equal("reg@example.com", d.RegistrationEmail);
            Assert.Equal(DepMethod.Serial, d.DEPMethod);
            Assert.True(d.UseDep);
            Assert.Equal("sato", d.UserName);
            Assert.Equal(StoreFixture.T0, d.SavedAt);
            Assert.Equal(StoreFixture.T0, d.CreatedAt);
        }

        [Fact]
        public void AbsentColumnsLeaveEveryValue()
        {
            string before = _fx.Snapshot();
            ImportOutcome outcome = _fx.ImportOk(StoreFixture.Csv("Identifier", "FULL1"));
            Assert.Equal(RecordAction.Unchanged, Assert.Single(outcome.Rows).Outcome);
            Assert.Equal(before, _fx.Snapshot());
        }

        [Fact]
        public void BlankCellsClearTheirValues()
        {
            ImportOutcome outcome = _fx.ImportOk(StoreFixture.Csv(
                "Identifier,Template,DeviceTags,WifiMac,IMEI,MEID,UDID,DisplayName,Description,RegistrationEmail,DEPMethod",
                "FULL1,,,,,,,,  ,,"));

            Device d = _fx.Device("FULL1");
            Assert.Null(d.Template);
            Assert.Empty(d.DeviceTags);
            Assert.Null(d.WifiMac);
            Assert.Null(d.IMEI);
            Assert.Null(d.MEID);
            Assert.Null(d.UDID);
            Assert.Null(d.DisplayName);
            Assert.Null(d.Description);
            Assert.Null(d.RegistrationEmail);
            Assert.Null(d.DEPMethod);
            Assert.False(d.UseDep);
            // Untouched: not in the file.
            Assert.Equal("C02XK1ABJG5H", d.Serial);
            Assert.Equal("sato", d.UserName);
            Assert.Equal(30, d.ExpirationDays);

            ImportRowResult row = Assert.Single(outcome.Rows);
            Assert.Equal(RecordAction.Updated, row.DeviceAction);
            var cleared = row.GetFieldChanges().Where(c => c.IsCleared).Select(c => c.Field).ToArray();
            Assert.Equal(new[] { "Template", "DeviceTags", "WifiMac", "IMEI", "MEID", "UDID", "DisplayName", "Description", "RegistrationEmail", "DEPMethod" }, cleared);
            Assert.Contains("DisplayName: 'Sato's iPad' -> CLEARED", row.Changes, StringComparison.Ordinal);
        }

        [Fact]
        public void BlankDepMethodTurnsDepOffAndThenSerialMayBeCleared()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,DEPMethod,Serial", "FULL1,,"));
            Device d = _fx.Device("FULL1");
            Assert.False(d.UseDep);
            Assert.Null(d.Serial);
        }

        [Fact]
        public void BlankUserNameUnlinksTheDeviceButKeepsTheUser()
        {
            ImportOutcome outcome = _fx.ImportOk(StoreFixture.Csv("UserName,Identifier", ",FULL1"));
            Assert.Null(_fx.Device("FULL1").UserName);
            Assert.NotNull(_fx.Store.GetUser("sato"));
            FieldChange change = Assert.Single(Assert.Single(outcome.Rows).GetFieldChanges());
            Assert.Equal("UserName", change.Field);
            Assert.True(change.IsCleared);
        }

        [Fact]
        public void BlankUserCellsClearTheUsersValues()
        {
            _fx.ImportOk(StoreFixture.Csv("UserName,Name,EmailAddress,UserDescription,Organizations", "sato,,,,"));
            var user = _fx.User("sato");
            Assert.Null(user.Name);
            Assert.Null(user.EmailAddress);
            Assert.Null(user.UserDescription);
            Assert.Empty(user.Organizations);
        }

        [Fact]
        public void BlankCodeOnUpdateKeepsTheOldCode()
        {
            ImportOutcome outcome = _fx.ImportOk(StoreFixture.Csv("Identifier,Code", "FULL1,"));
            Assert.Equal("Secret99", _fx.Device("FULL1").PlainCode);
            Assert.Equal(RecordAction.Unchanged, Assert.Single(outcome.Rows).Outcome);
        }

        // OS can never change once the device exists, so a blank OS on an update means "as is", as a blank Code does
        // (walkthrough 40, 9: an HR feed left OS blank on 50 update rows and every one was refused).
        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        public void BlankOsOnUpdateKeepsTheOs(string os)
        {
            string before = _fx.Snapshot();
            ImportOutcome outcome = _fx.ImportOk(StoreFixture.Csv("Identifier,OS", $"FULL1,{os}"));
            Assert.Equal(RecordAction.Unchanged, Assert.Single(outcome.Rows).Outcome);
            Assert.Equal(before, _fx.Snapshot());

            outcome = _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Description", $"FULL1,{os},Kept"));
            Assert.Equal("ios", _fx.Device("FULL1").OS);
            Assert.Equal("Kept", _fx.Device("FULL1").Description);
            Assert.DoesNotContain(Assert.Single(outcome.Rows).GetFieldChanges(), c => c.Field == FieldNames.OS);
        }

        [Fact]
        public void BlankExpirationDaysResetsToSeven()
        {
            ImportOutcome outcome = _fx.ImportOk(StoreFixture.Csv("Identifier,ExpirationDays", "FULL1, "));
            Assert.Equal(ExpirationDays.DefaultDays, _fx.Device("FULL1").ExpirationDays);
            Assert.Contains("ExpirationDays: '30' -> '7'", Assert.Single(outcome.Rows).Changes, StringComparison.Ordinal);
        }

        [Fact]
        public void BlankExpirationDaysOnCreateIsSeven()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,ExpirationDays", "NEW7,ios,"));
            Assert.Equal(7, _fx.Device("NEW7").ExpirationDays);
        }

        [Fact]
        public void BlankCodeOnCreateGeneratesAnEightCharacterCode()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Code", "GEN1,ios,", "GEN2,ios,   ", "GEN3,ios,"));
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS", "GEN4,ios"));
            string[] codes = new[] { "GEN1", "GEN2", "GEN3", "GEN4" }.Select(id => _fx.Device(id).PlainCode).ToArray();
            foreach (string code in codes)
            {
                Assert.Equal(CheckInCode.GeneratedLength, code.Length);
                Assert.Equal(8, code.Length);
                Assert.All(code, c => Assert.Contains(c, CheckInCode.GeneratedAlphabet));
            }

            Assert.Equal(codes.Length, codes.Distinct().Count());
        }

        [Fact]
        public void SpacesOnlyCellIsBlank()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,DisplayName,DeviceTags", "FULL1,   ,  "));
            Assert.Null(_fx.Device("FULL1").DisplayName);
            Assert.Empty(_fx.Device("FULL1").DeviceTags);
        }

        [Fact]
        public void ValuesAreTrimmed()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,DisplayName,Template", "  FULL1 ,  Trimmed name  , Kiosk "));
            Assert.Equal("Trimmed name", _fx.Device("FULL1").DisplayName);
            Assert.Equal("Kiosk", _fx.Device("FULL1").Template);
        }

        [Fact]
        public void LeadingZerosSurvive()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Code,DisplayName", "007,ios,00123,000"));
            Assert.Equal("00123", _fx.Device("007").PlainCode);
            Assert.Equal("000", _fx.Device("007").DisplayName);
        }
    }
}
