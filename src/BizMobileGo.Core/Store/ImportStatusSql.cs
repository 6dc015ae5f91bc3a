using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// An import's status (<see cref="ImportHistoryEntry.Status"/>) as both stores' SQL works it out from a row of
    /// import_history and its errors, for Get-BmgImportHistory -Status: committed; else stopped (an ImportStopped error, or
    /// none at all: a stop recorded before that error was); else refused (all-or-nothing with failed rows); else failed. The
    /// same rule as the entry's property, in SQL so that the filter stays in the query before -Last counts; the store
    /// contract tests hold the two together.
    /// </summary>
    internal static class ImportStatusSql
    {
        /// <summary>
        /// The CASE expression giving the status's name (ImportStatus's names, ErrorIds.ImportStopped: written out, as this
        /// SQL is a constant; the contract tests compare it with the entry's Status for every status on both stores).
        /// `committed` is a boolean on PostgreSQL and 0/1 on SQLite, which SQLite's WHEN reads as false/true.
        /// </summary>
        internal const string Sql = @"CASE WHEN committed THEN 'Committed'
    WHEN NOT EXISTS (SELECT 1 FROM import_history_errors s WHERE s.import_id = import_history.import_id)
        OR EXISTS (SELECT 1 FROM import_history_errors s WHERE s.import_id = import_history.import_id AND s.error_id = 'ImportStopped')
        THEN 'Stopped'
    WHEN mode = 'AllOrNothing' AND failed > 0 THEN 'Refused'
    ELSE 'Failed' END";
    }
}
