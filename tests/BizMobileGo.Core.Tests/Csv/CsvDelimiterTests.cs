using System;
using System.Collections.Generic;
using System.IO;
using BizMobileGo.Core.Csv;
using Xunit;

namespace BizMobileGo.Core.Tests.Csv
{
    public class CsvDelimiterTests
    {
        [Theory]
        [InlineData(',')]
        [InlineData(';')]
        [InlineData('\t')]
        [InlineData('|')]
        public void UsableDelimiterRoundTripsThroughWriterAndReader(char delimiter)
        {
            Assert.True(CsvDelimiter.IsUsable(delimiter));
            var text = new StringWriter();
            using (var writer = new CsvRecordWriter(text, delimiter))
            {
                writer.WriteRecord(new[] { "a", "b" });
            }

            List<CsvRecord> records = CsvRecordReaderTests.ReadAll(text.ToString(), delimiter);
            Assert.Equal(new[] { "a", "b" }, Assert.Single(records).Fields);
        }

        [Theory]
        [InlineData('"')]
        [InlineData('\r')]
        [InlineData('\n')]
        [InlineData('\0')]
        public void ReaderAndWriterRefuseWhatTheRuleRefuses(char delimiter)
        {
            Assert.False(CsvDelimiter.IsUsable(delimiter));
            ArgumentException read = Assert.Throws<ArgumentException>(() => new CsvRecordReader(new StringReader("a"), delimiter));
            ArgumentException write = Assert.Throws<ArgumentException>(() => new CsvRecordWriter(new StringWriter(), delimiter));
            Assert.StartsWith(CsvDelimiter.Rule, read.Message, StringComparison.Ordinal);
            Assert.StartsWith(CsvDelimiter.Rule, write.Message, StringComparison.Ordinal);
        }
    }
}
