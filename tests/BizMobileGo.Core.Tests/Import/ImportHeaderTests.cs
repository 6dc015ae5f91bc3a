using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    public class ImportHeaderTests : IDisposable
    {
        private readonly StoreFixture _fx = new StoreFixture();

        public void Dispose() => _fx.Dispose();

        private static ImportHeaderException Refused(params string[] names) =>
            Assert.Throws<ImportHeaderException>(() => ImportHeader.Parse(names, 1));

        [Theory]
        [InlineData("serial", "Serial")]
        [InlineData(" Serial", "Serial")]
        [InlineData("Serial ", "Serial")]
        [InlineData("Display Name", "DisplayName")]
        [InlineData("identifier", "Identifier")]
        [InlineData("User_Name", "UserName")]
        [InlineData("Serail", "Serial")]
        [InlineData("DEP Method", "DEPMethod")]
        // A trailing word that spreadsheets and Apple's lists add to a field's name, and a British spelling (walkthrough 13, 3).
        [InlineData("Serial Number", "Serial")]
        [InlineData("SerialNo", "Serial")]
        [InlineData("E-mail", "EmailAddress")]
        [InlineData("IMEI Number", "IMEI")]
        [InlineData("Organisations", "Organizations")]
        // Two neighbouring letters swapped are one edit (walkthrough 28, finding 4).
        [InlineData("Seiral", "Serial")]
        [InlineData("IEMI", "IMEI")]
        public void NearMissNameIsRefusedWithSuggestion(string name, string suggestion)
        {
            ImportHeaderException e = Refused("Identifier", name);
            Assert.Equal(ErrorIds.UnknownCsvColumn, e.ErrorId);
            RecordError problem = Assert.Single(e.Problems);
            Assert.Equal(ErrorIds.UnknownCsvColumn, problem.ErrorId);
            Assert.Contains($"'{name}' is not a column", e.Message, StringComparison.Ordinal);
            Assert.Contains($"did you mean '{suggestion}'?", e.Message, StringComparison.OrdinalIgnoreCase);
            Assert.StartsWith("Line 1:", problem.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("Notes")]
        [InlineData("Department")]
        [InlineData("Phone Number")]
        [InlineData("Number")]
        [InlineData("-")]
        public void NameUnlikeAnyFieldGetsNoSuggestion(string name)
        {
            Assert.Null(ImportHeader.Suggest(name));
        }

        // A piped property is allowed one edit, and a swap of two neighbouring letters is one (walkthrough 28, finding 4);
        // two edits, swap or not, are another tool's name (Get-ADUser's Surname), passed over.
        [Theory]
        [InlineData("Serail", "Serial")]
        [InlineData("Seiral", "Serial")]
        [InlineData("UIDD", "UDID")]
        [InlineData("Organisations", "Organizations")]
        public void PipedPropertyOneEditOrOneSwapOffIsSuggested(string name, string suggestion)
        {
            Assert.Equal(suggestion, ImportHeader.Suggest(name, handTyped: false));
        }

        [Theory]
        [InlineData("Surname")]
        [InlineData("Sreail")] // two swaps: two edits
        [InlineData("Notes")]
        [InlineData("Model")]
        public void PipedPropertyTwoEditsOffIsNotSuggested(string name)
        {
            Assert.Null(ImportHeader.Suggest(name, handTyped: false));
        }

        // A short name typed for the one field that ends with it (walkthrough 25, finding 11): -Field Tags.
        [Theory]
        [InlineData("Tags", "DeviceTags")]
        [InlineData("Mac", "WifiMac")]
        [InlineData("Days", "ExpirationDays")]
        public void EndOfOneFieldNameIsSuggestedForAHandTypedName(string name, string suggestion)
        {
            Assert.Equal(suggestion, ImportHeader.Suggest(name));
            Assert.Null(ImportHeader.Suggest(name, handTyped: false));
        }

        [Theory]
        [InlineData("Lockout", "CheckInLockout")]
        [InlineData("Profile", "DepProfile")]
        [InlineData("devicetag", "DeviceTags")]
        [InlineData("Tags", "DeviceTags")]
        public void SuggestsAmongTheNamesGiven(string name, string suggestion)
        {
            string[] historyFields = { "Identifier", "DeviceTags", "State", "DepDevice", "DepProfile", "CheckedInAt", "CheckInLockout" };
            Assert.Equal(suggestion, ImportHeader.Suggest(name, historyFields, handTyped: true));
        }

        [Theory]
        [InlineData("Name")] // DisplayName and UserName both end with it
        [InlineData("At")] // too short to say
        public void EndOfSeveralNamesOrTooShortIsNoSuggestion(string name)
        {
            string[] names = { "DisplayName", "UserName", "CheckedInAt", "WithdrawnAt" };
            Assert.Null(ImportHeader.Suggest(name, names, handTyped: true));
        }

        [Fact]
        public void UnknownNameWithoutNeighbourListsTheVocabulary()
        {
            ImportHeaderException e = Refused("Identifier", "Colour");
            Assert.Equal(ErrorIds.UnknownCsvColumn, e.ErrorId);
            Assert.DoesNotContain("did you mean", e.Message, StringComparison.OrdinalIgnoreCase);
            foreach (string known in FieldValues.Names)
            {
                Assert.Contains(known, e.Message, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void DuplicatedNameIsRefusedNamingBothColumns()
        {
            ImportHeaderException e = Refused("Identifier", "OS", "Serial", "Serial");
            Assert.Equal(ErrorIds.DuplicateCsvColumn, e.ErrorId);
            RecordError problem = Assert.Single(e.Problems);
            Assert.Contains("'Serial' appears twice", problem.Message, StringComparison.Ordinal);
            Assert.Contains("columns 3 and 4", problem.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void EveryProblemOfTheHeaderIsReported()
        {
            ImportHeaderException e = Refused("serial", "Identifier", "Identifier", "Display Name");
            Assert.Equal(new[] { ErrorIds.UnknownCsvColumn, ErrorIds.DuplicateCsvColumn, ErrorIds.UnknownCsvColumn },
                e.Problems.Select(p => p.ErrorId).ToArray());
            Assert.Contains("'Serial'", e.Message, StringComparison.Ordinal);
            Assert.Contains("'DisplayName'", e.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("0")]
        [InlineData("5")]
        [InlineData("Serial,OS")]
        [InlineData("")]
        [InlineData("   ")]
        public void NumbersListsAndEmptyNamesAreNotColumns(string name)
        {
            ImportHeaderException e = Refused("Identifier", name);
            Assert.Equal(ErrorIds.UnknownCsvColumn, e.ErrorId);
        }

        [Fact]
        public void AnySubsetInAnyOrderIsAccepted()
        {
            string[] names = FieldValues.Names.Reverse().ToArray();
            ImportHeader all = ImportHeader.Parse(names, 1);
            Assert.Equal(names.Length, all.ColumnCount);
            for (int column = 0; column < names.Length; column++)
            {
                Assert.Equal(names[column], all.FieldOf(column).ToString());
            }

            ImportHeader some = ImportHeader.Parse(new[] { "DEPMethod", "Identifier", "Serial" }, 1);
            Assert.Equal(FieldKey.DEPMethod, some.FieldOf(0));
            Assert.Equal(FieldKey.Identifier, some.FieldOf(1));
            Assert.Equal(FieldKey.Serial, some.FieldOf(2));
        }

        [Fact]
        public void CsvWithSpacePaddedHeaderStopsBeforeAnyRowAndWritesNothing()
        {
            string before = _fx.Snapshot();
            string csv = StoreFixture.Csv("Identifier,OS, Serial", "D1,ios,C02XK1ABJG5H");
            ImportHeaderException e = Assert.Throws<ImportHeaderException>(() => _fx.Import(csv));
            Assert.Equal(ErrorIds.UnknownCsvColumn, e.ErrorId);
            Assert.Contains("did you mean 'Serial'?", e.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(before, _fx.Snapshot());
            Assert.Null(_fx.Store.GetDevice("D1"));
        }

        [Fact]
        public void CsvWithMisCasedHeaderStopsTheImport()
        {
            string csv = StoreFixture.Csv("Identifier,os", "D1,ios");
            ImportHeaderException e = Assert.Throws<ImportHeaderException>(() => _fx.Import(csv));
            Assert.Equal(ErrorIds.UnknownCsvColumn, e.ErrorId);
            Assert.Contains("did you mean 'OS'?", e.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(_fx.Store.GetDevices());
        }

        [Fact]
        public void CsvWithDuplicatedHeaderStopsTheImport()
        {
            string csv = StoreFixture.Csv("Identifier,OS,Identifier", "D1,ios,D2");
            ImportHeaderException e = Assert.Throws<ImportHeaderException>(() => _fx.Import(csv));
            Assert.Equal(ErrorIds.DuplicateCsvColumn, e.ErrorId);
            Assert.Empty(_fx.Store.GetDevices());
        }

        [Fact]
        public void EmptyCsvIsRefused()
        {
            BmgException e = Assert.Throws<BmgException>(() => _fx.Import(""));
            Assert.Equal(ErrorIds.EmptyCsv, e.ErrorId);
        }

        [Fact]
        public void Utf8BomDoesNotStickToTheFirstHeader()
        {
            byte[] bytes = new UTF8Encoding(true).GetPreamble()
                .Concat(Encoding.UTF8.GetBytes("Identifier,OS\r\nBOM1,iOS\r\n")).ToArray();
            using (var import = new DeviceImport(_fx.Store, ImportMode.AllOrNothing, false, "bom.csv", () => _fx.Now))
            {
                using TextReader text = CsvEncoding.OpenText(new MemoryStream(bytes), null);
                List<ImportRowResult> rows = DeviceCsvFile.ImportRows(import, text, ',', "bom.csv").ToList();
                Assert.Equal(RecordAction.Created, Assert.Single(rows).Outcome);
                Assert.True(import.Complete().Committed);
            }

            Assert.Equal("ios", _fx.Device("BOM1").OS);
        }

        [Fact]
        public void ShiftJisFileImportsJapaneseValues()
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            byte[] bytes = Encoding.GetEncoding(932).GetBytes("UserName,Name,Identifier,OS,DisplayName\r\nyamada,山田 太郎,JP1,ios,営業部の iPad\r\n");
            using (var import = new DeviceImport(_fx.Store, ImportMode.AllOrNothing, false, "sjis.csv", () => _fx.Now))
            {
                using TextReader text = CsvEncoding.OpenText(new MemoryStream(bytes), null);
                List<ImportRowResult> rows = DeviceCsvFile.ImportRows(import, text, ',', "sjis.csv").ToList();
                Assert.False(Assert.Single(rows).Failed);
                import.Complete();
            }

            Assert.Equal("山田 太郎", _fx.User("yamada").Name);
            Assert.Equal("営業部の iPad", _fx.Device("JP1").DisplayName);
            Assert.Equal("yamada", _fx.Device("JP1").UserName);
        }
    }
}
