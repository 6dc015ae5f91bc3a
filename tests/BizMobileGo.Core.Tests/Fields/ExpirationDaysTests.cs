using BizMobileGo.Core.Fields;
using Xunit;

namespace BizMobileGo.Core.Tests.Fields
{
    public class ExpirationDaysTests
    {
        private const string RangeRule = "must be a whole number of days from 1 to 365";
        private const string DateRule =
            "looks like a date; ExpirationDays is a number of days from 1 to 365 after the last save, not an expiry date";

        [Theory]
        [InlineData("1", 1, "1")]
        [InlineData("7", 7, "7")]
        [InlineData(" 30 ", 30, "30")]
        [InlineData("007", 7, "7")]
        [InlineData("0365", 365, "365")]
        [InlineData("365", 365, "365")]
        [InlineData("00000000000000000000000000042", 42, "42")]
        public void Accepts_whole_numbers_from_1_to_365(string text, int days, string expectedValue)
        {
            Assert.True(ExpirationDays.TryParse(text, out var value, out var rule));
            Assert.Null(rule);
            Assert.Equal(days, value.Days);
            Assert.Equal(expectedValue, value.Value);
            Assert.Equal(expectedValue, value.ToString());
            Assert.True(ExpirationDays.TryParse(value.Value, out var again, out _));
            Assert.Equal(value, again);
        }

        [Theory]
        [InlineData("0")]
        [InlineData("000")]
        [InlineData("366")]
        [InlineData("1000")]
        [InlineData("+7")]
        [InlineData("-7")]
        [InlineData("7.0")]
        [InlineData("7,0")]
        [InlineData("1.5")]
        [InlineData("1 0")]
        [InlineData("7days")]
        [InlineData("seven")]
        [InlineData("0x10")]
        [InlineData("\u0667")]
        [InlineData("99999999999999999999999")]
        [InlineData("20251330")]
        [InlineData("20250230")]
        [InlineData("18991231")]
        [InlineData("12345678")]
        [InlineData("-2025")]
        [InlineData("7-")]
        [InlineData("7\0")]
        public void Rejects_other_numbers_with_the_range_rule(string text)
        {
            Assert.False(ExpirationDays.TryParse(text, out _, out var rule));
            Assert.Equal(RangeRule, rule);
        }

        [Theory]
        [InlineData("\uFF17", MangledDigits.FullWidthHint)]
        [InlineData("\uFF11\uFF14", MangledDigits.FullWidthHint)]
        [InlineData("1e2", MangledDigits.ScientificNotationHint)]
        [InlineData("3.65E+02", MangledDigits.ScientificNotationHint)]
        public void Rejects_what_an_IME_or_Excel_made_of_a_number_with_a_hint_and_the_range_rule(string text, string hint)
        {
            Assert.False(ExpirationDays.TryParse(text, out _, out var rule));
            Assert.Equal(hint + "; " + RangeRule, rule);
        }

        [Theory]
        [InlineData("20251130")]
        [InlineData("20240229")]
        [InlineData("2025-11-30")]
        [InlineData("2025/11/30")]
        [InlineData("11/30/2025")]
        [InlineData("30/11")]
        [InlineData("2025-1-5")]
        [InlineData("30.11.2025")]
        [InlineData(" 2025/11/30 ")]
        public void Rejects_dates_with_their_own_rule(string text)
        {
            Assert.False(ExpirationDays.TryParse(text, out _, out var rule));
            Assert.Equal(DateRule, rule);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("   ")]
        public void Rejects_blank(string? text)
        {
            Assert.False(ExpirationDays.TryParse(text, out _, out var rule));
            Assert.Equal("must not be blank", rule);
        }

        [Fact]
        public void Default_is_seven_days()
        {
            Assert.Equal(7, ExpirationDays.DefaultDays);
            Assert.Equal(ExpirationDays.DefaultDays, ExpirationDays.Default.Days);
            Assert.Equal("7", ExpirationDays.Default.Value);
            Assert.True(ExpirationDays.TryParse("07", out var seven, out _));
            Assert.True(seven == ExpirationDays.Default);
            Assert.Equal(seven.GetHashCode(), ExpirationDays.Default.GetHashCode());
            Assert.True(ExpirationDays.TryParse("8", out var eight, out _));
            Assert.True(eight != ExpirationDays.Default);
        }

        [Fact]
        public void Every_number_in_range_round_trips()
        {
            for (var days = 1; days <= 365; days++)
            {
                var text = days.ToString(System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(ExpirationDays.TryParse(text, out var value, out _), text);
                Assert.Equal(days, value.Days);
                Assert.Equal(text, value.Value);
            }
        }

        [Theory]
        [MemberData(nameof(OddInputs.All), MemberType = typeof(OddInputs))]
        public void Never_throws_and_normalizing_is_idempotent(string? text)
        {
            if (ExpirationDays.TryParse(text, out var value, out var rule))
            {
                Assert.True(ExpirationDays.TryParse(value.Value, out var again, out _));
                Assert.Equal(value, again);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(rule));
            }
        }
    }
}
