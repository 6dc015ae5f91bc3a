using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The times of the history: UTC, cut to whole microseconds, because PostgreSQL's timestamptz keeps
    /// microseconds and an entry must hash the same after a round trip through either store.
    /// </summary>
    public static class HistoryTime
    {
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public static DateTimeOffset Normalize(DateTimeOffset time)
        {
            DateTimeOffset utc = time.ToUniversalTime();
            return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
        }

        /// <summary>
        /// A time given to a cmdlet (-Since, -Until, -Before), as the history compares it. The parameters are DateTimeOffset:
        /// PowerShell binds a DateTime of Kind Utc at offset 0, and a DateTime of another Kind, or a text without an
        /// offset ('2026-12-01'), at this computer's offset, so a time without a zone is local time, as Get-Date gives it.
        /// </summary>
        public static DateTimeOffset FromParameter(DateTimeOffset time) => Normalize(time);

        /// <summary>The one text form of a history time: ISO 8601 UTC with six fraction digits; it sorts as the time does.</summary>
        [MethodImpl(PerRowCode.Compile)] // per batch of entries and per pack: see Import.PerRowCode
        public static string ToText(DateTimeOffset time)
        {
            // The entries of one chunk share their time: format it once (per thread).
            DateTimeOffset normalized = Normalize(time);
            if (_lastText == null || normalized != _lastTime)
            {
                _lastTime = normalized;
                _lastText = Text(normalized.UtcDateTime);
            }

            return _lastText;
        }

        /// <summary>
        /// <see cref="TextFormat"/> written digit by digit: the same text as DateTimeOffset.ToString with that format and the
        /// invariant culture (HistoryTimeTests compares them), without the custom-format machinery, whose dozens of methods
        /// (date parts, the format's parser, the fraction's custom number format) a fresh import's process compiled only for
        /// this, twice each, on its way to optimized code.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per batch of entries and per pack: see Import.PerRowCode
        private static string Text(DateTime utc)
        {
            Span<char> text = stackalloc char[27];
            Digits(text.Slice(0, 4), utc.Year);
            text[4] = '-';
            Digits(text.Slice(5, 2), utc.Month);
            text[7] = '-';
            Digits(text.Slice(8, 2), utc.Day);
            text[10] = 'T';
            Digits(text.Slice(11, 2), utc.Hour);
            text[13] = ':';
            Digits(text.Slice(14, 2), utc.Minute);
            text[16] = ':';
            Digits(text.Slice(17, 2), utc.Second);
            text[19] = '.';
            // "ffffff" cuts the fraction (it does not round): the microseconds of the second.
            Digits(text.Slice(20, 6), (int)(utc.Ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMicrosecond));
            text[26] = 'Z';
            return new string(text);
        }

        /// <summary>The number's last digits, as many as the span holds, zeros in front.</summary>
        [MethodImpl(PerRowCode.Compile)] // per batch of entries and per pack: see Import.PerRowCode
        private static void Digits(Span<char> into, int number)
        {
            for (int i = into.Length - 1; i >= 0; i--)
            {
                into[i] = (char)('0' + (number % 10));
                number /= 10;
            }
        }

        /// <summary>The text form of <see cref="ToText"/>, as a custom format of the invariant culture (what <see cref="Parse"/> reads).</summary>
        internal const string TextFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

        [ThreadStatic]
        private static DateTimeOffset _lastTime;

        [ThreadStatic]
        private static string? _lastText;

        /// <summary>
        /// The fields whose values are history times (<see cref="ToText"/>): a device's CheckedInAt, WithdrawnAt and DepReleased, and the
        /// Before of a Cleared entry. Their values are kept and hashed as that text; <see cref="FieldChange"/> shows them as
        /// the module shows every time (<see cref="Times.ShownTime"/>).
        /// </summary>
        public static bool IsTimeField(string field) =>
            field == ChangeDiff.CheckedInAtField || field == ChangeDiff.WithdrawnAtField || field == ChangeDiff.DepReleasedField
            || field == HistoryChain.ClearedBeforeField;

        /// <summary>A time kept as <see cref="ToText"/> wrote it; false for any other text (an entry edited by hand).</summary>
        public static bool TryParse(string text, out DateTimeOffset time) =>
            DateTimeOffset.TryParseExact(text, TextFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

        public static DateTimeOffset Parse(string text) =>
            Normalize(DateTimeOffset.ParseExact(text, TextFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal));
    }
}
