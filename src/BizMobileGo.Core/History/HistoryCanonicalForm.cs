using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The bytes an entry's hash is computed over. Versioned and unambiguous: a version tag, then every field
    /// in a fixed order, each as a presence byte (0 = null, 1 = value) and, for a value, its UTF-8 length
    /// (4 bytes, big-endian) and bytes. Numbers and times are written as invariant text
    /// (<see cref="HistoryTime.ToText"/>), so both stores, and any later reader, rebuild the same bytes from
    /// what they persisted. A new field or order is a new version; entries keep the version they were hashed with.
    /// </summary>
    public static class HistoryCanonicalForm
    {
        public const string Version1 = "bmg-change-history/1";

        [ThreadStatic]
        private static SHA256? _sha256;

        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

        public static byte[] Bytes(ChangeEntry entry)
        {
            var writer = new CanonicalWriter(256 + entry.Changes.Count * 48);
            WriteEntry(ref writer, entry);
            byte[] bytes = new byte[writer.Length];
            Buffer.BlockCopy(writer.Buffer, 0, bytes, 0, writer.Length);
            return bytes;
        }

        /// <summary>SHA-256 of <see cref="Bytes"/>, as 64 lower-case hex digits. The bytes include PreviousHash: the hashes chain.</summary>
        public static string Hash(ChangeEntry entry)
        {
            // One hasher and one buffer per thread: an import hashes one entry per changed row.
            var writer = new CanonicalWriter(_buffer ??= new byte[1024]);
            WriteEntry(ref writer, entry);
            _buffer = writer.Buffer;
            byte[] digest = (_sha256 ??= SHA256.Create()).ComputeHash(writer.Buffer, 0, writer.Length);
            char[] text = new char[digest.Length * 2];
            for (int i = 0; i < digest.Length; i++)
            {
                text[2 * i] = HexDigits[digest[i] >> 4];
                text[2 * i + 1] = HexDigits[digest[i] & 0xF];
            }

            return new string(text);
        }

        private const string HexDigits = "0123456789abcdef";

        [ThreadStatic]
        private static byte[]? _buffer;

        private static void WriteEntry(ref CanonicalWriter writer, ChangeEntry entry)
        {
            writer.Write(Version1);
            writer.Write(Number(entry.Sequence));
            writer.Write(entry.PreviousHash);
            writer.Write(HistoryTime.ToText(entry.At));
            writer.Write(entry.OsUser);
            writer.Write(entry.Host);
            writer.Write(entry.Command);
            writer.Write(entry.ImportId is long importId ? Number(importId) : null);
            writer.Write(entry.Line is int line ? Number(line) : null);
            writer.Write(entry.SubjectKind.ToString());
            writer.Write(entry.SubjectKey);
            writer.Write(entry.Subject);
            writer.Write(entry.Action.ToString());
            writer.Write(Number(entry.Changes.Count));
            foreach (FieldChange change in entry.Changes)
            {
                writer.Write(change.Field);
                writer.Write(change.OldValue);
                writer.Write(change.NewValue);
                writer.Write(change.ValueHidden ? "1" : "0");
            }
        }

        private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>Appends fields to a growing byte buffer: a presence byte, then a 4-byte big-endian UTF-8 length and the bytes.</summary>
        private struct CanonicalWriter
        {
            public byte[] Buffer;
            public int Length;

            public CanonicalWriter(int capacity)
                : this(new byte[capacity])
            {
            }

            public CanonicalWriter(byte[] buffer)
            {
                Buffer = buffer;
                Length = 0;
            }

            public void Write(string? value)
            {
                if (value == null)
                {
                    Reserve(1);
                    Buffer[Length++] = 0;
                    return;
                }

                Reserve(5 + Utf8.GetMaxByteCount(value.Length));
                int count = Utf8.GetBytes(value, 0, value.Length, Buffer, Length + 5);
                Buffer[Length] = 1;
                Buffer[Length + 1] = (byte)(count >> 24);
                Buffer[Length + 2] = (byte)(count >> 16);
                Buffer[Length + 3] = (byte)(count >> 8);
                Buffer[Length + 4] = (byte)count;
                Length += 5 + count;
            }

            private void Reserve(int bytes)
            {
                if (Length + bytes > Buffer.Length)
                {
                    Array.Resize(ref Buffer, Math.Max(Buffer.Length * 2, Length + bytes));
                }
            }
        }
    }
}
