using System;
using System.IO.Compression;
using Xunit;

namespace BizMobileGo.Core.Tests.History
{
    /// <summary>
    /// A hand edit of a pack's blob as someone who knows its form makes it: a version-2 pack keeps its entries' fields
    /// compressed (History/ChangeEntryPack.cs), so a field is edited by decompressing them, changing bytes in place and
    /// compressing them again; the version, count, length and hashes stay as they were.
    /// </summary>
    internal static class PackBlobEdit
    {
        private const int HashLength = 32;

        /// <summary>The blob with its fields edited in place by <paramref name="edit"/> (same length).</summary>
        public static byte[] Fields(byte[] blob, Action<byte[]> edit)
        {
            (byte[] fields, int fieldsAt, int hashesAt) = Open(blob);
            edit(fields);
            var compressed = new byte[BrotliEncoder.GetMaxCompressedLength(fields.Length)];
            Assert.True(BrotliEncoder.TryCompress(fields, compressed, out int written, 0, 18));
            var edited = new byte[fieldsAt + written + blob.Length - hashesAt];
            blob.AsSpan(0, fieldsAt).CopyTo(edited);
            compressed.AsSpan(0, written).CopyTo(edited.AsSpan(fieldsAt));
            blob.AsSpan(hashesAt).CopyTo(edited.AsSpan(fieldsAt + written));
            return edited;
        }

        /// <summary>A version-2 blob's fields, decompressed.</summary>
        public static byte[] FieldsOf(byte[] blob) => Open(blob).Fields;

        private static (byte[] Fields, int FieldsAt, int HashesAt) Open(byte[] blob)
        {
            Assert.Equal(2, blob[0]);
            int at = 1;
            int count = (int)Number(blob, ref at);
            int length = (int)Number(blob, ref at);
            int hashesAt = blob.Length - count * HashLength;
            var fields = new byte[length];
            Assert.True(BrotliDecoder.TryDecompress(blob.AsSpan(at, hashesAt - at), fields, out int written));
            Assert.Equal(length, written);
            return (fields, at, hashesAt);
        }

        private static ulong Number(byte[] blob, ref int at)
        {
            ulong value = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte b = blob[at++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }
        }
    }
}
