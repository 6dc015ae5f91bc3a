using System;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Users;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    /// <summary>
    /// A re-import reads the stored devices and users with the file's own cells at hand, and a stored text equal to its
    /// cell is read as that cell (ChunkTexts, SqliteStatement.GetStringAsGiven). Unchanged must still be exactly "every field
    /// the file gives equals the stored value": each cell here differs from the stored text in a way a shortcut could miss
    /// (a prefix, a longer text, case only, the same characters' Latin-1 reading of UTF-8 bytes, a blank cell), and the row
    /// must be Updated, with the file's value stored.
    /// </summary>
    public class ReImportOfStoredTextsTests : IDisposable
    {
        private const string Header =
            "UserName,Name,EmailAddress,UserDescription,Organizations,Identifier,Template,Code,OS,DeviceTags,WifiMac,IMEI,MEID,UDID,Serial,ExpirationDays,DisplayName,Description,RegistrationEmail,DEPMethod";

        // The stored row's cells, in the header's order: every text canonical (as the store keeps it), so that the same
        // cells again are Unchanged; "Café" and "Größe" are not ASCII.
        private static readonly string[] Stored =
        {
            "sato", "Sato Café", "sato@example.com", "Sales lead Größe", "ORG1", "FULL1", "Std", "Secret99", "ios", "Sales|HQ",
            "AA:BB:CC:DD:EE:FF", "490154203237518", "A0000000002329", "00008030-001A35E11E88402E", "C02XK1ABJG5H", "30",
            "Sato's iPad Café", "Spare unit", "reg@example.com", "Serial",
        };

        private readonly StoreFixture _fx = new StoreFixture();

        public ReImportOfStoredTextsTests()
        {
            _fx.ImportOk(StoreFixture.Csv(Header, string.Join(",", Stored)));
        }

        public void Dispose() => _fx.Dispose();

        private static string RowWith(string field, string cell)
        {
            string[] cells = (string[])Stored.Clone();
            cells[Array.IndexOf(Header.Split(','), field)] = cell;
            return string.Join(",", cells);
        }

        [Fact]
        public void TheSameCellsAgainAreUnchanged()
        {
            string before = _fx.Snapshot();
            ImportRowResult row = Assert.Single(_fx.ImportOk(StoreFixture.Csv(Header, string.Join(",", Stored))).Rows);
            Assert.Equal(RecordAction.Unchanged, row.DeviceAction);
            Assert.Equal(RecordAction.Unchanged, row.UserAction);
            Assert.Equal(before, _fx.Snapshot());
        }

        [Theory]
        // A prefix of the stored text, a longer text, and a change of case only.
        [InlineData("Description", "Spare")]
        [InlineData("Description", "Spare unit2")]
        [InlineData("Description", "spare unit")]
        [InlineData("Code", "secret99")]
        [InlineData("Code", "Secret9")]
        [InlineData("RegistrationEmail", "reg@example.co")]
        [InlineData("Serial", "C02XK1ABJG5")]
        [InlineData("UDID", "00008030-001A35E11E88402F")]
        // The stored UTF-8 bytes of "Café" read one byte a character (Latin-1): the same length, every byte equal to its
        // character's code, and yet another text.
        [InlineData("DisplayName", "Sato's iPad Caf\u00C3\u00A9")]
        // A blank cell clears the value.
        [InlineData("DisplayName", "")]
        [InlineData("WifiMac", "")]
        // A list and a number.
        [InlineData("DeviceTags", "Sales")]
        [InlineData("ExpirationDays", "31")]
        public void ADeviceCellThatDiffersFromTheStoredTextUpdatesTheDevice(string field, string cell)
        {
            ImportRowResult row = Assert.Single(_fx.ImportOk(StoreFixture.Csv(Header, RowWith(field, cell))).Rows);

            Assert.Equal(RecordAction.Updated, row.DeviceAction);
            Assert.Equal(RecordAction.Unchanged, row.UserAction);
            Device device = _fx.Device("FULL1");
            string? stored = field switch
            {
                "Description" => device.Description,
                "Code" => device.PlainCode,
                "RegistrationEmail" => device.RegistrationEmail,
                "Serial" => device.Serial,
                "UDID" => device.UDID,
                "DisplayName" => device.DisplayName,
                "WifiMac" => device.WifiMac,
                "DeviceTags" => string.Join("|", device.DeviceTags),
                "ExpirationDays" => device.ExpirationDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => throw new ArgumentException(field),
            };
            Assert.Equal(cell.Length == 0 ? null : cell, stored);
        }

        [Theory]
        [InlineData("Name", "Sato Caf")]
        [InlineData("Name", "sato café")]
        [InlineData("Name", "Sato Caf\u00C3\u00A9")]
        [InlineData("UserDescription", "Sales lead Gr\u00C3\u00B6\u00C3\u0178e")]
        [InlineData("UserDescription", "")]
        [InlineData("EmailAddress", "sato@example.co")]
        public void AUserCellThatDiffersFromTheStoredTextUpdatesTheUser(string field, string cell)
        {
            ImportRowResult row = Assert.Single(_fx.ImportOk(StoreFixture.Csv(Header, RowWith(field, cell))).Rows);

            Assert.Equal(RecordAction.Updated, row.UserAction);
            Assert.Equal(RecordAction.Unchanged, row.DeviceAction);
            User user = _fx.User("sato");
            string? stored = field switch
            {
                "Name" => user.Name,
                "UserDescription" => user.UserDescription,
                "EmailAddress" => user.EmailAddress,
                _ => throw new ArgumentException(field),
            };
            Assert.Equal(cell.Length == 0 ? null : cell, stored);
        }

        [Fact]
        public void TwoRowsThatSwapTheirValuesAreBothUpdated()
        {
            // Each row's cells are the other device's stored texts: a cell is only ever the value of its own row's record.
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,DisplayName,Description", "SWAP1,ios,First,One", "SWAP2,ios,Second,Two"));

            ImportOutcome outcome = _fx.ImportOk(StoreFixture.Csv("Identifier,DisplayName,Description", "SWAP1,Second,Two", "SWAP2,First,One"));

            Assert.All(outcome.Rows, row => Assert.Equal(RecordAction.Updated, row.DeviceAction));
            Assert.Equal("Second", _fx.Device("SWAP1").DisplayName);
            Assert.Equal("Two", _fx.Device("SWAP1").Description);
            Assert.Equal("First", _fx.Device("SWAP2").DisplayName);
            Assert.Equal("One", _fx.Device("SWAP2").Description);
        }
    }
}
