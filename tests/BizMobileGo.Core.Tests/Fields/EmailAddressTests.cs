using BizMobileGo.Core.Fields;
using Xunit;

namespace BizMobileGo.Core.Tests.Fields
{
    public class EmailAddressTests
    {
        private const string DisplayNameRule = "must be a plain address like name@example.com, without a display name or angle brackets";
        private const string AtSignRule = "must contain exactly one '@' between the local part and the domain";
        private const string LocalPartRule =
            "must have a local part (before '@') of 1 to 64 characters of letters, digits and !#$%&'*+/=?^_`{|}~.- with no leading, trailing or double dot";
        private const string DomainRule =
            "must have a domain (after '@') of at least two dot-separated labels of letters, digits and hyphens, each 1 to 63 characters and not starting or ending with a hyphen";

        [Theory]
        [InlineData("bob@example.com", "bob@example.com")]
        [InlineData("  Bob.Smith@Example.COM ", "Bob.Smith@Example.COM")]
        [InlineData("a@b.c", "a@b.c")]
        [InlineData("first.last+tag@sub.example.co.jp", "first.last+tag@sub.example.co.jp")]
        [InlineData("!#$%&'*+/=?^_`{|}~-@example.com", "!#$%&'*+/=?^_`{|}~-@example.com")]
        [InlineData("user@xn--bcher-kva.example", "user@xn--bcher-kva.example")]
        [InlineData("user@bücher.example", "user@bücher.example")]
        [InlineData("user@例え.テスト", "user@例え.テスト")]
        [InlineData("user@हिन्दी.भारत", "user@हिन्दी.भारत")]
        [InlineData("user@123.example", "user@123.example")]
        [InlineData("user@a-b.example", "user@a-b.example")]
        public void Accepts_and_keeps_address_as_entered(string text, string expected)
        {
            Assert.True(EmailAddress.TryParse(text, out var value, out var rule), rule);
            Assert.Equal(expected, value.Value);
            Assert.Equal(expected, value.ToString());
            Assert.True(EmailAddress.TryParse(value.Value, out var again, out _));
            Assert.Equal(value.Value, again.Value);
        }

        [Theory]
        [InlineData("Bob <bob@example.com>", DisplayNameRule)]
        [InlineData("<bob@example.com>", DisplayNameRule)]
        [InlineData("\"Bob\" <bob@example.com>", DisplayNameRule)]
        [InlineData("bob.example.com", AtSignRule)]
        [InlineData("bob@@example.com", AtSignRule)]
        [InlineData("bob@mail@example.com", AtSignRule)]
        [InlineData("@example.com", LocalPartRule)]
        [InlineData(".bob@example.com", LocalPartRule)]
        [InlineData("bob.@example.com", LocalPartRule)]
        [InlineData("bo..b@example.com", LocalPartRule)]
        [InlineData("bob smith@example.com", LocalPartRule)]
        [InlineData("\"bob\"@example.com", LocalPartRule)]
        [InlineData("bob,smith@example.com", LocalPartRule)]
        [InlineData("bøb@example.com", LocalPartRule)]
        [InlineData("bob@", DomainRule)]
        [InlineData("bob@localhost", DomainRule)]
        [InlineData("bob@example..com", DomainRule)]
        [InlineData("bob@.example.com", DomainRule)]
        [InlineData("bob@example.com.", DomainRule)]
        [InlineData("bob@-example.com", DomainRule)]
        [InlineData("bob@example-.com", DomainRule)]
        [InlineData("bob@exa_mple.com", DomainRule)]
        [InlineData("bob@exa mple.com", DomainRule)]
        [InlineData("bob@[192.168.0.1]", DomainRule)]
        [InlineData("bob@example.com\0", "must not contain control characters (it has U+0000 at character 16)")]
        public void Rejects_with_the_rule(string text, string expectedRule)
        {
            Assert.False(EmailAddress.TryParse(text, out _, out var rule));
            Assert.Equal(expectedRule, rule);
        }

        [Fact]
        public void Local_part_may_have_64_characters_but_not_65()
        {
            Assert.True(EmailAddress.TryParse(new string('l', 64) + "@example.com", out _, out _));
            Assert.False(EmailAddress.TryParse(new string('l', 65) + "@example.com", out _, out var rule));
            Assert.Equal(LocalPartRule, rule);
        }

        [Fact]
        public void Domain_label_may_have_63_characters_but_not_64()
        {
            Assert.True(EmailAddress.TryParse("bob@" + new string('d', 63) + ".com", out _, out _));
            Assert.False(EmailAddress.TryParse("bob@" + new string('d', 64) + ".com", out _, out var rule));
            Assert.Equal(DomainRule, rule);
        }

        [Fact]
        public void Address_may_have_254_characters_but_not_255()
        {
            var domainOf249 = new string('a', 63) + "." + new string('b', 63) + "." + new string('c', 63) + "." + new string('d', 57);
            var longest = "bob@" + domainOf249 + "e";
            Assert.Equal(254, longest.Length);
            Assert.True(EmailAddress.TryParse(longest, out var value, out var rule), rule);
            Assert.Equal(longest, value.Value);

            Assert.False(EmailAddress.TryParse(longest + "f", out _, out rule));
            Assert.Equal("must be at most 254 characters (this value has 255)", rule);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("  ")]
        public void Rejects_blank(string? text)
        {
            Assert.False(EmailAddress.TryParse(text, out _, out var rule));
            Assert.Equal("must not be blank", rule);
        }

        [Fact]
        public void Equality_compares_the_text_as_entered()
        {
            Assert.True(EmailAddress.TryParse("bob@example.com", out var a, out _));
            Assert.True(EmailAddress.TryParse(" bob@example.com ", out var b, out _));
            Assert.True(EmailAddress.TryParse("Bob@example.com", out var c, out _));
            Assert.True(a == b);
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
            Assert.True(a != c);
        }

        [Theory]
        [MemberData(nameof(OddInputs.All), MemberType = typeof(OddInputs))]
        public void Never_throws_and_normalizing_is_idempotent(string? text)
        {
            if (EmailAddress.TryParse(text, out var value, out var rule))
            {
                Assert.True(EmailAddress.TryParse(value.Value, out var again, out _));
                Assert.Equal(value, again);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(rule));
            }
        }
    }
}
