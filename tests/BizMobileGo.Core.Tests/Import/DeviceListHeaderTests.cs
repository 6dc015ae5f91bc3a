using System.IO;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    public class DeviceListHeaderTests
    {
        private const string Command = "Get-BmgDeviceDepLink";

        private static CsvFileHeader FileHeader(string text, char delimiter = ',')
        {
            using var reader = new CsvRecordReader(new StringReader(text), delimiter);
            return CsvFileHeader.Read(reader)!;
        }

        private static DeviceListHeader Read(string text, bool serialsTaken, char delimiter = ',') =>
            DeviceListHeader.Read(FileHeader(text, delimiter), delimiter, FieldKey.Identifier, serialsTaken, "list.csv", Command);

        [Fact]
        public void AnIdentifierColumnNamesTheDevicesEvenBesideASerialColumn()
        {
            DeviceListHeader header = Read("Serial,Identifier\r\nF9FXK2BBBB01,ipad-1\r\n", serialsTaken: true);

            Assert.NotNull(header.Identifiers);
            Assert.Equal(-1, header.SerialColumn);
        }

        [Theory]
        [InlineData("Serial\r\nC8QH6T96DPNG\r\n", 0)]
        [InlineData("serial\r\nC8QH6T96DPNG\r\n", 0)]
        [InlineData("Serial Number\r\nC8QH6T96DPNG\r\n", 0)]
        [InlineData("SerialNumber\r\nC8QH6T96DPNG\r\n", 0)]
        [InlineData("DisplayName, serial number \r\nx,C8QH6T96DPNG\r\n", 1)]
        // Apple Business Manager's export: its other columns are Apple's, not the module's, and are not read.
        [InlineData("\"Order Number\",\"Serial Number\",\"Device Model\",\"Assigned MDM Server\"\r\n1,C8QH6T96DPNG,iPad,x\r\n", 1)]
        public void WithoutAnIdentifierColumnASerialColumnByAnyOfItsNamesNamesThem(string text, int column)
        {
            DeviceListHeader header = Read(text, serialsTaken: true);

            Assert.Null(header.Identifiers);
            Assert.Equal(column, header.SerialColumn);
        }

        [Theory]
        [InlineData("identifier,serial\r\nseed01,C02SEED00001\r\n")]
        [InlineData("Identifer,Serial\r\nseed01,C02SEED00001\r\n")]
        [InlineData("Identifier,Serial Number\r\nseed01,C02SEED00001\r\n")]
        public void AHeaderMeaningIdentifiersIsNeverReadByItsSerials(string text)
        {
            ImportHeaderException e = Assert.Throws<ImportHeaderException>(() => Read(text, serialsTaken: true));

            Assert.Equal(ErrorIds.UnknownCsvColumn, e.ErrorId);
        }

        [Fact]
        public void TheSerialColumnNamesAreTheSerialParametersNameAndItsAliases()
        {
            Assert.Equal(new[] { "Serial", DeviceListHeader.SerialNumber, DeviceListHeader.SerialNumberSpaced }, DeviceListHeader.SerialColumnNames);
        }

        [Fact]
        public void ACommandThatTakesNoSerialsStillRequiresTheIdentifierColumn()
        {
            BmgException e = Assert.Throws<BmgException>(() => Read("DEPMethod,Serial\r\nSerial,X\r\n", serialsTaken: false));

            Assert.Equal(ErrorIds.MissingRequiredField, e.ErrorId);
            Assert.Equal("list.csv", e.Target);
            Assert.Equal("Line 1 of 'list.csv': the header has no Identifier column.", e.Message);
        }

        [Fact]
        public void NeitherColumnIsRefusedNamingEveryHeaderNameTaken()
        {
            BmgException e = Assert.Throws<BmgException>(() => Read("DisplayName,OS\r\nx,ios\r\n", serialsTaken: true));

            Assert.Equal(ErrorIds.MissingRequiredField, e.ErrorId);
            Assert.Equal("Line 1 of 'list.csv': the header has no Identifier column. Get-BmgDeviceDepLink -Path reads a header with an Identifier column, "
                + "or with a column of serial numbers named Serial, SerialNumber or Serial Number; its other columns are not read.", e.Message);
        }

        [Fact]
        public void AHeaderTheImportRefusesKeepsItsRefusalAndSaysWhatThePathTakes()
        {
            // Excel in a ';' locale: the import's hint names -Delimiter, which the command has.
            ImportHeaderException e = Assert.Throws<ImportHeaderException>(() => Read("Identifier;DisplayName\r\nIPAD-001;x\r\n", serialsTaken: true));

            Assert.Equal(ErrorIds.UnknownCsvColumn, e.ErrorId);
            Assert.Contains("but it has when split at ';': read it with -Delimiter ';'.", e.Message);
            Assert.EndsWith(DeviceListHeader.Takes(Command), e.Message);
        }

        [Fact]
        public void TheImportsNoteOfAHeaderCutWhileCopiedStaysLast()
        {
            ImportHeaderException e = Assert.Throws<ImportHeaderException>(() => Read("Identifier,OS,DisplayNa", serialsTaken: true));

            Assert.Contains(DeviceListHeader.Takes(Command), e.Message);
            Assert.EndsWith(ImportHeader.CutInsideHeader, e.Message);
        }

        [Fact]
        public void AFileReadAtItsDelimiterNamesItsDevices()
        {
            Assert.NotNull(Read("Identifier;DisplayName\r\nIPAD-001;x\r\n", serialsTaken: false, delimiter: ';').Identifiers);
            Assert.Equal(0, Read("Serial Number;Device Model\r\nC8QH6T96DPNG;iPad\r\n", serialsTaken: true, delimiter: ';').SerialColumn);
        }
    }
}
