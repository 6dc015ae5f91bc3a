using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    /// <summary>What counts as a value Excel stripped of its leading zeros (walkthrough 20, finding 1), and what doesn't.</summary>
    public class LeadingZerosTests
    {
        [Theory]
        [InlineData("0042", "42")]
        [InlineData("0735924", "735924")]
        [InlineData("000", "0")]
        [InlineData("00", "0")]
        [InlineData("01", "1")]
        public void AValueThatIsTheOldDigitsWithoutTheirLeadingZerosOnlyLostThem(string before, string after) =>
            Assert.True(LeadingZeros.OnlyLost(before, after));

        [Theory]
        [InlineData("0042", "042")]   // Excel's number has no leading zero: a hand edit, not Excel's
        [InlineData("0042", "43")]
        [InlineData("0042", "0042")]
        [InlineData("42", "42")]
        [InlineData("1042", "42")]    // no leading zero to lose
        [InlineData("0a42", "42")]
        [InlineData("004a", "4a")]    // not digits only: Excel keeps it as text
        [InlineData("0042", "")]
        [InlineData("0042", null)]
        [InlineData(null, "42")]
        [InlineData("0", "")]
        public void AnyOtherChangeDidNot(string? before, string? after) =>
            Assert.False(LeadingZeros.OnlyLost(before, after));

        [Theory]
        [InlineData("42", true)]
        [InlineData("7", true)]
        [InlineData("0", false)]
        [InlineData("042", false)]
        [InlineData("42a", false)]
        [InlineData("", false)]
        [InlineData("４２", false)]
        public void ABareNumberIsAsciiDigitsWithoutALeadingZero(string key, bool bare) =>
            Assert.Equal(bare, LeadingZeros.IsBareNumber(key));
    }
}
