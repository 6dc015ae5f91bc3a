using System;
using System.Collections.Generic;
using System.Management.Automation;
using BizMobileGo.Core.Store;

namespace BizMobileGo.PowerShell
{
    // Piped edits committed a batch at a time (Set-/Remove-BmgDevice, Set-/Remove-BmgUser; walkthrough 34b, finding 7): the records are
    // kept by PipedBatch's rule (the first at once, then batches doubling up to 1,000; a pause answers at once) and each batch's
    // changes join one write transaction (ChangeBatch). Each record is still decided, confirmed and refused on its own, its
    // warnings and errors written as decided; what says a change was made (-PassThru's object, the tally) waits for the commit.
    public abstract partial class BmgCmdlet
    {
        private readonly PipedBatch _editTiming = new PipedBatch();
        private List<(string Parameter, string Name, Action Edit)>? _keptEdits;

        // While a batch is open: what waits for its commit (AfterCommit), in order.
        private List<Action>? _afterCommit;

        // While a batch makes a record: the warnings the record says (Unsaid). While a record of a broken batch is made again:
        // those it said in the batch, not said twice.
        private List<string>? _warningsSaid;
        private List<string>? _warningsSaidBefore;

        /// <summary>
        /// One record's edit (<paramref name="edit"/>: DeviceEditor's or UserEditor's call with this record's values, already
        /// read), run as <see cref="ForNamedItem"/> runs it: at once, or kept for a batch when records are piped and nothing
        /// can ask a question while the batch holds the writer lock (<see cref="BatchesEdits"/>).
        /// </summary>
        protected void EditOrKeep(string parameter, string name, Action edit)
        {
            if (!BatchesEdits)
            {
                ForNamedItem(parameter, name, edit);
                return;
            }

            _keptEdits ??= new List<(string, string, Action)>();
            _editTiming.Arrived(_keptEdits.Count, keeps: true);
            _keptEdits.Add((parameter, name, edit));
            if (_keptEdits.Count >= _editTiming.Limit)
            {
                EditKept();
            }
        }

        /// <summary>
        /// Whether a record's warning is to be written: false when the record said it already, in a batch that broke after it
        /// and was made again record by record (the redo decides as the batch did, so it says the same). Kept while a batch runs.
        /// </summary>
        private protected bool Unsaid(string warning)
        {
            if (_warningsSaidBefore != null && _warningsSaidBefore.Remove(warning))
            {
                return false;
            }

            _warningsSaid?.Add(warning);
            return true;
        }

        /// <summary>
        /// Runs <paramref name="said"/> (a -PassThru object, the tally) once the change it reports is committed: at once, or
        /// after the open batch's commit. A batch rolled back says nothing of its changes.
        /// </summary>
        protected void AfterCommit(Action said)
        {
            if (_afterCommit != null)
            {
                _afterCommit.Add(said);
            }
            else
            {
                said();
            }
        }

        // Piped records only, and only when no question can be asked inside the transaction: -Confirm's prompt, -WhatIf's dry
        // plan and a warning under Inquire (ConfirmMayPrompt), or an error under -ErrorAction Inquire.
        private bool BatchesEdits => _batchesEdits ??= MyInvocation.ExpectingInput && !ConfirmMayPrompt && !ErrorsAsk();

        private bool? _batchesEdits;

        private bool ErrorsAsk() => ErrorActionInEffect() is not ActionPreference action || action == ActionPreference.Inquire;

        /// <summary>The kept records' edits: one transaction for all of them (a single one is made as one by one).</summary>
        private void EditKept()
        {
            List<(string Parameter, string Name, Action Edit)>? kept = _keptEdits;
            _keptEdits = null;
            if (kept == null || kept.Count == 0)
            {
                return;
            }

            if (kept.Count == 1)
            {
                ForNamedItem(kept[0].Parameter, kept[0].Name, kept[0].Edit);
                _editTiming.Taken();
                return;
            }

            // The records to make again one by one if the batch breaks: those it had made (rolled back with it, with the warnings
            // they said) and those after.
            var again = new List<((string Parameter, string Name, Action Edit) Record, string[]? Said)>(kept.Count);
            List<Action> said = _afterCommit = new List<Action>(kept.Count);
            List<string> committed = _batchCommitted = new List<string>(kept.Count);
            var warned = new List<string>();
            bool broken = false;
            try
            {
                using ChangeBatch batch = ChangeBatch.Begin(Store);
                try
                {
                    for (int i = 0; i < kept.Count; i++)
                    {
                        if (broken)
                        {
                            again.Add((kept[i], null));
                            continue;
                        }

                        (string parameter, string name, Action edit) = kept[i];
                        bool made = false;
                        warned.Clear();
                        _warningsSaid = warned;
                        ForNamedItem(parameter, name, () =>
                        {
                            edit();
                            made = true;
                        });
                        _warningsSaid = null;

                        // A record refused as it was decided wrote nothing, and its error is said: not made again. One whose write
                        // failed (its error said too) broke the batch: the rest are made one by one, each in its own transaction.
                        broken = batch.Broken;
                        if (made)
                        {
                            again.Add((kept[i], warned.Count == 0 ? null : warned.ToArray()));
                        }
                    }
                }
                catch when (!batch.Broken)
                {
                    // Ctrl+C, -ErrorAction Stop on a refused record, a terminating error: what the batch made before it stays
                    // made, as one transaction a record left it; a commit that fails (the store went) leaves none of it.
                    _afterCommit = null;
                    _batchCommitted = null;
                    CommitBeforeStop(batch, committed);
                    throw;
                }

                if (!broken)
                {
                    batch.Commit();
                }
            }
            finally
            {
                _afterCommit = null;
                _batchCommitted = null;
                _warningsSaid = null;
            }

            if (broken)
            {
                foreach (((string parameter, string name, Action edit), string[]? saidInBatch) in again)
                {
                    _warningsSaidBefore = saidInBatch == null ? null : new List<string>(saidInBatch);
                    try
                    {
                        ForNamedItem(parameter, name, edit);
                    }
                    finally
                    {
                        _warningsSaidBefore = null;
                    }
                }
            }
            else
            {
                committed.ForEach(Counted);
                foreach (Action say in said)
                {
                    say();
                }

                ShowTallyIfDue();
            }

            _editTiming.Taken();
        }

        private void CommitBeforeStop(ChangeBatch batch, List<string> committed)
        {
            try
            {
                batch.Commit();
                committed.ForEach(Counted);
            }
            catch (Exception)
            {
                // Rolled back as the batch is disposed: the failure that ended the command is the one said.
            }
        }

        /// <summary>What is kept when the input ends: made before the command's end step (and its batched warnings).</summary>
        private void EditKeptAtEnd()
        {
            if (_keptEdits != null)
            {
                AsErrorRecord(EditKept);
            }
        }
    }
}
