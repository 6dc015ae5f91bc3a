using System;
using System.Linq;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Import
{
    // The end of an import: its transaction committed (or kept as a dry run's), and a commit whose answer was lost.
    public sealed partial class DeviceImport : IDisposable
    {
        /// <summary>Commits when the import may be kept (not a dry run; no failed row unless skipping them); else rolls back.</summary>
        public ImportSummary Complete()
        {
            Stages.Commit.Start();
            try
            {
                return CompleteTimed();
            }
            finally
            {
                Stages.Commit.Stop();
            }
        }

        /// <summary>
        /// Whether <see cref="Complete"/>, called now, writes the rows to the store: a real import none of whose rows failed, or
        /// one that skips its failed rows. Asked before the commit by a caller that must say something first (the rows'
        /// warnings under -WarningAction Stop, which may end the command: then nothing is written).
        /// </summary>
        public bool CommitsOnComplete => !_dryRun && Accepted;

        /// <summary>
        /// Not refused: no failed row so far, or an import that skips them. A dry run's too: what the real run of the same rows
        /// would keep (Import-BmgDeviceCsv asks a kept file's warnings from a dry plan, before its write lock).
        /// </summary>
        public bool Accepted => !(_mode == ImportMode.AllOrNothing && _summary.Failed != 0);

        private ImportSummary CompleteTimed()
        {
            TakeStore();
            IStoreTransaction transaction = _transaction!;
            // The chunk written beside the planning may have failed: that failure is the import's, as if it had
            // been written on this thread. It is given up here, with the store's error in its history: whether such a
            // failure surfaces here or inside the file's rows (where the cmdlet abandons the import with it) depends on
            // when the reading thread reads the last chunk, and a caller that only disposes the import after Complete
            // threw would otherwise record it as stopped (Ctrl+C).
            try
            {
                _chunk.WaitForStore();
                if (Accepted)
                {
                    // The last chunk's DEP links, inside the transaction (unless asked before the commit already).
                    CheckDepLinks();
                }
            }
            catch (BmgException e)
            {
                Abandon(0, e.ErrorId, e.Message);
                throw;
            }

            _completed = true;
            bool accepted = Accepted;
            bool keep = !_dryRun && accepted;
            ImportHistoryEntry history = HistoryEntry(keep);
            if (_dryRun && accepted && DryRun.KeepsAcceptedFiles(_store))
            {
                KeepInDryRun(transaction);
            }
            else if (keep)
            {
                bool committing = false;
                try
                {
                    _chunk.Flush();
                    // In the import's own transaction: the history can't claim rows that were not written.
                    _store.InsertImportHistory(history);
                    committing = true;
                    transaction.Commit();
                }
                catch (CommitOutcomeUnknownException e)
                {
                    // Stopped while the server had not answered the COMMIT: it may commit yet. No "not committed" attempt is
                    // recorded (Dispose records none once completed), and the admin is told where the answer will be.
                    throw new CommitOutcomeUnknownException(
                        e.Message + $" Get-BmgImportHistory -Id {history.Id} tells then whether the import was committed.", e.CancellationToken);
                }
                catch (BmgException e) when (committing && e.ErrorId == ErrorIds.StoreUnavailable)
                {
                    // The connection was lost during the COMMIT itself: the server may have committed before its answer
                    // was lost. The import's own history row (written in its transaction) tells which.
                    _chunk.EndStoreTask();
                    transaction.Dispose();
                    bool? committed = CommittedAfterLostCommit(history.Id);
                    if (committed == false)
                    {
                        _historyErrors.Add(new ImportHistoryError(0, null, null, e.ErrorId, e.Message));
                        RecordAbandonedImport();
                        throw;
                    }

                    // Committed, or unknown (the server still unreachable): no "not committed" entry beside a committed one.
                    throw new BmgException(e.ErrorId, e.Category, e.Message + (committed == true
                        ? $" The import was committed all the same: import history entry {history.Id} holds its rows."
                        : $" The import may have been committed (the answer to the commit was lost): Get-BmgImportHistory -Id {history.Id} tells, once the store is reachable again."),
                        e.Target, e);
                }
                catch (BmgException e)
                {
                    // The last chunk, the history row or the commit itself failed (a full disk): nothing was
                    // written, but the attempt and its reason still go into the history, in a transaction of
                    // their own, when space allows — as for a failure in any earlier chunk.
                    _historyErrors.Add(new ImportHistoryError(0, null, null, e.ErrorId, e.Message));
                    _chunk.EndStoreTask();
                    transaction.Dispose();
                    RecordAbandonedImport();
                    throw;
                }
            }
            else
            {
                _chunk.EndStoreTask();
                transaction.Dispose();
                if (!_dryRun)
                {
                    RecordAttempt(history);
                }
            }

            _summary.Committed = keep;
            _summary.Refused = _summary.Failed != 0 && _mode == ImportMode.AllOrNothing;
            _summary.Elapsed = _stopwatch.Elapsed;
            _summary.HistoryId = _dryRun ? (long?)null : history.Id;
            return _summary;
        }

        /// <summary>
        /// A dry run the real run would commit: committed into the dry run's own state (never the store), so the command's next
        /// file is planned against what this one would write (<see cref="DryRun"/>). No import history entry: a dry run records none.
        /// </summary>
        private void KeepInDryRun(IStoreTransaction transaction)
        {
            try
            {
                _chunk.Flush();
                transaction.Commit();
            }
            catch (BmgException)
            {
                // The dry run's copy failed (its temporary folder full): nothing of the store was touched.
                _chunk.EndStoreTask();
                transaction.Dispose();
                throw;
            }
        }

        /// <summary>Whether the import's own history row, committed, is in the store: null when the store cannot say.</summary>
        private bool? CommittedAfterLostCommit(long historyId)
        {
            try
            {
                return _store.GetImportHistory(historyId).Any(entry => entry.Committed);
            }
            catch (BmgException)
            {
                return null;
            }
        }
    }
}
