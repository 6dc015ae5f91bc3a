using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Times;

namespace BizMobileGo.Core.Dep
{
    /// <summary>
    /// Applies a DEP file to the store. Absent fields stay as stored, blank ones clear; a sync response's
    /// entries apply in op_date order, and op_type deleted releases the serial. A file is all or nothing.
    /// </summary>
    public static class DepImport
    {
        /// <param name="cancellation">Ends the wait of a FIFO for its writer (<see cref="DepDeviceFile.Read"/>).</param>
        /// <param name="mdmServer">Which Assigned MDM Server of Apple Business Manager's list is this MDM (<see cref="DepDeviceFile.Read"/>).</param>
        /// <param name="confirmMayPrompt">False when <paramref name="confirm"/> can't prompt: the file is then planned once, under the write lock (<see cref="ConfirmedChange"/>).</param>
        public static DepImportResult Import(IDeviceStore store, string path, DateTimeOffset now, Func<DepImportPlan, bool>? confirm = null, CancellationToken cancellation = default,
            string? mdmServer = null, bool confirmMayPrompt = true)
        {
            DepFileContent content = DepDeviceFile.Read(path, cancellation, mdmServer);
            var summary = new DepImportSummary { Source = path, Format = content.Format, Devices = content.Entries.Count, Skipped = content.Skipped };
            if (content.Errors.Count != 0)
            {
                summary.Failed = content.Errors.Count;
                return new DepImportResult(summary, content.Errors, content.Warnings);
            }

            // Asked (-Confirm's prompt, -WhatIf) before the store's write lock is taken, and planned again once it is held
            // (ConfirmedChange), as Remove-BmgDepDevice and Set-BmgDepProfile do: a prompt left open must not block every
            // other writer, and what is written is what the file does to the store as it is by then.
            bool applied = false;
            DepImportPlan plan = ConfirmedChange.Run(store,
                () => Plan(store, content, now),
                p => p.Errors.Count == 0,
                p => confirm == null || confirm(p),
                p =>
                {
                    Apply(store, p, now);
                    applied = true;
                },
                confirmMayPrompt && confirm != null);
            if (plan.Errors.Count != 0)
            {
                summary.Failed = plan.Errors.Count;
                return new DepImportResult(summary, plan.Errors, content.Warnings);
            }

            summary.Added = plan.Count(DepAction.Added);
            summary.Updated = plan.Count(DepAction.Updated);
            summary.Unchanged = plan.Count(DepAction.Unchanged);
            summary.Released = plan.Count(DepAction.Released);
            summary.Profiles = plan.ProfilesToName.Count;
            summary.UnnamedProfileUuids = plan.UnnamedProfileUuids.ToArray();
            if (!applied)
            {
                summary.WhatIf = true;
                // A dry run (-WhatIf) of several files: the next file is planned against what this one would write (DryRun).
                bool kept = DryRun.KeepsAcceptedFiles(store);
                if (kept)
                {
                    DryRun.Keep(store, () => Apply(store, plan, now));
                }

                return new DepImportResult(summary, Array.Empty<BmgException>(), content.Warnings) { KeptInDryRun = kept };
            }

            summary.Committed = true;
            return new DepImportResult(summary, Array.Empty<BmgException>(), content.Warnings.Concat(plan.Warnings).ToList());
        }

        public static DepImportPlan Plan(IDeviceStore store, DepFileContent content, DateTimeOffset now)
        {
            var plan = new DepImportPlan(content);
            foreach (KeyValuePair<string, string> profile in content.ProfileNames)
            {
                if (store.GetDepProfileName(profile.Key) != profile.Value)
                {
                    plan.ProfilesToName[profile.Key] = profile.Value;
                }
            }

            string? ProfileName(string uuid) =>
                content.ProfileNames.TryGetValue(uuid, out string? name) ? name : store.GetDepProfileName(uuid);

            // A sync response is a series of events: the latest op_date wins (the sort is stable for equal dates).
            IReadOnlyList<DepEntry> entries = content.IsSync
                ? content.Entries.OrderBy(e => e.OpDate ?? DateTimeOffset.MinValue).ThenBy(e => e.Position).ToList()
                : content.Entries;
            var known = new KnownDepProfiles(store, content.ProfileNames);
            // Each serial's first place among the entries, and what the store holds for it, read in batches.
            var order = new List<string>();
            var stored = new Dictionary<string, DepDevice?>(StringComparer.Ordinal);
            foreach (DepEntry entry in entries)
            {
                if (stored.TryAdd(entry.SerialNumber, null))
                {
                    order.Add(entry.SerialNumber);
                }
            }

            ReadStored(store, order, stored);
            var current = new Dictionary<string, DepDevice?>(stored, StringComparer.Ordinal);
            // Each serial the plan releases, and how Apple said so: the devices holding them are read in batches at the end.
            var releasing = new List<(string Serial, string Gone)>();
            // Each stored-released serial a stale entry would re-add, or a file without a time re-adds: said once a serial.
            var kept = new Dictionary<string, DepReleaseOverride>(StringComparer.Ordinal);
            var reactivated = new Dictionary<string, DepReleaseOverride>(StringComparer.Ordinal);
            foreach (DepEntry entry in entries)
            {
                DepDevice? state = current[entry.SerialNumber];
                // A release the store held before this file (not one of the file's own events) is undone only by a newer entry.
                if (!entry.IsDeletion && state?.ReleasedAt is DateTimeOffset storedRelease && ReferenceEquals(state, stored[entry.SerialNumber]))
                {
                    DateTimeOffset? entryTime = DepReleaseTimes.EntryTime(entry, content);
                    if (DepReleaseTimes.KeepsRelease(entryTime, storedRelease))
                    {
                        kept[entry.SerialNumber] = new DepReleaseOverride(entry.SerialNumber, storedRelease, entry, entryTime);
                        continue;
                    }

                    if (entryTime == null)
                    {
                        reactivated[entry.SerialNumber] = new DepReleaseOverride(entry.SerialNumber, storedRelease, entry, null);
                    }
                }

                if (entry.IsDeletion)
                {
                    if (state == null || state.ReleasedAt == null)
                    {
                        DepDevice released = state?.Clone() ?? new DepDevice { SerialNumber = entry.SerialNumber, ImportedAt = now };
                        released.ReleasedAt = entry.OpDate ?? now;
                        current[entry.SerialNumber] = released;
                    }

                    continue;
                }

                DepDevice proposed = state?.Clone() ?? new DepDevice { SerialNumber = entry.SerialNumber };
                proposed.ReleasedAt = null;
                proposed.ImportedAt = now;
                DepEntryFields.ApplyFields(proposed, entry, ProfileName);
                if (DepEntryFields.ApplyProfileName(proposed, entry, known) is string error)
                {
                    plan.Errors.Add(DepDeviceFile.EntryError(ErrorIds.InvalidFieldValue, content.Source, entry.Where, error, entry.SerialNumber));
                }

                current[entry.SerialNumber] = proposed;
            }

            foreach (string serial in order)
            {
                DepDevice? before = stored[serial];
                DepDevice after = current[serial]!;
                bool wasActive = before != null && before.ReleasedAt == null;
                DepAction action;
                var changes = new List<string>();
                if (after.ReleasedAt != null)
                {
                    action = wasActive || before == null ? DepAction.Released : DepAction.Unchanged;
                }
                else if (!wasActive)
                {
                    action = DepAction.Added;
                }
                else
                {
                    DepEntryFields.Diff(before!, after, changes);
                    action = changes.Count == 0 ? DepAction.Unchanged : DepAction.Updated;
                }

                plan.Changes.Add(new DepPlannedChange(serial, action, after, changes));
                if (action == DepAction.Released && after.ReleasedAt is DateTimeOffset released)
                {
                    // Only this file's own op_type 'deleted' entry releases here (a release the store held before is Unchanged, and
                    // op_type is read from a sync response alone), so this source is known, unlike DepDevice.ReleasedBecause's:
                    // rows an Apple Business Manager list skips are released with their own words (ReleaseSkippedRows).
                    releasing.Add((serial, $"which Apple released on {ShownTime.ToText(released)} (a sync response's op_type 'deleted')"));
                }

                if (after.ReleasedAt == null && after.ProfileUuid != null && after.ProfileName == null
                    && !plan.UnnamedProfileUuids.Contains(after.ProfileUuid, StringComparer.OrdinalIgnoreCase))
                {
                    plan.UnnamedProfileUuids.Add(after.ProfileUuid);
                }
            }

            foreach (string serial in kept.Count + reactivated.Count == 0 ? new List<string>() : order)
            {
                // A stale entry followed by the file's own newer one re-adds the serial after all: only the one that counts is said.
                bool active = current[serial]!.ReleasedAt == null;
                if (kept.TryGetValue(serial, out DepReleaseOverride? keptRelease) && !active)
                {
                    plan.KeptReleases.Add(keptRelease);
                    plan.Warnings.Add(keptRelease.KeptWarning(content.Source));
                }

                if (reactivated.TryGetValue(serial, out DepReleaseOverride? undone) && active)
                {
                    plan.Reactivated.Add(undone);
                    plan.Warnings.Add(undone.ReactivatedWarning(content.Source));
                }
            }

            int releasedToOthers = ReleaseSkippedRows(store, content, now, plan, stored, releasing);
            if (content.MdmServerNamesNone is DepMdmServerNamesNone namesNone)
            {
                // -MdmServer names none of the list's servers: a list that assigns nothing to this MDM any more releases the
                // DEP devices it now gives to other servers; if the store holds none of them, the name is most likely wrong.
                if (releasedToOthers == 0)
                {
                    throw namesNone.Refusal;
                }

                plan.Warnings.Add(namesNone.Warning(content.Source, releasedToOthers));
            }

            WarnStillToCheckIn(store, plan, releasing);

            // Devices known only by a name adopt the uuid of the one profile now having it (DepProfileAdoptions), read once
            // for every profile the file names, not once a profile.
            var adopting = new HashSet<string>(stored.Keys, StringComparer.Ordinal);
            IReadOnlyList<DepDevice> knownOnlyByName = plan.ProfilesToName.Count == 0 ? Array.Empty<DepDevice>() : DepProfileAdoptions.KnownOnlyByName(store);
            foreach (KeyValuePair<string, string> named in plan.ProfilesToName)
            {
                DepProfileAdoptions adoptions = DepProfileAdoptions.OfNaming(knownOnlyByName, known, named.Key, named.Value, store.GetDepProfileName(named.Key));
                foreach (DepDevice adopted in adoptions.All)
                {
                    if (adopting.Add(adopted.SerialNumber))
                    {
                        plan.Changes.Add(new DepPlannedChange(adopted.SerialNumber, DepAction.Updated, adopted, new[] { nameof(DepDevice.ProfileUuid) }));
                    }
                }
            }

            return plan;
        }

        /// <summary>DEP serials whose stored entries are read in one batched read (<see cref="IDepStore.FindDepDevices"/>).</summary>
        internal const int DepSerialsPerRead = 1000;

        /// <summary>
        /// Fills in what the store holds for each of <paramref name="serials"/> (null: none). The plan is made under the store's
        /// write lock, and a list from Apple Business Manager holds every device the organization owns: read a chunk of serials
        /// at a time (on a server store, one round trip each), not one read a serial, as the released serials' devices are.
        /// </summary>
        private static void ReadStored(IDeviceStore store, List<string> serials, Dictionary<string, DepDevice?> stored)
        {
            for (int start = 0; start < serials.Count; start += DepSerialsPerRead)
            {
                foreach (DepDevice depDevice in store.FindDepDevices(serials.GetRange(start, Math.Min(DepSerialsPerRead, serials.Count - start))))
                {
                    stored[depDevice.SerialNumber] = depDevice;
                }
            }
        }

        /// <summary>
        /// Rows of Apple Business Manager's list skipped as not this MDM's (unassigned, or another server's under -MdmServer) are
        /// Apple's statement about their serials, as a sync response's op_type 'deleted' is: the DEP device the store holds
        /// active for such a serial is released (counted as Released), else its devices would still check in through DEP
        /// after Apple moved them away. A skipped serial the store does not hold as an active DEP device is left alone: the list
        /// holds every device the organization owns, and the others' serials are no business of this MDM. The active DEP
        /// devices are read once for the file, not once a skipped row (the list may skip thousands).
        /// </summary>
        /// <returns>How many of the released serials the list assigns to another MDM server.</returns>
        private static int ReleaseSkippedRows(IDeviceStore store, DepFileContent content, DateTimeOffset now, DepImportPlan plan,
            Dictionary<string, DepDevice?> planned, List<(string Serial, string Gone)> releasing)
        {
            int toOtherServers = 0;
            if (content.SkippedRows.Count == 0)
            {
                return toOtherServers;
            }

            var active = new Dictionary<string, DepDevice>(StringComparer.Ordinal);
            foreach (DepDevice depDevice in store.GetDepDevices())
            {
                if (depDevice.ReleasedAt == null)
                {
                    active[depDevice.SerialNumber] = depDevice;
                }
            }

            foreach (DepSkippedRow row in content.SkippedRows)
            {
                // A serial also given by a row of this MDM is that row's (the list holds a serial once; a hand-edited one may not).
                if (planned.ContainsKey(row.SerialNumber) || !active.TryGetValue(row.SerialNumber, out DepDevice? before))
                {
                    continue;
                }

                planned[row.SerialNumber] = before;
                DepDevice released = before.Clone();
                released.ReleasedAt = now;
                plan.Changes.Add(new DepPlannedChange(row.SerialNumber, DepAction.Released, released, Array.Empty<string>()));
                releasing.Add((row.SerialNumber, $"which Apple Business Manager's device list '{content.Source}' shows as {row.ShownAs} ({row.Where})"));
                toOtherServers += row.OtherServer ? 1 : 0;
            }

            return toOtherServers;
        }

        /// <summary>Released serials whose devices are read in one batched read (<see cref="IDeviceRecordStore.FindDevicesBySerial"/>).</summary>
        internal const int ReleasedSerialsPerRead = 1000;

        /// <summary>
        /// As Remove-BmgDepDevice warns (DepInventory.Remove): the nightly refresh must not leave the kitting team to find out at
        /// setup that a device still to check in through DEP lost its serial. The plan is made under the store's write lock, so
        /// the devices holding the released serials are read a chunk at a time (on a server store, one round trip each), not one
        /// read a serial; the warnings keep the plan's order.
        /// </summary>
        private static void WarnStillToCheckIn(IDeviceStore store, DepImportPlan plan, List<(string Serial, string Gone)> releasing)
        {
            for (int start = 0; start < releasing.Count; start += ReleasedSerialsPerRead)
            {
                List<(string Serial, string Gone)> chunk = releasing.GetRange(start, Math.Min(ReleasedSerialsPerRead, releasing.Count - start));
                var holders = new Dictionary<string, Devices.Device>(StringComparer.Ordinal);
                foreach (Devices.Device device in store.FindDevicesBySerial(chunk.ConvertAll(r => r.Serial)))
                {
                    if (device.Serial != null)
                    {
                        holders[device.Serial] = device;
                    }
                }

                foreach ((string serial, string gone) in chunk)
                {
                    if (DepInventory.StillToCheckInWarning(holders.TryGetValue(serial, out Devices.Device? holder) ? holder : null, serial, gone) is string warning)
                    {
                        plan.Warnings.Add(warning);
                    }
                }
            }
        }

        public static void Apply(IDeviceStore store, DepImportPlan plan, DateTimeOffset now)
        {
            foreach (KeyValuePair<string, string> profile in plan.ProfilesToName)
            {
                store.SetDepProfileName(profile.Key, profile.Value, now);
            }

            foreach (DepPlannedChange change in plan.Changes)
            {
                if (change.Action != DepAction.Unchanged)
                {
                    store.UpsertDepDevice(change.Proposed);
                }
            }
        }
    }
}
