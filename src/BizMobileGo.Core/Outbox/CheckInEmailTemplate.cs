using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.Core.Outbox
{
    /// <summary>
    /// A check-in email's subject, plain-text body and HTML body, with {{Placeholder}}s filled per
    /// entry: the English or Japanese default, or a custom one from a file.
    /// </summary>
    public sealed class CheckInEmailTemplate
    {
        /// <summary>Every placeholder a template may use.</summary>
        public static readonly IReadOnlyList<string> Placeholders = new[]
        {
            "Identifier", "DisplayName", "Device", "Code", "UserName", "Name", "Recipient", "Deadline", "CheckInUrl",
        };

        private static readonly Regex PlaceholderPattern = new Regex(@"\{\{\s*([A-Za-z]+)\s*\}\}", RegexOptions.CultureInvariant);

        private CheckInEmailTemplate(string subject, string text, string html, string language)
        {
            Subject = subject;
            Text = text;
            Html = html;
            Language = language;
        }

        public string Subject { get; }
        public string Text { get; }
        public string Html { get; }

        /// <summary>The language the template is written in ("en", "ja"), sent as Content-Language.</summary>
        public string Language { get; }

        /// <summary>True when a placeholder in the template needs a check-in URL.</summary>
        public bool UsesCheckInUrl => Uses("CheckInUrl");

        /// <summary>The built-in template for a culture: Japanese for any ja culture, English otherwise.</summary>
        public static CheckInEmailTemplate Default(CultureInfo culture) =>
            IsJapanese(culture)
                ? new CheckInEmailTemplate(DefaultTemplates.JapaneseSubject, DefaultTemplates.JapaneseText, DefaultTemplates.JapaneseHtml, "ja")
                : new CheckInEmailTemplate(DefaultTemplates.EnglishSubject, DefaultTemplates.EnglishText, DefaultTemplates.EnglishHtml, "en");

        internal static bool IsJapanese(CultureInfo culture) =>
            string.Equals(culture.TwoLetterISOLanguageName, "ja", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// A custom template: a UTF-8 text file whose first line is "Subject: ..." and whose plain-text
        /// body follows a blank line; a file of the same name ending .html beside it, when there, is the
        /// HTML body (otherwise the text is used, HTML-encoded).
        /// </summary>
        public static CheckInEmailTemplate Load(string path, CultureInfo culture)
        {
            string content;
            string? html = null;
            string htmlPath = Path.ChangeExtension(path, ".html");
            try
            {
                content = ReadUtf8(path);
                if (!string.Equals(Path.GetFullPath(htmlPath), Path.GetFullPath(path), StringComparison.Ordinal) && File.Exists(htmlPath))
                {
                    html = ReadUtf8(htmlPath);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new BmgException(ErrorIds.TemplateInvalid, BmgErrorCategory.ReadError, $"Cannot read the template '{path}': {e.Message}", path, e);
            }

            content = content.Replace("\r\n", "\n");
            int endOfSubject = content.IndexOf('\n');
            string firstLine = endOfSubject < 0 ? content : content.Substring(0, endOfSubject);
            const string SubjectPrefix = "Subject:";
            if (!firstLine.StartsWith(SubjectPrefix, StringComparison.OrdinalIgnoreCase) || firstLine.Substring(SubjectPrefix.Length).Trim().Length == 0)
            {
                throw new BmgException(ErrorIds.TemplateInvalid, BmgErrorCategory.InvalidData,
                    $"Line 1 of the template '{path}' must be 'Subject: <subject>', then a blank line, then the body; it is '{firstLine}'.", path);
            }

            string body = endOfSubject < 0 ? "" : content.Substring(endOfSubject + 1).TrimStart('\n');
            string text = body.Replace("\n", "\r\n");
            string subject = firstLine.Substring(SubjectPrefix.Length).Trim();
            var template = new CheckInEmailTemplate(subject, text, html ?? HtmlFromText(body),
                IsJapanese(culture) || HasKana(subject) || HasKana(body) ? "ja" : "en");
            template.CheckPlaceholders(path);
            return template;
        }

        /// <summary>
        /// A template file's text, which must be UTF-8. A file that is not is refused (not read as Shift_JIS, as a CSV is):
        /// its text goes out to every user, so a wrong guess would mail garbage, and it is saved once, not every day.
        /// The error says where the first bad byte is and, when the file reads as Shift_JIS, that it looks like that.
        /// </summary>
        private static string ReadUtf8(string file)
        {
            byte[] bytes = File.ReadAllBytes(file);
            try
            {
                using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true);
                return reader.ReadToEnd();
            }
            catch (DecoderFallbackException e)
            {
                string where = FirstBadUtf8Byte(bytes) is int at
                    ? $"line {1 + Array.FindAll(bytes[..at], b => b == (byte)'\n').Length} holds the byte 0x{bytes[at]:X2}, which UTF-8 has no character for"
                    : "it holds bytes UTF-8 has no character for";
                string advice = CsvEncoding.ReadsAsShiftJis(bytes, 0, bytes.Length)
                    ? "It looks like Shift_JIS (CP932), as Notepad or Excel save Japanese text: open it in an editor and save it as UTF-8 (in Notepad: Save As, Encoding 'UTF-8')."
                    : "Save it as UTF-8 (in Notepad: Save As, Encoding 'UTF-8').";
                throw new BmgException(ErrorIds.TemplateInvalid, BmgErrorCategory.InvalidData,
                    $"The template '{file}' is not UTF-8 text: {where}. {advice}", file, e);
            }
        }

        private static int? FirstBadUtf8Byte(byte[] bytes)
        {
            try
            {
                new UTF8Encoding(false, true).GetCharCount(bytes);
                return null;
            }
            catch (DecoderFallbackException e) when (e.Index >= 0 && e.Index < bytes.Length)
            {
                return e.Index;
            }
        }

        /// <summary>
        /// The text as HTML: blank lines part paragraphs, a single line break is a &lt;br&gt;. Split into paragraphs
        /// first, so the line breaks between them are not turned into &lt;br&gt;s too.
        /// </summary>
        private static string HtmlFromText(string text)
        {
            string[] paragraphs = Regex.Split(WebUtility.HtmlEncode(text).Trim('\n'), "\n{2,}");
            for (int i = 0; i < paragraphs.Length; i++)
            {
                paragraphs[i] = paragraphs[i].Replace("\n", "<br>\r\n");
            }

            return "<!DOCTYPE html>\r\n<html><head><meta charset=\"utf-8\"></head><body>\r\n<p>" +
                string.Join("</p>\r\n<p>", paragraphs) +
                "</p>\r\n</body></html>\r\n";
        }

        /// <summary>
        /// Whether the text holds hiragana or katakana, which only Japanese is written in: a Japanese template is sent as
        /// Japanese (Content-Language, the deadline's format) whatever the session's UI culture.
        /// </summary>
        private static bool HasKana(string text)
        {
            foreach (char c in text)
            {
                if ((c >= '\u3040' && c <= '\u30FF') || (c >= '\uFF66' && c <= '\uFF9D'))
                {
                    return true;
                }
            }

            return false;
        }

        private void CheckPlaceholders(string path)
        {
            foreach (var (part, content) in new[] { ("subject", Subject), ("text body", Text), ("HTML body", Html) })
            {
                foreach (Match match in PlaceholderPattern.Matches(content))
                {
                    string name = match.Groups[1].Value;
                    if (!Contains(name))
                    {
                        throw new BmgException(ErrorIds.TemplateInvalid, BmgErrorCategory.InvalidData,
                            $"The {part} of the template '{path}' uses the placeholder '{match.Value}', which does not exist; the placeholders are {{{{{string.Join("}}, {{", Placeholders)}}}}}.", path);
                    }
                }
            }
        }

        private static bool Contains(string placeholder)
        {
            foreach (string known in Placeholders)
            {
                if (string.Equals(known, placeholder, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        private bool Uses(string placeholder)
        {
            foreach (string content in new[] { Subject, Text, Html })
            {
                foreach (Match match in PlaceholderPattern.Matches(content))
                {
                    if (string.Equals(match.Groups[1].Value, placeholder, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The subject with the values filled in; <paramref name="hideCode"/> for -WhatIf and logs.</summary>
        public string RenderSubject(IReadOnlyDictionary<string, string> values, bool hideCode = false) =>
            Render(Subject, values, encodeHtml: false, hideCode).Replace("\r", " ").Replace("\n", " ");

        public string RenderText(IReadOnlyDictionary<string, string> values) => Render(Text, values, encodeHtml: false, hideCode: false);

        public string RenderHtml(IReadOnlyDictionary<string, string> values) => Render(Html, values, encodeHtml: true, hideCode: false);

        private static string Render(string content, IReadOnlyDictionary<string, string> values, bool encodeHtml, bool hideCode) =>
            PlaceholderPattern.Replace(content, match =>
            {
                string name = match.Groups[1].Value;
                foreach (KeyValuePair<string, string> pair in values)
                {
                    if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
                    {
                        string value = hideCode && string.Equals(name, "Code", StringComparison.OrdinalIgnoreCase) ? "******" : pair.Value;
                        return encodeHtml ? WebUtility.HtmlEncode(value) : value;
                    }
                }

                return match.Value;
            });

        /// <summary>
        /// The device as a user knows it: its DisplayName with its Identifier in parentheses, or one name alone when the
        /// device has no DisplayName or its DisplayName is its Identifier (any case), never "ipad-3 (ipad-3)".
        /// </summary>
        public string FormatDevice(string identifier, string? displayName)
        {
            if (string.IsNullOrWhiteSpace(displayName) || string.Equals(displayName!.Trim(), identifier, StringComparison.OrdinalIgnoreCase))
            {
                return string.IsNullOrWhiteSpace(displayName) ? identifier : displayName!;
            }

            return Language == "ja" ? $"{displayName}（{identifier}）" : $"{displayName} ({identifier})";
        }

        /// <summary>The check-in deadline as the template's language writes it, in the sending machine's time zone.</summary>
        public string FormatDeadline(DateTimeOffset deadline)
        {
            DateTimeOffset local = deadline.ToLocalTime();
            return Language == "ja"
                ? local.ToString("yyyy'年'M'月'd'日' HH:mm '(UTC'zzz')'", CultureInfo.InvariantCulture)
                : local.ToString("yyyy-MM-dd HH:mm '(UTC'zzz')'", CultureInfo.InvariantCulture);
        }
    }
}
