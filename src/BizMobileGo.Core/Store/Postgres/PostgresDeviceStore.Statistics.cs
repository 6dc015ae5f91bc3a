using System.Collections.Generic;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// Fresh statistics for tables an import grows inside its own transaction. The server plans a look-up by what
    /// it last learned of a table (nothing, for a new store): an import that fills an empty table would be planned
    /// as a scan per chunk. Once a write transaction has added <see cref="RowsBeforeAnalyze"/> rows to a table, the
    /// store analyzes it, once; the server then scales what it learned with the table's size, and uses its indexes.
    /// ANALYZE inside the transaction sees the transaction's own rows and blocks no reader or writer.
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
                // A user who does not own the table gets a warning from the server, not an error: the import goes on.
                Run("ANALYZE " + table + ";");
            }
        }
    }
}
