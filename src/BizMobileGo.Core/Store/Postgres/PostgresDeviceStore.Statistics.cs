using System.Collections.Generic;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// Statistics for tables an import grows inside its own transaction. The server plans a look-up by what it last
    /// learned of a table (nothing, for a new store): an import that fills an empty table would be planned as a scan
    /// per chunk. Once a write transaction has added <see cref="RowsBeforeAnalyze"/> rows to a table the server has no
    /// statistics for, the store analyzes it, once; the server then scales what it learned with the table's size, and
    /// uses its indexes. ANALYZE inside the transaction sees the transaction's own rows and blocks no reader or writer.
    /// A table the server has statistics for already (an earlier import's, or autovacuum's) is not analyzed again: its
    /// plans scale with its size as they are, and analyzing a full table costs the server a sample of 30,000 rows on the
    /// import's one connection — the second of two admins' imports paid ~0.7 s of server time for it (issue 13, P5).
    /// </summary>
    public sealed partial class PostgresDeviceStore
    {
        private const int RowsBeforeAnalyze = 1000;

        private readonly Dictionary<string, int> _rowsAddedInTransaction = new Dictionary<string, int>();
        private readonly HashSet<string> _analyzedInTransaction = new HashSet<string>();

        /// <summary>Forgets the counts: a new transaction begins.</summary>
        private void ResetStatisticsCounts()
        {
            _rowsAddedInTransaction.Clear();
            _analyzedInTransaction.Clear();
        }

        /// <summary>Counts rows added to <paramref name="table"/> (one of the store's own table names) and analyzes it once they are many.</summary>
        private void NoteRowsAdded(string table, int rows)
        {
            if (rows == 0 || !_inStoreTransaction || _analyzedInTransaction.Contains(table))
            {
                return;
            }

            _rowsAddedInTransaction.TryGetValue(table, out int added);
            added += rows;
            _rowsAddedInTransaction[table] = added;
            if (added >= RowsBeforeAnalyze)
            {
                _analyzedInTransaction.Add(table);
                // One round trip, as a plain ANALYZE: the server looks for the table's statistics itself (pg_stats shows
                // what the store's user may read; a rolled-back import's statistics are gone with it, so its table is
                // analyzed again). A user who does not own the table gets a warning from the server, not an error: the
                // import goes on.
                Run(AnalyzeIfWithoutStatistics(table));
            }
        }

        /// <summary>ANALYZE of <paramref name="table"/> (in the store's schema, the session's search_path) unless the server has statistics for it.</summary>
        internal static string AnalyzeIfWithoutStatistics(string table) => table switch
        {
            // Whole statements per table: no statement text is built from a value, not even the store's own table names.
            "devices" => "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_stats WHERE schemaname = current_schema() AND tablename = 'devices') THEN ANALYZE devices; END IF; END$$;",
            "users" => "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_stats WHERE schemaname = current_schema() AND tablename = 'users') THEN ANALYZE users; END IF; END$$;",
            "checkin_emails" => "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_stats WHERE schemaname = current_schema() AND tablename = 'checkin_emails') THEN ANALYZE checkin_emails; END IF; END$$;",
            _ => throw new System.ArgumentOutOfRangeException(nameof(table), table, "Not a table an import adds rows to."),
        };
    }
}
