using System;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Users;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    public class DeviceImportTests : IDisposable
    {
        private readonly StoreFixture _fx = new StoreFixture();

        public void Dispose() => _fx.Dispose();

        private const string Existing = "UserName,Name,Identifier,OS,Code,DisplayName\n" +
                                        "sato,Sato Ichiro,OLD1,ios,Code1,Old one\n";

        // ---- all or nothing ----

        [Fact]
        public void OneBadRowWritesNothing()
        {
            _fx.ImportOk(Existing);
            string before = _fx.Snapshot();
            int devicesBefore = _fx.Store.GetDevices().Count();
            int usersBefore = _fx.Store.GetUsers().Count();

            ImportOutcome outcome = _fx.Import(StoreFixture.Csv(
                "UserName,Name,Identifier,OS,DisplayName",
                "tanaka,Tanaka Jiro,NEW1,ios,New one",
                "sato,Sato Ichiro,OLD1,ios,Renamed",
                "suzuki,Suzuki Saburo,NEW2,blackberry,Bad OS",
                "kato,Kato Shiro,NEW3,android,Fine"));

            Assert.Equal(new[] { false, false, true, false }, outcome.Rows.Select(r => r.Failed).ToArray());
            Assert.Equal(ErrorIds.InvalidFieldValue, outcome.Line(4).ErrorId);
            Assert.False(outcome.Summary.Committed);
            Assert.Equal(1, outcome.Summary.Failed);
            Assert.Equal(4, outcome.Summary.Rows);
            Assert.Equal(before, _fx.Snapshot());
            Assert.Equal(devicesBefore, _fx.Store.GetDevices().Count());
            Assert.Equal(usersBefore, _fx.Store.GetUsers().Count());
            Assert.Null(_fx.Store.GetUser("tanaka"));
            Assert.Equal("Old one", _fx.Device("OLD1").DisplayName);
        }

        [Fact]
        public void EveryFailedRowIsReportedWithItsPhysicalLine()
        {
            string csv = "Identifier,OS,Description\n" +           // line 1
                         "A1,ios,plain\n" +                         // line 2
                         "A2,ios,\"two\nlines\"\n" +                // lines 3-4
                         "A3,nokia,after a multi-line cell\n" +     // line 5
                         "A4,ios,\"three\r\nphysical\r\nlines\"\n" + // lines 6-8
                         ",ios,no key\n" +                          // line 9
                         "A6,ios,ok\n" +                            // line 10
                         "A7,ios,too,many\n";                       // line 11
            ImportOutcome outcome = _fx.Import(csv);

            Assert.Equal(new[] { 2, 3, 5, 6, 9, 10, 11 }, outcome.Rows.Select(r => r.Line).ToArray());
            Assert.Equal(new[] { 5, 9, 11 }, outcome.Rows.Where(r => r.Failed).Select(r => r.Line).ToArray());
            Assert.StartsWith("Line 5: ", outcome.Line(5).Error, StringComparison.Ordinal);
            Assert.Contains("nokia", outcome.Line(5).Error, StringComparison.Ordinal);
            Assert.Equal(ErrorIds.MissingRequiredField, outcome.Line(9).ErrorId);
            Assert.StartsWith("Line 9: ", outcome.Line(9).Error, StringComparison.Ordinal);
            Assert.Equal(ErrorIds.MalformedCsv, outcome.Line(11).ErrorId);
            Assert.StartsWith("Line 11", outcome.Line(11).Error, StringComparison.Ordinal);
            Assert.Contains("4 fields but the header has 3", outcome.Line(11).Error, StringComparison.Ordinal);
            Assert.Equal(3, outcome.Summary.Failed);
            Assert.Empty(_fx.Store.GetDevices());
        }

        [Fact]
        public void MalformedRowMessageNamesItsLineOnce()
        {
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv("Identifier,OS", "A1,ios,extra"));
            string error = Assert.Single(outcome.Rows).Error!;
            Assert.Equal(ErrorIds.MalformedCsv, outcome.Line(2).ErrorId);
            // Every other row error reads "Line N: <message>"; this one must not say "Line 2: Line 2 has ...".
            Assert.Equal(1, CountOf(error, "Line 2"));
        }

        [Fact]
        public void ARowNamesItsFileOnceHoweverManyReasonsItWasRefusedFor()
        {
            // Several files in one call (Get-ChildItem | Import-BmgDeviceCsv): the line alone points nowhere.
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv("Identifier,OS,WifiMac", "A1,palm,not-a-mac"));
            ImportRowResult row = Assert.Single(outcome.Rows);
            Assert.Equal("test.csv", row.Source);
            Assert.Equal(2, row.GetErrors().Count);

            string message = row.ErrorIn("/incoming/b.csv")!;
            Assert.StartsWith("Line 2 (device 'A1') of '/incoming/b.csv': ", message, StringComparison.Ordinal);
            Assert.Equal(1, CountOf(message, "Line 2"));
            Assert.Contains("'palm'", message, StringComparison.Ordinal);
            Assert.Contains("'not-a-mac'", message, StringComparison.Ordinal);
            // Piped objects have no file: the line alone, once.
            Assert.StartsWith("Line 2 (device 'A1'): ", row.ErrorIn(null)!, StringComparison.Ordinal);
            Assert.Equal(1, CountOf(row.ErrorIn(null)!, "Line 2"));
            // The history entry is the file's: its messages keep their own "Line 2: ".
            Assert.StartsWith("Line 2: ", row.GetErrors()[1].Message, StringComparison.Ordinal);
        }

        private static int CountOf(string text, string part)
        {
            int count = 0;
            for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }

        [Fact]
        public void SkipInvalidRowsWritesTheValidRows()
        {
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv(
                "UserName,Identifier,OS",
                "u1,V1,ios",
                "u2,V2,symbian",
                "u3,V3,windows"), ImportMode.SkipInvalidRows);

            Assert.True(outcome.Summary.Committed);
            Assert.Equal(2, outcome.Summary.Created);
            Assert.Equal(1, outcome.Summary.Failed);
            Assert.Equal(new[] { "V1", "V3" }, _fx.Store.GetDevices().Select(d => d.Identifier).ToArray());
            // The failed row's user part is not written either.
            Assert.Equal(new[] { "u1", "u3" }, _fx.Store.GetUsers().Select(u => u.UserName).ToArray());
            Assert.Equal("u3", _fx.Device("V3").UserName);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void ARefusedImportCountsNothingAsWrittenAndKeepsItsPlannedCounts(bool dryRun)
        {
            // Twelfth-round walkthrough, finding 3: a -WhatIf of a file the real run refuses said "Created 1". Neither run writes anything.
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv(
                "UserName,Identifier,OS,RegistrationEmail",
                "u1,V1,ios,u1@example.com",
                "u2,V2,symbian,"), dryRun: dryRun);

            Assert.True(outcome.Summary.Refused);
            Assert.False(outcome.Summary.Committed);
            Assert.Equal((0, 0, 0, 0, 1), (outcome.Summary.Created, outcome.Summary.Updated, outcome.Summary.Unchanged,
                outcome.Summary.EmailsQueued, outcome.Summary.Failed));
            Assert.Equal((1, 1), (outcome.Summary.PlannedCreated, outcome.Summary.PlannedEmailsQueued));
            Assert.Empty(_fx.Store.GetDevices());
        }

        [Fact]
        public void ASkippingImportWithFailedRowsIsNotRefused()
        {
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv("Identifier,OS", "V1,ios", "V2,symbian"), ImportMode.SkipInvalidRows, dryRun: true);

            Assert.False(outcome.Summary.Refused);
            Assert.Equal(1, outcome.Summary.Created);
        }

        [Fact]
        public void DryRunWritesNothingEvenWhenEveryRowIsValid()
        {
            _fx.ImportOk(Existing);
            string before = _fx.Snapshot();
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv(
                "UserName,Name,Identifier,OS,Code,RegistrationEmail",
                "sato,Sato Ni,OLD1,ios,Code1,sato@example.com",
                "tanaka,Tanaka,NEW1,ios,Code2,tanaka@example.com"), dryRun: true);

            Assert.DoesNotContain(outcome.Rows, r => r.Failed);
            Assert.False(outcome.Summary.Committed);
            Assert.True(outcome.Summary.WhatIf);
            Assert.Equal(1, outcome.Summary.Created);
            Assert.Equal(1, outcome.Summary.Updated);
            Assert.Equal(before, _fx.Snapshot());
            Assert.Empty(_fx.Store.GetCheckInEmails());
        }

        [Fact]
        public void DryRunReportsTheSameActionsAndChangesAsTheRealRun()
        {
            _fx.ImportOk(Existing);
            string csv = StoreFixture.Csv(
                "UserName,Name,Identifier,OS,Code,DisplayName,DeviceTags,Serial,DEPMethod",
                "sato,Sato Ni,OLD1,ios,Code1,,Sales|HQ,C02XK1ABJG5H,Serial",
                "tanaka,Tanaka,NEW1,ios,Code2,New,,,",
                "tanaka,Tanaka,NEW2,android,Code3,,HQ,,",
                "kato,,,,,,,,",
                "sato,Sato Ni,OLD1,ios,Code1,,,,");

            ImportOutcome dry = _fx.Import(csv, dryRun: true);
            ImportOutcome real = _fx.Import(csv);

            Assert.Equal(real.Rows.Select(Describe).ToArray(), dry.Rows.Select(Describe).ToArray());
            Assert.Equal(real.Summary.Created, dry.Summary.Created);
            Assert.Equal(real.Summary.Updated, dry.Summary.Updated);
            Assert.Equal(real.Summary.Unchanged, dry.Summary.Unchanged);
            Assert.Equal(real.Summary.Failed, dry.Summary.Failed);
            Assert.Equal(1, real.Summary.Failed); // OLD1 twice
            Assert.True(real.Summary.Failed > 0 && !real.Summary.Committed);

            static string Describe(ImportRowResult r) =>
                $"{r.Line}|{r.Identifier}|{r.UserName}|{r.UserAction}|{r.DeviceAction}|{r.Outcome}|{r.ErrorId}|{r.Error}|{r.Changes}";
        }

        [Fact]
        public void DryRunAndRealRunAgreeOnEveryRowWhenTheRealRunCommits()
        {
            _fx.ImportOk(Existing);
            string csv = StoreFixture.Csv(
                "UserName,Identifier,OS,Code,DisplayName,ExpirationDays",
                "sato,OLD1,ios,Code1,,30",
                "tanaka,NEW1,ios,Code2,New,",
                "tanaka,NEW2,windows,Code3,,365");

            ImportOutcome dry = _fx.Import(csv, dryRun: true);
            ImportOutcome real = _fx.Import(csv);

            Assert.True(real.Summary.Committed);
            Assert.Equal(real.Rows.Select(r => r.Outcome + ":" + r.Changes).ToArray(), dry.Rows.Select(r => r.Outcome + ":" + r.Changes).ToArray());
            Assert.Contains("DisplayName: 'Old one' -> CLEARED", real.Line(2).Changes, StringComparison.Ordinal);
            Assert.True(real.Line(2).GetFieldChanges().Single(c => c.Field == FieldNames.DisplayName).IsCleared);
        }

        /// <summary>A created device with a blank Code gets a generated one; -WhatIf must not show a different code than the real run stores.</summary>
        [Fact]
        public void DryRunShowsTheSameChangesForAGeneratedCode()
        {
            string csv = StoreFixture.Csv("Identifier,OS,Code", "GEN1,ios,");
            ImportOutcome dry = _fx.Import(csv, dryRun: true);
            ImportOutcome real = _fx.Import(csv);
            Assert.Equal(RecordAction.Created, real.Line(2).Outcome);
            Assert.Equal(real.Line(2).Changes, dry.Line(2).Changes);
        }

        // ---- the row patterns ----

        [Fact]
        public void IdentifierAndUserNameCreateBothAndLinkThem()
        {
            ImportOutcome outcome = _fx.ImportOk(StoreFixture.Csv(
                "UserName,Name,EmailAddress,Organizations,Identifier,OS,Template",
                "yamada,Yamada Taro,yamada@example.com,ORG2|ORG1,IPAD01,iOS,Std"));

            ImportRowResult row = Assert.Single(outcome.Rows);
            Assert.Equal(RecordAction.Created, row.UserAction);
            Assert.Equal(RecordAction.Created, row.DeviceAction);
            User user = _fx.User("yamada");
            Assert.Equal("Yamada Taro", user.Name);
            Assert.Equal("yamada@example.com", user.EmailAddress);
            Assert.Equal(new[] { "ORG2", "ORG1" }, user.Organizations.ToArray());
            Device device = _fx.Device("IPAD01");
            Assert.Equal("yamada", device.UserName);
            Assert.Equal("ios", device.OS);
            Assert.Equal("Std", device.Template);
            Assert.Equal(DeviceState.Registered, device.State);
        }

        [Fact]
        public void IdentifierOnlyCreatesADeviceWithoutUser()
        {
            ImportOutcome outcome = _fx.ImportOk(StoreFixture.Csv("UserName,Identifier,OS", ",LONE1,android"));
            ImportRowResult row = Assert.Single(outcome.Rows);
            Assert.Equal(RecordAction.None, row.UserAction);
            Assert.Equal(RecordAction.Created, row.DeviceAction);
            Assert.Null(_fx.Device("LONE1").UserName);
            Assert.Empty(_fx.Store.GetUsers());
        }

        [Fact]
        public void IdentifierOnlyLeavesAnExistingLinkWhenUserNameIsAbsent()
        {
            _fx.ImportOk(Existing);
            _fx.ImportOk(StoreFixture.Csv("Identifier,DisplayName", "old1,Renamed"));
            Device device = _fx.Device("OLD1");
            Assert.Equal("sato", device.UserName);
            Assert.Equal("Renamed", device.DisplayName);
        }

        [Fact]
        public void UserNameOnlyCreatesAUserWithoutDevice()
        {
            ImportOutcome outcome = _fx.ImportOk(StoreFixture.Csv("UserName,Name,Identifier,OS", "solo,Solo User,,ios"));
            ImportRowResult row = Assert.Single(outcome.Rows);
            Assert.Equal(RecordAction.Created, row.UserAction);
            Assert.Equal(RecordAction.None, row.DeviceAction);
            Assert.Equal("Solo User", _fx.User("solo").Name);
            Assert.Empty(_fx.Store.GetDevices());
        }

        [Theory]
        [InlineData("UserName,Identifier,OS\n,,ios\n")]
        [InlineData("UserName,Identifier,OS\n  ,   ,ios\n")]
        [InlineData("OS,DisplayName\nios,Nobody\n")]
        public void RowWithNeitherKeyFails(string csv)
        {
            ImportOutcome outcome = _fx.Import(csv);
            ImportRowResult row = Assert.Single(outcome.Rows);
            Assert.Equal(ErrorIds.MissingRequiredField, row.ErrorId);
            Assert.Contains("Identifier", row.Error, StringComparison.Ordinal);
            Assert.Contains("UserName", row.Error, StringComparison.Ordinal);
            Assert.Empty(_fx.Store.GetDevices());
            Assert.Empty(_fx.Store.GetUsers());
        }

        [Fact]
        public void LaterRowMayReferToAUserCreatedByAnEarlierRow()
        {
            _fx.ImportOk(StoreFixture.Csv(
                "UserName,Name,Identifier,OS",
                "mori,Mori,,",
                "mori,Mori,M1,ios"));
            Assert.Equal("mori", _fx.Device("M1").UserName);
        }

        [Fact]
        public void SummaryCountsEveryOutcome()
        {
            _fx.ImportOk(Existing);
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv(
                "Identifier,OS,DisplayName",
                "OLD1,ios,Old one",
                "OLD1X,ios,New",
                "old1,ios,Changed",
                "BAD ID,ios,x"), ImportMode.SkipInvalidRows);
            Assert.Equal(4, outcome.Summary.Rows);
            Assert.Equal(1, outcome.Summary.Unchanged);
            Assert.Equal(1, outcome.Summary.Created);
            Assert.Equal(0, outcome.Summary.Updated);
            Assert.Equal(2, outcome.Summary.Failed);
            Assert.Equal(ErrorIds.DuplicateKeyInFile, outcome.Line(4).ErrorId);
            Assert.Equal(ErrorIds.InvalidFieldValue, outcome.Line(5).ErrorId);
        }
    }
}
