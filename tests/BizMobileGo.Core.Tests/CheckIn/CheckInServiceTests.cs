using System;
using System.IO;
using BizMobileGo.Core.CheckIn;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Tests.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.CheckIn
{
    public class CheckInServiceTests : IDisposable
    {
        private const string SerialDep = "C02XK1ABJG5H";
        private const string KeycodeDep = "F9FVX2ABHG7K";
        private const string NotDep = "DMPXQ1ZZHG7K";

        private readonly StoreFixture _fx = new StoreFixture();

        public CheckInServiceTests()
        {
            _fx.ImportOk(StoreFixture.Csv(
                "Identifier,OS,Code,Serial,DEPMethod,ExpirationDays",
                $"BYSERIAL,ios,SerCode1,{SerialDep},Serial,7",
                "BYKEY,ios,KeyCode22,,Keycode,7",
                "NODEP,ios,Plain333,,,7"));
            File.WriteAllText(Path.Combine(_fx.Folder, "dep.csv"),
                $"SerialNumber,Model,Description,ProfileName\n{SerialDep},iPad Air,IPAD AIR WI-FI,Sales Profile\n{KeycodeDep},iPhone 15,IPHONE 15,Field Profile\n");
            DepDeviceFile.Import(_fx.Store, Path.Combine(_fx.Folder, "dep.csv"), StoreFixture.T0);
        }

        public void Dispose() => _fx.Dispose();

        private DateTimeOffset Soon => StoreFixture.T0.AddHours(1);

        private BmgException Rejected(CheckInReport report, DateTimeOffset now, string errorId = ErrorIds.CheckInRejected)
        {
            string before = _fx.Snapshot();
            BmgException e = Assert.Throws<BmgException>(() => CheckInService.CheckIn(_fx.Store, report, now));
            Assert.Equal(errorId, e.ErrorId);
            Assert.Equal(before, _fx.Snapshot());
            return e;
        }

        [Fact]
        public void SerialDeviceIsFoundBySerialAloneAndKeepsTheDepLink()
        {
            Device device = CheckInService.CheckIn(_fx.Store, new CheckInReport { Serial = " c02xk1abjg5h " }, Soon);
            Assert.Equal("BYSERIAL", device.Identifier);

            Device stored = _fx.Device("BYSERIAL");
            Assert.Equal(DeviceState.CheckedIn, stored.State);
            Assert.Equal(SerialDep, stored.DepDevice);
            Assert.Equal("Sales Profile", stored.DepProfile);
            Assert.Equal(Soon, stored.CheckedInAt);
            var link = new DeviceDepLink(stored);
            Assert.True(link.UseDep);
            Assert.Equal("Sales Profile", link.DepProfile);
        }

        [Fact]
        public void SerialDeviceLinksTheProfileFromAnAppleJsonFile()
        {
            string json = Path.Combine(_fx.Folder, "apple.json");
            File.WriteAllText(json, "{\"devices\":[{\"serial_number\":\"" + SerialDep + "\",\"model\":\"iPad Air\",\"description\":\"IPAD\",\"profile_uuid\":\"8F3A-11\"}]," +
                                    "\"profiles\":[{\"profile_uuid\":\"8f3a-11\",\"profile_name\":\"JSON Profile\"}]}");
            DepDeviceFile.Import(_fx.Store, json, Soon);

            CheckInService.CheckIn(_fx.Store, new CheckInReport { Serial = SerialDep }, Soon);
            Assert.Equal("JSON Profile", _fx.Device("BYSERIAL").DepProfile);
            Assert.Equal(SerialDep, _fx.Device("BYSERIAL").DepDevice);
        }

        [Fact]
        public void BeforeCheckInTheDepLinkIsEmpty()
        {
            Device stored = _fx.Device("BYSERIAL");
            Assert.Null(stored.DepDevice);
            Assert.Null(stored.DepProfile);
            Assert.Null(stored.CheckedInAt);
        }

        [Fact]
        public void KeycodeDeviceChecksInByIdentifierAndCodeWithTheReportedSerial()
        {
            CheckInService.CheckIn(_fx.Store, new CheckInReport { Identifier = "bykey", Code = "KeyCode22", Serial = KeycodeDep.ToLowerInvariant() }, Soon);
            Device stored = _fx.Device("BYKEY");
            Assert.Equal(DeviceState.CheckedIn, stored.State);
            Assert.Equal(KeycodeDep, stored.DepDevice);
            Assert.Equal("Field Profile", stored.DepProfile);
        }

        [Fact]
        public void DeviceWithoutDepChecksInByIdentifierAndCode()
        {
            CheckInService.CheckIn(_fx.Store, new CheckInReport { Identifier = "NODEP", Code = "Plain333" }, Soon);
            Device stored = _fx.Device("NODEP");
            Assert.Equal(DeviceState.CheckedIn, stored.State);
            Assert.Null(stored.DepDevice);
            Assert.Null(stored.DepProfile);
        }

        [Theory]
        [InlineData("KeyCode2")]
        [InlineData("keycode22")]
        [InlineData("")]
        [InlineData(null)]
        public void WrongCodeIsRejected(string? code)
        {
            BmgException e = Rejected(new CheckInReport { Identifier = "BYKEY", Code = code, Serial = KeycodeDep }, Soon);
            Assert.Contains("code", e.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(DeviceState.Registered, _fx.Device("BYKEY").State);
        }

        [Fact]
        public void UnknownDepSerialIsRejected()
        {
            BmgException e = Rejected(new CheckInReport { Identifier = "BYKEY", Code = "KeyCode22", Serial = NotDep }, Soon);
            Assert.Contains(NotDep, e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void KeycodeDepDeviceWithoutReportedSerialIsRejected()
        {
            Rejected(new CheckInReport { Identifier = "BYKEY", Code = "KeyCode22" }, Soon);
        }

        [Fact]
        public void SerialDeviceWhoseSerialIsNotADepDeviceIsRejected()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Serial,DEPMethod", $"LATE,ios,{NotDep},Serial"));
            BmgException e = Rejected(new CheckInReport { Serial = NotDep }, Soon);
            Assert.Contains(NotDep, e.Message, StringComparison.Ordinal);
            Assert.Equal("LATE", e.Target);
        }

        [Fact]
        public void SerialOfNoSerialDeviceIsNotFound()
        {
            Rejected(new CheckInReport { Serial = KeycodeDep }, Soon, ErrorIds.CheckInRejected);
        }

        [Fact]
        public void SerialDeviceCheckingInByIdentifierAndCodeIsRejected()
        {
            Rejected(new CheckInReport { Identifier = "BYSERIAL", Code = "SerCode1", Serial = SerialDep }, Soon);
        }

        [Fact]
        public void UnknownIdentifierGetsTheSameErrorAsAWrongCode()
        {
            BmgException unknown = Rejected(new CheckInReport { Identifier = "NOPE", Code = "x" }, Soon);
            BmgException wrong = Rejected(new CheckInReport { Identifier = "NODEP", Code = "x" }, Soon);
            Assert.Equal(wrong.Message.Replace("NODEP", "NOPE"), unknown.Message);
        }

        [Theory]
        [InlineData("BYSERIAL", "SerCode1", SerialDep, "with -Serial only, without -Identifier and -Code")]
        [InlineData("BYKEY", "KeyCode22", null, "also reports its serial number with -Serial")]
        public void RightCodeRefusedForTheDepMethodGetsTheWrongCodesAnswerAndCounts(string identifier, string right, string? serial, string hint)
        {
            BmgException wrong = Rejected(new CheckInReport { Identifier = identifier, Code = "Wrong999", Serial = serial }, Soon);
            BmgException rightCode = Rejected(new CheckInReport { Identifier = identifier, Code = right, Serial = serial }, Soon);

            Assert.Equal(wrong.Message, rightCode.Message);
            Assert.Equal(wrong.Target, rightCode.Target);
            Assert.Contains(hint, rightCode.Message, StringComparison.Ordinal);
            Assert.Equal(2, _fx.Store.CountCheckInFailures(identifier, Soon.AddMinutes(-1), ErrorIds.CheckInRejected));
        }

        [Fact]
        public void RefusalsThatOnlyTheRightCodeReachesCountTowardTheLockout()
        {
            DateTimeOffset late = StoreFixture.T0.AddDays(8);
            var report = new CheckInReport { Identifier = "NODEP", Code = "Plain333" };
            for (int i = 0; i < CheckInService.MaxFailedCheckIns; i++)
            {
                Assert.Contains("7 days", Rejected(report, late).Message, StringComparison.Ordinal);
            }

            Rejected(report, late, ErrorIds.CheckInLockedOut);
        }

        [Fact]
        public void RefusalsOfACheckInBySerialAloneAreNotCounted()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Serial,DEPMethod", $"LATE,ios,{NotDep},Serial"));
            for (int i = 0; i <= CheckInService.MaxFailedCheckIns; i++)
            {
                Rejected(new CheckInReport { Serial = NotDep }, Soon);
            }

            Assert.Equal(0, _fx.Store.CountCheckInFailures("LATE", Soon.AddMinutes(-1), ErrorIds.CheckInRejected));
        }

        [Fact]
        public void ReportedSerialDifferentFromTheRegisteredOneIsRejected()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Code,Serial", $"REG,ios,RegCode,{NotDep}"));
            Rejected(new CheckInReport { Identifier = "REG", Code = "RegCode", Serial = KeycodeDep }, Soon);
        }

        [Fact]
        public void CheckInAfterTheExpirationIsRejected()
        {
            DateTimeOffset last = StoreFixture.T0.AddDays(7);
            BmgException e = Rejected(new CheckInReport { Identifier = "NODEP", Code = "Plain333" }, last.AddSeconds(1));
            Assert.Contains("7 days", e.Message, StringComparison.Ordinal);
            CheckInService.CheckIn(_fx.Store, new CheckInReport { Identifier = "NODEP", Code = "Plain333" }, last);
            Assert.Equal(DeviceState.CheckedIn, _fx.Device("NODEP").State);
        }

        [Fact]
        public void SavingTheDeviceAgainRenewsTheCheckInPeriod()
        {
            _fx.Now = StoreFixture.T0.AddDays(5);
            _fx.ImportOk(StoreFixture.Csv("Identifier,DisplayName", "NODEP,renewed"));
            CheckInService.CheckIn(_fx.Store, new CheckInReport { Identifier = "NODEP", Code = "Plain333" }, StoreFixture.T0.AddDays(11));
            Assert.Equal(DeviceState.CheckedIn, _fx.Device("NODEP").State);
        }

        [Fact]
        public void ExpirationDaysComeFromTheDevice()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Code,ExpirationDays", "ONEDAY,ios,One1,1"));
            Rejected(new CheckInReport { Identifier = "ONEDAY", Code = "One1" }, StoreFixture.T0.AddDays(1).AddMinutes(1));
        }

        [Theory]
        [InlineData("WifiMac", "AA:BB:CC:DD:EE:FF", "aabbccddeeff", "AA:BB:CC:DD:EE:00")]
        [InlineData("IMEI", "490154203237518", "49-015420-323751-8", "356938035643809")]
        [InlineData("MEID", "A0000000002329", "a0000000002329", "AF0123450ABCDE")]
        [InlineData("UDID", "00008030-001A35E11E88402E", "00008030-001a35e11e88402e", "00008030-001A35E11E88402F")]
        public void RestrictionMustMatchWhatTheDeviceReports(string field, string registered, string sameInOtherForm, string other)
        {
            _fx.ImportOk(StoreFixture.Csv($"Identifier,OS,Code,{field}", $"RESTRICT,ios,Rc1,{registered}"));

            BmgException mismatch = Rejected(Report(field, other), Soon);
            Assert.Contains(field, mismatch.Message, StringComparison.Ordinal);
            BmgException missing = Rejected(Report(field, null), Soon);
            Assert.Contains(field, missing.Message, StringComparison.Ordinal);
            Rejected(Report(field, "garbage"), Soon);

            CheckInService.CheckIn(_fx.Store, Report(field, sameInOtherForm), Soon);
            Assert.Equal(DeviceState.CheckedIn, _fx.Device("RESTRICT").State);
        }

        private static CheckInReport Report(string field, string? value)
        {
            var report = new CheckInReport { Identifier = "RESTRICT", Code = "Rc1" };
            switch (field)
            {
                case "WifiMac": report.WifiMac = value; break;
                case "IMEI": report.Imei = value; break;
                case "MEID": report.Meid = value; break;
                default: report.Udid = value; break;
            }

            return report;
        }

        [Fact]
        public void UnsetRestrictionAcceptsAnyReport()
        {
            CheckInService.CheckIn(_fx.Store, new CheckInReport { Identifier = "NODEP", Code = "Plain333", Imei = "356938035643809", WifiMac = "00:11:22:33:44:55" }, Soon);
            Assert.Equal(DeviceState.CheckedIn, _fx.Device("NODEP").State);
        }

        [Fact]
        public void SecondCheckInIsRejected()
        {
            CheckInService.CheckIn(_fx.Store, new CheckInReport { Serial = SerialDep }, Soon);
            Rejected(new CheckInReport { Serial = SerialDep }, Soon.AddMinutes(1));
        }

        [Fact]
        public void InvalidReportedSerialIsRejected()
        {
            Rejected(new CheckInReport { Serial = "not a serial" }, Soon);
        }

        [Fact]
        public void WithdrawSetsStateAndTime()
        {
            CheckInService.Withdraw(_fx.Store, "nodep", _ => true, Soon);
            Device stored = _fx.Device("NODEP");
            Assert.Equal(DeviceState.Withdrawn, stored.State);
            Assert.Equal(Soon, stored.WithdrawnAt);
        }

        [Fact]
        public void WithdrawNotConfirmedChangesNothing()
        {
            string before = _fx.Snapshot();
            CheckInService.Withdraw(_fx.Store, "NODEP", _ => false, Soon);
            Assert.Equal(before, _fx.Snapshot());
        }

        [Fact]
        public void WithdrawingTwiceIsRefused()
        {
            CheckInService.Withdraw(_fx.Store, "NODEP", _ => true, Soon);
            BmgException e = Assert.Throws<BmgException>(() => CheckInService.Withdraw(_fx.Store, "NODEP", _ => true, Soon));
            Assert.Equal(ErrorIds.DeviceLocked, e.ErrorId);
        }

        [Fact]
        public void WithdrawnDeviceCanNotCheckIn()
        {
            CheckInService.Withdraw(_fx.Store, "NODEP", _ => true, Soon);
            Rejected(new CheckInReport { Identifier = "NODEP", Code = "Plain333" }, Soon);
        }
    }
}
