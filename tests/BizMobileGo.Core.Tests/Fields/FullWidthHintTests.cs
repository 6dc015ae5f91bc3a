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
        public void Walkthrough37_7_an_email_with_a_full_width_at_sign_and_a_full_width_OS_get_the_hint()
        {
            const string TextHint = "has full-width characters, as a Japanese IME types them: enter the value with half-width characters; ";
            Assert.False(EmailAddress.TryParse("k001＠example.co.jp", out _, out string? email));
            Assert.Equal(TextHint + "must contain exactly one '@' between the local part and the domain", email);
            Assert.False(DeviceOs.TryParse("ｉＯＳ", out _, out string? os));
            Assert.Equal(TextHint + DeviceOs.Rule, os);
            Assert.False(EmailAddress.TryParse("k001.example.co.jp", out _, out string? noAt));
            Assert.Equal("must contain exactly one '@' between the local part and the domain", noAt);
            Assert.False(DeviceOs.TryParse("palm", out _, out string? palm));
            Assert.Equal(DeviceOs.Rule, palm);
            Assert.True(EmailAddress.TryParse("k001@example.co.jp", out _, out string? valid));
            Assert.Null(valid);
        }

        [Fact]
        public void Walkthrough37_6_a_serial_Excel_wrote_in_scientific_notation_gets_the_Excel_hint_as_IMEI_does()
        {
            Assert.False(AppleSerial.TryParse("9.87654E+10", out _, out string? serial));
            Assert.Equal(MangledDigits.ScientificNotationHint + "; " + AppleSerial.Rule + "; character 2 ('.') is none of these", serial);
            Assert.True(AppleSerial.TryParse("9876543210E1", out _, out string? valid), "a serial of letters and digits that only reads as a number is valid");
            Assert.Null(valid);
            Assert.False(DeviceIdentifier.TryParse("1.23E+05", out _, out string? identifier));
            Assert.StartsWith(MangledDigits.ScientificNotationHint + "; ", identifier);
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
