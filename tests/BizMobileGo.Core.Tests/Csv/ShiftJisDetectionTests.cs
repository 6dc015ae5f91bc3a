using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;
using Xunit;

namespace BizMobileGo.Core.Tests.Csv
{
    /// <summary>
    /// Shift_JIS (CP932) files that are not UTF-8 are read as Shift_JIS, whatever names they hold; valid UTF-8 stays UTF-8;
    /// code page 932 decodes what Windows decodes (walkthrough 11, findings 1 and 3).
    /// </summary>
    public class ShiftJisDetectionTests
    {
        static ShiftJisDetectionTests()
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        }

        private static Encoding Cp932 => Encoding.GetEncoding(932);

        private static byte[] Utf8(string text) => new UTF8Encoding(false).GetBytes(text);

        private static (List<CsvRecord> Records, string EncodingName) ReadAll(byte[] bytes, Encoding? encoding = null)
        {
            using CsvDecodingReader text = CsvEncoding.OpenText(new MemoryStream(bytes), encoding);
            using var reader = new CsvRecordReader(text);
            var records = new List<CsvRecord>();
            while (reader.TryReadRecord(out CsvRecord record))
            {
                records.Add(record);
            }

            return (records, text.EncodingName);
        }

        private static CsvFormatException ReadFails(byte[] bytes, Encoding? encoding = null) =>
            Assert.Throws<CsvFormatException>(() => ReadAll(bytes, encoding));

        public static IEnumerable<object[]> ShiftJisFiles()
        {
            const string header = "UserName,Name,Identifier,OS\r\n";
            // 伊藤 is 88 [C9 93] A1 and 後藤 8C [E3 93 A1]: pairs that happen to be valid UTF-8 between bytes that are not.
            yield return new object[] { "伊藤, header and one row", header + "u1,伊藤,dev-1,ios\r\n" };
            yield return new object[] { "後藤", header + "u1,後藤,dev-1,ios\r\n" };
            yield return new object[] { "the furigana ｻﾄｳ alone", header + "u1,ｻﾄｳ,dev-1,ios\r\n" };
            yield return new object[] { "a short file, no header", "伊藤\r\n" };
            yield return new object[] { "without a final line break", header + "u1,伊藤 ｲﾄｳ,dev-1,ios" };
            yield return new object[] { "mixed rows", header + "u1,Kato,dev-1,ios\r\nu2,伊藤,dev-2,ios\r\nu3,佐藤 ｻﾄｳ,dev-3,android\r\nu4,ﾔﾏﾀﾞ ﾀﾛｳ,dev-4,ios\r\n" };
            yield return new object[] { "the first non-ASCII byte 200 KB in", header + string.Concat(Enumerable.Repeat("u0,Kato,dev-0,ios\r\n", 11_000)) + "u1,伊藤,dev-1,ios\r\n" };
        }

        [Theory]
        [MemberData(nameof(ShiftJisFiles))]
        public void AShiftJisFileThatIsNotUtf8IsReadAsShiftJis(string why, string text)
        {
            byte[] bytes = Cp932.GetBytes(text);
            Assert.ThrowsAny<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(bytes)); // not UTF-8, as the test means

            (List<CsvRecord> records, string encodingName) = ReadAll(bytes);

            Assert.True(encodingName == "Shift_JIS (CP932)", why);
            string expected = string.Join("\n", text.Split("\r\n").Where(line => line.Length > 0));
            Assert.Equal(expected, string.Join("\n", records.Select(record => string.Join(",", record.Fields))));
            Assert.Equal(932, CsvEncoding.Detect(new MemoryStream(bytes)).CodePage);
        }

        [Theory]
        [InlineData("Name\r\n山本\r\n伊藤\r\n")]
        [InlineData("Name\r\nRenée\r\nŁukasz\r\n")]
        [InlineData("Name\r\nĳ\r\n")] // the UTF-8 of ｻﾄｳ's last two bytes: valid UTF-8 stays UTF-8
        public void ValidUtf8StaysUtf8(string text)
        {
            (List<CsvRecord> records, string encodingName) = ReadAll(Utf8(text));

            Assert.Equal("UTF-8", encodingName);
            Assert.Equal(text.Split("\r\n")[1], records[1].Fields[0]);
        }

        [Fact]
        public void AUtf8FileWithACp1252RowThatReadsAsShiftJisStaysUtf8AndFails()
        {
            // "Ren\xE9e" reads as Shift_JIS (E9 65 is a kanji), and so does "caf\xC3\xA9" (ﾃｩ): reading this file as
            // Shift_JIS would import both garbled. Its UTF-8 text outweighs the one bad byte.
            byte[] bytes = Utf8("Name\r\ncafé\r\nRen").Concat(new byte[] { 0xE9 }).Concat(Utf8("e\r\n")).ToArray();
            Assert.Equal(0, Cp932.GetString(bytes).Count(c => c == '\u30FB')); // it does read as Shift_JIS

            CsvFormatException ex = ReadFails(bytes);

            Assert.Equal(3, ex.LineNumber);
            Assert.Contains("line 3 is not valid UTF-8: the byte 0xE9 (byte 4 of the line, file offset 16)", ex.Message);
            Assert.Contains("Most of the file's non-ASCII text is UTF-8", ex.Message);
        }

        [Fact]
        public void AUtf8FileWithACutOffCharacterStaysUtf8()
        {
            byte[] cut = Utf8("山本").Take(5).ToArray();
            byte[] bytes = Utf8("Name,Note\r\n").Concat(cut).Concat(Utf8(",x\r\n田中,y\r\n")).ToArray();

            CsvFormatException ex = ReadFails(bytes);

            Assert.Equal(2, ex.LineNumber);
            Assert.Contains("not valid UTF-8", ex.Message);
        }

        private static byte[] MostlyAsciiDeviceList(byte[] lastDescription)
        {
            var text = new StringBuilder("Identifier,DisplayName,Description\r\n");
            for (int i = 0; i < 20; i++)
            {
                text.Append($"dev{i},user{i},ok\r\n");
            }

            return Utf8(text + "dev99,x,").Concat(lastDescription).Concat(Utf8("\r\n")).ToArray();
        }

        [Fact]
        public void AUtf8FileWhoseOnlyJapaneseCellIsCutOffStaysUtf8AndFails()
        {
            // A byte-limited export cut 営 after two of its three bytes: the file's only non-ASCII run has a bad byte,
            // yet it is UTF-8 Japanese, not Shift_JIS (as Shift_JIS it would import as 譚ｱ莠ｬ… without a word).
            byte[] bytes = MostlyAsciiDeviceList(Utf8("東京本社").Concat(Utf8("営").Take(2)).ToArray());

            CsvFormatException ex = ReadFails(bytes);

            Assert.Equal(ErrorIds.InvalidEncoding, ex.ErrorId);
            Assert.Equal(22, ex.LineNumber);
            Assert.Contains("line 22 is not valid UTF-8", ex.Message);
        }

        [Fact]
        public void AUtf8FileWithOneCorruptedContinuationByteStaysUtf8AndFails()
        {
            byte[] cell = Utf8("東京本社");
            cell[1] = 0xC0; // 東 is E6 9D B1: its first continuation byte is spoiled, and E6 C0 B1 reads as Shift_JIS

            CsvFormatException ex = ReadFails(MostlyAsciiDeviceList(cell));

            Assert.Equal(ErrorIds.InvalidEncoding, ex.ErrorId);
            Assert.Equal(22, ex.LineNumber);
            Assert.Contains("line 22 is not valid UTF-8: the byte 0xE6", ex.Message);
        }

        [Fact]
        public void BytesThatAreNeitherDoNotClaimTheFileIsUtf8()
        {
            byte[] bytes = Utf8("Name\r\nx").Concat(new byte[] { 0xFF, 0xFE, 0xFD, 0x80, 0xA0 }).Concat(Utf8("\r\n")).ToArray();

            CsvFormatException ex = ReadFails(bytes);

            Assert.Equal(ErrorIds.InvalidEncoding, ex.ErrorId);
            Assert.Equal(2, ex.LineNumber);
            Assert.DoesNotContain("Most of", ex.Message);
            Assert.Contains("reads neither as UTF-8 nor as Shift_JIS (CP932)", ex.Message);
        }

        [Fact]
        public void ALineThatReadsAsShiftJisInAFileThatIsNeitherSuggestsEncoding932()
        {
            byte[] bytes = Utf8("Name\r\n").Concat(Cp932.GetBytes("伊藤\r\n"))
                .Concat(new byte[] { 0xFF, 0xFE, 0xFD, 0x80, 0xA0, 0xFF, 0xFE, 0xFD, 0x0D, 0x0A }).ToArray();

            CsvFormatException ex = ReadFails(bytes);

            Assert.Equal(2, ex.LineNumber);
            Assert.Contains("this line reads as Shift_JIS: if the file is Shift_JIS, import it with -Encoding 932", ex.Message);
        }

        [Fact]
        public void AShiftJisFileReadWithEncodingUtf8IsToldToUse932()
        {
            byte[] bytes = Cp932.GetBytes("Name\r\nKato\r\n伊藤\r\n");

            CsvFormatException ex = ReadFails(bytes, CsvEncoding.Resolve("utf8"));

            Assert.Equal(3, ex.LineNumber);
            Assert.Contains("the byte 0x88 (byte 1 of the line, file offset 12)", ex.Message);
            Assert.Contains("The line reads as Shift_JIS (CP932): if the file is Shift_JIS, import it with -Encoding 932", ex.Message);
        }

        [Fact]
        public void AUtf8FileWithAShiftJisRowSaysTheFileMixesEncodings()
        {
            byte[] bytes = Utf8("Name\r\n山本\r\n田中\r\n").Concat(Cp932.GetBytes("伊藤\r\n")).ToArray();

            CsvFormatException ex = ReadFails(bytes);

            Assert.Equal(4, ex.LineNumber);
            Assert.Contains("this line reads as Shift_JIS (CP932): the file mixes two encodings", ex.Message);
        }

        [Fact]
        public void ATinyFilesMixedEncodingIsToldAsAGuessNotAsTheRestOfTheFile()
        {
            // Walkthrough 26, finding 7: a Shift_JIS line 2 and a UTF-8 line 3 were told "The rest of the file is UTF-8".
            byte[] bytes = Utf8("Name\r\n").Concat(Cp932.GetBytes("伊藤\r\n")).Concat(Utf8("山本\r\n")).ToArray();

            CsvFormatException ex = ReadFails(bytes);

            Assert.Equal(2, ex.LineNumber);
            Assert.DoesNotContain("The rest of the file", ex.Message);
            Assert.Contains("Its other non-ASCII text reads as UTF-8, so it was read as UTF-8, but this line reads as Shift_JIS (CP932)", ex.Message);
            Assert.Contains("if it is meant to be Shift_JIS, import it with -Encoding 932", ex.Message);
        }

        [Theory]
        [InlineData(new byte[] { 0xEE, 0xE0 }, "髙")] // NEC-selected IBM extension (Windows writes FB FC)
        [InlineData(new byte[] { 0xED, 0x95 }, "﨑")] // (Windows writes FA B1)
        [InlineData(new byte[] { 0xED, 0x40 }, "纊")]
        [InlineData(new byte[] { 0xEE, 0xEF }, "ⅰ")]
        [InlineData(new byte[] { 0xEE, 0xFC }, "＂")]
        [InlineData(new byte[] { 0xFA, 0x4A }, "Ⅰ")] // IBM extension copy of NEC row 13
        [InlineData(new byte[] { 0x87, 0x90 }, "≒")] // NEC row 13 copy of JIS X 0208
        public void CodePage932DecodesWhatWindowsDecodes(byte[] code, string expected)
        {
            byte[] bytes = Cp932.GetBytes("Name\r\n佐藤\r\n").Concat(code).Concat(Cp932.GetBytes("橋\r\n")).ToArray();

            foreach (Encoding? encoding in new[] { CsvEncoding.Resolve("932"), CsvEncoding.Resolve("shift_jis"), null })
            {
                (List<CsvRecord> records, string encodingName) = ReadAll(bytes, encoding);

                Assert.Equal("Shift_JIS (CP932)", encodingName);
                Assert.Equal(expected + "橋", records[2].Fields[0]);
            }
        }

        [Fact]
        public void EveryDoubleByteCodeDecodesAsWindowsDecodesIt()
        {
            // .NET's best-fit decoder (the default of Encoding.GetEncoding(932)) is Windows' table: it decodes every code
            // Windows decodes, and turns the others into Windows' default character U+30FB (which 81 45 really is).
            Encoding windows = Encoding.GetEncoding(932);
            Encoding module = CsvEncoding.Resolve("932");
            int decoded = 0;
            foreach (int lead in Enumerable.Range(0x81, 0x1F).Concat(Enumerable.Range(0xE0, 0x1D)))
            {
                for (int trail = 0x40; trail <= 0xFC; trail++)
                {
                    byte[] code = { (byte)lead, (byte)trail };
                    string expected = windows.GetString(code);
                    if (expected == "\u30FB" && !(lead == 0x81 && trail == 0x45))
                    {
                        Assert.Throws<DecoderFallbackException>(() => module.GetString(code));
                        continue;
                    }

                    Assert.Equal(expected, module.GetString(code));
                    decoded++;
                }
            }

            Assert.Equal(9_604, decoded);
        }

        [Fact]
        public void ABadByteUnderEncoding932IsNotToldToName932()
        {
            byte[] bytes = Cp932.GetBytes("Name\r\n佐藤\r\n").Concat(new byte[] { 0x88, 0x20 }).Concat(Cp932.GetBytes("\r\n")).ToArray();

            CsvFormatException ex = ReadFails(bytes, CsvEncoding.Resolve("932"));

            Assert.Equal(3, ex.LineNumber);
            Assert.Contains("line 3 is not valid Shift_JIS (CP932)", ex.Message);
            Assert.DoesNotContain("for example 932", ex.Message);
            Assert.Contains("-Encoding says Shift_JIS (CP932)", ex.Message);
        }
    }
}
