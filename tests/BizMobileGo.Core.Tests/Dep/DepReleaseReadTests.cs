using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Tests.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Dep
{
    /// <summary>
    /// A DEP file's released serials are looked up among the devices (the warning for one still to check in) in one batched
    /// read per chunk, not one read a serial: the plan is made again under the store's write lock.
    /// </summary>
    public class DepReleaseReadTests : System.IDisposable
    {
        private readonly StoreFixture _fx = new StoreFixture(seed: false);

        public void Dispose() => _fx.Dispose();

        private string Write(string name, string content)
        {
            string path = Path.Combine(_fx.Folder, name);
            File.WriteAllText(path, content, new UTF8Encoding(false));
            return path;
        }

        [Fact(DisplayName = "Round 14: a sync releasing three serials reads the devices holding them in one FindDevicesBySerial, none one by one")]
        public void ReleasedSerialsAreReadInOneBatch()
        {
            string[] serials = { "F9FXK2CCCC05", "F9FXK2CCCC06", "F9FXK2CCCC07" };
            Assert.Empty(DepImport.Import(_fx.Store, Write("fetch.json",
                "{\"devices\":[" + string.Join(",", serials.Select(s => "{\"serial_number\":\"" + s + "\",\"model\":\"iPhone 16\"}")) + "]}"), StoreFixture.T0).Errors);
            DepFileContent content = DepDeviceFile.Read(Write("sync.json",
                "{\"devices\":[" + string.Join(",", serials.Select(s => "{\"serial_number\":\"" + s + "\",\"op_type\":\"deleted\",\"op_date\":\"2026-12-01T12:00:00Z\"}")) + "]}"));
            var calls = new List<string>();

            DepImportPlan plan = DepImport.Plan(DepProfileNameTests.ReadCountingStore.Over(_fx.Store, calls), content, StoreFixture.T0);

            Assert.Equal(3, plan.Count(DepAction.Released));
            Assert.Equal(0, calls.Count(c => c == nameof(IDeviceStore.GetDeviceBySerial)));
            Assert.Equal(1, calls.Count(c => c == nameof(IDeviceStore.FindDevicesBySerial)));
        }
    }
}
