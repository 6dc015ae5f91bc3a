using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Tests.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Dep
{
    /// <summary>
    /// Walkthrough 39, 1 and 2: an entry not later than what the store holds for its serial changes nothing (the one rule that
    /// kept only releases before, DepEntryTimes), the time each DEP device's data is as of is stored and moved by newer data,
    /// and Apple's colour is compared ignoring case.
    /// </summary>
    public class DepOlderDataTests : DepFileStoreTests
    {
        private const string Serial = "DMPXK2ABQ1GC";
        private const string Shop = "0A1B2C3D4E5F60718293A4B5C6D7E8F9";
        private const string Office = "1B2C3D4E5F60718293A4B5C6D7E8F90A";
        private static readonly DateTimeOffset Nov30 = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
        private static readonly DateTimeOffset Dec3 = new DateTimeOffset(2026, 12, 3, 1, 0, 0, TimeSpan.Zero);

        private static string Device(string profile, string assigned, string extra = "") =>
            "{\"serial_number\":\"" + Serial + "\",\"model\":\"iPad\",\"color\":\"BLUE\",\"profile_status\":\"pushed\",\"profile_uuid\":\"" + profile +
            "\",\"profile_assign_time\":\"" + assigned + "\"" + extra + "}";

        private static string Fetch(string fetchedUntil, string profile = Shop, string assigned = "2026-11-02T00:00:00Z") =>
            "{\"devices\":[" + Device(profile, assigned) + "],\"cursor\":\"c\",\"fetched_until\":\"" + fetchedUntil + "\",\"more_to_follow\":false}";

        private static string Sync(string opType, string opDate, string profile = Office) =>
            "{\"devices\":[" + Device(profile, "2026-12-03T00:00:00Z", ",\"op_type\":\"" + opType + "\",\"op_date\":\"" + opDate + "\"") + "],\"cursor\":\"d\",\"more_to_follow\":false}";

        private static string Profile(string uuid, string name) => "{\"profile_uuid\":\"" + uuid + "\",\"profile_name\":\"" + name + "\"}";

        private DepImportResult Import(string name, string content) => DepImport.Import(Fx.Store, Write(name, content), StoreFixture.T0);

        /// <summary>Walkthrough 39's weeks 2 and 4: last week's fetch, then a sync that assigned another profile on 12-03.</summary>
        private void FetchedThenModified()
        {
            Assert.Empty(Import("profile-shop.json", Profile(Shop, "店舗 iPad (共有)")).Errors);
            Assert.Empty(Import("profile-office.json", Profile(Office, "Office iPad - Supervised")).Errors);
            Assert.Equal(1, Import("fetch-w2.json", Fetch("2026-11-30T00:00:00Z")).Summary.Added);
            Assert.Equal(1, Import("sync-w4.json", Sync("modified", "2026-12-03T01:00:00Z")).Summary.Updated);
            Assert.Equal((Office, Dec3), (Fx.Store.GetDepDevice(Serial)!.ProfileUuid, Fx.Store.GetDepDevice(Serial)!.AsOf!.Value.ToUniversalTime()));
        }

        [Fact(DisplayName = "Walkthrough 39, 1: last week's fetch imported again after a newer sync leaves the serial as stored, counted Unchanged, with one warning")]
        public void AnOlderFetchImportedAgainChangesNothing()
        {
            FetchedThenModified();

            DepImportResult again = Import("fetch-w2.json", Fetch("2026-11-30T00:00:00Z"));

            Assert.Equal((0, 0, 1), (again.Summary.Added, again.Summary.Updated, again.Summary.Unchanged));
            DepDevice stored = Fx.Store.GetDepDevice(Serial)!;
            Assert.Equal((Office, "Office iPad - Supervised", Dec3), (stored.ProfileUuid, stored.ProfileName, stored.AsOf!.Value.ToUniversalTime()));
            string warning = Assert.Single(again.Warnings).Text;
            Assert.StartsWith($"1 DEP device was not changed from '", warning);
            Assert.Contains($"({Serial} (ProfileUuid, ProfileName, ProfileAssignTime): stored as of ", warning);
            Assert.Contains("after its fetched_until ", warning);
            Assert.Contains("the file is older and its entry changes nothing (counted Unchanged)", warning);
        }

        [Fact(DisplayName = "Walkthrough 39, 1: -WhatIf says which serials it keeps as stored, the fields and both times")]
        public void WhatIfSaysTheSerialsKeptAsStored()
        {
            FetchedThenModified();

            DepImportPlan plan = DepImport.Plan(Fx.Store, DepDeviceFile.Read(Write("fetch-w2.json", Fetch("2026-11-30T00:00:00Z"))), StoreFixture.T0);

            Assert.Equal(DepAction.Unchanged, Assert.Single(plan.Changes).Action);
            DepStaleEntry kept = Assert.Single(plan.KeptAsStored);
            Assert.Equal((Serial, "fetched_until", Nov30, Dec3), (kept.SerialNumber, kept.TimeName, kept.EntryTime.ToUniversalTime(), kept.StoredTime.ToUniversalTime()));
            Assert.Contains($"keep 1 serial as stored ({Serial} (ProfileUuid, ProfileName, ProfileAssignTime): stored as of ", plan.Describe());
            Assert.Contains("the file's entries are older than what the store holds, so they change nothing)", plan.Describe());
        }

        [Fact(DisplayName = "Walkthrough 39, 1: an older sync entry (op_date) changes nothing either, a deletion included")]
        public void OlderSyncEntriesChangeNothing()
        {
            FetchedThenModified();

            DepImportResult modified = Import("sync-old.json", Sync("modified", "2026-12-02T00:00:00Z", Shop));
            DepImportResult deleted = Import("sync-old-delete.json", Sync("deleted", "2026-12-02T00:00:00Z"));

            Assert.Equal((0, 1), (modified.Summary.Updated, modified.Summary.Unchanged));
            Assert.Contains("after its op_date ", Assert.Single(modified.Warnings).Text);
            Assert.Equal((0, 1), (deleted.Summary.Released, deleted.Summary.Unchanged));
            Assert.Contains($"{Serial} (ReleasedAt): stored as of ", Assert.Single(deleted.Warnings).Text);
            DepDevice stored = Fx.Store.GetDepDevice(Serial)!;
            Assert.Equal((Office, (DateTimeOffset?)null), (stored.ProfileUuid, stored.ReleasedAt));
        }

        [Fact(DisplayName = "Walkthrough 39, 1: a newer fetch applies and moves AsOf, even when it changes no field, so an entry between the two times is older")]
        public void ANewerFetchMovesTheTimeEvenWhenNothingChanges()
        {
            FetchedThenModified();
            DateTimeOffset importedAt = Fx.Store.GetDepDevice(Serial)!.ImportedAt;

            DepImportResult same = Import("fetch-w5.json", Fetch("2026-12-05T00:00:00Z", Office, "2026-12-03T00:00:00Z"));
            DepImportResult between = Import("sync-w4b.json", Sync("modified", "2026-12-04T00:00:00Z", Shop));

            Assert.Equal((0, 1), (same.Summary.Updated, same.Summary.Unchanged));
            Assert.Empty(same.Warnings);
            Assert.Equal((0, 1), (between.Summary.Updated, between.Summary.Unchanged));
            DepDevice stored = Fx.Store.GetDepDevice(Serial)!;
            Assert.Equal((Office, new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero), importedAt),
                (stored.ProfileUuid, stored.AsOf!.Value.ToUniversalTime(), stored.ImportedAt));
        }

        [Fact(DisplayName = "Round 40: a newer fetch that changes no field writes only AsOf (no upsert of the whole row); one that changes a field upserts it")]
        public void ANewerFetchThatChangesNothingWritesOnlyTheTime()
        {
            FetchedThenModified();
            var calls = new List<string>();

            DepImportResult same = DepImport.Import(Counting(calls), Write("fetch-w5.json", Fetch("2026-12-05T00:00:00Z", Office, "2026-12-03T00:00:00Z")), StoreFixture.T0);

            Assert.Equal(1, same.Summary.Unchanged);
            Assert.Equal((1, 0), (calls.Count(c => c == nameof(IDeviceStore.SetDepDeviceAsOf)), calls.Count(c => c == nameof(IDeviceStore.UpsertDepDevice))));
            Assert.Equal(new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero), Fx.Store.GetDepDevice(Serial)!.AsOf!.Value.ToUniversalTime());

            calls.Clear();
            DepImportResult changed = DepImport.Import(Counting(calls), Write("fetch-w6.json", Fetch("2026-12-06T00:00:00Z", Shop, "2026-12-06T00:00:00Z")), StoreFixture.T0);

            Assert.Equal(1, changed.Summary.Updated);
            Assert.Equal((0, 1), (calls.Count(c => c == nameof(IDeviceStore.SetDepDeviceAsOf)), calls.Count(c => c == nameof(IDeviceStore.UpsertDepDevice))));
            Assert.Equal((Shop, new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero)),
                (Fx.Store.GetDepDevice(Serial)!.ProfileUuid, Fx.Store.GetDepDevice(Serial)!.AsOf!.Value.ToUniversalTime()));
        }

        [Fact(DisplayName = "Walkthrough 39, 1: a file without a time applies and leaves the stored time as it was; the same file again says nothing")]
        public void AFileWithoutATimeAppliesAndKeepsTheStoredTime()
        {
            FetchedThenModified();

            DepImportResult csv = Import("list.csv", "SerialNumber,Model,AssetTag\n" + Serial + ",iPad,A-100\n");
            DepImportResult again = Import("sync-w4.json", Sync("modified", "2026-12-03T01:00:00Z"));

            Assert.Equal(1, csv.Summary.Updated);
            Assert.Empty(csv.Warnings);
            DepDevice stored = Fx.Store.GetDepDevice(Serial)!;
            Assert.Equal(("A-100", Dec3), (stored.AssetTag, stored.AsOf!.Value.ToUniversalTime()));
            Assert.Equal(1, again.Summary.Unchanged);
            Assert.Empty(again.Warnings);
        }

        [Fact(DisplayName = "Walkthrough 39, 2: Apple's list's Blue after the response's BLUE is no change, and the stored spelling stays")]
        public void ColourIsComparedIgnoringCase()
        {
            Assert.Equal(1, Import("fetch.json", Fetch("2026-11-30T00:00:00Z")).Summary.Added);

            DepImportResult list = Import("list.csv", "SerialNumber,Model,Color\n" + Serial + ",iPad,Blue\n");
            DepImportResult other = Import("list2.csv", "SerialNumber,Model,Color\n" + Serial + ",iPad,Silver\n");

            Assert.Equal((0, 1), (list.Summary.Updated, list.Summary.Unchanged));
            Assert.Equal(1, other.Summary.Updated);
            Assert.Equal("Silver", Fx.Store.GetDepDevice(Serial)!.Color);
        }

        [Fact(DisplayName = "Walkthrough 39, 2: a colour differing only in case keeps the stored spelling when another field changes")]
        public void AColourOfAnotherCaseKeepsTheStoredSpelling()
        {
            Assert.Equal(1, Import("fetch.json", Fetch("2026-11-30T00:00:00Z")).Summary.Added);

            DepImportPlan plan = DepImport.Plan(Fx.Store, DepDeviceFile.Read(Write("list.csv", "SerialNumber,Model,Color\n" + Serial + ",iPad Pro,Blue\n")), StoreFixture.T0);

            DepPlannedChange change = Assert.Single(plan.Changes);
            Assert.Equal(new[] { nameof(DepDevice.Model) }, change.Changes);
            Assert.Equal("BLUE", change.Proposed.Color);
        }
    }
}
