using System.Collections.Generic;
using BizMobileGo.Core.History;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>The OS users of the history's newest entries, for tab completion of -User (<see cref="IHistoryStore.FindOsUsers"/>).</summary>
    public sealed partial class PostgresDeviceStore
    {
        // The kind's newest rows and newest packs, each read newest first and stopped at its LIMIT (the primary key's index read
        // backwards, or for a kind with few rows change_history_by_subject, as the planner finds cheaper); only the header
        // columns are read (a pack's entries are TOASTed apart and never fetched). A pack holds the kind when its first key of
        // that kind is set. The OS users are grouped as NamePrefix folds them (lower() of the "C" collation: ASCII letters),
        // DISTINCT ON keeping the spelling of each one's newest entry; then the newest first. A row offers its ChangedBy too
        // (-User matches either: what did sato do, whatever service acted), and so does a pack (its header's, migration 23).
        private const string OsUsersSql = @"SELECT os_user FROM (
    SELECT DISTINCT ON (lower(os_user COLLATE ""C"")) os_user, newest FROM (
        (SELECT w.who AS os_user, r.sequence AS newest
            FROM (SELECT os_user, changed_by, sequence FROM change_history WHERE subject_kind = $1 ORDER BY sequence DESC LIMIT $2) r
            CROSS JOIN LATERAL (VALUES (r.os_user), (NULLIF(r.changed_by, ''))) AS w(who) WHERE w.who IS NOT NULL)
        UNION ALL
        (SELECT w.who, p.last_sequence
            FROM (SELECT os_user, changed_by, last_sequence FROM change_history_packs
                WHERE ($1 = 'Device' AND first_device_key IS NOT NULL) OR ($1 = 'User' AND first_user_key IS NOT NULL)
                ORDER BY first_sequence DESC LIMIT $3) p
            CROSS JOIN LATERAL (VALUES (p.os_user), (NULLIF(p.changed_by, ''))) AS w(who) WHERE w.who IS NOT NULL)) e
    WHERE lower(os_user COLLATE ""C"") >= ($4 COLLATE ""C"") AND lower(os_user COLLATE ""C"") < ($5 COLLATE ""C"")
    ORDER BY lower(os_user COLLATE ""C""), newest DESC) u
ORDER BY newest DESC LIMIT $6;";

        public IReadOnlyList<string> FindOsUsers(SubjectKind kind, string prefix, int limit)
        {
            NamePrefix.CheckLimit(limit);
            return Query(OsUsersSql, r => r.GetString(0), Text(kind.ToString()), Bigint(OsUserWindow.Rows), Bigint(OsUserWindow.Packs),
                Text(NamePrefix.Low(prefix)), Text(NamePrefix.High(prefix)), Bigint(limit));
        }

        // Every OS user of the kind's entries, at any time (a walk of both tables' header columns, when -User found nothing).
        private const string AllOsUsersSql = @"SELECT os_user FROM change_history WHERE subject_kind = $1
UNION
SELECT os_user FROM change_history_packs WHERE ($1 = 'Device' AND first_device_key IS NOT NULL) OR ($1 = 'User' AND first_user_key IS NOT NULL);";

        public IReadOnlyList<string> ReadOsUsers(SubjectKind kind) => Query(AllOsUsersSql, r => r.GetString(0), Text(kind.ToString()));

        // Every ChangedBy name of the kind's rows and packs: a walk of both tables' header columns, as AllOsUsersSql's.
        private const string AllChangedBySql = @"SELECT changed_by FROM change_history WHERE subject_kind = $1 AND changed_by <> ''
UNION
SELECT changed_by FROM change_history_packs WHERE changed_by <> ''
    AND (($1 = 'Device' AND first_device_key IS NOT NULL) OR ($1 = 'User' AND first_user_key IS NOT NULL));";

        public IReadOnlyList<string> ReadChangedByNames(SubjectKind kind) => Query(AllChangedBySql, r => r.GetString(0), Text(kind.ToString()));
    }
}
