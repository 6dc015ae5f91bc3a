using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BizMobileGo.Core.History;
using Xunit;

namespace BizMobileGo.Core.Tests.History
{
    /// <summary>
    /// Packs are written in version 2 (their entries' fields compressed, the hashes apart at the end) and version-1 packs,
    /// which stores already hold, still read as the same entries.
    /// </summary>
    public sealed class PackVersionTests
    {
        private static readonly DateTimeOffset At = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

        private static readonly ChangeEntryPack.PackHeader Header =
            new ChangeEntryPack.PackHeader(1, At, "admin", "host", "Import-BmgDeviceCsv", 3, HistoryChain.GenesisHash);

        /// <summary>An import's created users and devices as a bench file has them, linked: user 11, device 21, user 12, device 22, …</summary>
        private static (IReadOnlyList<ChangeEntry> Linked, long[] Keys) Entries(int rows)
        {
            var pending = new List<ChangeEntry>();
            for (int i = 0; i < rows; i++)
            {
                string n = i.ToString("D7", CultureInfo.InvariantCulture);
                pending.Add(new ChangeEntry(At, "admin", "host", "Import-BmgDeviceCsv", 3, i + 2, SubjectKind.User, (11 + i).ToString(CultureInfo.InvariantCulture),
                    "user" + n, ChangeAction.Created, new[]
                    {
                        new FieldChange("UserName", null, "user" + n), new FieldChange("Name", null, "User " + i),
                        new FieldChange("EmailAddress", null, "user" + i + "@example.com"), new FieldChange("Organizations", null, "org1|org2"),
                    }));
                pending.Add(new ChangeEntry(At, "admin", "host", "Import-BmgDeviceCsv", 3, i + 2, SubjectKind.Device, (21 + i).ToString(CultureInfo.InvariantCulture),
                    "dev" + n, ChangeAction.Created, new[]
                    {
                        new FieldChange("Identifier", null, "dev" + n), new FieldChange("Template", null, "Standard"), FieldChange.Hidden("Code"),
                        new FieldChange("OS", null, "ios"), new FieldChange("Serial", null, "F" + n), new FieldChange("Description", null, "Bench device " + i),
                    }));
            }

            IReadOnlyList<ChangeEntry> linked = HistoryChain.Link(null, pending);
            var keys = new long[linked.Count];
            Assert.Equal(linked.Count, ChangeEntryPack.Run(linked, 0, keys));
            return (linked, keys);
        }

        private static string Describe(ChangeEntry e) =>
            string.Join("|", e.Sequence, HistoryTime.ToText(e.At), e.OsUser, e.Host, e.Command, e.ImportId, e.Line, e.SubjectKind, e.SubjectKey, e.Subject,
                e.Action, ChangeListText.Write(e.Changes), e.PreviousHash, e.Hash);

        [Fact]
        public void ANewPackIsVersionTwoItsFieldsCompressedItsLastBytesTheLastEntrysHash()
        {
            var (linked, keys) = Entries(100);

            byte[] blob = ChangeEntryPack.Encode(linked, 0, linked.Count, keys);

            Assert.Equal(2, blob[0]);
            int uncompressed = 2 + PackBlobEdit.FieldsOf(blob).Length + linked.Count * 32;
            Assert.True(blob.Length < uncompressed * 3 / 4, $"{blob.Length} bytes, {uncompressed} uncompressed");
            Assert.Equal(linked[linked.Count - 1].Hash, ChangeEntryPack.LastHash(blob));
            Assert.Equal(linked.Select(Describe), ChangeEntryPack.Decode(Header, blob).Select(Describe));
            Assert.Equal(linked.Select(e => (e.SubjectKind, long.Parse(e.SubjectKey, CultureInfo.InvariantCulture), e.Subject, e.Sequence)),
                ChangeEntryPack.Subjects(1, blob));
        }

        [Fact]
        public void AVersionOnePackReadsAsTheSameEntries()
        {
            var (linked, keys) = Entries(20);
            // Version 1 as the stores hold it: each entry's fields (what version 2 compresses) followed by its hash.
            var v1 = new List<byte> { 1, (byte)linked.Count };
            for (int i = 0; i < linked.Count; i++)
            {
                byte[] one = ChangeEntryPack.Encode(linked, i, 1, keys);
                v1.AddRange(PackBlobEdit.FieldsOf(one));
                v1.AddRange(one.AsSpan(one.Length - 32).ToArray());
            }

            byte[] blob = v1.ToArray();

            Assert.Equal(linked.Select(Describe), ChangeEntryPack.Decode(Header, blob).Select(Describe));
            Assert.Equal(linked.Where(e => e.SubjectKind == SubjectKind.Device).Select(Describe),
                ChangeEntryPack.Decode(Header, blob, SubjectKind.Device, null).Select(Describe));
            Assert.Equal(linked[linked.Count - 1].Hash, ChangeEntryPack.LastHash(blob));
            Assert.Equal(ChangeEntryPack.Subjects(1, ChangeEntryPack.Encode(linked, 0, linked.Count, keys)), ChangeEntryPack.Subjects(1, blob));
        }

        [Theory]
        // Fields said to be 0xFFFFFFFF bytes long: refused before anything is allocated for them.
        [InlineData("0201FFFFFFFF0F", "a length or number too large for what it counts")]
        // Compressed bytes that are no Brotli stream.
        [InlineData("02010A0102030405", "compressed bytes that no longer read as entries")]
        // More hashes than the blob has bytes.
        [InlineData("02050A", "the blob ends too early")]
        public void AVersionTwoPackEditedByHandIsSaidInTheModulesWords(string hexBeforeOneHash, string message)
        {
            byte[] blob = Convert.FromHexString(hexBeforeOneHash).Concat(new byte[32]).ToArray();

            Assert.Equal(message, Assert.Throws<HistoryFormatException>(() => ChangeEntryPack.Decode(Header, blob)).Message);
            Assert.Equal(message, Assert.Throws<HistoryFormatException>(() => ChangeEntryPack.Subjects(1, blob)).Message);
        }

        [Fact]
        public void AByteChangedInsideTheCompressedFieldsIsAnEditThePackNoLongerReadsBy()
        {
            var (linked, keys) = Entries(50);
            byte[] blob = ChangeEntryPack.Encode(linked, 0, linked.Count, keys);
            int hashesAt = blob.Length - linked.Count * 32;
            // Every byte of the compressed fields in turn: the pack either no longer decodes or reads as other entries, never the same.
            for (int at = 4; at < hashesAt; at += 7)
            {
                byte[] edited = (byte[])blob.Clone();
                edited[at] ^= 0x5A;
                try
                {
                    List<ChangeEntry> read = ChangeEntryPack.Decode(Header, edited);
                    Assert.NotEqual(linked.Select(Describe), read.Select(Describe));
                }
                catch (HistoryFormatException)
                {
                }
            }

            Assert.True(hashesAt > 100);
        }
    }
}
