using BizMobileGo.Core.Fields;
using Xunit;

namespace BizMobileGo.Core.Tests.Fields
{
    public class AppleSerialTests
    {
        private const string Rule = "must be 8 to 14 characters of A-Z or 0-9";

        [Theory(DisplayName = "P6 a 13-character serial starting with S is likely one read off the box barcode, which prefixes it with S")]
        [InlineData("SAAABBBCCCDDD", "AAABBBCCCDDD")]
        [InlineData("sc02xk1abjg5h", "C02XK1ABJG5H")]
        [InlineData("AAAABBBCCCDDD", null)]
        [InlineData("SAAABBBCCCDD", null)]
        [InlineData("SAAABBBCCCDDDE", null)]
        public void Box_barcode_prefix(string text, string? serial)
        {
            Assert.True(AppleSerial.TryParse(text, out var value, out _));
            Assert.Equal(serial, value.WithoutBoxBarcodePrefix);
        }

        [Theory]
        [InlineData("C02XK1ABJG5H", "C02XK1ABJG5H", false)]
        [InlineData("c02xk1abjg5h", "C02XK1ABJG5H", false)]
        [InlineData("  DMPXK1ABJF8 ", "DMPXK1ABJF8", false)]
        [InlineData("F4KJ9X0Q1G", "F4KJ9X0Q1G", false)]
        [InlineData("ABCDEFGH", "ABCDEFGH", true)]
        [InlineData("abcdefghi", "ABCDEFGHI", true)]
        [InlineData("ABCDEFGHIJKLM", "ABCDEFGHIJKLM", true)]
        [InlineData("ABCDEFGHIJKLMN", "ABCDEFGHIJKLMN", true)]
        public void Accepts_and_upper_cases(string text, string expected, bool hasUnusualLength)
        {
            Assert.True(AppleSerial.TryParse(text, out var value, out var rule));
            Assert.Null(rule);
            Assert.Equal(expected, value.Value);
            Assert.Equal(expected, value.ToString());
            Assert.True(AppleSerial.TryParse(value.Value, out var again, out _));
            Assert.Equal(value.Value, again.Value);
            Assert.Equal(hasUnusualLength, value.HasUnusualLength);
        }

        [Theory]
        [InlineData("ABCDEFG")]
        [InlineData("ABCDEFGHIJKLMNO")]
        [InlineData("C02XK1AB-JG5H")]
        [InlineData("C02XK1AB JG5H")]
        [InlineData("C02XK1ABJG5\u00C4")]
        [InlineData("c02xk1abjg5\u0131")]
        [InlineData("\u017F02XK1ABJG5H")]
        [InlineData("C02XK1ABJG5\0")]
        public void Rejects_with_the_rule(string text)
        {
            Assert.False(AppleSerial.TryParse(text, out _, out var rule));
            Assert.StartsWith(Rule, rule);
        }

        [Theory(DisplayName = "W20-6 a character outside A-Z and 0-9 is named by its position, an invisible one by its code point")]
        [InlineData("F9FXK2ZW\u200BAA1", "; character 9 (U+200B) is none of these")]
        [InlineData("F9FXK2ZWAA1\u200B", "; character 12 (U+200B) is none of these")]
        [InlineData("C02XK1AB-JG5H", "; character 9 ('-') is none of these")]
        [InlineData(" C02XK1AB JG5H", "; character 9 (' ', U+0020, a space, counted after the leading spaces) is none of these")]
        [InlineData("ABCDEFG", "")]
        public void Names_the_character(string text, string where)
        {
            Assert.False(AppleSerial.TryParse(text, out _, out var rule));
            Assert.Equal(Rule + where, rule);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("  ")]
        public void Rejects_blank(string? text)
        {
            Assert.False(AppleSerial.TryParse(text, out _, out var rule));
            Assert.Equal("must not be blank", rule);
        }

        [Fact]
        public void Serials_entered_in_different_case_are_equal()
        {
            Assert.True(AppleSerial.TryParse("c02xk1abjg5h", out var lower, out _));
            Assert.True(AppleSerial.TryParse("C02XK1ABJG5H", out var upper, out _));
            Assert.True(AppleSerial.TryParse("C02XK1ABJG5J", out var other, out _));
            Assert.True(lower == upper);
            Assert.Equal(lower.GetHashCode(), upper.GetHashCode());
            Assert.True(lower != other);
        }

        [Theory]
        [MemberData(nameof(OddInputs.All), MemberType = typeof(OddInputs))]
        public void Never_throws_and_normalizing_is_idempotent(string? text)
        {
            if (AppleSerial.TryParse(text, out var value, out var rule))
            {
                Assert.True(AppleSerial.TryParse(value.Value, out var again, out _));
                Assert.Equal(value, again);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(rule));
            }
        }
    }
}
