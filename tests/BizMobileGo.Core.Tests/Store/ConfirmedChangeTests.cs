using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Tests.Dep;
using BizMobileGo.Core.Tests.Import;
using BizMobileGo.Core.Users;
using Xunit;

namespace BizMobileGo.Core.Tests.Store
{
    public sealed class ConfirmedChangeTests : System.IDisposable
    {
        private readonly StoreFixture _fx = new StoreFixture();

        [Fact]
        public void AnotherProcessCanWriteWhileAConfirmationIsPending()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS", "GONE1,ios"));
            bool otherWriteSucceeded = false;

            DeviceEditor.Remove(_fx.Store, "GONE1", device =>
            {
                // While the admin looks at the prompt, a scheduled job writes through its own connection.
                using SqliteDeviceStore other = SqliteDeviceStore.Open(_fx.Store.Location);
                using (IStoreTransaction transaction = other.BeginTransaction())
                {
                    other.InsertTemplate(new Template("DuringPrompt"));
                    transaction.Commit();
                }

                otherWriteSucceeded = true;
                return true;
            });

            Assert.True(otherWriteSucceeded);
            Assert.Null(_fx.Store.GetDevice("GONE1"));
            Assert.Contains(_fx.Store.GetTemplates(), t => t.Name == "DuringPrompt");
        }

        [Fact]
        public void TheDecisionIsMadeAgainUnderTheLockAndADeclinedChangeWritesNothing()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,DisplayName", "KEEP1,ios,Before"));
            var values = new FieldValues { [FieldKey.DisplayName] = "After" };

            RecordPlan<Device> declined = DeviceEditor.Edit(_fx.Store, "KEEP1", values, _ => false);
            Assert.Equal("Before", _fx.Device("KEEP1").DisplayName);
            Assert.Equal(RecordAction.Updated, declined.Action);

            int asked = 0;
            DeviceEditor.Edit(_fx.Store, "KEEP1", values, _ => ++asked > 0);
            Assert.Equal(1, asked);
            Assert.Equal("After", _fx.Device("KEEP1").DisplayName);
        }

        [Fact]
        public void AValueAnotherWriterChangedWhileThePromptWasOpenIsNamed()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,DisplayName", "STALE1,ios,iPad 5"));
            var values = new FieldValues { [FieldKey.DisplayName] = "B edit" };

            RecordPlan<Device> plan = DeviceEditor.Edit(_fx.Store, "STALE1", values, _ =>
            {
                // While the prompt is open (no lock held), another writer changes the field.
                using SqliteDeviceStore other = SqliteDeviceStore.Open(_fx.Store.Location);
                DeviceEditor.Edit(other, "STALE1", new FieldValues { [FieldKey.DisplayName] = "iPad v2 5" }, _ => true);
                return true;
            }, confirmMayPrompt: true);

            Assert.Equal("B edit", _fx.Device("STALE1").DisplayName);
            Assert.Equal(
                "Device 'STALE1': DisplayName was 'iPad v2 5' when the change was made, not 'iPad 5' as when it was confirmed (another writer changed it meanwhile); " +
                "'iPad v2 5' was overwritten with 'B edit'.",
                Assert.Single(plan.Overwritten));
        }

        [Fact(DisplayName = "Walkthrough 17, 3: an edit whose confirmation can't prompt is planned once, under the lock, reading only what the change needs")]
        public void AnEditThatCantPromptIsPlannedOnceAndReadsNoListItDoesNotCheck()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,ExpirationDays", "ONCE1,ios,7"));
            var calls = new List<string>();
            int asked = 0;

            RecordPlan<Device> plan = DeviceEditor.Edit(DepProfileNameTests.ReadCountingStore.Over(_fx.Store, calls), "ONCE1",
                new FieldValues { [FieldKey.ExpirationDays] = "14" }, _ => ++asked > 0, confirmMayPrompt: false);

            Assert.Equal(1, asked);
            Assert.Equal(RecordAction.Updated, plan.Action);
            Assert.Equal(14, _fx.Device("ONCE1").ExpirationDays);
            // One plan, inside the one transaction: the device read once (the planner's read), before it nothing.
            Assert.Equal(nameof(IDeviceStore.BeginTransaction), calls[0]);
            Assert.Equal(1, calls.Count(c => c == nameof(IDeviceStore.GetDevice)));
            // An ExpirationDays change refers to no template, tag or organization, and sets no DEP link.
            Assert.DoesNotContain(nameof(IDeviceStore.GetTemplates), calls);
            Assert.DoesNotContain(nameof(IDeviceStore.GetDeviceTags), calls);
            Assert.DoesNotContain(nameof(IDeviceStore.GetOrganizations), calls);
            Assert.DoesNotContain(nameof(IDeviceStore.HasNonIosDepDevices), calls);
        }

        [Fact(DisplayName = "Walkthrough 17, 3: an edit that may prompt still plans outside the lock for its prompt, then again under it")]
        public void AnEditThatMayPromptPlansOutsideTheLockAndAgainUnderIt()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,ExpirationDays", "TWICE1,ios,7"));
            var calls = new List<string>();
            int transactionsAtPrompt = -1;

            DeviceEditor.Edit(DepProfileNameTests.ReadCountingStore.Over(_fx.Store, calls), "TWICE1",
                new FieldValues { [FieldKey.ExpirationDays] = "14" }, _ =>
                {
                    transactionsAtPrompt = calls.Count(c => c == nameof(IDeviceStore.BeginTransaction));
                    return true;
                }, confirmMayPrompt: true);

            Assert.Equal(0, transactionsAtPrompt);
            Assert.Equal(1, calls.Count(c => c == nameof(IDeviceStore.BeginTransaction)));
            Assert.Equal(2, calls.Count(c => c == nameof(IDeviceStore.GetDevice)));
            Assert.Equal(14, _fx.Device("TWICE1").ExpirationDays);
        }

        [Fact]
        public void AnImportKeepsTheFirstThousandRowErrorsInItsHistory()
        {
            string[] rows = new[] { "Identifier,OS" }.Concat(Enumerable.Range(0, 1005).Select(i => $"BAD{i:D4}!,ios")).ToArray();
            _fx.Import(StoreFixture.Csv(rows));

            ImportHistoryEntry entry = Assert.Single(_fx.Store.GetImportHistory(null));
            Assert.Equal(1005, entry.Failed);
            Assert.Equal(1001, entry.Errors.Count);
            Assert.Equal("MoreErrorsNotKept", entry.Errors[1000].ErrorId);
            Assert.Contains("5 more row errors", entry.Errors[1000].Message);
        }

        public void Dispose() => _fx.Dispose();
    }
}
