using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using BizMobileGo.Core.CheckIn;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Export;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;
using Xunit;

namespace BizMobileGo.Core.Tests.Export
{
    public sealed class DeviceCsvExportTests : IDisposable
    {
        private const string Header =
            "UserName,Name,EmailAddress,UserDescription,Organizations,Identifier,Template,Code,OS,DeviceTags,WifiMac,IMEI,MEID,UDID,Serial,ExpirationDays,DisplayName,Description,RegistrationEmail,DEPMethod";

        // Every field kind: a user with two devices, a device without a user, a user without a device,
        // Japanese text, quotes, commas, CRLF and LF inside values, padding the importer trims,
        // formula-looking text, list fields and every restriction.
        private static readonly string[] Inventory =
        {
            Header,
            "taro,山田 太郎,taro@example.co.jp,\"営業部, 東京\",org-a|org-b,iphone01,Standard,Abc123,iOS,Sales|Kiosk,aa-bb-cc-dd-ee-ff,490154203237518,,0123456789abcdef0123456789abcdef01234567,c02xyz12ab3c,30,\"Taro's \"\"work\"\" phone\",\"line1\r\nline2, with comma\",taro@example.co.jp,Serial",
            "taro,山田 太郎,taro@example.co.jp,\"営業部, 東京\",org-a|org-b,ipad01,,,ios,,,,A00000456789AB,00008030-001A2B3C4D5E6F7A,,,=1+2,\"  padded  \",,key code",
            ",,,,,android01,,,Android,,,,,,,365,-dash,@home,,",
            "hanako,Hanako,,+81 3 1234,,,,,,,,,,,,,,,,",
            "jiro,Jiro,,,org-b,win01,,,windows,Kiosk,,,,,,,,\"multi\nline lf\",,",
        };

        private readonly string _folder;

        // The CSV files, apart from the store files, so a test can see every file an export left behind.
        private readonly string _output;
        private readonly List<IDeviceStore> _stores = new List<IDeviceStore>();

        public DeviceCsvExportTests()
        {
            _folder = Path.Combine(Path.GetTempPath(), "bmg-export-" + Guid.NewGuid().ToString("N"));
            _output = Path.Combine(_folder, "csv");
            Directory.CreateDirectory(_output);
        }

        public void Dispose()
        {
            foreach (IDeviceStore store in _stores)
            {
                store.Dispose();
            }

            foreach (string file in Directory.GetFiles(_output))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }

            Directory.Delete(_folder, recursive: true);
        }

        [Fact]
        public void AnEmptyStoreExportsTheFullHeaderOnly()
        {
            IDeviceStore store = NewStore();

            Assert.Equal(Header + "\r\n", ExportText(store));
            Assert.Equal(Header.Split(','), DeviceCsvExport.Header);
        }

        [Fact]
        public void ReimportingTheExportLeavesEveryRowUnchanged()
        {
            IDeviceStore store = Populated();
            string before = ExportText(store);

            List<ImportRowResult> rows = ImportText(store, before, out ImportSummary summary);

            Assert.Equal(5, summary.Rows);
            Assert.Equal(summary.Rows, summary.Unchanged);
            Assert.All(rows, row => Assert.Equal(RecordAction.Unchanged, row.Outcome));
            Assert.Equal(0, summary.EmailsQueued);
            Assert.Equal(before, ExportText(store));
        }

        [Fact]
        public void ExportsValuesExactlyAsStored()
        {
            IDeviceStore store = Populated();
            Dictionary<string, Dictionary<string, string>> rows = ExportRows(store);

            Dictionary<string, string> iphone = rows["iphone01"];
            Assert.Equal("taro", iphone["UserName"]);
            Assert.Equal("山田 太郎", iphone["Name"]);
            Assert.Equal("営業部, 東京", iphone["UserDescription"]);
            Assert.Equal("org-a|org-b", iphone["Organizations"]);
            Assert.Equal("Abc123", iphone["Code"]);
            Assert.Equal("ios", iphone["OS"]);
            Assert.Equal("Sales|Kiosk", iphone["DeviceTags"]);
            Assert.Equal("AA:BB:CC:DD:EE:FF", iphone["WifiMac"]);
            Assert.Equal("490154203237518", iphone["IMEI"]);
            Assert.Equal("0123456789abcdef0123456789abcdef01234567", iphone["UDID"]);
            Assert.Equal("C02XYZ12AB3C", iphone["Serial"]);
            Assert.Equal("30", iphone["ExpirationDays"]);
            Assert.Equal("Taro's \"work\" phone", iphone["DisplayName"]);
            Assert.Equal("line1\r\nline2, with comma", iphone["Description"]);
            Assert.Equal("Serial", iphone["DEPMethod"]);

            Dictionary<string, string> ipad = rows["ipad01"];
            Assert.Equal("Keycode", ipad["DEPMethod"]);
            Assert.Equal("A00000456789AB", ipad["MEID"]);
            Assert.Equal("7", ipad["ExpirationDays"]);
            Assert.Equal("padded", ipad["Description"]);
            Assert.Equal(store.GetDevice("ipad01")!.PlainCode, ipad["Code"]);

            Assert.Equal("multi\nline lf", rows["win01"]["Description"]);
        }

        [Fact]
        public void FormulaLookingValuesAreWrittenWithTheFormulaEscape()
        {
            IDeviceStore store = Populated();
            Dictionary<string, Dictionary<string, string>> rows = ExportRows(store);

            Assert.Equal("'=1+2", rows["ipad01"]["DisplayName"]);
            Assert.Equal("'-dash", rows["android01"]["DisplayName"]);
            Assert.Equal("'@home", rows["android01"]["Description"]);
            Assert.Equal("'+81 3 1234", rows["user:hanako"]["UserDescription"]);
            Assert.Contains("\r\n,,,,,android01,,", ExportText(store), StringComparison.Ordinal);
        }

        [Fact]
        public void AUserWithTwoDevicesHasIdenticalUserCellsOnEachRow()
        {
            IDeviceStore store = Populated();
            Dictionary<string, Dictionary<string, string>> rows = ExportRows(store);

            string[] userColumns = { "UserName", "Name", "EmailAddress", "UserDescription", "Organizations" };
            Assert.Equal(userColumns.Select(c => rows["iphone01"][c]), userColumns.Select(c => rows["ipad01"][c]));
            Assert.False(rows.ContainsKey("user:taro"));
        }

        [Fact]
        public void ADeviceWithoutUserHasBlankUserCellsAndAUserWithoutDeviceBlankDeviceCells()
        {
            IDeviceStore store = Populated();
            Dictionary<string, Dictionary<string, string>> rows = ExportRows(store);

            Dictionary<string, string> android = rows["android01"];
            foreach (string column in new[] { "UserName", "Name", "EmailAddress", "UserDescription", "Organizations" })
            {
                Assert.Equal("", android[column]);
            }

            Dictionary<string, string> hanako = rows["user:hanako"];
            Assert.Equal("Hanako", hanako["Name"]);
            foreach (string column in Header.Split(',').Skip(5))
            {
                Assert.Equal("", hanako[column]);
            }
        }

        [Fact]
        public void LockedDevicesExportAndReimportUnchanged()
        {
            IDeviceStore store = Populated();
            Assert.Equal(DeviceState.CheckedIn, store.GetDevice("iphone01")!.State);
            Assert.Equal(DeviceState.Withdrawn, store.GetDevice("win01")!.State);

            List<ImportRowResult> rows = ImportText(store, ExportText(store), out _);

            Assert.Equal(RecordAction.Unchanged, rows.Single(r => r.Identifier == "iphone01").Outcome);
            Assert.Equal(RecordAction.Unchanged, rows.Single(r => r.Identifier == "win01").Outcome);
        }

        [Fact]
        public void ImportingTheExportIntoANewStoreRecreatesTheSameFile()
        {
            IDeviceStore store = Populated();
            string exported = ExportText(store);
            IDeviceStore copy = NewStore();
            AddReferenceData(copy);

            List<ImportRowResult> rows = ImportText(copy, exported, out ImportSummary summary);

            Assert.True(summary.Committed);
            Assert.Equal(5, summary.Created);
            Assert.Equal(exported, ExportText(copy));
            Assert.All(rows, row => Assert.False(row.Failed, row.Error));
        }

        [Fact]
        public void SelectedDevicesExportWithTheirUsersAndNoOtherUser()
        {
            IDeviceStore store = Populated();
            Device[] selected = { store.GetDevice("ipad01")!, store.GetDevice("android01")!, store.GetDevice("IPAD01")! };

            var text = new StringWriter();
            DeviceCsvExportSummary summary = new DeviceCsvExport(store).Write(text, selected);
            string[] lines = text.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

            Assert.Equal(2, summary.Rows);
            Assert.Equal(2, summary.Devices);
            Assert.Equal(1, summary.Users);
            Assert.Equal(0, summary.UsersWithoutDevice);
            Assert.Equal(3, lines.Length);
            Assert.StartsWith("taro,", lines[1], StringComparison.Ordinal);
            Assert.Contains(",ipad01,", lines[1], StringComparison.Ordinal);
            Assert.Contains(",android01,", lines[2], StringComparison.Ordinal);

            List<ImportRowResult> rows = ImportText(store, text.ToString(), out ImportSummary reimport);
            Assert.Equal(2, reimport.Unchanged);
            Assert.All(rows, row => Assert.Equal(RecordAction.Unchanged, row.Outcome));
        }

        [Fact]
        public void WholeStoreSummaryCountsDevicesAndUsers()
        {
            IDeviceStore store = Populated();

            DeviceCsvExportSummary summary = new DeviceCsvExport(store).Write(new StringWriter());

            Assert.Equal(5, summary.Rows);
            Assert.Equal(4, summary.Devices);
            Assert.Equal(3, summary.Users);
            Assert.Equal(1, summary.UsersWithoutDevice);
        }

        [Fact]
        public void AnotherDelimiterRoundTrips()
        {
            IDeviceStore store = Populated();
            var text = new StringWriter();
            new DeviceCsvExport(store).Write(text, delimiter: ';');

            Assert.StartsWith(Header.Replace(',', ';') + "\r\n", text.ToString(), StringComparison.Ordinal);
            using var import = new DeviceImport(store, ImportMode.AllOrNothing, false, "test");
            List<ImportRowResult> rows = DeviceCsvFile.ImportRows(import, new StringReader(text.ToString()), ';', "test").ToList();
            import.Complete();
            Assert.All(rows, row => Assert.Equal(RecordAction.Unchanged, row.Outcome));
        }

        [Fact]
        public void WriteFileDefaultsToWhatItIsGivenAndUsesCrlf()
        {
            IDeviceStore store = Populated();
            string path = Path.Combine(_output, "out.csv");

            new DeviceCsvExport(store).WriteFile(path, new UTF8Encoding(true));

            byte[] bytes = File.ReadAllBytes(path);
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes.Take(3));
            string text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
            Assert.StartsWith(Header + "\r\n", text, StringComparison.Ordinal);
            Assert.Equal(ExportText(store), text);
            Assert.Single(Directory.GetFiles(_output), f => f.EndsWith(".csv", StringComparison.Ordinal));
            Assert.DoesNotContain(Directory.GetFiles(_output), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        }

        [Fact]
        public void ShiftJisFileRoundTripsJapaneseText()
        {
            IDeviceStore store = Populated();
            string path = Path.Combine(_output, "sjis.csv");
            Encoding shiftJis = CsvEncoding.Resolve("932");

            new DeviceCsvExport(store).WriteFile(path, shiftJis);

            Assert.True(File.ReadAllBytes(path).AsSpan().IndexOf(shiftJis.GetBytes("山田 太郎")) >= 0);
            using var stream = File.OpenRead(path);
            Assert.Equal(932, CsvEncoding.Detect(stream).CodePage);
            using var import = new DeviceImport(store, ImportMode.AllOrNothing, false, path);
            List<ImportRowResult> rows = DeviceCsvFile.ImportRows(import, CsvEncoding.OpenText(stream, shiftJis), ',', path).ToList();
            ImportSummary summary = import.Complete();
            Assert.Equal(5, summary.Unchanged);
            Assert.All(rows, row => Assert.Equal(RecordAction.Unchanged, row.Outcome));
        }

        [Fact]
        public void AValueShiftJisCannotHoldFailsNamingTheDeviceAndLeavesNoFile()
        {
            IDeviceStore store = Populated();
            ImportText(store, Header + "\r\n,,,,,emoji01,,,ios,,,,,,,,Phone \U0001F4F1,,,\r\n", out ImportSummary added);
            Assert.Equal(1, added.Created);
            string path = Path.Combine(_output, "sjis.csv");
            File.WriteAllText(path, "previous");

            var error = Assert.Throws<BmgException>(() => new DeviceCsvExport(store).WriteFile(path, CsvEncoding.Resolve("shift_jis")));

            Assert.Equal(ErrorIds.UnencodableValue, error.ErrorId);
            Assert.Contains("DisplayName of device 'emoji01'", error.Message, StringComparison.Ordinal);
            Assert.Contains("U+1F4F1", error.Message, StringComparison.Ordinal);
            Assert.Equal("previous", File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(_output));
        }

        [Fact]
        public void NoClobberRefusesAnExistingFile()
        {
            IDeviceStore store = Populated();
            string path = Path.Combine(_output, "exists.csv");
            File.WriteAllText(path, "previous");

            var error = Assert.Throws<BmgException>(() =>
                new DeviceCsvExport(store).WriteFile(path, Encoding.UTF8, options: new DeviceCsvFileOptions { NoClobber = true }));

            Assert.Equal(ErrorIds.FileExists, error.ErrorId);
            Assert.Equal(BmgErrorCategory.ResourceExists, error.Category);
            Assert.Equal("previous", File.ReadAllText(path));
        }

        [Fact]
        public void AReadOnlyFileNeedsForceAndStaysReadOnly()
        {
            IDeviceStore store = Populated();
            string path = Path.Combine(_output, "readonly.csv");
            File.WriteAllText(path, "previous");
            File.SetAttributes(path, FileAttributes.ReadOnly);

            var error = Assert.Throws<BmgException>(() => new DeviceCsvExport(store).WriteFile(path, Encoding.UTF8));
            Assert.Equal(ErrorIds.FileReadOnly, error.ErrorId);
            Assert.Equal("previous", File.ReadAllText(path));

            new DeviceCsvExport(store).WriteFile(path, Encoding.UTF8, options: new DeviceCsvFileOptions { Force = true });

            Assert.StartsWith(Header, File.ReadAllText(path), StringComparison.Ordinal);
            Assert.True((File.GetAttributes(path) & FileAttributes.ReadOnly) != 0);
            Assert.Single(Directory.GetFiles(_output));
        }

        [Fact]
        public void RefusesADirectoryAMissingFolderAndTheStoreItself()
        {
            IDeviceStore store = Populated();
            var export = new DeviceCsvExport(store);

            Assert.Equal(ErrorIds.PathIsDirectory,
                Assert.Throws<BmgException>(() => export.WriteFile(_output, Encoding.UTF8)).ErrorId);
            Assert.Equal(ErrorIds.DirectoryNotFound,
                Assert.Throws<BmgException>(() => export.WriteFile(Path.Combine(_output, "nope", "x.csv"), Encoding.UTF8)).ErrorId);
            Assert.Equal(ErrorIds.PathIsStore,
                Assert.Throws<BmgException>(() => export.WriteFile(store.Location, Encoding.UTF8)).ErrorId);
        }

        [Fact]
        public void ACancelledExportLeavesNoFile()
        {
            IDeviceStore store = Populated();
            string path = Path.Combine(_output, "cancelled.csv");
            using var cancellation = new CancellationTokenSource();
            cancellation.Cancel();

            Assert.ThrowsAny<OperationCanceledException>(() =>
                new DeviceCsvExport(store).WriteFile(path, Encoding.UTF8, cancellationToken: cancellation.Token));

            Assert.False(File.Exists(path));
            Assert.DoesNotContain(Directory.GetFiles(_output), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        }

        // ---- helpers ----

        [Fact]
        public void AnExportHoldsTheUsersOfOneChunkOfDevicesNotEveryUserItHasRead()
        {
            // Walkthrough 34b: an export of 1,000,000 devices peaked at 860 MB, holding every user it had read (a user with
            // several devices was read once). It holds a chunk's users (1,000 devices'); a user whose devices fall in two chunks
            // is read again and still written once as a user, and a user without a device still gets a row of its own.
            IDeviceStore store = NewStore();
            var csv = new StringBuilder(Header + "\r\n");
            for (int i = 0; i < 2500; i++)
            {
                csv.Append($"u{i:D4},,,,,d{i:D4},,,ios,,,,,,,,,,,\r\n");
            }

            csv.Append("u0000,,,,,d9999,,,ios,,,,,,,,,,,\r\nlone,Lone,,,,,,,,,,,,,,,,,,\r\n");
            List<ImportRowResult> imported = ImportText(store, csv.ToString(), out _);
            Assert.All(imported, row => Assert.False(row.Failed, row.Error));

            var export = new DeviceCsvExport(store);
            var text = new SampledWriter(() => export.UsersHeld);
            var told = new List<int>();
            DeviceCsvExportSummary summary = export.Write(text, rowWritten: told.Add);

            Assert.InRange(text.MostHeld, 1, 1000);
            // Each row told as it is written (Export-BmgDeviceCsv's progress line, walkthrough 34b finding 5).
            Assert.Equal(Enumerable.Range(1, 2502), told);
            Assert.Equal(2501, summary.Devices);
            Assert.Equal(2501, summary.Users);
            Assert.Equal(1, summary.UsersWithoutDevice);
            string[] lines = text.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2503, lines.Length);
            Assert.Equal(2, lines.Count(line => line.StartsWith("u0000,", StringComparison.Ordinal)));
            Assert.Single(lines, line => line.StartsWith("lone,", StringComparison.Ordinal));
        }

        /// <summary>Text written, with the most of a figure seen at any write (what the export holds as it writes).</summary>
        private sealed class SampledWriter : StringWriter
        {
            private readonly Func<int> _figure;

            public SampledWriter(Func<int> figure) => _figure = figure;

            public int MostHeld { get; private set; }

            public override void Write(char value)
            {
                Sample();
                base.Write(value);
            }

            public override void Write(string? value)
            {
                Sample();
                base.Write(value);
            }

            public override void Write(char[] buffer, int index, int count)
            {
                Sample();
                base.Write(buffer, index, count);
            }

            private void Sample() => MostHeld = Math.Max(MostHeld, _figure());
        }

        private IDeviceStore NewStore()
        {
            IDeviceStore store = SqliteDeviceStore.Open(Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db"));
            _stores.Add(store);
            return store;
        }

        private static void AddReferenceData(IDeviceStore store)
        {
            ReferenceData.AddTemplate(store, "Standard");
            ReferenceData.AddDeviceTag(store, "Sales");
            ReferenceData.AddDeviceTag(store, "Kiosk");
            ReferenceData.AddOrganization(store, "org-a", "Organization A");
            ReferenceData.AddOrganization(store, "org-b", "組織 B");
        }

        private IDeviceStore Populated()
        {
            IDeviceStore store = NewStore();
            AddReferenceData(store);
            List<ImportRowResult> rows = ImportText(store, string.Join("\r\n", Inventory) + "\r\n", out ImportSummary summary);
            Assert.All(rows, row => Assert.False(row.Failed, row.Error));
            Assert.Equal(5, summary.Created);

            using (IStoreTransaction transaction = store.BeginTransaction())
            {
                store.UpsertDepDevice(new DepDevice { SerialNumber = "C02XYZ12AB3C", Model = "iPhone 15", ProfileName = "Sales iPhones", ImportedAt = DateTimeOffset.UtcNow });
                transaction.Commit();
            }

            CheckInService.CheckIn(store, new CheckInReport
            {
                Serial = "C02XYZ12AB3C",
                WifiMac = "AA:BB:CC:DD:EE:FF",
                Imei = "490154203237518",
                Udid = "0123456789abcdef0123456789abcdef01234567",
            }, DateTimeOffset.UtcNow);
            CheckInService.Withdraw(store, "win01", _ => true, DateTimeOffset.UtcNow);
            return store;
        }

        private static List<ImportRowResult> ImportText(IDeviceStore store, string csv, out ImportSummary summary)
        {
            using var import = new DeviceImport(store, ImportMode.AllOrNothing, false, "test");
            List<ImportRowResult> rows = DeviceCsvFile.ImportRows(import, new StringReader(csv), ',', "test").ToList();
            summary = import.Complete();
            return rows;
        }

        private static string ExportText(IDeviceStore store)
        {
            var text = new StringWriter();
            new DeviceCsvExport(store).Write(text);
            return text.ToString();
        }

        /// <summary>The exported rows by Identifier, or "user:" + UserName for rows without a device.</summary>
        private static Dictionary<string, Dictionary<string, string>> ExportRows(IDeviceStore store)
        {
            var rows = new Dictionary<string, Dictionary<string, string>>();
            using var reader = new CsvRecordReader(new StringReader(ExportText(store)));
            Assert.True(reader.TryReadRecord(out CsvRecord header));
            while (reader.TryReadRecord(out CsvRecord record))
            {
                var row = new Dictionary<string, string>();
                for (int i = 0; i < header.Fields.Length; i++)
                {
                    row[header.Fields[i]] = record.Fields[i];
                }

                rows.Add(row["Identifier"].Length != 0 ? row["Identifier"] : "user:" + row["UserName"], row);
            }

            return rows;
        }
    }
}
