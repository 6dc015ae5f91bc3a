using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
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
    public class DepImportPlanCountTests : System.IDisposable
    {
        private readonly StoreFixture _fx = new StoreFixture(seed: false);

        public void Dispose() => _fx.Dispose();

        private string Write(string name, string content)
        {
            string path = Path.Combine(_fx.Folder, name);
            File.WriteAllText(path, content, new UTF8Encoding(false));
            return path;
        }

        private const string ThreeSerials = "SerialNumber,Model\nF9FXK2CCCC05,iPhone 16\nF9FXK2CCCC06,iPhone 16\nF9FXK2CCCC07,iPhone 16\n";

        [Fact(DisplayName = "Round 14: a DEP import whose confirmation can't prompt plans the file once, inside the one transaction")]
        public void PlansOnceWhenNothingCanPrompt()
        {
            var calls = new List<string>();
            int asked = 0;

            DepImportResult result = DepImport.Import(DepProfileNameTests.ReadCountingStore.Over(_fx.Store, calls), Write("dep.csv", ThreeSerials),
                StoreFixture.T0, _ => ++asked > 0, confirmMayPrompt: false);

            Assert.True(result.Summary.Committed);
            Assert.Equal(3, result.Summary.Added);
            Assert.Equal(1, asked);
            // One plan: one read of each serial's DEP device (two plans read each twice).
            Assert.Equal(3, calls.Count(c => c == nameof(IDeviceStore.GetDepDevice)));
            Assert.Equal(1, calls.Count(c => c == nameof(IDeviceStore.BeginTransaction)));
            Assert.Equal(3, _fx.Store.GetDepDevices().Count());
        }

        [Fact(DisplayName = "Round 14: a DEP import whose confirmation may prompt plans twice and asks holding no lock: another writer writes meanwhile")]
        public void APromptHoldsNoLock()
        {
            var calls = new List<string>();
            bool otherWriteSucceeded = false;

            DepImportResult result = DepImport.Import(DepProfileNameTests.ReadCountingStore.Over(_fx.Store, calls), Write("dep.csv", ThreeSerials),
                StoreFixture.T0, plan =>
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
                }, confirmMayPrompt: true);

            Assert.True(otherWriteSucceeded);
            Assert.True(result.Summary.Committed);
            Assert.Equal(6, calls.Count(c => c == nameof(IDeviceStore.GetDepDevice)));
            Assert.Contains(_fx.Store.GetTemplates(), t => t.Name == "DuringPrompt");
        }
    }
}
