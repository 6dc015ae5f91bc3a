using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.History;
using ImportHistoryEntry = BizMobileGo.Core.Import.ImportHistoryEntry;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;
using Xunit;

namespace BizMobileGo.Core.Tests.History
{
    public class HistoryQueryTests
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

        private readonly MemoryHistoryStore _store = new MemoryHistoryStore();
        private readonly ChangeHistory _history;

        public HistoryQueryTests()
        {
            _history = new ChangeHistory(_store);
            var sato = new ChangeActor("sato", "kitting-01");
            var job = new ChangeActor("bmg-nightly", "server");
            var d1 = new Device { Identifier = "iphone-001", OS = "ios", PlainCode = "A7K29QX4" };
            Device d1Renamed = Changed(d1, d => d.Identifier = "IPHONE-100");
            Device d1Template = Changed(d1Renamed, d => d.Template = "Kiosk");
            var d2 = new Device { Identifier = "ipad-002", OS = "ios", PlainCode = "Z9Q2W7E4" };
            var u1 = new User { UserName = "yamada" };
            // Device key 1 is created, renamed, retemplated; device key 2 created then removed; a user; and a
            // later device that reuses the old identifier (a different device: key 3).
            Record(ChangeDiff.ForDevice(null, d1, "1", new ChangeOrigin("New-BmgDevice"), T0, sato)!);
            Record(ChangeDiff.ForDevice(null, d2, "2", new ChangeOrigin("Import-BmgDeviceCsv", new ImportHistoryEntry { Id = 5 }, 2), T0.AddDays(1), job)!);
            Record(ChangeDiff.ForUser(null, u1, "1", new ChangeOrigin("Import-BmgDeviceCsv", new ImportHistoryEntry { Id = 5 }, 3), T0.AddDays(1), job)!);
            Record(ChangeDiff.ForDevice(d1, d1Renamed, "1", new ChangeOrigin("Set-BmgDevice"), T0.AddDays(2), sato)!);
            Record(ChangeDiff.ForDevice(d1Renamed, d1Template, "1", new ChangeOrigin("Import-BmgDeviceCsv", new ImportHistoryEntry { Id = 6 }, 9), T0.AddDays(3), job)!);
            Record(ChangeDiff.ForDevice(d2, null, "2", new ChangeOrigin("Remove-BmgDevice"), T0.AddDays(4), sato)!);
            Record(ChangeDiff.ForDevice(null, new Device { Identifier = "iphone-001", OS = "android" }, "3", new ChangeOrigin("New-BmgDevice"), T0.AddDays(5), sato)!);
        }

        private static Device Changed(Device device, Action<Device> change)
        {
            Device copy = device.Clone();
            change(copy);
            return copy;
        }

        private void Record(ChangeEntry entry)
        {
            using var write = _store.BeginTransaction();
            ChangeHistory.Record(_store, new[] { entry });
            write.Commit();
        }

        private List<long> Sequences(HistoryQuery query) => _history.Query(query).Select(entry => entry.Sequence).ToList();

        [Fact]
        public void Every_entry_of_a_kind_newest_first()
        {
            Assert.Equal(new long[] { 7, 6, 5, 4, 2, 1 }, Sequences(new HistoryQuery(SubjectKind.Device)));
            Assert.Equal(new long[] { 3 }, Sequences(new HistoryQuery(SubjectKind.User)));
        }

        [Fact]
        public void A_renamed_device_is_found_by_its_old_and_its_new_identifier_and_its_whole_history_follows()
        {
            IReadOnlyCollection<string> byOld = _history.FindSubjectKeys(SubjectKind.Device, "IPHONE-001", name => name.Equals("IPHONE-001", StringComparison.OrdinalIgnoreCase));
            IReadOnlyCollection<string> byNew = _history.FindSubjectKeys(SubjectKind.Device, "iphone-100", name => name.Equals("iphone-100", StringComparison.OrdinalIgnoreCase));

            // The old identifier names two devices: the renamed one and the later one that took the name.
            Assert.Equal(new[] { "1", "3" }, byOld.OrderBy(key => key));
            Assert.Equal(new[] { "1" }, byNew);
            Assert.Equal(new long[] { 5, 4, 1 }, Sequences(new HistoryQuery(SubjectKind.Device) { SubjectKeys = byNew }));
        }

        [Fact]
        public void A_pattern_matches_every_name_a_subject_had_and_a_removed_device_keeps_its_history()
        {
            IReadOnlyCollection<string> keys = _history.FindSubjectKeys(SubjectKind.Device, null, name => name.StartsWith("ipad", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(new[] { "2" }, keys);
            Assert.Equal(new long[] { 6, 2 }, Sequences(new HistoryQuery(SubjectKind.Device) { SubjectKeys = keys }));
            Assert.Empty(_history.FindSubjectKeys(SubjectKind.Device, "nothing", _ => true));
        }

        [Fact]
        public void Since_and_until_include_their_own_instant()
        {
            Assert.Equal(new long[] { 5, 4, 2 }, Sequences(new HistoryQuery(SubjectKind.Device) { Since = T0.AddDays(1), Until = T0.AddDays(3) }));
        }

        [Fact]
        public void Field_finds_entries_that_change_that_field_in_any_case()
        {
            Assert.Equal(new long[] { 5 }, Sequences(new HistoryQuery(SubjectKind.Device) { Fields = new[] { "template" } }));
            Assert.Equal(new long[] { 7, 6, 4, 2, 1 }, Sequences(new HistoryQuery(SubjectKind.Device) { Fields = new[] { "Identifier" } }));
            Assert.Equal(new long[] { 6, 2, 1 }, Sequences(new HistoryQuery(SubjectKind.Device) { Fields = new[] { "Code" } }));
        }

        [Fact]
        public void User_filters_by_the_os_user_and_filters_combine()
        {
            var bySato = new HistoryQuery(SubjectKind.Device) { OsUser = user => user == "sato" };
            Assert.Equal(new long[] { 7, 6, 4, 1 }, Sequences(bySato));
            var combined = new HistoryQuery(SubjectKind.Device) { OsUser = user => user == "sato", SubjectKeys = new[] { "1" }, Since = T0.AddDays(1) };
            Assert.Equal(new long[] { 4 }, Sequences(combined));
        }

        [Fact]
        public void No_subject_keys_means_no_entries_not_every_entry()
        {
            Assert.Empty(Sequences(new HistoryQuery(SubjectKind.Device) { SubjectKeys = Array.Empty<string>() }));
        }

        [Fact]
        public void The_import_entry_names_the_import_and_its_line()
        {
            ChangeEntry entry = _history.Query(new HistoryQuery(SubjectKind.Device) { Fields = new[] { "Template" } }).Single();
            Assert.Equal(("Import-BmgDeviceCsv", 6L, 9, "bmg-nightly", "server"), (entry.Command, entry.ImportId!.Value, entry.Line!.Value, entry.OsUser, entry.Host));
            Assert.Equal("IPHONE-100", entry.Subject);
            Assert.Equal("Template: (none) \u2192 Kiosk", entry.ChangeList);
        }
    }
}
