using BizMobileGo.Core.Fields;
using Xunit;

namespace BizMobileGo.Core.Tests.Fields
{
    public class WifiMacTests
    {
        private const string Rule = "must be 12 hex digits written as AA:BB:CC:DD:EE:FF, AA-BB-CC-DD-EE-FF or AABBCCDDEEFF";

        [Theory]
        [InlineData("AA:BB:CC:DD:EE:FF", "AA:BB:CC:DD:EE:FF")]
        [InlineData("aa:bb:cc:dd:ee:ff", "AA:BB:CC:DD:EE:FF")]
        [InlineData("AA-BB-CC-DD-EE-FF", "AA:BB:CC:DD:EE:FF")]
        [InlineData("aabbccddeeff", "AA:BB:CC:DD:EE:FF")]
        [InlineData(" 00:1a:2B:3c:4D:5e ", "00:1A:2B:3C:4D:5E")]
        [InlineData("001122334455", "00:11:22:33:44:55")]
        [InlineData("f0-18-98-0a-bc-de", "F0:18:98:0A:BC:DE")]
        public void Accepts_and_normalizes(string text, string expected)
        {
            Assert.True(WifiMac.TryParse(text, out var value, out var rule));
            Assert.Null(rule);
            Assert.Equal(expected, value.Value);
            Assert.Equal(expected, value.ToString());
            Assert.True(WifiMac.TryParse(value.Value, out var again, out _));
            Assert.Equal(value.Value, again.Value);
        }

        [Theory]
        [InlineData("AA:BB-CC:DD:EE:FF")]
        [InlineData("AA-BB-CC-DD-EE:FF")]
        [InlineData("AA:BB:CC:DD:EE")]
        [InlineData("AA:BB:CC:DD:EE:FF:00")]
        [InlineData("AABBCCDDEEF")]
        [InlineData("AABBCCDDEEFF0")]
        [InlineData("AA:BB:CC:DD:EE:FG")]
        [InlineData("AA BB CC DD EE FF")]
        [InlineData("AA.BB.CC.DD.EE.FF")]
        [InlineData("AABB.CCDD.EEFF")]
        [InlineData("A:ABB:CC:DD:EE:FF")]
        [InlineData("AA::BBCC:DD:EE:FF")]
        [InlineData("AA:BB:CC:DD:EE:F\0")]
        public void Rejects_with_the_rule(string text)
        {
            Assert.False(WifiMac.TryParse(text, out _, out var rule));
            Assert.Equal(Rule, rule);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("  ")]
        public void Rejects_blank(string? text)
        {
            Assert.False(WifiMac.TryParse(text, out _, out var rule));
            Assert.Equal("must not be blank", rule);
        }

        [Fact]
        public void Differently_written_forms_of_one_address_are_equal()
        {
            Assert.True(WifiMac.TryParse("aabbccddeeff", out var bare, out _));
            Assert.True(WifiMac.TryParse("AA-BB-CC-DD-EE-FF", out var dashed, out _));
            Assert.True(WifiMac.TryParse("AA:BB:CC:DD:EE:00", out var other, out _));
            Assert.True(bare == dashed);
            Assert.Equal(bare.GetHashCode(), dashed.GetHashCode());
            Assert.True(bare != other);
        }

        [Theory]
        [MemberData(nameof(OddInputs.All), MemberType = typeof(OddInputs))]
        [InlineData("aa-bb-cc-dd-ee-ff")]
        public void Never_throws_and_normalizing_is_idempotent(string? text)
        {
            if (WifiMac.TryParse(text, out var value, out var rule))
            {
                Assert.True(WifiMac.TryParse(value.Value, out var again, out _));
                Assert.Equal(value.Value, again.Value);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(rule));
            }
        }
    }
}
