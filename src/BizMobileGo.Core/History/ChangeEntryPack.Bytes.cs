using System;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.History
{
    /// <summary>The bytes of a pack: writing its fields into a growing buffer, and reading them back (either version).</summary>
    public static partial class ChangeEntryPack
    {
        // A text of at most this many UTF-16 units has at most 126 UTF-8 bytes (HistoryUtf8.MaxBytesPerChar each); under 128, the
        // varint of its length is one byte.
        private const int MaxShortText = 42;

        private struct Writer
        {
            public byte[] Buffer;
            public int Length;

            public Writer(byte[] buffer)
            {
                Buffer = buffer;
                Length = 0;
            }

            // Space, Number and Text run a few times an entry on the hashing thread: compiled optimized at once (as
            // PerRowCode says), not at tier 0 until tiering catches up, which on a loaded import is most of the run.
            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            public Span<byte> Space(int bytes)
            {
                if (Length + bytes > Buffer.Length)
                {
                    Array.Resize(ref Buffer, Math.Max(Buffer.Length * 2, Length + bytes));
                }

                Span<byte> space = Buffer.AsSpan(Length, bytes);
                Length += bytes;
                return space;
            }

            public void Byte(byte value) => Space(1)[0] = value;

            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            public void Number(ulong value)
            {
                while (value >= 0x80)
                {
                    Byte((byte)(value | 0x80));
                    value >>= 7;
                }

                Byte((byte)value);
            }

            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            public void Text(string text)
            {
                if (text.Length <= MaxShortText)
                {
                    // A value's bytes fit a one-byte length (as most do): encoded once, straight after it.
                    Span<byte> space = Space(1 + MaxShortText * HistoryUtf8.MaxBytesPerChar);
                    int count = HistoryUtf8.Write(text.AsSpan(), space.Slice(1));
                    if (count < 0x80)
                    {
                        space[0] = (byte)count;
                        Length -= MaxShortText * HistoryUtf8.MaxBytesPerChar - count;
                        return;
                    }

                    Length -= 1 + MaxShortText * HistoryUtf8.MaxBytesPerChar;
                }

                int length = Utf8.GetByteCount(text);
                Number((ulong)length);
                Utf8.GetBytes(text, Space(length));
            }
        }

        /// <summary>
        /// A walk through a pack of either version: its entries' other fields from <see cref="Body"/>, each one's hash by
        /// <see cref="Hash"/> (in version 1 the hash follows the entry's fields; in version 2 the hashes are apart, at the
        /// blob's end, and the fields are decompressed first).
        /// </summary>
        private struct PackReader
        {
            public Reader Body;
            public int Count;
            private Reader _hashes;
            private bool _apart;

            public static PackReader Open(byte[] blob)
            {
                var reader = new Reader(blob);
                byte version = reader.Byte();
                if (version == Version1)
                {
                    return new PackReader { Count = EntryCount(ref reader), Body = reader };
                }

                if (version != Version2)
                {
                    throw new HistoryFormatException("unknown pack version");
                }

                int count = EntryCount(ref reader);
                ulong bodyLength = reader.Number();
                if (bodyLength > MaxBodyBytes)
                {
                    throw new HistoryFormatException("a length or number too large for what it counts");
                }

                int hashesAt = blob.Length - count * HashText.ByteLength;
                if (hashesAt < reader.At)
                {
                    throw new HistoryFormatException("the blob ends too early");
                }

                var body = new byte[(int)bodyLength];
                if (!BrotliDecoder.TryDecompress(blob.AsSpan(reader.At, hashesAt - reader.At), body, out int written) || written != body.Length)
                {
                    throw new HistoryFormatException("compressed bytes that no longer read as entries");
                }

                return new PackReader { Count = count, Body = new Reader(body), _hashes = new Reader(blob, hashesAt), _apart = true };
            }

            /// <summary>The next entry's 32 hash bytes.</summary>
            public ReadOnlySpan<byte> Hash() => _apart ? _hashes.Span(HashText.ByteLength) : Body.Span(HashText.ByteLength);

            public bool AtEnd => Body.AtEnd && (!_apart || _hashes.AtEnd);
        }

        private struct Reader
        {
            private readonly byte[] _blob;
            private int _at;

            public Reader(byte[] blob, int at = 0)
            {
                _blob = blob;
                _at = at;
            }

            public bool AtEnd => _at == _blob.Length;

            public int At => _at;

            public ReadOnlySpan<byte> Span(int bytes)
            {
                if (bytes < 0 || bytes > _blob.Length - _at)
                {
                    throw new HistoryFormatException("the blob ends too early");
                }

                ReadOnlySpan<byte> span = _blob.AsSpan(_at, bytes);
                _at += bytes;
                return span;
            }

            public void Skip(int bytes) => Span(bytes);

            public byte Byte() => Span(1)[0];

            public ulong Number()
            {
                ulong value = 0;
                for (int shift = 0; shift < 64; shift += 7)
                {
                    byte b = Byte();
                    value |= (ulong)(b & 0x7F) << shift;
                    if (b < 0x80)
                    {
                        return value;
                    }
                }

                throw new HistoryFormatException("a number too long");
            }

            public string Text() => Utf8.GetString(Span(checked((int)Number())));

            public void SkipText() => Skip(checked((int)Number()));
        }
    }
}
