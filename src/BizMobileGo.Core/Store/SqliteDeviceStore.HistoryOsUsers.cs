using System.Collections.Generic;
using BizMobileGo.Core.History;

namespace BizMobileGo.Core.Store
{
    /// <summary>The OS users of the history's newest entries, for tab completion of -User (<see cref="IHistoryStore.FindOsUsers"/>).</summary>
    public sealed partial class SqliteDeviceStore
    {
        // The kind's newest rows and newest packs, each a walk of its table's integer primary key backwards that stops at its
        // LIMIT (EXPLAIN QUERY PLAN: "SCAN change_history", "SCAN change_history_packs", no sort for them): only the columns
        // before changes / entries are decoded, and a pack's blob past its leaf page (its overflow pages) is never read. Rows
        // of the other kind are stepped over (their first columns read: ~5 ms of CPU for 100,000 rows in the page cache). A
        // pack holds the kind when its first key of that kind is set. The OS users are grouped as NOCASE folds them (ASCII
        // letters), and the bare os_user beside max() is the spelling of the newest entry (SQLite's min/max rule).
        // A row or a pack offers its ChangedBy too (-User matches either: what did sato do, whatever service acted). The
        // newest rows and packs are read once each (MATERIALIZED), for both names.
        private const string OsUsersSql = @"WITH newest_rows AS MATERIALIZED (
    SELECT os_user, changed_by, sequence FROM change_history WHERE subject_kind = $kind ORDER BY sequence DESC LIMIT $rows),
newest_packs AS MATERIALIZED (
    SELECT os_user, changed_by, last_sequence FROM change_history_packs
        WHERE ($kind = 'Device' AND first_device_key IS NOT NULL) OR ($kind = 'User' AND first_user_key IS NOT NULL)
        ORDER BY first_sequence DESC LIMIT $packs)
SELECT os_user, max(sequence) AS newest FROM (
    SELECT os_user, sequence FROM newest_rows
    UNION ALL
    SELECT changed_by, sequence FROM newest_rows WHERE changed_by <> ''
    UNION ALL
    SELECT os_user, last_sequence FROM newest_packs
    UNION ALL
    SELECT changed_by, last_sequence FROM newest_packs WHERE changed_by <> '')
WHERE os_user COLLATE NOCASE >= $low AND os_user COLLATE NOCASE < $high
GROUP BY os_user COLLATE NOCASE ORDER BY newest DESC LIMIT $limit;";

        public IReadOnlyList<string> FindOsUsers(SubjectKind kind, string prefix, int limit)
        {
            NamePrefix.CheckLimit(limit);
            return Query(OsUsersSql, c =>
            {
                c.Set("$kind", kind.ToString());
                c.Set("$rows", (long)OsUserWindow.Rows);
                c.Set("$packs", (long)OsUserWindow.Packs);
                c.Set("$low", NamePrefix.Low(prefix));
                c.Set("$high", NamePrefix.High(prefix));
                c.Set("$limit", (long)limit);
            }, r => r.GetString(0));
        }

        // Every OS user of the kind's entries, at any time (a walk of both tables' header columns, when -User found nothing).
        private const string AllOsUsersSql = @"SELECT os_user FROM change_history WHERE subject_kind = $kind
UNION
SELECT os_user FROM change_history_packs WHERE ($kind = 'Device' AND first_device_key IS NOT NULL) OR ($kind = 'User' AND first_user_key IS NOT NULL);";

        public IReadOnlyList<string> ReadOsUsers(SubjectKind kind) =>
            Query(AllOsUsersSql, c => c.Set("$kind", kind.ToString()), r => r.GetString(0));

        // Every ChangedBy name of the kind's rows and packs: a walk of both tables' header columns, as AllOsUsersSql's.
        private const string AllChangedBySql = @"SELECT changed_by FROM change_history WHERE subject_kind = $kind AND changed_by <> ''
UNION
SELECT changed_by FROM change_history_packs WHERE changed_by <> ''
    AND (($kind = 'Device' AND first_device_key IS NOT NULL) OR ($kind = 'User' AND first_user_key IS NOT NULL));";

        public IReadOnlyList<string> ReadChangedByNames(SubjectKind kind) =>
            Query(AllChangedBySql, c => c.Set("$kind", kind.ToString()), r => r.GetString(0));
    }
}
