using BizMobileGo.Core.Fields;
using Xunit;

namespace BizMobileGo.Core.Tests.Fields
{
    public class BoundedTextTests
    {
        [Theory]
        [InlineData("Sales iPad", 256, "Sales iPad")]
        [InlineData("  padded  ", 256, "padded")]
        [InlineData("営業部の端末", 6, "営業部の端末")]
        [InlineData("abc", 3, "abc")]
        public void Accepts_and_trims(string text, int maxLength, string expected)
        {
            Assert.True(BoundedText.TryParse(text, maxLength, out var value, out var rule));
            Assert.Null(rule);
            Assert.Equal(expected, value);
        }

        [Fact]
        public void Multi_line_text_accepts_line_breaks_and_tabs_names_do_not()
        {
            Assert.True(BoundedText.TryParse("line one\n\tline two", 1024, out var value, out _, multiLine: true));
            Assert.Equal("line one\n\tline two", value);
            Assert.False(BoundedText.TryParse("line one\nline two", 1024, out _, out var rule));
            Assert.StartsWith("must not contain control characters", rule);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData(" \t\r\n ")]
        public void Accepts_blank_as_empty_text(string? text)
        {
            Assert.True(BoundedText.TryParse(text, BoundedText.NameMaxLength, out var value, out var rule));
            Assert.Null(rule);
            Assert.Equal("", value);
        }

        [Fact]
        public void Limits_names_to_256_and_descriptions_to_1024_characters()
        {
            Assert.Equal(256, BoundedText.NameMaxLength);
            Assert.Equal(1024, BoundedText.DescriptionMaxLength);

            Assert.True(BoundedText.TryParse(new string('n', 256), BoundedText.NameMaxLength, out var name, out _));
            Assert.Equal(256, name.Length);
            Assert.False(BoundedText.TryParse(new string('n', 257), BoundedText.NameMaxLength, out var rejected, out var rule));
            Assert.Equal("must be at most 256 characters (this value has 257)", rule);
            Assert.Equal("", rejected);

            Assert.True(BoundedText.TryParse(" " + new string('d', 1024) + " ", BoundedText.DescriptionMaxLength, out var description, out _));
            Assert.Equal(1024, description.Length);
            Assert.False(BoundedText.TryParse(new string('d', 10000), BoundedText.DescriptionMaxLength, out _, out rule));
            Assert.Equal("must be at most 1024 characters (this value has 10000)", rule);
        }

        [Fact]
        public void Counts_a_surrogate_pair_as_one_character()
        {
            string kanji = "\U00020BB7"; // 𠮷, outside the Basic Multilingual Plane: two UTF-16 units
            string name = string.Concat(System.Linq.Enumerable.Repeat(kanji, BoundedText.NameMaxLength));
            Assert.True(BoundedText.TryParse(name, BoundedText.NameMaxLength, out string value, out _));
            Assert.Equal(name, value);
            Assert.False(BoundedText.TryParse(name + kanji, BoundedText.NameMaxLength, out _, out string? rule));
            Assert.Contains("this value has 257", rule);
        }

        [Theory]
        [InlineData("\0")]
        [InlineData("abc\0def")]
        [InlineData("abc\0")]
        public void Rejects_nul_characters(string text)
        {
            Assert.False(BoundedText.TryParse(text, BoundedText.DescriptionMaxLength, out _, out var rule));
            Assert.Equal("must not contain NUL characters", rule);
        }

        [Theory]
        [MemberData(nameof(OddInputs.All), MemberType = typeof(OddInputs))]
        public void Never_throws_and_normalizing_is_idempotent(string? text)
        {
            foreach (var maxLength in new[] { -1, 0, BoundedText.NameMaxLength, BoundedText.DescriptionMaxLength, int.MaxValue })
            {
                if (BoundedText.TryParse(text, maxLength, out var value, out var rule))
                {
                    Assert.True(BoundedText.TryParse(value, maxLength, out var again, out _));
                    Assert.Equal(value, again);
                }
                else
                {
                    Assert.False(string.IsNullOrWhiteSpace(rule));
                }
            }
        }
    }
}
