using System;
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
            Assert.Equal(Unescape(prefix), WildcardPrefix.IdentifierStart(Unescape(pattern)));
        }

        // \uXXXX in a case's text, undone here: the test runner's text form of a case would mangle control characters.
        private static string Unescape(string text) => System.Text.RegularExpressions.Regex.Unescape(text);

        [Theory]
        [InlineData("dev", "dew")]
        [InlineData("a.", "a/")]
        [InlineData("x-", "x.")]
        [InlineData("dev_", "dev`")]
        [InlineData("z", "{")]
        [InlineData("9", ":")]
        public void TheEndOfAnIdentifierStartsRangeIsTheLeastTextAboveEveryTextStartingWithIt(string start, string end)
        {
            Assert.Equal(end, WildcardPrefix.AfterEveryIdentifierStartingWith(start));
            Assert.True(string.CompareOrdinal(start + "zzz", end) < 0);
        }

        [Fact]
        public void ALoneSurrogateEndsAnIdentifierStart()
        {
            // Built here, not in [InlineData]: the test runner's text form of a case would replace a lone surrogate.
            Assert.Equal("a", WildcardPrefix.IdentifierStart("a" + '\uD800' + "b*"));
        }

        [Theory(DisplayName = "Leftovers 23: the one literal-start rule of tab completion and the history's look-ups: escapes undone, any character kept up to the first unescaped wildcard")]
        [InlineData("Spare template", "Spare template")]
        [InlineData("S*r", "S")]
        [InlineData("Sp`*are*", "Sp*are")]
        [InlineData("a`[1`]?", "a[1]")]
        [InlineData("x]y", "x")]
        [InlineData("trailing`", "trailing")]
        [InlineData("名前?", "名前")]
        [InlineData("*", "")]
        public void TheLiteralStartIsTheTextBeforeTheFirstUnescapedWildcard(string pattern, string start)
        {
            Assert.Equal(start, WildcardPrefix.LiteralStart(pattern));
            // An identifier's start is that literal start, cut at the first character no identifier has.
            string identifierStart = WildcardPrefix.IdentifierStart(pattern);
            Assert.StartsWith(identifierStart, start, StringComparison.Ordinal);
        }
    }
}
