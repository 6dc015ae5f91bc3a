using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Times;
using BizMobileGo.Core.Text;

namespace BizMobileGo.Core.Dep
{
    public enum DepAction
    {
        Added,
        Updated,
        Unchanged,
        Released,
    }

    /// <summary>What a DEP file does to one serial number, computed before anything is written.</summary>
    public sealed class DepPlannedChange
    {
        internal DepPlannedChange(string serialNumber, DepAction action, DepDevice proposed, IReadOnlyList<string> changes)
        {
            SerialNumber = serialNumber;
            Action = action;
            Proposed = proposed;
            Changes = changes;
        }

        public string SerialNumber { get; }
        public DepAction Action { get; }
        public DepDevice Proposed { get; }

        /// <summary>The fields an update changes.</summary>
        public IReadOnlyList<string> Changes { get; }
    }

    /// <summary>The plan of one DEP file: the real import and -WhatIf both use it.</summary>
    public sealed class DepImportPlan
    {
        internal DepImportPlan(DepFileContent content)
        {
            Content = content;
        }

        public DepFileContent Content { get; }
        public List<DepPlannedChange> Changes { get; } = new List<DepPlannedChange>();

        /// <summary>Profile names the file gives that the store does not hold yet (uuid → name).</summary>
        public Dictionary<string, string> ProfilesToName { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Profile uuids that devices of this file are assigned and whose name is not known.</summary>
        public List<string> UnnamedProfileUuids { get; } = new List<string>();

        /// <summary>Entries that can't be applied to what the store holds (a profile name that doesn't say which profile); any refuses the file.</summary>
        public List<BmgException> Errors { get; } = new List<BmgException>();

        /// <summary>
        /// What applying the plan does that someone must hear of: a released serial a device still has to check in with, a
        /// release kept against a stale entry or undone by a file without a time, a list that assigns nothing to -MdmServer.
        /// </summary>
        public List<string> Warnings { get; } = new List<string>();

        /// <summary>Serials the store holds released that a stale entry (not later than the release) would have re-added: they stay released.</summary>
        public List<DepReleaseOverride> KeptReleases { get; } = new List<DepReleaseOverride>();

        /// <summary>Serials the store holds released that the file re-adds without a time of its own to show it is newer (<see cref="DepReleaseTimes"/>).</summary>
        public List<DepReleaseOverride> Reactivated { get; } = new List<DepReleaseOverride>();

        public int Count(DepAction action) => Changes.Count(c => c.Action == action);

        /// <summary>A readable account of the plan, for -WhatIf and -Confirm.</summary>
        public string Describe()
        {
            var parts = new List<string>();
            void Add(DepAction action, string verb, Func<DepPlannedChange, string> item)
            {
                List<DepPlannedChange> of = Changes.Where(c => c.Action == action).ToList();
                if (of.Count != 0)
                {
                    const int Shown = 10;
                    string list = string.Join(", ", of.Take(Shown).Select(item)) + (of.Count > Shown ? $", and {of.Count - Shown} more" : "");
                    parts.Add($"{verb} {of.Count} ({list})");
                }
            }

            Add(DepAction.Added, "add", c => c.SerialNumber);
            Add(DepAction.Updated, "change", c => $"{c.SerialNumber}: {string.Join(", ", c.Changes)}");
            Add(DepAction.Released, "release", c => c.SerialNumber);
            void Said(List<DepReleaseOverride> of, string verb, string why)
            {
                if (of.Count != 0)
                {
                    const int Shown = 10;
                    parts.Add($"{verb} {EnglishWords.Amount(of.Count, "released serial")} ({string.Join("; ", of.Take(Shown).Select(o => o.Brief))}{(of.Count > Shown ? $"; and {of.Count - Shown} more" : "")}: {why})");
                }
            }

            Said(Reactivated, "reactivate", "the file has no time of its own to show it is newer than the release");
            Said(KeptReleases, "keep", "the file's entries are older than the release, so it stays");
            int unchanged = Count(DepAction.Unchanged);
            if (unchanged != 0)
            {
                parts.Add($"leave {unchanged} unchanged");
            }

            if (Content.Skipped != 0)
            {
                parts.Add(Content.MdmServerNamesNone is DepMdmServerNamesNone none
                    ? $"skip {EnglishWords.Amount(Content.Skipped, "row")}, none assigned to this MDM (-MdmServer '{none.MdmServer}' names none of the list's servers: {none.Servers})"
                    : $"skip {EnglishWords.Amount(Content.Skipped, "row")} not assigned to this MDM");
            }

            if (ProfilesToName.Count != 0)
            {
                parts.Add($"name {EnglishWords.Amount(ProfilesToName.Count, "profile")} ({string.Join(", ", ProfilesToName.Select(p => $"{p.Key} = '{p.Value}'"))})");
            }

            return parts.Count == 0 ? "no DEP devices or profiles" : string.Join("; ", parts);
        }
    }

    /// <summary>The outcome of importing one DEP file.</summary>
    public sealed class DepImportSummary
    {
        public string Source { get; internal set; } = "";

        /// <summary>The file's shape: Apple device response, Apple profile response, Apple Business Manager CSV or CSV.</summary>
        public string Format { get; internal set; } = "";

        /// <summary>Device entries in the file (a sync response may have several for one serial).</summary>
        public int Devices { get; internal set; }

        public int Added { get; internal set; }
        public int Updated { get; internal set; }
        public int Unchanged { get; internal set; }
        public int Released { get; internal set; }

        /// <summary>Entries that could not be read; any makes the whole file refused.</summary>
        public int Failed { get; internal set; }

        /// <summary>Rows of Apple Business Manager's list that are not DEP devices of this MDM: unassigned, or another server's (-MdmServer).</summary>
        public int Skipped { get; internal set; }

        /// <summary>Profiles the file named (new or renamed).</summary>
        public int Profiles { get; internal set; }

        /// <summary>True when the file's changes were written; false for -WhatIf and a refused file.</summary>
        public bool Committed { get; internal set; }

        public bool WhatIf { get; internal set; }

        /// <summary>Profile uuids assigned to this file's devices whose name is not known yet.</summary>
        public string[] UnnamedProfileUuids { get; internal set; } = new string[0];

        public override string ToString() => string.Format(CultureInfo.InvariantCulture,
            "{0}: {1} added, {2} updated, {3} unchanged, {4} released, {5} failed", Source, Added, Updated, Unchanged, Released, Failed);
    }

    /// <summary>A DEP file's summary, and the errors of the entries that made it refused.</summary>
    public sealed class DepImportResult
    {
        internal DepImportResult(DepImportSummary summary, IReadOnlyList<BmgException> errors, IReadOnlyList<string> warnings)
        {
            Summary = summary;
            Errors = errors;
            Warnings = warnings;
        }

        public DepImportSummary Summary { get; }
        public IReadOnlyList<BmgException> Errors { get; }

        /// <summary>
        /// A dry run's file whose changes the dry run's store now holds (<see cref="Store.DryRun"/>): the command's later files,
        /// and its look-ups at the end, see them as the real run's would.
        /// </summary>
        public bool KeptInDryRun { get; internal set; }

        /// <summary>
        /// Said once for the file: the rows it skipped (whatever became of it), and, once its changes are written, each device
        /// still to check in through DEP whose serial it released.
        /// </summary>
        public IReadOnlyList<string> Warnings { get; }
    }

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
                ApplyFields(proposed, entry, ProfileName);
                if (ApplyProfileName(proposed, entry, known) is string error)
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
                    Diff(before!, after, changes);
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

        private static readonly Dictionary<DepField, Action<DepDevice, string?>> Setters = new Dictionary<DepField, Action<DepDevice, string?>>
        {
            [DepField.Model] = (d, v) => d.Model = v,
            [DepField.Description] = (d, v) => d.Description = v,
            [DepField.Color] = (d, v) => d.Color = v,
            [DepField.AssetTag] = (d, v) => d.AssetTag = v,
            [DepField.OS] = (d, v) => d.OS = v,
            [DepField.DeviceFamily] = (d, v) => d.DeviceFamily = v,
            [DepField.ProfileStatus] = (d, v) => d.ProfileStatus = v,
            [DepField.ProfileAssignTime] = (d, v) => d.ProfileAssignTime = Date(v),
            [DepField.ProfilePushTime] = (d, v) => d.ProfilePushTime = Date(v),
            [DepField.DeviceAssignedDate] = (d, v) => d.DeviceAssignedDate = Date(v),
            [DepField.DeviceAssignedBy] = (d, v) => d.DeviceAssignedBy = v,
        };

        private static void ApplyFields(DepDevice device, DepEntry entry, Func<string, string?> profileName)
        {
            foreach (KeyValuePair<DepField, string?> given in entry.Given)
            {
                if (Setters.TryGetValue(given.Key, out Action<DepDevice, string?>? set))
                {
                    set(device, given.Value);
                }
            }

            // A uuid is the profile and takes the name known for it (a ProfileName beside it named that uuid when
            // the file was read). An empty uuid cell with a name beside it leaves a profile known only by that name.
            if (entry.Given.TryGetValue(DepField.ProfileUuid, out string? uuid))
            {
                device.ProfileUuid = uuid;
                device.ProfileName = uuid == null ? null : profileName(uuid);
                if (uuid == null && entry.Given.TryGetValue(DepField.ProfileName, out string? beside))
                {
                    device.ProfileName = beside;
                }
            }
        }

        /// <summary>
        /// A ProfileName without a ProfileUuid column (the module's CSV) names the profile the device should have.
        /// Profile names are not keys (two of Apple's profiles may share one), uuids are: the name is matched
        /// against the profiles known by uuid, so Apple's uuid is not lost. The error's text, or null.
        /// </summary>
        private static string? ApplyProfileName(DepDevice device, DepEntry entry, KnownDepProfiles known)
        {
            if (entry.Given.ContainsKey(DepField.ProfileUuid) || !entry.Given.TryGetValue(DepField.ProfileName, out string? name))
            {
                return null;
            }

            if (name == null)
            {
                // An empty cell: no profile.
                device.ProfileUuid = null;
                device.ProfileName = null;
                return null;
            }

            if (string.Equals(device.ProfileName, name, StringComparison.Ordinal))
            {
                // The profile the device already has (its uuid's name, or the name alone): it stays as it is.
                return null;
            }

            IReadOnlyList<string> uuids = known.UuidsNamed(name);
            if (uuids.Count > 1)
            {
                return $"ProfileName '{name}' is not valid: {uuids.Count} DEP profiles have this name ({string.Join(", ", uuids)}); add a ProfileUuid column to say which";
            }

            if (uuids.Count == 0 && known.SpelledOtherwise(name) is { Count: > 0 } spellings)
            {
                // Names are compared exactly, so 'sales iphones' would be a new profile known only by that name: the
                // device would lose Apple's uuid and Get-BmgDepProfile would list the profile twice. Almost surely a typo.
                return $"ProfileName '{name}' is not valid: no DEP profile has this name, and names are compared exactly (case-sensitive); " +
                    $"{string.Join(", ", spellings)} differ{(spellings.Count == 1 ? "s" : "")} only in case: write the name as the profile has it";
            }

            if (uuids.Count == 0 && device.ProfileUuid != null && device.ProfileName == null)
            {
                // The device's uuid has no name yet: the name may be that profile's or another's, and replacing
                // the uuid by a bare name would lose Apple's assignment.
                return $"ProfileName '{name}' can't be matched: the device is assigned the DEP profile {device.ProfileUuid}, whose name is not known, " +
                    $"and no known profile has this name; name that profile first (Import-BmgDepDevice with Apple's profile response, or Set-BmgDepProfile -Uuid {device.ProfileUuid} -Name <name>), or add a ProfileUuid column";
            }

            // One known profile of that name: the device is assigned it. None: a profile known only by its name, whose
            // spelling later rows keep.
            if (uuids.Count == 0)
            {
                known.NoteNameOnly(name, entry.Where);
            }

            device.ProfileUuid = uuids.Count == 1 ? uuids[0] : null;
            device.ProfileName = name;
            return null;
        }

        private static DateTimeOffset? Date(string? text) =>
            text != null && DepFileDate.TryParse(text, out DateTimeOffset date) ? date : (DateTimeOffset?)null;

        private static void Diff(DepDevice before, DepDevice after, List<string> changes)
        {
            void Compare(string field, object? a, object? b)
            {
                if (!Equals(a, b))
                {
                    changes.Add(field);
                }
            }

            Compare(nameof(DepDevice.Model), before.Model, after.Model);
            Compare(nameof(DepDevice.Description), before.Description, after.Description);
            Compare(nameof(DepDevice.Color), before.Color, after.Color);
            Compare(nameof(DepDevice.AssetTag), before.AssetTag, after.AssetTag);
            Compare(nameof(DepDevice.OS), before.OS, after.OS);
            Compare(nameof(DepDevice.DeviceFamily), before.DeviceFamily, after.DeviceFamily);
            Compare(nameof(DepDevice.ProfileStatus), before.ProfileStatus, after.ProfileStatus);
            Compare(nameof(DepDevice.ProfileUuid), before.ProfileUuid?.ToUpperInvariant(), after.ProfileUuid?.ToUpperInvariant());
            Compare(nameof(DepDevice.ProfileName), before.ProfileName, after.ProfileName);
            Compare(nameof(DepDevice.ProfileAssignTime), before.ProfileAssignTime, after.ProfileAssignTime);
            Compare(nameof(DepDevice.ProfilePushTime), before.ProfilePushTime, after.ProfilePushTime);
            Compare(nameof(DepDevice.DeviceAssignedDate), before.DeviceAssignedDate, after.DeviceAssignedDate);
            Compare(nameof(DepDevice.DeviceAssignedBy), before.DeviceAssignedBy, after.DeviceAssignedBy);
        }
    }
}
