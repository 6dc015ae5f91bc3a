using System.Linq;
using BizMobileGo.Core.Fields;
using Xunit;

namespace BizMobileGo.Core.Tests.Fields
{
    public class ImeiTests
    {
        private const string Rule = "must be 15 digits (spaces and dashes ignored) with a valid Luhn check digit";

        [Theory]
        [InlineData("490154203237518", "490154203237518")]
        [InlineData("356938035643809", "356938035643809")]
        [InlineData(" 49-015420-323751-8 ", "490154203237518")]
        [InlineData("49 015420 323751 8", "490154203237518")]
        [InlineData("35-693803-564380-9", "356938035643809")]
        [InlineData("000000000000000", "000000000000000")]
        public void Accepts_luhn_valid_numbers_and_keeps_the_digits(string text, string expected)
        {
            Assert.True(Imei.TryParse(text, out var value, out var rule));
            Assert.Null(rule);
            Assert.Equal(expected, value.Value);
            Assert.Equal(expected, value.ToString());
            Assert.True(Imei.TryParse(value.Value, out var again, out _));
            Assert.Equal(value.Value, again.Value);
        }

        [Theory]
        [InlineData("490154203237517")]
        [InlineData("490154203237510")]
        [InlineData("356938035643808")]
        [InlineData("49015420323751")]
        [InlineData("4901542032375180")]
        [InlineData("49015420323751A")]
        [InlineData("490154203237518\0")]
        [InlineData("490154203237518.")]
        [InlineData("490154203237518/")]
        [InlineData("49015420\t3237518")]
        [InlineData("\u0664\u0669\u0660154203237518")]
        public void Rejects_with_the_rule(string text)
        {
            Assert.False(Imei.TryParse(text, out _, out var rule));
            Assert.Equal(Rule, rule);
        }

        [Theory]
        [InlineData("３５２０９９００１７６１４８１", MangledDigits.FullWidthHint)]
        [InlineData("４90154203237518", MangledDigits.FullWidthHint)]
        [InlineData("3.52099E+14", MangledDigits.ScientificNotationHint)]
        [InlineData("3.52099e+14", MangledDigits.ScientificNotationHint)]
        [InlineData("4.90154E14", MangledDigits.ScientificNotationHint)]
        public void Rejects_what_an_IME_or_Excel_made_of_it_with_a_hint_and_the_rule(string text, string hint)
        {
            Assert.False(Imei.TryParse(text, out _, out var rule));
            Assert.Equal(hint + "; " + Rule, rule);
        }

        [Fact]
        public void Every_single_digit_change_of_a_valid_number_is_rejected()
        {
            const string valid = "490154203237518";
            for (var position = 0; position < valid.Length; position++)
            {
                for (var digit = '0'; digit <= '9'; digit++)
                {
                    if (digit == valid[position])
                    {
                        continue;
                    }

                    var changed = valid.Substring(0, position) + digit + valid.Substring(position + 1);
                    Assert.False(Imei.TryParse(changed, out _, out _), changed);
                }
            }
        }

        [Fact]
        public void Exactly_one_check_digit_completes_fourteen_digits()
        {
            const string body = "35693803564380";
            var accepted = Enumerable.Range(0, 10).Where(d => Imei.TryParse(body + d, out _, out _)).ToList();
            Assert.Equal(new[] { 9 }, accepted);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("   ")]
        public void Rejects_blank(string? text)
        {
            Assert.False(Imei.TryParse(text, out _, out var rule));
            Assert.Equal("must not be blank", rule);
        }

        [Fact]
        public void Numbers_written_with_separators_equal_the_bare_number()
        {
            Assert.True(Imei.TryParse("49-015420-323751-8", out var dashed, out _));
            Assert.True(Imei.TryParse("490154203237518", out var bare, out _));
            Assert.True(Imei.TryParse("356938035643809", out var other, out _));
            Assert.True(dashed == bare);
            Assert.Equal(dashed.GetHashCode(), bare.GetHashCode());
            Assert.True(dashed != other);
        }

        [Theory]
        [MemberData(nameof(OddInputs.All), MemberType = typeof(OddInputs))]
        public void Never_throws_and_normalizing_is_idempotent(string? text)
        {
            if (Imei.TryParse(text, out var value, out var rule))
            {
                Assert.True(Imei.TryParse(value.Value, out var again, out _));
                Assert.Equal(value, again);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(rule));
            }
        }
    }
}
