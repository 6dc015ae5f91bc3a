using System.Collections.Generic;
using System.Globalization;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// Checks a store's names index (<see cref="HistoryName"/>, what the look-ups by a past name read) against the chain's
    /// entries as <see cref="HistoryChain.Verify(IEnumerable{ChangeEntry}, string?, IEnumerable{HistoryName}?)"/> walks them: the index is derived from the entries (each carries its
    /// subject's kind, key and name; a rename's carries the old name too) but is not hashed, so a hand edit of it would make
    /// Get-BmgDeviceHistory miss a device's entries or graft another's onto a name while the chain still verifies.
    /// </summary>
    /// <remarks>
    /// The rules, for rows and entries from the chain's start on (a row whose entry a Clear-BmgHistory removed is ignored by
    /// the look-ups and so here: the clear leaves such rows, nothing reads them):
    /// every row must be backed: its entry (<see cref="HistoryName.Through"/>) is of that kind and key and carries that name;
    /// and every name a subject gave up in an entry (a rename's old name, a removed subject's name), unless the subject
    /// has it again (renamed back), must have its row. Names given up only by a hand edit of devices or users are not
    /// history and are not asked for. One pass with the walk: the rows are held by the entry they name (one dictionary
    /// slot a row), and only renamed or removed subjects are followed (a first import's created entries add nothing: no
    /// object, no string kept a key). A verified chain has no gaps, so a row whose entry the walk never met names an
    /// entry past the newest.
    /// </remarks>
    internal sealed class HistoryNameIndexCheck
    {
        private readonly List<HistoryName> _rows;

        // The rows by the entry they name; a second row on one entry (a removal's name and a rename's old name, or a row
        // added by hand) goes to _moreRows, which is almost always empty.
        private readonly Dictionary<long, HistoryName> _rowByEntry;
        private readonly List<HistoryName> _moreRows = new List<HistoryName>();
        private readonly Dictionary<long, GivenUp> _devices = new Dictionary<long, GivenUp>();
        private readonly Dictionary<long, GivenUp> _users = new Dictionary<long, GivenUp>();
        private long? _chainStart;
        private long _head;
        private (HistoryName Row, ChangeEntry Entry)? _unbacked;

        public HistoryNameIndexCheck(IEnumerable<HistoryName> rows)
        {
            _rows = new List<HistoryName>(rows);
            _rowByEntry = new Dictionary<long, HistoryName>(_rows.Count);
            foreach (HistoryName row in _rows)
            {
                if (!_rowByEntry.TryAdd(row.Through, row))
                {
                    _moreRows.Add(row);
                }
            }
        }

        /// <summary>What the names of one renamed or removed subject must have: the names it gave up, and its name now (null once removed).</summary>
        private sealed class GivenUp
        {
            public GivenUp(string? current) => Current = current;

            public string? Current;
            public readonly List<(string Name, long Through)> Names = new List<(string, long)>(1);
        }

        /// <summary>One verified entry, oldest first.</summary>
        public void Observe(ChangeEntry entry)
        {
            _chainStart ??= entry.Sequence;
            _head = entry.Sequence;
            if (entry.SubjectKind != SubjectKind.Device && entry.SubjectKind != SubjectKind.User)
            {
                if (_rowByEntry.Count > 0 && _unbacked == null && _rowByEntry.TryGetValue(entry.Sequence, out HistoryName? onOther))
                {
                    _unbacked = (onOther, entry);
                }

                return;
            }

            if (_rowByEntry.Count > 0 && _unbacked == null && _rowByEntry.TryGetValue(entry.Sequence, out HistoryName? row))
            {
                CheckBacked(row, entry);
                if (_moreRows.Count > 0)
                {
                    foreach (HistoryName more in _moreRows)
                    {
                        if (more.Through == entry.Sequence)
                        {
                            CheckBacked(more, entry);
                        }
                    }
                }
            }

            // Only renamed and removed subjects are followed (a first import's created records cost a look-up in an empty
            // dictionary): a name stops being current only at a rename's entry (which carries it as the old name) or a removal's.
            Dictionary<long, GivenUp> given = entry.SubjectKind == SubjectKind.Device ? _devices : _users;
            bool endsAName = entry.Action == ChangeAction.Removed || entry.RenamedFrom != null;
            if ((given.Count == 0 && !endsAName) || !entry.TryGetKeyNumber(out long key))
            {
                return;
            }

            if (!given.TryGetValue(key, out GivenUp? names))
            {
                if (!endsAName)
                {
                    return;
                }

                given[key] = names = new GivenUp(entry.Subject);
            }

            names.Current = entry.Subject;
            if (entry.RenamedFrom is string renamedFrom && renamedFrom != entry.Subject)
            {
                names.Names.Add((renamedFrom, entry.Sequence));
            }

            if (entry.Action == ChangeAction.Removed)
            {
                names.Names.Add((entry.Subject, entry.Sequence));
                names.Current = null;
            }
        }

        // A row is backed by its entry when that entry is of the row's kind and key and carries the row's name.
        private void CheckBacked(HistoryName row, ChangeEntry entry)
        {
            // Keys as numbers (a packed entry's key is one; its text would be made for the comparison), a key that is no number as text.
            bool sameKey = entry.TryGetKeyNumber(out long key) ? Key(row) == key : row.Key == entry.SubjectKey;
            bool backed = row.Kind == entry.SubjectKind && sameKey && (row.Name == entry.Subject || row.Name == entry.RenamedFrom);
            if (!backed && _unbacked == null)
            {
                _unbacked = (row, entry);
            }
        }

        private static long? Key(HistoryName row) =>
            long.TryParse(row.Key, NumberStyles.None, CultureInfo.InvariantCulture, out long key) ? key : (long?)null;

        /// <summary>The first mismatch, the row or the name it concerns and why; null when the index matches the entries.</summary>
        public (HistoryName Name, string Reason)? Finish()
        {
            if (_unbacked is (HistoryName row, ChangeEntry entry))
            {
                return (row, $"The names index has {Describe(row.Kind, row.Name, row.Key)} through entry {row.Through}, but {HistoryChain.Name(entry)} is not of that {Noun(row.Kind)} or does not carry that name: the row was inserted or altered by hand, and the look-ups by '{FieldText.Printable(row.Name)}' find the wrong entries.");
            }

            long start = _chainStart ?? long.MaxValue;
            foreach (HistoryName past in _rows)
            {
                if (past.Through > _head && past.Through >= start)
                {
                    return (past, $"The names index has {Describe(past.Kind, past.Name, past.Key)} through entry {past.Through}, but the chain ends at entry {_head}: the row was inserted or altered by hand, and the look-ups by '{FieldText.Printable(past.Name)}' find the wrong entries.");
                }
            }

            if (_devices.Count == 0 && _users.Count == 0)
            {
                return null;
            }

            // The rows of the followed subjects, by name: what the names they gave up must find (rows the look-ups read only).
            var rowsByName = new HashSet<(SubjectKind, long, string)>();
            foreach (HistoryName kept in _rows)
            {
                if (kept.Through >= start && Key(kept) is long key && (kept.Kind == SubjectKind.Device ? _devices : _users).ContainsKey(key))
                {
                    rowsByName.Add((kept.Kind, key, kept.Name));
                }
            }

            foreach ((Dictionary<long, GivenUp> keys, SubjectKind kind) in new[] { (_devices, SubjectKind.Device), (_users, SubjectKind.User) })
            {
                foreach (KeyValuePair<long, GivenUp> ofKey in keys)
                {
                    GivenUp names = ofKey.Value;
                    foreach ((string name, long through) in names.Names)
                    {
                        if (name != names.Current && !rowsByName.Contains((kind, ofKey.Key, name)))
                        {
                            string key = ofKey.Key.ToString(CultureInfo.InvariantCulture);
                            return (new HistoryName(kind, key, name, through), $"The names index has no row for {Describe(kind, name, key)}, a past name entry {through.ToString(CultureInfo.InvariantCulture)} carries: it was removed or altered by hand, and a look-up by '{FieldText.Printable(name)}' misses that {Noun(kind)}'s entries.");
                        }
                    }
                }
            }

            return null;
        }

        private static string Noun(SubjectKind kind) => kind == SubjectKind.Device ? "device" : "user";

        private static string Describe(SubjectKind kind, string name, string key) =>
            kind == SubjectKind.Device ? $"the Identifier '{FieldText.Printable(name)}' of device key {key}" : $"the UserName '{FieldText.Printable(name)}' of user key {key}";
    }
}
