using BizMobileGo.Core.History;
using Xunit;

namespace BizMobileGo.Core.Tests.History
{
    /// <summary>The literal start of a wildcard pattern that a store looks subjects up by (Get-BmgDeviceHistory 'dev000050*').</summary>
    public sealed class WildcardPrefixTests
    {
        [Theory]
        [InlineData("dev000050*", "dev000050")]
        [InlineData("dev?0", "dev")]
        [InlineData("dev[0-9]*", "dev")]
        [InlineData("dev]x*", "dev")]
        [InlineData("*dev", "")]
        // PowerShell's escape: a backtick makes the next character literal, a backtick too.
        [InlineData("a`*b*", "a*b")]
        [InlineData("a`?b`[c`]d*", "a?b[c]d")]
        [InlineData("a``b*", "a`b")]
        [InlineData("a`b*", "ab")]
        [InlineData("ab`", "ab")]
        // SQL's wildcards are plain characters to a PowerShell pattern.
        [InlineData("a_%b*", "a_%b")]
        public void ThePrefixIsTheTextBeforeTheFirstUnescapedWildcard(string pattern, string prefix)
        {
            Assert.Equal(prefix, WildcardPrefix.Of(pattern, SubjectKind.User));
            Assert.Equal(prefix, WildcardPrefix.Of(pattern, SubjectKind.Device));
        }

        [Theory]
        // The Kelvin sign matches k ignoring case in .NET, but not in SQLite's NOCASE: a device prefix stops before it.
        [InlineData("dev\u212A*", "dev", "dev\u212A")]
        [InlineData("日本*", "", "日本")]
        // A character beyond the BMP (a surrogate pair) is kept for a user.
        [InlineData("a\U0001F600b*", "a", "a\U0001F600b")]
        public void ADevicePrefixIsAsciiOnlyAndAUserPrefixKeepsEveryCharacter(string pattern, string device, string user)
        {
            Assert.Equal(device, WildcardPrefix.Of(pattern, SubjectKind.Device));
            Assert.Equal(user, WildcardPrefix.Of(pattern, SubjectKind.User));
        }

        [Theory]
        [InlineData("abc", "abd")]
        [InlineData("ab\u007F", "ab\u0080")]
        [InlineData("a\uD7FF", "a\uE000")]
        [InlineData("a\uFFFF", "a\U00010000")]
        [InlineData("a\U0010FFFF", "b")]
        [InlineData("\U0010FFFF", null)]
        public void TheEndOfAPrefixRangeIsTheLeastTextAboveEveryTextStartingWithIt(string prefix, string? end)
        {
            Assert.Equal(end, WildcardPrefix.AfterEveryTextStartingWith(prefix));
        }

        [Fact]
        public void ALoneSurrogateEndsAPrefixAndHasNoRange()
        {
            // Built here, not in [InlineData]: the test runner's text form of a case would replace a lone surrogate.
            string lone = "a" + '\uD800' + "b*";
            Assert.Equal("a", WildcardPrefix.Of(lone, SubjectKind.User));
            Assert.Equal("a", WildcardPrefix.Of(lone, SubjectKind.Device));
            Assert.Null(WildcardPrefix.AfterEveryTextStartingWith("a" + '\uDC00'));
        }
    }
}
