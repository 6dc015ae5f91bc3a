using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.History;
using Xunit;

namespace BizMobileGo.Core.Tests.History
{
    /// <summary>
    /// An entry's changes as read back (walkthrough 16, 9): a list like any other, whose ToString() is every change on one
    /// line, the Changes column Export-Csv writes; secrets as "changed", line breaks in a value never breaking the line.
    /// </summary>
    public class FieldChangesTests
    {
        private static readonly FieldChange[] Several =
        {
            FieldChange.Hidden("Code"),
            new FieldChange("DisplayName", "Front desk", "受付の iPad"),
            new FieldChange("Description", "two\nlines", null),
            new FieldChange("Serial", null, "AAABBBCCCDDD"),
        };

        [Fact]
        public void Says_every_change_on_one_line_joined_by_a_semicolon()
        {
            string line = FieldChanges.Of(Several).ToString();

            Assert.Equal(string.Join(FieldChanges.Separator, Several.Select(change => change.ToString())), line);
            Assert.StartsWith("Code: changed; DisplayName: Front desk \u2192 受付の iPad; Description: ", line);
            Assert.EndsWith("\u2192 (cleared); Serial: (none) \u2192 AAABBBCCCDDD", line);
            Assert.DoesNotContain("\n", line);
            Assert.Equal("", FieldChanges.Of(new FieldChange[0]).ToString());
        }

        [Fact]
        public void Is_the_same_list_to_everything_else()
        {
            FieldChanges changes = FieldChanges.Of(Several);

            Assert.Equal(Several.Length, changes.Count);
            Assert.Same(Several[1], changes[1]);
            Assert.Equal(Several, changes.ToList());
            Assert.Same(changes, FieldChanges.Of(changes));
        }

        [Fact]
        public void Is_what_an_entry_read_back_holds()
        {
            var entry = new ChangeEntry(7, System.DateTimeOffset.UnixEpoch, "root", "vm", "Set-BmgDevice", null, null, SubjectKind.Device, "3", "desk-01",
                ChangeAction.Changed, new List<FieldChange>(Several), new string('0', 64), new string('1', 64));

            Assert.IsType<FieldChanges>(entry.Changes);
            Assert.Equal(FieldChanges.Of(Several).ToString(), entry.Changes.ToString());
        }
    }
}
