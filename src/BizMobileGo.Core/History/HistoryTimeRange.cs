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
    }
}
