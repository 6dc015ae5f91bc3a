using System;
using System.Collections.Generic;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>The refused check-ins the lockout counts, by Identifier as given (ignoring case).</summary>
    public sealed partial class PostgresDeviceStore
    {
        public void RecordCheckInFailure(string identifier, DateTimeOffset at, string reason) =>
            Run("INSERT INTO checkin_failures (identifier, failed_at, reason) VALUES ($1, $2, $3);", Text(identifier), Time(at), Text(reason));

        public int CountCheckInFailures(string identifier, DateTimeOffset since, string reason)
        {
            long count = (long)Scalar("SELECT count(*) FROM checkin_failures WHERE lower(identifier) = lower($1) AND failed_at > $2 AND reason = $3;",
                Text(identifier), Time(since), Text(reason))!;
            return (int)Math.Min(count, int.MaxValue);
        }

        public IReadOnlyList<(string Identifier, DateTimeOffset At)> GetCheckInFailures(DateTimeOffset since, string reason) =>
            Query("SELECT identifier, failed_at FROM checkin_failures WHERE failed_at > $1 AND reason = $2;",
                r => (r.GetString(0), ReadTime(r, 1)), Time(since), Text(reason));

        public int ClearCheckInFailures(string identifier, DateTimeOffset since) =>
            Run("DELETE FROM checkin_failures WHERE lower(identifier) = lower($1) AND failed_at > $2;", Text(identifier), Time(since));

        public long? GetDeviceKey(string identifier) =>
            Scalar("SELECT device_id FROM devices WHERE lower(identifier) = lower($1);", Text(identifier)) is long key ? key : (long?)null;
    }
}
