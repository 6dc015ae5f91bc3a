using System.Linq;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Tests.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Dep
{
    /// <summary>Leftovers 19, item 4: the DEP import's account (-WhatIf, -Confirm) counts as every count does (EnglishWords.Amount).</summary>
    public class DepPlanWordingTests : DepFileStoreTests
    {
        private const string AbmHeader = "\"Serial Number\",\"Device Model\",\"Color\",\"Assigned MDM Server\",\"Status\"\n";

        [Fact(DisplayName = "Leftovers 19: one skipped row is \"skip 1 row\", two are \"skip 2 rows\", never \"row(s)\"")]
        public void SkippedRowsAreCounted()
        {
            string one = DepImport.Plan(Fx.Store, DepDeviceFile.Read(Write("one.csv", AbmHeader
                + "\"EEEFFFGGGHHJ\",\"iPad\",\"Blue\",\"BizMobile Go!\",\"Assigned\"\n"
                + "\"JJJKKKLLLHH4\",\"iPhone 16e\",\"White\",\"\",\"Unassigned\"\n")), StoreFixture.T0).Describe();
            string two = DepImport.Plan(Fx.Store, DepDeviceFile.Read(Write("two.csv", AbmHeader
                + "\"EEEFFFGGGHHJ\",\"iPad\",\"Blue\",\"BizMobile Go!\",\"Assigned\"\n"
                + "\"JJJKKKLLLHH4\",\"iPhone 16e\",\"White\",\"\",\"Unassigned\"\n"
                + "\"JJJKKKLLLHH5\",\"iPhone 16e\",\"White\",\"\",\"Unassigned\"\n")), StoreFixture.T0).Describe();

            Assert.Contains("skip 1 row not assigned to this MDM", one);
            Assert.Contains("skip 2 rows not assigned to this MDM", two);
            Assert.DoesNotContain("(s)", one + two);
        }

        [Fact(DisplayName = "Round 23: a long plan names the first ten serials of each kind, then how many more, for added and reactivated serials alike")]
        public void ALongPlanNamesTheFirstTenThenHowManyMore()
        {
            string[] serials = Enumerable.Range(1, 12).Select(i => "F9FXK2CCCC" + i.ToString("D2")).ToArray();
            string csv = "SerialNumber,Model\n" + string.Concat(serials.Select(s => s + ",iPhone 16\n"));

            string added = DepImport.Plan(Fx.Store, DepDeviceFile.Read(Write("new.csv", csv)), StoreFixture.T0).Describe();

            Assert.Contains($"add 12 ({string.Join(", ", serials.Take(10))}, and 2 more)", added);

            // Released by Apple's sync, then re-added by a file without a time of its own: each is said as reactivated.
            string fetch = "{\"devices\":[" + string.Join(",", serials.Select(s => "{\"serial_number\":\"" + s + "\",\"model\":\"iPhone 16\"}"))
                + "],\"cursor\":\"c\",\"fetched_until\":\"2026-11-01T00:00:00Z\"}";
            string sync = "{\"devices\":[" + string.Join(",", serials.Select(s => "{\"serial_number\":\"" + s + "\",\"op_type\":\"deleted\",\"op_date\":\"2026-11-22T03:10:00Z\"}"))
                + "],\"cursor\":\"d\"}";
            Assert.Empty(DepImport.Import(Fx.Store, Write("fetch.json", fetch), StoreFixture.T0).Errors);
            Assert.Equal(12, DepImport.Import(Fx.Store, Write("sync.json", sync), StoreFixture.T0).Summary.Released);

            DepImportPlan plan = DepImport.Plan(Fx.Store, DepDeviceFile.Read(Write("again.csv", csv)), StoreFixture.T0);

            Assert.Equal(12, plan.Reactivated.Count);
            Assert.Contains($"reactivate 12 released serials ({string.Join("; ", plan.Reactivated.Take(10).Select(o => o.Brief))}; and 2 more: ", plan.Describe());
        }
    }
}
