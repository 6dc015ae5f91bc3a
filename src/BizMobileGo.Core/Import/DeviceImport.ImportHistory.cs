using System;
using System.Threading;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Import
{
    // What the import history records of this import: the file, each attempt, and an import abandoned.
    public sealed partial class DeviceImport : IDisposable
    {
        /// <summary>Where the command writes the rows that failed (-FailedRowsPath, resolved), for the history; null: nowhere.</summary>
        public string? FailedRowsPath { get; set; }

        /// <summary>What the file was: the SHA-256 of exactly the bytes read, for the history, and the encoding they were read in.</summary>
        internal void RecordFile(string? sha256, string encoding)
        {
            _history.Sha256 = sha256;
            _summary.Encoding = encoding;
        }

        private ImportHistoryEntry HistoryEntry(bool committed)
        {
            _history.EndedAt = _clock();
            _history.Committed = committed;
            _history.Rows = _summary.Rows;
            _history.PlannedCreated = _summary.PlannedCreated;
            _history.PlannedUpdated = _summary.PlannedUpdated;
            _history.PlannedUnchanged = _summary.PlannedUnchanged;
            _history.Failed = _summary.Failed;
            // The file is written only when rows failed (and not for a dry run): a path recorded is one the rows went to.
            _history.FailedRowsPath = FailedRowsPath != null && _summary.Failed != 0 && !_dryRun ? FailedRowsPath : null;
            _history.PlannedEmailsQueued = _summary.PlannedEmailsQueued;
            _history.PlannedUsersCreated = _summary.PlannedUsersCreated;
            _history.PlannedUsersUpdated = _summary.PlannedUsersUpdated;
            if (_historyErrorsOmitted != 0)
            {
                _historyErrors.Add(new ImportHistoryError(0, null, null, ErrorIds.MoreErrorsNotKept,
                    $"{_historyErrorsOmitted} more row errors are not kept here; the import's own error output listed them all."));
                _historyErrorsOmitted = 0;
            }

            _history.Errors = _historyErrors;
            return _history;
        }

        private static string CurrentUser()
        {
            string domain = Environment.UserDomainName;
            string user = Environment.UserName;
            return string.IsNullOrEmpty(domain) || domain == Environment.MachineName ? user : domain + "\\" + user;
        }

        /// <summary>
        /// Gives the import up because of a failure that is not a row's (a bad header, a broken file):
        /// rolls back, and records the attempt with that failure in the import history.
        /// </summary>
        public void Abandon(int line, string errorId, string message)
        {
            _historyErrors.Add(new ImportHistoryError(line, null, null, errorId, message));
            _abandoned = true;
            Dispose();
        }

        /// <summary>
        /// Why this import, ended before its commit, is not in the import history: its attempt record could not be written
        /// (the store failing, the server gone), in the store's words. Null when it was recorded, or needs no record (a dry
        /// run, an import that never held the store, a committed one).
        /// </summary>
        public string? NotRecordedReason { get; private set; }

        /// <summary>
        /// Tests only: run as an attempt record begins, the import rolled back and the store free, so that a test can be the
        /// writer that comes between (SQLite hands the Id the rollback freed out again: <see cref="RecordAttempt"/>).
        /// </summary>
        internal Action? BeforeAttemptRecord { get; set; }

        /// <summary>
        /// Tests only: <see cref="BeforeAttemptRecord"/> for every import of the process, set by reflection from a Pester test
        /// of the real cmdlet, whose import no test code can reach (rel45: on SQLite a writer waiting for the lock almost never
        /// comes between the rollback and the record on its own; SQLite queues no one).
        /// </summary>
        internal static Action? BeforeAnyAttemptRecord { get; set; }

        private void RecordAbandonedImport()
        {
            try
            {
                RecordAttempt(HistoryEntry(committed: false));
            }
            catch (BmgException e)
            {
                // The store itself is failing (busy, gone): the import already rolled back, and
                // Dispose must not hide the error that brought us here behind a second one. Kept for the command to say.
                NotRecordedReason = e.Message;
            }
        }

        /// <summary>
        /// Records an import that held the store but kept nothing, in a transaction of its own. Not ended by Ctrl+C: the
        /// import gave the lock up with its rollback, and a writer queued behind it may hold it now — the record waits for
        /// that one (up to the busy timeout, as any writer), so that every import that wrote, or tried to, is in the
        /// history (SPEC). After a stop the wait is <see cref="StoreWait.AfterStop"/> at most, as each of the record's round
        /// trips is (left41, net40's leftover: it was the busy timeout, 30 s, with the user at a stopped prompt), and so is that
        /// of an import that ended before its first row (rel46: it tried to write nothing); past it the record is said missing
        /// (StoreBusy). An import stopped before it held the store is not recorded (it never tried).
        /// </summary>
        private void RecordAttempt(ImportHistoryEntry entry)
        {
            // Tests only: another writer's moment, between the rollback that freed the store and this record.
            (BeforeAttemptRecord ?? BeforeAnyAttemptRecord)?.Invoke();
            bool newId = false;
            using (IStoreTransaction historyTransaction = BeginRecordTransaction())
            {
                if (entry.Id != 0 && _store.GetImportHistory(entry.Id).Count != 0)
                {
                    // SQLite hands the Id a rollback freed out again: a writer that came between the rollback and this record
                    // took it. This record takes a new one, said again (never another import's row overwritten).
                    entry.Id = 0;
                    newId = true;
                }

                _store.InsertImportHistory(entry);
                historyTransaction.Commit();
            }

            if (newId)
            {
                _historyIdReserved?.Invoke(entry.Id);
            }
        }

        /// <summary>
        /// The record's write transaction: its wait for the writer lock bounded after a stop, and for an import that ended
        /// before its first row (<see cref="RecordAttempt"/>).
        /// </summary>
        /// <remarks>
        /// An import that refused its input before any row (a bad header, a piped object of another store) wrote nothing and
        /// tried to write nothing: its record waited the busy timeout all the same ($env:BMG_STORE_WAIT, 30 s, a job's 120)
        /// when another writer held the store, and a nightly job refusing a bad file hung that long before its error (rel46,
        /// rel45's leftover). It waits <see cref="StoreWait.AfterStop"/> at most now, then is said missing; an import that
        /// planned rows still waits the busy timeout, so that every import that tried to write is in the history (SPEC).
        /// </remarks>
        private IStoreTransaction BeginRecordTransaction()
        {
            bool stopped = _store.WaitCancellation.IsCancellationRequested;
            if (!stopped && _summary.Rows != 0)
            {
                return _store.BeginTransaction(CancellationToken.None);
            }

            using var bounded = new CancellationTokenSource(StoreWait.AfterStop);
            try
            {
                return _store.BeginTransaction(bounded.Token);
            }
            catch (OperationCanceledException e) when (bounded.IsCancellationRequested)
            {
                throw stopped ? StoreBusyError.WriterLockAfterStop(_store.Location, e) : StoreBusyError.WriterLockBeforeFirstRow(_store.Location, e);
            }
        }
    }
}
