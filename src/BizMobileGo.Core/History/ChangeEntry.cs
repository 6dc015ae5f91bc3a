using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Times;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// One change of one device or user (or Clear-BmgHistory's own record): when, who (OS user and host),
    /// which command (and for an import its history id and CSV line), which subject, and each field as
    /// old → new. <see cref="Sequence"/>, <see cref="PreviousHash"/> and <see cref="Hash"/> are set when the
    /// entry joins the chain (<see cref="HistoryChain.Link"/>); before that they are 0 and empty. Not sealed only for
    /// <see cref="ShownEntry"/>: what the history queries write is an entry with what the query found of it.
    /// </summary>
    public class ChangeEntry
    {
        public ChangeEntry(DateTimeOffset at, string osUser, string host, string command, long? importId, int? line,
            SubjectKind subjectKind, string subjectKey, string subject, ChangeAction action, IReadOnlyList<FieldChange> changes, string changedBy = "")
            : this(0, at, osUser, host, command, importId, line, subjectKind, subjectKey, subject, action, changes, "", "", changedBy)
        {
        }

        /// <summary>
        /// An entry as a store reads it back: every field as it was persisted, its changes as <see cref="FieldChanges"/>
        /// (what Get-BmgDeviceHistory shows, and Export-Csv writes as one line).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public ChangeEntry(long sequence, DateTimeOffset at, string osUser, string host, string command, long? importId, int? line,
            SubjectKind subjectKind, string subjectKey, string subject, ChangeAction action, IReadOnlyList<FieldChange> changes,
            string previousHash, string hash, string changedBy = "")
            : this(sequence, at, osUser, host, command, importId, line, subjectKind, subjectKey, NoKeyNumber, subject, action, FieldChanges.Of(changes),
                previousHash, hash, changedBy)
        {
        }

        /// <summary>
        /// A new entry whose subject key is a text, or (<paramref name="subjectKey"/> null) the store's numeric key
        /// <paramref name="subjectKeyNumber"/>, what the recorder gets from a write: its text is then made only when
        /// something asks for it, as the canonical form and the SQLite pack write the number as it is.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal ChangeEntry(DateTimeOffset at, string osUser, string host, string command, long? importId, int? line,
            SubjectKind subjectKind, string? subjectKey, long subjectKeyNumber, string subject, ChangeAction action, IReadOnlyList<FieldChange> changes,
            string changedBy = "")
            : this(0, at, osUser, host, command, importId, line, subjectKind, subjectKey, subjectKeyNumber, subject, action, changes, "", "", changedBy)
        {
        }

        /// <summary>
        /// A created record's entry, made of the record (a <see cref="Devices.Device"/> or <see cref="Users.User"/> an import
        /// created, which its planner no longer changes): see <see cref="CreatedRecord"/>.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal ChangeEntry(DateTimeOffset at, string osUser, string host, string command, long? importId, int? line,
            SubjectKind subjectKind, long subjectKeyNumber, string subject, object createdRecord, string changedBy)
            : this(0, at, osUser, host, command, importId, line, subjectKind, null, subjectKeyNumber, subject, ChangeAction.Created, null, "", "", changedBy)
        {
            _createdRecord = createdRecord;
        }

        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        private ChangeEntry(long sequence, DateTimeOffset at, string osUser, string host, string command, long? importId, int? line,
            SubjectKind subjectKind, string? subjectKey, long subjectKeyNumber, string subject, ChangeAction action, IReadOnlyList<FieldChange>? changes,
            string previousHash, string hash, string changedBy)
        {
            _sequence = sequence;
            _header = EntryHeader.For(at, osUser, host, command, importId, changedBy);
            Line = line;
            SubjectKind = subjectKind;
            _subjectKey = subjectKey;
            // A key given as text keeps no number; without a text, the number must be a store's key (never negative, so
            // NoKeyNumber can only mean "given as text"): a null text key is refused, not turned into "-1".
            _subjectKeyNumber = subjectKey != null ? NoKeyNumber
                : subjectKeyNumber >= 0 ? subjectKeyNumber
                : throw new ArgumentNullException(nameof(subjectKey), "An entry's subject key is a text or a store's (non-negative) number.");
            Subject = subject;
            Action = action;
            _changes = changes;
            _previousHash = previousHash;
            _hash = hash;
        }

        /// <summary>
        /// A copy of <paramref name="entry"/> (every field, its hash as it holds it): for <see cref="ShownEntry"/>, which adds
        /// what a query found of the entry as properties of its own, not as a PSObject's note properties (one instance member
        /// cost ~2.5 µs an entry, most of a 150,000-entry answer's own CPU).
        /// </summary>
        private protected ChangeEntry(ChangeEntry entry)
        {
            _sequence = entry._sequence;
            _header = entry._header;
            Line = entry.Line;
            SubjectKind = entry.SubjectKind;
            _subjectKey = entry._subjectKey;
            _subjectKeyNumber = entry._subjectKeyNumber;
            Subject = entry.Subject;
            Action = entry.Action;
            _changes = entry._changes;
            _createdRecord = entry._createdRecord;
            _previousHash = entry._previousHash;
            _previous = entry._previous;
            _hash = entry._hash;
            _hashLinked = entry._hashLinked;
            _hashBytes = entry._hashBytes;
        }

        /// <summary>What <see cref="ChangeEntry(DateTimeOffset, string, string, string, long?, int?, SubjectKind, string?, long, string, ChangeAction, IReadOnlyList{FieldChange}, string)"/> is given beside a text key: no number.</summary>
        internal const long NoKeyNumber = -1;

        // The subject key as given (text), or as the store's number with its text made on demand (see the constructor).
        private string? _subjectKey;
        private readonly long _subjectKeyNumber;

        // The time, OS user, host, command and import id: one object for the entries of a chunk (see EntryHeader).
        private readonly EntryHeader _header;

        // Linked by the recorder (LinkInPlace): the hash as its 32 bytes inside the entry (no array of its own), the
        // previous one as the entry before (linked in the same batch), whose bytes it is; their hex text is made only when
        // something asks for it. An import links two entries a row, and the text of two hashes was a third of what an
        // entry allocated, then the hash's array 56 bytes of an entry's ~440.
        private long _sequence;
        private string? _previousHash;
        private ChangeEntry? _previous;
        private string? _hash;
        private bool _hashLinked;
        private HashBuffer _hashBytes;

        /// <summary>An entry's hash bytes, kept inside it.</summary>
        [InlineArray(HashText.ByteLength)]
        private struct HashBuffer
        {
            private byte _first;
        }

        /// <summary>The entry's place in the chain: 1, 2, 3, ... with no gaps (Clear-BmgHistory removes a prefix).</summary>
        public long Sequence => _sequence;

        /// <summary>When the change was written, in this computer's offset, as every time the module shows (Times/ShownTime.cs).</summary>
        public DateTimeOffset At => ShownTime.Local(AtUtc);

        /// <summary>When the change was written, in UTC, to the microsecond: what both stores keep exactly and the hash covers.</summary>
        internal DateTimeOffset AtUtc => _header.AtUtc;

        /// <summary>The operating-system user who ran the command.</summary>
        public string OsUser => _header.OsUser;

        /// <summary>The computer the command ran on.</summary>
        public string Host => _header.Host;

        /// <summary>The cmdlet that made the change, such as Import-BmgDeviceCsv.</summary>
        public string Command => _header.Command;

        /// <summary>
        /// Who the calling service said it acted for (-ChangedBy, such as a portal's signed-in help-desk user), empty when
        /// not given. Not authenticated: <see cref="OsUser"/> still names who ran the process.
        /// </summary>
        public string ChangedBy => _header.ChangedBy;

        /// <summary>For an import: the id of its import history entry (Get-BmgImportHistory -Id).</summary>
        public long? ImportId => _header.ImportId;

        /// <summary>The shared part (time, OS user, host, command, import id): the same object for the entries of a chunk.</summary>
        internal EntryHeader Header => _header;

        /// <summary>For an import of a CSV file: the line of the row that made the change.</summary>
        public int? Line { get; }

        public SubjectKind SubjectKind { get; }

        /// <summary>
        /// The store's own immutable key of the device or user: it stays when the identifier changes, so the
        /// history belongs to the device, not to the string.
        /// </summary>
        public string SubjectKey => _subjectKey ??= _subjectKeyNumber.ToString(CultureInfo.InvariantCulture);

        /// <summary>The subject key as the number it was recorded with, when it was given as one (else null).</summary>
        internal long? SubjectKeyNumber
        {
            [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
            get => _subjectKeyNumber != NoKeyNumber ? _subjectKeyNumber : (long?)null;
        }

        /// <summary>
        /// The subject key as a store's row number: the number it was recorded with, else its text read as one (false: a
        /// key that is no number, such as Clear-BmgHistory's own "history").
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal bool TryGetKeyNumber(out long key)
        {
            if (_subjectKeyNumber != NoKeyNumber)
            {
                key = _subjectKeyNumber;
                return true;
            }

            return long.TryParse(SubjectKey, NumberStyles.None, CultureInfo.InvariantCulture, out key);
        }

        /// <summary>The device's Identifier or the user's UserName when the change was made.</summary>
        public string Subject { get; }

        public ChangeAction Action { get; }

        /// <summary>
        /// Each field as old → new. On an entry read from a store (and Clear-BmgHistory's own) a <see cref="FieldChanges"/>,
        /// whose ToString() is the changes on one line: the Changes column Export-Csv writes.
        /// </summary>
        public IReadOnlyList<FieldChange> Changes => _changes ??= ChangeDiff.OfCreated(_createdRecord!);

        // The changes; for a created record's entry (CreatedRecord) made when first asked for.
        private IReadOnlyList<FieldChange>? _changes;
        private readonly object? _createdRecord;

        /// <summary>
        /// The user or device an import created, when this entry was made of it (<see cref="ChangeDiff.ForCreated(Devices.Device, long, Store.ChangeOrigin, DateTimeOffset, ChangeActor)"/>),
        /// else null. The canonical form and the pack write its fields straight from it (<see cref="ChangeEntryPack"/>: the same
        /// bytes as its <see cref="Changes"/>): an import records one such entry per new user and device, and its changes as a
        /// list of values were half of what the entry allocated (PERFORMANCE.md, thirty-sixth round).
        /// </summary>
        internal object? CreatedRecord => _createdRecord;

        /// <summary>The <see cref="Hash"/> of the entry before this one (64 zeros for the first entry ever).</summary>
        public string PreviousHash => _previousHash ??= HashText.FromBytes(PreviousHashBytes);

        /// <summary>SHA-256 (lower-case hex) of this entry's canonical form, which includes <see cref="PreviousHash"/>.</summary>
        public string Hash => _hash ??= HashText.FromBytes(HashBytes);

        /// <summary>The 32 bytes of <see cref="Hash"/> when the entry was linked in this process (empty: read from a store, or not linked).</summary>
        internal ReadOnlySpan<byte> HashBytes => _hashLinked ? (ReadOnlySpan<byte>)_hashBytes : default;

        /// <summary>The 32 bytes of <see cref="PreviousHash"/> when the entry was linked after one linked in this process (else empty).</summary>
        internal ReadOnlySpan<byte> PreviousHashBytes => _previous != null ? _previous.HashBytes : default;

        /// <summary>The entry before, when this one was linked after it in this process (its hash is this one's previous hash); else null.</summary>
        internal ChangeEntry? LinkedAfter => _previous;

        /// <summary>
        /// The changed fields in short, for a table: the first field and how many more ("Template and 3 more"; "Template"
        /// alone); "created" or "removed" for a whole record. One name, not more: PowerShell cuts a cell without knowing what
        /// it says, so a second name only pushed the count out ("State, Wit…"). The count in words, not "+3" (walkthrough 43,
        /// 9: "ExpirationDays, +1" was terse): since the Command left the table (walkthrough 25, 4) the column has 37
        /// characters at 80 beside a 20-character Identifier, where the longest field name and "and 12 more" fit. The table
        /// views left-align the column, as every text column (walkthrough 24, 5), so a cut still needed (a long OS user)
        /// ends in "…"; Format-List shows every field.
        /// </summary>
        public string Summary
        {
            get
            {
                switch (Action)
                {
                    case ChangeAction.Created:
                        return "created";
                    case ChangeAction.Removed:
                        return "removed";
                    case ChangeAction.Cleared:
                        return "history cleared";
                }

                if (Changes.Count == 0)
                {
                    return "";
                }

                return Changes.Count > 1 ? $"{Changes[0].Field} and {Changes.Count - 1} more" : Changes[0].Field;
            }
        }

        /// <summary>
        /// The changes of <paramref name="fields"/> only (names in any case, as -Field takes them), old → new on one line
        /// ("UserName: sato → suzuki"; more than one joined by "; "), a secret as "Code: changed" (<see cref="FieldChange.ToString"/>):
        /// what the history tables show in Changes when -Field names the fields, so that "who changed it, and what was it
        /// before" needs no Format-List (walkthrough 24, 5). A created or removed record's entry says so first
        /// ("created; Serial: (none) → F2L…"), since the table has no Action column. <see cref="Summary"/> when it changes
        /// none of them.
        /// </summary>
        public string ChangesOf(IReadOnlyCollection<string> fields)
        {
            // A loop, not LINQ over every field a change: a 150,000-entry -Field answer asks this of each entry it shows.
            string? changed = null;
            for (int i = 0; i < Changes.Count; i++)
            {
                FieldChange change = Changes[i];
                if (Names(fields, change.Field))
                {
                    changed = changed == null ? change.ToString() : changed + FieldChanges.Separator + change.ToString();
                }
            }

            if (changed == null)
            {
                return Summary;
            }

            return Action == ChangeAction.Created || Action == ChangeAction.Removed ? Summary + FieldChanges.Separator + changed : changed;
        }

        /// <summary>Whether <paramref name="fields"/> names <paramref name="field"/>, in any case (a query's fields are a set that ignores case).</summary>
        private static bool Names(IReadOnlyCollection<string> fields, string field)
        {
            if (fields is HashSet<string> set && set.Comparer == StringComparer.OrdinalIgnoreCase)
            {
                return set.Contains(field);
            }

            foreach (string name in fields)
            {
                if (string.Equals(name, field, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True when the subject's name at this entry stops being its current one: a removal, or a change of the name
        /// itself (a rename; a device's UserName field is not its name). A store that finds current names in its users
        /// and devices keeps the names such entries end (change_history_names). The stores' bookkeeping, not shown: the
        /// Changes say the same to a reader (Export-Csv and ConvertTo-Json wrote it as a column).
        /// </summary>
        internal bool EndsAName
        {
            get
            {
                if (Action == ChangeAction.Removed)
                {
                    return SubjectKind != SubjectKind.History;
                }

                return NameChange != null;
            }
        }

        /// <summary>
        /// The name a rename entry ends (the old value of its subject's name field), null for every other entry. A store
        /// keeps it as a past name itself: once Clear-BmgHistory removed the entries that carried it, this entry is the
        /// only one that still says the subject had it.
        /// </summary>
        internal string? RenamedFrom => NameChange?.OldValue;

        /// <summary>The name a rename entry gives its subject (the new value of its name field), null for every other entry.</summary>
        internal string? RenamedTo => NameChange?.NewValue;

        /// <summary>The change of the subject's own name field (Identifier, UserName) in a Changed entry; null otherwise.</summary>
        private FieldChange? NameChange
        {
            get
            {
                string? nameField = SubjectKind == SubjectKind.Device ? Fields.FieldNames.Identifier
                    : SubjectKind == SubjectKind.User ? Fields.FieldNames.UserName : null;
                if (Action != ChangeAction.Changed || nameField == null)
                {
                    return null;
                }

                for (int i = 0; i < Changes.Count; i++)
                {
                    if (Changes[i].Field == nameField)
                    {
                        return Changes[i];
                    }
                }

                return null;
            }
        }

        /// <summary>
        /// Every field change, one "Field: old → new" per line: what Format-List shows. A hash value (a clear's
        /// ChainStartPreviousHash) goes on a line of its own after "Field: old →": after the list's label and the field's
        /// name its 64 digits would pass 80 columns and wrap, and it is the value an admin copies whole.
        /// </summary>
        public string ChangeList => string.Join(Environment.NewLine, Changes.Select(ListLine));

        private static string ListLine(FieldChange change)
        {
            string line = change.ToString();
            string? hash = change.NewValue;
            // Only the chain's hash fields: a device field's value that happens to be 64 hex digits stays on its line.
            if (change.Field != HistoryChain.ChainStartPreviousHashField || hash == null || !line.EndsWith(hash, StringComparison.Ordinal))
            {
                return line;
            }

            return line.Substring(0, line.Length - hash.Length).TrimEnd() + Environment.NewLine + hash;
        }

        /// <summary>This entry as the chain holds it: with its sequence number and hashes.</summary>
        internal ChangeEntry Linked(long sequence, string previousHash, string hash) =>
            // The changes as they are (a recorder's CreatedChanges stays one: the hash and the SQLite pack read it as codes).
            new ChangeEntry(sequence, At, OsUser, Host, Command, ImportId, Line, SubjectKind, SubjectKey, NoKeyNumber, Subject, Action, Changes, previousHash, hash, ChangedBy);

        /// <summary>
        /// Numbers and hashes this entry itself instead of making a linked copy: only for an entry nothing else has seen
        /// (the recorder's own, fresh from ChangeDiff), once. The previous hash is the head's text or the entry before (linked
        /// in place just before this one), whose hash bytes it is; <paramref name="hash"/> is copied into the entry.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal void LinkInPlace(long sequence, string? previousHash, ChangeEntry? previous, ReadOnlySpan<byte> hash)
        {
            if (_sequence != 0)
            {
                throw new InvalidOperationException($"Entry {_sequence} is linked already.");
            }

            if (hash.Length != HashText.ByteLength || (previous == null) == (previousHash == null) || (previous != null && !previous._hashLinked))
            {
                throw new ArgumentException("An entry links after a hash text or an entry linked in place, with a hash of 32 bytes.", nameof(hash));
            }

            _sequence = sequence;
            _previousHash = previousHash;
            _previous = previous;
            _hash = null;
            hash.CopyTo(_hashBytes);
            _hashLinked = true;
        }

        public override string ToString() => $"{Sequence} {ShownTime.ToText(AtUtc)} {Command} {SubjectKind} '{Subject}' {Action}: {Summary}";
    }
}
