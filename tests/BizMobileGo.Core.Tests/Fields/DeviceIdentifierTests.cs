using System.Collections.Generic;
using BizMobileGo.Core.Fields;
using Xunit;

namespace BizMobileGo.Core.Tests.Fields
{
    public class DeviceIdentifierTests
    {
        [Theory]
        [InlineData("DEVICE01", "DEVICE01")]
        [InlineData("  device01  ", "device01")]
        [InlineData("a", "a")]
        [InlineData("A.b-C_9", "A.b-C_9")]
        [InlineData("12345678901234567890", "12345678901234567890")]
        [InlineData("\tiPad_Sales-03.x\n", "iPad_Sales-03.x")]
        public void Accepts_and_keeps_case_as_entered(string text, string expected)
        {
            Assert.True(DeviceIdentifier.TryParse(text, out var value, out var rule));
            Assert.Null(rule);
            Assert.Equal(expected, value.Value);
            Assert.Equal(expected, value.ToString());
            Assert.True(DeviceIdentifier.TryParse(value.Value, out var again, out _));
            Assert.Equal(value.Value, again.Value);
        }

        [Theory]
        [InlineData("123456789012345678901")]
        [InlineData("device 01")]
        [InlineData("device/01")]
        [InlineData("dévice")]
        [InlineData("\u0131pad")]
        [InlineData("device@01")]
        [InlineData("a\0")]
        public void Rejects_with_the_rule(string text)
        {
            Assert.False(DeviceIdentifier.TryParse(text, out _, out var rule));
            Assert.StartsWith("must be 1 to 20 characters of A-Z, a-z, 0-9, '.', '-' or '_'", rule);
        }

        [Theory(DisplayName = "W20-6 a character outside the rule's is named by its position, an invisible one by its code point")]
        [InlineData("zw-1\u200B", "; character 5 (U+200B) is none of these")]
        [InlineData("\uFEFFzw-1", "; character 1 (U+FEFF) is none of these")]
        [InlineData("d\u00E9vice", "; character 2 ('\u00E9') is none of these")]
        [InlineData("\u3000a\u0009b", "; character 2 (U+0009, counted after the leading spaces) is none of these")]
        [InlineData("123456789012345678901", "")]
        public void Names_the_character(string text, string where)
        {
            Assert.False(DeviceIdentifier.TryParse(text, out _, out var rule));
            Assert.Equal("must be 1 to 20 characters of A-Z, a-z, 0-9, '.', '-' or '_'" + where, rule);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("   ")]
        public void Rejects_blank(string? text)
        {
            Assert.False(DeviceIdentifier.TryParse(text, out _, out var rule));
            Assert.Equal("must not be blank", rule);
        }

        [Fact]
        public void Equality_and_hash_ignore_case()
        {
            Assert.True(DeviceIdentifier.TryParse("DEVICE01", out var upper, out _));
            Assert.True(DeviceIdentifier.TryParse("device01", out var lower, out _));
            Assert.True(DeviceIdentifier.TryParse("device02", out var other, out _));

            Assert.True(upper == lower);
            Assert.False(upper != lower);
            Assert.True(upper.Equals((object)lower));
            Assert.Equal(upper.GetHashCode(), lower.GetHashCode());
            Assert.NotEqual(upper, other);
            Assert.True(upper != other);
            Assert.Equal("DEVICE01", upper.Value);
        }

        [Fact]
        public void Comparer_keys_dictionaries_ignoring_case()
        {
            var byIdentifier = new Dictionary<string, int>(DeviceIdentifier.Comparer) { ["DEVICE01"] = 1 };
            Assert.True(byIdentifier.ContainsKey("device01"));
            Assert.False(byIdentifier.ContainsKey("device02"));
        }

        [Theory]
        [MemberData(nameof(OddInputs.All), MemberType = typeof(OddInputs))]
        public void Never_throws_and_normalizing_is_idempotent(string? text)
        {
            if (DeviceIdentifier.TryParse(text, out var value, out var rule))
            {
                Assert.True(DeviceIdentifier.TryParse(value.Value, out var again, out _));
                Assert.Equal(value.Value, again.Value);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(rule));
            }
        }
    }
}
