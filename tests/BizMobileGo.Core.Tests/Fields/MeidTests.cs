using System.Linq;
using BizMobileGo.Core.Fields;
using Xunit;

namespace BizMobileGo.Core.Tests.Fields
{
    public class MeidTests
    {
        private const string Rule = "must be 14 hex digits, or 15 where the last is a valid check digit (Luhn in base 16)";
        private const string HexDigits = "0123456789ABCDEF";

        [Theory]
        [InlineData("A0000000002329", "A0000000002329")]
        [InlineData("a0000000002329", "A0000000002329")]
        [InlineData(" af0123450abcde ", "AF0123450ABCDE")]
        [InlineData("AF0123450ABCDEC", "AF0123450ABCDE")]
        [InlineData("af0123450abcdec", "AF0123450ABCDE")]
        [InlineData("A00000000023299", "A0000000002329")]
        [InlineData("000000000000000", "00000000000000")]
        public void Accepts_and_stores_fourteen_upper_case_digits(string text, string expected)
        {
            Assert.True(Meid.TryParse(text, out var value, out var rule));
            Assert.Null(rule);
            Assert.Equal(expected, value.Value);
            Assert.Equal(expected, value.ToString());
            Assert.True(Meid.TryParse(value.Value, out var again, out _));
            Assert.Equal(value.Value, again.Value);
        }

        [Theory]
        [InlineData("AF0123450ABCDE", 'C')]
        [InlineData("A0000000002329", '9')]
        [InlineData("A1000012345678", 'B')]
        [InlineData("00000000000000", '0')]
        public void Check_digit_matches_the_3GPP2_example_and_an_independent_calculation(string fourteen, char expected)
        {
            // AF0123450ABCDE -> C is the worked example of 3GPP2 X.S0008; the other rows were computed by hand.
            Assert.Equal(expected, Meid.ComputeCheckDigit(fourteen));
            Assert.Equal(expected, IndependentCheckDigit(fourteen));
        }

        [Fact]
        public void Exactly_one_check_digit_completes_each_example()
        {
            foreach (var fourteen in new[] { "AF0123450ABCDE", "A0000000002329", "A1000012345678", "FFFFFFFFFFFFFF" })
            {
                var accepted = HexDigits.Where(d => Meid.TryParse(fourteen + d, out _, out _)).ToList();
                Assert.Equal(new[] { IndependentCheckDigit(fourteen) }, accepted);
            }
        }

        [Fact]
        public void Compute_check_digit_returns_null_for_anything_but_fourteen_hex_digits()
        {
            const string sample = "A0000000002328";
            Assert.NotNull(Meid.ComputeCheckDigit(sample));
            Assert.Null(Meid.ComputeCheckDigit(null));
            Assert.Null(Meid.ComputeCheckDigit(sample.Substring(1)));
            Assert.Null(Meid.ComputeCheckDigit(sample + "0"));
            Assert.Null(Meid.ComputeCheckDigit("G000000000232A"));
        }

        [Theory]
        [InlineData("A00000000023298")]
        [InlineData("AF0123450ABCDEB")]
        [InlineData("A00000000023290")]
        [InlineData("A000000000232")]
        [InlineData("A000000000232999")]
        [InlineData("G0000000002329")]
        [InlineData("A0000000-002329")]
        [InlineData("A0 000000002329")]
        [InlineData("A0000000002329\0")]
        [InlineData("99000012345678901")]
        public void Rejects_with_the_rule(string text)
        {
            Assert.False(Meid.TryParse(text, out _, out var rule));
            Assert.Equal(Rule, rule);
        }

        [Theory]
        [InlineData("Ａ0000000002329", MangledDigits.FullWidthHint)]
        [InlineData("3.52099E+13", MangledDigits.ScientificNotationHint)]
        public void Rejects_what_an_IME_or_Excel_made_of_it_with_a_hint_and_the_rule(string text, string hint)
        {
            Assert.False(Meid.TryParse(text, out _, out var rule));
            Assert.Equal(hint + "; " + Rule, rule);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("  ")]
        public void Rejects_blank(string? text)
        {
            Assert.False(Meid.TryParse(text, out _, out var rule));
            Assert.Equal("must not be blank", rule);
        }

        [Fact]
        public void With_and_without_check_digit_are_equal()
        {
            Assert.True(Meid.TryParse("AF0123450ABCDEC", out var withCheck, out _));
            Assert.True(Meid.TryParse("af0123450abcde", out var without, out _));
            Assert.True(Meid.TryParse("A0000000002329", out var other, out _));
            Assert.True(withCheck == without);
            Assert.Equal(withCheck.GetHashCode(), without.GetHashCode());
            Assert.True(withCheck != other);
        }

        [Theory]
        [MemberData(nameof(OddInputs.All), MemberType = typeof(OddInputs))]
        public void Never_throws_and_normalizing_is_idempotent(string? text)
        {
            if (Meid.TryParse(text, out var value, out var rule))
            {
                Assert.True(Meid.TryParse(value.Value, out var again, out _));
                Assert.Equal(value, again);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(rule));
            }
        }

        // Validates whole numbers rather than computing a digit: the 15-digit number is valid when its
        // base-16 Luhn sum is a multiple of 16, so the check digit is the one candidate that makes it so.
        private static char IndependentCheckDigit(string fourteen)
        {
            return HexDigits.Single(candidate => LuhnBase16Sum(fourteen + candidate) % 16 == 0);
        }

        private static int LuhnBase16Sum(string number)
        {
            var sum = 0;
            var reversed = number.Reverse().ToArray();
            for (var i = 0; i < reversed.Length; i++)
            {
                var value = HexDigits.IndexOf(char.ToUpperInvariant(reversed[i]));
                if (i % 2 == 1)
                {
                    var doubled = value * 2;
                    value = doubled / 16 + doubled % 16;
                }

                sum += value;
            }

            return sum;
        }
    }
}
