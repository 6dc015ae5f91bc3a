using System;
using System.Globalization;
using System.Management.Automation;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// A time as every view of the module shows it (BizMobileGo.Format.ps1xml, BizMobileGo.History.Format.ps1xml): in the
    /// view's format ('yyyy-MM-dd HH:mm' in a table, with seconds and the offset in a list) and the invariant culture, whatever
    /// form the time arrived in. A live object's time is a DateTimeOffset; one that came back from Start-Job / Receive-Job or
    /// Invoke-Command (PowerShell serializes their output one level deep) holds the time as text, the invariant
    /// "12/05/2026 11:05:04 +00:00", and one from Import-Clixml (two levels) as a Deserialized.System.DateTimeOffset whose
    /// ToString() is that text. The views called the value's ToString(format, culture), which text has not and the
    /// deserialized object ignores: every time column of a job's or remote command's output was blank (walkthrough 28,
    /// finding 7). One helper for every view's time, so no view is left behind. In the cmdlet assembly, not the core: a view's
    /// script block resolves types of the assemblies PowerShell loaded (see <see cref="ListValueText"/>).
    /// </summary>
    public static class ViewTime
    {
        /// <summary>
        /// <paramref name="value"/> in <paramref name="format"/> (invariant culture), as the instant it was where it was
        /// made (no conversion to this computer's offset: the time reads as the live object's view shows it there). Null
        /// (and an empty text) stays null; a text that is no time, which the module never writes, is shown as it is rather
        /// than left blank.
        /// </summary>
        public static string? Text(object? value, string format)
        {
            object? given = value is PSObject wrapped ? wrapped.BaseObject : value;
            switch (given)
            {
                case null:
                    return null;
                case DateTimeOffset time:
                    return time.ToString(format, CultureInfo.InvariantCulture);
                case DateTime time:
                    // PowerShell's serializer keeps a DateTime as one; its offset is this computer's for a local or unkind time.
                    return Clock(time, time.Kind == DateTimeKind.Utc ? TimeSpan.Zero : TimeZoneInfo.Local.GetUtcOffset(time), format);
            }

            // Text (a job's or remote command's time) or a deserialized DateTimeOffset (Import-Clixml), whose text is the
            // same: PowerShell writes it with the invariant culture, whatever the culture of the session that wrote it.
            string? text = value!.ToString();
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out DateTimeOffset parsed)
                ? parsed.ToString(format, CultureInfo.InvariantCulture)
                : text;
        }

        /// <summary>
        /// A clock time and its offset in <paramref name="format"/>, never converted. A DateTimeOffset made of them threw for
        /// DateTime.MinValue east of UTC and DateTime.MaxValue west of it (its UTC instant would fall outside years 1 to 9999),
        /// and a view shows an exception as a blank (round 29), though it shows nothing but the clock and the offset. The
        /// views' formats write an offset as 'zzz' only; it becomes the offset's text.
        /// </summary>
        private static string Clock(DateTime clock, TimeSpan offset, string format) =>
            clock.ToString(format.Replace("zzz", "'" + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture) + "'", StringComparison.Ordinal),
                CultureInfo.InvariantCulture);
    }
}
