using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BizMobileGo.Core.History;
using Xunit;

namespace BizMobileGo.Core.Tests.History
{
    /// <summary>
    /// A query of one kind decodes only that kind's entries of a pack (PostgreSQL's store): they must be exactly the
    /// entries a whole decode gives of that kind, each with its own previous hash, and every entry's kind and key must
    /// still come out for the check of the pack's header.
    /// </summary>
    public sealed class PackDecodeByKindTests
    {
        private static readonly DateTimeOffset At = new DateTimeOffset(2026, 6, 2, 0, 30, 0, TimeSpan.Zero);

        /// <summary>An import's created users and devices, linked: user 11, device 21, user 12, device 22, …</summary>
        private static (ChangeEntryPack.PackHeader Header, byte[] Blob, IReadOnlyList<ChangeEntry> Linked) Pack(int rows)
        {
            var pending = new List<ChangeEntry>();
            for (int i = 0; i < rows; i++)
            {
                string n = i.ToString(CultureInfo.InvariantCulture);
                pending.Add(new ChangeEntry(At, "admin", "host", "Import-BmgDeviceCsv", 7, i + 2, SubjectKind.User, (11 + i).ToString(CultureInfo.InvariantCulture),
                    "user-" + n, ChangeAction.Created, new[] { new FieldChange("UserName", null, "user-" + n), new FieldChange("Name", null, "名前 " + n) }));
                pending.Add(new ChangeEntry(At, "admin", "host", "Import-BmgDeviceCsv", 7, i + 2, SubjectKind.Device, (21 + i).ToString(CultureInfo.InvariantCulture),
                    "dev-" + n, ChangeAction.Created, new[] { new FieldChange("Identifier", null, "dev-" + n), FieldChange.Hidden("Code"), new FieldChange("Extra", null, "by name") }));
            }

            IReadOnlyList<ChangeEntry> linked = HistoryChain.Link(null, pending);
            var keys = new long[linked.Count];
            Assert.Equal(linked.Count, ChangeEntryPack.Run(linked, 0, keys));
            var header = new ChangeEntryPack.PackHeader(1, At, "admin", "host", "Import-BmgDeviceCsv", 7, HistoryChain.GenesisHash);
            return (header, ChangeEntryPack.Encode(linked, 0, linked.Count, keys), linked);
        }

        private static string Describe(ChangeEntry e) =>
            string.Join("|", e.Sequence, HistoryTime.ToText(e.At), e.OsUser, e.Host, e.Command, e.ImportId, e.Line, e.SubjectKind, e.SubjectKey, e.Subject,
                e.Action, ChangeListText.Write(e.Changes), e.PreviousHash, e.Hash);

        [Theory]
        [InlineData(SubjectKind.User)]
        [InlineData(SubjectKind.Device)]
        public void OneKindsEntriesAreThoseOfAWholeDecode(SubjectKind kind)
        {
            var (header, blob, linked) = Pack(20);
            var subjects = new List<(SubjectKind Kind, long Key)>();

            List<ChangeEntry> some = ChangeEntryPack.Decode(header, blob, kind, subjects);

            Assert.Equal(linked.Where(e => e.SubjectKind == kind).Select(Describe), some.Select(Describe));
            Assert.Equal(ChangeEntryPack.Decode(header, blob).Where(e => e.SubjectKind == kind).Select(Describe), some.Select(Describe));
            Assert.Equal(linked.Select(e => (e.SubjectKind, long.Parse(e.SubjectKey, CultureInfo.InvariantCulture))), subjects);
        }

        [Fact]
        public void AnEntryPassedOverIsStillCheckedAsAWholeDecodeChecksIt()
        {
            var (header, blob, _) = Pack(20);
            // The first entry (a user) gets a field code that names no field: a query of devices passes over it, and still fails.
            byte[] edited = PackBlobEdit.Fields(blob, fields =>
            {
                int at = Array.IndexOf(fields, (byte)ChangeEntryPack.FieldCodes.ToList().IndexOf("UserName"));
                Assert.True(at > 0);
                fields[at] = 200;
            });

            Assert.Throws<HistoryFormatException>(() => ChangeEntryPack.Decode(header, edited));
            Assert.Throws<HistoryFormatException>(() => ChangeEntryPack.Decode(header, edited, SubjectKind.Device, null));
        }

        [Fact]
        public void A_blob_that_makes_the_reader_overflow_is_said_in_the_module_s_words_not_dotnet_s()
        {
            var (header, _, _) = Pack(2);
            // Version 1, one entry, a device, key 5, no line, then a name 0xFFFFFFFF bytes long: more than an int counts.
            byte[] edited = { 0x01, 0x01, 0x01, 0x05, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F };

            var decode = Assert.Throws<HistoryFormatException>(() => ChangeEntryPack.Decode(header, edited));
            Assert.Equal("a length or number too large for what it counts", decode.Message);
            Assert.Equal("a length or number too large for what it counts",
                Assert.Throws<HistoryFormatException>(() => ChangeEntryPack.Subjects(header.FirstSequence, edited)).Message);
        }
    }
}
