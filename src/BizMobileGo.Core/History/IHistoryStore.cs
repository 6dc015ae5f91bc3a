using System.Collections.Generic;
using System.Threading;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// What a store keeps of the change history: it persists and reads entries, nothing more. Numbering,
    /// hashing, filtering, verifying and clearing live once in <see cref="ChangeHistory"/> and
    /// <see cref="HistoryChain"/>, so SQLite and PostgreSQL keep the same history by construction.
    /// Entries are persisted field by field as <see cref="ChangeEntry"/> has them (the changes as
    /// <see cref="ChangeListText"/>, the time as <see cref="HistoryTime"/> keeps it) and must read back equal,
    /// or they no longer verify. Recording is the core's too: a store's write path hands every user and device
    /// write, with the row's never-reused key, to its write transaction's <see cref="HistoryRecorder"/>, flushes it
    /// after each ApplyChanges, and calls it before its commit and when the transaction ends.
    /// </summary>
    public interface IHistoryStore
    {
        /// <summary>
        /// Checks the store's own file, where it has one, before the chain is walked: a chain that verifies says nothing of
        /// pages no entry is on, and Valid read as "the store is fine" over a file SQLite calls malformed (walkthrough 33b,
        /// 2). SQLite: PRAGMA quick_check (StoreDamaged). A server's store has no file of its own to check: nothing.
        /// <paramref name="stop"/> ends the check with an OperationCanceledException (a Ctrl+C: the check of a 1,000,000-device
        /// file takes seconds).
        /// </summary>
        void CheckFile(CancellationToken stop)
        {
            stop.ThrowIfCancellationRequested();
        }

        /// <summary>The store's write transaction (the same one its device and user writes use).</summary>
        IStoreTransaction BeginTransaction();

        /// <summary>A consistent snapshot for reading the whole history while others may write.</summary>
        IStoreTransaction BeginReadTransaction();

        /// <summary>The newest entry, or null when the history holds none. Read inside the open write transaction.</summary>
        HistoryHead? ReadHead();

        /// <summary>
        /// The newest entry and the one before it (fewer when the history holds fewer), newest first, as the chain reads them
        /// (one that no longer reads as <see cref="HistoryChain.UnreadableEntry"/>), then any entry that claims numbers past the
        /// newest (<see cref="NewestEntries.Of"/>): what <see cref="HistoryHeadCheck"/> checks before a write links to the head. Read inside the open write transaction. This default walks the whole chain, for a
        /// store that has nothing better.
        /// </summary>
        IReadOnlyList<ChangeEntry> ReadNewestEntries()
        {
            return NewestEntries.Of(ReadChain());
        }

        /// <summary>
        /// Persists entries <see cref="HistoryChain.Link"/> numbered and hashed, as they are, inside the open
        /// write transaction: a rolled-back write keeps none of them.
        /// </summary>
        void Append(IReadOnlyList<ChangeEntry> entries);

        /// <summary>
        /// Entries of <see cref="HistoryQuery.Kind"/>, newest (highest Sequence) first, read as they are enumerated.
        /// A store may narrow by the query's subject keys, times and fields (rows whose change list names none of the fields,
        /// <see cref="ChangedFieldText"/>, are left unread: an entry the query cannot match is not parsed, so one edited by hand
        /// is named by Test-BmgHistory, not by every query); it may return more than the query matches
        /// (<see cref="ChangeHistory"/> filters with <see cref="HistoryQuery.Matches"/>), never less. A wildcard can
        /// name thousands of subjects: narrow by keys only when they are few (a statement's parameter limit), else
        /// read the whole kind and let the filter do it.
        /// </summary>
        IEnumerable<ChangeEntry> Query(HistoryQuery query);

        /// <summary>
        /// The Sequence of the newest entry kept as a row (not in a pack) stamped before <paramref name="time"/>; 0 when there is
        /// none. The stores have no index on the time: they read the rows newest first by their primary key and stop at the first
        /// one that old, so the read costs the rows stamped since <paramref name="time"/> (and any of a clock set back), never the
        /// whole history. What an import's read of its window starts after (<see cref="Import.RecentWork"/>). This default, for a
        /// store that has nothing better, bounds nothing.
        /// </summary>
        long LastRowBefore(System.DateTimeOffset time) => 0;

        /// <summary>
        /// The subject keys of <paramref name="kind"/>'s Changed entries (rows: a pack holds only created records' entries)
        /// numbered above <paramref name="afterSequence"/> and stamped from <paramref name="since"/> to before
        /// <paramref name="before"/>, each perhaps more than once, in no particular order; the entries themselves are not read
        /// (which subjects an import's window changed, <see cref="Import.RecentWork"/>: a colleague's 100,000-row change is
        /// 100,000 keys, not 100,000 change lists parsed). A store may return more keys, never fewer; a key that is no number
        /// (an entry edited by hand, which names no row) may be left out. This default reads the entries, for a store that has
        /// nothing better.
        /// </summary>
        IEnumerable<long> ChangedSubjectKeys(SubjectKind kind, long afterSequence, System.DateTimeOffset since, System.DateTimeOffset before)
        {
            var query = new HistoryQuery(kind) { Since = since, AfterSequence = afterSequence, Actions = new[] { ChangeAction.Changed } };
            foreach (ChangeEntry entry in Query(query))
            {
                if (query.Matches(entry) && entry.AtUtc < before
                    && long.TryParse(entry.SubjectKey, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long key))
                {
                    yield return key;
                }
            }
        }

        /// <summary>Every entry, oldest (lowest Sequence) first, read as they are enumerated: what Test-BmgHistory walks.</summary>
        IEnumerable<ChangeEntry> ReadChain();

        /// <summary>
        /// Every row of the names index the look-ups by name read (past names of devices and users, each with the newest entry
        /// that carried it), as stored, in no particular order, rows of a kind other than Device or User left out: what
        /// Test-BmgHistory checks against the chain. Read inside the read transaction the chain is walked in.
        /// </summary>
        IEnumerable<HistoryName> ReadNames();

        /// <summary>
        /// Every import history Id the store holds (Get-BmgImportHistory's rows): what Test-BmgHistory checks the entries'
        /// ImportIds against (<see cref="HistoryImportCheck"/>). Null for a store that keeps no import history: nothing is
        /// checked. Read inside the read transaction the chain is walked in.
        /// </summary>
        IReadOnlySet<long>? ReadImportIds();

        /// <summary>
        /// Every (subject key, name) pair of <paramref name="kind"/> in the history; with <paramref name="name"/>, only
        /// the distinct pairs of that name (device identifiers ignoring case, user names exactly). Without a name a store
        /// may list a pair more than once (PostgreSQL does, rather than sort every subject): the caller keeps a set.
        /// </summary>
        IEnumerable<HistorySubject> FindSubjects(SubjectKind kind, string? name);

        /// <summary>
        /// <see cref="FindSubjects"/> of many names at once (a batch of records piped to Get-BmgDeviceHistory): the pairs
        /// any of <paramref name="names"/> finds there, each name compared as its kind compares (device identifiers ignoring
        /// case, user names exactly), in no particular order, a pair perhaps more than once. One statement a chunk of names,
        /// not one a name: on PostgreSQL each is a round trip.
        /// </summary>
        IEnumerable<HistorySubject> FindSubjectsNamed(SubjectKind kind, IReadOnlyCollection<string> names);

        /// <summary>
        /// The (subject key, identifier) pairs of devices in the history whose identifier starts with <paramref name="start"/>
        /// ignoring case (a <see cref="WildcardPrefix.IdentifierStart"/>: identifier characters, not empty). Past identifiers
        /// count as in <see cref="FindSubjects"/>. A store may return more pairs, and a pair more than once, never fewer: the
        /// caller matches the whole pattern on them.
        /// </summary>
        IEnumerable<HistorySubject> FindDevicesStartingWith(string start);

        /// <summary>
        /// The (subject key, user name) pairs of users in the history whose user name (current or past, as in
        /// <see cref="FindSubjects"/>) lies in one of <see cref="NamePrefix.UserNameRanges"/> of <paramref name="start"/> (a
        /// <see cref="WildcardPrefix.IdentifierStart"/>, not empty): every name a user-name pattern with that start may match,
        /// PowerShell's culture-sensitive match included (the rule Get-BmgUser's patterns read by). A store may return more
        /// pairs, and a pair more than once, never fewer: the caller matches the whole pattern on them. This default reads
        /// every user of the history, for a store that has nothing better.
        /// </summary>
        IEnumerable<HistorySubject> FindUsersInRangesOf(string start) => FindSubjects(SubjectKind.User, null);

        /// <summary>
        /// The OS users (<see cref="ChangeEntry.OsUser"/>, who made an entry) and ChangedBy names (who an entry was made for,
        /// <see cref="ChangeEntry.ChangedBy"/>; -User matches either) of <paramref name="kind"/>'s entries whose name
        /// starts with <paramref name="prefix"/> under <see cref="NamePrefix"/>'s rule (ASCII letters folded), each once (names
        /// that differ only in the case of ASCII letters are one, spelt as its newest entry has it), the one whose newest entry
        /// is the newest first, at most <paramref name="limit"/>: what tab completion of the history cmdlets' -User offers. A
        /// packed entry's OS user and ChangedBy are its pack's (one each a pack). Reads only the newest <see cref="OsUserWindow.Rows"/>
        /// rows and <see cref="OsUserWindow.Packs"/> pack headers, their OS user, ChangedBy and kind, never an entry's changes
        /// as such (SQLite steps past a row's changes to its last column, changed_by).
        /// </summary>
        IReadOnlyList<string> FindOsUsers(SubjectKind kind, string prefix, int limit);

        /// <summary>
        /// The entries <paramref name="command"/> made (<see cref="ChangeEntry.Command"/>, exactly), newest first, read as they
        /// are enumerated: the rows only, since a pack holds created records' entries and a rename writes updates. What an
        /// import's not-found message reads to tell that a template, tag or organization was renamed
        /// (<see cref="Users.ReferenceRenames"/>); only on that error path, once a missing name.
        /// </summary>
        IEnumerable<ChangeEntry> EntriesOfCommand(string command);

        /// <summary>
        /// Every OS user (<see cref="ChangeEntry.OsUser"/>) of <paramref name="kind"/>'s entries, at any time, each at least once, in
        /// no particular order: what Get-BmgDeviceHistory -User names when it matches none of them. The stores read it in SQL;
        /// this reading of every entry is for a store that has nothing better.
        /// </summary>
        IReadOnlyList<string> ReadOsUsers(SubjectKind kind) =>
            System.Linq.Enumerable.ToList(System.Linq.Enumerable.Distinct(System.Linq.Enumerable.Select(Query(new HistoryQuery(kind)), entry => entry.OsUser)));

        /// <summary>
        /// Every <see cref="ChangeEntry.ChangedBy"/> name (not the empty one) of <paramref name="kind"/>'s entries, each at least
        /// once, in no particular order: what -User matches besides the OS users (a row's or a pack's header's).
        /// </summary>
        IReadOnlyList<string> ReadChangedByNames(SubjectKind kind) =>
            System.Linq.Enumerable.ToList(System.Linq.Enumerable.Distinct(System.Linq.Enumerable.Select(
                System.Linq.Enumerable.Where(Query(new HistoryQuery(kind)), entry => entry.ChangedBy.Length != 0), entry => entry.ChangedBy)));

        /// <summary>
        /// Deletes the entries with Sequence up to and including <paramref name="sequence"/>, inside the open write transaction;
        /// returns how many. <paramref name="accepted"/>: the entries a Clear-BmgHistory -AcceptTampered accepted unverified; one
        /// that starts entries kept together which no longer read (a pack) is removed whole, unread, whatever its last_sequence
        /// says (<see cref="PackedClear"/>). Any other that doesn't read stops the delete (HistoryTampered).
        /// </summary>
        long DeleteThrough(long sequence, IReadOnlyCollection<long>? accepted = null);
    }
}
