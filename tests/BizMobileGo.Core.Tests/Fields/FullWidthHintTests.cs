using BizMobileGo.Core.Fields;
using Xunit;

namespace BizMobileGo.Core.Tests.Fields
{
    /// <summary>
    /// One full-width rule for every field with a format rule (walkthrough 26, finding 5): what a Japanese IME typed gets
    /// the same hint in Identifier, Code, Serial, UDID and WifiMac as in IMEI; a space or full-width character the rule
    /// names by its position is also named by its code point, since in a log '　' looks like ' ' and '０' like '0'.
    /// </summary>
    public class FullWidthHintTests
    {
        private const string Hint = "has full-width characters, as a Japanese IME types them: enter the value with half-width letters and digits; ";

        [Fact]
        public void EveryFieldOfLettersAndDigitsLeadsItsRuleWithTheHint()
        {
            Assert.False(AppleSerial.TryParse("FQBX０００１２３４", out _, out string? serial));
            Assert.Equal(Hint + AppleSerial.Rule + "; character 5 ('０', U+FF10, a full-width digit) is none of these", serial);
            Assert.False(DeviceIdentifier.TryParse("kobe\u3000002", out _, out string? identifier));
            Assert.Equal(Hint + DeviceIdentifier.Rule + "; character 5 ('\u3000', U+3000, a full-width space) is none of these", identifier);
            Assert.False(DeviceIdentifier.TryParse("ｋobe", out _, out string? letter));
            Assert.Equal(Hint + DeviceIdentifier.Rule + "; character 1 ('ｋ', U+FF4B, a full-width letter) is none of these", letter);
            Assert.False(Udid.TryParse("00008030-001A35E11234802Ｅ", out _, out string? udid));
            Assert.Equal(Hint + Udid.Rule, udid);
            Assert.False(WifiMac.TryParse("00:11:22:33:44:５５", out _, out string? mac));
            Assert.Equal(Hint + WifiMac.Rule, mac);
            Assert.False(WifiMac.TryParse("\uFF21\uFF21BBCCDDEEFF", out _, out string? letters));
            Assert.Equal(Hint + WifiMac.Rule, letters);
        }

        [Fact]
        public void ACodeGetsTheHintButNeverItsCharacter()
        {
            Assert.False(CheckInCode.TryParse("４９０１５ABC", out _, out string? code));
            Assert.Equal(Hint + CheckInCode.Rule + "; character 1 is none of these", code);
            Assert.DoesNotContain("４", code);
            Assert.DoesNotContain("U+", code);
            Assert.False(CheckInCode.TryParse("\uFF21BC", out _, out string? letter));
            Assert.Equal(Hint + CheckInCode.Rule + "; character 1 is none of these", letter);
        }

        [Fact]
        public void DigitFieldsKeepTheirOwnWordsAndOtherValuesGetNoHint()
        {
            Assert.False(Imei.TryParse("４９０１５４２０３２３７５１８", out _, out string? imei));
            Assert.StartsWith(MangledDigits.FullWidthHint + "; ", imei);
            Assert.False(DeviceIdentifier.TryParse("d\u00E9vice", out _, out string? accent));
            Assert.Equal(DeviceIdentifier.Rule + "; character 2 ('\u00E9') is none of these", accent);
            Assert.False(DeviceIdentifier.TryParse("kobe\u00A0002", out _, out string? noBreak));
            Assert.Equal(DeviceIdentifier.Rule + "; character 5 ('\u00A0', U+00A0, a no-break space) is none of these", noBreak);
        }
    }
}
