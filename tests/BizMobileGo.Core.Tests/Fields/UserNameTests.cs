using BizMobileGo.Core.Fields;
using Xunit;

namespace BizMobileGo.Core.Tests.Fields
{
    public class UserNameTests
    {
        [Theory]
        [InlineData("alice", "alice")]
        [InlineData("  Alice Smith  ", "Alice Smith")]
        [InlineData("山田 太郎", "山田 太郎")]
        [InlineData("bob@example.com", "bob@example.com")]
        [InlineData("x", "x")]
        public void Accepts_and_keeps_text_as_entered(string text, string expected)
        {
            Assert.True(UserName.TryParse(text, out var value, out var rule));
            Assert.Null(rule);
            Assert.Equal(expected, value.Value);
            Assert.Equal(expected, value.ToString());
            Assert.True(UserName.TryParse(value.Value, out var again, out _));
            Assert.Equal(value.Value, again.Value);
        }

        [Fact]
        public void Accepts_128_characters_and_rejects_129()
        {
            Assert.True(UserName.TryParse(new string('u', 128), out var value, out _));
            Assert.Equal(128, value.Value.Length);

            Assert.False(UserName.TryParse(new string('u', 129), out _, out var rule));
            Assert.Equal("must be at most 128 characters (this value has 129)", rule);
        }

        [Theory]
        [InlineData("ali\tce")]
        [InlineData("ali\nce")]
        [InlineData("ali\0ce")]
        [InlineData("ali\u007Fce")]
        [InlineData("ali\u0085ce")]
        public void Rejects_control_characters(string text)
        {
            Assert.False(UserName.TryParse(text, out _, out var rule));
            Assert.StartsWith("must not contain control characters (it has U+00", rule);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData(" \t ")]
        public void Rejects_blank(string? text)
        {
            Assert.False(UserName.TryParse(text, out _, out var rule));
            Assert.Equal("must not be blank", rule);
        }

        [Fact]
        public void Equality_is_case_sensitive()
        {
            Assert.True(UserName.TryParse("alice", out var lower, out _));
            Assert.True(UserName.TryParse("Alice", out var upper, out _));
            Assert.True(UserName.TryParse(" alice ", out var same, out _));

            Assert.True(lower != upper);
            Assert.False(lower.Equals(upper));
            Assert.True(lower == same);
            Assert.Equal(lower.GetHashCode(), same.GetHashCode());
        }

        [Theory]
        [MemberData(nameof(OddInputs.All), MemberType = typeof(OddInputs))]
        public void Never_throws_and_normalizing_is_idempotent(string? text)
        {
            if (UserName.TryParse(text, out var value, out var rule))
            {
                Assert.True(UserName.TryParse(value.Value, out var again, out _));
                Assert.Equal(value, again);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(rule));
            }
        }
    }
}
