using System;
using System.Linq;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    public class ImportRuleTests : IDisposable
    {
        private readonly StoreFixture _fx = new StoreFixture();

        public void Dispose() => _fx.Dispose();

        // ---- Identifier ignores case ----

        [Fact]
        public void IdentifierInAnotherCaseUpdatesTheSameDeviceAndKeepsTheFirstSpelling()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,DisplayName", "DEVICE01,ios,First"));
            ImportOutcome outcome = _fx.ImportOk(StoreFixture.Csv("Identifier,OS,DisplayName", "device01,IOS,Second"));

            var device = Assert.Single(_fx.Store.GetDevices());
            Assert.Equal("DEVICE01", device.Identifier);
            Assert.Equal("Second", device.DisplayName);
            ImportRowResult row = Assert.Single(outcome.Rows);
            Assert.Equal(RecordAction.Updated, row.DeviceAction);
            Assert.Equal("DEVICE01", row.Identifier);
            Assert.DoesNotContain(row.GetFieldChanges(), c => c.Field == "Identifier");
            Assert.Equal("DEVICE01", _fx.Device("Device01").Identifier);
        }

        [Fact]
        public void SameIdentifierTwiceInOneFileFailsTheLaterRowNamingTheEarlierLine()
        {
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv(
                "Identifier,OS",
                "DEVICE01,ios",
                "OTHER,ios",
                "device01,ios"));

            ImportRowResult later = outcome.Line(4);
            Assert.Equal(ErrorIds.DuplicateKeyInFile, later.ErrorId);
            Assert.Contains("line 2", later.Error, StringComparison.Ordinal);
            Assert.False(outcome.Line(2).Failed);
            Assert.Empty(_fx.Store.GetDevices());
        }

        // ---- serials ----

        [Fact]
        public void SameSerialTwiceInOneFileFailsTheSecondNamingBothDevicesAndTheLine()
        {
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv(
                "Identifier,OS,Serial",
                "S1,ios,C02XK1ABJG5H",
                "S2,ios,F9FVX2ABHG7K",
                "S3,ios,c02xk1abjg5h"), ImportMode.SkipInvalidRows);

            ImportRowResult second = outcome.Line(4);
            Assert.Equal(ErrorIds.DuplicateSerial, second.ErrorId);
            Assert.Contains("'S3'", second.Error, StringComparison.Ordinal);
            Assert.Contains("'S1'", second.Error, StringComparison.Ordinal);
            Assert.Contains("line 2", second.Error, StringComparison.Ordinal);
            Assert.Contains("C02XK1ABJG5H", second.Error, StringComparison.Ordinal);
            Assert.Null(_fx.Store.GetDevice("S3"));
            Assert.Equal("S1", _fx.Store.GetDeviceBySerial("C02XK1ABJG5H")?.Identifier);
        }

        [Fact]
        public void SerialHeldInTheStoreByAnotherDeviceFailsNamingIt()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Serial", "HOLDER,ios,C02XK1ABJG5H", "OTHER,ios,"));
            string before = _fx.Snapshot();

            ImportOutcome outcome = _fx.Import(StoreFixture.Csv("Identifier,Serial", "OTHER,C02XK1ABJG5H"));
            ImportRowResult row = Assert.Single(outcome.Rows);
            Assert.Equal(ErrorIds.DuplicateSerial, row.ErrorId);
            Assert.Contains("'HOLDER'", row.Error, StringComparison.Ordinal);
            Assert.Contains("'OTHER'", row.Error, StringComparison.Ordinal);
            Assert.Equal(before, _fx.Snapshot());
        }

        [Fact]
        public void ASerialMayMoveToAnotherDeviceWhenAnEarlierRowReleasesIt()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Serial", "HOLDER,ios,C02XK1ABJG5H", "OTHER,ios,"));
            _fx.ImportOk(StoreFixture.Csv("Identifier,Serial", "HOLDER,", "OTHER,C02XK1ABJG5H"));
            Assert.Equal("OTHER", _fx.Store.GetDeviceBySerial("C02XK1ABJG5H")?.Identifier);
        }

        [Fact]
        public void ADeviceKeepingItsOwnSerialIsNotADuplicate()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Serial", "HOLDER,ios,C02XK1ABJG5H"));
            ImportOutcome outcome = _fx.ImportOk(StoreFixture.Csv("Identifier,Serial,DisplayName", "holder,c02xk1abjg5h,x"));
            Assert.Equal(RecordAction.Updated, Assert.Single(outcome.Rows).Outcome);
        }

        // ---- DEP, OS ----

        [Fact]
        public void DepMethodSerialWithoutSerialIsMissingRequiredField()
        {
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv("Identifier,OS,DEPMethod,Serial", "DEP1,ios,Serial,"));
            ImportRowResult row = Assert.Single(outcome.Rows);
            Assert.Equal(ErrorIds.MissingRequiredField, row.ErrorId);
            Assert.Contains("Serial", row.Error, StringComparison.Ordinal);
            Assert.Empty(_fx.Store.GetDevices());
        }

        [Fact]
        public void DepMethodSerialOnUpdateNeedsTheStoredOrGivenSerial()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Serial", "HAS,ios,C02XK1ABJG5H", "HASNOT,ios,"));
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv("Identifier,DEPMethod", "HAS,serial", "HASNOT,Serial"), ImportMode.SkipInvalidRows);
            Assert.False(outcome.Line(2).Failed);
            Assert.Equal(ErrorIds.MissingRequiredField, outcome.Line(3).ErrorId);
            Assert.Equal(DepMethod.Serial, _fx.Device("HAS").DEPMethod);
            Assert.Null(_fx.Device("HASNOT").DEPMethod);
        }

        [Fact]
        public void ClearingTheSerialOfADepSerialDeviceIsMissingRequiredField()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Serial,DEPMethod", "DS1,ios,C02XK1ABJG5H,Serial"));
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv("Identifier,Serial", "DS1,"));
            Assert.Equal(ErrorIds.MissingRequiredField, Assert.Single(outcome.Rows).ErrorId);
            Assert.Equal("C02XK1ABJG5H", _fx.Device("DS1").Serial);
        }

        [Theory]
        [InlineData("Key Code")]
        [InlineData("keycode")]
        [InlineData("KEYCODE")]
        public void KeycodeSpellingsAreStoredCanonically(string text)
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,DEPMethod", $"K1,ios,{text}"));
            Assert.Equal(DepMethod.Keycode, _fx.Device("K1").DEPMethod);
        }

        [Theory]
        [InlineData("android")]
        [InlineData("Windows")]
        public void DepOnANonIosDeviceIsInvalid(string os)
        {
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv("Identifier,OS,DEPMethod", $"AND1,{os},Keycode"));
            ImportRowResult row = Assert.Single(outcome.Rows);
            Assert.Equal(ErrorIds.InvalidFieldValue, row.ErrorId);
            Assert.Contains("DEPMethod", row.Error, StringComparison.Ordinal);
            Assert.Contains("iOS", row.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void DepOnAnExistingAndroidDeviceIsInvalid()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS", "AND1,android"));
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv("Identifier,DEPMethod", "AND1,Keycode"));
            Assert.Equal(ErrorIds.InvalidFieldValue, Assert.Single(outcome.Rows).ErrorId);
            Assert.Null(_fx.Device("AND1").DEPMethod);
        }

        [Fact]
        public void ChangingTheOsIsImmutableField()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS", "OSX1,ios"));
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv("Identifier,OS", "OSX1,android"));
            ImportRowResult row = Assert.Single(outcome.Rows);
            Assert.Equal(ErrorIds.ImmutableField, row.ErrorId);
            Assert.Equal("Line 2: OS of device 'OSX1' is 'ios' and can't be changed to 'android' once the device is created.", row.Error);
            Assert.Equal("ios", _fx.Device("OSX1").OS);
        }

        [Fact]
        public void SameOsInAnotherCaseIsNoChange()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS", "OSX1,ios"));
            ImportOutcome outcome = _fx.ImportOk(StoreFixture.Csv("Identifier,OS", "OSX1,IOS"));
            Assert.Equal(RecordAction.Unchanged, Assert.Single(outcome.Rows).Outcome);
        }

        [Theory]
        [InlineData("Identifier,DisplayName\nNOOS,x\n")]
        [InlineData("Identifier,OS\nNOOS,\n")]
        public void OsMissingOnCreateIsMissingRequiredField(string csv)
        {
            ImportOutcome outcome = _fx.Import(csv);
            ImportRowResult row = Assert.Single(outcome.Rows);
            Assert.Equal(ErrorIds.MissingRequiredField, row.ErrorId);
            Assert.Contains("OS", row.Error, StringComparison.Ordinal);
            Assert.Empty(_fx.Store.GetDevices());
        }

        // ---- references ----

        [Theory]
        [InlineData("Identifier,OS,Template\nR1,ios,Nope\n", "Template", "Nope")]
        [InlineData("Identifier,OS,Template\nR1,ios,std\n", "Template", "std")]
        [InlineData("Identifier,OS,DeviceTags\nR1,ios,Sales|Nope\n", "DeviceTags", "Nope")]
        [InlineData("UserName,Organizations\nr1,ORG1|org2\n", "Organizations", "org2")]
        [InlineData("UserName,Identifier,OS,Organizations\nr1,R1,ios,NoOrg\n", "Organizations", "NoOrg")]
        public void UnknownReferenceIsReferenceNotFound(string csv, string field, string value)
        {
            ImportOutcome outcome = _fx.Import(csv);
            ImportRowResult row = Assert.Single(outcome.Rows);
            Assert.Equal(ErrorIds.ReferenceNotFound, row.ErrorId);
            RecordError error = row.GetErrors()[0];
            Assert.Equal(field, error.Field);
            Assert.Equal(value, error.Value);
            Assert.Contains($"'{value}'", row.Error, StringComparison.Ordinal);
            Assert.Empty(_fx.Store.GetDevices());
            Assert.Empty(_fx.Store.GetUsers());
        }

        [Fact]
        public void DuplicateTagsCollapseInGivenOrder()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,DeviceTags", "T1,ios,HQ|Sales|HQ"));
            Assert.Equal(new[] { "HQ", "Sales" }, _fx.Device("T1").DeviceTags.ToArray());
        }

        [Fact]
        public void BlankTagItemIsRejected()
        {
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv("Identifier,OS,DeviceTags", "T1,ios,HQ||Sales"));
            Assert.Equal(ErrorIds.InvalidFieldValue, Assert.Single(outcome.Rows).ErrorId);
        }

        // ---- a user on several rows ----

        [Fact]
        public void SameUserOnTwoDeviceRowsWithIdenticalUserCellsIsFine()
        {
            ImportOutcome outcome = _fx.ImportOk(StoreFixture.Csv(
                "UserName,Name,EmailAddress,Identifier,OS",
                "ito,Ito Goro,ito@example.com,ITO1,ios",
                "ito,Ito Goro,ito@example.com,ITO2,android"));

            Assert.Equal(RecordAction.Created, outcome.Line(2).UserAction);
            Assert.Equal(RecordAction.Unchanged, outcome.Line(3).UserAction);
            Assert.Equal("ito", _fx.Device("ITO1").UserName);
            Assert.Equal("ito", _fx.Device("ITO2").UserName);
            Assert.Single(_fx.Store.GetUsers());
        }

        [Fact]
        public void SameUserWithDifferentUserCellsIsDuplicateKeyInFile()
        {
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv(
                "UserName,Name,Identifier,OS",
                "ito,Ito Goro,ITO1,ios",
                "ito,Ito Rokuro,ITO2,ios"));

            ImportRowResult later = outcome.Line(3);
            Assert.Equal(ErrorIds.DuplicateKeyInFile, later.ErrorId);
            Assert.Contains("line 2", later.Error, StringComparison.Ordinal);
            Assert.Contains("'ito'", later.Error, StringComparison.Ordinal);
            Assert.Empty(_fx.Store.GetUsers());
        }

        [Fact]
        public void UserNameIsCaseSensitive()
        {
            _fx.ImportOk(StoreFixture.Csv("UserName,Name", "Ito,Upper", "ito,Lower"));
            Assert.Equal(new[] { "Ito", "ito" }, _fx.Store.GetUsers().Select(u => u.UserName).OrderBy(n => n, StringComparer.Ordinal).ToArray());
        }

        /// <summary>
        /// The second row takes the user from the first ("identical user cells"), so it must not claim a link
        /// to a user that the first row never wrote because it failed.
        /// </summary>
        [Fact]
        public void RowSharingAUserWithAFailedRowDoesNotClaimALinkThatIsNotWritten()
        {
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv(
                "UserName,Name,Identifier,OS,IMEI",
                "ito,Ito Goro,ITO1,ios,123",
                "ito,Ito Goro,ITO2,ios,"), ImportMode.SkipInvalidRows);

            Assert.True(outcome.Line(2).Failed);
            ImportRowResult second = outcome.Line(3);
            if (!second.Failed)
            {
                // Reported as written and linked: then the store must hold that user and that link.
                Assert.NotNull(_fx.Store.GetUser("ito"));
                Assert.Equal("ito", _fx.Device("ITO2").UserName);
            }
        }

        [Fact]
        public void RowSharingAnInvalidUserWithAFailedRowFailsToo()
        {
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv(
                "UserName,EmailAddress,Identifier,OS",
                "ito,not-an-address,ITO1,ios",
                "ito,not-an-address,ITO2,ios"), ImportMode.SkipInvalidRows);

            Assert.Equal(ErrorIds.InvalidFieldValue, outcome.Line(2).ErrorId);
            Assert.True(outcome.Line(3).Failed, "line 3 carries the same invalid EmailAddress as line 2 but was accepted: " + outcome.Line(3).Changes);
            Assert.Null(_fx.Store.GetDevice("ITO2"));
        }

        [Fact]
        public void RowLinkingAUserThatDoesNotExistIsCreatedWithIt()
        {
            // UserName on a device row creates the user; the link then holds.
            _fx.ImportOk(StoreFixture.Csv("UserName,Identifier,OS", "newbie,NB1,ios"));
            Assert.Equal("newbie", _fx.Device("NB1").UserName);
        }

        // ---- field values are checked per row ----

        [Theory]
        [InlineData("IMEI", "490154203237517")]
        [InlineData("WifiMac", "AA:BB:CC:DD:EE")]
        [InlineData("MEID", "A00000000023298")]
        [InlineData("UDID", "xyz")]
        [InlineData("Serial", "C02-XK1")]
        [InlineData("ExpirationDays", "20251130")]
        [InlineData("ExpirationDays", "0")]
        [InlineData("Code", "has space")]
        [InlineData("RegistrationEmail", "Taro <taro@example.com>")]
        [InlineData("DEPMethod", "Serials")]
        [InlineData("Identifier", "has space")]
        public void InvalidValueNamesFieldAndValue(string field, string value)
        {
            string identifier = field == "Identifier" ? value : "IV1";
            string header = field == "Identifier" ? "Identifier,OS" : $"Identifier,OS,{field}";
            string row = field == "Identifier" ? $"{value},ios" : $"IV1,ios,{value}";
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv(header, row));
            ImportRowResult result = Assert.Single(outcome.Rows);
            Assert.Equal(ErrorIds.InvalidFieldValue, result.ErrorId);
            Assert.Contains(field, result.Error, StringComparison.Ordinal);
            if (field == "Code")
            {
                // A code is a secret: a typo of one is nearly the code, so it is never echoed.
                Assert.DoesNotContain(value, result.Error, StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains($"'{value}'", result.Error, StringComparison.Ordinal);
            }

            Assert.Null(_fx.Store.GetDevice(identifier));
        }

        [Fact]
        public void UnusualSerialLengthIsAWarningNotAnError()
        {
            ImportOutcome outcome = _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Serial", "W1,ios,ABCDEFGH"));
            ImportRowResult row = Assert.Single(outcome.Rows);
            Assert.Contains(row.GetWarnings(), w => w.Contains("ABCDEFGH", StringComparison.Ordinal));
            Assert.Equal("ABCDEFGH", _fx.Device("W1").Serial);
        }

        [Fact(DisplayName = "P6 a 13-character serial starting with S: the unusual-length warning says the box barcode prefixes the serial with S")]
        public void BoxBarcodeSerialIsNamedInTheWarning()
        {
            ImportRowResult[] rows = _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Serial", "W1,ios,SAAABBBCCCDDD", "W2,ios,AAAABBBCCCDDD")).Rows.ToArray();
            Assert.Equal(new[] { "Serial 'SAAABBBCCCDDD' of device 'W1' has 13 characters; every serial Apple has issued so far has 10 to 12. " +
                "Apple's box barcode prefixes the serial with 'S': the serial is likely 'AAABBBCCCDDD'." }, rows[0].GetWarnings());
            Assert.Equal(new[] { "Serial 'AAAABBBCCCDDD' of device 'W2' has 13 characters; every serial Apple has issued so far has 10 to 12." }, rows[1].GetWarnings());
        }

        [Fact]
        public void UnusualSerialLengthIsToldWhenTheSerialIsNewOrChangesNotOnEveryReimport()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Serial", "W1,ios,ABCDEFGHIJKLMN"));

            // The same row again (an export imported back): Unchanged, and nothing new to warn about.
            ImportRowResult again = Assert.Single(_fx.ImportOk(StoreFixture.Csv("Identifier,OS,Serial", "W1,ios,abcdefghijklmn")).Rows);
            Assert.Equal(RecordAction.Unchanged, again.Outcome);
            Assert.Empty(again.GetWarnings());

            // Another unusual serial for the same device is a change: told again.
            ImportRowResult changed = Assert.Single(_fx.ImportOk(StoreFixture.Csv("Identifier,OS,Serial", "W1,ios,ABCDEFGHIJKLMP")).Rows);
            Assert.Equal(RecordAction.Updated, changed.Outcome);
            Assert.Contains(changed.GetWarnings(), w => w.Contains("ABCDEFGHIJKLMP", StringComparison.Ordinal));
        }
    }
}
