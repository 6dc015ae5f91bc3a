using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    public class DeviceListColumnsTests
    {
        private static readonly FieldKey[] EnrollmentColumns = { FieldKey.Identifier, FieldKey.DEPMethod, FieldKey.Serial };

        private static ImportHeader Header(params string[] names) => ImportHeader.Parse(names, 1);

        [Fact]
        public void TheRequiredColumnIsFoundInAnyOrderAmongAnyColumnsOfTheImportFormat()
        {
            Assert.False(DeviceListColumns.Has(Header("DEPMethod", "Serial"), FieldKey.Identifier));
            Assert.True(DeviceListColumns.Has(Header("Serial", "Identifier"), FieldKey.Identifier));
            Assert.True(DeviceListColumns.Has(Header("UserName", "Identifier", "OS", "Code", "DisplayName", "DEPMethod"), FieldKey.Identifier));
        }

        [Fact]
        public void ColumnsTheCmdletDoesNotUseAreLeftOutOfEachRow()
        {
            // An export's header: only the enrollment's columns reach the edit; a DisplayName or Code cell is "not given".
            ImportHeader header = Header("UserName", "Identifier", "Code", "Serial", "DisplayName", "DEPMethod");
            Assert.Equal(new[] { FieldKey.UserName, FieldKey.Code, FieldKey.DisplayName }, DeviceListColumns.Unused(header, EnrollmentColumns));

            var values = new FieldValues();
            header.Fill(new[] { "abe", "ipad-1", "SECRET12", "F9FXK2BBBB01", "Front desk", "Keycode" }, values);
            DeviceListColumns.LeaveOut(values, DeviceListColumns.Unused(header, EnrollmentColumns));

            Assert.Equal("ipad-1", values[FieldKey.Identifier]);
            Assert.Equal("F9FXK2BBBB01", values[FieldKey.Serial]);
            Assert.Equal("Keycode", values[FieldKey.DEPMethod]);
            Assert.False(values.IsGiven(FieldKey.UserName));
            Assert.False(values.IsGiven(FieldKey.Code));
            Assert.False(values.IsGiven(FieldKey.DisplayName));
        }
    }
}
