using System;
using System.Collections.Generic;
using BizMobileGo.Core.Times;

namespace BizMobileGo.Core.Dep
{
    /// <summary>
    /// An entry of a file that would have changed an active DEP device but is not later than what the store holds for its
    /// serial (<see cref="DepEntryTimes"/>): it changes nothing, and the fields it would have changed are said.
    /// </summary>
    public sealed class DepStaleEntry
    {
        internal DepStaleEntry(string serialNumber, DateTimeOffset storedTime, DepEntry entry, DateTimeOffset entryTime, IReadOnlyList<string> fields)
        {
            SerialNumber = serialNumber;
            StoredTime = storedTime;
            Where = entry.Where;
            EntryTime = entryTime;
            TimeName = DepEntryTimes.TimeName(entry);
            Fields = fields;
        }

        public string SerialNumber { get; }

        /// <summary>The time of what the store holds for the serial (<see cref="DepEntryTimes.StoredTime"/>).</summary>
        public DateTimeOffset StoredTime { get; }

        public string Where { get; }

        /// <summary>The entry's op_date or the file's fetched_until.</summary>
        public DateTimeOffset EntryTime { get; }

        /// <summary>"op_date" or "fetched_until".</summary>
        public string TimeName { get; }

        /// <summary>The fields the entry would have changed ("Released" for a deletion).</summary>
        public IReadOnlyList<string> Fields { get; }

        /// <summary>For -WhatIf and the warning: "DMPXK2ABQ1GC (ProfileUuid, ProfileName): stored as of 2026-12-03 …, after its fetched_until 2026-11-30 …".</summary>
        internal string Brief =>
            $"{SerialNumber} ({string.Join(", ", Fields)}): stored as of {ShownTime.ToText(StoredTime)}, after its {TimeName} {ShownTime.ToText(EntryTime)}";
    }
}
