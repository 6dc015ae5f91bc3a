using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Outbox;
using Xunit;

namespace BizMobileGo.Core.Tests.Outbox
{
    /// <summary>Issue 14.1: the email's text from the built-in templates or a file, placeholders filled.</summary>
    public class CheckInEmailTemplateTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "bmg-template-" + Guid.NewGuid().ToString("N"));

        private static readonly Dictionary<string, string> Values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Identifier"] = "dev01", ["DisplayName"] = "Tab <A&B>", ["Device"] = "Tab <A&B> (dev01)", ["Code"] = "SECRET77", ["UserName"] = "sato", ["Name"] = "佐藤",
            ["Recipient"] = "sato@example.com", ["Deadline"] = "2026-12-08", ["CheckInUrl"] = "https://x.example/c",
        };

        public CheckInEmailTemplateTests()
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            Directory.CreateDirectory(_folder);
        }

        public void Dispose() => Directory.Delete(_folder, true);

        private string Write(string name, string content)
        {
            string path = Path.Combine(_folder, name);
            File.WriteAllText(path, content, new UTF8Encoding(false));
            return path;
        }

        [Theory]
        [InlineData("ja-JP", "ja", "端末「Tab <A&B>」のチェックインのお願い")]
        [InlineData("ja", "ja", "端末「Tab <A&B>」のチェックインのお願い")]
        [InlineData("en-US", "en", "Check in your device Tab <A&B>")]
        [InlineData("de-DE", "en", "Check in your device Tab <A&B>")]
        [InlineData("", "en", "Check in your device Tab <A&B>")]
        public void Email_14_1_the_default_is_Japanese_for_any_ja_culture_and_English_otherwise(string culture, string language, string subject)
        {
            CheckInEmailTemplate template = CheckInEmailTemplate.Default(CultureInfo.GetCultureInfo(culture));
            Assert.Equal(language, template.Language);
            Assert.Equal(subject, template.RenderSubject(Values));
            Assert.Contains("SECRET77", template.RenderText(Values));
            Assert.Contains("<b>SECRET77</b>", template.RenderHtml(Values));
            Assert.Contains("Tab &lt;A&amp;B&gt;", template.RenderHtml(Values));
            Assert.True(template.UsesCheckInUrl);
        }

        [Fact]
        public void Email_14_1_the_subject_without_the_code_masks_it()
        {
            string path = Write("t.txt", "Subject: Code {{Code}} for {{Identifier}}\n\nBody");
            CheckInEmailTemplate template = CheckInEmailTemplate.Load(path, CultureInfo.InvariantCulture);
            Assert.Equal("Code SECRET77 for dev01", template.RenderSubject(Values));
            Assert.Equal("Code ****** for dev01", template.RenderSubject(Values, hideCode: true));
            Assert.False(template.UsesCheckInUrl);
        }

        [Fact]
        public void Email_14_1_a_template_file_gives_subject_text_and_html_from_the_text_when_no_html_file_is_beside_it()
        {
            string path = Write("plain.txt", "Subject:  Hello {{ Name }}\r\n\r\nLine one {{DisplayName}}\r\n\r\nCode {{code}}\r\n");
            CheckInEmailTemplate template = CheckInEmailTemplate.Load(path, CultureInfo.GetCultureInfo("ja-JP"));
            Assert.Equal("Hello 佐藤", template.RenderSubject(Values));
            Assert.Equal("Line one Tab <A&B>\r\n\r\nCode SECRET77\r\n", template.RenderText(Values));
            Assert.Contains("<p>Line one Tab &lt;A&amp;B&gt;</p>", template.RenderHtml(Values));
            Assert.Equal("ja", template.Language);
        }

        [Fact]
        public void Walkthrough37_8_a_text_template_becomes_paragraphs_and_line_breaks_without_a_stray_break_between_paragraphs()
        {
            string path = Write("para.txt", "Subject: S\r\n\r\nDear {{Name}}\r\n\r\nLine one\r\nLine two\r\n\r\n\r\nCode {{Code}}\r\n");
            string html = CheckInEmailTemplate.Load(path, CultureInfo.InvariantCulture).RenderHtml(Values);
            Assert.Contains("<body>\r\n<p>Dear 佐藤</p>\r\n<p>Line one<br>\r\nLine two</p>\r\n<p>Code SECRET77</p>\r\n</body>", html);
            Assert.DoesNotContain("\r<br>", html);
        }

        [Theory]
        [InlineData("en-US", "Subject: チェックインのお願い\n\n{{Name}} 様\n\nコード: {{Code}}", "ja")]
        [InlineData("en-US", "Subject: 端末\n\n{{Name}} 様\n\nｺｰﾄﾞ {{Code}}", "ja")]
        [InlineData("en-US", "Subject: Check in\n\nDear {{Name}}", "en")]
        [InlineData("ja-JP", "Subject: Check in\n\nDear {{Name}}", "ja")]
        public void Walkthrough37_8_a_template_written_in_Japanese_is_sent_as_Japanese_from_an_English_session(string culture, string content, string language)
        {
            string path = Write("lang.txt", content);
            CheckInEmailTemplate template = CheckInEmailTemplate.Load(path, CultureInfo.GetCultureInfo(culture));
            Assert.Equal(language, template.Language);
        }

        [Fact]
        public void Email_14_1_an_html_file_beside_the_template_is_its_html_part()
        {
            string path = Write("mail.txt", "Subject: S\n\nText");
            Write("mail.html", "<p>{{DisplayName}}</p>");
            Assert.Equal("<p>Tab &lt;A&amp;B&gt;</p>", CheckInEmailTemplate.Load(path, CultureInfo.InvariantCulture).RenderHtml(Values));
        }

        [Theory]
        [InlineData("Subject: Hi {{Nmae}}\n\nBody", "subject", "{{Nmae}}")]
        [InlineData("Subject: Hi\n\nBody {{Codes}}", "text body", "{{Codes}}")]
        [InlineData("Hello\n\nBody", "Line 1", "must be 'Subject: <subject>'")]
        [InlineData("Subject:   \n\nBody", "Line 1", "must be 'Subject: <subject>'")]
        public void Email_14_1_a_template_with_an_unknown_placeholder_or_no_subject_is_refused_naming_it(string content, string where, string what)
        {
            string path = Write("bad.txt", content);
            var e = Assert.Throws<BmgException>(() => CheckInEmailTemplate.Load(path, CultureInfo.InvariantCulture));
            Assert.Equal(ErrorIds.TemplateInvalid, e.ErrorId);
            Assert.Equal(BmgErrorCategory.InvalidData, e.Category);
            Assert.Contains(where, e.Message);
            Assert.Contains(what, e.Message);
            Assert.Contains(path, e.Message);
        }

        [Fact]
        public void Email_14_1_a_template_that_is_not_UTF8_or_missing_is_refused()
        {
            string path = Path.Combine(_folder, "latin1.txt");
            File.WriteAllBytes(path, new byte[] { 0x53, 0x75, 0x62, 0x6A, 0x65, 0x63, 0x74, 0x3A, 0x20, 0xE9, 0x0A });
            Assert.Equal(ErrorIds.TemplateInvalid, Assert.Throws<BmgException>(() => CheckInEmailTemplate.Load(path, CultureInfo.InvariantCulture)).ErrorId);
            var missing = Assert.Throws<BmgException>(() => CheckInEmailTemplate.Load(Path.Combine(_folder, "none.txt"), CultureInfo.InvariantCulture));
            Assert.Equal(BmgErrorCategory.ReadError, missing.Category);
        }

        [Fact]
        public void Walkthrough37_9_a_Shift_JIS_template_is_refused_saying_it_looks_like_Shift_JIS_and_to_save_it_as_UTF8()
        {
            string path = Path.Combine(_folder, "sjis.txt");
            File.WriteAllBytes(path, Encoding.GetEncoding(932).GetBytes("Subject: お願い\r\n\r\n{{Name}} 様\r\n"));
            var e = Assert.Throws<BmgException>(() => CheckInEmailTemplate.Load(path, CultureInfo.InvariantCulture));
            Assert.Equal(ErrorIds.TemplateInvalid, e.ErrorId);
            Assert.Equal($"The template '{path}' is not UTF-8 text: line 1 holds the byte 0x82, which UTF-8 has no character for. "
                + "It looks like Shift_JIS (CP932), as Notepad or Excel save Japanese text: open it in an editor and save it as UTF-8 "
                + "(in Notepad: Save As, Encoding 'UTF-8').", e.Message);
            Assert.DoesNotContain("Unable to translate", e.Message);
        }

        [Fact]
        public void Walkthrough37_9_a_Latin1_template_is_refused_naming_the_line_and_byte_without_the_Shift_JIS_advice()
        {
            string path = Path.Combine(_folder, "latin1-body.txt");
            File.WriteAllBytes(path, Encoding.Latin1.GetBytes("Subject: Hello\n\nDear Ren\u00e9e,\n"));
            var e = Assert.Throws<BmgException>(() => CheckInEmailTemplate.Load(path, CultureInfo.InvariantCulture));
            Assert.Equal($"The template '{path}' is not UTF-8 text: line 3 holds the byte 0xE9, which UTF-8 has no character for. "
                + "Save it as UTF-8 (in Notepad: Save As, Encoding 'UTF-8').", e.Message);
        }

        [Fact]
        public void Email_14_1_the_deadline_is_written_as_the_language_writes_dates()
        {
            var deadline = new DateTimeOffset(2026, 12, 8, 9, 5, 0, TimeSpan.Zero);
            DateTimeOffset local = deadline.ToLocalTime();
            Assert.StartsWith(local.ToString("yyyy'年'M'月'd'日' HH:mm", CultureInfo.InvariantCulture),
                CheckInEmailTemplate.Default(CultureInfo.GetCultureInfo("ja-JP")).FormatDeadline(deadline));
            Assert.StartsWith(local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                CheckInEmailTemplate.Default(CultureInfo.GetCultureInfo("en-US")).FormatDeadline(deadline));
        }
    }
}
