using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Times;

namespace BizMobileGo.Core.Dep
{
    // The planning half of DepImport: what a file would do to the store, without writing it.
    public static partial class DepImport
    {
        /// <summary>
        /// What the file would do to the store, in the steps below, each one job: the profile names it sets, the entries replayed
        /// in event order against what the store holds, each serial's change, the stored releases the file keeps or undoes, the
        /// rows of another MDM that release serials, the -MdmServer check, the devices still to check in whose serial is
        /// released, and the devices that adopt a profile uuid by its name. Planned twice around a prompt (<see cref="Import(IDeviceStore, DepFileContent, DateTimeOffset, Func{DepImportPlan, bool}?, bool, Action{IReadOnlyList{string}}?, bool, bool, ChangeOrigin?)"/>),
        /// and by -WhatIf; it writes nothing.
        /// </summary>
        /// <param name="mdmServerForced">-Force: an -MdmServer other than the store's DEP devices' server is imported, warned (<see cref="DepMdmServerChange"/>).</param>
        public static DepImportPlan Plan(IDeviceStore store, DepFileContent content, DateTimeOffset now, bool mdmServerForced = false)
        {
            var plan = new DepImportPlan(content);
            NameProfiles(store, content, plan);
            var known = new KnownDepProfiles(store, content.ProfileNames);
            IReadOnlyList<DepEntry> entries = InEventOrder(content);
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
            EntryReplay replay = ReplayEntries(store, content, now, plan, known, entries, stored);
            // Each serial the plan releases, and how Apple said so: the devices holding them are read in batches at the end.
            var releasing = new List<(string Serial, string Gone)>();
            ListChanges(plan, order, stored, replay.Current, releasing);
            SayOverriddenReleases(content, plan, order, replay, stored);
            if (plan.ReleasedNotHeldWarning() is string notHeld)
            {
                plan.Warnings.Add(DepWarning.Said(notHeld));
            }

            int releasedToOthers = ReleaseSkippedRows(store, content, now, plan, stored, releasing);
            CheckMdmServerNamesNone(content, plan, releasedToOthers);
            DepMdmServerChange.Check(content, plan, order, stored, mdmServerForced);
            ReadReleaseHolders(store, plan, releasing);
            AdoptProfileUuids(store, plan, known, stored);
            plan.ProfilesNamedOnly.AddRange(known.NewNames);
            return plan;
        }

        /// <summary>The profile names the file gives that the store does not hold yet (or holds otherwise).</summary>
        private static void NameProfiles(IDeviceStore store, DepFileContent content, DepImportPlan plan)
        {
            foreach (KeyValuePair<string, string> profile in content.ProfileNames)
            {
                if (store.GetDepProfileName(profile.Key) != profile.Value)
                {
                    plan.ProfilesToName[profile.Key] = profile.Value;
                }
            }
        }

        /// <summary>A sync response is a series of events: the latest op_date wins (the sort is stable for equal dates). A list is as it is.</summary>
        private static IReadOnlyList<DepEntry> InEventOrder(DepFileContent content) => content.IsSync
            ? content.Entries.OrderBy(e => e.OpDate ?? DateTimeOffset.MinValue).ThenBy(e => e.Position).ToList()
            : content.Entries;

        /// <summary>
        /// What replaying the entries leaves: each serial's DEP device (<see cref="Current"/>), and, once a serial, the entries
        /// older than what the store holds (<see cref="DepEntryTimes"/>) that would re-add a released serial (<see cref="Kept"/>)
        /// or change an active one (<see cref="Stale"/>), and the stored releases a file without a time undoes (<see cref="Reactivated"/>).
        /// </summary>
        private sealed class EntryReplay
        {
            public EntryReplay(Dictionary<string, DepDevice?> stored)
            {
                Current = new Dictionary<string, DepDevice?>(stored, StringComparer.Ordinal);
            }

            public Dictionary<string, DepDevice?> Current { get; }
            public Dictionary<string, DepReleaseOverride> Kept { get; } = new Dictionary<string, DepReleaseOverride>(StringComparer.Ordinal);
            public Dictionary<string, DepStaleEntry> Stale { get; } = new Dictionary<string, DepStaleEntry>(StringComparer.Ordinal);
            public Dictionary<string, DepReleaseOverride> Reactivated { get; } = new Dictionary<string, DepReleaseOverride>(StringComparer.Ordinal);
        }

        /// <summary>
        /// Applies the entries, in order, to what the store holds: a deletion releases the serial, any other entry sets the DEP
        /// device's fields; a profile uuid the entry names that has no name is the entry's error, added to the plan. An entry
        /// older than what the store held before this file (<see cref="DepEntryTimes.IsOlder"/>; not one of the file's own events) changes nothing.
        /// </summary>
        private static EntryReplay ReplayEntries(IDeviceStore store, DepFileContent content, DateTimeOffset now, DepImportPlan plan,
            KnownDepProfiles known, IReadOnlyList<DepEntry> entries, Dictionary<string, DepDevice?> stored)
        {
            string? ProfileName(string uuid) =>
                content.ProfileNames.TryGetValue(uuid, out string? name) ? name : store.GetDepProfileName(uuid);

            var replay = new EntryReplay(stored);
            Dictionary<string, DepDevice?> current = replay.Current;
            foreach (DepEntry entry in entries)
            {
                DepDevice? state = current[entry.SerialNumber];
                DateTimeOffset? entryTime = DepEntryTimes.EntryTime(entry, content);
                if (state != null && ReferenceEquals(state, stored[entry.SerialNumber]))
                {
                    if (DepEntryTimes.IsOlder(entryTime, state))
                    {
                        NoteOlderEntry(replay, entry, state, entryTime!.Value, s => Applied(s, entry, entryTime, now, ProfileName, known, null));
                        continue;
                    }

                    if (!entry.IsDeletion && state.ReleasedAt is DateTimeOffset storedRelease && entryTime == null)
                    {
                        replay.Reactivated[entry.SerialNumber] = new DepReleaseOverride(entry.SerialNumber, storedRelease, entry, null);
                    }
                }

                current[entry.SerialNumber] = Applied(state, entry, entryTime, now, ProfileName, known,
                    error =>
                    {
                        plan.Errors.Add(DepDeviceFile.EntryError(ErrorIds.InvalidFieldValue, content, entry, error));
                        plan.FailedEntries.Add(entry);
                    });
            }

            return replay;
        }

        /// <summary>
        /// The DEP device <paramref name="entry"/> leaves of <paramref name="state"/> (null: not held): released by a deletion
        /// (a released one stays as it is), else its given fields set and made active; either way as of the entry's time, if it
        /// has one. <paramref name="sayError"/> (null: not said) gets a ProfileName that can't be matched.
        /// </summary>
        private static DepDevice? Applied(DepDevice? state, DepEntry entry, DateTimeOffset? entryTime, DateTimeOffset now,
            Func<string, string?> profileName, KnownDepProfiles known, Action<string>? sayError)
        {
            if (entry.IsDeletion)
            {
                if (state != null && state.ReleasedAt != null)
                {
                    return state;
                }

                DepDevice released = state?.Clone() ?? new DepDevice { SerialNumber = entry.SerialNumber, ImportedAt = now };
                released.ReleasedAt = entry.OpDate ?? now;
                released.AsOf = DepEntryTimes.Later(released.AsOf, entryTime);
                return released;
            }

            DepDevice proposed = state?.Clone() ?? new DepDevice { SerialNumber = entry.SerialNumber };
            proposed.ReleasedAt = null;
            proposed.ImportedAt = now;
            proposed.AsOf = DepEntryTimes.Later(proposed.AsOf, entryTime);
            DepEntryFields.ApplyFields(proposed, entry, profileName);
            if (DepEntryFields.ApplyProfileName(proposed, entry, known) is string error)
            {
                sayError?.Invoke(error);
            }

            return proposed;
        }

        /// <summary>
        /// An entry older than what the store holds for its serial: kept out, and noted when it would have changed something, a
        /// release it would undo as a kept release, a field or a release of an active device as a stale entry (the fields
        /// compared as a change is, with what applying it would give: <paramref name="applied"/>).
        /// </summary>
        private static void NoteOlderEntry(EntryReplay replay, DepEntry entry, DepDevice state, DateTimeOffset entryTime, Func<DepDevice, DepDevice?> applied)
        {
            if (state.ReleasedAt is DateTimeOffset storedRelease)
            {
                if (!entry.IsDeletion)
                {
                    replay.Kept[entry.SerialNumber] = new DepReleaseOverride(entry.SerialNumber, storedRelease, entry, entryTime);
                }

                return;
            }

            DepDevice after = applied(state)!;
            var fields = new List<string>();
            if (after.ReleasedAt != null)
            {
                fields.Add(nameof(DepDevice.ReleasedAt));
            }
            else
            {
                DepEntryFields.Diff(state, after, fields);
            }

            if (fields.Count != 0)
            {
                replay.Stale[entry.SerialNumber] = new DepStaleEntry(entry.SerialNumber, DepEntryTimes.StoredTime(state)!.Value, entry, entryTime, fields);
            }
        }

        /// <summary>
        /// Each serial's change, in the order the file first names it (stored before, current after): Added, Updated with the
        /// fields that change, Unchanged, or Released; the releases go to <paramref name="releasing"/> with how Apple said so, and
        /// a profile uuid no name is known for to the plan's unnamed ones.
        /// </summary>
        private static void ListChanges(DepImportPlan plan, List<string> order, Dictionary<string, DepDevice?> stored,
            Dictionary<string, DepDevice?> current, List<(string Serial, string Gone)> releasing)
        {
            foreach (string serial in order)
            {
                DepDevice? before = stored[serial];
                DepDevice after = current[serial]!;
                bool wasActive = before != null && before.ReleasedAt == null;
                DepAction action;
                var changes = new List<string>();
                if (after.ReleasedAt != null)
                {
                    action = wasActive ? DepAction.Released : before == null ? DepAction.ReleasedNotHeld : DepAction.Unchanged;
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

                // Newer data from Apple that changes no field still moves the time the stored fields are as of, or an entry
                // between the two times, imported later, would count as newer than them; the row is otherwise left as stored.
                bool movesAsOf = action == DepAction.Unchanged && before != null && after.AsOf != before.AsOf;
                if (movesAsOf)
                {
                    DepDevice asOfOnly = before!.Clone();
                    asOfOnly.AsOf = after.AsOf;
                    after = asOfOnly;
                }

                plan.Changes.Add(new DepPlannedChange(serial, action, after, changes, before?.ReleasedAt) { MovesAsOf = movesAsOf });
                // A serial the store did not hold may still be a device record's Serial (set before Apple's list was imported).
                if ((action == DepAction.Released || action == DepAction.ReleasedNotHeld) && after.ReleasedAt is DateTimeOffset released)
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
        }

        /// <summary>
        /// The entries older than what the store holds (a kept release said a serial, the other stale entries together), and the
        /// stored releases a file without a time undoes, each serial once, in the file's order.
        /// </summary>
        private static void SayOverriddenReleases(DepFileContent content, DepImportPlan plan, List<string> order, EntryReplay replay,
            Dictionary<string, DepDevice?> stored)
        {
            foreach (string serial in replay.Kept.Count + replay.Stale.Count + replay.Reactivated.Count == 0 ? new List<string>() : order)
            {
                // A stale entry followed by the file's own newer one changes the serial after all: only the one that counts is said.
                bool active = replay.Current[serial]!.ReleasedAt == null;
                if (replay.Kept.TryGetValue(serial, out DepReleaseOverride? keptRelease) && !active)
                {
                    plan.KeptReleases.Add(keptRelease);
                    plan.Warnings.Add(DepWarning.Said(keptRelease.KeptWarning(content.Source)));
                }

                if (replay.Stale.TryGetValue(serial, out DepStaleEntry? stale) && ReferenceEquals(replay.Current[serial], stored[serial]))
                {
                    plan.KeptAsStored.Add(stale);
                }

                if (replay.Reactivated.TryGetValue(serial, out DepReleaseOverride? undone) && active)
                {
                    plan.Reactivated.Add(undone);
                    plan.Warnings.Add(DepWarning.ReleaseUndone(undone, content.Source));
                }
            }

            if (plan.KeptAsStoredWarning() is string keptAsStored)
            {
                plan.Warnings.Add(DepWarning.Said(keptAsStored));
            }
        }

        /// <summary>
        /// -MdmServer names none of the list's servers: a list that assigns nothing to this MDM any more releases the DEP devices
        /// it now gives to other servers; if the store holds none of them, the name is most likely wrong, and the file is refused.
        /// </summary>
        private static void CheckMdmServerNamesNone(DepFileContent content, DepImportPlan plan, int releasedToOthers)
        {
            if (content.MdmServerNamesNone is DepMdmServerNamesNone namesNone)
            {
                if (releasedToOthers == 0)
                {
                    throw namesNone.Refusal;
                }

                plan.Warnings.Add(DepWarning.Said(namesNone.Warning(content.Source, releasedToOthers)));
            }
        }

        /// <summary>
        /// Devices known only by a name adopt the uuid of the one profile now having it (DepProfileAdoptions), read once for
        /// every profile the file names, not once a profile; a serial the file itself names is left to its entry.
        /// </summary>
        private static void AdoptProfileUuids(IDeviceStore store, DepImportPlan plan, KnownDepProfiles known, Dictionary<string, DepDevice?> stored)
        {
            var adopting = new HashSet<string>(stored.Keys, StringComparer.Ordinal);
            IReadOnlyList<DepDevice> knownOnlyByName = plan.ProfilesToName.Count == 0 ? Array.Empty<DepDevice>() : DepProfileAdoptions.KnownOnlyByName(store);
            foreach (KeyValuePair<string, string> named in plan.ProfilesToName)
            {
                DepProfileAdoptions adoptions = DepProfileAdoptions.OfNaming(knownOnlyByName, known, named.Key, named.Value, store.GetDepProfileName(named.Key));
                foreach (DepDevice adopted in adoptions.All)
                {
                    if (adopting.Add(adopted.SerialNumber))
                    {
                        plan.Changes.Add(new DepPlannedChange(adopted.SerialNumber, DepAction.Updated, adopted, new[] { nameof(DepDevice.ProfileUuid) }, adopted.ReleasedAt));
                    }
                }
            }
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
                plan.Changes.Add(new DepPlannedChange(row.SerialNumber, DepAction.Released, released, Array.Empty<string>(), before.ReleasedAt));
                releasing.Add((row.SerialNumber, $"which Apple Business Manager's device list '{content.Source}' shows as {row.ShownAs} ({row.Where})"));
                toOtherServers += row.OtherServer ? 1 : 0;
            }

            return toOtherServers;
        }

        /// <summary>Released serials whose devices are read in one batched read (<see cref="IDeviceRecordStore.FindDevicesBySerial"/>).</summary>
        internal const int ReleasedSerialsPerRead = 1000;

        /// <summary>
        /// The devices whose serial the file releases (or whose release it undoes), read a chunk of serials at a time (the plan is
        /// made under the store's write lock; on a server store, one round trip each), not one read a serial, for two things:
        /// each such device's history entry (issue 15: DEP releases that affect a device; <see cref="DepImportPlan.DeviceChanges"/>),
        /// and, as Remove-BmgDepDevice warns (DepInventory.Remove), the warning for a device still to check in through DEP whose
        /// serial is released: the nightly refresh must not leave the kitting team to find out at setup. Both keep the plan's order.
        /// </summary>
        private static void ReadReleaseHolders(IDeviceStore store, DepImportPlan plan, List<(string Serial, string Gone)> releasing)
        {
            var gone = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach ((string serial, string how) in releasing)
            {
                gone.TryAdd(serial, how);
            }

            List<DepPlannedChange> changing = plan.Changes.Where(c => c.ChangesRelease).ToList();
            for (int start = 0; start < changing.Count; start += ReleasedSerialsPerRead)
            {
                List<DepPlannedChange> chunk = changing.GetRange(start, Math.Min(ReleasedSerialsPerRead, changing.Count - start));
                var holders = new Dictionary<string, Devices.Device>(StringComparer.Ordinal);
                foreach (Devices.Device device in store.FindDevicesBySerial(chunk.ConvertAll(c => c.SerialNumber)))
                {
                    if (device.Serial != null)
                    {
                        holders[device.Serial] = device;
                    }
                }

                foreach (DepPlannedChange change in chunk)
                {
                    Devices.Device? holder = holders.TryGetValue(change.SerialNumber, out Devices.Device? found) ? found : null;
                    if (holder != null)
                    {
                        plan.DeviceChanges.Add(DeviceFieldChanges.DepRelease(holder, change.ReleasedBefore, change.Proposed.ReleasedAt));
                    }

                    if (gone.TryGetValue(change.SerialNumber, out string? how)
                        && DepWarning.SerialLeft(store, holder, change.SerialNumber, how) is DepWarning warning)
                    {
                        plan.Warnings.Add(warning);
                    }
                }
            }
        }
    }
}
