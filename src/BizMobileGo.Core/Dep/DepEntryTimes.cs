using System;
using BizMobileGo.Core.Times;

namespace BizMobileGo.Core.Dep
{
    /// <summary>
    /// The one rule for an entry of a file older than what the store holds for its serial (walkthrough 16, 1: releases;
    /// walkthrough 39, 1: every field): a DEP folder keeps last week's pages, and re-importing one must not undo what Apple
    /// did since: a release (the device could check in through DEP after Apple moved it away) or a profile change (the next
    /// check-in would record the stale profile). Apple's data carries its own time: a sync entry's op_date, else the
    /// response's fetched_until. The store keeps, for each DEP device, the time of the data that last wrote it
    /// (<see cref="DepDevice.AsOf"/>) and when it was released: an entry older than them changes nothing for its serial (and is
    /// said; <see cref="IsOlder"/>). A file with no time of its own (Apple Business Manager's list, the
    /// module's CSV) can't be told older: it is Apple's current list or the admin's own statement, so it applies, and a
    /// release it undoes is said; it leaves the stored time as it was, since the import's time is no evidence of how new
    /// the file is (a fetch made an hour before would then look older, and lose the profiles the list doesn't carry).
    /// Only what the store held before the file counts: a sync's own events apply in op_date order, as before.
    /// </summary>
    public static class DepEntryTimes
    {
        /// <summary>The time an entry of <paramref name="content"/> is as of: its op_date, else the file's fetched_until; null when the file has none.</summary>
        public static DateTimeOffset? EntryTime(DepEntry entry, DepFileContent content) => entry.OpDate ?? content.FetchedUntil;

        /// <summary>The time what the store holds for a serial is as of, for messages: the later of Apple's time that last wrote it and its release.</summary>
        public static DateTimeOffset? StoredTime(DepDevice stored) => Later(stored.AsOf, stored.ReleasedAt);

        /// <summary>
        /// True when an entry of <paramref name="entryTime"/> is older than what the store holds for its serial: before the time
        /// its fields are as of (<see cref="DepDevice.AsOf"/>), or not later than its release. It changes nothing. Equal times
        /// keep a release (the file that released it, imported again, must not undo it); equal times of fields are one moment
        /// of Apple's data (the pages of one fetch share their fetched_until), applied in the order given, as a sync's are.
        /// </summary>
        public static bool IsOlder(DateTimeOffset? entryTime, DepDevice stored) =>
            entryTime is DateTimeOffset time && (time < stored.AsOf || time <= stored.ReleasedAt);

        /// <summary>The later of two times (null when both are).</summary>
        internal static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a == null ? b : b == null || a >= b ? a : b;

        /// <summary>Which of Apple's times an entry's time is, for messages.</summary>
        internal static string TimeName(DepEntry entry) => entry.OpDate != null ? "op_date" : "fetched_until";
    }

    /// <summary>A serial the store holds released that an entry of the file would re-add: kept released (a stale entry), or re-added (a file without a time).</summary>
    public sealed class DepReleaseOverride
    {
        internal DepReleaseOverride(string serialNumber, DateTimeOffset releasedAt, DepEntry entry, DateTimeOffset? entryTime)
        {
            SerialNumber = serialNumber;
            ReleasedAt = releasedAt;
            Where = entry.Where;
            EntryTime = entryTime;
            TimeName = DepEntryTimes.TimeName(entry);
        }

        public string SerialNumber { get; }
        public DateTimeOffset ReleasedAt { get; }
        public string Where { get; }

        /// <summary>The entry's op_date or the file's fetched_until; null for a file without a time.</summary>
        public DateTimeOffset? EntryTime { get; }

        /// <summary>"op_date" or "fetched_until".</summary>
        public string TimeName { get; }

        /// <summary>For -WhatIf: "CCCDDDAAABBB: released 2026-11-22 03:10:00 +00:00, after the file's fetched_until 2026-11-20 09:30:00 +00:00".</summary>
        internal string Brief => EntryTime is DateTimeOffset time
            ? $"{SerialNumber}: released {ShownTime.ToText(ReleasedAt)}, after its {TimeName} {ShownTime.ToText(time)}"
            : $"{SerialNumber}: released {ShownTime.ToText(ReleasedAt)}";

        /// <summary>The warning for a stale entry whose serial stays released.</summary>
        internal string KeptWarning(string source) =>
            $"DEP device '{SerialNumber}' was not re-added from '{source}' ({Where}): Apple released it on {ShownTime.ToText(ReleasedAt)}, " +
            $"after this entry's {TimeName} {ShownTime.ToText(EntryTime)}, so the file is older than the release and the release is kept. " +
            $"If Apple has assigned the device to this MDM again, import a fetch or sync response made after the release.";
    }
}
