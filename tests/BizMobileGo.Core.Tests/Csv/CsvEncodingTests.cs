using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BizMobileGo.Core.Csv;
using Xunit;

namespace BizMobileGo.Core.Tests.Csv
{
    public class CsvEncodingTests
    {
        private const string Japanese = "UserName,Name\r\nyamada,山田 太郎\r\nsuzuki,鈴木ー～①髙\r\n";

        static CsvEncodingTests()
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        }

        private static byte[] Bytes(Encoding encoding, string text, bool bom)
        {
            byte[] body = encoding.GetBytes(text);
            return bom ? encoding.GetPreamble().Concat(body).ToArray() : body;
        }

        private static List<CsvRecord> ReadAll(byte[] bytes, Encoding? encoding)
        {
            using var reader = new CsvRecordReader(CsvEncoding.OpenText(new MemoryStream(bytes), encoding));
            var records = new List<CsvRecord>();
            while (reader.TryReadRecord(out CsvRecord record))
            {
                records.Add(record);
            }

            return records;
        }

        private static void AssertJapaneseRecords(List<CsvRecord> records)
        {
            Assert.Equal(3, records.Count);
            Assert.Equal("UserName", records[0].Fields[0]);
            Assert.Equal("山田 太郎", records[1].Fields[1]);
            Assert.Equal("鈴木ー～①髙", records[2].Fields[1]);
        }

        public static IEnumerable<object[]> BomEncodings()
        {
            yield return new object[] { new UTF8Encoding(true), 65001, "UTF-8 with BOM" };
            yield return new object[] { new UnicodeEncoding(false, true), 1200, "UTF-16LE" };
            yield return new object[] { new UnicodeEncoding(true, true), 1201, "UTF-16BE" };
            yield return new object[] { new UTF32Encoding(false, true), 12000, "UTF-32LE" };
        }

        [Theory]
        [MemberData(nameof(BomEncodings))]
        public void DetectsByteOrderMarksAndTheBomNeverSticks(Encoding writeAs, int codePage, string description)
        {
            byte[] bytes = Bytes(writeAs, Japanese, bom: true);

            Encoding detected = CsvEncoding.Detect(new MemoryStream(bytes));

            Assert.Equal(codePage, detected.CodePage);
            Assert.Equal(description, CsvEncoding.Describe(detected));
            AssertJapaneseRecords(ReadAll(bytes, null));
        }

        [Fact]
        public void DetectsUtf8WithoutBom()
        {
            byte[] bytes = Bytes(new UTF8Encoding(false), Japanese, bom: false);

            Encoding detected = CsvEncoding.Detect(new MemoryStream(bytes));

            Assert.Equal(65001, detected.CodePage);
            Assert.Equal("UTF-8", CsvEncoding.Describe(detected));
            Assert.IsType<DecoderExceptionFallback>(detected.DecoderFallback);
            AssertJapaneseRecords(ReadAll(bytes, null));
        }

        [Fact]
        public void DetectsShiftJisWhenNotUtf8()
        {
            byte[] bytes = Bytes(Encoding.GetEncoding(932), Japanese, bom: false);

            Encoding detected = CsvEncoding.Detect(new MemoryStream(bytes));

            Assert.Equal(932, detected.CodePage);
            Assert.Equal("Shift_JIS (CP932)", CsvEncoding.Describe(detected));
            AssertJapaneseRecords(ReadAll(bytes, null));
        }

        [Fact]
        public void DetectionScansPastTheFirstChunkAndRestoresThePosition()
        {
            // Only the very end is not UTF-8: a detector that looked at the beginning alone would pick UTF-8.
            byte[] ascii = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abc,def\r\n", 50_000)));
            byte[] bytes = ascii.Concat(Encoding.GetEncoding(932).GetBytes("山田\r\n")).ToArray();
            var stream = new MemoryStream(bytes) { Position = 3 };

            Encoding detected = CsvEncoding.Detect(stream);

            Assert.Equal(932, detected.CodePage);
            Assert.Equal(3, stream.Position);
        }

        [Fact]
        public void Utf8BomIsSkippedWhenUtf8IsRequested()
        {
            byte[] bytes = Bytes(new UTF8Encoding(true), Japanese, bom: true);

            AssertJapaneseRecords(ReadAll(bytes, CsvEncoding.Resolve("utf8")));
            AssertJapaneseRecords(ReadAll(bytes, CsvEncoding.Resolve("utf8NoBOM")));
        }

        [Fact]
        public void ExplicitEncodingOverridesDetection()
        {
            byte[] bytes = Encoding.GetEncoding(1252).GetBytes("Name\r\ncafé\r\n");

            List<CsvRecord> records = ReadAll(bytes, CsvEncoding.Resolve("1252"));

            Assert.Equal("café", records[1].Fields[0]);
        }

        [Fact]
        public void InvalidUtf8GivesInvalidEncodingWithTheExactLine()
        {
            var bytes = new List<byte>(Encoding.UTF8.GetBytes("h1,h2\r\nok,1\r\n\"multi\r\nline\",2\r\nbad,"));
            bytes.AddRange(new byte[] { 0x63, 0x61, 0x66, 0xE9, 0x20 });
            bytes.AddRange(Encoding.UTF8.GetBytes("\r\nlater,3\r\n"));

            using var reader = new CsvRecordReader(CsvEncoding.OpenText(new MemoryStream(bytes.ToArray()), CsvEncoding.Resolve("utf8")));
            var lines = new List<int>();
            CsvFormatException ex = Assert.Throws<CsvFormatException>(() =>
            {
                while (reader.TryReadRecord(out CsvRecord record))
                {
                    lines.Add(record.LineNumber);
                }
            });

            Assert.Equal(new[] { 1, 2, 3 }, lines);
            Assert.Equal("InvalidEncoding", ex.ErrorId);
            Assert.Equal(5, ex.LineNumber);
            Assert.StartsWith("line 5 is not valid UTF-8:", ex.Message);
            Assert.IsType<DecoderFallbackException>(ex.InnerException);
        }

        [Fact]
        public void InvalidBytesFarIntoALargeFileAreReportedOnTheirLine()
        {
            var bytes = new List<byte>(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abc,def\n", 30_000))));
            bytes.AddRange(new byte[] { 0x61, 0xFF, 0x0A });

            using var reader = new CsvRecordReader(CsvEncoding.OpenText(new MemoryStream(bytes.ToArray()), new UTF8Encoding(false, true)));
            CsvFormatException ex = Assert.Throws<CsvFormatException>(() =>
            {
                while (reader.TryReadRecord(out _))
                {
                }
            });

            Assert.Equal("InvalidEncoding", ex.ErrorId);
            Assert.Equal(30_001, ex.LineNumber);
        }

        [Fact]
        public void InvalidUtf16FarIntoALargeFileIsReportedOnItsLine()
        {
            var bytes = new List<byte> { 0xFF, 0xFE };
            bytes.AddRange(Encoding.Unicode.GetBytes(string.Concat(Enumerable.Repeat("\u0A0Abc,\u0D0Aef\r\n", 20_000))));
            bytes.AddRange(new byte[] { 0x61, 0x00, 0x00, 0xDC, 0x0A, 0x00 });

            using var reader = new CsvRecordReader(CsvEncoding.OpenText(new MemoryStream(bytes.ToArray()), null));
            int count = 0;
            CsvFormatException ex = Assert.Throws<CsvFormatException>(() =>
            {
                while (reader.TryReadRecord(out _))
                {
                    count++;
                }
            });

            Assert.Equal(20_000, count);
            Assert.Equal("InvalidEncoding", ex.ErrorId);
            Assert.Equal(20_001, ex.LineNumber);
            Assert.Contains("not valid UTF-16LE", ex.Message);
        }

        [Fact]
        public void InvalidBytesThroughAPlainStreamReaderAreInvalidEncoding()
        {
            byte[] bytes = { 0x61, 0x0A, 0x62, 0xC3, 0x28, 0x0A };
            using var reader = new CsvRecordReader(new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false, true)));

            CsvFormatException ex = Assert.Throws<CsvFormatException>(() => reader.TryReadRecord(out _));

            Assert.Equal("InvalidEncoding", ex.ErrorId);
            Assert.Contains("not valid UTF-8", ex.Message);
        }

        [Fact]
        public void TruncatedSequenceAtEndOfFileIsInvalidEncoding()
        {
            byte[] bytes = Encoding.UTF8.GetBytes("a\nb").Concat(new byte[] { 0xE5, 0xB1 }).ToArray();

            CsvFormatException ex = Assert.Throws<CsvFormatException>(() => ReadAll(bytes, CsvEncoding.Resolve("utf-8")));

            Assert.Equal("InvalidEncoding", ex.ErrorId);
            Assert.Equal(2, ex.LineNumber);
        }

        [Theory]
        [InlineData("utf8", 65001, "UTF-8")]
        [InlineData("UTF8", 65001, "UTF-8")]
        [InlineData("utf8NoBOM", 65001, "UTF-8")]
        [InlineData("utf8BOM", 65001, "UTF-8 with BOM")]
        [InlineData("unicode", 1200, "UTF-16LE")]
        [InlineData("BigEndianUnicode", 1201, "UTF-16BE")]
        [InlineData("utf32", 12000, "UTF-32LE")]
        [InlineData("bigendianutf32", 12001, "UTF-32BE")]
        [InlineData("ascii", 20127, "US-ASCII")]
        [InlineData("latin1", 28591, "Latin-1 (ISO-8859-1)")]
        [InlineData("932", 932, "Shift_JIS (CP932)")]
        [InlineData("65001", 65001, "UTF-8")]
        [InlineData("1252", 1252, "windows-1252 (code page 1252)")]
        [InlineData("shift_jis", 932, "Shift_JIS (CP932)")]
        [InlineData("Shift_JIS", 932, "Shift_JIS (CP932)")]
        [InlineData("cp932", 932, "Shift_JIS (CP932)")]
        [InlineData("windows-31j", 932, "Shift_JIS (CP932)")]
        [InlineData("utf-8", 65001, "UTF-8")]
        [InlineData("utf-16", 1200, "UTF-16LE")]
        [InlineData("euc-jp", 51932, "EUC-JP")]
        public void ResolvesEachKindOfName(string name, int codePage, string description)
        {
            Encoding encoding = CsvEncoding.Resolve(name);

            Assert.Equal(codePage, encoding.CodePage);
            Assert.Equal(description, CsvEncoding.Describe(encoding));
        }

        [Fact]
        public void ResolvedEncodingsThrowOnInvalidBytes()
        {
            Assert.Throws<DecoderFallbackException>(() => CsvEncoding.Resolve("utf8").GetString(new byte[] { 0xC3, 0x28 }));
            Assert.Throws<DecoderFallbackException>(() => CsvEncoding.Resolve("932").GetString(new byte[] { 0x81, 0x20 }));
        }

        [Fact]
        public void AnsiAndOemResolveToCodePages()
        {
            Assert.True(CsvEncoding.Resolve("ansi").CodePage > 0);
            Assert.True(CsvEncoding.Resolve("oem").CodePage > 0);
        }

        [Theory]
        [InlineData("klingon")]
        [InlineData("99999")]
        [InlineData("")]
        public void UnknownNameListsTheAcceptedNames(string name)
        {
            ArgumentException ex = Assert.Throws<ArgumentException>(() => CsvEncoding.Resolve(name));

            Assert.Contains("'" + name + "' is not a known encoding", ex.Message);
            Assert.Contains("utf8BOM", ex.Message);
            Assert.Contains("shift_jis", ex.Message);
        }
    }
}
