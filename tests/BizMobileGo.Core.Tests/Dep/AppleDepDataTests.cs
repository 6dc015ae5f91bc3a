using System;
using System.Linq;
using BizMobileGo.Core.CheckIn;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Tests.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Dep
{
    /// <summary>Issue 11: Apple's own DEP data, in the exact shapes Apple's Device Assignment Services return.</summary>
    public class AppleDepDataTests : IDisposable
    {
        private const string SalesUuid = "4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D";
        private const string KioskUuid = "9E8D7C6B5A4F4E3D2C1B0A9F8E7D6C5B";

        private readonly StoreFixture _fx = new StoreFixture();

        public void Dispose() => _fx.Dispose();

        private string Write(string name, string content) => _fx.WriteFile(name, content);

        private DepImportSummary Import(string name, string content, DateTimeOffset? now = null) =>
            DepDeviceFile.Import(_fx.Store, Write(name, content), now ?? StoreFixture.T0);

        // A device of Apple's fetch response, every field as Apple names it, plus a field Apple may add later.
        private static string FetchDevice(string serial, string model = "iPad Air", string profileUuid = SalesUuid, string os = "iPadOS", string family = "iPad") =>
            "{\"serial_number\":\"" + serial + "\",\"model\":\"" + model + "\",\"description\":\"IPAD AIR WI-FI 64GB SPACE GRAY\",\"color\":\"SPACE GRAY\"," +
            "\"asset_tag\":\"A-0042\",\"profile_status\":\"assigned\",\"profile_uuid\":\"" + profileUuid + "\",\"profile_assign_time\":\"2026-11-02T01:15:42Z\"," +
            "\"profile_push_time\":\"2026-11-03T08:40:05Z\",\"device_assigned_date\":\"2026-10-28T06:03:11Z\",\"device_assigned_by\":\"admin@example.co.jp\"," +
            "\"os\":\"" + os + "\",\"device_family\":\"" + family + "\",\"some_future_field\":{\"nested\":[1,2]}}";

        private static string FetchResponse(params string[] devices) =>
            "{\"devices\":[" + string.Join(",", devices) + "],\"cursor\":\"MTozMjo5Nzg0NTYxMjM0\",\"fetched_until\":\"2026-11-20T09:30:00Z\",\"more_to_follow\":false}";

        private static string SyncEntry(string serial, string opType, string opDate, string extra = "") =>
            "{\"serial_number\":\"" + serial + "\",\"model\":\"iPhone 15\",\"os\":\"iOS\",\"device_family\":\"iPhone\"," + extra +
            "\"op_type\":\"" + opType + "\",\"op_date\":\"" + opDate + "\"}";

        private static string SyncResponse(params string[] devices) =>
            "{\"devices\":[" + string.Join(",", devices) + "],\"cursor\":\"MTozMjo5Nzg0NTYxMjM1\",\"more_to_follow\":false}";

        private static string ProfileResponse(string uuid, string name) =>
            "{\"profile_uuid\":\"" + uuid + "\",\"profile_name\":\"" + name + "\",\"url\":\"https://mdm.example.co.jp/enroll\",\"allow_pairing\":true," +
            "\"is_supervised\":true,\"is_mandatory\":true,\"await_device_configured\":false,\"is_mdm_removable\":false,\"department\":\"Sales\"," +
            "\"org_magic\":\"913FABBB-0032\",\"support_phone_number\":\"03-1234-5678\",\"support_email_address\":\"it@example.co.jp\"," +
            "\"anchor_certs\":[],\"supervising_host_certs\":[],\"skip_setup_items\":[\"Location\",\"Siri\"],\"devices\":[\"AAABBBCCCDDD\"]}";

        [Fact(DisplayName = "11 a fetch response in Apple's shape is read field by field, dates as UTC, unknown keys ignored")]
        public void FetchResponseIsRead()
        {
            DepImportSummary summary = Import("fetch.json", FetchResponse(FetchDevice("aaabbbcccddd")));

            Assert.Equal("Apple device response", summary.Format);
            Assert.Equal(1, summary.Added);
            DepDevice device = _fx.Store.GetDepDevice("AAABBBCCCDDD")!;
            Assert.Equal("iPad Air", device.Model);
            Assert.Equal("IPAD AIR WI-FI 64GB SPACE GRAY", device.Description);
            Assert.Equal("SPACE GRAY", device.Color);
            Assert.Equal("A-0042", device.AssetTag);
            Assert.Equal("assigned", device.ProfileStatus);
            Assert.Equal(SalesUuid, device.ProfileUuid);
            Assert.Equal(new DateTimeOffset(2026, 11, 2, 1, 15, 42, TimeSpan.Zero), device.ProfileAssignTime);
            Assert.Equal(new DateTimeOffset(2026, 11, 3, 8, 40, 5, TimeSpan.Zero), device.ProfilePushTime);
            Assert.Equal(new DateTimeOffset(2026, 10, 28, 6, 3, 11, TimeSpan.Zero), device.DeviceAssignedDate);
            Assert.Equal("admin@example.co.jp", device.DeviceAssignedBy);
            Assert.Equal("iPadOS", device.OS);
            Assert.Equal("iPad", device.Family);
            Assert.True(device.IsIos);
            Assert.Equal(new[] { SalesUuid }, summary.UnnamedProfileUuids);
        }

        [Fact(DisplayName = "11 several pages as several files apply in the order given")]
        public void PagesApplyInOrder()
        {
            Import("page1.json", FetchResponse(FetchDevice("AAABBBCCCDDD", model: "iPad Air"), FetchDevice("BBBCCCDDDAAA")).Replace("false}", "true}"));
            DepImportSummary second = Import("page2.json", FetchResponse(FetchDevice("CCCDDDAAABBB"), FetchDevice("AAABBBCCCDDD", model: "iPad Air (5th generation)")));

            Assert.Equal(1, second.Added);
            Assert.Equal(1, second.Updated);
            Assert.Equal(new[] { "AAABBBCCCDDD", "BBBCCCDDDAAA", "CCCDDDAAABBB" }, _fx.Store.GetDepDevices().Select(d => d.SerialNumber).ToArray());
            Assert.Equal("iPad Air (5th generation)", _fx.Store.GetDepDevice("AAABBBCCCDDD")!.Model);
        }

        [Theory(DisplayName = "11 a profile response names the profile whether imported before or after the devices")]
        [InlineData(true)]
        [InlineData(false)]
        public void ProfileFileNamesTheProfileAtAnyTime(bool profileFirst)
        {
            string profile = ProfileResponse(SalesUuid.ToLowerInvariant(), "Sales iPads");
            if (profileFirst)
            {
                Assert.Equal(1, Import("profile.json", profile).Profiles);
            }

            Import("fetch.json", FetchResponse(FetchDevice("AAABBBCCCDDD"), FetchDevice("BBBCCCDDDAAA", profileUuid: KioskUuid)));
            if (!profileFirst)
            {
                DepImportSummary summary = Import("profile.json", profile);
                Assert.Equal("Apple profile response", summary.Format);
                Assert.Equal(0, summary.Devices);
            }

            Assert.Equal("Sales iPads", _fx.Store.GetDepDevice("AAABBBCCCDDD")!.ProfileName);
            Assert.Null(_fx.Store.GetDepDevice("BBBCCCDDDAAA")!.ProfileName);
            DepProfile[] profiles = _fx.Store.GetDepProfiles().ToArray();
            Assert.Contains(profiles, p => p.Name == "Sales iPads" && p.DeviceCount == 1);
            Assert.Contains(profiles, p => p.Name == null && p.Uuid == KioskUuid && p.DeviceCount == 1);
        }

        [Fact(DisplayName = "11 a profile named by hand (Set-BmgDepProfile) names its devices, and a rename follows everywhere")]
        public void ProfileNamedByHand()
        {
            Import("fetch.json", FetchResponse(FetchDevice("AAABBBCCCDDD")));
            DepProfile named = DepInventory.NameProfile(_fx.Store, SalesUuid, "Sales", _ => true, StoreFixture.T0).Profile;
            Assert.Equal(1, named.DeviceCount);
            Assert.Equal("Sales", _fx.Store.GetDepDevice("AAABBBCCCDDD")!.ProfileName);

            DepInventory.NameProfile(_fx.Store, SalesUuid.ToLowerInvariant(), "Sales iPads", _ => true, StoreFixture.T0);
            Assert.Equal("Sales iPads", _fx.Store.GetDepDevice("AAABBBCCCDDD")!.ProfileName);
            BmgException e = Assert.Throws<BmgException>(() => DepInventory.NameProfile(_fx.Store, "not a uuid!", "x", _ => true, StoreFixture.T0));
            Assert.Equal(ErrorIds.InvalidFieldValue, e.ErrorId);
            Assert.Contains("Uuid", e.Message, StringComparison.Ordinal);
        }

        [Fact(DisplayName = "P3 Set-BmgDepProfile refuses a known uuid written with other dashes or case, naming it; nothing is written")]
        public void NamingRefusesAKnownUuidWrittenOtherwise()
        {
            Import("fetch.json", FetchResponse(FetchDevice("AAABBBCCCDDD")));
            const string dashed = "4f2a9d3c-1b6e-4a8f-9c2d-7e1f0a3b5c6d";
            BmgException e = Assert.Throws<BmgException>(() => DepInventory.NameProfile(_fx.Store, dashed, "Sales", _ => true, StoreFixture.T0));
            Assert.Equal(ErrorIds.InvalidFieldValue, e.ErrorId);
            Assert.Contains($"Uuid value '{dashed}' is not valid", e.Message, StringComparison.Ordinal);
            Assert.Contains($"did you mean {SalesUuid}?", e.Message, StringComparison.Ordinal);
            Assert.Equal(new[] { SalesUuid }, _fx.Store.GetDepProfiles().Select(p => p.Uuid).ToArray());

            // A profile named by hand is known too, with no device assigned it.
            const string spare = "11112222AAAABBBBCCCCDDDDEEEEFFFF";
            DepInventory.NameProfile(_fx.Store, spare, "Spare", _ => true, StoreFixture.T0);
            e = Assert.Throws<BmgException>(() => DepInventory.NameProfile(_fx.Store, "11112222-aaaa-bbbb-cccc-ddddeeeeffff", "Spare 2", _ => true, StoreFixture.T0));
            Assert.Contains($"did you mean {spare}?", e.Message, StringComparison.Ordinal);
            Assert.Equal("Spare", _fx.Store.GetDepProfileName(spare));
            Assert.Null(_fx.Store.GetDepProfileName("11112222-aaaa-bbbb-cccc-ddddeeeeffff"));
        }

        [Fact(DisplayName = "P3 Set-BmgDepProfile names a uuid nothing has yet, with a warning (also when declined); a known one has none")]
        public void NamingWarnsOfAUuidNothingHas()
        {
            Import("fetch.json", FetchResponse(FetchDevice("AAABBBCCCDDD")));
            const string unknown = "0123456789ABCDEF0123456789ABCDEF";
            DepProfileNaming declined = DepInventory.NameProfile(_fx.Store, unknown, "X", _ => false, StoreFixture.T0);
            Assert.Equal($"No DEP device or profile has the uuid '{unknown}' yet: check it for a typo (Get-BmgDepProfile lists the known uuids); " +
                "a later import of Apple's devices may bring devices with it.", declined.Warning);
            Assert.Null(_fx.Store.GetDepProfileName(unknown));

            DepProfileNaming named = DepInventory.NameProfile(_fx.Store, unknown, "X", _ => true, StoreFixture.T0);
            Assert.Equal(declined.Warning, named.Warning);
            Assert.Equal("X", _fx.Store.GetDepProfileName(unknown));
            Assert.Null(DepInventory.NameProfile(_fx.Store, unknown.ToLowerInvariant(), "Y", _ => true, StoreFixture.T0).Warning);
            Assert.Null(DepInventory.NameProfile(_fx.Store, SalesUuid.ToLowerInvariant(), "Sales", _ => true, StoreFixture.T0).Warning);
        }

        [Theory(DisplayName = "P3 Set-BmgDepProfile refuses a uuid nothing has that is not Apple's 32 hex digits; nothing is asked or written")]
        [InlineData("nonsense")]
        [InlineData("4F2A9D3C")]
        [InlineData("01234567-89AB-CDEF-0123-456789ABCDEF")]
        [InlineData("0123456789ABCDEF0123456789ABCDEFA")]
        public void NamingRefusesAnUnknownUuidNotInApplesForm(string uuid)
        {
            bool asked = false;
            BmgException e = Assert.Throws<BmgException>(() => DepInventory.NameProfile(_fx.Store, uuid, "X", _ => asked = true, StoreFixture.T0));
            Assert.Equal(ErrorIds.InvalidFieldValue, e.ErrorId);
            Assert.StartsWith($"Uuid value '{uuid}' is not valid: no DEP device or profile has it, and {DepInventory.AppleUuidRule}", e.Message, StringComparison.Ordinal);
            Assert.False(asked);
            Assert.Empty(_fx.Store.GetDepProfiles());
        }

        [Fact(DisplayName = "P3 Set-BmgDepProfile names a uuid a DEP file gave in another form: what the import takes can be named")]
        public void NamingTakesAUuidTheImportTook()
        {
            Import("fetch.json", FetchResponse(FetchDevice("AAABBBCCCDDD", profileUuid: "P-OLD-1")));
            DepProfileNaming named = DepInventory.NameProfile(_fx.Store, "p-old-1", "Old", _ => true, StoreFixture.T0);
            Assert.Null(named.Warning);
            Assert.Equal("Old", _fx.Store.GetDepDevice("AAABBBCCCDDD")!.ProfileName);
        }

        [Fact(DisplayName = "11 a sync response applies in op_date order: added then deleted ends released, deleted then re-added ends added")]
        public void SyncAppliesInOpDateOrder()
        {
            Import("fetch.json", FetchResponse(FetchDevice("BBBCCCDDDAAA")));
            // File order is not time order: Apple's op_date decides.
            DepImportSummary summary = Import("sync.json", SyncResponse(
                SyncEntry("AAABBBCCCDDD", "deleted", "2026-11-21T10:00:00Z"),
                SyncEntry("aaabbbcccddd", "added", "2026-11-21T09:00:00Z"),
                SyncEntry("BBBCCCDDDAAA", "added", "2026-11-22T09:00:00Z"),
                SyncEntry("BBBCCCDDDAAA", "deleted", "2026-11-21T09:00:00Z"),
                SyncEntry("CCCDDDAAABBB", "modified", "2026-11-21T09:00:00Z")));

            Assert.Equal(5, summary.Devices);
            // AAABBBCCCDDD, added and deleted by this file, was never a DEP device the store held: it ends released, counted
            // apart from the DEP devices Apple took back (walkthrough 31b, 8).
            Assert.Equal((0, 1), (summary.Released, summary.ReleasedNotHeld));
            Assert.Equal(1, summary.Added);
            Assert.Equal(1, summary.Updated);
            Assert.Null(_fx.Store.GetDepDevices().FirstOrDefault(d => d.SerialNumber == "AAABBBCCCDDD"));
            Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero), _fx.Store.GetDepDevice("AAABBBCCCDDD")!.ReleasedAt);
            Assert.Null(_fx.Store.GetDepDevice("BBBCCCDDDAAA")!.ReleasedAt);
            Assert.Equal("iPhone 15", _fx.Store.GetDepDevice("CCCDDDAAABBB")!.Model);
        }

        [Fact(DisplayName = "11 a released serial is refused at check-in naming the release; a checked-in device keeps its DepDevice and DepProfile")]
        public void ReleasedSerialAtCheckIn()
        {
            Import("profile.json", ProfileResponse(SalesUuid, "Sales iPhones"));
            Import("fetch.json", FetchResponse(FetchDevice("AAABBBCCCDDD", "iPhone 15", os: "iOS", family: "iPhone"), FetchDevice("BBBCCCDDDAAA", "iPhone 15", os: "iOS", family: "iPhone")));
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Serial,DEPMethod", "done,ios,AAABBBCCCDDD,Serial", "later,ios,BBBCCCDDDAAA,Serial"));
            CheckInService.CheckIn(_fx.Store, new CheckInReport { Serial = "AAABBBCCCDDD" }, StoreFixture.T0);

            Import("sync.json", SyncResponse(
                SyncEntry("AAABBBCCCDDD", "deleted", "2026-11-21T09:00:00Z"),
                SyncEntry("BBBCCCDDDAAA", "deleted", "2026-11-21T09:00:00Z")));

            Device done = _fx.Device("done");
            Assert.Equal("AAABBBCCCDDD", done.DepDevice);
            Assert.Equal("Sales iPhones", done.DepProfile);
            string before = _fx.Snapshot();
            BmgException e = Assert.Throws<BmgException>(() => CheckInService.CheckIn(_fx.Store, new CheckInReport { Serial = "BBBCCCDDDAAA" }, StoreFixture.T0));
            Assert.Equal(ErrorIds.CheckInRejected, e.ErrorId);
            Assert.Contains("released by Apple on 2026-11-21", e.Message, StringComparison.Ordinal);
            Assert.Equal(before, _fx.Snapshot());

            DeviceDepLink link = new DeviceDepLink(done, _fx.Store.GetDepDevice(done.DepDevice!));
            Assert.Equal(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero), link.DepReleasedAt);
            Assert.Contains("released", link.Warning, StringComparison.Ordinal);
        }

        [Fact(DisplayName = "11 a profile whose name is not known is recorded at check-in by its uuid")]
        public void UnnamedProfileAtCheckIn()
        {
            Import("fetch.json", FetchResponse(FetchDevice("AAABBBCCCDDD", "iPhone 15", os: "iOS", family: "iPhone")));
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Serial,DEPMethod", "one,ios,AAABBBCCCDDD,Serial"));
            Assert.Equal(SalesUuid, CheckInService.CheckIn(_fx.Store, new CheckInReport { Serial = "AAABBBCCCDDD" }, StoreFixture.T0).DepProfile);
        }

        [Theory(DisplayName = "11 a Mac, Apple TV or Vision DEP device is kept in the inventory but can't be linked by an import row or a check-in")]
        [InlineData("OSX", "Mac", "MacBook Air", "a Mac")]
        [InlineData("tvOS", "AppleTV", "Apple TV 4K", "an Apple TV")]
        [InlineData("visionOS", "Vision", "Apple Vision Pro", "an Apple Vision")]
        public void NonIosIsNotLinked(string os, string family, string model, string named)
        {
            Import("fetch.json", FetchResponse(FetchDevice("C02XK1ABJG5H", model, os: os, family: family)));
            DepDevice device = Assert.Single(_fx.Store.GetDepDevices());
            Assert.False(device.IsIos);

            ImportOutcome outcome = _fx.Import(StoreFixture.Csv("Identifier,OS,Serial,DEPMethod", "mac1,ios,C02XK1ABJG5H,Serial"));
            Assert.Equal(RecordAction.Failed, outcome.Line(2).DeviceAction);
            RecordError error = Assert.Single(outcome.Line(2).GetErrors());
            Assert.Equal(ErrorIds.InvalidFieldValue, error.ErrorId);
            Assert.Contains($"says it is {named},", error.Message, StringComparison.Ordinal);

            // A device registered before Apple's list said so: the check-in is what refuses it.
            _fx.Store.DeleteDepDevice("C02XK1ABJG5H");
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Serial,DEPMethod", "mac1,ios,C02XK1ABJG5H,Serial"));
            Import("fetch.json", FetchResponse(FetchDevice("C02XK1ABJG5H", model, os: os, family: family)));
            BmgException e = Assert.Throws<BmgException>(() => CheckInService.CheckIn(_fx.Store, new CheckInReport { Serial = "C02XK1ABJG5H" }, StoreFixture.T0));
            Assert.Equal(ErrorIds.CheckInRejected, e.ErrorId);
            Assert.Contains($"is {named} DEP device", e.Message, StringComparison.Ordinal);
        }

        [Theory(DisplayName = "11 iOS only: iPhone, iPad and iPadOS count as iOS; os or model say the family when device_family is absent")]
        [InlineData("iOS", "iPhone", null, true)]
        [InlineData("iPadOS", null, null, true)]
        [InlineData("iOS", null, "iPad Air", true)]
        [InlineData(null, null, null, true)]
        [InlineData("OSX", null, null, false)]
        [InlineData(null, null, "MacBook Pro", false)]
        [InlineData(null, "AppleTV", null, false)]
        public void IosRule(string? os, string? family, string? model, bool ios) =>
            Assert.Equal(ios, new DepDevice { SerialNumber = "AAABBBCCCDDD", OS = os, DeviceFamily = family, Model = model }.IsIos);

        [Fact(DisplayName = "11 absent is untouched, empty clears: a JSON key or CSV column missing keeps the stored value")]
        public void AbsentIsUntouched()
        {
            Import("fetch.json", FetchResponse(FetchDevice("AAABBBCCCDDD")));
            DepImportSummary summary = Import("partial.json", "{\"devices\":[{\"serial_number\":\"AAABBBCCCDDD\",\"color\":\"\",\"asset_tag\":null}]}");
            Assert.Equal(1, summary.Updated);
            DepDevice device = _fx.Store.GetDepDevice("AAABBBCCCDDD")!;
            Assert.Equal("iPad Air", device.Model);
            Assert.Equal(SalesUuid, device.ProfileUuid);
            Assert.Null(device.Color);
            Assert.Null(device.AssetTag);

            summary = Import("serials.csv", "SerialNumber\r\naaabbbcccddd\r\n");
            Assert.Equal(1, summary.Unchanged);
            Assert.Equal("IPAD AIR WI-FI 64GB SPACE GRAY", _fx.Store.GetDepDevice("AAABBBCCCDDD")!.Description);

            Import("clear.csv", "SerialNumber,Description\r\nAAABBBCCCDDD,\r\n");
            Assert.Null(_fx.Store.GetDepDevice("AAABBBCCCDDD")!.Description);
            Assert.Equal("iPad Air", _fx.Store.GetDepDevice("AAABBBCCCDDD")!.Model);
        }

        [Theory(DisplayName = "11 a serial twice in one file (any case) is DuplicateKeyInFile naming both places, and nothing is imported")]
        [InlineData("dup.json", "{\"devices\":[{\"serial_number\":\"AAABBBCCCDDD\"},{\"serial_number\":\"BBBCCCDDDAAA\"},{\"serial_number\":\"aaabbbcccddd\"}]}", "devices[0]", "devices[2]")]
        [InlineData("dup.csv", "SerialNumber,Model\r\nAAABBBCCCDDD,iPad\r\nBBBCCCDDDAAA,iPad\r\naaabbbcccddd,iPad\r\n", "line 2", "line 4")]
        public void DuplicateSerial(string name, string content, string first, string second)
        {
            DepImportResult result = DepImport.Import(_fx.Store, Write(name, content), StoreFixture.T0);
            BmgException e = Assert.Single(result.Errors);
            Assert.Equal(ErrorIds.DuplicateKeyInFile, e.ErrorId);
            Assert.Contains(first, e.Message, StringComparison.Ordinal);
            Assert.Contains(second, e.Message, StringComparison.Ordinal);
            Assert.Equal(1, result.Summary.Failed);
            Assert.False(result.Summary.Committed);
            Assert.Empty(_fx.Store.GetDepDevices());
        }

        [Fact(DisplayName = "11 an invalid date or op_type fails the entry naming the field, and the file imports nothing")]
        public void InvalidEntryFailsTheFile()
        {
            DepImportResult result = DepImport.Import(_fx.Store, Write("bad.json", SyncResponse(
                SyncEntry("AAABBBCCCDDD", "added", "2026-11-21T09:00:00Z", "\"device_assigned_date\":\"yesterday\","),
                SyncEntry("BBBCCCDDDAAA", "removed", "2026-11-21T09:00:00Z"))), StoreFixture.T0);
            Assert.Equal(2, result.Summary.Failed);
            Assert.Contains(result.Errors, e => e.Message.Contains("devices[0]: device_assigned_date 'yesterday'", StringComparison.Ordinal));
            Assert.Contains(result.Errors, e => e.Message.Contains("devices[1]: op_type 'removed'", StringComparison.Ordinal));
            Assert.Empty(_fx.Store.GetDepDevices());
        }

        [Fact(DisplayName = "11 Apple Business Manager's device CSV: known columns mapped, the rest ignored")]
        public void AppleBusinessManagerCsv()
        {
            DepImportSummary summary = Import("abm.csv",
                "\"Serial Number\",\"Device Model\",\"Color\",\"Device Capacity\",\"Order Number\",\"Order Date\",\"Purchase Source ID\",\"Assigned MDM Server\",\"Status\"\r\n" +
                "\"EEEFFFGGGHHH\",\"iPad (10th generation)\",\"Blue\",\"64GB\",\"4012345678\",\"2026-10-15\",\"1A2B3C\",\"BizMobile Go!\",\"Assigned\"\r\n" +
                "\"C02XK1ABJG5H\",\"MacBook Air (13-inch, M3)\",\"Midnight\",\"512GB\",\"4012345679\",\"2026-10-16\",\"1A2B3C\",\"BizMobile Go!\",\"Assigned\"\r\n");
            Assert.Equal("Apple Business Manager CSV", summary.Format);
            Assert.Equal(2, summary.Added);
            DepDevice ipad = _fx.Store.GetDepDevice("EEEFFFGGGHHH")!;
            Assert.Equal("iPad (10th generation)", ipad.Model);
            Assert.Equal("Blue", ipad.Color);
            Assert.True(ipad.IsIos);
            Assert.False(_fx.Store.GetDepDevice("C02XK1ABJG5H")!.IsIos);
        }

        [Fact(DisplayName = "11 -WhatIf plans what would be added, changed and released, and writes nothing")]
        public void WhatIfWritesNothing()
        {
            Import("fetch.json", FetchResponse(FetchDevice("AAABBBCCCDDD"), FetchDevice("BBBCCCDDDAAA")));
            string before = _fx.Snapshot();
            string? described = null;
            DepImportResult result = DepImport.Import(_fx.Store, Write("sync.json", SyncResponse(
                SyncEntry("AAABBBCCCDDD", "modified", "2026-11-21T09:00:00Z"),
                SyncEntry("BBBCCCDDDAAA", "deleted", "2026-11-21T09:00:00Z"),
                SyncEntry("CCCDDDAAABBB", "added", "2026-11-21T09:00:00Z"))), StoreFixture.T0, plan =>
                {
                    described = plan.Describe();
                    return false;
                });

            Assert.True(result.Summary.WhatIf);
            Assert.False(result.Summary.Committed);
            Assert.Equal((1, 1, 1), (result.Summary.Added, result.Summary.Updated, result.Summary.Released));
            Assert.Equal("add 1 (CCCDDDAAABBB); change 1 (AAABBBCCCDDD: Model, OS, DeviceFamily); release 1 (BBBCCCDDDAAA)", described);
            Assert.Equal(before, _fx.Snapshot());
            Assert.Equal(2, _fx.Store.GetDepDevices().Count());
        }
    }
}
