using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO.Compression;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// A run of created users and devices kept as one stored record instead of one per entry (issue 15: a first
    /// import writes two entries a row, and a row per entry cost the import more than the 15 % it may). The entries
    /// of a pack are consecutive in the chain and share their time, OS user, host, command, import id and ChangedBy (the
    /// pack's header, kept by the store as columns; ChangedBy since schema version 26 on SQLite, 23 on PostgreSQL, '' in
    /// every pack written before); the rest of each entry is in one blob, in chain order:
    /// <code>
    /// version 2 (written since the sixteenth round): version byte (2), count (varint), the fields' length (varint: their
    /// bytes before compression), the fields of every entry compressed (Brotli), then every entry's hash (32 bytes each)
    /// version 1 (still read): version byte (1), count (varint), then per entry: its fields, its hash (32 bytes)
    /// an entry's fields: kind (0 user, 1 device), key (varint), line + 1 (varint; 0: none), subject (text), changes
    /// changes: count (varint), then per change: field (a byte: its place in <see cref="FieldCodes"/>, or 255 and its
    /// name as text), what it holds (a byte: 1 hidden, 2 an old value, 4 a new value), then the old and the new value as text
    /// text: varint length, UTF-8
    /// </code>
    /// The changes are written as they are, without JSON: an import packs two entries a row, and the JSON text was as
    /// much of an entry's work as its hash.
    /// Each entry's previous hash is the entry before's hash (the first one's is in the header), so a pack reads back
    /// exactly the entries it was given, and every entry is still hashed and verified on its own.
    /// </summary>
    public static partial class ChangeEntryPack
    {
        /// <summary>Fewer entries than this in a run stay one stored row each: a pack's header and look-up cost more than it saves.</summary>
        public const int MinEntries = 16;

        /// <summary>At most this many entries a pack, so a pack read or rewritten is a bounded amount of memory.</summary>
        public const int MaxEntries = 256;

        private const byte Version1 = 1;

        /// <summary>
        /// Version 2 (sixteenth round): the entries' fields compressed with Brotli at its fastest quality, the hashes apart at
        /// the end: they don't compress, and the blob's last 32 bytes stay its last entry's hash (<see cref="LastHash"/>, the
        /// chain's head). A first import of 100,000 rows packed 43 MB, as much again as its records; compressed, 14 MB pass
        /// through SQLite's pages, WAL and checkpoint (PERFORMANCE.md, sixteenth round). Version 1 packs still decode.
        /// </summary>
        private const byte Version2 = 2;

        private const int BrotliQuality = 0;

        // 256 KB: a pack's fields (~40 KB for 200 created records) fit the window whole.
        private const int BrotliWindow = 18;

        /// <summary>The most bytes a pack's decompressed fields may claim: far beyond what <see cref="MaxEntries"/> records hold, so an edited length can't make a reader allocate without end.</summary>
        private const int MaxBodyBytes = 64 * 1024 * 1024;

        // Not throwing, as the canonical form and SQLite's own text binding: a lone surrogate (only a value typed by hand
        // could hold one) is kept as U+FFFD, the bytes its hash was computed over, so the entry still verifies.
        private static readonly UTF8Encoding Utf8 = HistoryUtf8.Encoding;

        /// <summary>
        /// The subject key of <paramref name="entry"/> when it can be packed at all (a created user or device with a
        /// numeric key and hex hashes), else -1. Its ChangedBy is the pack's header's (schema version 26 on SQLite, 23 on
        /// PostgreSQL: a column beside the OS user), shared as the OS user is (<see cref="EntryHeader.Same"/>).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private static long PackableKey(ChangeEntry entry) =>
            entry.Action == ChangeAction.Created
            && (entry.SubjectKind == SubjectKind.User || entry.SubjectKind == SubjectKind.Device)
            && (entry.Line == null || entry.Line >= 0)
            && (!entry.HashBytes.IsEmpty || entry.Hash.Length == HashText.ByteLength * 2)
            && (entry.LinkedAfter != null || entry.PreviousHash.Length == HashText.ByteLength * 2)
            && entry.TryGetKeyNumber(out long key) ? key : -1;

        /// <summary>
        /// How many entries from <paramref name="start"/> one pack can hold (0: that entry can't be packed), each one's key
        /// put in <paramref name="keys"/> at its index. They must share their header, link one to the next, and each key
        /// must be above the one before of its kind: keys of one kind rise through a pack, so a pack holds every key
        /// between its first and last of a kind (and keys are never handed out again, so packs' ranges don't overlap).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public static int Run(IReadOnlyList<ChangeEntry> entries, int start, long[] keys)
        {
            ChangeEntry first = entries[start];
            long firstKey = PackableKey(first);
            if (firstKey < 0)
            {
                return 0;
            }

            keys[start] = firstKey;
            long lastUser = first.SubjectKind == SubjectKind.User ? firstKey : -1;
            long lastDevice = first.SubjectKind == SubjectKind.Device ? firstKey : -1;
            int count = 1;
            while (start + count < entries.Count && count < MaxEntries)
            {
                ChangeEntry previous = entries[start + count - 1];
                ChangeEntry next = entries[start + count];
                long key = PackableKey(next);
                bool device = next.SubjectKind == SubjectKind.Device;
                if (key <= (device ? lastDevice : lastUser)
                    || next.Sequence != previous.Sequence + 1
                    || !Links(previous, next)
                    || !EntryHeader.Same(previous.Header, next.Header))
                {
                    break;
                }

                keys[start + count] = key;
                if (device)
                {
                    lastDevice = key;
                }
                else
                {
                    lastUser = key;
                }

                count++;
            }

            return count;
        }

        /// <summary>Whether <paramref name="next"/>'s previous hash is <paramref name="previous"/>'s hash: linked after it here, or the same text.</summary>
        private static bool Links(ChangeEntry previous, ChangeEntry next) =>
            ReferenceEquals(next.LinkedAfter, previous)
            || string.Equals(next.PreviousHash, previous.Hash, StringComparison.Ordinal);

        /// <summary>
        /// The blob of <paramref name="count"/> entries from <paramref name="start"/> (a <see cref="Run"/>, with the keys
        /// it found), as an array of its own: it may be made on another thread than the one that stores it.
        /// </summary>
        public static byte[] Encode(IReadOnlyList<ChangeEntry> entries, int start, int count, long[] keys) =>
            EncodeInto(entries, start, count, keys).ToArray();

        /// <summary>
        /// As <see cref="Encode"/>, into an array rented from <see cref="ArrayPool{T}.Shared"/> (its first
        /// <paramref name="length"/> bytes): an import encodes a pack of up to 200 entries (~40 KB) per batch, and an
        /// array of its own each time was a third of what the history allocated. Whoever stores it returns it.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per pack (an import: a thousand): see Import.PerRowCode
        internal static byte[] EncodeRented(IReadOnlyList<ChangeEntry> entries, int start, int count, long[] keys, out int length)
        {
            ReadOnlySpan<byte> blob = EncodeInto(entries, start, count, keys);
            byte[] rented = ArrayPool<byte>.Shared.Rent(blob.Length);
            blob.CopyTo(rented);
            length = blob.Length;
            return rented;
        }

        /// <summary>The blob in this thread's buffer: valid until the thread encodes again.</summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private static ReadOnlySpan<byte> EncodeInto(IReadOnlyList<ChangeEntry> entries, int start, int count, long[] keys)
        {
            var body = new Writer(_buffer ??= new byte[64 * 1024]);
            byte[] hashes = _hashes ??= new byte[MaxEntries * HashText.ByteLength];
            for (int i = start; i < start + count; i++)
            {
                ChangeEntry entry = entries[i];
                ReadOnlySpan<byte> hashedFields = LinkedFields.Of(entries, i);
                if (!hashedFields.IsEmpty)
                {
                    // The same bytes, written for the entry's hash a moment ago (its key is the one Run found: both read it alike).
                    hashedFields.CopyTo(body.Space(hashedFields.Length));
                }
                else
                {
                    WriteEntryFields(ref body, entry, keys[i]);
                }
                Span<byte> hash = hashes.AsSpan((i - start) * HashText.ByteLength, HashText.ByteLength);
                if (!entry.HashBytes.IsEmpty)
                {
                    entry.HashBytes.CopyTo(hash);
                }
                else if (!HashText.TryToBytes(entry.Hash, hash))
                {
                    throw new ArgumentException($"Entry {entry.Sequence} has no hash to pack.", nameof(entries));
                }
            }

            _buffer = body.Buffer;
            var blob = new Writer(_blob ??= new byte[64 * 1024]);
            blob.Byte(Version2);
            blob.Number((ulong)count);
            blob.Number((ulong)body.Length);
            int bound = BrotliEncoder.GetMaxCompressedLength(body.Length);
            Span<byte> compressed = blob.Space(bound);
            if (!BrotliEncoder.TryCompress(body.Buffer.AsSpan(0, body.Length), compressed, out int written, BrotliQuality, BrotliWindow))
            {
                throw new InvalidOperationException("A pack's entries did not compress into their bound.");
            }

            blob.Length -= bound - written;
            hashes.AsSpan(0, count * HashText.ByteLength).CopyTo(blob.Space(count * HashText.ByteLength));
            _blob = blob.Buffer;
            return blob.Buffer.AsSpan(0, blob.Length);
        }

        /// <summary>
        /// One entry's fields as a pack holds them (kind, key, line, subject, changes; not its hash), appended to
        /// <paramref name="buffer"/> after its first <paramref name="length"/> bytes: also the bytes canonical form version 2 (and 4)
        /// hashes (<see cref="HistoryCanonicalForm.Version2"/>), one encoding of an entry for both.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal static void WriteEntryFields(ref byte[] buffer, ref int length, ChangeEntry entry, long key)
        {
            var writer = new Writer(buffer) { Length = length };
            WriteEntryFields(ref writer, entry, key);
            buffer = writer.Buffer;
            length = writer.Length;
        }

        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private static void WriteEntryFields(ref Writer body, ChangeEntry entry, long key)
        {
            body.Byte(entry.SubjectKind == SubjectKind.Device ? (byte)1 : (byte)0);
            body.Number((ulong)key);
            body.Number(entry.Line is int line ? (ulong)line + 1 : 0);
            body.Text(entry.Subject);
            if (entry.CreatedRecord is object record)
            {
                WriteCreatedChanges(ref body, record);
            }
            else
            {
                WriteChanges(ref body, entry.Changes);
            }
        }

        /// <summary>
        /// The changes of a created record's entry (<see cref="ChangeEntry.CreatedRecord"/>) written straight from the record as
        /// <see cref="ChangeDiff"/> names them: the bytes <see cref="WriteChanges"/> gives its <see cref="ChangeEntry.Changes"/>,
        /// without making them (an import writes two such entries a row, for its hash and its pack).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private static void WriteCreatedChanges(ref Writer body, object record)
        {
            // The count comes first, known at the end: a one-byte varint, as a record's fields are far fewer than 128.
            int countAt = body.Length;
            body.Byte(0);
            var created = new CreatedFields(body);
            if (record is Devices.Device device)
            {
                ChangeDiff.Diff(ref created, null, device);
            }
            else
            {
                ChangeDiff.Diff(ref created, null, (Users.User)record);
            }

            body = created.Body;
            if (created.Count < 0x80)
            {
                body.Buffer[countAt] = (byte)created.Count;
                return;
            }

            body.Length = countAt;
            WriteChanges(ref body, ChangeDiff.OfCreated(record));
        }

        /// <summary>A created record's changes as <see cref="WriteChanges"/> writes each: a new value, or a secret field set.</summary>
        private struct CreatedFields : ChangeDiff.IChangeSink
        {
            public Writer Body;
            public int Count;
            private int _code;

            public CreatedFields(Writer body)
            {
                Body = body;
                Count = 0;
                _code = 0;
            }

            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            public void Add(string field, string? before, string? after)
            {
                // Created: nothing before, so a change is always a value the field now has.
                Field(field);
                Body.Byte(HasNew);
                Body.Text(after!);
            }

            public void AddHidden(string field)
            {
                Field(field);
                Body.Byte(Hidden);
            }

            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            private void Field(string field)
            {
                Count++;
                _code = FieldCodeNear(field, _code);
                Body.Byte(_code < 0 ? FieldByName : (byte)_code);
                if (_code < 0)
                {
                    Body.Text(field);
                    _code = 0;
                }
            }
        }

        /// <summary>
        /// The fields of a batch's entries as <see cref="HistoryChain.LinkInPlace"/> just wrote them on this thread for their
        /// packed-form hashes (version 2 or 4: <see cref="HistoryCanonicalForm"/>): the pack that holds them copies these bytes instead of
        /// encoding the same fields a second time (an import's hashing thread hashes and packs every entry of its batches).
        /// </summary>
        internal sealed class LinkedFields
        {
            private IReadOnlyList<ChangeEntry>? _batch;
            private ChangeEntry?[] _entries = new ChangeEntry?[256];
            private int[] _starts = new int[256];
            private int[] _lengths = new int[256];
            private byte[] _buffer = new byte[64 * 1024];
            private int _used;

            [ThreadStatic]
            private static LinkedFields? _current;

            /// <summary>This thread's, empty, for <paramref name="batch"/>'s entries.</summary>
            [MethodImpl(PerRowCode.Compile)] // per batch of entries (an import: a thousand): see Import.PerRowCode
            internal static LinkedFields For(IReadOnlyList<ChangeEntry> batch)
            {
                LinkedFields fields = _current ??= new LinkedFields();
                if (fields._entries.Length < batch.Count)
                {
                    fields._entries = new ChangeEntry?[batch.Count];
                    fields._starts = new int[batch.Count];
                    fields._lengths = new int[batch.Count];
                }

                Array.Clear(fields._entries, 0, fields._entries.Length);
                fields._batch = batch;
                fields._used = 0;
                return fields;
            }

            /// <summary>The fields of <paramref name="entry"/> (at <paramref name="index"/> of the batch) written and kept.</summary>
            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            internal ReadOnlySpan<byte> Write(int index, ChangeEntry entry, long key)
            {
                int start = _used;
                WriteEntryFields(ref _buffer, ref _used, entry, key);
                _entries[index] = entry;
                _starts[index] = start;
                _lengths[index] = _used - start;
                return _buffer.AsSpan(start, _used - start);
            }

            /// <summary>The kept fields of the entry at <paramref name="index"/> of <paramref name="batch"/>, if this thread wrote them (else empty).</summary>
            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            internal static ReadOnlySpan<byte> Of(IReadOnlyList<ChangeEntry> batch, int index)
            {
                LinkedFields? fields = _current;
                return fields != null && ReferenceEquals(fields._batch, batch) && index < fields._entries.Length
                    && ReferenceEquals(fields._entries[index], batch[index])
                    ? fields._buffer.AsSpan(fields._starts[index], fields._lengths[index]) : default;
            }

            /// <summary>Lets the last batch's entries go (once its packs are encoded): this thread keeps only its buffers.</summary>
            internal static void Forget()
            {
                if (_current is LinkedFields fields && fields._batch != null)
                {
                    Array.Clear(fields._entries, 0, fields._entries.Length);
                    fields._batch = null;
                }
            }
        }

        [ThreadStatic]
        private static byte[]? _buffer;

        [ThreadStatic]
        private static byte[]? _hashes;

        [ThreadStatic]
        private static byte[]? _blob;

        /// <summary>
        /// The entries of a pack, in chain order: numbered from <paramref name="header"/>'s first sequence, each
        /// linked to the one before. Throws <see cref="FormatException"/> when the blob doesn't decode (edited by hand).
        /// </summary>
        public static List<ChangeEntry> Decode(PackHeader header, byte[] blob) => Decode(header, blob, null, null);

        /// <summary>
        /// As <see cref="Decode(PackHeader, byte[])"/>, only the entries of kind <paramref name="only"/> (null: all): a query
        /// of one kind passes over the other kind's names and changes without making them (half a first import's pack).
        /// Every entry's kind and key go to <paramref name="subjects"/> (when given), for the check of the pack's header.
        /// The blob is checked as far as a whole decode checks it.
        /// </summary>
        public static List<ChangeEntry> Decode(PackHeader header, byte[] blob, SubjectKind? only, List<(SubjectKind Kind, long Key)>? subjects)
        {
            try
            {
                var pack = PackReader.Open(blob);
                ref Reader reader = ref pack.Body;
                int count = pack.Count;

                var entries = new List<ChangeEntry>(only == null ? count : count / 2 + 1);
                string? previousHash = header.PreviousHash;
                ReadOnlySpan<byte> previousHashBytes = default;
                for (int i = 0; i < count; i++)
                {
                    SubjectKind kind = KindOf(reader.Byte());
                    long key = checked((long)reader.Number());
                    subjects?.Add((kind, key));
                    ulong line = reader.Number();
                    if (only != null && kind != only)
                    {
                        reader.SkipText();
                        SkipChanges(ref reader);
                        previousHashBytes = pack.Hash();
                        previousHash = null;
                        continue;
                    }

                    string subject = reader.Text();
                    IReadOnlyList<FieldChange> changes = ReadChanges(ref reader);
                    string hash = HashText.FromBytes(pack.Hash());
                    entries.Add(new ChangeEntry(header.FirstSequence + i, header.At, header.OsUser, header.Host, header.Command, header.ImportId,
                        line == 0 ? (int?)null : checked((int)(line - 1)), kind, key.ToString(CultureInfo.InvariantCulture), subject,
                        ChangeAction.Created, changes, previousHash ?? HashText.FromBytes(previousHashBytes), hash, header.ChangedBy));
                    previousHash = hash;
                }

                if (!pack.AtEnd)
                {
                    throw new HistoryFormatException("bytes after the last entry");
                }

                return entries;
            }
            catch (Exception e) when (e is not HistoryFormatException && e is not OutOfMemoryException)
            {
                throw DoesNotDecode(e);
            }
        }

        /// <summary>Reads a blob's entry count after its version byte: the start of every walk through a pack.</summary>
        private static int EntryCount(ref Reader reader)
        {
            int count = checked((int)reader.Number());
            if (count > MaxEntries)
            {
                throw new HistoryFormatException("too many entries");
            }

            return count;
        }

        /// <summary>
        /// Whatever a hand-edited blob makes the readers throw (a bad length, invalid UTF-8, JSON that is no change
        /// list), it is one thing to the caller: this pack no longer decodes.
        /// </summary>
        /// <remarks>
        /// Said in the module's words, never <paramref name="e"/>'s .NET text ("Arithmetic operation resulted in an
        /// overflow."): Test-BmgHistory's reason quotes it. The caller names the pack by its first entry.
        /// </remarks>
        private static HistoryFormatException DoesNotDecode(Exception e) =>
            new HistoryFormatException(e is OverflowException ? "a length or number too large for what it counts"
                : "bytes that no longer read as entries", e);

        /// <summary>
        /// The subjects of a pack without their changes (kind, key, name, sequence), for look-ups by name. Throws
        /// <see cref="FormatException"/> as <see cref="Decode(PackHeader, byte[])"/> does when the blob doesn't decode: a past name left out
        /// unsaid would make a look-up by it find nothing, so the store stops with HistoryTampered instead.
        /// </summary>
        public static List<(SubjectKind Kind, long Key, string Subject, long Sequence)> Subjects(long firstSequence, byte[] blob)
        {
            var found = new List<(SubjectKind, long, string, long)>();
            try
            {
                var pack = PackReader.Open(blob);
                ref Reader reader = ref pack.Body;
                int count = pack.Count;

                for (int i = 0; i < count; i++)
                {
                    SubjectKind kind = KindOf(reader.Byte());
                    long key = checked((long)reader.Number());
                    reader.Number();
                    string subject = reader.Text();
                    ReadChanges(ref reader);
                    pack.Hash();
                    found.Add((kind, key, subject, firstSequence + i));
                }

                if (!pack.AtEnd)
                {
                    throw new HistoryFormatException("bytes after the last entry");
                }
            }
            catch (Exception e) when (e is not HistoryFormatException && e is not OutOfMemoryException)
            {
                throw DoesNotDecode(e);
            }

            return found;
        }

        /// <summary>The hash of a pack's last entry: its blob's last 32 bytes (null when the blob is too short to hold one).</summary>
        public static string? LastHash(ReadOnlySpan<byte> blob) =>
            blob.Length > HashText.ByteLength ? HashText.FromBytes(blob.Slice(blob.Length - HashText.ByteLength)) : null;

        /// <summary>
        /// The fields a pack names by a byte: frozen once written (a store keeps packs in it). A field added later is
        /// written by name (code 255) or gets a new code at the end, never a code here.
        /// </summary>
        internal static readonly string[] FieldCodes =
        {
            "Identifier", "Template", "Code", "OS", "DeviceTags", "WifiMac", "IMEI", "MEID", "UDID", "Serial", "ExpirationDays",
            "DisplayName", "Description", "RegistrationEmail", "DEPMethod", "UserName", "State", "DepDevice", "DepProfile",
            "CheckedInAt", "WithdrawnAt", "Name", "EmailAddress", "UserDescription", "Organizations",
        };

        private const byte FieldByName = 255;
        private const byte Hidden = 1;
        private const byte HasOld = 2;
        private const byte HasNew = 4;

        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private static void WriteChanges(ref Writer writer, IReadOnlyList<FieldChange> changes)
        {
            writer.Number((ulong)changes.Count);
            int code = 0;
            if (changes is CreatedChanges created)
            {
                // A created record's values as they are (see CreatedChanges): the same bytes its FieldChange objects give.
                ulong codes = created.Codes;
                for (int i = 0; i < created.Count; i++)
                {
                    string? value = created.ValueAt(i);
                    if (codes != 0)
                    {
                        // The field's code as CreatedChanges knows it: what FieldCode would find by its name.
                        writer.Byte((byte)BitOperations.TrailingZeroCount(codes));
                        codes &= codes - 1;
                        writer.Byte(value == null ? Hidden : HasNew);
                        if (value != null)
                        {
                            writer.Text(value);
                        }

                        continue;
                    }

                    code = FieldCodeNear(created.FieldAt(i), code);
                    writer.Byte(code < 0 ? FieldByName : (byte)code);
                    if (code < 0)
                    {
                        writer.Text(created.FieldAt(i));
                        code = 0;
                    }

                    writer.Byte(value == null ? Hidden : HasNew);
                    if (value != null)
                    {
                        writer.Text(value);
                    }
                }

                return;
            }

            for (int i = 0; i < changes.Count; i++)
            {
                FieldChange change = changes[i];
                code = FieldCodeNear(change.Field, code);
                writer.Byte(code < 0 ? FieldByName : (byte)code);
                if (code < 0)
                {
                    writer.Text(change.Field);
                    code = 0;
                }

                writer.Byte((byte)((change.ValueHidden ? Hidden : 0) | (change.OldValue != null ? HasOld : 0) | (change.NewValue != null ? HasNew : 0)));
                if (change.OldValue != null)
                {
                    writer.Text(change.OldValue);
                }

                if (change.NewValue != null)
                {
                    writer.Text(change.NewValue);
                }
            }
        }

        /// <summary>A field's code (-1: none): changes follow the lists' order, so looked for from the last field's code on, then from the start.</summary>
        private static int FieldCodeNear(string field, int last)
        {
            int code = FieldCode(FieldCodes, field, last);
            return code >= 0 || last == 0 ? code : FieldCode(FieldCodes, field, 0);
        }

        /// <summary>
        /// The place of <paramref name="field"/> in <paramref name="codes"/> (<see cref="FieldCodes"/>) from
        /// <paramref name="from"/> on, else -1; looked for by reference first, as ChangeDiff names fields with these very
        /// strings, then by value.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal static int FieldCode(string[] codes, string field, int from)
        {
            for (int i = from; i < codes.Length; i++)
            {
                if (ReferenceEquals(codes[i], field))
                {
                    return i;
                }
            }

            for (int i = from; i < codes.Length; i++)
            {
                if (string.Equals(codes[i], field, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        private static IReadOnlyList<FieldChange> ReadChanges(ref Reader reader)
        {
            int count = checked((int)reader.Number());
            if (count > FieldCodes.Length * 4)
            {
                throw new HistoryFormatException("too many changes");
            }

            var changes = new FieldChange[count];
            for (int i = 0; i < count; i++)
            {
                byte code = reader.Byte();
                string field = code == FieldByName ? reader.Text() : code < FieldCodes.Length ? FieldCodes[code] : throw new HistoryFormatException("unknown field code");
                byte holds = reader.Byte();
                if ((holds & ~(Hidden | HasOld | HasNew)) != 0 || ((holds & Hidden) != 0 && holds != Hidden))
                {
                    throw new HistoryFormatException("unknown change form");
                }

                if (holds == Hidden)
                {
                    changes[i] = FieldChange.Hidden(field);
                    continue;
                }

                string? oldValue = (holds & HasOld) != 0 ? reader.Text() : null;
                string? newValue = (holds & HasNew) != 0 ? reader.Text() : null;
                changes[i] = new FieldChange(field, oldValue, newValue);
            }

            return changes;
        }

        /// <summary>Passes over a change list, checking it as <see cref="ReadChanges"/> does, without making its changes.</summary>
        private static void SkipChanges(ref Reader reader)
        {
            int count = checked((int)reader.Number());
            if (count > FieldCodes.Length * 4)
            {
                throw new HistoryFormatException("too many changes");
            }

            for (int i = 0; i < count; i++)
            {
                byte code = reader.Byte();
                if (code == FieldByName)
                {
                    reader.SkipText();
                }
                else if (code >= FieldCodes.Length)
                {
                    throw new HistoryFormatException("unknown field code");
                }

                byte holds = reader.Byte();
                if ((holds & ~(Hidden | HasOld | HasNew)) != 0 || ((holds & Hidden) != 0 && holds != Hidden))
                {
                    throw new HistoryFormatException("unknown change form");
                }

                if ((holds & HasOld) != 0)
                {
                    reader.SkipText();
                }

                if ((holds & HasNew) != 0)
                {
                    reader.SkipText();
                }
            }
        }

        private static SubjectKind KindOf(byte kind) => kind switch
        {
            0 => SubjectKind.User,
            1 => SubjectKind.Device,
            _ => throw new HistoryFormatException("unknown subject kind"),
        };

        /// <summary>What the entries of a pack share, as the store keeps it beside the blob.</summary>
        public sealed class PackHeader
        {
            public PackHeader(long firstSequence, DateTimeOffset at, string osUser, string host, string command, long? importId, string previousHash,
                string changedBy = "")
            {
                ChangedBy = changedBy;
                FirstSequence = firstSequence;
                At = at;
                OsUser = osUser;
                Host = host;
                Command = command;
                ImportId = importId;
                PreviousHash = previousHash;
            }

            public long FirstSequence { get; }

            public DateTimeOffset At { get; }

            public string OsUser { get; }

            public string Host { get; }

            public string Command { get; }

            public long? ImportId { get; }

            public string PreviousHash { get; }

            /// <summary>Who the entries were made for (-ChangedBy); '' for none, as in every pack written before schema version 26 (PostgreSQL 23).</summary>
            public string ChangedBy { get; }
        }
    }
}
