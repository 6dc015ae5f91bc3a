using System;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Tests.Import;
using BizMobileGo.Core.Times;
using Xunit;

namespace BizMobileGo.Core.Tests.Dep
{
    /// <summary>
    /// Walkthrough 16, 1 and 4: a DEP file older than a release the store holds does not undo it (Apple's own times decide:
    /// op_date, else fetched_until), a file without a time that undoes one says so, and Apple Business Manager's list that no
    /// longer assigns anything to -MdmServer releases what it gives to other servers, unless the name looks like a typo.
    /// </summary>
    public class DepStaleFileTests : DepFileStoreTests
    {
        private const string Serial = "F9FXK2CCCC05";
        private static readonly DateTimeOffset Released = new DateTimeOffset(2026, 11, 22, 3, 10, 0, TimeSpan.Zero);

        private static string Fetch(string fetchedUntil) =>
            "{\"devices\":[{\"serial_number\":\"" + Serial + "\",\"model\":\"iPhone 16\",\"os\":\"iOS\",\"device_family\":\"iPhone\"}],\"cursor\":\"c\"" +
            (fetchedUntil.Length == 0 ? "" : ",\"fetched_until\":\"" + fetchedUntil + "\"") + ",\"more_to_follow\":false}";

        private static string Sync(string opType, string opDate) =>
            "{\"devices\":[{\"serial_number\":\"" + Serial + "\",\"model\":\"iPhone 16\",\"op_type\":\"" + opType + "\",\"op_date\":\"" + opDate + "\"}],\"cursor\":\"d\",\"more_to_follow\":false}";

        /// <summary>The serial imported, then released by a sync at <see cref="Released"/>.</summary>
        private void ImportedAndReleased()
        {
            Assert.Empty(DepImport.Import(Fx.Store, Write("first.json", Fetch("2026-11-01T00:00:00Z")), StoreFixture.T0).Errors);
            Assert.Equal(1, DepImport.Import(Fx.Store, Write("release.json", Sync("deleted", "2026-11-22T03:10:00Z")), StoreFixture.T0).Summary.Released);
        }

        private DepImportPlan Plan(string name, string content) => DepImport.Plan(Fx.Store, DepDeviceFile.Read(Write(name, content)), StoreFixture.T0);

        [Theory(DisplayName = "Round 16: an entry not later than the stored release keeps it (fetched_until, op_date, and the same time), and says both times")]
        [InlineData("fetch", "2026-11-20T09:30:00Z", "fetched_until")]
        [InlineData("sync", "2026-11-01T00:00:00Z", "op_date")]
        [InlineData("fetch", "2026-11-22T03:10:00Z", "fetched_until")]
        public void AStaleEntryKeepsTheRelease(string shape, string time, string timeName)
        {
            ImportedAndReleased();

            DepImportPlan plan = Plan("stale.json", shape == "fetch" ? Fetch(time) : Sync("added", time));

            Assert.Equal(DepAction.Unchanged, Assert.Single(plan.Changes).Action);
            DepReleaseOverride kept = Assert.Single(plan.KeptReleases);
            Assert.Equal((Serial, Released, timeName), (kept.SerialNumber, kept.ReleasedAt.ToUniversalTime(), kept.TimeName));
            Assert.Empty(plan.Reactivated);
            // Said as it comes, one a file: no kind a command batches (round 40: the kind travels with the warning).
            Assert.Equal(((BatchedWarningKind?)null, (string?)null), (Assert.Single(plan.Warnings).Kind, Assert.Single(plan.Warnings).Subject));
            string warning = Assert.Single(plan.Warnings).Text;
            Assert.Contains($"DEP device '{Serial}' was not re-added", warning);
            Assert.Contains($"after this entry's {timeName}", warning);
            Assert.Contains("import a fetch or sync response made after the release", warning);
            Assert.Contains($"keep 1 released serial ({Serial}: released ", plan.Describe());
        }

        [Theory(DisplayName = "Round 16: an entry later than the stored release re-adds the serial, saying nothing more")]
        [InlineData("fetch", "2026-11-25T00:00:00Z")]
        [InlineData("sync", "2026-11-22T03:10:01Z")]
        public void ANewerEntryReAdds(string shape, string time)
        {
            ImportedAndReleased();

            DepImportPlan plan = Plan("newer.json", shape == "fetch" ? Fetch(time) : Sync("added", time));

            Assert.Equal(DepAction.Added, Assert.Single(plan.Changes).Action);
            Assert.Empty(plan.KeptReleases);
            Assert.Empty(plan.Reactivated);
            Assert.Empty(plan.Warnings);
        }

        [Fact(DisplayName = "Round 16: a sync's own delete then older add applies in op_date order as before; only a release stored before the file is guarded")]
        public void ASyncsOwnEventsApplyInOrder()
        {
            Assert.Empty(DepImport.Import(Fx.Store, Write("first.json", Fetch("2026-11-01T00:00:00Z")), StoreFixture.T0).Errors);
            string sync = "{\"devices\":[{\"serial_number\":\"" + Serial + "\",\"op_type\":\"deleted\",\"op_date\":\"2026-11-22T03:10:00Z\"}," +
                "{\"serial_number\":\"" + Serial + "\",\"op_type\":\"added\",\"op_date\":\"2026-11-22T03:10:00Z\"}],\"cursor\":\"d\"}";

            DepImportPlan plan = Plan("both.json", sync);

            Assert.Equal(DepAction.Unchanged, Assert.Single(plan.Changes).Action);
            Assert.Empty(plan.KeptReleases);
        }

        [Fact(DisplayName = "Round 16: a file without a time (the module's CSV) re-adds a released serial, and says so and when it was released, in -WhatIf too")]
        public void AFileWithoutATimeReactivatesAndSaysSo()
        {
            ImportedAndReleased();

            DepImportPlan plan = Plan("list.csv", "SerialNumber,Model\n" + Serial + ",iPhone 16\n");

            Assert.Equal(DepAction.Added, Assert.Single(plan.Changes).Action);
            DepReleaseOverride undone = Assert.Single(plan.Reactivated);
            Assert.Null(undone.EntryTime);
            // Batched by the kind it carries, named by the serial (round 40: not looked up by its text).
            Assert.Equal((BatchedWarningKind.DepReleaseUndone, Serial), (Assert.Single(plan.Warnings).Kind, Assert.Single(plan.Warnings).Subject));
            string warning = Assert.Single(plan.Warnings).Text;
            // The release time as every message shows one: in this computer's offset (ShownTime), so not always on the 22nd.
            string released = ShownTime.ToText(new DateTimeOffset(2026, 11, 22, 3, 10, 0, TimeSpan.Zero));
            Assert.Contains($"DEP device '{Serial}', which Apple released on {released}, is active again", warning);
            Assert.Contains("is active again", warning);
            Assert.Contains($"Remove-BmgDepDevice {Serial}", warning);
            Assert.Contains($"reactivate 1 released serial ({Serial}: released ", plan.Describe());
        }

        [Fact(DisplayName = "Round 16: fetched_until that is no date refuses the file, naming it")]
        public void AnInvalidFetchedUntilIsRefused()
        {
            DepFileContent content = DepDeviceFile.Read(Write("bad.json", Fetch("20/11/2026")));

            BmgException error = Assert.Single(content.Errors);
            Assert.Equal(ErrorIds.InvalidFieldValue, error.ErrorId);
            Assert.Contains("fetched_until: fetched_until '20/11/2026' is not valid", error.Message);
        }

        private const string AbmHeader = "\"Serial Number\",\"Device Model\",\"Assigned MDM Server\",\"Status\"\n";

        [Fact(DisplayName = "Round 16: -MdmServer naming no server of a list that gives this MDM's active serials to another releases them, with a warning")]
        public void AListAssigningNothingToThisMdmReleases()
        {
            Assert.Equal(1, DepImport.Import(Fx.Store, Write("abm2.csv", AbmHeader + "\"GGG111222333\",\"iPad\",\"BizMobile Go!\",\"Assigned\"\n\"GGG111222334\",\"iPad\",\"Jamf\",\"Assigned\"\n"),
                StoreFixture.T0, mdmServer: "BizMobile Go!").Summary.Added);

            DepImportResult result = DepImport.Import(Fx.Store, Write("abm3.csv", AbmHeader + "\"GGG111222333\",\"iPad\",\"Jamf\",\"Assigned\"\n\"GGG111222334\",\"iPad\",\"Jamf\",\"Assigned\"\n"),
                StoreFixture.T0, mdmServer: "BizMobile Go!");

            Assert.Empty(result.Errors);
            Assert.Equal((1, 0, 2), (result.Summary.Released, result.Summary.Added, result.Summary.Skipped));
            Assert.NotNull(Fx.Store.GetDepDevice("GGG111222333")!.ReleasedAt);
            Assert.Null(Fx.Store.GetDepDevice("GGG111222334"));
            string warning = Assert.Single(result.Warnings).Text;
            Assert.StartsWith("-MdmServer 'BizMobile Go!' names none of the MDM servers of", warning);
            Assert.Contains("'Jamf' (2 rows)", warning);
            Assert.Contains("the 1 DEP device the store held active that it assigns to other servers was released", warning);
        }

        [Fact(DisplayName = "Round 16: -MdmServer naming no server is still refused when the store holds none of the list's serials active")]
        public void ANameMatchingNothingIsRefused()
        {
            BmgException refused = Assert.Throws<BmgException>(() => DepImport.Import(Fx.Store,
                Write("abm3.csv", AbmHeader + "\"GGG111222333\",\"iPad\",\"Jamf\",\"Assigned\"\n"), StoreFixture.T0, mdmServer: "Acme MDM"));

            Assert.Equal(ErrorIds.DepMdmServerNotFound, refused.ErrorId);
            Assert.Contains("the store holds no active DEP device whose serial the file lists", refused.Message);
            Assert.Null(Fx.Store.GetDepDevice("GGG111222333"));
        }

        [Theory(DisplayName = "Round 16: an -MdmServer that looks like one of the list's servers is refused as a typo, whatever the store holds")]
        [InlineData("BizMobile Go")]
        [InlineData("bizmobile-go!")]
        [InlineData("BizMobile")]
        public void ALookAlikeNameIsRefusedAsATypo(string typo)
        {
            string list = AbmHeader + "\"GGG111222333\",\"iPad\",\"BizMobile Go!\",\"Assigned\"\n";
            Assert.Equal(1, DepImport.Import(Fx.Store, Write("abm.csv", list), StoreFixture.T0).Summary.Added);

            BmgException refused = Assert.Throws<BmgException>(() => DepImport.Import(Fx.Store, Write("abm-again.csv", list), StoreFixture.T0, mdmServer: typo));

            Assert.Equal(ErrorIds.DepMdmServerNotFound, refused.ErrorId);
            Assert.Contains("did you mean -MdmServer 'BizMobile Go!'?", refused.Message);
            Assert.Null(Fx.Store.GetDepDevice("GGG111222333")!.ReleasedAt);
        }

        [Theory(DisplayName = "Round 16: Apple's error, device-details and profile-assign replies are named as what they are, with what to do")]
        [InlineData("{\"error\":\"EXPIRED_CURSOR\"}", "it is Apple's error reply ('EXPIRED_CURSOR'), not a device list: the request that saved it failed", "fetch the devices again without a cursor")]
        [InlineData("{\"error\":\"SOMETHING_ELSE\"}", "it is Apple's error reply ('SOMETHING_ELSE')", "fix what the error says")]
        [InlineData("{\"devices\":{\"AAABBBCCCDDD\":{\"serial_number\":\"AAABBBCCCDDD\",\"model\":\"iPhone 15\",\"response_status\":\"SUCCESS\"}}}", "it is Apple's device-details reply (POST /devices", "import the fetch or sync response instead")]
        [InlineData("{\"profile_uuid\":\"4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D\",\"devices\":{\"AAABBBCCCDDD\":\"SUCCESS\"}}", "it is Apple's reply to assigning the profile 4F2A9D3C1B6E4A8F9C2D7E1F0A3B5C6D: each serial's result", "import the fetch or sync response instead")]
        public void OtherAppleRepliesAreNamed(string json, string says, string advice)
        {
            BmgException refused = Assert.Throws<BmgException>(() => DepDeviceFile.Read(Write("reply.json", json)));

            Assert.Equal(ErrorIds.DepDeviceFileInvalid, refused.ErrorId);
            Assert.Contains(says, refused.Message);
            Assert.Contains(advice, refused.Message);
            Assert.DoesNotContain("neither Apple's device response", refused.Message);
        }
    }
}
