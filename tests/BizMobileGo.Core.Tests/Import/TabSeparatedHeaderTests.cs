using System.IO;
using System.Text;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    /// <summary>
    /// Walkthrough 26, finding 4: Excel's "Unicode text" (UTF-16, tab-separated) dropped among comma files failed the nightly
    /// job, which can't give one file of a pattern its own -Delimiter. A file imported without -Delimiter is read at tabs when
    /// its header has known column names only when split at tabs, in any encoding; any other header keeps the delimiter.
    /// </summary>
    public sealed class TabSeparatedHeaderTests
    {
        private static CsvDecodingReader Open(string text, Encoding encoding) =>
            CsvEncoding.OpenText(new MemoryStream(encoding.GetPreamble().Length == 0 ? encoding.GetBytes(text) : Concat(encoding.GetPreamble(), encoding.GetBytes(text))), null);

        private static byte[] Concat(byte[] a, byte[] b)
        {
            var all = new byte[a.Length + b.Length];
            a.CopyTo(all, 0);
            b.CopyTo(all, a.Length);
            return all;
        }

        [Theory]
        [InlineData("utf-16")]
        [InlineData("utf-8")]
        public void AHeaderKnownOnlyAtTabsIsReadAtTabsAndTheLookReadsNothingAway(string encodingName)
        {
            Encoding encoding = encodingName == "utf-16" ? new UnicodeEncoding(false, true) : new UTF8Encoding(false);
            using CsvDecodingReader text = Open("Identifier\tOS\tDisplayName\r\nut01\tios\tTokyo, 3F\r\n", encoding);

            char delimiter = DeviceCsvFile.DelimiterOf(text, ',');

            Assert.Equal('\t', delimiter);
            using var reader = new CsvRecordReader(text, delimiter);
            Assert.True(reader.TryReadRecord(out CsvRecord header));
            Assert.Equal(new[] { "Identifier", "OS", "DisplayName" }, header.Fields);
            Assert.True(reader.TryReadRecord(out CsvRecord row));
            Assert.Equal(new[] { "ut01", "ios", "Tokyo, 3F" }, row.Fields);
        }

        [Fact]
        public void ATypeLineAndBlankLinesBeforeTheHeaderAreSkippedAsTheImportSkipsThem()
        {
            using CsvDecodingReader text = Open("#TYPE Selected.System.Management.Automation.PSCustomObject\r\n\t\t\r\nIdentifier\tOS\r\nx1\tios\r\n", new UnicodeEncoding(false, true));

            Assert.Equal('\t', DeviceCsvFile.DelimiterOf(text, ','));
        }

        [Theory]
        [InlineData("Identifier,OS,Display\tName\r\nx1,ios,a\r\n")] // known names at ',': its own errors, not another delimiter
        [InlineData("ユーザー名\t識別子\r\nu1\tx1\r\n")] // no known name at tabs either
        [InlineData("Identifier;OS\r\nx1;ios\r\n")] // ';' is told in the error, never guessed
        [InlineData("")]
        public void AnyOtherHeaderKeepsTheDelimiter(string content)
        {
            using CsvDecodingReader text = Open(content, new UnicodeEncoding(false, true));

            Assert.Equal(',', DeviceCsvFile.DelimiterOf(text, ','));
        }

        [Fact]
        public void KnownOnlyAtTabsNeedsAHeaderThatFailsAtTheDelimiter()
        {
            Assert.True(ImportHeader.KnownOnlyAtTabs(new[] { "Identifier\tOS" }, ','));
            Assert.False(ImportHeader.KnownOnlyAtTabs(new[] { "Identifier", "OS\tSerial" }, ','));
            Assert.False(ImportHeader.KnownOnlyAtTabs(new[] { "Identifier", "OS" }, '\t'));
        }
    }
}
