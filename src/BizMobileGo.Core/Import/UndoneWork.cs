using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Text;
using BizMobileGo.Core.Times;
using BizMobileGo.Core.Users;
using HistoryFieldChange = BizMobileGo.Core.History.FieldChange;

namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// What an import's rows would undo of a colleague's recent work, whatever file they come from (walkthrough 40, findings 1
    /// and 2; <see cref="RepeatedFile"/> covers only a file imported before, by its SHA-256): a row that sets a field back to the
    /// value it had before its latest recorded change (an export edited in Excel while another admin changed the device), and a
    /// row that creates again a device or user removed recently (a leaver in the nightly HR feed). Only changes and removals made
    /// within <see cref="Window"/> before the import count: an older one is history the file's author has had time to see.
    /// The history is read once for the import, at the first chunk that changes or creates rows (<see cref="RecentWork"/>: which
    /// subjects of each kind changed in the window, and the names removed in it, usually few); after that a created row is
    /// checked in memory, and only a chunk with changed rows of a subject changed in the window reads the history again (one
    /// batched read of those subjects' changes a kind, <see cref="CheckChunk"/>). A store without recent work costs an import
    /// two reads and one wait for the chunk written beside the planning, whatever the file's length (round 40 waited and
    /// read at every such chunk). Only counts and the first rows' lines are kept: memory holds one chunk, whatever the file's length.
    /// Said once for the import, one warning for each kind (<see cref="Warnings"/>).
    /// </summary>
    public sealed class UndoneWork
    {
        /// <summary>How far back a change or a removal counts as a colleague's recent work (the README's decision).</summary>
        public static readonly TimeSpan Window = TimeSpan.FromDays(7);

        /// <summary>How many rows each warning describes; the rest are counted.</summary>
        public const int Named = BatchedWarning.Named;

        private readonly List<Changed<Device>> _changedDevices = new List<Changed<Device>>();
        private readonly List<Changed<User>> _changedUsers = new List<Changed<User>>();
        private readonly List<Created> _createdDevices = new List<Created>();
        private readonly List<Created> _createdUsers = new List<Created>();

        private int _reverting;
        private readonly List<string> _firstReverting = new List<string>(Named);
        private readonly RowTally _recreating = new RowTally();
        private readonly RowTally _renamedAway = new RowTally();

        // The lines of the chunk being checked that each warning counted already: a row that sets back (or creates again) both
        // its user and its device is one row (walkthrough 44, finding 8: a 4,000-row file was "8,000 rows"), named by its
        // first field undone, as ever. One file's lines (an import is one file); only the lines still to be met are kept: a
        // chunk's while it is checked, then the row's being added.
        private readonly HashSet<int> _revertingLines = new HashSet<int>();

        /// <summary>
        /// The rows one warning about created records names (<see cref="Recreating"/>, <see cref="RenamedAway"/>): how many, the
        /// first <see cref="Named"/> items, and the lines of the chunk being checked with each one's place among the first named
        /// (-1: counted only), so that a row's other subject (its user beside its device) is said in its item, not counted again.
        /// </summary>
        private sealed class RowTally
        {
            private readonly Dictionary<int, int> _lines = new Dictionary<int, int>();

            internal int Count { get; private set; }

            internal List<string> First { get; } = new List<string>(Named);

            internal void Add(int line, string text)
            {
                if (_lines.TryGetValue(line, out int named))
                {
                    if (named >= 0)
                    {
                        First[named] += "; its " + text;
                    }

                    return;
                }

                _lines[line] = ++Count <= Named ? First.Count : -1;
                if (Count <= Named)
                {
                    First.Add($"Line {line}: {text}");
                }
            }

            /// <summary>Forgets the lines met (a chunk checked): the rows after them are other rows.</summary>
            internal void ForgetLines() => _lines.Clear();

            internal bool HasLines => _lines.Count != 0;
        }

        private readonly struct Changed<T>
        {
            public Changed(int line, T before, T after, StoreChange? write)
            {
                Line = line;
                Before = before;
                After = after;
                Write = write;
            }

            public int Line { get; }
            public T Before { get; }
            public T After { get; }

            // The row's write, not made yet: it takes this check's diff to the history recorder.
            public StoreChange? Write { get; }
        }

        private readonly struct Created
        {
            public Created(int line, string name, string? emailQueuedTo)
            {
                Line = line;
                Name = name;
                EmailQueuedTo = emailQueuedTo;
            }

            public int Line { get; }
            public string Name { get; }
            public string? EmailQueuedTo { get; }
        }

        // The recent work of each kind, read at the first chunk that changes or creates rows; null before.
        private RecentWork? _recentDevices;
        private RecentWork? _recentUsers;

        /// <summary>
        /// Keeps an applied row's plans that may undo recent work (an update, a creation) until its chunk is checked; once the
        /// recent work is read, only an update of a subject changed in the window is kept, and a creation is checked at once.
        /// <paramref name="emailQueuedTo"/>: the address of the check-in email the row queues, named for a user created again.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        internal void Add(int line, RecordPlan<User>? userPlan, RecordPlan<Device>? devicePlan, string? emailQueuedTo)
        {
            if (_recentDevices != null && (_recreating.HasLines || _renamedAway.HasLines))
            {
                // Once the recent work is read a creation is checked here, the row's user and device together: the lines of
                // the rows before are met no more.
                _recreating.ForgetLines();
                _renamedAway.ForgetLines();
            }

            if (userPlan != null)
            {
                if (userPlan.Existing is User before && before.UserKey != null && userPlan.Action == RecordAction.Updated)
                {
                    KeepChanged(_changedUsers, _recentUsers, new Changed<User>(line, before, userPlan.Proposed, userPlan.Write), before.UserKey.Value);
                }
                else if (userPlan.Existing == null)
                {
                    KeepCreated(_createdUsers, _recentUsers, SubjectKind.User, new Created(line, userPlan.Proposed.UserName, emailQueuedTo));
                }
            }

            if (devicePlan != null)
            {
                if (devicePlan.Existing is Device before && before.DeviceKey != null && devicePlan.Action == RecordAction.Updated)
                {
                    KeepChanged(_changedDevices, _recentDevices, new Changed<Device>(line, before, devicePlan.Proposed, devicePlan.Write), before.DeviceKey.Value);
                }
                else if (devicePlan.Existing == null)
                {
                    KeepCreated(_createdDevices, _recentDevices, SubjectKind.Device, new Created(line, devicePlan.Proposed.Identifier, null));
                }
            }
        }

        private static void KeepChanged<T>(List<Changed<T>> rows, RecentWork? recent, Changed<T> row, long subjectKey)
        {
            if (recent == null || recent.MayHaveChanged(subjectKey))
            {
                rows.Add(row);
            }
        }

        private void KeepCreated(List<Created> rows, RecentWork? recent, SubjectKind kind, Created row)
        {
            if (recent == null)
            {
                rows.Add(row);
            }
            else
            {
                CheckCreated(kind, row, recent);
            }
        }

        /// <summary>
        /// Whether rows of the chunk being planned wait for <see cref="CheckChunk"/>: before the recent work is read, any row
        /// kept; after, only updates of subjects changed in the window (none, on a store without recent changes).
        /// </summary>
        internal bool ChunkHeld => _changedDevices.Count + _changedUsers.Count + _createdDevices.Count + _createdUsers.Count != 0;

        /// <summary>
        /// Checks the rows kept since the last check against the history since <see cref="Window"/> before
        /// <paramref name="startedAt"/> (the import's start; its own entries, at that time, are not another's work), inside the
        /// import's transaction while no other thread uses the store; then forgets them. The first check reads the recent work
        /// of both kinds (<see cref="RecentWork"/>) and sorts the rows kept by then as <see cref="Add"/> sorts the later ones.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        internal void CheckChunk(IDeviceStore store, DateTimeOffset startedAt)
        {
            _revertingLines.Clear();
            if (!ChunkHeld)
            {
                return;
            }

            if (store is IHistoryStore history)
            {
                DateTimeOffset since = startedAt - Window;
                if (_recentDevices == null || _recentUsers == null)
                {
                    long afterSequence = history.LastRowBefore(RecentWork.ReadFrom(since));
                    _recentDevices = RecentWork.Read(history, SubjectKind.Device, afterSequence, since, startedAt);
                    _recentUsers = RecentWork.Read(history, SubjectKind.User, afterSequence, since, startedAt);
                    Sort(_changedDevices, _recentDevices, device => device.DeviceKey!.Value);
                    Sort(_changedUsers, _recentUsers, user => user.UserKey!.Value);
                    CheckCreated(SubjectKind.Device, _createdDevices, _recentDevices);
                    CheckCreated(SubjectKind.User, _createdUsers, _recentUsers);
                }

                CheckChanged(history, SubjectKind.Device, _changedDevices, _recentDevices.AfterSequence, since, startedAt,
                    device => device.DeviceKey!.Value, device => $"device '{FieldText.Printable(device.Identifier)}'", ChangeDiff.Of);
                CheckChanged(history, SubjectKind.User, _changedUsers, _recentUsers.AfterSequence, since, startedAt,
                    user => user.UserKey!.Value, user => $"user '{FieldText.Printable(user.UserName)}'", ChangeDiff.Of);
            }

            _changedDevices.Clear();
            _changedUsers.Clear();
            _createdDevices.Clear();
            _createdUsers.Clear();
            _recreating.ForgetLines();
            _renamedAway.ForgetLines();
        }

        // The rows kept before the recent work was read: only those of subjects changed in the window stay.
        private static void Sort<T>(List<Changed<T>> rows, RecentWork recent, Func<T, long> keyOf) =>
            rows.RemoveAll(row => !recent.MayHaveChanged(keyOf(row.Before)));

        /// <summary>
        /// The rule: a planned change (stored value → file value) undoes <paramref name="latest"/>, the field's latest recorded
        /// change, when it sets the field back to the value that change replaced over the value it set. A secret's change (no
        /// values) never matches; nor does a planned change that keeps the value.
        /// </summary>
        public static bool Undoes(HistoryFieldChange planned, HistoryFieldChange latest) =>
            !planned.ValueHidden && !latest.ValueHidden
            && string.Equals(planned.Field, latest.Field, StringComparison.Ordinal)
            && !string.Equals(planned.OldValue, planned.NewValue, StringComparison.Ordinal)
            && string.Equals(latest.NewValue, planned.OldValue, StringComparison.Ordinal)
            && string.Equals(latest.OldValue, planned.NewValue, StringComparison.Ordinal);

        /// <summary>Whether a change or removal made at <paramref name="at"/> is recent work for an import started at <paramref name="startedAt"/>.</summary>
        public static bool IsRecent(DateTimeOffset at, DateTimeOffset startedAt) => at >= startedAt - Window && at < startedAt;

        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        private void CheckChanged<T>(IHistoryStore history, SubjectKind kind, List<Changed<T>> rows, long afterSequence, DateTimeOffset since, DateTimeOffset startedAt,
            Func<T, long> keyOf, Func<T, string> named, Func<T?, T?, IReadOnlyList<HistoryFieldChange>> diff) where T : class
        {
            if (rows.Count == 0)
            {
                return;
            }

            // The history's own texts of each row's changes (ChangeDiff, what the entry this row writes will hold), by subject key;
            // made once: the row's write hands them to the history recorder, which would make the same diff again.
            var planned = new Dictionary<string, (Changed<T> Row, IReadOnlyList<HistoryFieldChange> Changes)>(rows.Count, StringComparer.Ordinal);
            var fields = new HashSet<string>(StringComparer.Ordinal);
            foreach (Changed<T> row in rows)
            {
                IReadOnlyList<HistoryFieldChange> changes = row.Write?.HistoryChanges ?? diff(row.Before, row.After);
                if (row.Write != null)
                {
                    row.Write.HistoryChanges = changes;
                }

                planned[keyOf(row.Before).ToString(CultureInfo.InvariantCulture)] = (row, changes);
                foreach (HistoryFieldChange change in changes)
                {
                    fields.Add(change.Field);
                }
            }

            // One read for the chunk: its subjects' changes of those fields since the cut-off, newest first, so the first entry
            // that changes a (subject, field) is that field's latest change; after the recent work's (RecentWork.AfterSequence).
            var query = new HistoryQuery(kind)
            {
                SubjectKeys = planned.Keys.ToList(), Since = since, AfterSequence = afterSequence, Fields = fields, Actions = new[] { ChangeAction.Changed },
            };
            var seen = new HashSet<(string, string)>();
            var reverting = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (ChangeEntry entry in history.Query(query))
            {
                if (!query.Matches(entry) || entry.AtUtc >= startedAt || !planned.TryGetValue(entry.SubjectKey, out var row))
                {
                    continue;
                }

                foreach (HistoryFieldChange latest in entry.Changes)
                {
                    if (!seen.Add((entry.SubjectKey, latest.Field)))
                    {
                        continue;
                    }

                    HistoryFieldChange? mine = row.Changes.FirstOrDefault(change => change.Field == latest.Field);
                    if (mine != null && Undoes(mine, latest) && !reverting.ContainsKey(entry.SubjectKey))
                    {
                        reverting[entry.SubjectKey] = $"Line {row.Row.Line} ({named(row.Row.Before)}): {latest.Field} would go back to "
                            + $"{Shown(latest.OldValue)} over {Shown(latest.NewValue)}, changed ({ReferenceRenames.When(entry)})";
                    }
                }
            }

            // In the rows' order, one line a row (its first field undone).
            foreach (Changed<T> row in rows)
            {
                if (reverting.TryGetValue(keyOf(row.Before).ToString(CultureInfo.InvariantCulture), out string? text))
                {
                    NameDevice(row.Before as Device);
                    if (!_revertingLines.Add(row.Line))
                    {
                        continue;
                    }

                    if (++_reverting <= Named)
                    {
                        _firstReverting.Add(text);
                    }
                }
            }
        }

        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        private void CheckCreated(SubjectKind kind, List<Created> rows, RecentWork recent)
        {
            foreach (Created row in rows)
            {
                CheckCreated(kind, row, recent);
            }
        }

        /// <summary>A created row under a name the window removed (created again) or renamed away (a second record beside it).</summary>
        private void CheckCreated(SubjectKind kind, Created row, RecentWork recent)
        {
            if (recent.RemovalOf(row.Name) is ChangeEntry removal)
            {
                Recreating(kind, row, removal);
            }
            else if (recent.RenameOf(row.Name) is string renamed)
            {
                RenamedAway(kind, row, renamed);
            }
        }

        /// <summary>A row that creates again what <paramref name="removal"/> removed in the window: counted, and its line kept among the first.</summary>
        private void Recreating(SubjectKind kind, Created row, ChangeEntry removal)
        {
            if (kind == SubjectKind.Device)
            {
                _devicesNamed.Add(RepeatedFile.Fingerprint(row.Name));
            }

            string what = kind == SubjectKind.Device ? "device" : "user";
            _recreating.Add(row.Line, $"{what} '{FieldText.Printable(row.Name)}' was removed ({ReferenceRenames.When(removal)}); "
                + "this import creates it again" + EmailQueued(row));
        }

        /// <summary>
        /// A row that creates a device or user under a name the window renamed away (<paramref name="renamed"/>: where it went,
        /// <see cref="RecentWork.RenameOf"/>): a file written before a Rename-BmgDevice (HR's sheet still has the old name) makes
        /// a second record beside the renamed one, with a check-in code of its own, where the author meant the renamed one
        /// (walkthrough 45, finding 1). Counted, and its line kept among the first.
        /// </summary>
        private void RenamedAway(SubjectKind kind, Created row, string renamed)
        {
            if (kind == SubjectKind.Device)
            {
                _devicesNamed.Add(RepeatedFile.Fingerprint(row.Name));
            }

            string what = kind == SubjectKind.Device ? "device" : "user";
            _renamedAway.Add(row.Line, $"{what} {renamed}; this import creates a new {what} '{FieldText.Printable(row.Name)}'" + EmailQueued(row));
        }

        private static string EmailQueued(Created row) =>
            row.EmailQueuedTo == null ? "" : $" and queues a check-in email to '{FieldText.Printable(row.EmailQueuedTo)}'";

        // The devices of the rows this check names (RepeatedFile's fingerprints), all of them, not only the first lines.
        private readonly HashSet<long> _devicesNamed = new HashSet<long>();

        private void NameDevice(Device? device)
        {
            if (device != null)
            {
                _devicesNamed.Add(RepeatedFile.Fingerprint(device.Identifier));
            }
        }

        /// <summary>
        /// Whether a row of this import that creates or changes the device with <paramref name="fingerprint"/>
        /// (<see cref="RepeatedFile.Fingerprint"/>) is named by <see cref="Warnings"/>: the repeated-file warning leaves it to
        /// this one, which says the line, the field and whose work it undoes (README "One warning for one undone change").
        /// </summary>
        internal bool NamesDevice(long fingerprint) => _devicesNamed.Contains(fingerprint);

        /// <summary>
        /// The import's warnings (none to three): rows that set fields back over recent changes, rows that create again what
        /// was removed recently, rows that create a second record under a name renamed away recently. Each names its first <see cref="Named"/> rows, counts the rest, and says how to keep the work.
        /// </summary>
        public IReadOnlyList<string> Warnings()
        {
            var warnings = new List<string>(2);
            string days = EnglishWords.Amount((long)Window.TotalDays, "day");
            if (_reverting != 0)
            {
                warnings.Add($"{Lead(_reverting, $"would set a field back to the value it had before another change of the last {days}, undoing it")}: "
                    + Listed(_firstReverting, _reverting)
                    + ". To keep that work, stop (nothing is written under -WarningAction Stop), export those rows again (Export-BmgDeviceCsv) "
                    + "and redo only your edit; Get-BmgDeviceHistory/Get-BmgUserHistory shows each change.");
            }

            if (_recreating.Count != 0)
            {
                warnings.Add($"{Lead(_recreating.Count, $"would create again a device or user removed in the last {days}")}: "
                    + Listed(_recreating.First, _recreating.Count)
                    + ". To leave them removed, stop (nothing is written under -WarningAction Stop) and take those rows out of the file.");
            }

            if (_renamedAway.Count != 0)
            {
                warnings.Add($"{Lead(_renamedAway.Count, $"would create a device or user under a name renamed in the last {days}, a second one beside the renamed one")}: "
                    + Listed(_renamedAway.First, _renamedAway.Count)
                    + ". To change the renamed device or user instead, stop (nothing is written under -WarningAction Stop) and give its new name in those rows.");
            }

            return warnings;
        }

        private static string Lead(int count, string predicate) =>
            count == 1 ? $"1 row {predicate}" : $"{EnglishWords.Amount(count, "row")} {predicate}";

        private static string Listed(List<string> first, int count) =>
            string.Join("; ", first) + (count > first.Count ? $"; and {EnglishWords.Number(count - first.Count)} more" : "");

        private static string Shown(string? value) => value == null ? HistoryFieldChange.NoValueText : $"'{FieldText.Printable(value)}'";
    }
}
