using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Users;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Tests.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Dep
{
    /// <summary>
    /// Import-BmgDepDevice plans a file twice only when its confirmation may prompt (ConfirmedChange): once outside the write
    /// lock for the prompt, again under it. A run that can't prompt (-Confirm:$false, a nightly job) plans once, under the lock.
    /// </summary>
    public class DepImportPlanCountTests : DepFileStoreTests
    {
        private const string ThreeSerials = "SerialNumber,Model\nF9FXK2CCCC05,iPhone 16\nF9FXK2CCCC06,iPhone 16\nF9FXK2CCCC07,iPhone 16\n";

        [Fact(DisplayName = "Round 14: a DEP import whose confirmation can't prompt plans the file once, inside the one transaction")]
        public void PlansOnceWhenNothingCanPrompt()
        {
            var calls = new List<string>();
            int asked = 0;

            DepImportResult result = DepImport.Import(Counting(calls), Write("dep.csv", ThreeSerials),
                StoreFixture.T0, _ => ++asked > 0, confirmMayPrompt: false);

            Assert.True(result.Summary.Committed);
            Assert.Equal(3, result.Summary.Added);
            Assert.Equal(1, asked);
            // One plan: one batched read of the serials' DEP devices (two plans read them twice).
            Assert.Equal(1, calls.Count(c => c == nameof(IDeviceStore.FindDepDevices)));
            Assert.Equal(1, calls.Count(c => c == nameof(IDeviceStore.BeginTransaction)));
            Assert.Equal(3, Fx.Store.GetDepDevices().Count());
        }

        [Fact(DisplayName = "Round 14: a DEP import whose confirmation may prompt plans twice and asks holding no lock: another writer writes meanwhile")]
        public void APromptHoldsNoLock()
        {
            var calls = new List<string>();
            bool otherWriteSucceeded = false;

            DepImportResult result = DepImport.Import(Counting(calls), Write("dep.csv", ThreeSerials),
                StoreFixture.T0, plan =>
                {
                    // While the admin looks at the prompt, a scheduled job writes through its own connection.
                    using SqliteDeviceStore other = SqliteDeviceStore.Open(Fx.Store.Location);
                    using (IStoreTransaction transaction = other.BeginTransaction())
                    {
                        other.InsertTemplate(new Template("DuringPrompt"));
                        transaction.Commit();
                    }

                    otherWriteSucceeded = true;
                    return true;
                }, confirmMayPrompt: true);

            Assert.True(otherWriteSucceeded);
            Assert.True(result.Summary.Committed);
            Assert.Equal(2, calls.Count(c => c == nameof(IDeviceStore.FindDepDevices)));
            Assert.Contains(Fx.Store.GetTemplates(), t => t.Name == "DuringPrompt");
        }
    }
}
