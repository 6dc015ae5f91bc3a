using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The bytes an entry's hash is computed over. Versioned and unambiguous, each version starting with its tag.
    /// <para>
    /// Version 1: the tag, then every field in a fixed order, each as a presence byte (0 = null, 1 = value) and, for a
    /// value, its UTF-8 length (4 bytes, big-endian) and bytes. Numbers and times are written as invariant text
    /// (<see cref="HistoryTime.ToText"/>), so both stores, and any later reader, rebuild the same bytes from what they
    /// persisted.
    /// </para>
    /// <para>
    /// Version 2 (twenty-sixth round), for a created user or device with a store's numeric key (what an import records, two
    /// entries a row, and packs): the tag as version 1 writes a text; the sequence (8 bytes, big-endian); the previous
    /// hash (its 32 bytes); SHA-256 of the shared part (time, OS user, host, command, import id, as version 1 writes them:
    /// made once for the entries that share them); then the entry's own fields exactly as a pack holds them
    /// (<see cref="ChangeEntryPack.WriteEntryFields(ref byte[], ref int, ChangeEntry, long)"/>). About a third of version
    /// 1's bytes for such an entry (SHA-256's time is its bytes), and no text written only to be hashed.
    /// </para>
    /// <para>
    /// Version 3 (thirty-fourth round), for an entry with a ChangedBy (who a service acted for): version 1's layout under its
    /// own tag, with ChangedBy written after the import id. Such an entry never takes version 2 (a created record's takes version 4
    /// since the forty-second round). An entry without one
    /// (every entry recorded before) is hashed exactly as before, so old entries verify unchanged, and emptying a
    /// ChangedBy by hand changes the bytes (the tag) as well as the field.
    /// </para>
    /// <para>
    /// Version 4 (forty-second round), for a created user or device of version 2's form that has a ChangedBy (an import
    /// given -ChangedBy, packed since schema version 26): version 2's layout under its own tag, the shared part's SHA-256
    /// over version 3's shared part (ChangedBy after the import id). What the pack holds is hashed, nothing written only to
    /// be hashed. Such an entry recorded before version 4 (a row or a pack) keeps its version-3 hash and verifies with it.
    /// </para>
    /// Every other entry is hashed with version 1. An entry of the packed form (version 2 or 4) verifies when either its
    /// packed form or its row form (version 1 or 3) gives its stored hash: entries recorded before keep the hash they were given. A new field or order is a new
    /// version; entries keep the version they were hashed with.
    /// </summary>
    public static class HistoryCanonicalForm
    {
        public const string Version1 = "bmg-change-history/1";

        public const string Version2 = "bmg-change-history/2";

        public const string Version3 = "bmg-change-history/3";

        public const string Version4 = "bmg-change-history/4";

        /// <summary>The bytes <paramref name="entry"/> is hashed over: its packed form's (version 2 or 4) when it takes that form, else its row form's (version 1 or 3).</summary>
        public static byte[] Bytes(ChangeEntry entry) => Bytes(entry, packedFormAllowed: true);

        /// <summary>The bytes of the row form of <paramref name="entry"/> (version 1, or 3 with a ChangedBy), whatever its form: what a created record's entry recorded before its packed form (version 2, or 4) was hashed over.</summary>
        public static byte[] RowFormBytes(ChangeEntry entry) => Bytes(entry, packedFormAllowed: false);

        private static byte[] Bytes(ChangeEntry entry, bool packedFormAllowed)
        {
            var writer = new CanonicalWriter(new byte[256 + entry.Changes.Count * 48]);
            if (!(packedFormAllowed && TryWritePackedForm(ref writer, entry, entry.Sequence, entry.PreviousHash, default)))
            {
                WriteEntry(ref writer, entry, entry.Sequence, entry.PreviousHash, default);
            }

            return writer.Buffer.AsSpan(0, writer.Length).ToArray();
        }

        /// <summary>
        /// Whether <paramref name="entry"/> has the packed form (version 2, or 4 with a ChangedBy): a created user or device,
        /// its key a store's number (as the number's own text when read back: "042" is not 42's key), its line none or not negative.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal static bool TakesPackedForm(ChangeEntry entry, out long key)
        {
            key = -1;
            if (entry.Action != ChangeAction.Created || (entry.SubjectKind != SubjectKind.Device && entry.SubjectKind != SubjectKind.User)
                || entry.Line < 0)
            {
                return false;
            }

            if (entry.SubjectKeyNumber is long number)
            {
                key = number;
                return true;
            }

            string text = entry.SubjectKey;
            return text.Length > 0 && text.Length <= 19 && (text[0] != '0' || text.Length == 1)
                && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out key);
        }

        /// <summary>SHA-256 of <see cref="Bytes(ChangeEntry)"/>, as 64 lower-case hex digits. The bytes include PreviousHash: the hashes chain.</summary>
        public static string Hash(ChangeEntry entry) => Hash(entry, entry.Sequence, entry.PreviousHash);

        /// <summary>
        /// The hash <paramref name="entry"/> has once it is numbered <paramref name="sequence"/> after
        /// <paramref name="previousHash"/>, as text: what verifying an entry read back compares with its Hash.
        /// </summary>
        internal static string Hash(ChangeEntry entry, long sequence, string previousHash)
        {
            Span<byte> hash = stackalloc byte[HashText.ByteLength];
            HashInto(entry, sequence, previousHash, default, hash);
            return HashText.FromBytes(hash);
        }

        /// <summary>SHA-256 of <see cref="RowFormBytes"/>, as text: the hash a created record's entry recorded before its packed form has.</summary>
        public static string RowFormHash(ChangeEntry entry)
        {
            Span<byte> hash = stackalloc byte[HashText.ByteLength];
            HashInto(entry, entry.Sequence, entry.PreviousHash, default, hash, packedFormAllowed: false);
            return HashText.FromBytes(hash);
        }

        /// <summary>
        /// The hash's 32 bytes into <paramref name="hash"/>, as <see cref="HistoryChain"/> links with them: after the
        /// previous hash given as its bytes (the entry before, linked in this process; written as the same hex text) or,
        /// when they are empty, as its text (the chain's head).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal static void HashInto(ChangeEntry entry, long sequence, string? previousHash, ReadOnlySpan<byte> previousHashBytes, Span<byte> hash) =>
            HashInto(entry, sequence, previousHash, previousHashBytes, hash, packedFormAllowed: true);

        /// <summary>
        /// <see cref="HashInto(ChangeEntry, long, string?, ReadOnlySpan{byte}, Span{byte})"/>; without
        /// <paramref name="packedFormAllowed"/>, the row form's hash (version 1 or 3) whatever the entry's form (what verifying
        /// an entry recorded before its packed form compares).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal static void HashInto(ChangeEntry entry, long sequence, string? previousHash, ReadOnlySpan<byte> previousHashBytes, Span<byte> hash,
            bool packedFormAllowed)
        {
            // One buffer and one SHA-256 per thread, reused: an import hashes one entry per changed record. On Linux
            // every one-shot SHA256.HashData call into OpenSSL pays its own set-up (~0.5 µs: a context allocated,
            // ERR_clear_error) beside ~0.2 µs of hashing ~300 bytes; a reused IncrementalHash skips part of it
            // (0.61 against 0.76 µs an entry, measured alone).
            var writer = new CanonicalWriter(_buffer ??= new byte[1024]);
            if (!(packedFormAllowed && TryWritePackedForm(ref writer, entry, sequence, previousHash, previousHashBytes)))
            {
                WriteEntry(ref writer, entry, sequence, previousHash, previousHashBytes);
            }

            _buffer = writer.Buffer;
            Finish(writer.Buffer.AsSpan(0, writer.Length), default, hash);
        }

        [ThreadStatic]
        private static IncrementalHash? _sha;

        [ThreadStatic]
        private static byte[]? _buffer;

        /// <summary>
        /// <see cref="HashInto(ChangeEntry, long, string?, ReadOnlySpan{byte}, Span{byte})"/> of the entry at
        /// <paramref name="index"/> of a batch being linked: a packed-form entry's (version 2 or 4) fields are written into
        /// <paramref name="fields"/> and kept there for the pack that will hold them (<see cref="ChangeEntryPack.LinkedFields"/>).
        /// The same hash.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal static void HashLinkedInto(ChangeEntry entry, long sequence, string? previousHash, ReadOnlySpan<byte> previousHashBytes, Span<byte> hash,
            ChangeEntryPack.LinkedFields fields, int index)
        {
            var writer = new CanonicalWriter(_buffer ??= new byte[1024]);
            if (!TryWritePackedFormStart(ref writer, entry, sequence, previousHash, previousHashBytes, out long key))
            {
                WriteEntry(ref writer, entry, sequence, previousHash, previousHashBytes);
                _buffer = writer.Buffer;
                Finish(writer.Buffer.AsSpan(0, writer.Length), default, hash);
                return;
            }

            _buffer = writer.Buffer;
            Finish(writer.Buffer.AsSpan(0, writer.Length), fields.Write(index, entry, key), hash);
        }

        /// <summary>SHA-256 of <paramref name="bytes"/> then <paramref name="more"/>, with this thread's reused hash.</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private static void Finish(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> more, Span<byte> hash)
        {
            IncrementalHash sha = _sha ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha.AppendData(bytes);
            if (!more.IsEmpty)
            {
                sha.AppendData(more);
            }

            if (!sha.TryGetHashAndReset(hash, out int written) || written != HashText.ByteLength)
            {
                throw new ArgumentException("A hash takes 32 bytes.", nameof(hash));
            }
        }

        /// <summary>
        /// The packed form's bytes of <paramref name="entry"/> (version 2, or 4 with a ChangedBy: see the class), when it takes that form and its previous hash is
        /// 32 bytes (given, or as their hex text); false, and nothing written, otherwise.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private static bool TryWritePackedForm(ref CanonicalWriter writer, ChangeEntry entry, long sequence, string? previousHash, ReadOnlySpan<byte> previousHashBytes)
        {
            if (!TryWritePackedFormStart(ref writer, entry, sequence, previousHash, previousHashBytes, out long key))
            {
                return false;
            }

            ChangeEntryPack.WriteEntryFields(ref writer.Buffer, ref writer.Length, entry, key);
            return true;
        }

        /// <summary>The packed form's bytes before the entry's own fields (false, and nothing written, as <see cref="TryWritePackedForm"/>).</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private static bool TryWritePackedFormStart(ref CanonicalWriter writer, ChangeEntry entry, long sequence, string? previousHash, ReadOnlySpan<byte> previousHashBytes,
            out long key)
        {
            if (!TakesPackedForm(entry, out key))
            {
                return false;
            }

            int start = writer.Length;
            writer.WriteBytes(entry.ChangedBy.Length == 0 ? Version2Bytes : Version4Bytes);
            Span<byte> fixedPart = writer.Space(8 + HashText.ByteLength);
            BinaryPrimitives.WriteInt64BigEndian(fixedPart, sequence);
            if (previousHashBytes.Length == HashText.ByteLength)
            {
                previousHashBytes.CopyTo(fixedPart.Slice(8));
            }
            else if (previousHash == null || !HashText.TryToBytes(previousHash, fixedPart.Slice(8)))
            {
                writer.Length = start;
                return false;
            }

            SharedSegment shared = _shared ??= new SharedSegment();
            if (!shared.Holds(entry))
            {
                shared.Make(entry);
            }

            writer.WriteBytes(shared.Digest);
            return true;
        }

        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private static void WriteEntry(ref CanonicalWriter writer, ChangeEntry entry, long sequence, string? previousHash, ReadOnlySpan<byte> previousHashBytes)
        {
            writer.WriteBytes(entry.ChangedBy.Length == 0 ? Version1Tag : Version3Tag);
            writer.Write(sequence);
            if (!previousHashBytes.IsEmpty)
            {
                writer.WriteHex(previousHashBytes);
            }
            else
            {
                writer.Write(previousHash);
            }

            WriteShared(ref writer, entry);
            writer.Write(entry.Line);
            writer.WriteBytes(KindBytes(entry.SubjectKind));
            if (entry.SubjectKeyNumber is long key)
            {
                // The store's number, written as its invariant text: the bytes of SubjectKey, without making it.
                writer.Write(key);
            }
            else
            {
                writer.Write(entry.SubjectKey);
            }

            writer.Write(entry.Subject);
            writer.WriteBytes(ActionBytes(entry.Action));
            writer.Write(entry.Changes.Count);
            IReadOnlyList<FieldChange> changes = entry.Changes;
            if (changes is CreatedChanges created)
            {
                // The same bytes as the FieldChange objects below would give (no value before; a secret field neither
                // value, flagged), read without making them; a known field's name and the absent old value are one
                // segment made once.
                ulong codes = created.Codes;
                for (int i = 0; i < created.Count; i++)
                {
                    string? value = created.ValueAt(i);
                    if (codes != 0)
                    {
                        writer.WriteBytes(FieldWithoutOldValue[BitOperations.TrailingZeroCount(codes)]);
                        codes &= codes - 1;
                    }
                    else
                    {
                        writer.Write(created.FieldAt(i));
                        writer.WriteNull();
                    }

                    writer.Write(value);
                    writer.WriteFlag(value == null);
                }

                return;
            }

            for (int i = 0; i < changes.Count; i++)
            {
                FieldChange change = changes[i];
                writer.Write(change.Field);
                writer.Write(change.OldValue);
                writer.Write(change.NewValue);
                writer.WriteFlag(change.ValueHidden);
            }
        }

        /// <summary>
        /// The time, OS user, host, command and import id, which the entries of one chunk share: written once into a
        /// segment of the thread's and copied while the next entry shares them.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private static void WriteShared(ref CanonicalWriter writer, ChangeEntry entry)
        {
            SharedSegment shared = _shared ??= new SharedSegment();
            if (!shared.Holds(entry))
            {
                shared.Make(entry);
            }

            writer.WriteBytes(shared.Bytes);
        }

        [ThreadStatic]
        private static SharedSegment? _shared;

        /// <summary>The bytes of what an entry shares with the ones around it, remade in the same buffer when the next one differs.</summary>
        private sealed class SharedSegment
        {
            // The header these bytes were made of (null: none yet, or being remade): the entries of a chunk share the one object.
            private EntryHeader? _header;
            private byte[] _buffer = new byte[128];
            private int _length;

            public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, _length);

            // SHA-256 of Bytes, what versions 2 and 4 write in their place: made when first asked for, once per header.
            private readonly byte[] _digest = new byte[HashText.ByteLength];
            private bool _digestMade;

            public ReadOnlySpan<byte> Digest
            {
                [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
                get
                {
                    if (!_digestMade)
                    {
                        SHA256.HashData(Bytes, _digest);
                        _digestMade = true;
                    }

                    return _digest;
                }
            }

            /// <summary>
            /// Whether <paramref name="entry"/> has the same time and texts: equal texts, not only the same strings (the
            /// recorder's entries share them, but the entries a store reads back, which verifying hashes, each have their own).
            /// </summary>
            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            public bool Holds(ChangeEntry entry) => _header != null && EntryHeader.Same(_header, entry.Header);

            [MethodImpl(PerRowCode.Compile)] // per batch of entries (an import: a thousand): see Import.PerRowCode
            public void Make(ChangeEntry entry)
            {
                _header = null; // holds nothing until it is made whole
                _digestMade = false;
                var segment = new CanonicalWriter(_buffer);
                segment.Write(HistoryTime.ToText(entry.AtUtc));
                segment.Write(entry.OsUser);
                segment.Write(entry.Host);
                segment.Write(entry.Command);
                segment.Write(entry.ImportId);
                if (entry.ChangedBy.Length != 0)
                {
                    segment.Write(entry.ChangedBy); // versions 3 and 4 only (see the class): versions 1 and 2 stay as they were
                }

                _buffer = segment.Buffer;
                _length = segment.Length;
                _header = entry.Header;
            }
        }

        // Texts every entry (or every created one) writes, as their bytes: made once.
        private static readonly byte[] Version1Tag = Segment(Version1);
        private static readonly byte[] Version2Bytes = Segment(Version2);
        private static readonly byte[] Version3Tag = Segment(Version3);
        private static readonly byte[] Version4Bytes = Segment(Version4);

        // Each kind's and action's name as a segment, made once: a changed or removed record's entry (version 1, every entry of
        // a re-import that changes rows) made its action's segment anew, two arrays and their copying an entry (PERFORMANCE.md,
        // thirty-seventh round).
        private static readonly byte[] DeviceBytes = Segment(nameof(SubjectKind.Device));
        private static readonly byte[] UserBytes = Segment(nameof(SubjectKind.User));
        private static readonly byte[] HistoryBytes = Segment(nameof(SubjectKind.History));
        private static readonly byte[] CreatedBytes = Segment(nameof(ChangeAction.Created));
        private static readonly byte[] ChangedBytes = Segment(nameof(ChangeAction.Changed));
        private static readonly byte[] RemovedBytes = Segment(nameof(ChangeAction.Removed));
        private static readonly byte[] ClearedBytes = Segment(nameof(ChangeAction.Cleared));

        // Each field a pack knows by a code (the fields ChangeDiff names; CreatedChanges.Codes), then the absent old value
        // of a created record.
        private static readonly byte[][] FieldWithoutOldValue = Array.ConvertAll(ChangeEntryPack.FieldCodes, field => Segment(field, 0));

        /// <summary>A text as <see cref="CanonicalWriter.Write(string)"/> writes it, then any bytes given.</summary>
        private static byte[] Segment(string text, params byte[] then)
        {
            var writer = new CanonicalWriter(new byte[64]);
            writer.Write(text);
            writer.WriteBytes(then);
            return writer.Buffer.AsSpan(0, writer.Length).ToArray();
        }

        // The enums' names as ToString gives them (the bytes entries were hashed with), without its look-up per entry.
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private static byte[] KindBytes(SubjectKind kind) => kind switch
        {
            SubjectKind.Device => DeviceBytes,
            SubjectKind.User => UserBytes,
            SubjectKind.History => HistoryBytes,
            _ => Segment(kind.ToString()),
        };

        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private static byte[] ActionBytes(ChangeAction action) => action switch
        {
            ChangeAction.Created => CreatedBytes,
            ChangeAction.Changed => ChangedBytes,
            ChangeAction.Removed => RemovedBytes,
            ChangeAction.Cleared => ClearedBytes,
            _ => Segment(action.ToString()),
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
                    WriteNull();
                    return;
                }

                // Room for the most UTF-8 bytes the text can have (what GetMaxByteCount allows, without its call per value).
                Reserve(5 + HistoryUtf8.MaxBytesPerChar * (value.Length + 1));
                EndValue(HistoryUtf8.Write(value.AsSpan(), Buffer.AsSpan(Length + 5)));
            }

            /// <summary>Bytes as they are: a segment made by this writer before.</summary>
            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            public void WriteBytes(ReadOnlySpan<byte> bytes)
            {
                Reserve(bytes.Length);
                bytes.CopyTo(Buffer.AsSpan(Length));
                Length += bytes.Length;
            }

            /// <summary>Room for <paramref name="bytes"/> bytes, written by the caller.</summary>
            public Span<byte> Space(int bytes)
            {
                Reserve(bytes);
                Span<byte> space = Buffer.AsSpan(Length, bytes);
                Length += bytes;
                return space;
            }

            /// <summary>No value: the presence byte 0.</summary>
            public void WriteNull()
            {
                Reserve(1);
                Buffer[Length++] = 0;
            }

            /// <summary>A change's hidden flag: the text "1" or "0", as <see cref="Write(string)"/> writes it.</summary>
            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            public void WriteFlag(bool set)
            {
                Reserve(6);
                Buffer[Length + 5] = set ? (byte)'1' : (byte)'0';
                EndValue(1);
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
                EndValue(count);
            }

            /// <summary>Bytes as their lower-case hex text (what <see cref="HashText.FromBytes"/> gives), without making the text.</summary>
            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            public void WriteHex(ReadOnlySpan<byte> bytes)
            {
                int count = bytes.Length * 2;
                Reserve(5 + count);
                Span<byte> digits = Buffer.AsSpan(Length + 5, count);
                ReadOnlySpan<byte> hex = HexDigits;
                for (int i = 0; i < bytes.Length; i++)
                {
                    digits[2 * i] = hex[bytes[i] >> 4];
                    digits[2 * i + 1] = hex[bytes[i] & 0xF];
                }

                EndValue(count);
            }

            /// <summary>
            /// Ends a value whose <paramref name="count"/> bytes the caller wrote past the 5 in front of them (reserved): there
            /// its presence byte 1 and its 4-byte big-endian length.
            /// </summary>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            private void EndValue(int count)
            {
                Buffer[Length] = 1;
                Buffer[Length + 1] = (byte)(count >> 24);
                Buffer[Length + 2] = (byte)(count >> 16);
                Buffer[Length + 3] = (byte)(count >> 8);
                Buffer[Length + 4] = (byte)count;
                Length += 5 + count;
            }

            private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;

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
