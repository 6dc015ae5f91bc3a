using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Users;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// Test-BmgHistory -Records: compares every device and user row with the newest value its entries set for each field
    /// (walkthrough 35, 6). The chain proves the entries were not edited; this shows a row edited by hand with sqlite3 or psql
    /// (<c>UPDATE devices SET display_name = …</c>), a row deleted by hand, and an edit by hand that a later change overwrote
    /// (that change's entry found a value no entry had set).
    /// </summary>
    /// <remarks>
    /// Flat in memory at a million devices: no value is kept while the chain is walked. Each device and user keeps a 64-bit
    /// digest of its fields' newest values (the sum of a keyed hash of each field and value, updated by each entry as new
    /// minus old) and a few marks, in pages by key (keys are handed out in order, so pages are full): 16 bytes a subject.
    /// Then the rows are streamed and each one's digest is made from its fields as a created entry would list them
    /// (<see cref="ChangeDiff.Of(Device?, Device?)"/>, the very texts entries hold); only a subject whose digest differs is read
    /// again, entries and all, in batches of <see cref="Batch"/> keys (one indexed query each), and replayed field by field to
    /// name each mismatch. The hash is keyed with a number drawn for each run, so a value can't be made to collide on purpose.
    /// A check-in code is compared as set or not while its history knows (its created entry says whether there was one); once a
    /// change made it "changed", it is not compared. A subject whose first entry is not its creation (a clear removed it) is
    /// checked only for whether its row is there.
    /// </remarks>
    internal sealed class RecordReplayCheck
    {
        /// <summary>Subjects read again at once to name their mismatches: within a store's keys-a-query limit.</summary>
        private const int Batch = 500;

        private const int PageSize = 4096;

        [Flags]
        private enum Marks : byte
        {
            Seen = 1,
            Whole = 2,
            Removed = 4,
            CodeKnown = 8,
            CodeSet = 16,
            RowSeen = 32,
        }

        private struct Slot
        {
            public ulong Digest;
            public Marks Marks;
        }

        /// <summary>The slots of one kind, in pages by key: a page is made when a key in it is first seen.</summary>
        private sealed class Slots
        {
            private readonly Dictionary<long, Slot[]> _pages = new Dictionary<long, Slot[]>();

            public ref Slot Add(long key)
            {
                long page = key / PageSize;
                if (!_pages.TryGetValue(page, out Slot[]? slots))
                {
                    _pages[page] = slots = new Slot[PageSize];
                }

                return ref slots[key % PageSize];
            }

            /// <summary>The slot of <paramref name="key"/>; false when no entry of it was seen.</summary>
            public bool Has(long key) =>
                key >= 0 && _pages.TryGetValue(key / PageSize, out Slot[]? slots) && (slots[key % PageSize].Marks & Marks.Seen) != 0;

            public IEnumerable<long> Keys(Func<Marks, bool> where)
            {
                foreach (KeyValuePair<long, Slot[]> page in _pages.OrderBy(page => page.Key))
                {
                    for (int i = 0; i < PageSize; i++)
                    {
                        if (where(page.Value[i].Marks))
                        {
                            yield return page.Key * PageSize + i;
                        }
                    }
                }
            }
        }

        private static readonly HashSet<string> DeviceFields = new HashSet<string>(ChangeDiff.DeviceFields, StringComparer.Ordinal);
        private static readonly HashSet<string> UserFields = new HashSet<string>(ChangeDiff.UserFields, StringComparer.Ordinal);

        private readonly Slots _devices = new Slots();
        private readonly Slots _users = new Slots();
        // Drawn from the cryptographic generator, as every random number of the product (CheckInCodeRandomnessTests).
        private readonly int _salt = RandomNumberGenerator.GetInt32(int.MaxValue);

        private readonly List<RecordMismatch> _mismatches = new List<RecordMismatch>();
        private long _mismatchCount;
        private long _notWhole;
        private long _withoutEntries;

        /// <summary>One verified entry, oldest first (the walk of <see cref="HistoryChain.Verify(IEnumerable{ChangeEntry}, string?)"/>).</summary>
        public void Observe(ChangeEntry entry)
        {
            if ((entry.SubjectKind != SubjectKind.Device && entry.SubjectKind != SubjectKind.User) || !entry.TryGetKeyNumber(out long key) || key < 0)
            {
                return;
            }

            ref Slot slot = ref (entry.SubjectKind == SubjectKind.Device ? _devices : _users).Add(key);
            if ((slot.Marks & Marks.Seen) == 0)
            {
                slot.Marks |= Marks.Seen | (entry.Action == ChangeAction.Created ? Marks.Whole : 0);
            }

            if (entry.Action == ChangeAction.Removed)
            {
                slot.Marks |= Marks.Removed;
                return;
            }

            if (entry.Action == ChangeAction.Created)
            {
                slot.Digest = 0;
                slot.Marks = (slot.Marks & ~Marks.CodeSet) | Marks.CodeKnown;
            }

            HashSet<string> fields = entry.SubjectKind == SubjectKind.Device ? DeviceFields : UserFields;
            foreach (FieldChange change in entry.Changes)
            {
                if (!fields.Contains(change.Field))
                {
                    continue;
                }

                if (change.ValueHidden)
                {
                    // A created entry's hidden code: there is one. A later change: the code changed, to what (or to none) is not kept.
                    slot.Marks = entry.Action == ChangeAction.Created ? slot.Marks | Marks.CodeSet : slot.Marks & ~Marks.CodeKnown;
                    continue;
                }

                slot.Digest += Hash(change.Field, Value(change.NewValue)) - Hash(change.Field, Value(change.OldValue));
            }
        }

        /// <summary>
        /// Compares every row of <paramref name="store"/> with the digests the walk left, reads the subjects that differ again
        /// from <paramref name="history"/> to name each mismatch, and looks for subjects whose row is gone.
        /// </summary>
        public RecordCheck Finish(IDeviceStore store, IHistoryStore history, HistoryWalk walk)
        {
            var pending = new List<(long Key, string Name, IReadOnlyList<FieldChange>? Row)>();
            long devices = 0;
            long users = 0;
            foreach (Device device in walk.WatchRows(store.GetDevices()))
            {
                devices++;
                if (device.DeviceKey is long key)
                {
                    Compare(SubjectKind.Device, _devices, key, device.Identifier, ChangeDiff.Of(null, device), pending, history);
                }
            }

            Resolve(SubjectKind.Device, pending, history);
            foreach (User user in walk.WatchRows(store.GetUsers(), devices))
            {
                users++;
                if (user.UserKey is long key)
                {
                    Compare(SubjectKind.User, _users, key, user.UserName, ChangeDiff.Of(null, user), pending, history);
                }
            }

            Resolve(SubjectKind.User, pending, history);

            // Rows the history says exist that no row stands for: deleted by hand.
            foreach ((SubjectKind kind, Slots slots) in new[] { (SubjectKind.Device, _devices), (SubjectKind.User, _users) })
            {
                foreach (long key in slots.Keys(marks => (marks & Marks.Seen) != 0 && (marks & (Marks.Removed | Marks.RowSeen)) == 0))
                {
                    pending.Add((key, "", null));
                    if (pending.Count == Batch)
                    {
                        Resolve(kind, pending, history);
                    }
                }

                Resolve(kind, pending, history);
            }

            // Devices first, then users, each by key, as a reader goes through them.
            _mismatches.Sort((a, b) => (a.Kind == b.Kind ? 0 : a.Kind == SubjectKind.Device ? -1 : 1) is int kind && kind != 0 ? kind
                : a.SubjectKey != b.SubjectKey ? a.SubjectKey.CompareTo(b.SubjectKey) : a.Sequence.CompareTo(b.Sequence));
            return new RecordCheck(devices, users, _notWhole, _withoutEntries, _mismatches, _mismatchCount);
        }

        private void Compare(SubjectKind kind, Slots slots, long key, string name, IReadOnlyList<FieldChange> row,
            List<(long, string, IReadOnlyList<FieldChange>?)> pending, IHistoryStore history)
        {
            if (!slots.Has(key))
            {
                _withoutEntries++;
                return;
            }

            ref Slot slot = ref slots.Add(key);
            slot.Marks |= Marks.RowSeen;
            if ((slot.Marks & Marks.Removed) == 0)
            {
                if ((slot.Marks & Marks.Whole) == 0)
                {
                    _notWhole++;
                    return;
                }

                ulong digest = 0;
                bool codeSet = false;
                foreach (FieldChange change in row)
                {
                    if (change.ValueHidden)
                    {
                        codeSet = true;
                    }
                    else
                    {
                        digest += Hash(change.Field, Value(change.NewValue));
                    }
                }

                bool codeDiffers = (slot.Marks & Marks.CodeKnown) != 0 && codeSet != ((slot.Marks & Marks.CodeSet) != 0);
                if (digest == slot.Digest && !codeDiffers)
                {
                    return;
                }
            }

            pending.Add((key, name, row));
            if (pending.Count == Batch)
            {
                Resolve(kind, pending, history);
            }
        }

        /// <summary>Reads the pending subjects' entries (one query) and names each one's mismatches; empties <paramref name="pending"/>.</summary>
        private void Resolve(SubjectKind kind, List<(long Key, string Name, IReadOnlyList<FieldChange>? Row)> pending, IHistoryStore history)
        {
            if (pending.Count == 0)
            {
                return;
            }

            var query = new HistoryQuery(kind) { SubjectKeys = pending.Select(subject => subject.Key.ToString(CultureInfo.InvariantCulture)).ToList() };
            var entriesOfKey = new Dictionary<long, List<ChangeEntry>>();
            foreach (ChangeEntry entry in history.Query(query))
            {
                if (query.Matches(entry) && entry.TryGetKeyNumber(out long key))
                {
                    if (!entriesOfKey.TryGetValue(key, out List<ChangeEntry>? entries))
                    {
                        entriesOfKey[key] = entries = new List<ChangeEntry>();
                    }

                    entries.Add(entry);
                }
            }

            foreach ((long key, string name, IReadOnlyList<FieldChange>? row) in pending)
            {
                if (entriesOfKey.TryGetValue(key, out List<ChangeEntry>? entries))
                {
                    entries.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
                    Replay(kind, key, name, row, entries);
                }
            }

            pending.Clear();
        }

        /// <summary>One subject's entries, oldest first, against its row (null: no row): each mismatch named.</summary>
        private void Replay(SubjectKind kind, long key, string name, IReadOnlyList<FieldChange>? row, List<ChangeEntry> entries)
        {
            HashSet<string> fields = kind == SubjectKind.Device ? DeviceFields : UserFields;
            var values = new Dictionary<string, (string? Value, long Sequence)>(StringComparer.Ordinal);
            bool whole = entries[0].Action == ChangeAction.Created;
            ChangeEntry newest = entries[^1];
            string subject = row != null ? name : newest.Subject;
            string noun = kind == SubjectKind.Device ? "device" : "user";
            string who = $"{noun} '{FieldText.Printable(subject)}'";
            bool? codeSet = null;
            long codeSequence = 0;
            ChangeEntry? removed = null;
            foreach (ChangeEntry entry in entries)
            {
                if (entry.Action == ChangeAction.Removed)
                {
                    removed = entry;
                    continue;
                }

                if (entry.Action == ChangeAction.Created)
                {
                    values.Clear();
                    codeSet = false;
                    codeSequence = entry.Sequence;
                }

                foreach (FieldChange change in entry.Changes)
                {
                    if (!fields.Contains(change.Field))
                    {
                        continue;
                    }

                    if (change.ValueHidden)
                    {
                        codeSet = entry.Action == ChangeAction.Created ? true : null;
                        codeSequence = entry.Sequence;
                        continue;
                    }

                    string? found = Value(change.OldValue);
                    (string? had, long setBy) = values.TryGetValue(change.Field, out var known) ? known : (null, entries[0].Sequence);
                    if (whole && entry.Action != ChangeAction.Created && found != had)
                    {
                        Add(new RecordMismatch(kind, subject, key, change.Field, found, had, entry.Sequence,
                            $"{HistoryChain.Capital(who)}: {HistoryChain.Name(entry)} found {change.Field} {RecordMismatch.Quoted(found)}, but its history says {RecordMismatch.Quoted(had)} ({RecordMismatch.Entry(setBy)}): the row was edited by hand before that entry."));
                    }

                    values[change.Field] = (Value(change.NewValue), entry.Sequence);
                }
            }

            if (row == null)
            {
                if (removed == null)
                {
                    Add(new RecordMismatch(kind, subject, key, null, null, subject, newest.Sequence,
                        $"{HistoryChain.Capital(who)} has no row, but its history says it exists ({RecordMismatch.Entry(newest.Sequence)} is its newest, and no entry removed it): the row was deleted by hand."));
                }

                return;
            }

            if (removed != null)
            {
                Add(new RecordMismatch(kind, subject, key, null, subject, null, removed.Sequence,
                    $"{HistoryChain.Capital(who)} has a row, but its history says it was removed ({RecordMismatch.Entry(removed.Sequence)}): the row was inserted or restored by hand."));
                return;
            }

            if (!whole)
            {
                return;
            }

            var current = new Dictionary<string, string?>(StringComparer.Ordinal);
            bool rowCode = false;
            foreach (FieldChange change in row)
            {
                if (change.ValueHidden)
                {
                    rowCode = true;
                }
                else
                {
                    current[change.Field] = Value(change.NewValue);
                }
            }

            foreach (string field in kind == SubjectKind.Device ? ChangeDiff.DeviceFields : ChangeDiff.UserFields)
            {
                if (field == FieldNames.Code)
                {
                    if (codeSet is bool set && set != rowCode)
                    {
                        // Set or not, never a value: the history holds none, and a message must not either.
                        Add(new RecordMismatch(kind, subject, key, field, rowCode ? SetText : null, set ? SetText : null, codeSequence,
                            $"{HistoryChain.Capital(who)}: Code is {(rowCode ? "set" : "empty")}, but its history says it is {(set ? "set" : "empty")} ({RecordMismatch.Entry(codeSequence)}): the row was edited by hand."));
                    }

                    continue;
                }

                string? now = current.GetValueOrDefault(field);
                (string? said, long setBy) = values.TryGetValue(field, out var known) ? known : (null, entries[0].Sequence);
                if (now != said)
                {
                    Add(new RecordMismatch(kind, subject, key, field, now, said, setBy,
                        $"{HistoryChain.Capital(who)}: {field} is {RecordMismatch.Quoted(now)}, but its history says {RecordMismatch.Quoted(said)} ({RecordMismatch.Entry(setBy)}): the row was edited by hand."));
                }
            }
        }

        /// <summary>How a check-in code that is there shows in a mismatch: never its value.</summary>
        internal const string SetText = "(set)";

        private void Add(RecordMismatch mismatch)
        {
            _mismatchCount++;
            if (_mismatches.Count < RecordCheck.MaxListed)
            {
                _mismatches.Add(mismatch);
            }
        }

        /// <summary>A value as entries compare it: an empty one is none.</summary>
        private static string? Value(string? value) => string.IsNullOrEmpty(value) ? null : value;

        // A keyed 64-bit hash of a field and its value (0 for none), from two of .NET's per-process seeded string hashes.
        private ulong Hash(string field, string? value) =>
            value == null ? 0 : ((ulong)(uint)HashCode.Combine(field, value) << 32) | (uint)HashCode.Combine(value, _salt, field);
    }
}
