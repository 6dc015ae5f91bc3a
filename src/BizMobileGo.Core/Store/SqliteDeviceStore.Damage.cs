using System.Collections.Generic;
using BizMobileGo.Core.Errors;
using Microsoft.Data.Sqlite;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// A damaged store file found by the store itself (<see cref="ErrorIds.StoreDamaged"/>): at open, a file shorter than its
    /// pages; on request (Test-BmgHistory), SQLite's quick check of every page. A -wal file of another copy is found before
    /// the connection opens (<see cref="SqliteFileCheck.ForeignWal"/>), damage a statement meets by the error mapping (.Errors).
    /// </summary>
    public sealed partial class SqliteDeviceStore
    {
        private const string QuickCheckSql = "PRAGMA quick_check;";

        // How many of quick_check's findings a message names; the rest are counted.
        private const int FindingsNamed = 3;

        /// <summary>
        /// Refuses a store file shorter than its pages (<see cref="ErrorIds.StoreDamaged"/>), as SQLite counts them with no
        /// -wal frame or rollback journal waiting (then every page is the file's). SQLite itself refuses only a file short
        /// by a whole page; one cut inside its last page read as if its end were zeros (walkthrough 33b, 3 and 4). A
        /// checkpoint of another connection grows the file after it wrote the header's new count: a -wal file with frames
        /// means one may be under way, and a file found short is looked at once more before it is called damaged.
        /// </summary>
        private void CheckLength(string file, bool walRead)
        {
            for (int attempt = 0; ; attempt++)
            {
                if (walRead && (SqliteFileCheck.WalHasFrames(file) || SqliteFileCheck.HotJournal(file)))
                {
                    return;
                }

                string? cut = SqliteFileCheck.ShortFile(file, Scalar<long>("PRAGMA page_count;"), Scalar<long>("PRAGMA page_size;"));
                if (cut == null || (walRead && SqliteFileCheck.WalHasFrames(file)))
                {
                    return;
                }

                if (attempt == 1)
                {
                    throw StoreDamage.FoundAtOpen(Location, cut, StoreDamage.RestoreAdvice(Location));
                }
            }
        }

        /// <summary>What to do about a -wal file left beside a store from another copy of it.</summary>
        /// <param name="location">The store as named.</param>
        /// <param name="realFile">The file it ends at (<see cref="SqliteFileCheck.RealPath"/>), beside which the -wal and -shm files are.</param>
        private static string ForeignWalAdvice(string location, string realFile) =>
            $"If you put a backup in the store's place, the -wal and -shm files beside it are the old file's and hold nothing of the backup: remove them "
            + $"(Remove-Item -LiteralPath {Fields.FieldText.SingleQuotedArgument(realFile + "-wal")}, {Fields.FieldText.SingleQuotedArgument(realFile + "-shm")}) "
            + "and the store is the backup. If not, restore the newest backup: " + StoreDamage.RestoreAdvice(location);

        /// <summary>
        /// SQLite's quick check of the whole file (every page, every record's format; not the indexes against their tables,
        /// which integrity_check adds at several times the cost): a file it finds damaged is StoreDamaged, remembered as SQLite's
        /// own report. On a store of 100,000 devices it costs about a fifth of Test-BmgHistory's walk (PERFORMANCE.md).
        /// </summary>
        public void CheckFile(System.Threading.CancellationToken stop)
        {
            var findings = new List<string>();
            stop.ThrowIfCancellationRequested();
            try
            {
                // A stop interrupts the check where it is (SQLITE_INTERRUPT), read below as the stop it is.
                using System.Threading.CancellationTokenRegistration interrupt = stop.Register(() => SQLitePCL.raw.sqlite3_interrupt(_connection.Handle));
                using SqliteCommand command = _connection.CreateCommand();
                command.CommandText = QuickCheckSql;
                command.Transaction = _transaction;
                using SqliteDataReader reader = command.ExecuteReader();
                while (reader.Read())
                {
                    findings.Add(reader.GetString(0));
                }
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SQLitePCL.raw.SQLITE_INTERRUPT && stop.IsCancellationRequested)
            {
                throw new System.OperationCanceledException(stop);
            }
            catch (SqliteException e)
            {
                throw Failure(e);
            }

            // A row that breaks a CHECK or NOT NULL rule (or a STRICT column's type) was written by hand (sqlite3 with
            // ignore_check_constraints), not damaged by a disk: the chain's walk names such an entry (HistoryTampered).
            findings.RemoveAll(finding => finding == "ok" || finding.StartsWith("CHECK constraint failed in ", System.StringComparison.Ordinal)
                || finding.StartsWith("NULL value in ", System.StringComparison.Ordinal) || finding.StartsWith("non-", System.StringComparison.Ordinal));
            if (findings.Count == 0)
            {
                return;
            }

            string named = string.Join("; ", findings.GetRange(0, System.Math.Min(FindingsNamed, findings.Count)));
            string more = findings.Count > FindingsNamed ? $" (and {findings.Count - FindingsNamed} more)" : "";
            throw StoreDamage.ReportedBySqlite(Location, $"SQLite's quick check finds {named}{more}", null);
        }
    }
}
