using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BizMobileGo.Core.Csv;
using Xunit;

namespace BizMobileGo.Core.Tests.Csv
{
    public class CsvRecordWriterTests
    {
        [Theory]
        [InlineData(null, "")]
        [InlineData("", "")]
        [InlineData("plain", "plain")]
        [InlineData("a,b", "\"a,b\"")]
        [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
        [InlineData("two\r\nlines", "\"two\r\nlines\"")]
        [InlineData("lf\nonly", "\"lf\nonly\"")]
        [InlineData(" leading", "\" leading\"")]
        [InlineData("trailing\t", "\"trailing\t\"")]
        [InlineData("in side", "in side")]
        [InlineData("a;b", "a;b")]
        public void FormatFieldQuotesOnlyWhenNeeded(string? value, string expected)
        {
            Assert.Equal(expected, CsvRecordWriter.FormatField(value, ','));
        }

        [Fact]
        public void FormatFieldHonoursTheDelimiter()
        {
            Assert.Equal("\"a;b\"", CsvRecordWriter.FormatField("a;b", ';'));
            Assert.Equal("a,b", CsvRecordWriter.FormatField("a,b", ';'));
        }

        [Fact]
        public void AFirstFieldStartingWithUFeffIsQuotedAndReadsBackWithIt()
        {
            // Unquoted at the start of the file, the reader would take U+FEFF for the byte order mark and drop it.
            var text = new StringWriter();
            using (var writer = new CsvRecordWriter(text))
            {
                writer.WriteRecord(new[] { "\uFEFFmarked", "b" });
            }

            Assert.Equal("\"\uFEFFmarked\",b\r\n", text.ToString());
            using var reader = new CsvRecordReader(new StringReader(text.ToString()));
            Assert.True(reader.TryReadRecord(out CsvRecord record));
            Assert.Equal(new[] { "\uFEFFmarked", "b" }, record.Fields);
        }

        [Fact]
        public void WritesCrlfAndNullAsEmpty()
        {
            var text = new StringWriter();
            using (var writer = new CsvRecordWriter(text))
            {
                writer.WriteRecord(new[] { "a", null, "c" });
                writer.WriteRecord(new[] { "d" });
            }

            Assert.Equal("a,,c\r\nd\r\n", text.ToString());
        }

        [Theory]
        [InlineData(',')]
        [InlineData(';')]
        [InlineData('\t')]
        public void RoundTripsTrickyValues(char delimiter)
        {
            var rows = new List<string[]>
            {
                new[] { "Identifier", "Name", "Description" },
                new[] { "\"quoted\"", "a,b;c\td", "line1\r\nline2\nline3\rline4" },
                new[] { "  leading", "trailing  ", "山田 太郎" },
                new[] { "", "", "" },
                new[] { "00123", "\"", "\"\"" },
                new[] { "" },
                new[] { "last" },
            };

            var text = new StringWriter();
            using (var writer = new CsvRecordWriter(text, delimiter))
            {
                foreach (string[] row in rows)
                {
                    writer.WriteRecord(row);
                }
            }

            List<CsvRecord> records = CsvRecordReaderTests.ReadAll(text.ToString(), delimiter);

            Assert.Equal(rows.Count, records.Count);
            for (int i = 0; i < rows.Count; i++)
            {
                Assert.Equal(rows[i], records[i].Fields);
            }

            Assert.Equal(new[] { 1, 2, 6, 7, 8, 9, 10 }, records.Select(r => r.LineNumber));
        }

        [Fact]
        public void RoundTripsThroughShiftJisBytes()
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            var stream = new MemoryStream();
            using (var writer = new CsvRecordWriter(new StreamWriter(stream, Encoding.GetEncoding(932))))
            {
                writer.WriteRecord(new[] { "UserName", "Name" });
                writer.WriteRecord(new[] { "sato", "佐藤, \"花子\"" });
            }

            using var reader = new CsvRecordReader(CsvEncoding.OpenText(new MemoryStream(stream.ToArray()), null));
            Assert.True(reader.TryReadRecord(out _));
            Assert.True(reader.TryReadRecord(out CsvRecord record));
            Assert.Equal("佐藤, \"花子\"", record.Fields[1]);
        }
    }
}
