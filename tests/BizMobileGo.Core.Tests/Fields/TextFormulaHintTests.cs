using BizMobileGo.Core.Fields;
using Xunit;

namespace BizMobileGo.Core.Tests.Fields
{
    /// <summary>
    /// Excel's text-forcing formula ="0123" (walkthrough 20, finding 10): refused with the hint in every field with a format
    /// rule, the rule still said after it; a value that only resembles it gets no hint; a free-text field takes it as typed.
    /// </summary>
    public class TextFormulaHintTests
    {
        private const string Hint = "looks like Excel's =\"...\" text formula, which a CSV keeps as typed: give the value alone, without the = and the quotes; ";

        [Fact]
        public void EveryFieldWithAFormatRuleLeadsItsRuleWithTheHint()
        {
            Assert.False(DeviceIdentifier.TryParse("=\"0123\"", out _, out string? identifier));
            // The rule then names the first character it refuses (walkthrough 20, finding 6).
            Assert.StartsWith(Hint + DeviceIdentifier.Rule + "; character 1 ('=')", identifier);
            Assert.False(CheckInCode.TryParse("=\"0735924\"", out _, out string? code));
            Assert.StartsWith(Hint + CheckInCode.Rule, code);
            Assert.DoesNotContain("0735924", code);
            Assert.False(Imei.TryParse("=\"490154203237518\"", out _, out string? imei));
            Assert.Equal(Hint + Imei.Rule, imei);
            Assert.False(Meid.TryParse("=\"A0000000002329\"", out _, out string? meid));
            Assert.Equal(Hint + Meid.Rule, meid);
            Assert.False(AppleSerial.TryParse("=\"F9FXK2BBBB04\"", out _, out string? serial));
            Assert.Equal(Hint + AppleSerial.Rule, serial);
            Assert.False(Udid.TryParse("=\"00008030-001A35E11234802E\"", out _, out string? udid));
            Assert.Equal(Hint + Udid.Rule, udid);
            Assert.False(WifiMac.TryParse("=\"001122334455\"", out _, out string? mac));
            Assert.Equal(Hint + WifiMac.Rule, mac);
            Assert.False(ExpirationDays.TryParse("=\"007\"", out _, out string? days));
            Assert.Equal(Hint + ExpirationDays.RangeRule, days);
        }

        [Fact]
        public void ANameThatNamesNothingGetsTheHintAndTheNameInsideWhenItExists()
        {
            string hint = Hint.TrimEnd(' ', ';');
            var asked = new System.Collections.Generic.List<string>();
            Assert.Equal(hint + "; a user '0456' exists", MangledDigits.NotFoundHint(" =\" 0456 \" ", "a user", name => { asked.Add(name); return name == "0456"; }));
            Assert.Equal(new[] { "0456" }, asked);
            Assert.Equal(hint, MangledDigits.NotFoundHint("=\"0457\"", "a user", name => false));
            // Nothing inside: nothing to look up.
            Assert.Equal(hint, MangledDigits.NotFoundHint("=\"\"", "a user", name => throw new System.InvalidOperationException("asked")));
            // Not the formula: no hint, and no look-up.
            Assert.Null(MangledDigits.NotFoundHint("0456", "a user", name => throw new System.InvalidOperationException("asked")));
            Assert.Null(MangledDigits.NotFoundHint("=0456", "a user", name => throw new System.InvalidOperationException("asked")));
        }

        [Theory]
        [InlineData("=0123")]          // no quotes: a formula, not the text form
        [InlineData("=\"01\"23\"")]    // a quote inside
        [InlineData("=\"")]
        [InlineData("\"0123\"")]
        public void AValueThatOnlyResemblesItGetsNoHint(string text)
        {
            Assert.False(DeviceIdentifier.TryParse(text, out _, out string? rule));
            Assert.StartsWith(DeviceIdentifier.Rule, rule);
            Assert.DoesNotContain("text formula", rule);
        }

        [Fact]
        public void AFreeTextFieldTakesItAsTyped()
        {
            Assert.True(BoundedText.TryParse("=\"0123\"", BoundedText.NameMaxLength, out string value, out _));
            Assert.Equal("=\"0123\"", value);
        }
    }
}
