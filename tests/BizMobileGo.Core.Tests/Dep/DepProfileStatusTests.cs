using System;
using System.Linq;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Tests.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Dep
{
    /// <summary>
    /// Walkthrough 31b, findings 1, 7, 8 and 10: Apple's profile_status (one rule for JSON and CSV; empty and removed are no
    /// profile), a page whose more_to_follow is true, and a deletion of a serial the store never held.
    /// </summary>
    public sealed class DepProfileStatusTests : IDisposable
    {
        private const string Uuid = "88B5E5B5F2B9D5B0A5C3D2E1F0A9B8C7";

        private readonly StoreFixture _fx = new StoreFixture();

        public void Dispose() => _fx.Dispose();

        private string Write(string name, string content) => _fx.WriteFile(name, content);

        private DepImportResult Import(string name, string content, bool sayMoreToFollow = false) =>
            DepImport.Import(_fx.Store, Write(name, content), StoreFixture.T0, sayMoreToFollow: sayMoreToFollow);

        private void ImportAssigned()
        {
            Import("fetch.json", "{\"devices\":[{\"serial_number\":\"DMPX1234ABCD\",\"profile_status\":\"assigned\",\"profile_uuid\":\"" + Uuid + "\"}],\"cursor\":\"c\",\"more_to_follow\":false}");
            Import("profile.json", "{\"profile_uuid\":\"" + Uuid + "\",\"profile_name\":\"Kitting Default\"}");
        }

        [Theory(DisplayName = "31b/7 Apple's four profile statuses in any case are taken in Apple's lower case")]
        [InlineData("empty", "empty")]
        [InlineData("Assigned", "assigned")]
        [InlineData("PUSHED", "pushed")]
        [InlineData("reMoved", "removed")]
        public void ProfileStatusTakesApplesValuesInAnyCase(string given, string stored)
        {
            Assert.True(DepProfileStatus.TryParse(given, out string status, out string? rule));
            Assert.Equal(stored, status);
            Assert.Null(rule);
        }

        [Theory(DisplayName = "31b/7 other text is refused with Apple's four values")]
        [InlineData("bogus")]
        [InlineData("installed")]
        [InlineData("assigned ")]
        public void ProfileStatusRefusesOtherText(string given)
        {
            Assert.False(DepProfileStatus.TryParse(given, out _, out string? rule));
            Assert.Equal("Apple's profile_status is empty, assigned, pushed or removed (any case)", rule);
        }

        [Fact(DisplayName = "31b/7 JSON and the module's CSV refuse the same status the same way, naming entry, field and value")]
        public void BothShapesRefuseByTheOneRule()
        {
            DepImportResult json = Import("bad.json", "{\"devices\":[{\"serial_number\":\"F2LXK0ABCD12\",\"profile_status\":\"bogus\"}],\"cursor\":\"c\",\"more_to_follow\":false}");
            DepImportResult csv = Import("bad.csv", "SerialNumber,ProfileStatus\nF2LXK0ABCD12,bogus\n");
            BmgException jsonError = Assert.Single(json.Errors);
            BmgException csvError = Assert.Single(csv.Errors);
            Assert.Equal((ErrorIds.InvalidFieldValue, ErrorIds.InvalidFieldValue), (jsonError.ErrorId, csvError.ErrorId));
            Assert.EndsWith("devices[0]: profile_status 'bogus' is not valid: Apple's profile_status is empty, assigned, pushed or removed (any case).", jsonError.Message);
            Assert.EndsWith("Line 2 (serial 'F2LXK0ABCD12') of '" + csv.Summary.Source + "': ProfileStatus 'bogus' is not valid: Apple's profile_status is empty, assigned, pushed or removed (any case).", csvError.Message);
            Assert.Null(_fx.Store.GetDepDevice("F2LXK0ABCD12"));
        }

        [Theory(DisplayName = "31b/1 a status of removed or empty clears the profile, also when the entry names one; assigned or pushed keeps it")]
        [InlineData("\"profile_status\":\"removed\"", null)]
        [InlineData("\"profile_status\":\"Empty\"", null)]
        [InlineData("\"profile_status\":\"removed\",\"profile_uuid\":\"" + Uuid + "\"", null)]
        [InlineData("\"profile_status\":\"pushed\"", Uuid)]
        [InlineData("\"model\":\"iPad\"", Uuid)]
        public void NoProfileStatusClearsTheProfile(string fields, string? uuidAfter)
        {
            ImportAssigned();
            DepImportResult result = Import("sync.json", "{\"devices\":[{\"serial_number\":\"DMPX1234ABCD\"," + fields + ",\"op_type\":\"modified\",\"op_date\":\"2026-12-05T13:00:00Z\"}],\"cursor\":\"x\",\"more_to_follow\":false}");
            Assert.Empty(result.Errors);
            DepDevice device = _fx.Store.GetDepDevice("DMPX1234ABCD")!;
            Assert.Equal(uuidAfter, device.ProfileUuid);
            Assert.Equal(uuidAfter == null ? null : "Kitting Default", device.ProfileName);
            Assert.Equal(uuidAfter == null ? 0 : 1, _fx.Store.GetDepProfiles().Single(p => p.Uuid == Uuid).DeviceCount);
        }

        [Fact(DisplayName = "31b/1 the module's CSV: a ProfileName beside a removed status assigns nothing")]
        public void CsvProfileNameBesideRemovedAssignsNothing()
        {
            ImportAssigned();
            DepImportResult result = Import("own.csv", "SerialNumber,ProfileName,ProfileStatus\nDMPX1234ABCD,Kitting Default,removed\nDMPX1234ABCE,Kitting Default,assigned\n");
            Assert.Empty(result.Errors);
            Assert.Null(_fx.Store.GetDepDevice("DMPX1234ABCD")!.ProfileUuid);
            Assert.Equal(Uuid, _fx.Store.GetDepDevice("DMPX1234ABCE")!.ProfileUuid);
        }

        [Fact(DisplayName = "31b/8 a deletion of a serial never held is ReleasedNotHeld, not Released, and stored as released")]
        public void DeletionOfAnUnknownSerialIsCountedApart()
        {
            ImportAssigned();
            DepImportResult result = Import("sync.json", "{\"devices\":[" +
                "{\"serial_number\":\"DMPX1234ABCD\",\"op_type\":\"deleted\",\"op_date\":\"2026-12-05T13:00:00Z\"}," +
                "{\"serial_number\":\"ZZUNKNOWN001\",\"op_type\":\"deleted\",\"op_date\":\"2026-12-05T13:00:00Z\"}," +
                "{\"serial_number\":\"ZZADDEDGONE1\",\"op_type\":\"added\",\"op_date\":\"2026-12-05T12:00:00Z\"}," +
                "{\"serial_number\":\"ZZADDEDGONE1\",\"op_type\":\"deleted\",\"op_date\":\"2026-12-05T13:00:00Z\"}],\"cursor\":\"x\",\"more_to_follow\":false}");
            Assert.Equal((1, 2), (result.Summary.Released, result.Summary.ReleasedNotHeld));
            // Round 32: warned (the default table shows Released only), but not for the serial the file itself added first.
            string notHeld = Assert.Single(result.Warnings, w => w.Text.Contains("never held")).Text;
            Assert.Contains("released 1 serial the store never held as a DEP device (ZZUNKNOWN001)", notHeld);
            Assert.DoesNotContain("ZZADDEDGONE1", notHeld);
            Assert.Equal(new[] { "DMPX1234ABCD", "ZZADDEDGONE1", "ZZUNKNOWN001" }, _fx.Store.GetReleasedDepDevices().Select(d => d.SerialNumber).ToArray());
            Assert.All(_fx.Store.GetReleasedDepDevices(), d => Assert.NotNull(d.ReleasedAt));
            Assert.Empty(_fx.Store.GetDepDevices());
        }

        [Fact(DisplayName = "31b/8 -WhatIf says a never-held serial's release apart from the releases")]
        public void PlanSaysNeverHeldApart()
        {
            ImportAssigned();
            DepFileContent content = DepDeviceFile.Read(Write("sync.json", "{\"devices\":[" +
                "{\"serial_number\":\"DMPX1234ABCD\",\"op_type\":\"deleted\",\"op_date\":\"2026-12-05T13:00:00Z\"}," +
                "{\"serial_number\":\"ZZUNKNOWN001\",\"op_type\":\"deleted\",\"op_date\":\"2026-12-05T13:00:00Z\"}],\"cursor\":\"x\",\"more_to_follow\":false}"), default, null);
            Assert.Equal("release 1 (DMPX1234ABCD); record 1 serial the store never held as released (ZZUNKNOWN001)",
                DepImport.Plan(_fx.Store, content, StoreFixture.T0).Describe());
        }

        [Theory(DisplayName = "31b/10 more_to_follow and cursor reach the summary; the warning only when the caller asks for it")]
        [InlineData("true", true, true)]
        [InlineData("\"True\"", true, true)]
        [InlineData("true", false, false)]
        [InlineData("false", true, false)]
        [InlineData("\"false\"", true, false)]
        public void MoreToFollowIsReadAndWarnedWhenAsked(string moreToFollow, bool sayMoreToFollow, bool warned)
        {
            DepImportResult result = Import("page.json", "{\"devices\":[{\"serial_number\":\"P1PAGEONE001\"}],\"cursor\":\"MTU1NzM0\",\"more_to_follow\":" + moreToFollow + "}", sayMoreToFollow);
            Assert.Equal(moreToFollow.Trim('"').Equals("true", StringComparison.OrdinalIgnoreCase), result.Summary.MoreToFollow);
            Assert.Equal("MTU1NzM0", result.Summary.Cursor);
            Assert.Equal(warned ? 1 : 0, result.Warnings.Count(w => w.Text.Contains("says more_to_follow: true") && w.Text.Contains("cursor 'MTU1NzM0'")));
            Assert.True(result.Summary.Committed);
        }

        [Fact(DisplayName = "31b/10 a page without a cursor says so instead of naming one")]
        public void MoreToFollowWithoutCursor() =>
            Assert.Contains("has no cursor to ask for that page with", DepDeviceFile.MoreToFollowWarning("p.json", null));
    }
}
