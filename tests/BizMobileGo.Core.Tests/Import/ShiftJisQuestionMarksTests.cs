using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    /// <summary>
    /// Excel's "CSV (コンマ区切り)" save writes '?' for what Shift_JIS (CP932) can't hold; a file read as Shift_JIS whose text
    /// is the stored value with '?' exactly there keeps the stored value, with a warning (walkthrough 26, finding 2). The
    /// files are real bytes in CP932 (or UTF-8), read through the reader that detects their encoding.
    /// </summary>
    public class ShiftJisQuestionMarksTests : IDisposable
    {
        private const string Yoshi = "\U00020BB7";    // 𠮷
        private const string Sushi = "\U0001F363";    // an emoji
        private const string Ivs = "葛\U000E0100";    // a kanji with its variation selector: the selector has no CP932 byte

        private readonly StoreFixture _fx = new StoreFixture();

        public ShiftJisQuestionMarksTests()
        {
            _fx.ImportOk(StoreFixture.Csv("UserName,Name,UserDescription,Identifier,OS,DisplayName,Description",
                $"qm1,{Yoshi}野 太郎,{Ivs}飾 team,PAD1,ios,iPad {Sushi},営業部"));
        }

        public void Dispose() => _fx.Dispose();

        [Theory]
        [InlineData(Yoshi + "野", "?野", true)]
        [InlineData(Yoshi + "野", "??野", true)]          // one '?' per UTF-16 unit, as some writers do
        [InlineData(Ivs + "飾", "葛?飾", true)]
        [InlineData("a" + Sushi + "b" + Yoshi, "a?b?", true)]
        [InlineData(Yoshi + "野", "?田", false)]          // something else changed too: the admin's edit
        [InlineData(Yoshi + "野", "野", false)]
        [InlineData("山野", "?野", false)]                 // 山 is in CP932: Excel writes it, so the '?' was typed
        [InlineData(Yoshi + "?", "??", true)]             // a stored '?' stays a '?'
        public void OnlyLostIsTheStoredValueWithAQuestionMarkForEachCharacterCp932Lacks(string stored, string read, bool lost)
        {
            Assert.Equal(lost, ShiftJisQuestionMarks.OnlyLost(stored, read));
        }

        [Fact]
        public void AShiftJisFileKeepsTheStoredUserAndDeviceTextAndAppliesTheRowsOtherChanges()
        {
            ImportOutcome outcome = ImportBytes(ShiftJis("UserName,Name,UserDescription,Identifier,OS,DisplayName,Description",
                "qm1,?野 太郎,葛?飾 team,PAD1,ios,iPad ?,営業部 2"));

            ImportRowResult row = outcome.Line(2);
            Assert.False(row.Failed);
            Assert.Equal(RecordAction.Unchanged, row.UserAction);
            Assert.Equal(RecordAction.Updated, row.DeviceAction);
            Assert.Equal("Description: '営業部' -> '営業部 2'", row.Changes);
            Assert.Equal(3, row.GetWarnings().Count(ShiftJisQuestionMarks.IsKeptWarning));
            Assert.Contains(row.GetWarnings(), w => w.StartsWith($"Name of user 'qm1' is kept as '{Yoshi}野 太郎': the file has '?野 太郎', with '?' for '{Yoshi}' (U+20BB7)", StringComparison.Ordinal));
            Assert.Contains(row.GetWarnings(), w => w.StartsWith("DisplayName of device 'PAD1' is kept as", StringComparison.Ordinal));
            Assert.Equal($"{Yoshi}野 太郎", _fx.User("qm1").Name);
            Assert.Equal($"{Ivs}飾 team", _fx.User("qm1").UserDescription);
            Assert.Equal($"iPad {Sushi}", _fx.Device("PAD1").DisplayName);
            Assert.Equal("営業部 2", _fx.Device("PAD1").Description);
        }

        [Fact]
        public void AUtf8FileWritesTheQuestionMarkAsGiven()
        {
            ImportOutcome outcome = ImportBytes(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(
                StoreFixture.Csv("UserName,Name", "qm1,?野 太郎"))).ToArray());
            Assert.Empty(outcome.Line(2).GetWarnings());
            Assert.Equal("?野 太郎", _fx.User("qm1").Name);
        }

        [Fact]
        public void TextNotReadFromAFileIsNeverKept()
        {
            // The fixture's import reads a string, not a file's bytes: no encoding was detected, so no rule applies.
            _fx.ImportOk(StoreFixture.Csv("UserName,Name", "qm1,?野 太郎"));
            Assert.Equal("?野 太郎", _fx.User("qm1").Name);
        }

        private static byte[] ShiftJis(params string[] lines) => CsvEncoding.Resolve("shift_jis").GetBytes(StoreFixture.Csv(lines));

        private ImportOutcome ImportBytes(byte[] bytes)
        {
            using var import = new DeviceImport(_fx.Store, ImportMode.AllOrNothing, false, "excel.csv", () => _fx.Now);
            using CsvDecodingReader text = CsvEncoding.OpenText(new MemoryStream(bytes), null);
            List<ImportRowResult> rows = DeviceCsvFile.ImportRows(import, text, ',', "excel.csv").ToList();
            return new ImportOutcome(rows, import.Complete());
        }
    }
}
