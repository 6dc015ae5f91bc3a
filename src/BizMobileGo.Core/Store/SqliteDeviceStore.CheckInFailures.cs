using System;
using System.Collections.Generic;

namespace BizMobileGo.Core.Store
{
    /// <summary>The refused check-ins the lockout counts.</summary>
    public sealed partial class SqliteDeviceStore
    {
        public void RecordCheckInFailure(string identifier, DateTimeOffset at, string reason) =>
            Run("INSERT INTO checkin_failures (identifier, failed_at, reason) VALUES ($identifier, $failed_at, $reason);", c =>
            {
                Set(c, "$identifier", identifier);
                Set(c, "$failed_at", FormatTime(at));
                Set(c, "$reason", reason);
            });

        public int CountCheckInFailures(string identifier, DateTimeOffset since, string reason)
        {
            // The times are fixed-width UTC text, so comparing the text compares the times.
            var counts = Query("SELECT count(*) FROM checkin_failures WHERE identifier = $identifier AND failed_at > $since AND reason = $reason;", c =>
            {
                Set(c, "$identifier", identifier);
                Set(c, "$since", FormatTime(since));
                Set(c, "$reason", reason);
            }, r => r.GetInt64(0));
            return (int)Math.Min(counts[0], int.MaxValue);
        }

        public IReadOnlyList<(string Identifier, DateTimeOffset At)> GetCheckInFailures(DateTimeOffset since, string reason) =>
            Query("SELECT identifier, failed_at FROM checkin_failures WHERE failed_at > $since AND reason = $reason;", c =>
            {
                Set(c, "$since", FormatTime(since));
                Set(c, "$reason", reason);
            }, r => (r.GetString(0), ParseTime(r.GetString(1))));

        private const string ClearFailuresSql = "DELETE FROM checkin_failures WHERE identifier = $identifier AND failed_at > $since;";

        public int ClearCheckInFailures(string identifier, DateTimeOffset since)
        {
            Run(ClearFailuresSql, c =>
            {
                Set(c, "$identifier", identifier);
                Set(c, "$since", FormatTime(since));
            });
            return Command(ClearFailuresSql).Changes;
        }

        public long? GetDeviceKey(string identifier) => KeyOf("SELECT device_id FROM devices WHERE identifier = $key;", identifier);
    }
}
