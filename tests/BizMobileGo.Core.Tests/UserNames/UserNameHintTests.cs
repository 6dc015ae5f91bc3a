using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Users;
using Xunit;

namespace BizMobileGo.Core.Tests.UserNames
{
    /// <summary>The "did you mean" of a user name no user has, from an index of the user names built once.</summary>
    public class UserNameHintTests
    {
        [Fact]
        public void TheIndexNamesTheUsersThatDifferOnlyByCase()
        {
            ILookup<string, string> index = UserNameHint.Index(new[] { "tanaka", "TANAKA", "sato", "Tanaka" });

            Assert.Equal("did you mean 'tanaka' or 'TANAKA'? (user names are case-sensitive)", UserNameHint.DidYouMean(" Tanaka ", index)?.Hint);
            Assert.Null(UserNameHint.DidYouMean("sato", index));
            Assert.Null(UserNameHint.DidYouMean("suzuki", index));
        }

        [Fact]
        public void TheHintSaysWhetherItNamesAUserOfAnotherWidth()
        {
            // The import refuses a user of another width without advice to create it, and words its case-twin warning
            // "case or width", from OtherWidth, not from the hint's text.
            ILookup<string, string> index = UserNameHint.Index(new[] { "k002", "Tanaka" });

            NearUserNames width = UserNameHint.DidYouMean("\uFF4B\uFF10\uFF10\uFF12", index)!;
            Assert.True(width.OtherWidth);
            Assert.Equal("did you mean 'k002'? (user names are case-sensitive, and half-width and full-width characters are other characters)", width.Hint);

            NearUserNames caseOnly = UserNameHint.DidYouMean("tanaka", index)!;
            Assert.False(caseOnly.OtherWidth);
            Assert.Equal("did you mean 'Tanaka'? (user names are case-sensitive)", caseOnly.Hint);
        }

        [Fact]
        public void OneIndexHintsEveryMissingNameOfALargeStore()
        {
            // An import naming 2,000 missing users in a store of 10,000 probes one index per row (a case-insensitive pass
            // over every name per row took 1.7 s); the names it is built from are read once, whatever the number of probes.
            List<string> users = Enumerable.Range(0, 10_000).Select(i => $"user{i:D5}").ToList();
            int reads = 0;
            ILookup<string, string> index = UserNameHint.Index(users.Select(name => { reads++; return name; }));
            int hinted = 0;
            for (int i = 0; i < 2_000; i++)
            {
                hinted += UserNameHint.DidYouMean($"USER{i * 5:D5}", index) == null ? 0 : 1;
            }

            Assert.Equal(2_000, hinted);
            Assert.Equal(10_000, reads);
        }

        [Theory]
        [InlineData("Yamada", "yamada", true)]
        [InlineData("YAMADA", "yamada", true)]
        [InlineData("yamada", "yamada", false)]   // the same name is no twin of itself
        [InlineData("yamada2", "yamada", false)]
        [InlineData("Ärger", "ärger", false)]     // only ASCII letters fold, as both stores' look-up (SQLite's NOCASE)
        [InlineData("Ｙａｍａｄａ", "ｙａｍａｄａ", false)]
        public void CaseTwinsDifferOnlyInTheCaseOfAsciiLetters(string a, string b, bool twins)
        {
            Assert.Equal(twins, UserNameHint.AsciiCaseTwins(a, b));
            Assert.Equal(twins, UserNameHint.AsciiCaseTwins(b, a));
        }
    }
}
