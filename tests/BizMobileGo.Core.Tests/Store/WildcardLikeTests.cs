using BizMobileGo.Core.Store;
using Xunit;

namespace BizMobileGo.Core.Tests.Store
{
    /// <summary>A PowerShell wildcard pattern's SQL LIKE form, which the stores filter devices by (thirty-fourth round, left34a).</summary>
    public sealed class WildcardLikeTests
    {
        [Theory]
        [InlineData("*ipad*", "%ipad%")]
        [InlineData("*IPad?", "%ipad_")]
        // LIKE's own characters are literal in a PowerShell pattern: escaped with a backslash.
        [InlineData("*_*", "%\\_%")]
        [InlineData("*%*", "%\\%%")]
        [InlineData("*\\*", "%\\\\%")]
        // A backtick makes the next character literal, a wildcard character too.
        [InlineData("*a`*b*", "%a*b%")]
        [InlineData("*a`?b", "%a?b")]
        [InlineData("*`[x`]", "%[x]")]
        [InlineData("*`_", "%\\_")]
        [InlineData("dev.1-A*", "dev.1-a%")]
        public void TranslatesWildcardsLiteralsAndEscapes(string pattern, string like) => Assert.Equal(like, WildcardLike.Of(pattern));

        [Theory]
        // A set is PowerShell's alone, and a stray bracket or trailing backtick is no pattern a LIKE form would keep exactly.
        [InlineData("*[a-c]*")]
        [InlineData("*a]")]
        [InlineData("*a`")]
        // A literal character past printable ASCII: PowerShell's culture-aware match may fold or skip it, LIKE would not.
        [InlineData("*\u212A*")]
        [InlineData("*caf\u00e9*")]
        [InlineData("*a\tb*")]
        public void HasNoFormWhereTheLikeWouldNotBeASupersetOfThePattern(string pattern) => Assert.Null(WildcardLike.Of(pattern));

        [Fact]
        public void AListHasFormsEachOnceOrNoneWhenOnePatternHasNone()
        {
            Assert.Equal(new[] { "%a%", "%b" }, WildcardLike.Of(new[] { "*a*", "*A*", "*b" }));
            Assert.Null(WildcardLike.Of(new[] { "*a*", "*[b]" }));
        }
    }
}
