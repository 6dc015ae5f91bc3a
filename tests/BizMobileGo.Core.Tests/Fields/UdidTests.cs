using BizMobileGo.Core.Fields;
using Xunit;

namespace BizMobileGo.Core.Tests.Fields
{
    public class UdidTests
    {
        private const string Rule =
            "must be 40 hex digits, 8 and 16 hex digits joined by '-' (like 00008020-000A1D3A3E9A002E), or a UUID (8-4-4-4-12 hex digits)";

        [Theory]
        [InlineData("2b6f0cc904d137be2e1730235f5664094b831186", "2b6f0cc904d137be2e1730235f5664094b831186")]
        [InlineData("2B6F0CC904D137BE2E1730235F5664094B831186", "2b6f0cc904d137be2e1730235f5664094b831186")]
        [InlineData(" 0123456789abcdefABCDEF0123456789abcdefAB ", "0123456789abcdefabcdef0123456789abcdefab")]
        [InlineData("00008020-000A1D3A3E9A002E", "00008020-000A1D3A3E9A002E")]
        [InlineData("00008020-000a1d3a3e9a002e", "00008020-000A1D3A3E9A002E")]
        [InlineData("6C8F5E2A-1B3D-4E5F-9A0B-1C2D3E4F5A6B", "6C8F5E2A-1B3D-4E5F-9A0B-1C2D3E4F5A6B")]
        [InlineData("6c8f5e2a-1b3d-4e5f-9a0b-1c2d3e4f5a6b", "6C8F5E2A-1B3D-4E5F-9A0B-1C2D3E4F5A6B")]
        public void Accepts_the_three_shapes_and_normalizes_case(string text, string expected)
        {
            Assert.True(Udid.TryParse(text, out var value, out var rule));
            Assert.Null(rule);
            Assert.Equal(expected, value.Value);
            Assert.Equal(expected, value.ToString());
            Assert.True(Udid.TryParse(value.Value, out var again, out _));
            Assert.Equal(value.Value, again.Value);
        }

        [Theory]
        [InlineData("2b6f0cc904d137be2e1730235f5664094b83118")]
        [InlineData("2b6f0cc904d137be2e1730235f5664094b8311867")]
        [InlineData("2b6f0cc904d137be2e1730235f5664094b83118g")]
        [InlineData("2b6f0cc9-04d137be2e1730235f5664094b831186")]
        [InlineData("00008020000A1D3A3E9A002E")]
        [InlineData("00008020-000A1D3A3E9A002")]
        [InlineData("0008020-0000A1D3A3E9A002E")]
        [InlineData("00008020:000A1D3A3E9A002E")]
        [InlineData("00008020-000A1D3A3E9A002G")]
        [InlineData("6C8F5E2A1B3D4E5F9A0B1C2D3E4F5A6B")]
        [InlineData("{6C8F5E2A-1B3D-4E5F-9A0B-1C2D3E4F5A6B}")]
        [InlineData("6C8F5E2A-1B3D4-E5F-9A0B-1C2D3E4F5A6B")]
        [InlineData("6C8F5E2A-1B3D-4E5F-9A0B_1C2D3E4F5A6B")]
        [InlineData("6C8F5E2A-1B3D-4E5F-9A0B-1C2D3E4F5A6\0")]
        public void Rejects_with_the_rule(string text)
        {
            Assert.False(Udid.TryParse(text, out _, out var rule));
            Assert.Equal(Rule, rule);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("\n")]
        public void Rejects_blank(string? text)
        {
            Assert.False(Udid.TryParse(text, out _, out var rule));
            Assert.Equal("must not be blank", rule);
        }

        [Fact]
        public void Values_differing_only_in_case_are_equal()
        {
            Assert.True(Udid.TryParse("00008020-000a1d3a3e9a002e", out var lower, out _));
            Assert.True(Udid.TryParse("00008020-000A1D3A3E9A002E", out var upper, out _));
            Assert.True(Udid.TryParse("00008020-000A1D3A3E9A002F", out var other, out _));
            Assert.True(lower == upper);
            Assert.Equal(lower.GetHashCode(), upper.GetHashCode());
            Assert.True(lower != other);
        }

        [Theory]
        [MemberData(nameof(OddInputs.All), MemberType = typeof(OddInputs))]
        public void Never_throws_and_normalizing_is_idempotent(string? text)
        {
            if (Udid.TryParse(text, out var value, out var rule))
            {
                Assert.True(Udid.TryParse(value.Value, out var again, out _));
                Assert.Equal(value, again);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(rule));
            }
        }
    }
}
