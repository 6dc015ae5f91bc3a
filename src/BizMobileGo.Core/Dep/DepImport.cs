using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Dep
{
    /// <summary>
    /// Applies a DEP file to the store. Absent fields stay as stored, blank ones clear; a sync response's
    /// entries apply in op_date order, and op_type deleted releases the serial. A file is all or nothing. What a file would do
    /// is planned in DepImport.Plan.cs (<see cref="Plan"/>), and written by <see cref="Apply"/>.
    /// </summary>
    public static partial class DepImport
    {
        /// <param name="cancellation">Ends the wait of a FIFO for its writer (<see cref="DepDeviceFile.Read"/>).</param>
        /// <param name="mdmServer">Which Assigned MDM Server of Apple Business Manager's list is this MDM (<see cref="DepDeviceFile.Read"/>).</param>
        /// <param name="confirmMayPrompt">False when <paramref name="confirm"/> can't prompt: the file is then planned once, under the write lock (<see cref="ConfirmedChange"/>).</param>
        /// <param name="beforeWrite">
        /// Given the warnings of the file and of what it does (the result's <see cref="DepImportResult.Warnings"/> of a written
        /// file) inside the write transaction, before anything is written: a caller whose warning may end the command
        /// (-WarningAction Stop) says them there, so that the stop leaves the store as it was. Not called when nothing is written.
        /// </param>
        /// <param name="sayMoreToFollow">
        /// True when a device response with more_to_follow true gets its warning among the file's own (<see cref="DepDeviceFile.MoreToFollowWarning"/>):
        /// the caller knows no later file of its command may continue the page. Otherwise the caller says it later, if at all.
        /// </param>
        /// <param name="warningsAsk">
        /// True when saying a warning asks a question (-WarningAction Inquire): <paramref name="beforeWrite"/> is then called with
        /// the warnings of the plan made before the write lock is taken, just before <paramref name="confirm"/>, as -Confirm's
        /// prompt is, and the file is planned again under the lock and written without asking again: a question left open
        /// holds no lock. Warnings that only the second plan has (another writer's change while the question was open) are
        /// in the result, to be said after the write, as a value changed meanwhile is (StaleConfirmation).
        /// </param>
        public static DepImportResult Import(IDeviceStore store, string path, DateTimeOffset now, Func<DepImportPlan, bool>? confirm = null, CancellationToken cancellation = default,
            string? mdmServer = null, bool confirmMayPrompt = true, Action<IReadOnlyList<DepWarning>>? beforeWrite = null,
            bool warningsAsk = false, bool sayMoreToFollow = false, ChangeOrigin? origin = null) =>
            Import(store, DepDeviceFile.Read(path, cancellation, mdmServer), now, confirm, confirmMayPrompt, beforeWrite, warningsAsk, sayMoreToFollow, origin);

        /// <summary>
        /// Applies what a file or a piped response holds (<see cref="DepDeviceFile.ReadResponse"/>), read already: the
        /// same plan, prompts and warnings as <see cref="Import(IDeviceStore, string, DateTimeOffset, Func{DepImportPlan, bool}?, CancellationToken, string?, bool, Action{IReadOnlyList{DepWarning}}?, bool, bool, ChangeOrigin?)"/>.
        /// </summary>
        /// <param name="origin">The command (and -ChangedBy) the history entries of devices whose serial the file releases name (null: Import-BmgDepDevice's).</param>
        /// <param name="mdmServerForced">-Force: see <see cref="Plan"/>.</param>
        /// <param name="skipInvalidEntries">
        /// -SkipInvalidRows: the entries that fail (a bad field, a repeated serial, a profile name that says no profile) are left
        /// out and the others imported, each failure in the result's <see cref="DepImportResult.Errors"/> and counted in Failed,
        /// as Import-BmgDeviceCsv's rows (walkthrough 40, 5: one bad serial in Apple's list dropped the night's other 300).
        /// An error of the file as a whole (its shape, fetched_until, a profile's name) still refuses it.
        /// </param>
        public static DepImportResult Import(IDeviceStore store, DepFileContent content, DateTimeOffset now, Func<DepImportPlan, bool>? confirm,
            bool confirmMayPrompt, Action<IReadOnlyList<DepWarning>>? beforeWrite, bool warningsAsk, bool sayMoreToFollow = false, ChangeOrigin? origin = null,
            bool mdmServerForced = false, bool skipInvalidEntries = false)
        {
            origin ??= DefaultOrigin;
            var summary = new DepImportSummary
            {
                Source = content.Source, Format = content.Format, Devices = content.Entries.Count, Skipped = content.Skipped,
                MoreToFollow = content.MoreToFollow, Cursor = content.Cursor,
            };
            // The failed entries left out under -SkipInvalidRows: the file's own, then the plan's (PlanLeavingOutFailures).
            var leftOut = new List<BmgException>();
            if (content.Errors.Count != 0)
            {
                if (!skipInvalidEntries || !content.OnlyEntriesFailed)
                {
                    summary.Failed = content.Errors.Count;
                    return new DepImportResult(summary, content.Errors, DepWarning.Said(content.Warnings).ToList(), content.FileErrors);
                }

                leftOut.AddRange(content.Errors);
                content.LeaveOutFailedEntries();
            }

            // The file's own warning, said with the others (before the write under -WarningAction Stop): the caller asks for it
            // when no later file of its command may continue the page (DepDeviceFile.MoreToFollowWarning).
            if (sayMoreToFollow && content.MoreToFollow)
            {
                content.Warnings.Add(DepDeviceFile.MoreToFollowWarning(content.Source, content.Cursor));
            }

            // Asked (-Confirm's prompt, -WhatIf) before the store's write lock is taken, and planned again once it is held
            // (ConfirmedChange), as Remove-BmgDepDevice and Set-BmgDepProfile do: a prompt left open must not block every
            // other writer, and what is written is what the file does to the store as it is by then. A warning that asks
            // (warningsAsk) is such a prompt too.
            bool applied = false;
            DepImportPlan plan = ConfirmedChange.Run(store,
                () => skipInvalidEntries ? PlanLeavingOutFailures(store, content, now, mdmServerForced, leftOut) : Plan(store, content, now, mdmServerForced),
                p => p.Errors.Count == 0,
                p =>
                {
                    if (warningsAsk)
                    {
                        beforeWrite?.Invoke(WrittenFileWarnings(content, p));
                    }

                    return confirm == null || confirm(p);
                },
                p =>
                {
                    if (!warningsAsk)
                    {
                        beforeWrite?.Invoke(WrittenFileWarnings(content, p));
                    }

                    Apply(store, p, now, origin);
                    applied = true;
                },
                (confirmMayPrompt && confirm != null) || (warningsAsk && beforeWrite != null));
            if (plan.Errors.Count != 0)
            {
                summary.Failed = plan.Errors.Count;
                return new DepImportResult(summary, plan.Errors, DepWarning.Said(content.Warnings).ToList());
            }

            summary.Failed = leftOut.Count;
            summary.Added = plan.Count(DepAction.Added);
            summary.Updated = plan.Count(DepAction.Updated);
            summary.Unchanged = plan.Count(DepAction.Unchanged);
            summary.Released = plan.Count(DepAction.Released);
            summary.ReleasedNotHeld = plan.Count(DepAction.ReleasedNotHeld);
            summary.Profiles = plan.ProfilesToName.Count + plan.ProfilesNamedOnly.Count;
            summary.UnnamedProfileUuids = plan.UnnamedProfileUuids.ToArray();
            if (!applied)
            {
                summary.WhatIf = true;
                // A dry run (-WhatIf) of several files: the next file is planned against what this one would write (DryRun).
                bool kept = DryRun.KeepsAcceptedFiles(store);
                if (kept)
                {
                    DryRun.Keep(store, () => Apply(store, plan, now, origin));
                }

                return new DepImportResult(summary, leftOut, DepWarning.Said(content.Warnings).ToList()) { KeptInDryRun = kept };
            }

            summary.Committed = true;
            return new DepImportResult(summary, leftOut, WrittenFileWarnings(content, plan));
        }

        /// <summary>
        /// The plan of the file's entries but those that fail in it (-SkipInvalidRows): each failed entry's error goes to
        /// <paramref name="leftOut"/>, the entry out of <paramref name="content"/>, and the rest is planned again, since
        /// an entry left out can change what a later entry of the same serial does. Each round leaves out one entry or more.
        /// </summary>
        private static DepImportPlan PlanLeavingOutFailures(IDeviceStore store, DepFileContent content, DateTimeOffset now, bool mdmServerForced,
            List<BmgException> leftOut)
        {
            DepImportPlan plan = Plan(store, content, now, mdmServerForced);
            while (plan.Errors.Count != 0 && plan.FailedEntries.Count != 0)
            {
                leftOut.AddRange(plan.Errors);
                content.LeaveOut(plan.FailedEntries);
                plan = Plan(store, content, now, mdmServerForced);
            }

            return plan;
        }

        // A written file's warnings: the file's own (an ignored column), then what it does (a release it keeps, a device still to check in).
        private static List<DepWarning> WrittenFileWarnings(DepFileContent content, DepImportPlan plan) => DepWarning.Said(content.Warnings).Concat(plan.Warnings).ToList();

        /// <summary>The origin of a DEP import's history entries when the caller names none.</summary>
        private static readonly ChangeOrigin DefaultOrigin = new ChangeOrigin("Import-BmgDepDevice");

        /// <summary>
        /// Writes the plan, and (issue 15) one history entry for each device whose serial it releases or whose release it undoes
        /// (<see cref="DepImportPlan.DeviceChanges"/>), in the same transaction: the device's row is not written, but what it
        /// checks in with changed, and the entry says when, through which command, and who.
        /// </summary>
        public static void Apply(IDeviceStore store, DepImportPlan plan, DateTimeOffset now, ChangeOrigin origin)
        {
            foreach (KeyValuePair<string, string> profile in plan.ProfilesToName)
            {
                store.SetDepProfileName(profile.Key, profile.Value, now);
            }

            foreach (DepPlannedChange change in plan.Changes)
            {
                if (change.MovesAsOf)
                {
                    // An unchanged row whose data Apple sent anew, later: its one changed column, not a whole row's upsert.
                    store.SetDepDeviceAsOf(change.SerialNumber, change.Proposed.AsOf);
                }
                else if (change.Writes)
                {
                    store.UpsertDepDevice(change.Proposed);
                }
            }

            if (plan.DeviceChanges.Count != 0)
            {
                store.RecordDeviceChanges(plan.DeviceChanges, origin);
            }
        }
    }
}
