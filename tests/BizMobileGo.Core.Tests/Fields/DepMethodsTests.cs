using BizMobileGo.Core.Fields;
using Xunit;

namespace BizMobileGo.Core.Tests.Fields
{
    public class DepMethodsTests
    {
        [Theory]
        [InlineData("Serial", DepMethod.Serial)]
        [InlineData("serial", DepMethod.Serial)]
        [InlineData(" SERIAL ", DepMethod.Serial)]
        [InlineData("Keycode", DepMethod.Keycode)]
        [InlineData("keycode", DepMethod.Keycode)]
        [InlineData("KEYCODE", DepMethod.Keycode)]
        [InlineData("Key Code", DepMethod.Keycode)]
        [InlineData("key-code", DepMethod.Keycode)]
        [InlineData("Key_Code", DepMethod.Keycode)]
        [InlineData("key - code", DepMethod.Keycode)]
        [InlineData("  KeyCode\t", DepMethod.Keycode)]
        public void Accepts_any_case_and_spelling(string text, DepMethod expected)
        {
            Assert.True(DepMethods.TryParse(text, out var method, out var rule));
            Assert.Null(rule);
            Assert.Equal(expected, method);
        }

        [Theory]
        [InlineData("Serials")]
        [InlineData("Ser ial")]
        [InlineData("Key")]
        [InlineData("Code")]
        [InlineData("Key.Code")]
        [InlineData("Key\tCode")]
        [InlineData("Keycodes")]
        [InlineData("Kéycode")]
        [InlineData("\u017Ferial")]
        [InlineData("Serial\0")]
        [InlineData("0")]
        [InlineData("1")]
        public void Rejects_with_the_rule(string text)
        {
            Assert.False(DepMethods.TryParse(text, out _, out var rule));
            Assert.Equal("must be Serial or Keycode", rule);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("  ")]
        public void Rejects_blank(string? text)
        {
            Assert.False(DepMethods.TryParse(text, out _, out var rule));
            Assert.Equal("must not be blank", rule);
        }

        [Theory]
        [InlineData(DepMethod.Serial, "Serial")]
        [InlineData(DepMethod.Keycode, "Keycode")]
        public void ToText_gives_the_canonical_spelling_that_parses_back(DepMethod method, string expected)
        {
            Assert.Equal(expected, DepMethods.ToText(method));
            Assert.True(DepMethods.TryParse(DepMethods.ToText(method), out var again, out _));
            Assert.Equal(method, again);
        }

        [Theory]
        [MemberData(nameof(OddInputs.All), MemberType = typeof(OddInputs))]
        public void Never_throws(string? text)
        {
            if (!DepMethods.TryParse(text, out _, out var rule))
            {
                Assert.False(string.IsNullOrWhiteSpace(rule));
            }
        }
    }
}
