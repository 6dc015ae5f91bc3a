using System;
using System.Collections.Generic;
using BizMobileGo.Core.History;
using Xunit;

namespace BizMobileGo.Core.Tests.History
{
    /// <summary>
    /// The entries of a chunk share one <see cref="EntryHeader"/> (time, OS user, host, command, import id) instead of
    /// five fields each: an entry made after one with any other value must still show its own values, never the ones
    /// of the header made before it.
    /// </summary>
    public class EntryHeaderTests
    {
        private static readonly DateTimeOffset At = new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.FromHours(9)).AddTicks(123);

        private static readonly IReadOnlyList<FieldChange> Changes = new[] { new FieldChange("DisplayName", "a", "b") };

        private static ChangeEntry Entry(string osUser = "sato", string host = "kitting-01", string command = "Import-BmgDeviceCsv",
            long? importId = 5, DateTimeOffset? at = null) =>
            new ChangeEntry(at ?? At, osUser, host, command, importId, 3, SubjectKind.Device, "41", "iphone-41", ChangeAction.Changed, Changes);

        [Fact]
        public void EntriesOfEqualSharedValuesShareOneHeader()
        {
            ChangeEntry first = Entry();
            ChangeEntry second = Entry(new string("sato".ToCharArray()), at: At.ToOffset(TimeSpan.Zero));
            Assert.Same(first.Header, second.Header);
            Assert.Equal(HistoryTime.Normalize(At), second.AtUtc);
        }

        [Fact]
        public void AnEntryWithAnyOtherSharedValueShowsItsOwn()
        {
            ChangeEntry first = Entry();
            var others = new (Func<ChangeEntry> Make, string, string, string, long?, DateTimeOffset)[]
            {
                (() => Entry(osUser: "suzuki"), "suzuki", "kitting-01", "Import-BmgDeviceCsv", (long?)5, At),
                (() => Entry(host: "kitting-02"), "sato", "kitting-02", "Import-BmgDeviceCsv", (long?)5, At),
                (() => Entry(command: "Set-BmgDevice"), "sato", "kitting-01", "Set-BmgDevice", (long?)5, At),
                (() => Entry(importId: 6), "sato", "kitting-01", "Import-BmgDeviceCsv", (long?)6, At),
                (() => Entry(importId: null), "sato", "kitting-01", "Import-BmgDeviceCsv", (long?)null, At),
                (() => Entry(at: At.AddTicks(10)), "sato", "kitting-01", "Import-BmgDeviceCsv", (long?)5, At.AddTicks(10)),
            };

            foreach (var (make, osUser, host, command, importId, at) in others)
            {
                // Each made right after an entry of `first`'s values, so a header that kept any of them would show here.
                Entry();
                ChangeEntry entry = make();
                Assert.NotSame(first.Header, entry.Header);
                Assert.Equal((osUser, host, command, importId, HistoryTime.Normalize(at)), (entry.OsUser, entry.Host, entry.Command, entry.ImportId, entry.AtUtc));
            }

            Assert.Equal(("sato", "kitting-01", "Import-BmgDeviceCsv", (long?)5), (first.OsUser, first.Host, first.Command, first.ImportId));
        }
    }
}
