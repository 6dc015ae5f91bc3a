using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Text;

namespace BizMobileGo.Core.Dep
{
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

        /// <summary>
        /// The names no profile had that a ProfileName column (without ProfileUuid: the module's CSV) gives: each a profile
        /// known only by that name from now on, as Get-BmgDepProfile lists it. Counted in the summary's Profiles beside
        /// <see cref="ProfilesToName"/> (desk45: the module's CSV said "Profiles 0" and then Get-BmgDepProfile listed its profiles).
        /// </summary>
        public List<string> ProfilesNamedOnly { get; } = new List<string>();

        /// <summary>Profile uuids that devices of this file are assigned and whose name is not known.</summary>
        public List<string> UnnamedProfileUuids { get; } = new List<string>();

        /// <summary>Entries that can't be applied to what the store holds (a profile name that doesn't say which profile); any refuses the file.</summary>
        public List<BmgException> Errors { get; } = new List<BmgException>();

        /// <summary>The entries of <see cref="Errors"/>, each its own: what -SkipInvalidRows leaves out before it plans again.</summary>
        internal HashSet<DepEntry> FailedEntries { get; } = new HashSet<DepEntry>();

        /// <summary>
        /// What applying the plan does that someone must hear of: a released serial a device still has to check in with, a
        /// release kept against a stale entry or undone by a file without a time, a list that assigns nothing to -MdmServer.
        /// Those each of many devices gets carry the kind a command says once for all of them (<see cref="DepWarning.Kind"/>).
        /// </summary>
        public List<DepWarning> Warnings { get; } = new List<DepWarning>();

        /// <summary>Serials the store holds released that a stale entry (not later than the release) would have re-added: they stay released.</summary>
        public List<DepReleaseOverride> KeptReleases { get; } = new List<DepReleaseOverride>();

        /// <summary>
        /// Active serials an entry older than what the store holds would have changed (<see cref="DepEntryTimes.IsOlder"/>): they stay
        /// as stored, counted Unchanged.
        /// </summary>
        public List<DepStaleEntry> KeptAsStored { get; } = new List<DepStaleEntry>();

        /// <summary>Serials the store holds released that the file re-adds without a time of its own to show it is newer (<see cref="DepEntryTimes"/>).</summary>
        public List<DepReleaseOverride> Reactivated { get; } = new List<DepReleaseOverride>();

        /// <summary>
        /// The history entries of the devices whose serial the file releases or whose release it undoes (their rows stay as
        /// they are), written with the file (<see cref="DepImport.Apply"/>).
        /// </summary>
        public List<History.DeviceFieldChanges> DeviceChanges { get; } = new List<History.DeviceFieldChanges>();

        public int Count(DepAction action) => Changes.Count(c => c.Action == action);

        /// <summary>A readable account of the plan, for -WhatIf and -Confirm.</summary>
        public string Describe()
        {
            var parts = new List<string>();
            void Add(DepAction action, Func<int, string> phrase, Func<DepPlannedChange, string> item)
            {
                List<DepPlannedChange> of = Changes.Where(c => c.Action == action).ToList();
                if (of.Count != 0)
                {
                    parts.Add($"{phrase(of.Count)} ({FirstOf(of.Select(item), of.Count, ", ")})");
                }
            }

            Add(DepAction.Added, n => $"add {n}", c => c.SerialNumber);
            Add(DepAction.Updated, n => $"change {n}", c => $"{c.SerialNumber}: {string.Join(", ", c.Changes)}");
            Add(DepAction.Released, n => $"release {n}", c => c.SerialNumber);
            Add(DepAction.ReleasedNotHeld, n => $"record {EnglishWords.Amount(n, "serial")} the store never held as released", c => c.SerialNumber);
            void Said(List<DepReleaseOverride> of, string verb, string why)
            {
                if (of.Count != 0)
                {
                    parts.Add($"{verb} {EnglishWords.Amount(of.Count, "released serial")} ({FirstOf(of.Select(o => o.Brief), of.Count, "; ")}: {why})");
                }
            }

            Said(Reactivated, "reactivate", "the file has no time of its own to show it is newer than the release");
            Said(KeptReleases, "keep", "the file's entries are older than the release, so it stays");
            if (KeptAsStored.Count != 0)
            {
                parts.Add($"keep {EnglishWords.Amount(KeptAsStored.Count, "serial")} as stored ({FirstOf(KeptAsStored.Select(k => k.Brief), KeptAsStored.Count, "; ")}: "
                    + "the file's entries are older than what the store holds, so they change nothing)");
            }

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

            if (ProfilesNamedOnly.Count != 0)
            {
                parts.Add($"add {EnglishWords.Amount(ProfilesNamedOnly.Count, "profile")} known only by name ({string.Join(", ", ProfilesNamedOnly.Select(name => $"'{name}'"))})");
            }

            return parts.Count == 0 ? "no DEP devices or profiles" : string.Join("; ", parts);
        }

        /// <summary>
        /// The serials a sync response released that the store never held as DEP devices (<see cref="DepAction.ReleasedNotHeld"/>),
        /// said once for the file (but those the file itself adds first), or null. They are recorded as released and counted in the summary's ReleasedNotHeld, not in
        /// its Released, which the default table shows (round 32: a kitting lead reading that table after a sync missed them).
        /// In a sync that follows a fetch, every serial Apple releases was assigned before, so one the store never held means
        /// the store missed a page of an earlier fetch or sync: what to do is said. -WhatIf and -Confirm name them in their
        /// account (<see cref="Describe"/>).
        /// </summary>
        public string? ReleasedNotHeldWarning()
        {
            // A serial the file itself adds before it releases it (assigned and taken back between two syncs) was never the
            // store's to hold: nothing was missed.
            var addedByFile = new HashSet<string>(Content.Entries.Where(e => !e.IsDeletion).Select(e => e.SerialNumber), StringComparer.OrdinalIgnoreCase);
            List<string> serials = Changes.Where(c => c.Action == DepAction.ReleasedNotHeld && !addedByFile.Contains(c.SerialNumber))
                .Select(c => c.SerialNumber).ToList();
            if (serials.Count == 0)
            {
                return null;
            }

            bool one = serials.Count == 1;
            return $"Apple's response '{Content.Source}' released {EnglishWords.Amount(serials.Count, "serial")} the store never held as "
                + $"{(one ? "a DEP device" : "DEP devices")} ({FirstOf(serials, serials.Count, ", ")}): recorded as released "
                + "(Get-BmgDepDevice -Released lists them; the summary's ReleasedNotHeld counts them, not its Released). Apple assigned "
                + $"{(one ? "it" : "them")} to this MDM before, so a page of an earlier fetch or sync was not imported: fetch the device "
                + "list again (every page) and import it, then sync from its cursor.";
        }

        /// <summary>
        /// The serials kept as stored against the file's older entries (<see cref="KeptAsStored"/>), said once for the file, or
        /// null: a stale page of a nightly job's folder must not flood the output, and what it would have changed is named.
        /// </summary>
        public string? KeptAsStoredWarning()
        {
            if (KeptAsStored.Count == 0)
            {
                return null;
            }

            bool one = KeptAsStored.Count == 1;
            return $"{EnglishWords.Amount(KeptAsStored.Count, "DEP device")} {(one ? "was" : "were")} not changed from '{Content.Source}' "
                + $"({FirstOf(KeptAsStored.Select(k => k.Brief), KeptAsStored.Count, "; ")}): the store holds Apple's data for "
                + $"{(one ? "it" : "them")} as of a later time than the file's, so the file is older and its {(one ? "entry changes" : "entries change")} nothing "
                + $"(counted Unchanged). If Apple has changed {(one ? "the device" : "them")} since, import a fetch or sync response made after that time.";
        }

        /// <summary>
        /// The first ten of <paramref name="count"/> items, then how many more ("a, b, and 5 more"): a file of thousands of
        /// serials still gives -WhatIf and -Confirm one readable line.
        /// </summary>
        private static string FirstOf(IEnumerable<string> items, int count, string separator)
        {
            const int Shown = 10;
            return string.Join(separator, items.Take(Shown)) + (count > Shown ? $"{separator}and {count - Shown} more" : "");
        }
    }

}
