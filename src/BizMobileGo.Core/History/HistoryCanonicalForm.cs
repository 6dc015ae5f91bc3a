using System;
using System.Globalization;
using System.IO;
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
            using var stream = new MemoryStream(256 + entry.Changes.Count * 48);
            Write(stream, Version1);
            Write(stream, Number(entry.Sequence));
            Write(stream, entry.PreviousHash);
            Write(stream, HistoryTime.ToText(entry.At));
            Write(stream, entry.OsUser);
            Write(stream, entry.Host);
            Write(stream, entry.Command);
            Write(stream, entry.ImportId is long importId ? Number(importId) : null);
            Write(stream, entry.Line is int line ? Number(line) : null);
            Write(stream, entry.SubjectKind.ToString());
            Write(stream, entry.SubjectKey);
            Write(stream, entry.Subject);
            Write(stream, entry.Action.ToString());
            Write(stream, Number(entry.Changes.Count));
            foreach (FieldChange change in entry.Changes)
            {
                Write(stream, change.Field);
                Write(stream, change.OldValue);
                Write(stream, change.NewValue);
                Write(stream, change.ValueHidden ? "1" : "0");
            }

            return stream.ToArray();
        }

        /// <summary>SHA-256 of <see cref="Bytes"/>, as 64 lower-case hex digits. The bytes include PreviousHash: the hashes chain.</summary>
        public static string Hash(ChangeEntry entry)
        {
            // One hasher per thread: an import hashes one entry per changed row.
            byte[] digest = (_sha256 ??= SHA256.Create()).ComputeHash(Bytes(entry));
            var text = new StringBuilder(digest.Length * 2);
            foreach (byte b in digest)
            {
                text.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }

            return text.ToString();
        }

        private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

        private static void Write(Stream stream, string? value)
        {
            if (value == null)
            {
                stream.WriteByte(0);
                return;
            }

            byte[] bytes = Utf8.GetBytes(value);
            stream.WriteByte(1);
            stream.WriteByte((byte)(bytes.Length >> 24));
            stream.WriteByte((byte)(bytes.Length >> 16));
            stream.WriteByte((byte)(bytes.Length >> 8));
            stream.WriteByte((byte)bytes.Length);
            stream.Write(bytes, 0, bytes.Length);
        }
    }
}
