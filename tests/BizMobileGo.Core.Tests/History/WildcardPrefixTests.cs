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
        [InlineData("Dev.1-a_B*", "Dev.1-a_B")]
        // PowerShell's escape: a backtick makes the next character literal; a wildcard or backtick made literal is not an
        // identifier's character, so the start ends there.
        [InlineData("a`b*", "ab")]
        [InlineData("a`*b*", "a")]
        [InlineData("a``b*", "a")]
        [InlineData("ab`", "ab")]
        // Characters no identifier holds end the start: SQL's wildcard %, a space, an ASCII control (which PowerShell's
        // culture-sensitive match ignores: "de\u0001v*" matches DEV1 ignoring case), the Kelvin sign (.NET folds it to k,
        // SQLite's NOCASE doesn't), any other non-ASCII character.
        [InlineData("a%b*", "a")]
        [InlineData("de v*", "de")]
        [InlineData("de\u0001v*", "de")]
        [InlineData("dev\u212A*", "dev")]
        [InlineData("de\u00ADv*", "de")]
        [InlineData("日本*", "")]
        public void ADevicePrefixIsTheIdentifierTextBeforeTheFirstUnescapedWildcard(string pattern, string prefix)
        {
            Assert.Equal(Unescape(prefix), WildcardPrefix.Of(Unescape(pattern), SubjectKind.Device));
        }

        [Theory]
        // PowerShell matches 'text*' culture-sensitively: 'user*' matches "us\u00ADer1" and "\uFEFFuser2", 'José*' the
        // decomposed "Jose\u0301": no ordinal start is safe for a free-text user name, so every user is read.
        [InlineData("user*")]
        [InlineData("Jos\u00E9*")]
        [InlineData("a_b?")]
        [InlineData("*b")]
        public void AUserNameIsNeverNarrowed(string pattern)
        {
            Assert.Equal("", WildcardPrefix.Of(Unescape(pattern), SubjectKind.User));
            Assert.Equal("", WildcardPrefix.Of(Unescape(pattern), SubjectKind.History));
        }

        // \uXXXX in a case's text, undone here: the test runner's text form of a case would mangle control characters.
        private static string Unescape(string text) => System.Text.RegularExpressions.Regex.Unescape(text);

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
            Assert.Equal("a", WildcardPrefix.Of("a" + '\uD800' + "b*", SubjectKind.Device));
            Assert.Null(WildcardPrefix.AfterEveryTextStartingWith("a" + '\uDC00'));
        }
    }
}
