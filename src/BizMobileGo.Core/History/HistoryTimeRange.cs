using System;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Times;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The one rule for a -Since/-Until pair of the history cmdlets: -Since may not be later than -Until. A reversed range
    /// selects nothing at all, which is almost always a script's mistake (the two dates swapped, AddDays(-1) on the wrong one),
    /// so it is refused rather than answered with silence (walkthrough 18, finding 10).
    /// </summary>
    public static class HistoryTimeRange
    {
        /// <summary>Throws InvalidTimeRange, naming both times, when <paramref name="since"/> is later than <paramref name="until"/>.</summary>
        /// <exception cref="BmgException">InvalidTimeRange.</exception>
        public static void Check(DateTimeOffset? since, DateTimeOffset? until)
        {
            if (since is DateTimeOffset from && until is DateTimeOffset to && from > to)
            {
                throw new BmgException(ErrorIds.InvalidTimeRange, BmgErrorCategory.InvalidArgument,
                    $"-Since {ShownTime.ToText(from)} is later than -Until {ShownTime.ToText(to)}: no entry can be in that range. "
                    + "Give the earlier time to -Since (did you swap them?).", from);
            }
        }

        /// <summary>
        /// The window a query uses, for -Verbose (walkthrough 35, 7): each end in this computer's offset and in UTC, so that a
        /// text date bound in the current culture ('12/06/2026' is 12 June under de-DE) or a time zone shows as the instant it
        /// became. An -Until at midnight (a date without a time) is the instant 00:00, as Microsoft's cmdlets take a date
        /// (Search-UnifiedAuditLog -EndDate, Get-WinEvent's EndTime): the line says that day's later entries are not included,
        /// and how to include them. Null when neither end is given (the whole history).
        /// </summary>
        public static string? Describe(DateTimeOffset? since, DateTimeOffset? until, string what = "Entries")
        {
            if (since == null && until == null)
            {
                return null;
            }

            static string End(DateTimeOffset time) =>
                $"{ShownTime.ToText(time)} ({time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture)})";

            string window = $"{what} {(since is DateTimeOffset from ? $"from {End(from)}" : "from the first")} "
                + $"{(until is DateTimeOffset to ? $"to {End(to)}" : "to the newest")}, both ends included.";
            return until is DateTimeOffset end && MidnightDay(end) is string day
                ? window + $" -Until is midnight at the start of {day}: no entry of {day} after 00:00:00 is included; for the whole day give the next day ("
                    + $"-Until {ShownTime.Local(end).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)})."
                : window;
        }

        /// <summary>
        /// A warning when -Since and -Until are the same midnight ('-Since 2026-12-06 -Until 2026-12-06'): a window of one instant,
        /// almost always meant as "that day" (walkthrough 35, 7). Null otherwise.
        /// </summary>
        public static string? SameDayWarning(DateTimeOffset? since, DateTimeOffset? until) =>
            since is DateTimeOffset from && until is DateTimeOffset to && from == to && MidnightDay(to) is string day
                ? $"-Since and -Until are both {ShownTime.ToText(to)}: only what was recorded at that instant is selected, not the day. For every "
                    + $"entry of {day}, give -Until {ShownTime.Local(to).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}."
                : null;

        // The day (yyyy-MM-dd) of a time at local midnight, or null.
        private static string? MidnightDay(DateTimeOffset time) =>
            ShownTime.Local(time) is { TimeOfDay.Ticks: 0 } local ? local.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null;
    }
}
