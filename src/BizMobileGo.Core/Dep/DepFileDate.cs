using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace BizMobileGo.Core.Dep
{
    /// <summary>The dates of a DEP file: ISO-8601 only, a time with Z or its offset.</summary>
    internal static class DepFileDate
    {
        internal static readonly DepField[] Fields = { DepField.ProfileAssignTime, DepField.ProfilePushTime, DepField.DeviceAssignedDate };

        /// <summary>An ISO-8601 calendar date, read as midnight UTC (Apple Business Manager's dates are days).</summary>
        private static readonly Regex IsoDate = new Regex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", RegexOptions.CultureInvariant);

        /// <summary>
        /// An ISO-8601 date and time with Z or an offset, as Apple's responses write them (2026-11-20T09:30:00Z); seconds and
        /// their fraction are optional. A time without Z or an offset is refused: it could be any time zone's (a Japanese
        /// Excel's 09:30 is 00:30 UTC), and Apple never writes one.
        /// </summary>
        private static readonly Regex IsoDateTime = new Regex(
            @"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>A date and time that lacks only Z or an offset: the error then says what to add.</summary>
        private static readonly Regex IsoDateTimeWithoutOffset = new Regex(
            @"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>
        /// ISO-8601 only, as the README and the error promise: DateTimeOffset.TryParse read '04/03/2026' as April 3 (a European
        /// admin's 4 March) and '2026/11/20 9:30' as UTC. The shape is checked first, then parsed.
        /// </summary>
        internal static bool TryParse(string text, out DateTimeOffset date)
        {
            date = default;
            if (IsoDate.IsMatch(text))
            {
                return DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out date);
            }

            return IsoDateTime.IsMatch(text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out date);
        }

        internal static string Rule(string name, string value) =>
            $"{name} '{value}' is not valid: must be an ISO-8601 date and time such as 2026-11-20T09:30:00Z, or a date such as 2026-11-20"
            + (IsoDateTimeWithoutOffset.IsMatch(value)
                ? "; a time needs Z (UTC) or its offset, such as 2026-11-20T09:30:00+09:00, since without one it could be any time zone's"
                : "");

    }
}
