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
    /// <summary>
    /// A file caught while it is still being copied ends inside its last row, without a line break: that row is refused
    /// (IncompleteLastRow), never imported with its last value cut (walkthrough 26, finding 1).
    /// </summary>
    public class IncompleteLastRowTests : System.IDisposable
    {
        private const string Header = "UserName,Identifier,OS,Template,RegistrationEmail";

        private readonly StoreFixture _fx = new StoreFixture();

        public void Dispose() => _fx.Dispose();

        [Theory]
        [InlineData("a,b\r\nc,d", true)]
        [InlineData("a,b\r\nc,d\r\n", false)]
        [InlineData("a,b\nc,d\n", false)]
        [InlineData("a,b\rc,d\r", false)]
        [InlineData("a,b\r\nc,d\r\n\r\n", false)]
        [InlineData("a,b\r\n\"c\r\nx\",d", true)]
        public void OnlyTheLastRecordOfATextWithoutAFinalLineBreakIsMarked(string text, bool cut)
        {
            List<CsvRecord> records = BizMobileGo.Core.Tests.Csv.CsvRecordReaderTests.ReadAll(text);
            Assert.Equal(2, records.Count);
            Assert.False(records[0].EndsWithoutLineBreak);
            Assert.Equal(cut, records[1].EndsWithoutLineBreak);
        }

        [Fact]
        public void ALastRecordPastTheReadersBufferIsMarkedToo()
        {
            // Many buffers of the parser and of the decoding reader: the mark comes from the end of the text, not of a buffer.
            string rows = string.Concat(Enumerable.Range(0, 20000).Select(i => $"row{i},value{i}\r\n"));
            List<CsvRecord> records = BizMobileGo.Core.Tests.Csv.CsvRecordReaderTests.ReadAll(rows + "last,cu");
            Assert.Equal(20001, records.Count);
            Assert.Equal(0, records.Take(20000).Count(r => r.EndsWithoutLineBreak));
            Assert.True(records[20000].EndsWithoutLineBreak);

            byte[] bytes = Encoding.UTF8.GetBytes(rows + "last,cu");
            using var reader = new CsvRecordReader(CsvEncoding.OpenText(new MemoryStream(bytes), null));
            var fromBytes = new List<CsvRecord>();
            while (reader.TryReadRecord(out CsvRecord record))
            {
                fromBytes.Add(record);
            }

            Assert.Equal(new[] { 20000 }, fromBytes.Select((r, i) => (r, i)).Where(x => x.r.EndsWithoutLineBreak).Select(x => x.i));
        }

        [Fact]
        public void ACutLastRowIsRefusedAndTheFileWritesNothing()
        {
            string before = _fx.Snapshot();
            ImportOutcome outcome = _fx.Import(Header + "\r\nuw1,cut-001,ios,Std,yamada.taro@example.co.jp\r\nuw2,cut-002,ios,Std,suzuki.ichiro@example.co");

            Assert.False(outcome.Line(2).Failed);
            RecordError error = Assert.Single(outcome.Line(3).GetErrors());
            Assert.Equal(ErrorIds.IncompleteLastRow, error.ErrorId);
            Assert.Equal(BmgErrorCategory.InvalidData, error.Category);
            Assert.StartsWith("Line 3: The file ends inside this row, without a line break", error.Message);
            Assert.Contains("If the file was still being copied, import it again once the copy is complete.", error.Message);
            Assert.Equal("cut-002", outcome.Line(3).Identifier);
            Assert.False(outcome.Summary.Committed);
            Assert.Equal(before, _fx.Snapshot());
        }

        [Fact]
        public void ARowCutBeforeItsLastFieldIsIncompleteNotMalformed()
        {
            ImportOutcome outcome = _fx.Import(Header + "\r\nuw1,cut-001,ios,Std,yamada.taro@example.co.jp\r\nuw2,cut-0");
            Assert.Equal(ErrorIds.IncompleteLastRow, Assert.Single(outcome.Line(3).GetErrors()).ErrorId);
        }

        [Fact]
        public void SkippingInvalidRowsImportsTheRestAndHandsTheCutRowBack()
        {
            ImportOutcome outcome = _fx.Import(Header + "\r\nuw1,cut-001,ios,Std,yamada.taro@example.co.jp\r\nuw2,cut-002,ios,Std,suzuki.ichiro@example.co",
                ImportMode.SkipInvalidRows);

            Assert.True(outcome.Line(3).Failed);
            Assert.True(outcome.Summary.Committed);
            Assert.Equal("yamada.taro@example.co.jp", _fx.Device("cut-001").RegistrationEmail);
            Assert.Null(_fx.Store.GetDevice("cut-002"));
        }

        [Fact]
        public void BlankDelimitersWithoutALineBreakAtTheEndAreSkippedAsBefore()
        {
            ImportOutcome outcome = _fx.Import(Header + "\r\nuw1,cut-001,ios,Std,yamada.taro@example.co.jp\r\n,,,,");
            Assert.False(Assert.Single(outcome.Rows).Failed);
            Assert.True(outcome.Summary.Committed);
        }

        [Fact]
        public void AnEmptyFileAndAnUnclosedQuoteSayTheFileMayStillBeCopied()
        {
            BmgException empty = Assert.Throws<BmgException>(() => _fx.Import(""));
            Assert.Equal(ErrorIds.EmptyCsv, empty.ErrorId);
            Assert.EndsWith(CsvRecordReader.CutShortHint, empty.Message);

            CsvFormatException unclosed = Assert.Throws<CsvFormatException>(() => BizMobileGo.Core.Tests.Csv.CsvRecordReaderTests.ReadAll("a,b\r\nc,\"d"));
            Assert.EndsWith(CsvRecordReader.CutShortHint, unclosed.Message);
        }
    }
}
