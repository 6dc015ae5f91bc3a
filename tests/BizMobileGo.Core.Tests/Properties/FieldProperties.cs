using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Tests.Reliability;
using CsCheck;
using Xunit;

namespace BizMobileGo.Core.Tests.Properties
{
    /// <summary>
    /// Property-based tests of every field value type: parsing never throws on any string, a rejection always
    /// names a rule, normalizing is idempotent (parse(parse(x).Value) == parse(x)), and a value built from the
    /// rule parses to its canonical form (format/parse round-trip).
    /// </summary>
    public class FieldProperties
    {
        internal const int Iterations = 2000;

        private delegate bool Parser(string? text, out string canonical, out string? rule);

        private static readonly (string Field, Parser Parse, string Alphabet)[] Parsers =
        {
            ("AppleSerial", (string? t, out string v, out string? r) => { bool ok = AppleSerial.TryParse(t, out var x, out r); v = x.Value; return ok; }, "ABCXYZ0189abcz -"),
            ("CheckInCode", (string? t, out string v, out string? r) => { bool ok = CheckInCode.TryParse(t, out var x, out r); v = x.Value; return ok; }, "AZaz09 _"),
            ("DeviceIdentifier", (string? t, out string v, out string? r) => { bool ok = DeviceIdentifier.TryParse(t, out var x, out r); v = x.Value; return ok; }, "Aa9.-_ /"),
            ("DeviceOs", (string? t, out string v, out string? r) => { bool ok = DeviceOs.TryParse(t, out var x, out r); v = x.Value; return ok; }, "iosIOSandroidwindows \u0131"),
            ("EmailAddress", (string? t, out string v, out string? r) => { bool ok = EmailAddress.TryParse(t, out var x, out r); v = x.Value; return ok; }, "ab.@-_+\"< >xyz"),
            ("ExpirationDays", (string? t, out string v, out string? r) => { bool ok = ExpirationDays.TryParse(t, out var x, out r); v = x.Value; return ok; }, "0123456789 -+.,\u0663"),
            ("Imei", (string? t, out string v, out string? r) => { bool ok = Imei.TryParse(t, out var x, out r); v = x.Value; return ok; }, "0123456789 -"),
            ("Meid", (string? t, out string v, out string? r) => { bool ok = Meid.TryParse(t, out var x, out r); v = x.Value; return ok; }, "0123456789abcdefABCDEF"),
            ("Udid", (string? t, out string v, out string? r) => { bool ok = Udid.TryParse(t, out var x, out r); v = x.Value; return ok; }, "0123456789abcdefABCDEF-"),
            ("UserName", (string? t, out string v, out string? r) => { bool ok = UserName.TryParse(t, out var x, out r); v = x.Value; return ok; }, "aZ9 @.\u3042\u0001\t"),
            ("WifiMac", (string? t, out string v, out string? r) => { bool ok = WifiMac.TryParse(t, out var x, out r); v = x.Value; return ok; }, "0123456789abcdefABCDEF:-"),
            ("DepMethods", (string? t, out string v, out string? r) => { bool ok = DepMethods.TryParse(t, out var x, out r); v = ok ? DepMethods.ToText(x) : ""; return ok; }, "SerialKeycode y\u017F"),
            ("NameList", (string? t, out string v, out string? r) => { bool ok = NameList.TryParse(t, out var x, out r); v = ok ? NameList.Join(x) : ""; return ok; }, "ab| c"),
            ("BoundedText256", (string? t, out string v, out string? r) => BoundedText.TryParse(t, 256, out v, out r), "a \u3042\uD83D\uDE00"),
        };

        public static IEnumerable<object[]> FieldNames() => Parsers.Select(p => new object[] { p.Field });

        /// <summary>Any UTF-16 string (lone surrogates, controls, NUL included), or one drawn from the field's own alphabet so that many parse.</summary>
        private static Gen<string> Text(string alphabet) => Gen.Frequency(
            (1, Gen.Char.Array[0, 40].Select(chars => new string(chars))),
            (3, Gen.Char[alphabet].Array[0, 48].Select(chars => new string(chars))));

        [Theory]
        [MemberData(nameof(FieldNames))]
        public void Parse_never_throws_rejections_name_a_rule_and_normalizing_is_idempotent(string field)
        {
            var (_, parse, alphabet) = Parsers.Single(p => p.Field == field);
            int accepted = 0;
            Text(alphabet).Sample(text =>
            {
                if (parse(text, out string canonical, out string? rule))
                {
                    accepted++;
                    Assert.Null(rule);
                    Assert.True(parse(canonical, out string again, out string? againRule), $"{field}: canonical '{canonical}' of '{text}' is rejected: {againRule}");
                    Assert.Equal(canonical, again);
                }
                else
                {
                    Assert.False(string.IsNullOrWhiteSpace(rule), $"{field}: '{text}' was rejected without a rule");
                }
            }, iter: Iterations);

            ReliabilityFigures.Write("fields-" + field, "property", Iterations, $"{field}: parse never throws, normalize idempotent ({accepted} accepted)");
        }

        // ---- round-trips: values built from each rule parse to the expected canonical form ----

        private static readonly Gen<char> Digit = Gen.Char["0123456789"];
        private static readonly Gen<char> Hex = Gen.Char["0123456789abcdefABCDEF"];

        private static string Upper(string s) => s.ToUpperInvariant();

        private static int LuhnCheckDigit(string digits)
        {
            int sum = 0;
            for (int i = 0; i < digits.Length; i++)
            {
                int d = digits[digits.Length - 1 - i] - '0';
                if (i % 2 == 0)
                {
                    d *= 2;
                    if (d > 9)
                    {
                        d -= 9;
                    }
                }

                sum += d;
            }

            return (10 - sum % 10) % 10;
        }

        private static string Pad(string value, int left, int right) => new string(' ', left) + value + new string(' ', right);

        [Fact]
        public void Built_values_round_trip_to_their_canonical_form()
        {
            int cases = 0;
            void Check<T>(Gen<T> gen, Func<T, (string Text, string Canonical)> build, Parser parse, string field)
            {
                gen.Sample(value =>
                {
                    var (text, canonical) = build(value);
                    Assert.True(parse(text, out string parsed, out string? rule), $"{field}: '{text}' is rejected: {rule}");
                    Assert.Equal(canonical, parsed);
                    Assert.True(parse(parsed, out string again, out _));
                    Assert.Equal(parsed, again);
                }, iter: Iterations / 4);
                cases += Iterations / 4;
            }

            Parser P(string name) => Parsers.Single(p => p.Field == name).Parse;
            Gen<(int, int)> padding = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 2]);

            Check(Gen.Select(Digit.Array[14], Gen.Char[" -"].Array[14], Gen.Int[0, 1]), v =>
            {
                string body = new string(v.Item1);
                string canonical = body + LuhnCheckDigit(body).ToString(CultureInfo.InvariantCulture);
                var text = new StringBuilder();
                for (int i = 0; i < canonical.Length; i++)
                {
                    text.Append(canonical[i]);
                    if (v.Item3 == 1 && i < 14 && i % 3 == 2)
                    {
                        text.Append(v.Item2[i]);
                    }
                }

                return (text.ToString(), canonical);
            }, P("Imei"), "Imei");

            Check(Hex.Array[14], v => (new string(v), Upper(new string(v))), P("Meid"), "Meid");

            Check(Gen.Select(Hex.Array[12], Gen.Char[":-x"]), v =>
            {
                string digits = new string(v.Item1);
                string canonical = string.Join(":", Enumerable.Range(0, 6).Select(i => Upper(digits.Substring(i * 2, 2))));
                string text = v.Item2 == 'x' ? digits : string.Join(v.Item2.ToString(), Enumerable.Range(0, 6).Select(i => digits.Substring(i * 2, 2)));
                return (text, canonical);
            }, P("WifiMac"), "WifiMac");

            Check(Gen.Select(Hex.Array[40], Hex.Array[24], Hex.Array[32], Gen.Int[0, 2]), v => v.Item4 switch
            {
                0 => (new string(v.Item1), new string(v.Item1).ToLowerInvariant()),
                1 => (new string(v.Item2, 0, 8) + "-" + new string(v.Item2, 8, 16), Upper(new string(v.Item2, 0, 8) + "-" + new string(v.Item2, 8, 16))),
                _ => (Guid.Parse(new string(v.Item3)).ToString("D"), Upper(Guid.Parse(new string(v.Item3)).ToString("D"))),
            }, P("Udid"), "Udid");

            Check(Gen.Select(Gen.Char["ABCDEFGHJKLMNPQRSTUVWXYZ0123456789abcz"].Array[10, 12], padding),
                v => (Pad(new string(v.Item1), v.Item2.Item1, v.Item2.Item2), Upper(new string(v.Item1))), P("AppleSerial"), "AppleSerial");

            Check(Gen.Select(Gen.Char["AZaz09.-_"].Array[1, 20], padding),
                v => (Pad(new string(v.Item1), v.Item2.Item1, v.Item2.Item2), new string(v.Item1)), P("DeviceIdentifier"), "DeviceIdentifier");

            Check(Gen.Char["AZaz09"].Array[1, 32], v => (new string(v), new string(v)), P("CheckInCode"), "CheckInCode");

            Check(Gen.Int[ExpirationDays.MinDays, ExpirationDays.MaxDays],
                v => (v.ToString(CultureInfo.InvariantCulture), v.ToString(CultureInfo.InvariantCulture)), P("ExpirationDays"), "ExpirationDays");

            Check(Gen.Select(Gen.OneOf("ios", "android", "windows"), Gen.Int[0, 255]), v =>
            {
                var chars = v.Item1.ToCharArray();
                for (int i = 0; i < chars.Length; i++)
                {
                    chars[i] = (v.Item2 >> (i % 8) & 1) == 1 ? char.ToUpperInvariant(chars[i]) : chars[i];
                }

                return (new string(chars), v.Item1);
            }, P("DeviceOs"), "DeviceOs");

            Check(Gen.OneOf(("Serial", "Serial"), ("serial", "Serial"), ("Keycode", "Keycode"), ("Key Code", "Keycode"), ("KEYCODE", "Keycode")),
                v => v, P("DepMethods"), "DepMethods");

            Check(Gen.Select(Gen.Char["abcxyz019_-+"].Array[1, 20], Gen.Char["abcXYZ"].Array[0, 8], Gen.Char["abcxyz-"].Array[1, 12], Gen.Char["abc"].Array[2, 4]), v =>
            {
                string local = new string(v.Item1) + (v.Item2.Length == 0 ? "" : "." + new string(v.Item2));
                string address = $"{local}@x{new string(v.Item3)}x.{new string(v.Item4)}";
                return (" " + address + " ", address);
            }, P("EmailAddress"), "EmailAddress");

            Check(Gen.Char["abc XYZ\u3042@."].Array[1, 128].Where(c => !char.IsWhiteSpace(c[0]) && !char.IsWhiteSpace(c[c.Length - 1])),
                v => (new string(v), new string(v)), P("UserName"), "UserName");

            Check(Gen.Char["abcXYZ019-_"].Array[1, 8].Array[1, 5], v =>
            {
                var names = v.Select(n => new string(n)).Distinct().ToArray();
                return (string.Join(" | ", v.Select(n => new string(n))), string.Join("|", names));
            }, P("NameList"), "NameList");

            Check(Gen.Char["ab \u3042"].Array[0, 256].Where(c => c.Length == 0 || (c[0] != ' ' && c[c.Length - 1] != ' ')),
                v => (new string(v), new string(v)), P("BoundedText256"), "BoundedText");

            ReliabilityFigures.Write("fields-round-trip", "property", cases, "values built from each field rule parse to their canonical form");
        }
    }
}
