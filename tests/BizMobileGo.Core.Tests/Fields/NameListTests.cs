using System.Linq;
using BizMobileGo.Core.Fields;
using Xunit;

namespace BizMobileGo.Core.Tests.Fields
{
    public class NameListTests
    {
        private const string BlankItemRule = "must not contain blank names between '|' separators";

        [Theory]
        [InlineData("Sales", new[] { "Sales" })]
        [InlineData("Sales|Tokyo", new[] { "Sales", "Tokyo" })]
        [InlineData("  Sales | Tokyo  |Osaka ", new[] { "Sales", "Tokyo", "Osaka" })]
        [InlineData("b|a|b|c|a", new[] { "b", "a", "c" })]
        [InlineData("Sales|sales|SALES", new[] { "Sales", "sales", "SALES" })]
        [InlineData("Sales| Sales ", new[] { "Sales" })]
        [InlineData("営業|東京", new[] { "営業", "東京" })]
        [InlineData("Sales Team|R&D", new[] { "Sales Team", "R&D" })]
        public void Splits_trims_and_collapses_duplicates_in_order(string text, string[] expected)
        {
            Assert.True(NameList.TryParse(text, out var names, out var rule));
            Assert.Null(rule);
            Assert.Equal(expected, names);
        }

        // A parsed list carries its joined text (alloc46): the text as given when nothing was trimmed or dropped, else joined.
        [Theory]
        [InlineData("Sales", "Sales")]
        [InlineData(" Sales ", "Sales")]
        [InlineData("Sales|Tokyo", "Sales|Tokyo")]
        [InlineData("  Sales | Tokyo  |Osaka ", "Sales|Tokyo|Osaka")]
        [InlineData("b|a|b|c|a", "b|a|c")]
        [InlineData("Sales| Sales ", "Sales")]
        [InlineData("ab|a|b", "ab|a|b")]
        public void Join_of_a_parsed_list_is_its_names_joined(string text, string expected)
        {
            Assert.True(NameList.TryParse(text, out var names, out _));
            Assert.Equal(expected, NameList.Join(names));
            Assert.Equal(expected, NameList.Join(names.ToArray()));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("   ")]
        public void Blank_text_is_an_empty_list(string? text)
        {
            Assert.True(NameList.TryParse(text, out var names, out var rule));
            Assert.Null(rule);
            Assert.Empty(names);
        }

        [Theory]
        [InlineData("a||b")]
        [InlineData("a|")]
        [InlineData("|a")]
        [InlineData("|")]
        [InlineData("a| |b")]
        [InlineData(" | ")]
        [InlineData("a|\t|b")]
        public void Rejects_blank_items(string text)
        {
            Assert.False(NameList.TryParse(text, out var names, out var rule));
            Assert.Equal(BlankItemRule, rule);
            Assert.Empty(names);
        }

        [Theory]
        [InlineData(new[] { "Sales", "Tokyo" }, "Sales|Tokyo")]
        [InlineData(new[] { "Sales" }, "Sales")]
        [InlineData(new string[0], "")]
        public void Join_uses_the_separator(string[] names, string expected)
        {
            Assert.Equal(expected, NameList.Join(names));
        }

        [Theory]
        [InlineData(" b | a |b|c ")]
        [InlineData("Sales")]
        [InlineData("")]
        public void Joined_names_parse_back_to_the_same_list(string text)
        {
            Assert.True(NameList.TryParse(text, out var names, out _));
            Assert.True(NameList.TryParse(NameList.Join(names), out var again, out _));
            Assert.Equal(names, again);
        }

        [Fact]
        public void Returned_list_cannot_be_changed_through_a_cast()
        {
            Assert.True(NameList.TryParse("a|b", out var names, out _));
            var asList = names as System.Collections.Generic.IList<string>;
            Assert.True(asList == null || asList.IsReadOnly);
        }

        [Theory]
        [MemberData(nameof(OddInputs.All), MemberType = typeof(OddInputs))]
        public void Never_throws_and_normalizing_is_idempotent(string? text)
        {
            if (NameList.TryParse(text, out var names, out var rule))
            {
                Assert.True(NameList.TryParse(NameList.Join(names), out var again, out _));
                Assert.Equal(names.ToList(), again.ToList());
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(rule));
            }
        }
    }
}
