using System.Collections.Generic;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    public sealed class ParsedNameListsTests
    {
        [Fact]
        public void ATextParsedAgainGivesTheSameListAsNameList()
        {
            var lists = new ParsedNameLists();
            Assert.True(lists.TryParse(" org1 | org2|org1", out IReadOnlyList<string> first, out string? rule));
            Assert.Null(rule);
            Assert.True(lists.TryParse(" org1 | org2|org1", out IReadOnlyList<string> again, out _));
            Assert.Same(first, again);
            Assert.True(NameList.TryParse(" org1 | org2|org1", out IReadOnlyList<string> parsed, out _));
            Assert.Equal(parsed, again);
            Assert.Equal("org1|org2", NameList.Join(again));
        }

        [Fact]
        public void ABrokenListIsRefusedEachTimeWithItsRule()
        {
            var lists = new ParsedNameLists();
            for (int time = 0; time < 2; time++)
            {
                Assert.False(lists.TryParse("org1||org2", out _, out string? rule));
                Assert.Equal(NameList.BlankItemRule, rule);
            }

            Assert.True(lists.TryParse("", out IReadOnlyList<string> none, out _));
            Assert.Empty(none);
        }
    }
}
