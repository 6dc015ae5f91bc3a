using BizMobileGo.Core.Fields;
using Xunit;

namespace BizMobileGo.Core.Tests.Fields
{
    public class DeviceOsTests
    {
        [Theory]
        [InlineData("ios", "ios", true)]
        [InlineData("iOS", "ios", true)]
        [InlineData("  IOS ", "ios", true)]
        [InlineData("android", "android", false)]
        [InlineData("Android", "android", false)]
        [InlineData("WINDOWS", "windows", false)]
        [InlineData("Windows", "windows", false)]
        public void Accepts_any_case_and_stores_lower_case(string text, string expected, bool isIos)
        {
            Assert.True(DeviceOs.TryParse(text, out var value, out var rule));
            Assert.Null(rule);
            Assert.Equal(expected, value.Value);
            Assert.Equal(expected, value.ToString());
            Assert.True(DeviceOs.TryParse(value.Value, out var again, out _));
            Assert.Equal(value.Value, again.Value);
            Assert.Equal(isIos, value.IsIos);
        }

        [Theory]
        [InlineData("i os")]
        [InlineData("mac")]
        [InlineData("win")]
        [InlineData("\u0131os")]
        [InlineData("ios\0")]
        public void Rejects_with_the_rule(string text)
        {
            Assert.False(DeviceOs.TryParse(text, out _, out var rule));
            Assert.Equal("must be ios, android or windows", rule);
        }

        // Walkthrough 43, 7: Apple's DEP data says "os": "iPadOS"; an admin who copies it is told an iPad is 'ios'.
        [Theory]
        [InlineData("iPadOS")]
        [InlineData("ipados")]
        [InlineData("iPad OS")]
        [InlineData("iPhone OS")]
        [InlineData("iPhone")]
        [InlineData("iPad")]
        public void Rejects_an_apple_name_saying_an_iphone_or_ipad_is_ios(string text)
        {
            Assert.False(DeviceOs.TryParse(text, out _, out var rule));
            Assert.Equal("must be ios, android or windows; an iPhone or iPad is 'ios', also where Apple calls its OS iPadOS", rule);
        }

        [Theory]
        [InlineData("iOS 17", "ios")]
        [InlineData("iOS 17.2", "ios")]
        [InlineData("ios17", "ios")]
        [InlineData("Android 14", "android")]
        [InlineData("Windows 11", "windows")]
        public void Rejects_a_version_saying_the_name_without_it(string text, string meant)
        {
            Assert.False(DeviceOs.TryParse(text, out _, out var rule));
            Assert.Equal($"must be ios, android or windows, without a version: '{meant}'", rule);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData(" ")]
        public void Rejects_blank(string? text)
        {
            Assert.False(DeviceOs.TryParse(text, out _, out var rule));
            Assert.Equal("must not be blank", rule);
        }

        [Fact]
        public void Parsed_values_equal_the_static_instances()
        {
            Assert.True(DeviceOs.TryParse("IOS", out var ios, out _));
            Assert.True(DeviceOs.TryParse("ANDROID", out var android, out _));
            Assert.True(DeviceOs.TryParse("windows", out var windows, out _));
            Assert.True(ios == DeviceOs.Ios);
            Assert.True(android == DeviceOs.Android);
            Assert.True(windows == DeviceOs.Windows);
            Assert.True(ios != android);
            Assert.Equal(DeviceOs.Ios.GetHashCode(), ios.GetHashCode());
            Assert.Equal("ios", DeviceOs.Ios.Value);
            Assert.Equal("android", DeviceOs.Android.Value);
            Assert.Equal("windows", DeviceOs.Windows.Value);
            Assert.True(DeviceOs.Ios.IsIos);
            Assert.False(DeviceOs.Android.IsIos);
            Assert.False(DeviceOs.Windows.IsIos);
            Assert.False(default(DeviceOs).IsIos);
        }

        [Theory]
        [MemberData(nameof(OddInputs.All), MemberType = typeof(OddInputs))]
        public void Never_throws_and_normalizing_is_idempotent(string? text)
        {
            if (DeviceOs.TryParse(text, out var value, out var rule))
            {
                Assert.True(DeviceOs.TryParse(value.Value, out var again, out _));
                Assert.Equal(value, again);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(rule));
            }
        }
    }
}
