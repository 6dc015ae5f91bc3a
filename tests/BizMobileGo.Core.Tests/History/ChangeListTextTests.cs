using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.History;
using Xunit;

namespace BizMobileGo.Core.Tests.History
{
    /// <summary>
    /// The stored form of an entry's field changes: the short object form written since migration 8, and the older
    /// array form, which stores written before keep and which must read back to the same changes (or they no longer verify).
    /// </summary>
    public class ChangeListTextTests
    {
        private static readonly FieldChange[] EveryShape =
        {
            new FieldChange("Identifier", null, "iphone-001"),
            FieldChange.Hidden("Code"),
            new FieldChange("DisplayName", "山田の iPhone \"1\"", "Back\\slash"),
            new FieldChange("Description", "to be cleared", null),
            new FieldChange("Before", null, null),
        };

        private static IEnumerable<(string, string?, string?, bool)> Shapes(IEnumerable<FieldChange> changes) =>
            changes.Select(change => (change.Field, change.OldValue, change.NewValue, change.ValueHidden));

        [Fact]
        public void Writes_a_value_alone_a_pair_for_a_change_and_true_for_a_secret()
        {
            Assert.Equal(
                "{\"Identifier\":\"iphone-001\",\"Code\":true,\"DisplayName\":[\"山田の iPhone \\\"1\\\"\",\"Back\\\\slash\"],"
                + "\"Description\":[\"to be cleared\",null],\"Before\":[null,null]}",
                ChangeListText.Write(EveryShape));
        }

        [Fact]
        public void Every_shape_reads_back_equal_in_its_order()
        {
            Assert.Equal(Shapes(EveryShape), Shapes(ChangeListText.Read(ChangeListText.Write(EveryShape))));
        }

        [Fact]
        public void The_UTF8_form_keeps_a_surrogate_pair_whole_wherever_the_text_splits_it()
        {
            // The text is built in a growing buffer of chunks, one per thread; an emoji or a rare kanji can fall on
            // a chunk's edge. Each offset around the first chunk's end is tried on a fresh thread (a fresh buffer).
            var failures = new List<string>();
            for (int prefix = 480; prefix < 530; prefix++)
            {
                foreach (string pair in new[] { "😀", "𠮷" })
                {
                    var changes = new[] { new FieldChange("Description", null, new string('a', prefix) + pair + "z") };
                    byte[] expected = System.Text.Encoding.UTF8.GetBytes(ChangeListText.Write(changes));
                    var thread = new System.Threading.Thread(() =>
                    {
                        try
                        {
                            if (!ChangeListText.WriteUtf8(changes).ToArray().SequenceEqual(expected))
                            {
                                lock (failures) { failures.Add($"{prefix} {pair}: different bytes"); }
                            }
                        }
                        catch (System.Exception e)
                        {
                            lock (failures) { failures.Add($"{prefix} {pair}: {e.GetType().Name}"); }
                        }
                    });
                    thread.Start();
                    thread.Join();
                }
            }

            Assert.Empty(failures);
        }

        [Fact]
        public void The_older_array_form_reads_as_the_same_changes()
        {
            // As migration 7's code wrote it (tests/corpus/stores/version7.db holds such rows).
            const string older = "[{\"field\":\"Identifier\",\"new\":\"iphone-001\"},{\"field\":\"Code\",\"hidden\":true},"
                + "{\"field\":\"DisplayName\",\"old\":\"山田の iPhone \\\"1\\\"\",\"new\":\"Back\\\\slash\"},"
                + "{\"field\":\"Description\",\"old\":\"to be cleared\"},{\"field\":\"Before\"}]";

            Assert.Equal(Shapes(EveryShape), Shapes(ChangeListText.Read(older)));
        }

        [Fact]
        public void A_created_device_is_written_in_about_half_the_older_length()
        {
            var created = new[]
            {
                new FieldChange("Identifier", null, "dev0000002"), new FieldChange("Template", null, "Standard"), FieldChange.Hidden("Code"),
                new FieldChange("OS", null, "ios"), new FieldChange("Serial", null, "F00000000002"), new FieldChange("State", null, "Registered"),
            };
            const string older = "[{\"field\":\"Identifier\",\"new\":\"dev0000002\"},{\"field\":\"Template\",\"new\":\"Standard\"},"
                + "{\"field\":\"Code\",\"hidden\":true},{\"field\":\"OS\",\"new\":\"ios\"},{\"field\":\"Serial\",\"new\":\"F00000000002\"},"
                + "{\"field\":\"State\",\"new\":\"Registered\"}]";

            Assert.Equal(Shapes(created), Shapes(ChangeListText.Read(older)));
            Assert.True(ChangeListText.Write(created).Length * 10 < older.Length * 6, ChangeListText.Write(created));
        }

        [Fact]
        public void The_positional_layouts_are_frozen_as_stores_keep_them()
        {
            // Stored entries are read by these lists: a slot moved, renamed or inserted would misread every entry
            // written before and make Test-BmgHistory call it tampered. A new field gets a new layout, never a slot here.
            var layouts = ChangeListText.Layouts.ToDictionary(l => l.Name, l => string.Join(",", l.Fields));
            Assert.Equal(new[] { "d", "u" }, ChangeListText.Layouts.Select(l => l.Name));
            Assert.Equal("Identifier,Template,Code,OS,DeviceTags,WifiMac,IMEI,MEID,UDID,Serial,ExpirationDays,DisplayName,Description,"
                + "RegistrationEmail,DEPMethod,UserName,State,DepDevice,DepProfile,CheckedInAt,WithdrawnAt", layouts["d"]);
            Assert.Equal("UserName,Name,EmailAddress,UserDescription,Organizations", layouts["u"]);
        }

        [Fact]
        public void A_created_record_is_written_by_position_and_reads_back_equal()
        {
            var device = new[]
            {
                new FieldChange("Identifier", null, "dev0000002"), new FieldChange("Template", null, "Standard"), FieldChange.Hidden("Code"),
                new FieldChange("OS", null, "ios"), new FieldChange("DeviceTags", null, "Sales|Kiosk"), new FieldChange("Serial", null, "F00000000002"),
                new FieldChange("ExpirationDays", null, "30"), new FieldChange("DisplayName", null, "山田の \"1\""), new FieldChange("State", null, "Registered"),
            };
            var user = new[] { new FieldChange("UserName", null, "yamada"), new FieldChange("Organizations", null, "org1|org2") };

            Assert.Equal("[\"d\",\"dev0000002\",\"Standard\",true,\"ios\",\"Sales|Kiosk\",null,null,null,null,\"F00000000002\",\"30\","
                + "\"山田の \\\"1\\\"\",null,null,null,null,\"Registered\"]", ChangeListText.Write(device));
            Assert.Equal("[\"u\",\"yamada\",null,null,null,\"org1|org2\"]", ChangeListText.Write(user));
            Assert.Equal(Shapes(device), Shapes(ChangeListText.Read(ChangeListText.Write(device))));
            Assert.Equal(Shapes(user), Shapes(ChangeListText.Read(ChangeListText.Write(user))));
            Assert.Equal(ChangeListText.Write(device), System.Text.Encoding.UTF8.GetString(ChangeListText.WriteUtf8(device)));
        }

        [Fact]
        public void The_positional_form_is_written_only_where_it_is_shorter_and_only_for_values_a_field_did_not_have()
        {
            // One late field: its name is shorter than the nulls before it. A change from a value: the member form says both.
            var late = new[] { new FieldChange("DEPMethod", null, "Keycode") };
            var changed = new[] { new FieldChange("Identifier", "old", "new"), new FieldChange("Template", null, "Standard"), new FieldChange("OS", null, "ios") };
            var outOfOrder = new[] { new FieldChange("OS", null, "ios"), new FieldChange("Identifier", null, "a"), new FieldChange("Template", null, "Standard") };

            Assert.Equal("{\"DEPMethod\":\"Keycode\"}", ChangeListText.Write(late));
            Assert.StartsWith("{", ChangeListText.Write(changed), System.StringComparison.Ordinal);
            Assert.StartsWith("{", ChangeListText.Write(outOfOrder), System.StringComparison.Ordinal);
            Assert.Equal(Shapes(outOfOrder), Shapes(ChangeListText.Read(ChangeListText.Write(outOfOrder))));
        }

        [Fact]
        public void A_positional_list_no_writer_writes_reads_as_something_so_the_entry_fails_to_verify_instead_of_failing_to_read()
        {
            Assert.Equal(new[] { ("Identifier", (string?)null, (string?)"30", false), ("x[1]", null, "a", false) },
                Shapes(ChangeListText.Read("[\"d\",30]")).Concat(Shapes(ChangeListText.Read("[\"x\",null,\"a\"]"))));
        }

        [Fact]
        public void A_value_no_writer_writes_reads_as_its_raw_text_so_the_entry_fails_to_verify_instead_of_failing_to_read()
        {
            IReadOnlyList<FieldChange> read = ChangeListText.Read("{\"ExpirationDays\":30,\"Name\":[\"a\"]}");

            Assert.Equal(new[] { ("ExpirationDays", (string?)null, (string?)"30", false), ("Name", null, "[\"a\"]", false) }, Shapes(read));
        }

        [Fact]
        public void A_hash_keeps_its_hex_text_through_its_bytes_and_anything_else_is_not_taken_for_one()
        {
            string hash = HistoryChain.GenesisHash.Substring(0, 60) + "a9F0";
            var bytes = new byte[HashText.ByteLength];

            Assert.True(HashText.TryToBytes(hash, bytes));
            Assert.Equal(hash.ToLowerInvariant(), HashText.FromBytes(bytes));
            Assert.False(HashText.TryToBytes("forged by hand", bytes));
            Assert.False(HashText.TryToBytes(new string('g', 64), bytes));
        }
    }
}
