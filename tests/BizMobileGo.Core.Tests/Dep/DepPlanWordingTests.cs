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
    }
}
