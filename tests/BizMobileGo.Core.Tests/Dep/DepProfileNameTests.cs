using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Tests.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Dep
{
    /// <summary>
    /// The module's DEP CSV gives a ProfileName, Apple's data a profile uuid: a name is matched against the profiles
    /// known by uuid, so importing the CSV after Apple's responses keeps Apple's uuid (walkthrough B1).
    /// </summary>
    public class DepProfileNameTests : IDisposable
    {
        private const string SalesUuid = "4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D";
        private const string KioskUuid = "9E8D7C6B5A4F4E3D2C1B0A9F8E7D6C5B";
        private const string OtherKioskUuid = "11112222333344445555666677778888";

        private readonly StoreFixture _fx = new StoreFixture(seed: false);

        public void Dispose() => _fx.Dispose();

        private string Write(string name, string content) => _fx.WriteFile(name, content);

        private DepImportResult Import(string name, string content) => DepImport.Import(_fx.Store, Write(name, content), StoreFixture.T0);

        private static string Profile(string uuid, string name) => "{\"profile_uuid\":\"" + uuid + "\",\"profile_name\":\"" + name + "\"}";

        private static string Device(string serial, string uuid) => "{\"serial_number\":\"" + serial + "\",\"model\":\"iPhone 15\",\"profile_uuid\":\"" + uuid + "\"}";

        /// <summary>examples/dep-profile-*.json and dep-fetch-devices.json, as far as profiles go.</summary>
        private void ImportApplesData()
        {
            Assert.Empty(Import("sales.json", Profile(SalesUuid, "Sales iPhones")).Errors);
            Assert.Empty(Import("kiosk.json", Profile(KioskUuid, "Kiosk")).Errors);
            Assert.Empty(Import("fetch.json", "{\"devices\":[" + Device("AAABBBCCCDDD", SalesUuid) + "," + Device("BBBCCCDDDAAA", SalesUuid) + "," +
                Device("CCCDDDAAABBB", KioskUuid) + "]}").Errors);
        }

        private string Profiles() =>
            string.Join("; ", _fx.Store.GetDepProfiles().Select(p => $"{p.Name}={p.Uuid}:{p.DeviceCount}"));

        private string Uuids() =>
            string.Join("; ", _fx.Store.GetDepDevices().Select(d => $"{d.SerialNumber}={d.ProfileUuid}"));

        [Fact(DisplayName = "B1 the module's CSV naming each device's own profile keeps Apple's uuid; every profile shows once")]
        public void SameNameKeepsTheUuid()
        {
            ImportApplesData();
            DepImportResult result = Import("dep-devices.csv",
                "SerialNumber,Model,Description,ProfileName\nAAABBBCCCDDD,iPhone 15,IPHONE 15,Sales iPhones\nBBBCCCDDDAAA,iPhone 15,,Sales iPhones\nCCCDDDAAABBB,iPhone 15,,Kiosk\n");

            Assert.Empty(result.Errors);
            Assert.Equal(1, result.Summary.Updated);
            Assert.Equal(2, result.Summary.Unchanged);
            Assert.Equal($"AAABBBCCCDDD={SalesUuid}; BBBCCCDDDAAA={SalesUuid}; CCCDDDAAABBB={KioskUuid}", Uuids());
            Assert.Equal($"Kiosk={KioskUuid}:1; Sales iPhones={SalesUuid}:2", Profiles());
        }

        [Fact(DisplayName = "B1 a ProfileName of another profile known by uuid assigns that uuid; a name no profile has is a profile known only by name; an empty cell clears")]
        public void OtherNamesAndEmptyCell()
        {
            ImportApplesData();
            DepImportResult result = Import("move.csv", "SerialNumber,ProfileName\nAAABBBCCCDDD,Field iPhones\nBBBCCCDDDAAA,Kiosk\nCCCDDDAAABBB,\n");

            Assert.Empty(result.Errors);
            Assert.Equal(3, result.Summary.Updated);
            Assert.Equal($"AAABBBCCCDDD=; BBBCCCDDDAAA={KioskUuid}; CCCDDDAAABBB=", Uuids());
            Assert.Equal("Field iPhones", _fx.Store.GetDepDevice("AAABBBCCCDDD")!.ProfileName);
            Assert.Equal("Kiosk", _fx.Store.GetDepDevice("BBBCCCDDDAAA")!.ProfileName);
            Assert.Null(_fx.Store.GetDepDevice("CCCDDDAAABBB")!.ProfileName);
            Assert.Equal($"Field iPhones=:1; Kiosk={KioskUuid}:1; Sales iPhones={SalesUuid}:0", Profiles());
        }

        [Fact(DisplayName = "B1 a ProfileName two profiles share doesn't say which: InvalidFieldValue naming both uuids and the line, nothing imported")]
        public void SharedNameIsRefused()
        {
            ImportApplesData();
            Assert.Empty(Import("other-kiosk.json", Profile(OtherKioskUuid, "Kiosk")).Errors);
            string before = _fx.Snapshot() + Uuids();

            DepImportResult result = Import("move.csv", "SerialNumber,Model,ProfileName\nAAABBBCCCDDD,iPhone 16,Sales iPhones\nBBBCCCDDDAAA,iPhone 16,Kiosk\n");

            BmgException e = Assert.Single(result.Errors);
            Assert.Equal(ErrorIds.InvalidFieldValue, e.ErrorId);
            Assert.Contains("Line 3 (serial '", e.Message, StringComparison.Ordinal);
            Assert.Contains("': ProfileName 'Kiosk' is not valid: 2 DEP profiles have this name", e.Message, StringComparison.Ordinal);
            Assert.Contains(KioskUuid, e.Message, StringComparison.Ordinal);
            Assert.Contains(OtherKioskUuid, e.Message, StringComparison.Ordinal);
            Assert.Contains("ProfileUuid column", e.Message, StringComparison.Ordinal);
            Assert.Equal(1, result.Summary.Failed);
            Assert.False(result.Summary.Committed);
            Assert.Equal(before, _fx.Snapshot() + Uuids());
        }

        [Fact(DisplayName = "B1 a ProfileName for a device whose uuid has no name yet, matching no profile, is refused rather than losing the uuid")]
        public void UnnamedUuidIsNotReplacedByAName()
        {
            Assert.Empty(Import("fetch.json", "{\"devices\":[" + Device("AAABBBCCCDDD", SalesUuid) + "]}").Errors);
            string before = _fx.Snapshot() + Uuids();

            DepImportResult result = Import("dep.csv", "SerialNumber,ProfileName\nAAABBBCCCDDD,Sales iPhones\n");

            BmgException e = Assert.Single(result.Errors);
            Assert.Equal(ErrorIds.InvalidFieldValue, e.ErrorId);
            Assert.Contains("Line 2 (serial '", e.Message, StringComparison.Ordinal);
            Assert.Contains($"': ProfileName 'Sales iPhones' can't be matched: the device is assigned the DEP profile {SalesUuid}, whose name is not known", e.Message, StringComparison.Ordinal);
            Assert.Contains($"Set-BmgDepProfile -Uuid {SalesUuid}", e.Message, StringComparison.Ordinal);
            Assert.Equal(before, _fx.Snapshot() + Uuids());

            // Once the profile is named, the same file changes nothing.
            Assert.Empty(Import("sales.json", Profile(SalesUuid, "Sales iPhones")).Errors);
            Assert.Equal(1, Import("dep.csv", "SerialNumber,ProfileName\nAAABBBCCCDDD,Sales iPhones\n").Summary.Unchanged);
            Assert.Equal(SalesUuid, _fx.Store.GetDepDevice("AAABBBCCCDDD")!.ProfileUuid);
        }

        [Fact(DisplayName = "B1 a name given in the file's profile list counts as known (a device response with profiles[])")]
        public void NameGivenInTheSameFile()
        {
            DepImportResult result = Import("devices.json",
                "{\"devices\":[" + Device("AAABBBCCCDDD", SalesUuid) + "],\"profiles\":[{\"profile_uuid\":\"" + SalesUuid + "\",\"profile_name\":\"Sales iPhones\"}]}");
            Assert.Empty(result.Errors);
            Assert.Empty(Import("dep.csv", "SerialNumber,ProfileName\nBBBCCCDDDAAA,Sales iPhones\n").Errors);
            Assert.Equal(SalesUuid, _fx.Store.GetDepDevice("BBBCCCDDDAAA")!.ProfileUuid);
        }

        [Fact(DisplayName = "B1 a ProfileUuid with a ProfileName beside it names that profile; two names for one uuid are refused")]
        public void UuidAndNameNameTheProfile()
        {
            DepImportResult result = Import("dep.csv", $"SerialNumber,ProfileUuid,ProfileName\nAAABBBCCCDDD,{SalesUuid},Sales iPhones\nBBBCCCDDDAAA,{SalesUuid.ToLowerInvariant()},Sales iPhones\n");

            Assert.Empty(result.Errors);
            Assert.Equal(1, result.Summary.Profiles);
            Assert.Empty(result.Summary.UnnamedProfileUuids);
            Assert.Equal("Sales iPhones", _fx.Store.GetDepProfileName(SalesUuid));
            Assert.Equal($"Sales iPhones={SalesUuid}:2", Profiles());
            Assert.Equal(2, Import("dep.csv", $"SerialNumber,ProfileUuid,ProfileName\nAAABBBCCCDDD,{SalesUuid},Sales iPhones\nBBBCCCDDDAAA,{SalesUuid},Sales iPhones\n").Summary.Unchanged);

            string before = _fx.Snapshot() + Profiles();
            result = Import("two-names.csv", $"SerialNumber,ProfileUuid,ProfileName\nAAABBBCCCDDD,{SalesUuid},Sales\nBBBCCCDDDAAA,{SalesUuid},Sales iPads\n");
            BmgException e = Assert.Single(result.Errors);
            Assert.Equal(ErrorIds.InvalidFieldValue, e.ErrorId);
            Assert.Contains("Line 3 (serial '", e.Message, StringComparison.Ordinal);
            Assert.Contains($"': ProfileName 'Sales iPads' is not valid: line 2 names the profile {SalesUuid} 'Sales'", e.Message, StringComparison.Ordinal);
            Assert.Equal(before, _fx.Snapshot() + Profiles());
        }

        [Fact(DisplayName = "B1 a profile named after the CSV gave its name (profile response or Set-BmgDepProfile) gives its uuid to the devices known only by that name")]
        public void NamingLaterAssignsTheUuid()
        {
            Assert.Empty(Import("dep.csv", "SerialNumber,ProfileName\nAAABBBCCCDDD,Sales iPhones\nBBBCCCDDDAAA,Sales iPhones\nCCCDDDAAABBB,Kiosk\n").Errors);
            string? described = null;
            DepImportResult whatIf = DepImport.Import(_fx.Store, Write("sales.json", Profile(SalesUuid, "Sales iPhones")), StoreFixture.T0, plan =>
            {
                described = plan.Describe();
                return false;
            });
            Assert.Equal(2, whatIf.Summary.Updated);
            Assert.Equal($"change 2 (AAABBBCCCDDD: ProfileUuid, BBBCCCDDDAAA: ProfileUuid); name 1 profile ({SalesUuid} = 'Sales iPhones')", described);
            Assert.Equal("AAABBBCCCDDD=; BBBCCCDDDAAA=; CCCDDDAAABBB=", Uuids());

            DepImportResult result = Import("sales.json", Profile(SalesUuid, "Sales iPhones"));
            Assert.Equal(2, result.Summary.Updated);
            DepInventory.NameProfile(_fx.Store, KioskUuid, "Kiosk", _ => true, StoreFixture.T0);

            Assert.Equal($"AAABBBCCCDDD={SalesUuid}; BBBCCCDDDAAA={SalesUuid}; CCCDDDAAABBB={KioskUuid}", Uuids());
            Assert.Equal($"Kiosk={KioskUuid}:1; Sales iPhones={SalesUuid}:2", Profiles());

            // Two profiles named alike at once don't say which: the device known only by that name stays so.
            Assert.Empty(Import("shared.csv", "SerialNumber,ProfileName\nDDDAAABBBCCC,Shared\n").Errors);
            DepImportResult shared = Import("shared.json", "{\"devices\":[],\"profiles\":[{\"profile_uuid\":\"" + OtherKioskUuid +
                "\",\"profile_name\":\"Shared\"},{\"profile_uuid\":\"ABCDABCDABCDABCDABCDABCDABCDABCD\",\"profile_name\":\"Shared\"}]}");
            Assert.Empty(shared.Errors);
            Assert.Equal((2, 0), (shared.Summary.Profiles, shared.Summary.Updated));
            Assert.Null(_fx.Store.GetDepDevice("DDDAAABBBCCC")!.ProfileUuid);
        }

        [Fact(DisplayName = "B1 a ProfileName differing only in case from a known profile's is InvalidFieldValue naming the line and the spelling; nothing imported")]
        public void NameDifferingOnlyInCaseIsRefused()
        {
            ImportApplesData();
            Assert.Empty(Import("field.csv", "SerialNumber,ProfileName\nDDDAAABBBCCC,Field iPhones\n").Errors);
            string before = _fx.Snapshot() + Uuids() + Profiles();

            DepImportResult result = Import("dep.csv", "SerialNumber,Model,ProfileName\nAAABBBCCCDDD,iPhone 16,sales iphones\nBBBCCCDDDAAA,iPhone 16,FIELD IPHONES\n");

            Assert.Equal(2, result.Errors.Count);
            Assert.All(result.Errors, e => Assert.Equal(ErrorIds.InvalidFieldValue, e.ErrorId));
            Assert.Contains("Line 2 (serial '", result.Errors[0].Message, StringComparison.Ordinal);
            Assert.Contains($"': ProfileName 'sales iphones' is not valid: no DEP profile has this name, and names are compared exactly (case-sensitive); " +
                $"the profile 'Sales iPhones' ({SalesUuid}) differs only in case", result.Errors[0].Message, StringComparison.Ordinal);
            Assert.Contains("Line 3 (serial '", result.Errors[1].Message, StringComparison.Ordinal);
            Assert.Contains("': ProfileName 'FIELD IPHONES' is not valid", result.Errors[1].Message, StringComparison.Ordinal);
            Assert.Contains("the profile 'Field iPhones' (known only by name) differs only in case", result.Errors[1].Message, StringComparison.Ordinal);
            Assert.Equal((2, false), (result.Summary.Failed, result.Summary.Committed));
            Assert.Equal(before, _fx.Snapshot() + Uuids() + Profiles());

            // Two profiles spelled otherwise are both named.
            Assert.Empty(Import("other.json", Profile(OtherKioskUuid, "SALES iPhones")).Errors);
            BmgException both = Assert.Single(Import("dep.csv", "SerialNumber,ProfileName\nAAABBBCCCDDD,sales iphones\n").Errors);
            Assert.Contains($"the profile 'SALES iPhones' ({OtherKioskUuid}), the profile 'Sales iPhones' ({SalesUuid}) differ only in case", both.Message, StringComparison.Ordinal);
        }

        [Fact(DisplayName = "B1 two new spellings of one profile name in one CSV: the first row's wins, a later one differing only in case is InvalidFieldValue naming it and its line; nothing imported")]
        public void NewNameSpelledOtherwiseInTheSameFileIsRefused()
        {
            ImportApplesData();
            string before = _fx.Snapshot() + Uuids() + Profiles();

            DepImportResult result = Import("dep.csv",
                "SerialNumber,ProfileName\nAAABBBCCCDDD,Field iPhones\nBBBCCCDDDAAA,FIELD IPHONES\nCCCDDDAAABBB,Field iPhones\nDDDAAABBBCCC,field iphones\n");

            Assert.Equal(2, result.Errors.Count);
            Assert.All(result.Errors, e => Assert.Equal(ErrorIds.InvalidFieldValue, e.ErrorId));
            Assert.Contains("Line 3 (serial '", result.Errors[0].Message, StringComparison.Ordinal);
            Assert.Contains("': ProfileName 'FIELD IPHONES' is not valid: no DEP profile has this name, and names are compared exactly (case-sensitive); " +
                "the profile 'Field iPhones' (new, at line 2) differs only in case: write the name as the profile has it", result.Errors[0].Message, StringComparison.Ordinal);
            Assert.Contains("Line 5 (serial '", result.Errors[1].Message, StringComparison.Ordinal);
            Assert.Contains("': ProfileName 'field iphones' is not valid", result.Errors[1].Message, StringComparison.Ordinal);
            Assert.Contains("the profile 'Field iPhones' (new, at line 2) differs only in case", result.Errors[1].Message, StringComparison.Ordinal);
            Assert.Equal((2, false), (result.Summary.Failed, result.Summary.Committed));
            Assert.Equal(before, _fx.Snapshot() + Uuids() + Profiles());

            // One spelling throughout: one new profile known only by that name.
            Assert.Empty(Import("dep.csv", "SerialNumber,ProfileName\nAAABBBCCCDDD,Field iPhones\nBBBCCCDDDAAA,Field iPhones\n").Errors);
            Assert.Equal($"Field iPhones=:2; Kiosk={KioskUuid}:1; Sales iPhones={SalesUuid}:0", Profiles());
        }

        [Fact(DisplayName = "B1 matching a CSV's profile names reads the store's profiles once, also when a name is spelled otherwise")]
        public void ProfilesAreReadOncePerPlan()
        {
            ImportApplesData();
            Assert.Empty(Import("field.csv", "SerialNumber,ProfileName\nDDDAAABBBCCC,Field iPhones\n").Errors);
            DepFileContent content = DepDeviceFile.Read(Write("dep.csv", "SerialNumber,ProfileName\nAAABBBCCCDDD,Kiosk\nBBBCCCDDDAAA,FIELD IPHONES\nCCCDDDAAABBB,Sales\n"));
            var reads = new List<string>();

            DepImportPlan plan = DepImport.Plan(ReadCountingStore.Over(_fx.Store, reads), content, StoreFixture.T0);

            Assert.Contains("the profile 'Field iPhones' (known only by name)", Assert.Single(plan.Errors).Message, StringComparison.Ordinal);
            Assert.Equal(1, reads.Count(r => r == nameof(IDeviceStore.GetDepProfiles)));
        }

        /// <summary>The real store, its calls noted by name: to count how often something is read.</summary>
        public class ReadCountingStore : StoreProxy
        {
            private List<string> _calls = null!;

            public static IDeviceStore Over(IDeviceStore store, List<string> calls) =>
                Over<ReadCountingStore>(store, proxy => proxy._calls = calls);

            protected override object? Invoke(MethodInfo? method, object?[]? args)
            {
                _calls.Add(method!.Name);
                return CallInner(method, args);
            }
        }

        [Fact(DisplayName = "B1 Set-BmgDepProfile's action counts the devices it gives the uuid; renaming one of two profiles of a name away lets the other adopt")]
        public void NamingCountsAndRenamingAwayAdopts()
        {
            Assert.Empty(Import("dep.csv", "SerialNumber,ProfileName\nAAABBBCCCDDD,Sales\nBBBCCCDDDAAA,Sales\nCCCDDDAAABBB,Kiosk\n").Errors);
            string? asked = null;
            DepProfileNaming declined = DepInventory.NameProfile(_fx.Store, KioskUuid, "Kiosk", action => { asked = action; return false; }, StoreFixture.T0);
            Assert.Equal($"Name DEP profile {KioskUuid} 'Kiosk', giving its uuid to 1 DEP device known only by the name 'Kiosk'", asked);
            Assert.Equal((0, null), (declined.DevicesGivenUuid, declined.Done));
            Assert.Null(_fx.Store.GetDepDevice("CCCDDDAAABBB")!.ProfileUuid);

            // Two profiles named Sales at once: neither is the devices' profile.
            Assert.Empty(Import("two.json", "{\"devices\":[],\"profiles\":[" + Profile(SalesUuid, "Sales") + "," + Profile(OtherKioskUuid, "Sales") + "]}").Errors);
            Assert.Equal("AAABBBCCCDDD=; BBBCCCDDDAAA=; CCCDDDAAABBB=", Uuids());

            // One renamed away: the Sales left is the devices' profile.
            DepProfileNaming renamed = DepInventory.NameProfile(_fx.Store, OtherKioskUuid, "Sales iPads", action => { asked = action; return true; }, StoreFixture.T0);
            Assert.Equal($"Rename DEP profile {OtherKioskUuid} from 'Sales' to 'Sales iPads', " +
                $"giving the uuid of the one profile left named 'Sales' ({SalesUuid}) to 2 DEP devices known only by that name", asked);
            Assert.Equal(2, renamed.DevicesGivenUuid);
            Assert.Equal(asked, renamed.Done);
            Assert.Equal($"AAABBBCCCDDD={SalesUuid}; BBBCCCDDDAAA={SalesUuid}; CCCDDDAAABBB=", Uuids());
        }

        [Fact(DisplayName = "B1 a profile response renaming one of two profiles of a name away lets the other adopt the devices known only by it")]
        public void ProfileResponseRenamingAwayAdopts()
        {
            Assert.Empty(Import("dep.csv", "SerialNumber,ProfileName\nAAABBBCCCDDD,Sales\n").Errors);
            Assert.Empty(Import("two.json", "{\"devices\":[],\"profiles\":[" + Profile(SalesUuid, "Sales") + "," + Profile(OtherKioskUuid, "Sales") + "]}").Errors);
            Assert.Null(_fx.Store.GetDepDevice("AAABBBCCCDDD")!.ProfileUuid);

            DepImportResult result = Import("renamed.json", Profile(OtherKioskUuid, "Sales iPads"));

            Assert.Empty(result.Errors);
            Assert.Equal((1, 1), (result.Summary.Profiles, result.Summary.Updated));
            Assert.Equal(SalesUuid, _fx.Store.GetDepDevice("AAABBBCCCDDD")!.ProfileUuid);
        }
    }
}
