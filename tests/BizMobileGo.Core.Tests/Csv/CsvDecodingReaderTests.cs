using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;
using Xunit;

namespace BizMobileGo.Core.Tests.Csv
{
    /// <summary>The one read of a CSV file (issue 12) and the decoder under attack (issue 9.2, 9.4, 9.5, 9.12).</summary>
    public sealed class CsvDecodingReaderTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "bmg-decoding-" + Guid.NewGuid().ToString("N"));

        static CsvDecodingReaderTests()
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        }

        public CsvDecodingReaderTests() => Directory.CreateDirectory(_folder);

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private static byte[] Utf8(string text) => new UTF8Encoding(false).GetBytes(text);

        private static List<CsvRecord> ReadAll(CsvDecodingReader text)
        {
            using var reader = new CsvRecordReader(text);
            var records = new List<CsvRecord>();
            while (reader.TryReadRecord(out CsvRecord record))
            {
                records.Add(record);
            }

            return records;
        }

        [Fact]
        public void Issue12_TheHashIsOfExactlyTheBytesParsedInOneRead()
        {
            byte[] bytes = Encoding.GetEncoding(932).GetBytes("UserName,Name\r\nyamada,山田\r\n");
            var stream = new CountingStream(bytes);
            using var text = CsvEncoding.OpenText(stream, null);

            List<CsvRecord> records = ReadAll(text);

            Assert.Equal("山田", records[1].Fields[1]);
            Assert.Equal(bytes.Length, stream.BytesRead);
            Assert.False(stream.Seeked);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), text.Sha256);
            Assert.Equal("Shift_JIS (CP932)", text.EncodingName);
        }

        [Fact]
        public void Issue12_ShiftJisFarIntoAnAsciiFileIsDetectedWithoutASecondRead()
        {
            string ascii = string.Concat(Enumerable.Repeat("abc,def\r\n", 50_000));
            byte[] bytes = Encoding.ASCII.GetBytes(ascii).Concat(Encoding.GetEncoding(932).GetBytes("山田,太郎\r\n")).ToArray();
            using var text = CsvEncoding.OpenText(new CountingStream(bytes), null);

            List<CsvRecord> records = ReadAll(text);

            Assert.Equal(50_001, records.Count);
            Assert.Equal(new[] { "山田", "太郎" }, records[50_000].Fields);
            Assert.Equal(50_001, records[50_000].LineNumber);
        }

        [Fact]
        public void Issue9_2_AMostlyUtf8FileWithACp1252RowFailsNamingTheLineAndByte()
        {
            byte[] bytes = Utf8("Name\r\n山本\r\n田中\r\ncaf").Concat(new byte[] { 0xE9 }).Concat(Utf8("\r\n佐藤\r\n")).ToArray();
            using var text = CsvEncoding.OpenText(new MemoryStream(bytes), null);

            CsvFormatException ex = Assert.Throws<CsvFormatException>(() => ReadAll(text));

            Assert.Equal(ErrorIds.InvalidEncoding, ex.ErrorId);
            Assert.Equal(4, ex.LineNumber);
            Assert.Contains("not valid UTF-8", ex.Message);
            // Its place in the line it names, and in the file (for a hex editor).
            Assert.Contains("the byte 0xE9 (byte 4 of the line, file offset " + (Utf8("Name\r\n山本\r\n田中\r\ncaf").Length) + ")", ex.Message);
            Assert.Contains("Most of the file's non-ASCII text is UTF-8", ex.Message);
        }

        [Fact]
        public void TheFileOffsetOfABadByteIsPrintedWithoutSeparators()
        {
            // A hex editor's "go to offset" takes 58906, not 58,906.
            string head = "Name\r\n山本\r\n" + string.Concat(Enumerable.Repeat("abcdefgh\r\n", 200));
            byte[] bytes = Utf8(head + "caf").Concat(new byte[] { 0xE9 }).Concat(Utf8("\r\n")).ToArray();
            using var text = CsvEncoding.OpenText(new MemoryStream(bytes), null);

            CsvFormatException ex = Assert.Throws<CsvFormatException>(() => ReadAll(text));

            int offset = Utf8(head + "caf").Length;
            Assert.True(offset >= 1000);
            Assert.Contains("(byte 4 of the line, file offset " + offset + ")", ex.Message);
        }

        [Fact]
        public void Issue9_2_WhenShiftJisFailsTheReallyBadLineIsNamed()
        {
            // Shift_JIS rows, then (after the detection window) a row with a byte Shift_JIS has no character for.
            var sjis = Encoding.GetEncoding(932);
            byte[] good = sjis.GetBytes("Name\r\n" + string.Concat(Enumerable.Repeat("山田太郎\r\n", 20_000)));
            byte[] bytes = good.Concat(Encoding.ASCII.GetBytes("bad")).Concat(new byte[] { 0xFF }).Concat(Encoding.ASCII.GetBytes("\r\nok\r\n")).ToArray();
            using var text = CsvEncoding.OpenText(new MemoryStream(bytes), null);

            CsvFormatException ex = Assert.Throws<CsvFormatException>(() => ReadAll(text));

            Assert.Equal(ErrorIds.InvalidEncoding, ex.ErrorId);
            Assert.Equal(20_002, ex.LineNumber);
            Assert.Contains("Shift_JIS", ex.Message);
            // In hex with its 0x: a bare "FF" (or "97") beside a decimal byte offset reads as a number.
            Assert.Contains("the byte 0xFF ", ex.Message);
        }

        [Fact]
        public void ABadByteIsShownInHexWithItsPrefix()
        {
            // 0x97 alone: a Shift_JIS lead byte (a CP932 file read as UTF-8), shown as "97" it read as the decimal 97, 'a'.
            byte[] bytes = Utf8("Name\r\nok\r\nA").Concat(new byte[] { 0x97 }).Concat(Utf8("B\r\n")).ToArray();
            using var text = CsvEncoding.OpenText(new MemoryStream(bytes), CsvEncoding.Resolve("utf8"));

            CsvFormatException ex = Assert.Throws<CsvFormatException>(() => ReadAll(text));

            Assert.Contains("the byte 0x97 (byte 2 of the line, file offset 11) ", ex.Message);
        }

        [Theory]
        [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // U+D800 encoded in UTF-8
        [InlineData(new byte[] { 0xED, 0xBF, 0xBF })] // U+DFFF
        public void Issue9_5_InvalidSequencesAreNeverReplacedByFffd(byte[] bad)
        {
            byte[] bytes = Utf8("Name\r\nok\r\nA").Concat(bad).Concat(Utf8("B\r\n")).ToArray();
            foreach (Encoding? encoding in new[] { null, CsvEncoding.Resolve("utf8") })
            {
                using var text = CsvEncoding.OpenText(new MemoryStream(bytes), encoding);

                CsvFormatException ex = Assert.Throws<CsvFormatException>(() => ReadAll(text));

                Assert.Equal(ErrorIds.InvalidEncoding, ex.ErrorId);
                Assert.Equal(3, ex.LineNumber);
            }
        }

        [Fact]
        public void Issue9_5_AnOverlongFormIsInvalidUtf8()
        {
            byte[] bytes = Utf8("Name\r\nok\r\nA").Concat(new byte[] { 0xC0, 0xAF }).Concat(Utf8("B\r\n")).ToArray();
            using var text = CsvEncoding.OpenText(new MemoryStream(bytes), CsvEncoding.Resolve("utf8"));

            CsvFormatException ex = Assert.Throws<CsvFormatException>(() => ReadAll(text));

            Assert.Equal(3, ex.LineNumber);
            Assert.Contains("the byte 0xC0 (byte 2 of the line, file offset 11)", ex.Message);
        }

        [Fact]
        public void Issue9_4_AFileThatGrowsWhileReadIsRefused()
        {
            string path = Path.Combine(_folder, "growing.csv");
            File.WriteAllText(path, "Identifier,OS\r\n" + string.Concat(Enumerable.Range(0, 20_000).Select(i => $"d{i},ios\r\n")));
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var text = CsvEncoding.OpenText(stream, null);
            using var reader = new CsvRecordReader(text);
            Assert.True(reader.TryReadRecord(out _));
            using (var writer = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
            {
                writer.Write(Encoding.ASCII.GetBytes("late,ios\r\n"));
            }

            BmgException ex = Assert.Throws<BmgException>(() =>
            {
                while (reader.TryReadRecord(out _))
                {
                }
            });

            Assert.Equal(ErrorIds.FileChangedWhileRead, ex.ErrorId);
            Assert.Contains("still being written", ex.Message);
        }

        [Fact]
        public void Issue9_4_AnUnchangedFileIsReadToTheEnd()
        {
            string path = Path.Combine(_folder, "still.csv");
            File.WriteAllText(path, "Identifier,OS\r\nd1,ios\r\n");
            using var text = CsvEncoding.OpenText(new FileStream(path, FileMode.Open, FileAccess.Read), null);

            Assert.Equal(2, ReadAll(text).Count);
            Assert.True(text.EndReached);
        }

        [Fact]
        public void Issue9_12_ANonSeekableStreamIsReadOnce()
        {
            byte[] bytes = Utf8("Identifier,OS\r\nd1,ios\r\n");
            using var text = CsvEncoding.OpenText(new CountingStream(bytes, seekable: false), null);

            Assert.Equal(2, ReadAll(text).Count);
            Assert.NotNull(text.Sha256);
        }

        [Fact]
        public void Issue9_12_AnEndlessStreamIsCancellable()
        {
            using var cancellation = new CancellationTokenSource();
            var endless = new EndlessStream((byte)'a', afterBytes: 200_000, onPass: cancellation.Cancel);
            using var text = CsvEncoding.OpenText(endless, null, cancellation.Token);

            Assert.ThrowsAny<OperationCanceledException>(() => ReadAll(text));
        }

        [Fact]
        public void Issue9_12_ALineOverOneMegabyteIsMalformedCsvNamingTheLine()
        {
            var endless = new EndlessStream((byte)'x', afterBytes: long.MaxValue, onPass: null, prefix: Utf8("Identifier\r\nok\r\n"));
            using var text = CsvEncoding.OpenText(endless, null);

            CsvFormatException ex = Assert.Throws<CsvFormatException>(() => ReadAll(text));

            Assert.Equal(ErrorIds.MalformedCsv, ex.ErrorId);
            Assert.Equal(3, ex.LineNumber);
            Assert.Contains("line 3 is longer than", ex.Message);
            Assert.True(endless.Position < 4 * CsvDecodingReader.MaxLineLength, "the read stops soon after the limit");
        }

        [Fact]
        public void Issue12_ACrLfSplitBetweenReadsAfterAnEmptyLineCountsOnce()
        {
            // CsvHelper counts a CRLF split between two reads as two lines; the reader keeps the pair together.
            string text = "a\r\n\r\n\"\",x\r\"q\"\ne,\"f,\"";
            for (int chunk = 1; chunk <= 4; chunk++)
            {
                using var reader = new CsvRecordReader(new ChunkedReader(text, chunk));
                var lines = new List<int>();
                while (reader.TryReadRecord(out CsvRecord record))
                {
                    lines.Add(record.LineNumber);
                }

                Assert.Equal(new[] { 1, 3, 4, 5 }, lines);
            }
        }

        /// <summary>A stream that counts what is read from it and notices any seek.</summary>
        private sealed class CountingStream : Stream
        {
            private readonly MemoryStream _inner;
            private readonly bool _seekable;

            public CountingStream(byte[] bytes, bool seekable = true)
            {
                _inner = new MemoryStream(bytes);
                _seekable = seekable;
            }

            public long BytesRead { get; private set; }

            public bool Seeked { get; private set; }

            public override bool CanRead => true;

            public override bool CanSeek => _seekable;

            public override bool CanWrite => false;

            public override long Length => _seekable ? _inner.Length : throw new NotSupportedException();

            public override long Position
            {
                get => _seekable ? _inner.Position : throw new NotSupportedException();
                set
                {
                    Seeked = true;
                    _inner.Position = _seekable ? value : throw new NotSupportedException();
                }
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                int read = _inner.Read(buffer, offset, count);
                BytesRead += read;
                return read;
            }

            public override long Seek(long offset, SeekOrigin origin)
            {
                Seeked = true;
                return _seekable ? _inner.Seek(offset, origin) : throw new NotSupportedException();
            }

            public override void Flush()
            {
            }

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }

        /// <summary>Like /dev/zero: never ends; calls <c>onPass</c> once after so many bytes.</summary>
        private sealed class EndlessStream : Stream
        {
            private readonly byte _value;
            private readonly long _afterBytes;
            private readonly Action? _onPass;
            private readonly byte[] _prefix;
            private long _position;

            public EndlessStream(byte value, long afterBytes, Action? onPass, byte[]? prefix = null)
            {
                _value = value;
                _afterBytes = afterBytes;
                _onPass = onPass;
                _prefix = prefix ?? Array.Empty<byte>();
            }

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position
            {
                get => _position;
                set => throw new NotSupportedException();
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                for (int i = 0; i < count; i++)
                {
                    buffer[offset + i] = _position + i < _prefix.Length ? _prefix[_position + i] : _value;
                }

                if (_position < _afterBytes && _position + count >= _afterBytes)
                {
                    _onPass?.Invoke();
                }

                _position += count;
                return count;
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void Flush()
            {
            }

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
