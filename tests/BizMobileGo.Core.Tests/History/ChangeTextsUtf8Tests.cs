using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using Xunit;

namespace BizMobileGo.Core.Tests.History
{
    /// <summary>
    /// The changes texts a SQLite batch's rows are bound with, made on the hashing thread: each must be exactly the text the
    /// writing thread would have made of the entry (ChangeListText.WriteUtf8), whatever their lengths, or the store keeps
    /// another text than before.
    /// </summary>
    public class ChangeTextsUtf8Tests
    {
        private static ChangeEntry Changed(int i, string displayName)
        {
            var before = new Device { Identifier = $"dev-{i:D4}", OS = "ios", DisplayName = "Device " + i };
            Device after = before.Clone();
            after.DisplayName = displayName;
            return ChangeDiff.ForDevice(before, after, i.ToString(System.Globalization.CultureInfo.InvariantCulture), ChangeOrigin.Library("tests"),
                DateTimeOffset.UnixEpoch)!;
        }

        [Fact]
        public void Each_text_is_the_entry_s_own_in_order_also_past_the_first_buffer()
        {
            // Short texts, then texts far longer than the buffer's first guess (96 bytes an entry), in three-byte characters,
            // a blank one, quotes that JSON escapes: the buffer grows while earlier texts must stay as they were.
            List<ChangeEntry> entries = Enumerable.Range(1, 40).Select(i => Changed(i,
                i % 5 == 0 ? "" : i % 3 == 0 ? new string('山', 50 * i) + "\"" + i : "Renamed device " + i)).ToList();

            ChangeTextsUtf8 texts = ChangeTextsUtf8.Of(entries);

            Assert.Equal(entries.Count, texts.Count);
            for (int i = 0; i < entries.Count; i++)
            {
                Assert.Equal(ChangeListText.WriteUtf8(entries[i].Changes).ToArray(), texts[i].ToArray());
            }

            texts.Return();
        }
    }
}
