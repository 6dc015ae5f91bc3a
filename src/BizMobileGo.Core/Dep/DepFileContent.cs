using System;
using System.Collections.Generic;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.Core.Dep
{
    /// <summary>The fields of a DEP device a file can give; a field the file does not give stays as stored.</summary>
    public enum DepField
    {
        Model,
        Description,
        Color,
        AssetTag,
        OS,
        DeviceFamily,
        ProfileStatus,
        ProfileUuid,
        ProfileName,
        ProfileAssignTime,
        ProfilePushTime,
        DeviceAssignedDate,
        DeviceAssignedBy,
    }

    /// <summary>One device entry of a DEP file: its serial, where it is, a sync event's op_type/op_date, and the fields given.</summary>
    public sealed class DepEntry
    {
        internal DepEntry(string serialNumber, string where, int position, int line = 0, int lineBreaksAbove = 0)
        {
            SerialNumber = serialNumber;
            Where = where;
            Position = position;
            Line = line;
            LineBreaksAbove = lineBreaksAbove;
        }

        public string SerialNumber { get; }

        /// <summary>"line 3" of a CSV, "devices[2]" of a JSON response.</summary>
        public string Where { get; }

        internal int Position { get; }

        /// <summary>The line of a CSV row (its errors are worded as every CSV row's, <see cref="DepDeviceFile.EntryError(string, DepFileContent, DepEntry, string, bool)"/>); 0 for a JSON entry or a piped object.</summary>
        internal int Line { get; }

        /// <summary>The line breaks inside quoted cells above a CSV row (<see cref="Csv.CsvRecord.LineBreaksAbove"/>).</summary>
        internal int LineBreaksAbove { get; }

        /// <summary>A sync response's op_type: added, modified or deleted (null in a fetch response or a CSV).</summary>
        public string? OpType { get; internal set; }

        public DateTimeOffset? OpDate { get; internal set; }

        /// <summary>The fields this entry gives: a null value clears the field (an empty cell, "" or null in JSON).</summary>
        public Dictionary<DepField, string?> Given { get; } = new Dictionary<DepField, string?>();

        public bool IsDeletion => OpType == DepDeviceFile.OpDeleted;
    }

    /// <summary>What one DEP file holds: device entries, named profiles, and the entries that could not be read.</summary>
    public sealed class DepFileContent
    {
        internal DepFileContent(string source, string format)
        {
            Source = source;
            Format = format;
        }

        public string Source { get; }

        /// <summary>Which of the shapes the file is, for messages.</summary>
        public string Format { get; }

        /// <summary>A sync response: entries carry op_type, and a serial may repeat (successive events).</summary>
        public bool IsSync { get; internal set; }

        /// <summary>
        /// Apple's fetched_until of a device response: the time its device list is as of, the time of each entry without an
        /// op_date (<see cref="DepEntryTimes"/>). Null for a CSV, and for a response without it.
        /// </summary>
        public DateTimeOffset? FetchedUntil { get; internal set; }

        /// <summary>
        /// Apple's more_to_follow of a device response: true when the devices of the request did not fit in this page, and the
        /// next page is asked for with <see cref="Cursor"/>. False for a CSV, a profile response, and a response without it.
        /// </summary>
        public bool MoreToFollow { get; internal set; }

        /// <summary>Apple's cursor of a device response: where the next page (or the next sync) starts. Null when the response has none.</summary>
        public string? Cursor { get; internal set; }

        public List<DepEntry> Entries { get; } = new List<DepEntry>();

        /// <summary>profile_uuid → profile_name named by the file (Apple's profile response, or a "profiles" array).</summary>
        public Dictionary<string, string> ProfileNames { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public List<BmgException> Errors { get; } = new List<BmgException>();

        /// <summary>
        /// An error of one entry (a field, its op_type, a repeated serial): added to <see cref="Errors"/>, and the entry is one
        /// that -SkipInvalidRows leaves out (<see cref="LeaveOutFailedEntries"/>). A row that became no entry (a bad serial)
        /// is added to <see cref="Errors"/> alone: there is nothing of it to leave out.
        /// </summary>
        internal void EntryFailed(DepEntry entry, BmgException error)
        {
            Errors.Add(error);
            _failedEntries.Add(entry);
        }

        /// <summary>
        /// An error of the file as a whole (its fetched_until, a profile's name) at <paramref name="where"/>: added to
        /// <see cref="Errors"/> and to <see cref="FileErrors"/>; -SkipInvalidRows still refuses the file.
        /// </summary>
        internal void FileFailed(string where, string reason)
        {
            BmgException error = DepDeviceFile.EntryError(ErrorIds.InvalidFieldValue, Source, where, reason);
            Errors.Add(error);
            FileErrors.Add(new DepFileError(error, $"{where}: {reason.TrimEnd('.')}"));
        }

        /// <summary>The errors of <see cref="Errors"/> that are the file's as a whole, not an entry's (<see cref="FileFailed"/>).</summary>
        internal List<DepFileError> FileErrors { get; } = new List<DepFileError>();

        /// <summary>True when every error is one entry's or one row's, so that -SkipInvalidRows can import the others.</summary>
        internal bool OnlyEntriesFailed => FileErrors.Count == 0;

        /// <summary>Removes the entries that failed (<see cref="EntryFailed"/>) from <see cref="Entries"/>: -SkipInvalidRows imports the rest.</summary>
        internal void LeaveOutFailedEntries() => Entries.RemoveAll(_failedEntries.Contains);

        /// <summary>Removes <paramref name="entries"/> (a plan's failed entries, <see cref="DepImportPlan.FailedEntries"/>) from <see cref="Entries"/>.</summary>
        internal void LeaveOut(HashSet<DepEntry> entries) => Entries.RemoveAll(entries.Contains);

        private readonly HashSet<DepEntry> _failedEntries = new HashSet<DepEntry>();

        /// <summary>Rows of Apple Business Manager's list that are not DEP devices of this MDM (unassigned, or another server's).</summary>
        public int Skipped { get; internal set; }

        /// <summary>What the file's reading has to say once (the rows it skipped and why).</summary>
        public List<string> Warnings { get; } = new List<string>();

        /// <summary>
        /// The skipped rows of Apple Business Manager's list whose serial is valid: Apple's statement that the serial is not
        /// assigned to this MDM, which releases the DEP device the store holds for it (<see cref="DepImport.Plan"/>).
        /// </summary>
        public List<DepSkippedRow> SkippedRows { get; } = new List<DepSkippedRow>();

        /// <summary>
        /// Set when -MdmServer names none of the servers of Apple Business Manager's list: no row is this MDM's, and the plan
        /// either releases the active DEP devices the list gives to other servers or refuses the file (<see cref="DepImport.Plan"/>).
        /// </summary>
        public DepMdmServerNamesNone? MdmServerNamesNone { get; internal set; }

        /// <summary>
        /// The server of Apple Business Manager's list that -MdmServer names, as the list writes it; null without -MdmServer,
        /// for another shape of file, and when it names none of the list's servers (<see cref="MdmServerNamesNone"/>).
        /// </summary>
        public string? MdmServer { get; internal set; }
    }

    /// <summary>A row of Apple Business Manager's list that is not a DEP device of this MDM: its serial, its line, and why.</summary>
    public sealed class DepSkippedRow
    {
        internal DepSkippedRow(string serialNumber, string where, string shownAs, string? otherServer)
        {
            SerialNumber = serialNumber;
            Where = where;
            ShownAs = shownAs;
            Server = otherServer;
        }

        /// <summary>True for a row assigned to another MDM server; false for one assigned to none.</summary>
        public bool OtherServer => Server != null;

        /// <summary>The other MDM server the row is assigned to, as the list writes it; null for a row assigned to none.</summary>
        public string? Server { get; }

        public string SerialNumber { get; }

        /// <summary>"line 3".</summary>
        public string Where { get; }

        /// <summary>What the list shows the serial as: "not assigned to an MDM server", "assigned to 'Other Vendor MDM'".</summary>
        public string ShownAs { get; }
    }
}
