using System;
using System.Collections.Generic;
using System.Globalization;
using BizMobileGo.Core.History;
using Xunit;

namespace BizMobileGo.Core.Tests.History
{
    /// <summary>
    /// A history time's text is hashed into every entry and kept in the stores, so the one that writes it digit by digit
    /// must give exactly the text the invariant culture's custom format gave (and Parse reads): any other text would change
    /// the hashes of the entries a new version writes, and their order.
    /// </summary>
    public class HistoryTimeTests
    {
        public static IEnumerable<object[]> Times()
        {
            yield return new object[] { new DateTimeOffset(2026, 12, 4, 18, 30, 5, TimeSpan.Zero).AddTicks(1234567) };
            // Every part at its smallest and largest; the fraction with zeros in front and at the end; the ticks below a
            // microsecond (cut, not rounded).
            yield return new object[] { new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero) };
            yield return new object[] { new DateTimeOffset(DateTime.MaxValue.Ticks, TimeSpan.Zero) };
            yield return new object[] { new DateTimeOffset(999, 9, 9, 9, 9, 9, TimeSpan.Zero).AddTicks(90) };
            yield return new object[] { new DateTimeOffset(2000, 2, 29, 23, 59, 59, TimeSpan.Zero).AddTicks(9999999) };
            yield return new object[] { new DateTimeOffset(2026, 10, 31, 12, 0, 0, TimeSpan.Zero).AddTicks(1000000) };
            yield return new object[] { new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(9) };
            // Not UTC: the text is the UTC time's (the day before here).
            yield return new object[] { new DateTimeOffset(2026, 3, 1, 8, 59, 0, TimeSpan.FromHours(9)).AddTicks(5555555) };
            yield return new object[] { new DateTimeOffset(2026, 12, 31, 20, 0, 0, TimeSpan.FromHours(-5)) };
        }

        [Theory]
        [MemberData(nameof(Times))]
        public void TheTextIsTheInvariantCulturesCustomFormat(DateTimeOffset time) =>
            Assert.Equal(Formatted(time), HistoryTime.ToText(time));

        [Fact]
        public void ManyTimesGiveTheCustomFormatsTextAndReadBack()
        {
            var random = new Random(Properties.TestSeed.Or(20261204));
            long range = DateTime.MaxValue.Ticks;
            for (int i = 0; i < 20_000; i++)
            {
                var time = new DateTimeOffset((long)(random.NextDouble() * range), TimeSpan.Zero);
                string text = HistoryTime.ToText(time);
                Assert.Equal(Formatted(time), text);
                Assert.Equal(HistoryTime.Normalize(time), HistoryTime.Parse(text));
            }
        }

        [Fact]
        public void TwoTimesInTurnEachGiveTheirOwnText()
        {
            // ToText keeps the last text of its thread: a time after another must not get the one before's.
            var first = new DateTimeOffset(2026, 12, 4, 18, 30, 5, TimeSpan.Zero);
            DateTimeOffset second = first.AddTicks(10);
            Assert.Equal("2026-12-04T18:30:05.000000Z", HistoryTime.ToText(first));
            Assert.Equal("2026-12-04T18:30:05.000001Z", HistoryTime.ToText(second));
            Assert.Equal("2026-12-04T18:30:05.000000Z", HistoryTime.ToText(first));
        }

        // What ToText wrote before it wrote the digits itself: the custom format, with the invariant culture, of the UTC
        // time cut to whole microseconds.
        private static string Formatted(DateTimeOffset time) =>
            HistoryTime.Normalize(time).ToString(HistoryTime.TextFormat, CultureInfo.InvariantCulture);
    }
}
