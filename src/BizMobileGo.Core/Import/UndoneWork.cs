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
    /// Checked a chunk of rows at a time (<see cref="CheckChunk"/>: one batched history read of the chunk's changed devices, one
    /// of its changed users, and one names look-up plus one read for its created ones; none for a chunk that changes and creates
    /// nothing), and only counts and the first rows' lines are kept: memory holds one chunk, whatever the file's length.
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
        private int _recreating;
        private readonly List<string> _firstRecreating = new List<string>(Named);

        private readonly struct Changed<T>
        {
            public Changed(int line, T before, T after)
            {
                Line = line;
                Before = before;
                After = after;
            }

            public int Line { get; }
            public T Before { get; }
            public T After { get; }
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

        /// <summary>
        /// Keeps an applied row's plans that may undo recent work (an update, a creation) until its chunk is checked.
        /// <paramref name="emailQueuedTo"/>: the address of the check-in email the row queues, named for a user created again.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        internal void Add(int line, RecordPlan<User>? userPlan, RecordPlan<Device>? devicePlan, string? emailQueuedTo)
        {
            if (userPlan != null)
            {
                if (userPlan.Existing is User before && before.UserKey != null && userPlan.Action == RecordAction.Updated)
                {
                    _changedUsers.Add(new Changed<User>(line, before, userPlan.Proposed));
                }
                else if (userPlan.Existing == null)
                {
                    _createdUsers.Add(new Created(line, userPlan.Proposed.UserName, emailQueuedTo));
                }
            }

            if (devicePlan != null)
            {
                if (devicePlan.Existing is Device before && before.DeviceKey != null && devicePlan.Action == RecordAction.Updated)
                {
                    _changedDevices.Add(new Changed<Device>(line, before, devicePlan.Proposed));
                }
                else if (devicePlan.Existing == null)
                {
                    _createdDevices.Add(new Created(line, devicePlan.Proposed.Identifier, null));
                }
            }
        }

        /// <summary>Whether rows of the chunk being planned wait for <see cref="CheckChunk"/>.</summary>
        internal bool ChunkHeld => _changedDevices.Count + _changedUsers.Count + _createdDevices.Count + _createdUsers.Count != 0;

        /// <summary>
        /// Checks the rows kept since the last check against the history since <see cref="Window"/> before
        /// <paramref name="startedAt"/> (the import's start; its own entries, at that time, are not another's work), inside the
        /// import's transaction while no other thread uses the store; then forgets them.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        internal void CheckChunk(IDeviceStore store, DateTimeOffset startedAt)
        {
            if (!ChunkHeld)
            {
                return;
            }

            if (store is IHistoryStore history)
            {
                DateTimeOffset since = startedAt - Window;
                CheckChanged(history, SubjectKind.Device, _changedDevices, since, startedAt,
                    device => device.DeviceKey!.Value, device => $"device '{FieldText.Printable(device.Identifier)}'", ChangeDiff.Of);
                CheckChanged(history, SubjectKind.User, _changedUsers, since, startedAt,
                    user => user.UserKey!.Value, user => $"user '{FieldText.Printable(user.UserName)}'", ChangeDiff.Of);
                CheckCreated(history, SubjectKind.Device, _createdDevices, since, startedAt);
                CheckCreated(history, SubjectKind.User, _createdUsers, since, startedAt);
            }

            _changedDevices.Clear();
            _changedUsers.Clear();
            _createdDevices.Clear();
            _createdUsers.Clear();
        }

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
        private void CheckChanged<T>(IHistoryStore history, SubjectKind kind, List<Changed<T>> rows, DateTimeOffset since, DateTimeOffset startedAt,
            Func<T, long> keyOf, Func<T, string> named, Func<T?, T?, IReadOnlyList<HistoryFieldChange>> diff) where T : class
        {
            if (rows.Count == 0)
            {
                return;
            }

            // The history's own texts of each row's changes (ChangeDiff, what the entry this row writes will hold), by subject key.
            var planned = new Dictionary<string, (Changed<T> Row, IReadOnlyList<HistoryFieldChange> Changes)>(rows.Count, StringComparer.Ordinal);
            var fields = new HashSet<string>(StringComparer.Ordinal);
            foreach (Changed<T> row in rows)
            {
                IReadOnlyList<HistoryFieldChange> changes = diff(row.Before, row.After);
                planned[keyOf(row.Before).ToString(CultureInfo.InvariantCulture)] = (row, changes);
                foreach (HistoryFieldChange change in changes)
                {
                    fields.Add(change.Field);
                }
            }

            // One read for the chunk: its subjects' changes of those fields since the cut-off, newest first, so the first entry
            // that changes a (subject, field) is that field's latest change.
            var query = new HistoryQuery(kind) { SubjectKeys = planned.Keys.ToList(), Since = since, Fields = fields, Actions = new[] { ChangeAction.Changed } };
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
                if (reverting.TryGetValue(keyOf(row.Before).ToString(CultureInfo.InvariantCulture), out string? text) && ++_reverting <= Named)
                {
                    _firstReverting.Add(text);
                }
            }
        }

        [MethodImpl(PerRowCode.Compile)] // per chunk or row of an import: see Import.PerRowCode
        private void CheckCreated(IHistoryStore history, SubjectKind kind, List<Created> rows, DateTimeOffset since, DateTimeOffset startedAt)
        {
            if (rows.Count == 0)
            {
                return;
            }

            // The subjects that ever had these names (device identifiers ignoring case, user names exactly), one look-up; then
            // their removals since the cut-off, one read. Nothing more on a store whose history never named them.
            List<string> names = rows.Select(row => row.Name).ToList();
            List<HistorySubject> subjects = history.FindSubjectsNamed(kind, names).ToList();
            if (subjects.Count == 0)
            {
                return;
            }

            var query = new HistoryQuery(kind)
            {
                SubjectKeys = subjects.Select(subject => subject.Key).Distinct().ToList(),
                Since = since,
                Actions = new[] { ChangeAction.Removed },
            };
            IEqualityComparer<string> comparer = kind == SubjectKind.Device ? DeviceIdentifier.Comparer : StringComparer.Ordinal;
            var removed = new Dictionary<string, ChangeEntry>(comparer);
            foreach (ChangeEntry entry in history.Query(query))
            {
                if (query.Matches(entry) && entry.AtUtc < startedAt)
                {
                    // Newest first: the latest removal under that name.
                    removed.TryAdd(entry.Subject, entry);
                }
            }

            foreach (Created row in rows)
            {
                if (removed.TryGetValue(row.Name, out ChangeEntry? entry) && ++_recreating <= Named)
                {
                    string what = kind == SubjectKind.Device ? "device" : "user";
                    _firstRecreating.Add($"Line {row.Line}: {what} '{FieldText.Printable(row.Name)}' was removed ({ReferenceRenames.When(entry)}); "
                        + "this import creates it again"
                        + (row.EmailQueuedTo == null ? "" : $" and queues a check-in email to '{FieldText.Printable(row.EmailQueuedTo)}'"));
                }
            }
        }

        /// <summary>
        /// The import's warnings (none, one, or two): rows that set fields back over recent changes, rows that create again what
        /// was removed recently. Each names its first <see cref="Named"/> rows, counts the rest, and says how to keep the work.
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

            if (_recreating != 0)
            {
                warnings.Add($"{Lead(_recreating, $"would create again a device or user removed in the last {days}")}: "
                    + Listed(_firstRecreating, _recreating)
                    + ". To leave them removed, stop (nothing is written under -WarningAction Stop) and take those rows out of the file.");
            }

            return warnings;
        }

        private static string Lead(int count, string predicate) =>
            count == 1 ? $"1 row {predicate}" : $"{EnglishWords.Amount(count, "row")} {predicate}";

        private static string Listed(List<string> first, int count) =>
            string.Join("; ", first) + (count > first.Count ? $"; and {count - first.Count} more" : "");

        private static string Shown(string? value) => value == null ? HistoryFieldChange.NoValueText : $"'{FieldText.Printable(value)}'";
    }
}
