using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Text;
using BizMobileGo.Core.Users;

namespace BizMobileGo.PowerShell
{
    /// <summary>What the history cmdlets share: the store's change history.</summary>
    public abstract class HistoryCmdlet : BmgCmdlet, IDynamicParameters
    {
        private ChangeHistory? _history;

        /// <summary>The change history of the store -Database names.</summary>
        private protected ChangeHistory History
        {
            get
            {
                if (_history == null)
                {
                    // Every store keeps the history in its write path; a store that doesn't is a build without it.
                    IHistoryStore store = Store as IHistoryStore
                        ?? throw new NotSupportedException($"The store '{Store.Location}' keeps no change history.");
                    _history = new ChangeHistory(store, new HistoryWalk(StopToken, Walked, Compared));
                }

                return _history;
            }
        }

        // A walk of the whole chain (Test-BmgHistory, Clear-BmgHistory) stops at Ctrl+C (HistoryWalk) and, past a second, shows
        // how far it has got, as the import and the renames show theirs (walkthrough 34b, findings 3, 5 and 9).
        private const int WalkProgressId = 4;
        private CountProgress? _walkProgress;

        private void Walked(long entries) =>
            (_walkProgress ??= new CountProgress(this, WalkProgressId, MyInvocation.MyCommand.Name, count => $"Walking the change history: {EnglishWords.Amount(count, "entry", "entries")}")).Tell(entries);

        // Test-BmgHistory -Records: the rows compared after the walk, on the walk's line (its ActivityId).
        private CountProgress? _compareProgress;

        private void Compared(long rows) =>
            (_compareProgress ??= new CountProgress(this, WalkProgressId, MyInvocation.MyCommand.Name, count => $"Comparing the devices and users with their history: {EnglishWords.Amount(count, "row", "rows")}")).Tell(rows);

        /// <summary>The walk's progress line goes (before a prompt, and once the command is done).</summary>
        private protected void EndWalkProgress()
        {
            _walkProgress?.End();
            _compareProgress?.End();
        }
    }

    /// <summary>
    /// Get-BmgDeviceHistory and Get-BmgUserHistory: entries of one kind of subject, by names that subject had
    /// at any time (wildcards), newest first, filtered by time, field and OS user.
    /// </summary>
    public abstract partial class SubjectHistoryCmdlet : HistoryCmdlet
    {
        /// <summary>
        /// Only entries at or after this time. A DateTimeOffset, as Clear-BmgHistory -Before, so that a time the module
        /// handed out (a device's SavedAt, an entry's At) binds as it is; a DateTime or a text without an offset is local time.
        /// </summary>
        [Parameter]
        public DateTimeOffset? Since { get; set; }

        /// <summary>Only entries at or before this time (as <see cref="Since"/>).</summary>
        [Parameter]
        public DateTimeOffset? Until { get; set; }

        /// <summary>
        /// Only entries made by these OS users, or made for them through -ChangedBy (a service acting for a person): "what did
        /// sato do", whatever service acted. Wildcards, any case.
        /// </summary>
        [Parameter]
        [NoScriptBlock]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(HistoryOsUserCompleter))]
        public string[]? User { get; set; }

        /// <summary>
        /// Only entries of these kinds: Created (a record's first entry), Changed (any change of a record, renames too),
        /// Removed. Filtered in the store's query, as -Field is: -Field DEPMethod -Action Changed leaves out the created
        /// records' entries, which after an import are most of the history (walkthrough 24, 5).
        /// </summary>
        [Parameter]
        [ValidateSet(nameof(ChangeAction.Created), nameof(ChangeAction.Changed), nameof(ChangeAction.Removed))]
        [NameNotNumber(typeof(ChangeAction), Names = new[] { nameof(ChangeAction.Created), nameof(ChangeAction.Changed), nameof(ChangeAction.Removed) })]
        public ChangeAction[]? Action { get; set; }

        /// <summary>
        /// Only the newest N entries: of all the subjects named on the command line together (one list, newest first), and of
        /// each piped record's subjects, as each piped record gets what it would get alone (Get-BmgDevice | Get-BmgDeviceHistory
        /// -Last 1: each device's last change). As Get-BmgImportHistory -Last; the store's read stops at the Nth entry.
        /// </summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? Last { get; set; }

        /// <summary>
        /// The piped object itself, so that a piped record of this module (a Device or User, or a history entry of the kind)
        /// shows that record's own history, not that of every device or user that ever bore its name (one removed earlier, say).
        /// Only the live object says so: a DeviceKey or UserKey column of a CSV, or of an object read back from a file, may come
        /// from another store. Hidden, and refused when typed: the name is what a person types.
        /// </summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        private protected abstract SubjectKind Kind { get; }

        private protected override string? PipelineOnlyInputAdvice => Kind == SubjectKind.Device
            ? "-InputObject takes only piped devices (Get-BmgDevice | Get-BmgDeviceHistory); name a device by -Identifier."
            : "-InputObject takes only piped users (Get-BmgUser | Get-BmgUserHistory); name a user by -UserName.";

        /// <summary>Device identifiers ignore case; user names don't.</summary>
        private bool IgnoreCase => Kind == SubjectKind.Device;

        private StringComparison NameComparison => IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

        /// <summary>
        /// -Since later than -Until selects nothing: refused (InvalidTimeRange) before anything is read. (A typed -InputObject
        /// is refused before this: <see cref="PipelineOnlyInputAdvice"/>.)
        /// </summary>
        protected override void BeginProcessingCore()
        {
            HistoryTimeRange.Check(SinceUtc, UntilUtc);
            SayWindow(SinceUtc, UntilUtc);
        }

        /// <summary>
        /// Writes the history of the names a command line gave, or keeps a piped record for its batch with the store key of
        /// the piped object (<see cref="PipedRecordKey"/>, or a history entry's of this kind), checked in its batch against the
        /// history under the name it bound: a record of another store, or a key since reused, selects by its name instead.
        /// </summary>
        private protected void WriteHistoryOf(string[]? names, string parameterName)
        {
            if (!FromPipeline(parameterName))
            {
                WriteHistory(names);
                return;
            }

            (string? key, string? name) = InputObject?.BaseObject switch
            {
                ChangeEntry entry when entry.SubjectKind == Kind => (entry.SubjectKey, entry.Subject),
                object piped => PipedRecordKey(piped),
                null => (null, null),
            };
            KeepPiped(names, key, name);
        }

        /// <summary>The store key and name of a piped record of this kind (a Device, a User); (null, null) for any other object.</summary>
        private protected abstract (string? Key, string? Name) PipedRecordKey(object piped);

        protected override void EndProcessingCore()
        {
            WritePiped();
            _shownProgressLine?.End();
            if (_tampered.Rest() is string rest)
            {
                WriteWarning(rest);
            }

            WarnOfUnknownOsUser();
        }

        /// <summary>The warnings for the entries shown that don't verify (HistoryTampered), counted over the whole command.</summary>
        private readonly TamperedEntryWarnings _tampered = new TamperedEntryWarnings();

        /// <summary>Entries this command wrote.</summary>
        private long _written;

        /// <summary>
        /// -User that found nothing, and no OS user of the history is one it names (a typo, say): a warning naming the history's
        /// OS users (<see cref="ChangeHistory.UnknownOsUserWarning"/>). A -User that names someone who made entries, but none the
        /// other filters keep, stays silent, as any filter that matches nothing.
        /// </summary>
        private void WarnOfUnknownOsUser()
        {
            // Its bad patterns were said when it was read; not again.
            if (User == null || _written != 0 || OsUsers(_ => { }) is not { Count: > 0 } users)
            {
                return;
            }

            if (History.UnknownOsUserWarning(Kind, User, osUser => users.Any(match => match.IsMatch(osUser))) is string warning)
            {
                WriteWarning(warning);
            }
        }

        private DateTimeOffset? SinceUtc => Since is DateTimeOffset since ? HistoryTime.FromParameter(since) : (DateTimeOffset?)null;

        private DateTimeOffset? UntilUtc => Until is DateTimeOffset until ? HistoryTime.FromParameter(until) : (DateTimeOffset?)null;

        private bool _clearedWindowSaid;
        private string? _clearedWindowWarning;
        private bool _clearedWindowRead;

        /// <summary>The query of the command's window.</summary>
        private HistoryQuery NewQuery(string[]? fields) =>
            new HistoryQuery(Kind) { Since = SinceUtc, Until = UntilUtc, Fields = fields, Actions = Action };

        /// <summary>
        /// The entries <paramref name="query"/> finds (verified, newest first; the newest <paramref name="last"/> when given), and,
        /// once a command, the warning that a clear removed part of its window (<see cref="ChangeHistory.ClearedWindowWarning"/>,
        /// walkthrough 35, 1) where it is due.
        /// </summary>
        /// <remarks>
        /// An answer that can vouch for itself is watched (<see cref="WholeAnswerCheck"/>), and the warning comes after it only
        /// when it may lack what the clear took: a question about named devices or users is whole when each one's created entry
        /// is in the answer (its life began after the clear; tamper36, item 3: on a store cleared for retention every device asked
        /// for said it), and the newest N (-Last) are whole when all N were found at or after the clear's date, as
        /// Get-BmgImportHistory -Last (walkthrough 44, 5). A subject whose entries all went is said when its name is looked up
        /// (ReportNoSubject). A question of every subject without -Last, or with a filter that may leave a created entry out
        /// (-Field, -User, -Action without Created) and no -Last, says it before any entry, as before: nothing in it can tell.
        /// </remarks>
        private IEnumerable<ShownEntry> ReadWarned(HistoryQuery query, int? last)
        {
            WholeAnswerCheck? check = null;
            if (ClearedWindowDue)
            {
                if ((query.SubjectKeys != null && CreatedKept) || last != null)
                {
                    check = new WholeAnswerCheck(CreatedKept);
                }
                else
                {
                    SayClearedWindow();
                }
            }

            IEnumerable<ShownEntry> read = History.QueryVerified(query);
            foreach (ShownEntry shown in last is int newest ? read.Take(newest) : read)
            {
                check?.Add(shown);
                yield return shown;
            }

            if (check != null)
            {
                SayClearedWindowUnlessWhole(check.WholeFrom(last, query.SubjectKeys));
            }
        }

        /// <summary>Whether the warning of a cleared window is still to be said: the clear took part of the window, and it was not said.</summary>
        private bool ClearedWindowDue => !_clearedWindowSaid && ClearedWindowWarning() != null;

        /// <summary>Whether every created entry of the subjects asked for is in the answer's reach: no filter may leave one out.</summary>
        private bool CreatedKept => FieldsOfCommand == null && User == null && (Action == null || Action.Contains(ChangeAction.Created));

        /// <summary>
        /// Says the warning of a cleared window unless the answer is whole from a time at or after the clear's date
        /// (<paramref name="wholeFrom"/>, <see cref="WholeAnswerCheck.WholeFrom"/>; null: not known whole).
        /// </summary>
        private void SayClearedWindowUnlessWhole(DateTimeOffset? wholeFrom)
        {
            if (wholeFrom == DateTimeOffset.MaxValue
                || (wholeFrom != null && History.ClearedWindowWarning(SinceUtc, wholeFromUtc: wholeFrom) == null))
            {
                return;
            }

            SayClearedWindow();
        }

        /// <summary>The warning of a window a clear removed part of (read once a command); null when nothing was cleared of it.</summary>
        private string? ClearedWindowWarning()
        {
            if (!_clearedWindowRead)
            {
                _clearedWindowRead = true;
                _clearedWindowWarning = History.ClearedWindowWarning(SinceUtc);
            }

            return _clearedWindowWarning;
        }

        /// <summary>Says <see cref="ClearedWindowWarning"/>, once a command.</summary>
        private void SayClearedWindow()
        {
            if (!_clearedWindowSaid && ClearedWindowWarning() is string warning)
            {
                _clearedWindowSaid = true;
                WriteWarning(warning);
            }
        }

        /// <summary>The query's filter of the -User matches <paramref name="users"/> (null: anyone's entries).</summary>
        private static Func<string, bool>? OsUserFilter(List<NameMatch>? users) =>
            users == null ? null : osUser => users.Any(match => match.IsMatch(osUser));

        /// <summary>The -User filter, or null for anyone; an empty list when -User names no one (then nothing is written).</summary>
        private List<NameMatch>? OsUsers(Action<ErrorRecord>? report = null) =>
            User == null ? null : Matches(User, literal: false, ignoreCase: true, _ => false, nameof(User), report);

        /// <summary>
        /// Writes the entries of the subjects <paramref name="names"/> name (null: every subject), newest first: a name typed
        /// on the command line. Piped records go through <see cref="KeepPiped"/>.
        /// </summary>
        private protected void WriteHistory(string[]? names)
        {
            HistoryQuery query = NewQuery(FieldsOfCommand);
            if (OsUsers() is List<NameMatch> users)
            {
                if (users.Count == 0)
                {
                    return;
                }

                query.OsUser = OsUserFilter(users);
            }

            if (names != null && names.Length != 0)
            {
                HashSet<string> keys = SubjectKeys(names, literal: false, WriteError);
                if (keys.Count == 0)
                {
                    return;
                }

                query.SubjectKeys = keys;
            }

            try
            {
                foreach (ShownEntry shown in ReadWarned(query, Last))
                {
                    WriteEntry(shown);
                }
            }
            catch (BmgException e)
            {
                // Entries are read as they are written out: a store that fails on the way (a packed run of entries
                // edited by hand so it no longer reads: HistoryTampered) stops the command with its ErrorId.
                ThrowTerminatingError(ToErrorRecord(e));
            }
        }

        /// <summary>The -Field filter of the command (a command-line parameter: the same for every piped record).</summary>
        private protected abstract string[]? FieldsOfCommand { get; }

        /// <summary>The first -Last of <paramref name="entries"/> (newest first); all without -Last. Lazy: the read stops there.</summary>
        private IEnumerable<ShownEntry> Newest(IEnumerable<ShownEntry> entries) => Last is int last ? entries.Take(last) : entries;

        private void WriteEntry(ShownEntry shown)
        {
            // An entry that doesn't verify is shown as stored, after a warning that names it (TamperedEntryWarnings).
            if (_tampered.For(shown) is string warning)
            {
                WriteWarning(warning);
            }

            // The entry as it is: the views select on its own type (DeviceHistoryEntry / UserHistoryEntry), which names the
            // subject as its kind does, and everything shown is its own property (ShownEntry). No type name is inserted: a
            // PSObject's inserted type names are kept in a table beside the object (PSObject.TypeNames), one entry an object,
            // ~0.35 CPU s of a 150,000-entry answer (hq26, PERFORMANCE.md).
            try
            {
                WriteObject(shown);
            }
            catch (PipelineStoppedException)
            {
                // Ctrl+C reached the command downstream first (its script block's sleep): the streamed read this entry came from is
                // closed as this leaves (the foreach's end), and a close that sees no stop reads the rest of the result inline, as
                // long as a server or network holds it back (Postgres.SilentNetwork, "Ctrl+C while a history listing writes an
                // entry", failed once at low load: ci43).
                SeeStopFirst();
                throw;
            }

            _written++;
            ShownProgress.Tell(_written);
        }

        // A long answer (Get-BmgDeviceHistory '*': 1,200,000 entries, a minute) says past a second how many entries it has shown
        // (walkthrough 34b, finding 5).
        private const int ShownProgressId = 5;
        private CountProgress? _shownProgressLine;

        private CountProgress ShownProgress => _shownProgressLine ??= new CountProgress(this, ShownProgressId, MyInvocation.MyCommand.Name,
            count => $"Reading the change history: {EnglishWords.Amount(count, "entry", "entries")}");

        /// <summary>The keys of the subjects the names name; a name (not a pattern) that no subject ever had is an error, handed to <paramref name="report"/>.</summary>
        private HashSet<string> SubjectKeys(string[] names, bool literal, Action<ErrorRecord> report)
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            StringComparison comparison = NameComparison;
            foreach (NameMatch match in Matches(names.Where(name => name != null).ToArray(), literal, IgnoreCase,
                name => History.FindSubjectKeys(Kind, name, found => string.Equals(found, name, comparison)).Count > 0,
                Kind == SubjectKind.Device ? "Identifier" : "UserName"))
            {
                IReadOnlyCollection<string> found = History.FindSubjectKeys(Kind, match.Exact, match.IsMatch, match.IsPattern ? match.Text : null);
                if (found.Count == 0 && match.Exact != null)
                {
                    ReportNoSubject(match.Exact, report);
                }

                keys.UnionWith(found);
            }

            return keys;
        }

        /// <summary>
        /// A name that finds no history: a device or user the store holds now has no entry left (a clear took them), which is
        /// no error: nothing is written but a -Verbose line that says so. Else the name is <see cref="NotFound"/>.
        /// </summary>
        private void ReportNoSubject(string name, Action<ErrorRecord> report)
        {
            if (IsInStore(name))
            {
                // Its entries all went: a window that reaches before the clear lacks them (the warning, once a command).
                SayClearedWindow();
                SayVerbose($"{History.NoEntriesNote(Kind, name)}");
                return;
            }

            report(ToErrorRecord(NotFound(name)));
        }

        /// <summary>Whether the store holds a device of that Identifier (any case, as devices are looked up), or a user of that UserName.</summary>
        private bool IsInStore(string name) => Kind == SubjectKind.Device
            ? Store.GetDevice(name) != null
            : Store.GetUser(name) is User user && string.Equals(user.UserName, name, NameComparison);

        // Says what was looked up: the store's devices or users (neither holds the name: ReportNoSubject) and the history's index
        // of past names, not the entries themselves (a look-up reads no entry until it has keys), so it points to the check of that
        // index; after a clear, which removed the names of the entries it removed, it says that instead (ChangeHistory.ClearedNamesNote).
        private BmgException NotFound(string name) => History.ClearedNamesNote(Kind) is string cleared
            ? Kind == SubjectKind.Device
                ? new BmgException(ErrorIds.DeviceNotFound, BmgErrorCategory.ObjectNotFound,
                    $"No device has the Identifier '{FieldText.Printable(name)}' {SearchedStore.In(Store)}, and no entry left in the change history had it: {cleared}.", name)
                : new BmgException(ErrorIds.UserNotFound, BmgErrorCategory.ObjectNotFound,
                    $"No user has the UserName '{FieldText.Printable(name)}' {SearchedStore.In(Store)}, and no entry left in the change history had it: {cleared}{UserHint(name)}.", name)
            : Kind == SubjectKind.Device
            ? new BmgException(ErrorIds.DeviceNotFound, BmgErrorCategory.ObjectNotFound,
                $"No device has or had the Identifier '{FieldText.Printable(name)}' {SearchedStore.In(Store)}: neither the store's devices nor the history's index of past identifiers has it (Test-BmgHistory checks that index against the history's entries).", name)
            : new BmgException(ErrorIds.UserNotFound, BmgErrorCategory.ObjectNotFound,
                $"No user has or had the UserName '{FieldText.Printable(name)}' {SearchedStore.In(Store)}: neither the store's users nor the history's index of past user names has it (Test-BmgHistory checks that index against the history's entries){UserHint(name)}.", name);

        /// <summary>"; did you mean 'tanaka'? …" when a user of the store has the name but for case (the change history is case-sensitive too).</summary>
        private string UserHint(string name) => UserNameHint.DidYouMean(Store, name) is NearUserNames near ? "; " + near.Hint : "";
    }
}
