using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    /// <summary>
    /// Round 29: a list given names to add and remove (-AddDeviceTag, -RemoveOrganization ...) is edited as the store holds it
    /// when the change is made, so another writer's change made while the prompt was open is merged, not overwritten; the
    /// stale-confirmation warning said "overwritten" all the same. <see cref="StaleConfirmation.CheckListEdit"/> says what the
    /// list became, and names only what the change undid of the other writer's.
    /// </summary>
    public class StaleListEditTests
    {
        private const string Subject = "Device 'desk01'";

        [Fact]
        public void TheListAsConfirmedNeedsNoWarning() =>
            Assert.Null(StaleConfirmation.CheckListEdit(Subject, FieldKey.DeviceTags, "Sales", "Sales", "Sales|Tokyo"));

        [Fact]
        public void AnotherWritersNameIsKeptAndTheWarningSaysSoNotOverwritten()
        {
            string? warning = StaleConfirmation.CheckListEdit(Subject, FieldKey.DeviceTags, "Sales", "Sales|Osaka", "Sales|Osaka|Tokyo");
            Assert.Equal("Device 'desk01': DeviceTags was 'Sales|Osaka' when the change was made, not 'Sales' as when it was confirmed (another writer changed it meanwhile); -AddDeviceTag/-RemoveDeviceTag edited the list as it was then, keeping that change: it is now 'Sales|Osaka|Tokyo'.", warning);
            Assert.DoesNotContain("overwritten", warning!, System.StringComparison.Ordinal);
        }

        [Fact]
        public void ANameTheOtherWriterRemovedAndTheChangeAddsIsNamedAsAddedBack() =>
            Assert.Equal("User 'night': Organizations was 'sales' when the change was made, not 'sales|tokyo' as when it was confirmed (another writer changed it meanwhile); -AddOrganization/-RemoveOrganization edited the list as it was then: it is now 'tokyo', 'tokyo' added back after the other writer removed it.",
                StaleConfirmation.CheckListEdit("User 'night'", FieldKey.Organizations, "sales|tokyo", "sales", "tokyo"));

        [Fact]
        public void ANameTheOtherWriterAddedAndTheChangeRemovesIsNamedAsRemovedAgain() =>
            Assert.EndsWith("it is now 'Tokyo', 'Osaka' removed again after the other writer added it.",
                StaleConfirmation.CheckListEdit(Subject, FieldKey.DeviceTags, "Sales|Tokyo", "Sales|Tokyo|Osaka", "Tokyo"));

        [Fact]
        public void ANameTheOtherWriterRemovedThatTheChangeDidNotTouchStaysRemovedAndIsNotNamed()
        {
            // Shown Sales|Osaka, +Tokyo; the other writer took Osaka away: it stays away.
            string? warning = StaleConfirmation.CheckListEdit(Subject, FieldKey.DeviceTags, "Sales|Osaka", "Sales", "Sales|Tokyo");
            Assert.EndsWith("keeping that change: it is now 'Sales|Tokyo'.", warning);
        }
    }
}
