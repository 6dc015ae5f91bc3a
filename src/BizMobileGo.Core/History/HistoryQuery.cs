using System;
using System.Collections.Generic;
using System.Linq;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// Which entries Get-BmgDeviceHistory / Get-BmgUserHistory asks for. <see cref="Matches"/> is the one
    /// definition of the filter: a store may narrow what it reads with its own index (kind, subject keys,
    /// times), and <see cref="ChangeHistory.Query"/> applies <see cref="Matches"/> to whatever it returns.
    /// </summary>
    public sealed class HistoryQuery
    {
        public HistoryQuery(SubjectKind kind) => Kind = kind;

        public SubjectKind Kind { get; }

        private HashSet<string>? _subjectKeys;
        private HashSet<string>? _fields;

        /// <summary>Only these subjects (the store's immutable keys); null: every subject of <see cref="Kind"/>.</summary>
        public IReadOnlyCollection<string>? SubjectKeys
        {
            get => _subjectKeys;
            // A set: a wildcard can name every device, and each entry is looked up in it.
            set => _subjectKeys = value == null ? null : new HashSet<string>(value, StringComparer.Ordinal);
        }

        /// <summary>Only entries at or after this time.</summary>
        public DateTimeOffset? Since { get; set; }

        /// <summary>Only entries at or before this time.</summary>
        public DateTimeOffset? Until { get; set; }

        /// <summary>
        /// Only entries numbered above this Sequence; null: any. A store reads from there by its primary key: what bounds the read
        /// of an import's window to the entries after <see cref="IHistoryStore.LastRowBefore"/> (<see cref="Import.RecentWork"/>).
        /// </summary>
        public long? AfterSequence { get; set; }

        /// <summary>Only entries that change one of these fields (names as the entries spell them, any case); null: any.</summary>
        public IReadOnlyCollection<string>? Fields
        {
            get => _fields;
            set => _fields = value == null ? null : new HashSet<string>(value, StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>
        /// Only entries of these kinds (Created, Changed, Removed; a rename is Changed); null: any. The stores filter by it in
        /// their SQL, and leave the packs unread when Created is not asked for (a pack holds only created records' entries).
        /// </summary>
        public IReadOnlyCollection<ChangeAction>? Actions
        {
            get => _actions;
            set => _actions = value == null ? null : new HashSet<ChangeAction>(value);
        }

        private HashSet<ChangeAction>? _actions;

        /// <summary>The <see cref="Actions"/> as the stores' action column spells them (null: any).</summary>
        public string[]? ActionNames => _actions?.Select(action => action.ToString()).ToArray();

        /// <summary>Whether the query can match a created record's entry (all that a pack holds).</summary>
        public bool WantsCreated => _actions == null || _actions.Contains(ChangeAction.Created);

        /// <summary>
        /// Only entries made by an OS user this accepts, or made for a <see cref="ChangeEntry.ChangedBy"/> it accepts (the
        /// cmdlet's -User names or patterns: "what did sato do", whatever service acted); null: anyone.
        /// </summary>
        public Func<string, bool>? OsUser { get; set; }

        /// <summary>
        /// The OS users, as the store spells them, that <see cref="OsUser"/> accepts (<see cref="ChangeHistory.Query"/> sets it
        /// from the store's own list before it reads): a store leaves out the other OS users' rows and packs in its SQL, so a
        /// pack of another OS user's import is never decoded. Null: any. A store may return more; <see cref="Matches"/> decides.
        /// </summary>
        public IReadOnlyCollection<string>? OsUserNames { get; set; }

        /// <summary>
        /// The ChangedBy names, as the store spells them, that <see cref="OsUser"/> accepts (set beside <see cref="OsUserNames"/>):
        /// a store keeps the rows and packs made by one of <see cref="OsUserNames"/> or for one of these.
        /// Null or empty: none.
        /// </summary>
        public IReadOnlyCollection<string>? ChangedByNames { get; set; }

        /// <summary>Whether <see cref="OsUser"/> accepts the entry: by its OS user, or by whom it was made for.</summary>
        private bool MadeByOrFor(ChangeEntry entry) =>
            OsUser == null || OsUser(entry.OsUser) || (entry.ChangedBy.Length != 0 && OsUser(entry.ChangedBy));

        public bool Matches(ChangeEntry entry) =>
            entry.SubjectKind == Kind
            && (_subjectKeys == null || _subjectKeys.Contains(entry.SubjectKey))
            && (Since == null || entry.AtUtc >= Since.Value)
            && (Until == null || entry.AtUtc <= Until.Value)
            && (AfterSequence == null || entry.Sequence > AfterSequence.Value)
            && (_fields == null || entry.Changes.Any(change => _fields.Contains(change.Field)))
            && (_actions == null || _actions.Contains(entry.Action))
            && MadeByOrFor(entry);
    }
}
