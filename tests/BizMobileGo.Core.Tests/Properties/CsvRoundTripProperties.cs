using System.Collections.Generic;
using System.IO;
using System.Linq;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Tests.Reliability;
using CsCheck;
using Xunit;

namespace BizMobileGo.Core.Tests.Properties
{
    /// <summary>Any table of random strings written by CsvRecordWriter (what Export-BmgDeviceCsv uses) reads back identically with CsvRecordReader.</summary>
    public class CsvRoundTripProperties
    {
        private const int Iterations = 1000;

        // Cells mix CSV's special characters (quote, delimiters, CR, LF, spaces) with any UTF-16 code unit except NUL,
        // which the reader refuses by design (README: a NUL byte stops the import).
        private static readonly Gen<string> Cell = Gen.Frequency(
            (3, Gen.Char["\",;\t\r\n ab\u3042"].Array[0, 12].Select(c => new string(c))),
            (1, Gen.Char['\u0001', '\uFFFF'].Array[0, 12].Select(c => new string(c))));

        private static readonly Gen<string[][]> Table =
            Gen.Int[1, 6].SelectMany(columns => Cell.Array[columns].Array[1, 8]);

        [Theory]
        [InlineData(',')]
        [InlineData(';')]
        [InlineData('\t')]
        public void Any_table_written_reads_back_identically(char delimiter)
        {
            Gen.Select(Table, Gen.Int[0, 1]).Sample(sample =>
            {
                var (table, finalLineBreak) = sample;
                var text = new StringWriter();
                using (var writer = new CsvRecordWriter(text, delimiter))
                {
                    foreach (string[] row in table)
                    {
                        writer.WriteRecord(row);
                    }
                }

                string written = text.ToString();
                if (finalLineBreak == 0)
                {
                    written = written.Substring(0, written.Length - 2); // the last record without its CRLF must read the same
                }

                var read = new List<string[]>();
                using (var reader = new CsvRecordReader(new StringReader(written), delimiter))
                {
                    while (reader.TryReadRecord(out CsvRecord record))
                    {
                        read.Add(record.Fields);
                    }
                }

                Assert.Equal(table.Length, read.Count);
                for (int i = 0; i < table.Length; i++)
                {
                    Assert.Equal(table[i], read[i]);
                }
            }, iter: Iterations, print: t => string.Join(" / ", t.Item1.Select(r => "[" + string.Join("|", r.Select(c => c.Replace("\r", "\\r").Replace("\n", "\\n"))) + "]")));

            ReliabilityFigures.Write("csv-round-trip-" + ((int)delimiter).ToString(System.Globalization.CultureInfo.InvariantCulture), "property", Iterations,
                $"random tables written with delimiter U+{(int)delimiter:X4} read back identically");
        }
    }
}
