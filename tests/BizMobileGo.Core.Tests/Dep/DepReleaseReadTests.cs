using System.Collections.Generic;
using System.Linq;
using System.Text;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Tests.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Dep
{
    /// <summary>
    /// A DEP file's released serials are looked up among the devices (the warning for one still to check in), and its serials'
    /// stored DEP entries read, in one batched read per chunk, not one read a serial: the plan is made again under the
    /// store's write lock.
    /// </summary>
    public class DepReleaseReadTests : DepFileStoreTests
    {
        [Fact(DisplayName = "Round 14: a sync releasing three serials reads the devices holding them in one FindDevicesBySerial, none one by one")]
        public void ReleasedSerialsAreReadInOneBatch()
        {
            string[] serials = { "F9FXK2CCCC05", "F9FXK2CCCC06", "F9FXK2CCCC07" };
            Assert.Empty(DepImport.Import(Fx.Store, Write("fetch.json",
                "{\"devices\":[" + string.Join(",", serials.Select(s => "{\"serial_number\":\"" + s + "\",\"model\":\"iPhone 16\"}")) + "]}"), StoreFixture.T0).Errors);
            DepFileContent content = DepDeviceFile.Read(Write("sync.json",
                "{\"devices\":[" + string.Join(",", serials.Select(s => "{\"serial_number\":\"" + s + "\",\"op_type\":\"deleted\",\"op_date\":\"2026-12-01T12:00:00Z\"}")) + "]}"));
            var calls = new List<string>();

            DepImportPlan plan = DepImport.Plan(Counting(calls), content, StoreFixture.T0);

            Assert.Equal(3, plan.Count(DepAction.Released));
            Assert.Equal(0, calls.Count(c => c == nameof(IDeviceStore.GetDeviceBySerial)));
            Assert.Equal(1, calls.Count(c => c == nameof(IDeviceStore.FindDevicesBySerial)));
        }

        [Fact(DisplayName = "Round 15: the stored DEP entries of a 2,500-serial list are read a chunk of serials at a time, none one by one, and planned as one by one")]
        public void StoredEntriesAreReadInBatches()
        {
            // 1,200 serials already imported, spread over the chunks the list is read in: every other one of them changed.
            static string Serial(int i) => $"F9FX{i:D8}";
            var before = new StringBuilder("SerialNumber,Model\n");
            for (int i = 0; i < 2500; i += 2)
            {
                if (i < 2400)
                {
                    before.Append(Serial(i)).Append(",iPhone 15\n");
                }
            }

            Assert.Empty(DepImport.Import(Fx.Store, Write("before.csv", before.ToString()), StoreFixture.T0).Errors);
            var list = new StringBuilder("SerialNumber,Model\n");
            for (int i = 0; i < 2500; i++)
            {
                list.Append(Serial(i)).Append(i % 4 == 2 ? ",iPhone 16" : ",iPhone 15").Append('\n');
            }

            DepFileContent content = DepDeviceFile.Read(Write("list.csv", list.ToString()));
            var calls = new List<string>();

            DepImportPlan plan = DepImport.Plan(Counting(calls), content, StoreFixture.T0);

            Assert.Empty(plan.Errors);
            Assert.Equal((1300, 600, 600), (plan.Count(DepAction.Added), plan.Count(DepAction.Updated), plan.Count(DepAction.Unchanged)));
            Assert.Equal(Enumerable.Range(0, 2500).Select(Serial), plan.Changes.Select(c => c.SerialNumber));
            Assert.Equal(0, calls.Count(c => c == nameof(IDeviceStore.GetDepDevice)));
            Assert.Equal(3, calls.Count(c => c == nameof(IDeviceStore.FindDepDevices)));
        }
    }
}
