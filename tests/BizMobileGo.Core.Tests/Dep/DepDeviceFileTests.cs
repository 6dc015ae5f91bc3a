using System;
using System.IO;
using System.Linq;
using System.Text;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Tests.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Dep
{
    public class DepDeviceFileTests : IDisposable
    {
        private readonly StoreFixture _fx = new StoreFixture(seed: false);

        public void Dispose() => _fx.Dispose();

        private string Write(string name, string content, Encoding? encoding = null)
        {
            string path = Path.Combine(_fx.Folder, name);
            File.WriteAllText(path, content, encoding ?? new UTF8Encoding(false));
            return path;
        }

        private const string Json =
            "{\n  \"devices\": [\n" +
            "    {\"serial_number\": \"c02xk1abjg5h\", \"model\": \"iPad Air\", \"description\": \"IPAD AIR WI-FI 64GB\", \"profile_uuid\": \"A1B2\"},\n" +
            "    {\"serial_number\": \"F9FVX2ABHG7K\", \"model\": \"iPhone 15\", \"description\": \"IPHONE 15\", \"profile_uuid\": \"C3D4\"},\n" +
            "    {\"serial_number\": \"DMPXQ1ZZHG7K\", \"model\": \"iPad\", \"profile_status\": \"empty\"}\n" +
            "  ],\n  \"profiles\": [\n" +
            "    {\"profile_uuid\": \"a1b2\", \"profile_name\": \"Sales iPads\"},\n" +
            "    {\"profile_uuid\": \"C3D4\", \"profile_name\": \"Field iPhones\"}\n" +
            "  ]\n}\n";

        [Fact]
        public void CsvFileIsImported()
        {
            string path = Write("dep.csv", "SerialNumber,Model,Description,ProfileName\r\nc02xk1abjg5h,iPad Air,\"IPAD, WI-FI\",Sales iPads\r\nF9FVX2ABHG7K,iPhone 15,,\r\n");
            DepImportSummary summary = DepDeviceFile.Import(_fx.Store, path, StoreFixture.T0);

            Assert.Equal(2, summary.Devices);
            Assert.Equal(2, summary.Added);
            Assert.Equal(0, summary.Updated);
            DepDevice ipad = _fx.Store.GetDepDevice("C02XK1ABJG5H")!;
            Assert.NotNull(ipad);
            Assert.Equal("iPad Air", ipad.Model);
            Assert.Equal("IPAD, WI-FI", ipad.Description);
            Assert.Equal("Sales iPads", ipad.ProfileName);
            Assert.Equal(StoreFixture.T0, ipad.ImportedAt);
            DepDevice phone = _fx.Store.GetDepDevice("F9FVX2ABHG7K")!;
            Assert.Null(phone.Description);
            Assert.Null(phone.ProfileName);
        }

        [Fact]
        public void CsvColumnsMayBeASubsetInAnyOrder()
        {
            string path = Write("dep.csv", "ProfileName,SerialNumber\nSales,C02XK1ABJG5H\n");
            DepDeviceFile.Import(_fx.Store, path, StoreFixture.T0);
            DepDevice device = Assert.Single(_fx.Store.GetDepDevices());
            Assert.Equal("C02XK1ABJG5H", device.SerialNumber);
            Assert.Equal("Sales", device.ProfileName);
            Assert.Null(device.Model);
        }

        [Fact]
        public void Utf16CsvWithBomIsImported()
        {
            string path = Write("dep16.csv", "SerialNumber,ProfileName\r\nC02XK1ABJG5H,営業 iPad\r\n", new UnicodeEncoding(false, true));
            DepDeviceFile.Import(_fx.Store, path, StoreFixture.T0);
            Assert.Equal("営業 iPad", _fx.Store.GetDepDevice("C02XK1ABJG5H")?.ProfileName);
        }

        [Fact]
        public void JsonMapsProfileUuidToProfileName()
        {
            string path = Write("devices.json", Json);
            DepImportSummary summary = DepDeviceFile.Import(_fx.Store, path, StoreFixture.T0);

            Assert.Equal(3, summary.Added);
            Assert.Equal("Sales iPads", _fx.Store.GetDepDevice("C02XK1ABJG5H")?.ProfileName);
            Assert.Equal("IPAD AIR WI-FI 64GB", _fx.Store.GetDepDevice("C02XK1ABJG5H")?.Description);
            Assert.Equal("Field iPhones", _fx.Store.GetDepDevice("F9FVX2ABHG7K")?.ProfileName);
            Assert.Equal("iPhone 15", _fx.Store.GetDepDevice("F9FVX2ABHG7K")?.Model);
            Assert.Null(_fx.Store.GetDepDevice("DMPXQ1ZZHG7K")?.ProfileName);
            Assert.NotNull(_fx.Store.GetDepDevice("DMPXQ1ZZHG7K"));
        }

        [Fact]
        public void ReimportUpdatesTheProfileAndNeverDuplicates()
        {
            DepDeviceFile.Import(_fx.Store, Write("devices.json", Json), StoreFixture.T0);
            string csv = Write("dep.csv", "SerialNumber,Model,ProfileName\nc02xk1abjg5h,iPad Air,Moved Profile\nF9FVX2ABHG7K,iPhone 15,\nH4TTQ9ZZQ1GC,iPad mini,New\n");
            DepImportSummary summary = DepDeviceFile.Import(_fx.Store, csv, StoreFixture.T0.AddDays(1));

            Assert.Equal(2, summary.Updated);
            Assert.Equal(1, summary.Added);
            Assert.Equal(new[] { "C02XK1ABJG5H", "DMPXQ1ZZHG7K", "F9FVX2ABHG7K", "H4TTQ9ZZQ1GC" },
                _fx.Store.GetDepDevices().Select(d => d.SerialNumber).ToArray());
            Assert.Equal("Moved Profile", _fx.Store.GetDepDevice("C02XK1ABJG5H")?.ProfileName);
            Assert.Null(_fx.Store.GetDepDevice("F9FVX2ABHG7K")?.ProfileName);
            Assert.Equal(StoreFixture.T0.AddDays(1), _fx.Store.GetDepDevice("C02XK1ABJG5H")?.ImportedAt);

            DepDeviceFile.Import(_fx.Store, csv, StoreFixture.T0.AddDays(2));
            Assert.Equal(4, _fx.Store.GetDepDevices().Count());
        }

        [Theory]
        [InlineData("dep.csv", "SerialNumber,Model\nC02XK1ABJG5H,iPad\nNOT A SERIAL,iPad\n", "Line 3 of ")]
        [InlineData("dep.csv", "SerialNumber,Colour\nC02XK1ABJG5H,red\n", "Colour")]
        [InlineData("dep.csv", "serialnumber,Model\nC02XK1ABJG5H,iPad\n", "serialnumber")]
        [InlineData("dep.csv", "Model,ProfileName\niPad,Sales\n", "SerialNumber")]
        [InlineData("dep.csv", "", "empty")]
        // A copy to the share still running, cut inside the last serial (walkthrough 26, 1): not a DEP device 'F9FVX2'.
        [InlineData("dep.csv", "SerialNumber,Model\nC02XK1ABJG5H,iPad\nF9FVX2", "Line 3 (serial 'F9FVX2') of ")]
        [InlineData("devices.json", "{\"devices\": [{\"serial_number\": \"C02XK1ABJG5H\"}, {\"model\": \"iPad\"}]}", "devices[1]")]
        [InlineData("devices.json", "{\"profiles\": []}", "\"devices\"")]
        [InlineData("devices.json", "{\"devices\": [", "JSON")]
        public void InvalidFileImportsNothing(string name, string content, string mentioned)
        {
            DepDeviceFile.Import(_fx.Store, Write("seed.csv", "SerialNumber,ProfileName\nH4TTQ9ZZQ1GC,Keep\n"), StoreFixture.T0);
            string before = _fx.Snapshot();
            string path = Write(name, content);
            BmgException e = Assert.Throws<BmgException>(() => DepDeviceFile.Import(_fx.Store, path, StoreFixture.T0));
            Assert.Equal(ErrorIds.DepDeviceFileInvalid, e.ErrorId);
            Assert.Contains(mentioned, e.Message, StringComparison.Ordinal);
            Assert.Equal(before, _fx.Snapshot());
        }


        [Theory(DisplayName = "A file named .json that is not JSON (a CSV, an HTML error page, a truncated download) is DepDeviceFileInvalid naming line, character and what was expected; nothing imported")]
        [InlineData("devices.json", "SerialNumber,Model\nC02XK1ABJG5H,iPad\n", "line 1, character 1: 'S' is an invalid start of a value")]
        [InlineData("Devices.JSON", "SerialNumber,Model\nC02XK1ABJG5H,iPad\n", "line 1, character 1: 'S' is an invalid start of a value")]
        [InlineData("devices.json", "<!DOCTYPE html>\n<html><body>Service Unavailable</body></html>\n", "line 1, character 1: '<' is an invalid start of a value")]
        // The parser counts UTF-8 bytes from 0: 'é' is two bytes and one character, so the 59th character is its 60th byte.
        [InlineData("devices.json", "{\"devices\": [\n  {\"serial_number\": \"C02XK1ABJG5H\", \"description\": \"Café\" \"model\": \"iPad\"}\n]}\n", "line 2, character 59: '\"' is invalid after a value. Expected either ','")]
        [InlineData("devices.json", "", "line 1, character 1: the file ends before any JSON value;")]
        [InlineData("devices.json", "\n", "line 2, character 1: the file ends before any JSON value;")]
        public void NamedJsonThatIsNotJsonImportsNothing(string name, string content, string mentioned)
        {
            DepDeviceFile.Import(_fx.Store, Write("seed.csv", "SerialNumber,ProfileName\nH4TTQ9ZZQ1GC,Keep\n"), StoreFixture.T0);
            string before = _fx.Snapshot();
            string path = Write(name, content);

            BmgException e = Assert.Throws<BmgException>(() => DepDeviceFile.Read(path));

            Assert.Equal(ErrorIds.DepDeviceFileInvalid, e.ErrorId);
            Assert.StartsWith($"The DEP device file '{path}' can't be imported: it is named .json but is not valid JSON: {mentioned}", e.Message, StringComparison.Ordinal);
            Assert.Contains("a file named .json must hold Apple's device response ({\"devices\": [...], \"cursor\": ...})", e.Message, StringComparison.Ordinal);
            Assert.EndsWith("and a CSV file must be named otherwise. Nothing was imported.", e.Message, StringComparison.Ordinal);
            // What it left undone is a piece of its own, so ImportFailed can say it in its words without cutting this text.
            Assert.Equal(BmgException.NothingImported, e.Outcome);
            Assert.EndsWith("and a CSV file must be named otherwise.", e.Cause, StringComparison.Ordinal);
            Assert.Equal(e.Cause + " " + e.Outcome, e.Message);
            Assert.DoesNotContain("isFinalBlock", e.Message, StringComparison.Ordinal);
            Assert.Throws<BmgException>(() => DepDeviceFile.Import(_fx.Store, path, StoreFixture.T0));
            Assert.Equal(before, _fx.Snapshot());
        }

        [Theory(DisplayName = "A JSON file of another name (.txt, .csv, none) is read as JSON by its content; JSON that breaks there names line and character")]
        [InlineData("devices.txt")]
        [InlineData("devices.csv")]
        [InlineData("devices")]
        public void JsonOfAnotherNameIsReadByItsContent(string name)
        {
            DepFileContent content = DepDeviceFile.Read(Write(name, "\n  " + Json));
            Assert.Equal("Apple device response", content.Format);
            Assert.Equal(3, content.Entries.Count);

            string broken = Write(name, "{\"devices\": [\n  {\"serial_number\": ");
            BmgException e = Assert.Throws<BmgException>(() => DepDeviceFile.Read(broken));
            Assert.Equal(ErrorIds.DepDeviceFileInvalid, e.ErrorId);
            Assert.Contains("can't be imported: it is not valid JSON: line 2, character 21: ", e.Message, StringComparison.Ordinal);
            Assert.Contains("; expected Apple's device response", e.Message, StringComparison.Ordinal);
        }
    }
}
