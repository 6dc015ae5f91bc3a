using System;
using System.Linq;
using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    public class CheckInEmailTests : IDisposable
    {
        private const string File1 =
            "UserName,Name,Identifier,OS,Code,DisplayName,DeviceTags,RegistrationEmail\n" +
            "sato,Sato,MAIL1,ios,,First,Sales,sato@example.com\n" +
            "sato,Sato,MAIL2,android,Fixed22,Second,,\n" +
            ",,MAIL3,ios,,Third,HQ|Sales,third@example.com\n" +
            "kato,Kato,,,,,,\n";

        private readonly StoreFixture _fx = new StoreFixture();

        public void Dispose() => _fx.Dispose();

        [Fact]
        public void CreatingDevicesWithRegistrationEmailQueuesOneEmailEach()
        {
            ImportOutcome outcome = _fx.ImportOk(File1);
            var emails = _fx.Store.GetCheckInEmails().ToList();
            Assert.Equal(new[] { "MAIL1", "MAIL3" }, emails.Select(e => e.Identifier).ToArray());
            Assert.Equal("sato@example.com", emails[0].Recipient);
            Assert.Equal(_fx.Device("MAIL1").PlainCode, emails[0].PlainCode);
            Assert.Equal(_fx.Device("MAIL3").PlainCode, emails[1].PlainCode);
            Assert.Equal(StoreFixture.T0, emails[0].QueuedAt);
            Assert.Null(emails[0].SentAt);
            Assert.Equal(2, outcome.Summary.EmailsQueued);
        }

        [Fact]
        public void ReimportingTheSameFileIsUnchangedAndQueuesNoEmail()
        {
            _fx.ImportOk(File1);
            string before = _fx.Snapshot();
            ImportOutcome again = _fx.ImportOk(File1);

            Assert.All(again.Rows, r => Assert.Equal(RecordAction.Unchanged, r.Outcome));
            Assert.All(again.Rows, r => Assert.Equal("", r.Changes));
            Assert.Equal(4, again.Summary.Unchanged);
            Assert.Equal(0, again.Summary.Created + again.Summary.Updated);
            Assert.Equal(0, again.Summary.EmailsQueued);
            Assert.Equal(2, _fx.Store.GetCheckInEmails().Count());
            Assert.Equal(before, _fx.Snapshot());
        }

        [Fact]
        public void ChangingADeviceWithRegistrationEmailQueuesOneMore()
        {
            _fx.ImportOk(File1);
            _fx.Now = StoreFixture.T0.AddDays(1);
            ImportOutcome outcome = _fx.ImportOk(StoreFixture.Csv(
                "Identifier,DisplayName",
                "MAIL1,Renamed",
                "MAIL2,Renamed too",
                "MAIL3,Third"));

            Assert.Equal(1, outcome.Summary.EmailsQueued);
            var emails = _fx.Store.GetCheckInEmails().ToList();
            Assert.Equal(3, emails.Count);
            Assert.Equal("MAIL1", emails[2].Identifier);
            Assert.Equal(StoreFixture.T0.AddDays(1), emails[2].QueuedAt);
        }

        [Fact]
        public void AddingARegistrationEmailOnUpdateQueuesAnEmail()
        {
            _fx.ImportOk(File1);
            _fx.ImportOk(StoreFixture.Csv("Identifier,RegistrationEmail", "MAIL2,late@example.com"));
            var last = _fx.Store.GetCheckInEmails().Last();
            Assert.Equal("MAIL2", last.Identifier);
            Assert.Equal("late@example.com", last.Recipient);
            Assert.Equal("Fixed22", last.PlainCode);
        }

        [Fact]
        public void DryRunQueuesNoEmail()
        {
            ImportOutcome outcome = _fx.Import(File1, dryRun: true);
            Assert.DoesNotContain(outcome.Rows, r => r.Failed);
            Assert.Empty(_fx.Store.GetCheckInEmails());
            Assert.Empty(_fx.Store.GetDevices());
        }

        [Fact]
        public void RefusedImportQueuesNoEmail()
        {
            ImportOutcome outcome = _fx.Import(File1 + "BAD,Bad,,,,,,\nx y,Bad,X Y,ios,,,,\n");
            Assert.False(outcome.Summary.Committed);
            Assert.Empty(_fx.Store.GetCheckInEmails());
        }
    }
}
