using System;
using BizMobileGo.Core.History;

namespace BizMobileGo.PowerShell
{
    public abstract partial class BmgCmdlet
    {
        /// <summary>
        /// The -Since/-Until window a history command uses (walkthrough 35, 7): -Verbose shows it as the instants it became
        /// (a text date binds in the current culture and time zone), and -Since equal to -Until at midnight, a window of one
        /// instant, is warned of (<see cref="HistoryTimeRange"/>).
        /// </summary>
        protected void SayWindow(DateTimeOffset? since, DateTimeOffset? until, string what = "Entries")
        {
            if (VerboseInEffect && HistoryTimeRange.Describe(since, until, what) is string window)
            {
                WriteVerbose(window);
            }

            if (HistoryTimeRange.SameDayWarning(since, until) is string sameDay)
            {
                WriteWarning(sameDay);
            }
        }
    }
}
