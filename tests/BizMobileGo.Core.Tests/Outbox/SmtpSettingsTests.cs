using System;
using BizMobileGo.Core.Outbox;
using Xunit;

namespace BizMobileGo.Core.Tests.Outbox
{
    /// <summary>
    /// The retry wait's test-only setting (BMG_TEST_SMTP_RETRY_DELAY_MS, read by the Pester tests of retried sends): it can
    /// only shorten the product's 1 s, and anything but whole milliseconds from 1 to 1,000 leaves the 1 s as it is.
    /// </summary>
    public class SmtpSettingsTests
    {
        [Theory]
        [InlineData("50", 50)]
        [InlineData("1", 1)]
        [InlineData("1000", 1000)]
        public void The_test_setting_shortens_the_first_retry_wait(string setting, int milliseconds)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), SmtpSettings.RetryDelayFor(setting));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("0")]
        [InlineData("1001")]
        [InlineData("60000")]
        [InlineData("-50")]
        [InlineData(" 50")]
        [InlineData("50ms")]
        [InlineData("0.5")]
        [InlineData("99999999999")]
        public void Without_the_test_setting_or_with_any_other_value_the_wait_is_the_products_1_s(string? setting)
        {
            Assert.Equal(TimeSpan.FromSeconds(1), SmtpSettings.RetryDelayFor(setting));
        }
    }
}
