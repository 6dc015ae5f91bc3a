using System;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    public class DeviceListColumnsTests
    {
        private static readonly FieldKey[] EnrollmentColumns = { FieldKey.Identifier, FieldKey.DEPMethod, FieldKey.Serial };

        private static ImportHeader Header(params string[] names) => ImportHeader.Parse(names, 1);

        [Fact]
        public void ColumnTheCmdletDoesNotUseIsRefusedNamingItAndTheColumnsItUses()
        {
            BmgException e = Assert.Throws<BmgException>(() =>
                DeviceListColumns.Check(Header("Identifier", "OS"), EnrollmentColumns, FieldKey.Identifier, "list.csv"));

            Assert.Equal(ErrorIds.UnknownCsvColumn, e.ErrorId);
            Assert.Equal("list.csv", e.Target);
            Assert.Contains("Line 1 of 'list.csv': column 'OS' is not used here", e.Message, StringComparison.Ordinal);
            Assert.Contains("the columns are Identifier, DEPMethod, Serial", e.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void HeaderWithoutTheRequiredColumnIsRefused(bool anyColumn)
        {
            BmgException e = Assert.Throws<BmgException>(() =>
                DeviceListColumns.Check(Header("DEPMethod", "Serial"), anyColumn ? null : EnrollmentColumns, FieldKey.Identifier, "list.csv"));

            Assert.Equal(ErrorIds.MissingRequiredField, e.ErrorId);
            Assert.Equal("Line 1 of 'list.csv': the header has no Identifier column.", e.Message);
        }

        [Fact]
        public void AllowedColumnsInAnyOrderPass()
        {
            DeviceListColumns.Check(Header("Serial", "Identifier"), EnrollmentColumns, FieldKey.Identifier, "list.csv");
            DeviceListColumns.Check(Header("Identifier", "OS", "DisplayName"), null, FieldKey.Identifier, "list.csv");
        }
    }
}
