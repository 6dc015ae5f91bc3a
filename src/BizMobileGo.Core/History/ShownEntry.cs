using System.Collections.Generic;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// An entry as a history query shows it (<see cref="ChangeHistory.QueryVerified"/>): the entry as stored, whether it
    /// verified, and with -Field the changes of those fields. An entry that doesn't verify is still shown (marked, and a
    /// warning names it, <see cref="TamperedEntryWarnings"/>): hiding it would hide what was done to the history, and the
    /// admin who asks needs to see what it now says.
    /// What the query found are properties of the object, not note properties a cmdlet adds to its PSObject: PowerShell keeps
    /// an object's instance members in a table beside it (a ConditionalWeakTable), and four of them an entry were ~1.5 CPU s of
    /// a 150,000-entry answer (PERFORMANCE.md, round 25). A device's and a user's entry are their own types
    /// (<see cref="DeviceHistoryEntry"/>, <see cref="UserHistoryEntry"/>), which name the subject as its kind does.
    /// </summary>
    public class ShownEntry : ChangeEntry, Store.IReadFromStore
    {
        private readonly IReadOnlyCollection<string>? _fields;
        private string? _fieldChanges;

        private protected ShownEntry(ChangeEntry entry, string? problem, IReadOnlyCollection<string>? fields, string? database)
            : base(entry)
        {
            Problem = problem;
            _fields = fields;
            Database = database;
        }

        /// <summary>
        /// The shown entry of <paramref name="entry"/>, of its kind's type; <paramref name="fields"/>: the query's -Field, or null;
        /// <paramref name="database"/>: the store's location.
        /// </summary>
        internal static ShownEntry Of(ChangeEntry entry, string? problem, IReadOnlyCollection<string>? fields, string? database) => entry.SubjectKind switch
        {
            SubjectKind.Device => new DeviceHistoryEntry(entry, problem, fields, database),
            SubjectKind.User => new UserHistoryEntry(entry, problem, fields, database),
            _ => new ShownEntry(entry, problem, fields, database),
        };


        /// <summary>
        /// True when the entry's content matches its stored hash (and it links to the chain's next entry, when the query showed
        /// that one too): what <see cref="HistoryChain.CheckShown"/> checks. The views mark an entry that didn't; Export-Csv
        /// writes the column.
        /// </summary>
        public bool Verified => Problem == null;

        /// <summary>
        /// With -Field, the changes of those fields on one line ("DisplayName: Front → Back"; <see cref="ChangeEntry.ChangesOf"/>),
        /// what the tables show in Changes; null without -Field. Made when first read: a script that counts or filters the
        /// entries never makes it.
        /// </summary>
        public string? FieldChanges => _fields == null ? null : _fieldChanges ??= ChangesOf(_fields);

        /// <summary>
        /// The store whose history holds the entry (<see cref="Store.IReadFromStore"/>; an export's column after the query's
        /// own): its ImportId names that store's import, its DeviceKey that store's device. Not hashed: where an entry was read
        /// is no part of what it records.
        /// </summary>
        public string? Database { get; }

        /// <summary>What is wrong with the entry, in Test-BmgHistory's words ("Entry 13 (device 'x', ...) was altered: ..."); null when it verified.</summary>
        internal string? Problem { get; }
    }

    /// <summary>A device's entry as Get-BmgDeviceHistory shows it: the device named by its Identifier then, and its DeviceKey.</summary>
    public sealed class DeviceHistoryEntry : ShownEntry
    {
        internal DeviceHistoryEntry(ChangeEntry entry, string? problem, IReadOnlyCollection<string>? fields, string? database)
            : base(entry, problem, fields, database)
        {
        }

        /// <summary>The device's Identifier when the change was made (<see cref="ChangeEntry.Subject"/>): the entry pipes on by it (| Get-BmgDevice).</summary>
        public string Identifier => Subject;

        /// <summary>
        /// Which device the entry belongs to, as Get-BmgDevice's DeviceKey says it, and of its type (Int64), so that
        /// Compare-Object, Group-Object and JSON joins of the two match: an Identifier can be borne by a removed device and a
        /// later one. SubjectKey stays text: it is every kind's key, and a clear's is "history". Null for a key that is no
        /// number (none is).
        /// </summary>
        public long? DeviceKey => TryGetKeyNumber(out long key) ? key : (long?)null;
    }

    /// <summary>A user's entry as Get-BmgUserHistory shows it: the user named by its UserName then, and its UserKey.</summary>
    public sealed class UserHistoryEntry : ShownEntry
    {
        internal UserHistoryEntry(ChangeEntry entry, string? problem, IReadOnlyCollection<string>? fields, string? database)
            : base(entry, problem, fields, database)
        {
        }

        /// <summary>The user's UserName when the change was made (<see cref="ChangeEntry.Subject"/>): the entry pipes on by it (| Get-BmgUser).</summary>
        public string UserName => Subject;

        /// <summary>
        /// Which user the entry belongs to, as Get-BmgUser's UserKey says it (an Int64, as <see cref="DeviceHistoryEntry.DeviceKey"/>):
        /// a UserName can be borne by a removed user and a later one (walkthrough 32, finding 9). Null for a key that is no number.
        /// </summary>
        public long? UserKey => TryGetKeyNumber(out long key) ? key : (long?)null;
    }
}
