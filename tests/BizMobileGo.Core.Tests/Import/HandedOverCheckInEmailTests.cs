using System;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    /// <summary>
    /// A device handed to another user while its RegistrationEmail stays (walkthrough 23, finding 1): the check-in email with
    /// its code is still queued there (SPEC), and the plan says so, as a warning and as the note of its -WhatIf line, by one
    /// rule for the import and the Set- command (Outbox/HandedOverCheckInEmail.cs, RecordPlanner.WarnIfCheckInEmailStaysWithPreviousUser).
    /// </summary>
    public class HandedOverCheckInEmailTests : IDisposable
    {
        private const string PreviousUsersNote = "check-in email with the device's code to 'suzuki@example.com', the previous user's address";

        private readonly StoreFixture _fx = new StoreFixture();

        public HandedOverCheckInEmailTests()
        {
            _fx.ImportOk(StoreFixture.Csv(
                "UserName,Name,EmailAddress,Identifier,OS,Code,RegistrationEmail",
                "suzuki,Suzuki,suzuki@example.com,PHONE2,ios,Secret2002,suzuki@example.com",
                "yamada,Yamada,yamada@example.com,,,,",
                "sato,Sato,,,,,",
                ",,,KIOSK1,ios,Secret3003,kitting@example.com"));
        }

        public void Dispose() => _fx.Dispose();

        [Fact]
        public void AnImportRowHandingTheDeviceToAnotherUserWarnsAndNotesItsWhatIfLineButStillQueuesTheEmail()
        {
            ImportOutcome outcome = _fx.ImportOk(StoreFixture.Csv("Identifier,UserName", "PHONE2,yamada"));
            ImportRowResult row = outcome.Line(2);
            string warning = Assert.Single(row.GetWarnings());
            Assert.Equal("Device 'PHONE2' goes to user 'yamada', but its check-in code goes to 'suzuki@example.com', the previous " +
                "user's; set the row's RegistrationEmail to 'yamada@example.com'.", warning);
            Assert.Equal(PreviousUsersNote, row.GetCheckInEmailNote());
            Assert.DoesNotContain("Secret2002", warning + row.GetCheckInEmailNote());
            Assert.Equal(1, outcome.Summary.EmailsQueued);
            Assert.Equal("suzuki@example.com", _fx.Store.GetCheckInEmails().Last().Recipient);
        }

        [Fact]
        public void TheNewUsersAddressGivenInTheSameRowIsTheOneNamed()
        {
            ImportRowResult row = _fx.ImportOk(StoreFixture.Csv("UserName,EmailAddress,Identifier", "sato,sato@example.com,PHONE2")).Line(2);
            Assert.EndsWith("; set the row's RegistrationEmail to 'sato@example.com'.",
                Assert.Single(row.GetWarnings()));
        }

        [Theory]
        [InlineData("Identifier,UserName,RegistrationEmail", "PHONE2,yamada,yamada@example.com")]  // the new address given
        [InlineData("Identifier,UserName,RegistrationEmail", "PHONE2,yamada,suzuki@example.com")] // the old one given again: still warns (below)
        [InlineData("Identifier,UserName", "PHONE2,")]                                            // unlinked: nobody new holds it
        [InlineData("Identifier,DisplayName", "PHONE2,Phone")]                                    // the user stays
        public void OnlyAHandoverWithTheAddressLeftAsItWasWarns(string header, string line)
        {
            ImportRowResult row = _fx.ImportOk(StoreFixture.Csv(header, line)).Line(2);
            bool left = line == "PHONE2,yamada,suzuki@example.com";
            Assert.Equal(left ? 1 : 0, row.GetWarnings().Count);
            Assert.Equal(left ? PreviousUsersNote : null, row.GetCheckInEmailNote());
        }

        [Fact]
        public void ADeviceNobodyHeldGoingToAUserWithItsAddressLeftWarns()
        {
            // Thirty-second round (left32c): the handover rule covers a device that had no user, so a leaver's kept address
            // (or a kitting mailbox nobody chose for this user) is named before the next holder's code goes there.
            ImportRowResult row = _fx.ImportOk(StoreFixture.Csv("Identifier,UserName", "KIOSK1,sato")).Line(2);
            Assert.Single(row.GetWarnings());
            Assert.Equal("check-in email with the device's code to 'kitting@example.com', which is not the new user's address",
                row.GetCheckInEmailNote());
        }

        [Fact]
        public void ARowWhoseUserPartFailsSaysNothingOfAnEmailItDoesNotQueue()
        {
            ImportRowResult row = _fx.Import(StoreFixture.Csv("UserName,EmailAddress,Identifier", "sato,not-an-address,PHONE2")).Line(2);
            Assert.True(row.Failed);
            Assert.Empty(row.GetWarnings());
            Assert.Null(row.GetCheckInEmailNote());
        }

        [Fact]
        public void AnAddressThatIsTheNewUsersInAnotherCaseSaysNothing()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,RegistrationEmail", "PHONE2,Yamada@Example.com"));
            ImportRowResult row = _fx.ImportOk(StoreFixture.Csv("Identifier,UserName", "PHONE2,yamada")).Line(2);
            Assert.Empty(row.GetWarnings());
        }

        [Fact]
        public void AnAddressNotThePreviousUsersIsSaidSo()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,UserName", "KIOSK1,sato"));
            ImportRowResult row = _fx.ImportOk(StoreFixture.Csv("Identifier,UserName", "KIOSK1,yamada")).Line(2);
            Assert.StartsWith("Device 'KIOSK1' goes to user 'yamada', but its check-in code goes to 'kitting@example.com', not the new " +
                "user's;", Assert.Single(row.GetWarnings()));
            Assert.Equal("check-in email with the device's code to 'kitting@example.com', which is not the new user's address", row.GetCheckInEmailNote());
        }

        [Fact]
        public void ASetCommandsTypedUserNameWarnsWithTheParameterAndItsActionLineEndsWithTheNote()
        {
            var values = new FieldValues { [FieldKey.UserName] = "sato" };
            values.MarkTyped(FieldKey.UserName);
            string? action = null;
            RecordPlan<Device> plan = DeviceEditor.Edit(_fx.Store, "PHONE2", values, change =>
            {
                action = change.DescribeAction("Update");
                return true;
            });

            Assert.Equal("Update (UserName: 'suzuki' -> 'sato'); " + PreviousUsersNote, action);
            Assert.EndsWith("the previous user's; add -RegistrationEmail the new user's address.",
                Assert.Single(plan.Warnings));
            Assert.Equal("sato", _fx.Device("PHONE2").UserName);
            Assert.Equal("suzuki@example.com", _fx.Store.GetCheckInEmails().Last().Recipient);
        }

        [Fact]
        public void ASpilledRowKeepsItsNote()
        {
            using var spool = new RowResultSpool(rowsInMemory: 0);
            ImportRowResult row = _fx.ImportOk(StoreFixture.Csv("Identifier,UserName", "PHONE2,yamada")).Line(2);
            spool.Add(row);
            Assert.Equal(PreviousUsersNote, Assert.Single(spool.Read()).Result.GetCheckInEmailNote());
        }
    }
}
