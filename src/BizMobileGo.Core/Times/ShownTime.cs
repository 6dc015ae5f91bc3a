using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Times
{
    /// <summary>
    /// The one rule for every time an object of the module carries and every message prints: the instant, as a
    /// DateTimeOffset in this computer's offset at that instant. So a device's SavedAt and its history's At read
    /// alike (PowerShell shows DateTime values in local time, as Get-Item's LastWriteTime), while the offset
    /// keeps the value unambiguous: it sorts and compares as the instant (also across a daylight-saving change),
    /// and Export-Csv / ConvertTo-Json write it with its offset, so it reads back as the same instant. The stores
    /// keep UTC (they convert on write); only what is handed out is local.
    /// </summary>
    public static class ShownTime
    {
        /// <summary>The time in this computer's offset at that instant.</summary>
        [MethodImpl(PerRowCode.Compile)] // per row: an import sets a device's times, a read sets every device's
        public static DateTimeOffset Local(DateTimeOffset time)
        {
            // The rows of one import, and many rows read back, share their times: convert a repeated instant once (per thread).
            if (!_hasLast || time.UtcTicks != _lastUtcTicks)
            {
                _last = time.ToLocalTime();
                _lastUtcTicks = time.UtcTicks;
                _hasLast = true;
            }

            return _last;
        }

        /// <summary>As <see cref="Local(DateTimeOffset)"/>; null stays null.</summary>
        [MethodImpl(PerRowCode.Compile)]
        public static DateTimeOffset? Local(DateTimeOffset? time) => time is DateTimeOffset given ? Local(given) : (DateTimeOffset?)null;

        /// <summary>A time in a message (-WhatIf, verbose, warning, error): local, with its offset, culture-invariant.</summary>
        public static string ToText(DateTimeOffset time) =>
            Local(time).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

        /// <summary>
        /// A time to the minute in a message that names an entry or a clear ("2026-12-06 19:05 +09:00"): local, with its
        /// offset, so a text carried in a ticket between sites still says which instant (walkthrough 35, 9).
        /// </summary>
        public static string ToMinuteText(DateTimeOffset time) =>
            Local(time).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

        /// <summary>As <see cref="ToText(DateTimeOffset)"/>; null is an empty text.</summary>
        public static string ToText(DateTimeOffset? time) => time is DateTimeOffset given ? ToText(given) : "";

        [ThreadStatic]
        private static bool _hasLast;

        [ThreadStatic]
        private static long _lastUtcTicks;

        [ThreadStatic]
        private static DateTimeOffset _last;
    }
}
