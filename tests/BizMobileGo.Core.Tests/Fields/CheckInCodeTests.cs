using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Fields;
using Xunit;

namespace BizMobileGo.Core.Tests.Fields
{
    public class CheckInCodeTests
    {
        private const string Rule = "must be 1 to 32 characters of A-Z, a-z or 0-9";

        [Theory]
        [InlineData("ABCD2345", "ABCD2345")]
        [InlineData("  abcD0123 ", "abcD0123")]
        [InlineData("0", "0")]
        [InlineData("OIL01l", "OIL01l")]
        [InlineData("12345678901234567890123456789012", "12345678901234567890123456789012")]
        public void Accepts_and_keeps_code_as_entered(string text, string expected)
        {
            Assert.True(CheckInCode.TryParse(text, out var value, out var rule));
            Assert.Null(rule);
            Assert.Equal(expected, value.Value);
            Assert.Equal(expected, value.ToString());
            Assert.True(CheckInCode.TryParse(value.Value, out var again, out _));
            Assert.Equal(value.Value, again.Value);
        }

        // The rule says what is wrong without the code (walkthrough 13, 13): its length, or where the first character
        // outside A-Z, a-z, 0-9 is, never that character.
        [Theory]
        [InlineData("123456789012345678901234567890123", "; it has 33 characters")]
        [InlineData("ABCD-2345", "; character 5 is none of these")]
        [InlineData("ABCD 2345", "; character 5 is none of these")]
        [InlineData("ABCD_2345", "; character 5 is none of these")]
        [InlineData("ÄBCD", "; character 1 is none of these")]
        [InlineData("AB\0C", "; character 3 is none of these")]
        [InlineData("  ab-c", "; character 3 (counted after the leading spaces) is none of these")]
        public void Rejects_with_the_rule_and_what_is_wrong(string text, string whatIsWrong)
        {
            Assert.False(CheckInCode.TryParse(text, out _, out var rule));
            Assert.Equal(Rule + whatIsWrong, rule);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("\t")]
        public void Rejects_blank(string? text)
        {
            Assert.False(CheckInCode.TryParse(text, out _, out var rule));
            Assert.Equal("must not be blank", rule);
        }

        [Fact]
        public void Equality_is_case_sensitive()
        {
            Assert.True(CheckInCode.TryParse("abc", out var lower, out _));
            Assert.True(CheckInCode.TryParse("ABC", out var upper, out _));
            Assert.True(CheckInCode.TryParse(" abc", out var same, out _));
            Assert.True(lower != upper);
            Assert.True(lower == same);
            Assert.Equal(lower.GetHashCode(), same.GetHashCode());
        }

        [Fact]
        public void Generated_alphabet_is_upper_case_letters_and_digits_without_look_alikes()
        {
            var alphabet = CheckInCode.GeneratedAlphabet;
            Assert.Equal(alphabet.Length, alphabet.Distinct().Count());
            foreach (var lookAlike in "0O1IL")
            {
                Assert.DoesNotContain(lookAlike, alphabet);
            }

            var expected = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".Where(c => "0O1IL".IndexOf(c) < 0);
            Assert.Equal(expected.OrderBy(c => c), alphabet.OrderBy(c => c));
            Assert.Equal(8, CheckInCode.GeneratedLength);
        }

        [Fact]
        public void Generate_draws_codes_from_the_alphabet_uniformly_and_repeats_none_beyond_chance()
        {
            const int count = 20000;
            var codes = new HashSet<string>();
            int repeats = 0;
            var usage = new Dictionary<char, int>();
            for (var i = 0; i < count; i++)
            {
                var code = CheckInCode.Generate();
                Assert.Equal(CheckInCode.GeneratedLength, code.Value.Length);
                foreach (var c in code.Value)
                {
                    Assert.Contains(c, CheckInCode.GeneratedAlphabet);
                    usage[c] = usage.TryGetValue(c, out var n) ? n + 1 : 1;
                }

                if (!codes.Add(code.Value))
                {
                    repeats++;
                }

                Assert.True(CheckInCode.TryParse(code.Value, out var parsed, out _));
                Assert.Equal(code, parsed);
            }

            // 31^8 ≈ 8.5e11 codes: a fair generator repeats one of 20,000 with probability 2.3e-4 (asserting none failed
            // once in ~4,000 runs), two with probability 3e-8. A generator of too few states repeats many.
            Assert.True(repeats <= 1, $"{repeats} repeated codes among {count}; a fair generator expects 0.0002");

            // 160,000 draws over 31 characters, chi-square over 30 degrees of freedom: 100 is p ≈ 2e-9 for a fair generator
            // (a ±6% window on each character failed once in ~2,700 runs). Modulo bias (byte % 31 without redrawing) puts
            // the first 8 characters ~9% high: chi-square ≈ 450.
            Assert.Equal(CheckInCode.GeneratedAlphabet.Length, usage.Count);
            var expectedPerCharacter = count * CheckInCode.GeneratedLength / (double)CheckInCode.GeneratedAlphabet.Length;
            double chiSquare = usage.Values.Sum(n => (n - expectedPerCharacter) * (n - expectedPerCharacter) / expectedPerCharacter);
            Assert.True(chiSquare < 100, $"chi-square {chiSquare:F1} over 30 degrees of freedom; the characters are not uniform");
        }

        [Fact]
        public void Generate_is_safe_to_call_from_many_threads()
        {
            var codes = Enumerable.Range(0, 4000).AsParallel().Select(_ => CheckInCode.Generate().Value).ToList();
            // Threads sharing a generator's state unsafely repeat codes; a fair generator repeats one of 4,000 with
            // probability 9e-6 (asserting none could fail by chance), two with probability 4e-11.
            Assert.True(codes.Count - codes.Distinct().Count() <= 1, "codes drawn on many threads repeat");
            Assert.All(codes, code => Assert.Equal(CheckInCode.GeneratedLength, code.Length));
        }

        [Theory]
        [MemberData(nameof(OddInputs.All), MemberType = typeof(OddInputs))]
        public void Never_throws_and_normalizing_is_idempotent(string? text)
        {
            if (CheckInCode.TryParse(text, out var value, out var rule))
            {
                Assert.True(CheckInCode.TryParse(value.Value, out var again, out _));
                Assert.Equal(value, again);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(rule));
            }
        }
    }
}
