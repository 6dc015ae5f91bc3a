using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BizMobileGo.Core.Csv;
using Xunit;

namespace BizMobileGo.Core.Tests.Csv
{
    public class CsvRecordReaderTests
    {
        internal static List<CsvRecord> ReadAll(string text, char delimiter = ',')
        {
            using var reader = new CsvRecordReader(new StringReader(text), delimiter);
            var records = new List<CsvRecord>();
            while (reader.TryReadRecord(out CsvRecord record))
            {
                records.Add(record);
            }

            return records;
        }

        private static CsvFormatException ReadError(string text)
        {
            return Assert.Throws<CsvFormatException>(() => ReadAll(text));
        }

        [Theory]
        [InlineData("a,b\r\nc,d\r\n")]
        [InlineData("a,b\nc,d\n")]
        [InlineData("a,b\rc,d\r")]
        [InlineData("a,b\r\nc,d")]
        public void LineEndingsAllEndRecords(string text)
        {
            List<CsvRecord> records = ReadAll(text);

            Assert.Equal(2, records.Count);
            Assert.Equal(new[] { "a", "b" }, records[0].Fields);
            Assert.Equal(new[] { "c", "d" }, records[1].Fields);
            Assert.Equal(1, records[0].LineNumber);
            Assert.Equal(2, records[1].LineNumber);
        }

        [Theory]
        [InlineData("\r\n")]
        [InlineData("\n")]
        [InlineData("\r")]
        public void MultiLineQuotedFieldsAdvanceThePhysicalLine(string lineBreak)
        {
            string text = "h1,h2" + lineBreak
                + "\"one" + lineBreak + "two" + lineBreak + "three\",x" + lineBreak
                + "after,y" + lineBreak;

            List<CsvRecord> records = ReadAll(text);

            Assert.Equal(3, records.Count);
            Assert.Equal(2, records[1].LineNumber);
            Assert.Equal("one" + lineBreak + "two" + lineBreak + "three", records[1].Fields[0]);
            Assert.Equal(5, records[2].LineNumber);
            Assert.Equal(new[] { "after", "y" }, records[2].Fields);
        }

        [Fact]
        public void QuotedDelimitersAndDoubledQuotesAreData()
        {
            CsvRecord record = Assert.Single(ReadAll("\"a,b\",\"say \"\"hi\"\"\",\"\"\"\"\n"));

            Assert.Equal(new[] { "a,b", "say \"hi\"", "\"" }, record.Fields);
        }

        [Fact]
        public void EmptyFieldsAndTrailingDelimiterGiveEmptyStrings()
        {
            List<CsvRecord> records = ReadAll("a,,c,\n,\n\"\",x");

            Assert.Equal(new[] { "a", "", "c", "" }, records[0].Fields);
            Assert.Equal(new[] { "", "" }, records[1].Fields);
            Assert.Equal(new[] { "", "x" }, records[2].Fields);
        }

        [Fact]
        public void TrailingDelimiterAtEndOfInputGivesTrailingEmptyField()
        {
            Assert.Equal(new[] { "a", "" }, Assert.Single(ReadAll("a,")).Fields);
        }

        [Fact]
        public void EmptyLinesAreSkippedButCounted()
        {
            List<CsvRecord> records = ReadAll("h\r\n\r\n\r\nx\n\ny\r\rz\n\n");

            Assert.Equal(new[] { "h", "x", "y", "z" }, records.Select(r => r.Fields[0]));
            Assert.Equal(new[] { 1, 4, 6, 8 }, records.Select(r => r.LineNumber));
        }

        [Fact]
        public void EmptyInputHasNoRecords()
        {
            Assert.Empty(ReadAll(string.Empty));
            Assert.Empty(ReadAll("\r\n\n"));
        }

        [Fact]
        public void FieldsAreNotTrimmedAndMidFieldQuotesAreLiteral()
        {
            CsvRecord record = Assert.Single(ReadAll(" a , b\"c\" ,d\"\n"));

            Assert.Equal(new[] { " a ", " b\"c\" ", "d\"" }, record.Fields);
        }

        [Fact]
        public void OtherDelimiters()
        {
            CsvRecord record = Assert.Single(ReadAll("a;\"b;c\";d,e\n", ';'));

            Assert.Equal(new[] { "a", "b;c", "d,e" }, record.Fields);
        }

        [Fact]
        public void QuotedFieldCanCloseAtEndOfInput()
        {
            Assert.Equal(new[] { "a", "b\nc" }, Assert.Single(ReadAll("a,\"b\nc\"")).Fields);
        }

        [Fact]
        public void TextAfterClosingQuoteIsAnErrorOnItsLine()
        {
            CsvFormatException ex = ReadError("h\nok\n\"multi\nline\"x,y\n");

            Assert.Equal("MalformedCsv", ex.ErrorId);
            Assert.Equal(4, ex.LineNumber);
            Assert.Contains("line 4", ex.Message);
            Assert.Contains("unexpected character 'x' after a closing quote", ex.Message);
        }

        [Fact]
        public void UnclosedQuoteNamesTheLineWhereItStarted()
        {
            CsvFormatException ex = ReadError("h\nok\n\"never\nclosed\nat all\n");

            Assert.Equal("MalformedCsv", ex.ErrorId);
            Assert.Equal(3, ex.LineNumber);
            Assert.StartsWith("Line 3: Malformed CSV: a quoted field starts on this line and is never closed", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("h\nx\n\0\n", 3)]
        [InlineData("h\nab\0c\n", 2)]
        [InlineData("h\n\"a\nb\0\"\n", 3)]
        [InlineData("h\n\"a\"\0\n", 2)]
        public void NulCharacterIsAnError(string text, int line)
        {
            CsvFormatException ex = ReadError(text);

            Assert.Equal("MalformedCsv", ex.ErrorId);
            Assert.Equal(line, ex.LineNumber);
            Assert.Contains("line " + line + " contains a NUL character", ex.Message);
        }

        [Fact]
        public void RecordsBeforeAnErrorAreReturnedAndTheErrorRepeats()
        {
            using var reader = new CsvRecordReader(new StringReader("a\n\"b\"c\nd\n"));

            Assert.True(reader.TryReadRecord(out CsvRecord first));
            Assert.Equal("a", first.Fields[0]);
            Assert.Throws<CsvFormatException>(() => reader.TryReadRecord(out _));
            Assert.Throws<CsvFormatException>(() => reader.TryReadRecord(out _));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(7)]
        public void TinyReadsAcrossEveryBoundaryGiveTheSameResult(int chunk)
        {
            string text = "h1,h2\r\n\"a\"\"b\",\"c\r\nd\"\r\n\r\n\"\",x\r\"q\"\ne,\"f,\"";
            List<CsvRecord> expected = ReadAll(text);

            using var reader = new CsvRecordReader(new ChunkedReader(text, chunk));
            var actual = new List<CsvRecord>();
            while (reader.TryReadRecord(out CsvRecord record))
            {
                actual.Add(record);
            }

            Assert.Equal(5, expected.Count);
            Assert.Equal(new[] { "a\"b", "c\r\nd" }, expected[1].Fields);
            Assert.Equal(new[] { 1, 2, 5, 6, 7 }, expected.Select(r => r.LineNumber));
            Assert.Equal(expected.Select(r => r.LineNumber), actual.Select(r => r.LineNumber));
            Assert.Equal(expected.Select(r => string.Join("|", r.Fields)), actual.Select(r => string.Join("|", r.Fields)));
        }

        [Fact]
        public void FieldsLongerThanTheBufferAreReadWhole()
        {
            string big = new string('x', 200_000);
            string quoted = new string('y', 100_000) + "\"" + new string('z', 100_000);
            List<CsvRecord> records = ReadAll(big + ",\"" + quoted.Replace("\"", "\"\"") + "\"\nnext\n");

            Assert.Equal(big, records[0].Fields[0]);
            Assert.Equal(quoted, records[0].Fields[1]);
            Assert.Equal(2, records[1].LineNumber);
        }

        [Fact]
        public void HundredThousandRowsOfTwentyColumnsAllRead()
        {
            var builder = new StringBuilder();
            for (int row = 0; row < 100_000; row++)
            {
                for (int col = 0; col < 20; col++)
                {
                    if (col > 0)
                    {
                        builder.Append(',');
                    }

                    builder.Append(col == 5 ? "\"quoted, value\"" : "value" + col);
                }

                builder.Append("\r\n");
            }

            // Speed is the benchmark's business (build.ps1 Bench); here only that every record comes back whole.
            string text = builder.ToString();
            int count = 0;
            using (var reader = new CsvRecordReader(new StringReader(text)))
            {
                while (reader.TryReadRecord(out CsvRecord record))
                {
                    Assert.Equal(20, record.Fields.Length);
                    count++;
                }
            }

            Assert.Equal(100_000, count);
        }
    }
}
