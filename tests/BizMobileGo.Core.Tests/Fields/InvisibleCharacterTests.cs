using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using Xunit;

namespace BizMobileGo.Core.Tests.Fields
{
    /// <summary>
    /// Walkthrough 20, finding 6: invisible format characters (category Cf: U+200B from a Teams paste, U+2060, a second
    /// BOM U+FEFF) were echoed invisibly and kept at a value's end, where the trim does not reach.
    /// </summary>
    public class InvisibleCharacterTests
    {
        [Theory(DisplayName = "W20-6 a message shows an invisible format character as its code point, wherever it is")]
        [InlineData("zw-1\u200B", "zw-1<U+200B>")]
        [InlineData("\uFEFFIdentifier", "<U+FEFF>Identifier")]
        [InlineData("名\u2060前", "名<U+2060>前")]
        [InlineData("a\nb", "a<U+000A>b")]
        [InlineData("名前", "名前")]
        public void Printable_shows_format_characters(string text, string shown)
        {
            Assert.Equal(shown, FieldText.Printable(text));
        }

        [Fact(DisplayName = "W20-6 a short message that echoes a value raw shows its invisible character too")]
        public void Short_messages_show_format_characters()
        {
            Assert.Equal("No device has the Identifier 'zw-1<U+200B>'.", MessageText.Capped("No device has the Identifier 'zw-1\u200B'."));
            Assert.Equal("No device has the Identifier 'zw-1'.", MessageText.Capped("No device has the Identifier 'zw-1'."));
        }

        [Theory(DisplayName = "W20-6 a text field refuses an invisible format character at its start or end, naming it and its position")]
        [InlineData("名前\u200B", "must not start or end with an invisible character (it has U+200B at character 3)")]
        [InlineData("\uFEFF名前", "must not start or end with an invisible character (it has U+FEFF at character 1)")]
        [InlineData("\u2060x", "must not start or end with an invisible character (it has U+2060 at character 1)")]
        public void Refuses_format_characters_at_the_ends(string text, string rule)
        {
            // Then how to fix it, a value stored before the rule too (a Set- cmdlet, a rename: left21).
            string expected = rule + "; give the value without it. A value stored with it before this rule keeps it until changed: correct the cell "
                + "and import again, or use Set-BmgDevice or Set-BmgUser; a stored name by renaming it (Rename-BmgUser, Rename-BmgTemplate, "
                + "Rename-BmgDeviceTag, Rename-BmgOrganization)";
            Assert.Equal(expected, FieldText.ForbiddenCharacterRule(text));
            Assert.Equal(expected, FieldText.ForbiddenCharacterRule(text, allowTabAndLineBreaks: true));
        }

        [Theory(DisplayName = "W20-6 inside a value a format character may mean something (an emoji's joiner, a line-break point) and stays")]
        [InlineData("名\u200B前")]
        [InlineData("\U0001F468\u200D\U0001F469")]
        [InlineData("plain")]
        public void Keeps_format_characters_inside(string text)
        {
            Assert.Null(FieldText.ForbiddenCharacterRule(text));
        }
    }
}
