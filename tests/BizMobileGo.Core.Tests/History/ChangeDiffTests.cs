using System;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.History;
using ImportHistoryEntry = BizMobileGo.Core.Import.ImportHistoryEntry;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;
using Xunit;

namespace BizMobileGo.Core.Tests.History
{
    public class ChangeDiffTests
    {
        private static readonly DateTimeOffset At = new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.FromHours(9));
        private static readonly ChangeOrigin Import = new ChangeOrigin("Import-BmgDeviceCsv", new ImportHistoryEntry { Id = 7 }, 12);
        private static readonly ChangeActor Sato = new ChangeActor("sato", "kitting-01");

        private static Device Device() => new Device
        {
            Identifier = "iphone-001",
            Template = "Standard",
            PlainCode = "A7K29QX4",
            OS = "ios",
            DeviceTags = new[] { "Sales", "HQ" },
            Serial = "F2LXKL0AHG7F",
            DisplayName = "Yamada iPhone",
            UserName = "yamada",
            State = DeviceState.Registered,
        };

        [Fact]
        public void An_unchanged_device_records_nothing_even_as_a_new_object_with_equal_lists()
        {
            Device before = Device();
            Device after = before.Clone();
            after.DeviceTags = new[] { "Sales", "HQ" };
            after.SavedAt = At; // bookkeeping, not a change

            Assert.Empty(ChangeDiff.Of(before, after));
            Assert.Null(ChangeDiff.ForDevice(before, after, "17", Import, At, Sato));
        }

        [Fact]
        public void Each_changed_records_changes_are_its_own_array_exactly_as_long_as_they_are()
        {
            // The diff collects into a list of the thread's and copies it out: a later diff on the thread changes no earlier result.
            Device before = Device();
            Device renamed = before.Clone();
            renamed.DisplayName = "Renamed";
            Device moved = before.Clone();
            moved.Template = "Kiosk";
            moved.Serial = null;
            User sato = new User { UserName = "sato", Name = "Sato" };
            User suzuki = new User { UserName = "sato", Name = "Suzuki" };

            var first = ChangeDiff.Of(before, renamed);
            var second = ChangeDiff.Of(before, moved);
            var user = ChangeDiff.Of(sato, suzuki);
            var removed = ChangeDiff.Of(before, (Device?)null);

            Assert.Equal("DisplayName: Yamada iPhone \u2192 Renamed", Assert.Single(Assert.IsType<FieldChange[]>(first)).ToString());
            Assert.Equal(new[] { "Template", "Serial" }, Assert.IsType<FieldChange[]>(second).Select(change => change.Field));
            Assert.Equal("Name: Sato \u2192 Suzuki", Assert.Single(user).ToString());
            Assert.Equal(new[] { "Identifier", "Template", "Code", "OS", "DeviceTags", "Serial", "ExpirationDays", "DisplayName", "UserName", "State" },
                removed.Select(change => change.Field));
            Assert.Empty(ChangeDiff.Of(before, before.Clone()));
            Assert.Equal("DisplayName: Yamada iPhone \u2192 Renamed", Assert.Single(first).ToString());
        }

        [Fact]
        public void A_changed_device_lists_each_field_old_to_new_and_a_cleared_value_as_cleared()
        {
            Device before = Device();
            Device after = before.Clone();
            after.Template = "Kiosk";
            after.DisplayName = null;
            after.DeviceTags = new[] { "HQ", "Sales" };

            ChangeEntry entry = ChangeDiff.ForDevice(before, after, "17", Import, At, Sato)!;

            Assert.Equal(ChangeAction.Changed, entry.Action);
            Assert.Equal(new[] { "Template", "DeviceTags", "DisplayName" }, entry.Changes.Select(change => change.Field));
            Assert.Equal("Template: Standard \u2192 Kiosk", entry.Changes[0].ToString());
            Assert.Equal("DeviceTags: Sales|HQ \u2192 HQ|Sales", entry.Changes[1].ToString());
            Assert.True(entry.Changes[2].IsCleared);
            Assert.Equal("DisplayName: Yamada iPhone \u2192 (cleared)", entry.Changes[2].ToString());
            Assert.Equal("Template and 2 more", entry.Summary);
            Assert.Equal(("sato", "kitting-01", "Import-BmgDeviceCsv", 7L, 12), (entry.OsUser, entry.Host, entry.Command, entry.ImportId!.Value, entry.Line!.Value));
            Assert.Equal(("17", "iphone-001", SubjectKind.Device), (entry.SubjectKey, entry.Subject, entry.SubjectKind));
        }

        [Fact]
        public void A_blank_value_and_no_value_are_the_same()
        {
            Device before = Device();
            before.Description = "";
            Device after = before.Clone();
            after.Description = null;

            Assert.Empty(ChangeDiff.Of(before, after));
        }

        [Fact]
        public void The_check_in_code_is_recorded_as_changed_and_never_its_value()
        {
            Device before = Device();
            Device after = before.Clone();
            after.PlainCode = "Z9Q2W7E4";

            ChangeEntry entry = ChangeDiff.ForDevice(before, after, "17", Import, At, Sato)!;

            FieldChange code = Assert.Single(entry.Changes);
            Assert.Equal(FieldNames.Code, code.Field);
            Assert.True(code.ValueHidden);
            Assert.Null(code.OldValue);
            Assert.Null(code.NewValue);
            Assert.Equal("Code: changed", code.ToString());
            string everything = entry.ChangeList + ChangeListText.Write(entry.Changes) + System.Text.Encoding.UTF8.GetString(HistoryCanonicalForm.Bytes(entry));
            Assert.DoesNotContain("A7K29QX4", everything);
            Assert.DoesNotContain("Z9Q2W7E4", everything);
        }

        [Fact]
        public void A_created_device_lists_its_values_and_a_removed_one_what_it_had()
        {
            ChangeEntry created = ChangeDiff.ForDevice(null, Device(), "17", Import, At, Sato)!;
            ChangeEntry removed = ChangeDiff.ForDevice(Device(), null, "17", new ChangeOrigin("Remove-BmgDevice"), At)!;

            Assert.Equal(ChangeAction.Created, created.Action);
            Assert.Equal("created", created.Summary);
            Assert.Contains(created.Changes, change => change.ToString() == "Identifier: (none) \u2192 iphone-001");
            Assert.Contains(created.Changes, change => change.Field == FieldNames.Code && change.ValueHidden);
            Assert.Contains(created.Changes, change => change.ToString() == "State: (none) \u2192 Registered");

            Assert.Equal(ChangeAction.Removed, removed.Action);
            Assert.Equal("iphone-001", removed.Subject);
            Assert.Contains(removed.Changes, change => change.ToString() == "Serial: F2LXKL0AHG7F \u2192 (cleared)");
            Assert.Null(removed.ImportId);
            Assert.Null(removed.Line);
        }

        [Fact]
        public void A_check_in_records_the_state_the_time_and_what_the_device_reported()
        {
            Device before = Device();
            Device after = before.Clone();
            after.State = DeviceState.CheckedIn;
            after.CheckedInAt = new DateTimeOffset(2026, 12, 1, 10, 0, 0, 123, TimeSpan.FromHours(9));
            after.UDID = "00008030-001A2B3C4D5E6F70";

            var changes = ChangeDiff.Of(before, after);
            var fields = changes.Select(change => change.ToString()).ToList();

            // The time is kept (and hashed) as UTC text to the microsecond, and shown as every time the module shows.
            Assert.Equal("2026-12-01T01:00:00.123000Z", changes.Single(change => change.Field == "CheckedInAt").NewValue);
            Assert.Equal(new[]
            {
                "UDID: (none) \u2192 00008030-001A2B3C4D5E6F70",
                "State: Registered \u2192 CheckedIn",
                "CheckedInAt: (none) \u2192 " + BizMobileGo.Core.Times.ShownTime.ToText(after.CheckedInAt),
            }, fields);
        }

        [Fact]
        public void A_time_field_edited_by_hand_into_no_time_is_shown_as_it_is()
        {
            Assert.Equal("WithdrawnAt: (none) \u2192 yesterday", new FieldChange("WithdrawnAt", null, "yesterday").ToString());
            Assert.Equal("DisplayName: (none) \u2192 2026-12-01T01:00:00.123000Z", new FieldChange("DisplayName", null, "2026-12-01T01:00:00.123000Z").ToString());
        }

        [Fact]
        public void A_user_change_compares_organizations_as_values()
        {
            var before = new User { UserName = "yamada", Name = "Yamada Taro", Organizations = new[] { "org1" } };
            User same = before.Clone();
            same.Organizations = new[] { "org1" };
            User after = before.Clone();
            after.Organizations = new[] { "org1", "org2" };
            after.EmailAddress = "yamada@example.com";

            Assert.Null(ChangeDiff.ForUser(before, same, "u5", Import, At, Sato));
            ChangeEntry entry = ChangeDiff.ForUser(before, after, "u5", Import, At, Sato)!;
            Assert.Equal(SubjectKind.User, entry.SubjectKind);
            Assert.Equal("yamada", entry.Subject);
            Assert.Equal(new[] { "EmailAddress: (none) \u2192 yamada@example.com", "Organizations: org1 \u2192 org1|org2" },
                entry.Changes.Select(change => change.ToString()));
        }

        [Fact]
        public void Every_field_a_diff_names_is_in_the_published_field_lists()
        {
            var device = Device();
            device.WifiMac = "AA:BB:CC:DD:EE:FF";
            device.IMEI = "490154203237518";
            device.MEID = "A0000000002329";
            device.UDID = "00008030-001A2B3C4D5E6F70";
            device.Description = "d";
            device.RegistrationEmail = "a@example.com";
            device.DEPMethod = DepMethod.Serial;
            device.DepDevice = "F2LXKL0AHG7F";
            device.DepProfile = "p";
            device.CheckedInAt = At;
            device.WithdrawnAt = At;
            Assert.Equal(ChangeDiff.DeviceFields, ChangeDiff.Of(null, device).Select(change => change.Field));

            var user = new User { UserName = "u", Name = "n", EmailAddress = "u@example.com", UserDescription = "d", Organizations = new[] { "o" } };
            Assert.Equal(ChangeDiff.UserFields, ChangeDiff.Of(null, user).Select(change => change.Field));
        }

        [Fact]
        public void The_entry_time_is_kept_in_utc_to_the_microsecond()
        {
            var precise = new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.FromHours(9)).AddTicks(1234567);
            ChangeEntry entry = ChangeDiff.ForDevice(null, Device(), "17", Import, precise, Sato)!;

            // Kept in UTC (AtUtc); handed out in this computer's offset (At, ShownTime): the same instant in any time zone.
            Assert.Equal(TimeSpan.Zero, entry.AtUtc.Offset);
            Assert.Equal(precise.UtcDateTime.AddTicks(-7), entry.AtUtc.UtcDateTime);
            Assert.Equal(entry.AtUtc, entry.At);
            Assert.Equal(TimeZoneInfo.Local.GetUtcOffset(entry.AtUtc), entry.At.Offset);
            Assert.Equal("2026-12-01T00:30:00.123456Z", HistoryTime.ToText(entry.At));
            Assert.Equal(entry.At, HistoryTime.Parse(HistoryTime.ToText(entry.At)));
        }
    }
}
