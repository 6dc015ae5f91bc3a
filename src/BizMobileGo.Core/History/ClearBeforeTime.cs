using System;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Times;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The one rule for Clear-BmgHistory -Before: not later than now (walkthrough 27, 10). A time not yet come removes every
    /// entry written up to the moment the clear runs, the ones written seconds before too: what a typo in the year does as
    /// easily as a decision, with only the prompt's count to warn. Nothing overrides it (no -Force): -Before (Get-Date) already
    /// clears everything recorded so far, so a later time is never needed, and a switch a nightly job passes every night would
    /// let the typo through again.
    /// </summary>
    public static class ClearBeforeTime
    {
        /// <summary>Throws ClearBeforeInFuture, naming both times, when <paramref name="before"/> is later than <paramref name="now"/>.</summary>
        /// <exception cref="BmgException">ClearBeforeInFuture; nothing was removed.</exception>
        public static void Check(DateTimeOffset before, DateTimeOffset now)
        {
            if (before > now)
            {
                throw new BmgException(ErrorIds.ClearBeforeInFuture, BmgErrorCategory.InvalidArgument,
                    $"-Before {ShownTime.ToText(before)} is later than now ({ShownTime.ToText(now)}): a clear removes only entries recorded before a time "
                    + "that has come, so that a mistyped date can't remove the entries written up to the moment it runs. Give a time in the past; "
                    + "to clear every entry recorded so far, -Before (Get-Date). Nothing was removed.", before);
            }
        }
    }
}
