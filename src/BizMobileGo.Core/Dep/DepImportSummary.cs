using System.Globalization;

namespace BizMobileGo.Core.Dep
{
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
        /// <summary>DEP devices of this MDM the file released (Apple took them back: sold, returned, moved to another MDM server).</summary>
        public int Released { get; internal set; }

        /// <summary>
        /// Serials a sync response deleted that the store held no DEP device for: recorded as released (Get-BmgDepDevice -Released
        /// lists them), not counted in <see cref="Released"/>.
        /// </summary>
        public int ReleasedNotHeld { get; internal set; }

        /// <summary>
        /// Entries that could not be read or applied; any makes the whole file refused, unless -SkipInvalidRows left them out
        /// and imported the others (then <see cref="Committed"/> is true beside it).
        /// </summary>
        public int Failed { get; internal set; }

        /// <summary>Rows of Apple Business Manager's list that are not DEP devices of this MDM: unassigned, or another server's (-MdmServer).</summary>
        public int Skipped { get; internal set; }

        /// <summary>
        /// Profiles the file named (new or renamed: a profile response, a ProfileName beside a ProfileUuid), and the profiles
        /// known only by a name that a ProfileName column alone (the module's CSV) gave first. A name of a profile already
        /// known assigns it and counts nothing.
        /// </summary>
        public int Profiles { get; internal set; }

        /// <summary>True when the file's changes were written; false for -WhatIf and a refused file.</summary>
        public bool Committed { get; internal set; }

        public bool WhatIf { get; internal set; }

        /// <summary>Profile uuids assigned to this file's devices whose name is not known yet.</summary>
        public string[] UnnamedProfileUuids { get; internal set; } = new string[0];

        /// <summary>Apple's more_to_follow of a device response: its next page, asked for with <see cref="Cursor"/>, is another file.</summary>
        public bool MoreToFollow { get; internal set; }

        /// <summary>Apple's cursor of a device response (null for other files): the next page's, or the next sync's, start.</summary>
        public string? Cursor { get; internal set; }

        public override string ToString() => string.Format(CultureInfo.InvariantCulture,
            "{0}: {1} added, {2} updated, {3} unchanged, {4} released, {5} failed", Source, Added, Updated, Unchanged, Released, Failed);
    }

}
