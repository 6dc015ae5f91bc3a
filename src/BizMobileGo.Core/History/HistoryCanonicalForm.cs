using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using BizMobileGo.Core.Import;

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

        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

        public static byte[] Bytes(ChangeEntry entry)
        {
            var writer = new CanonicalWriter(new byte[256 + entry.Changes.Count * 48]);
            WriteEntry(ref writer, entry, entry.Sequence, entry.PreviousHash, null);
            return writer.Buffer.AsSpan(0, writer.Length).ToArray();
        }

        /// <summary>SHA-256 of <see cref="Bytes"/>, as 64 lower-case hex digits. The bytes include PreviousHash: the hashes chain.</summary>
        public static string Hash(ChangeEntry entry) => Hash(entry, entry.Sequence, entry.PreviousHash);

        /// <summary>
        /// The hash <paramref name="entry"/> has once it is numbered <paramref name="sequence"/> after
        /// <paramref name="previousHash"/>, as text: what verifying an entry read back compares with its Hash.
        /// </summary>
        internal static string Hash(ChangeEntry entry, long sequence, string previousHash) =>
            HashText.FromBytes(HashBytes(entry, sequence, previousHash, null));

        /// <summary>
        /// The hash's 32 bytes, as <see cref="HistoryChain"/> links with them: after the previous hash given as its text
        /// (the chain's head) or as its bytes (the entry before, linked in this process; written as the same hex text).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal static byte[] HashBytes(ChangeEntry entry, long sequence, string? previousHash, byte[]? previousHashBytes)
        {
            // One buffer per thread and the one-shot SHA256.HashData (a single call into the platform's crypto,
            // where a reused SHA256 instance made three): an import hashes one entry per changed record.
            var writer = new CanonicalWriter(_buffer ??= new byte[1024]);
            WriteEntry(ref writer, entry, sequence, previousHash, previousHashBytes);
            _buffer = writer.Buffer;
            return SHA256.HashData(writer.Buffer.AsSpan(0, writer.Length));
        }

        [ThreadStatic]
        private static byte[]? _buffer;

        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private static void WriteEntry(ref CanonicalWriter writer, ChangeEntry entry, long sequence, string? previousHash, byte[]? previousHashBytes)
        {
            writer.Write(Version1);
            writer.Write(sequence);
            if (previousHashBytes != null)
            {
                writer.WriteHex(previousHashBytes);
            }
            else
            {
                writer.Write(previousHash);
            }

            writer.Write(HistoryTime.ToText(entry.At));
            writer.Write(entry.OsUser);
            writer.Write(entry.Host);
            writer.Write(entry.Command);
            writer.Write(entry.ImportId);
            writer.Write(entry.Line);
            writer.Write(KindText(entry.SubjectKind));
            writer.Write(entry.SubjectKey);
            writer.Write(entry.Subject);
            writer.Write(ActionText(entry.Action));
            writer.Write(entry.Changes.Count);
            IReadOnlyList<FieldChange> changes = entry.Changes;
            if (changes is CreatedChanges created)
            {
                // The same bytes as the FieldChange objects below would give (no value before; a secret field neither
                // value, flagged), read without making them.
                for (int i = 0; i < created.Count; i++)
                {
                    string? value = created.ValueAt(i);
                    writer.Write(created.FieldAt(i));
                    writer.Write((string?)null);
                    writer.Write(value);
                    writer.Write(value == null ? "1" : "0");
                }

                return;
            }

            for (int i = 0; i < changes.Count; i++)
            {
                FieldChange change = changes[i];
                writer.Write(change.Field);
                writer.Write(change.OldValue);
                writer.Write(change.NewValue);
                writer.Write(change.ValueHidden ? "1" : "0");
            }
        }

        // The enums' names, as ToString gives them (the bytes entries were hashed with), without its look-up per entry.
        private static string KindText(SubjectKind kind) => kind switch
        {
            SubjectKind.Device => nameof(SubjectKind.Device),
            SubjectKind.User => nameof(SubjectKind.User),
            _ => kind.ToString(),
        };

        private static string ActionText(ChangeAction action) => action switch
        {
            ChangeAction.Created => nameof(ChangeAction.Created),
            ChangeAction.Changed => nameof(ChangeAction.Changed),
            _ => action.ToString(),
        };

        /// <summary>Appends fields to a growing byte buffer: a presence byte, then a 4-byte big-endian UTF-8 length and the bytes.</summary>
        private struct CanonicalWriter
        {
            public byte[] Buffer;
            public int Length;

            public CanonicalWriter(byte[] buffer)
            {
                Buffer = buffer;
                Length = 0;
            }

            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            public void Write(string? value)
            {
                if (value == null)
                {
                    Reserve(1);
                    Buffer[Length++] = 0;
                    return;
                }

                Reserve(5 + Utf8.GetMaxByteCount(value.Length));
                int count = Utf8.GetBytes(value.AsSpan(), Buffer.AsSpan(Length + 5));
                Buffer[Length] = 1;
                Buffer[Length + 1] = (byte)(count >> 24);
                Buffer[Length + 2] = (byte)(count >> 16);
                Buffer[Length + 3] = (byte)(count >> 8);
                Buffer[Length + 4] = (byte)count;
                Length += 5 + count;
            }

            /// <summary>A number as its invariant text (the form the stores keep), formatted straight into the buffer.</summary>
            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            public void Write(long? value)
            {
                if (value is not long number)
                {
                    Write((string?)null);
                    return;
                }

                Reserve(5 + 20);
                number.TryFormat(Buffer.AsSpan(Length + 5), out int count, default, CultureInfo.InvariantCulture);
                Buffer[Length] = 1;
                Buffer[Length + 1] = (byte)(count >> 24);
                Buffer[Length + 2] = (byte)(count >> 16);
                Buffer[Length + 3] = (byte)(count >> 8);
                Buffer[Length + 4] = (byte)count;
                Length += 5 + count;
            }

            /// <summary>Bytes as their lower-case hex text (what <see cref="HashText.FromBytes"/> gives), without making the text.</summary>
            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            public void WriteHex(byte[] bytes)
            {
                int count = bytes.Length * 2;
                Reserve(5 + count);
                Buffer[Length] = 1;
                Buffer[Length + 1] = (byte)(count >> 24);
                Buffer[Length + 2] = (byte)(count >> 16);
                Buffer[Length + 3] = (byte)(count >> 8);
                Buffer[Length + 4] = (byte)count;
                int at = Length + 5;
                for (int i = 0; i < bytes.Length; i++)
                {
                    Buffer[at++] = HexDigit(bytes[i] >> 4);
                    Buffer[at++] = HexDigit(bytes[i] & 0xF);
                }

                Length += 5 + count;
            }

            private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);

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
