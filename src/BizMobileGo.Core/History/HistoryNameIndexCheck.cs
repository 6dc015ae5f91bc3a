using System;
using System.Collections.Generic;
using System.Globalization;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// Checks a store's names index (<see cref="HistoryName"/>, what the look-ups by a past name read) against the chain's
    /// entries as <see cref="HistoryChain.Verify"/> walks them: the index is derived from the entries (each carries its
    /// subject's kind, key and name; a rename's carries the old name too) but is not hashed, so a hand edit of it would make
    /// Get-BmgDeviceHistory miss a device's entries or graft another's onto a name while the chain still verifies.
    /// </summary>
    /// <remarks>
    /// The rules, for rows and entries from the chain's start on (a row whose entry a Clear-BmgHistory removed is ignored by
    /// the look-ups and so here: the clear leaves such rows, nothing reads them):
    /// every row must be backed: its entry (<see cref="HistoryName.Through"/>) is of that kind and key and carries that name;
    /// and every name an entry gave a key, other than the key's current name (its newest entry's, none after a removal),
    /// must have its row. One pass with the walk: the rows are held by entry, and each key's names as the entries go by (one
    /// name a key for almost every key: a small object a key, no list).
    /// </remarks>
    internal sealed class HistoryNameIndexCheck
    {
        private readonly Dictionary<long, List<HistoryName>> _rowsByEntry = new Dictionary<long, List<HistoryName>>();
        private readonly Dictionary<(SubjectKind, string, string), HistoryName> _rowsByName = new Dictionary<(SubjectKind, string, string), HistoryName>();
        private readonly HashSet<HistoryName> _backed = new HashSet<HistoryName>();
        private readonly Dictionary<long, KeyNames> _devices = new Dictionary<long, KeyNames>();
        private readonly Dictionary<long, KeyNames> _users = new Dictionary<long, KeyNames>();
        private long? _chainStart;

        public HistoryNameIndexCheck(IEnumerable<HistoryName> rows)
        {
            foreach (HistoryName row in rows)
            {
                if (!_rowsByEntry.TryGetValue(row.Through, out List<HistoryName>? atEntry))
                {
                    _rowsByEntry[row.Through] = atEntry = new List<HistoryName>(1);
                }

                atEntry.Add(row);
                _rowsByName[(row.Kind, row.Key, row.Name)] = row;
            }
        }

        /// <summary>The names one key's entries carried, and the newest one's name (null after a removal).</summary>
        private sealed class KeyNames
        {
            public KeyNames(string current) => Current = current;

            public string? Current;
            public List<(string Name, long Through)>? Carried;
            public long CurrentThrough;
        }

        /// <summary>One verified entry, oldest first.</summary>
        public void Observe(ChangeEntry entry)
        {
            _chainStart ??= entry.Sequence;
            if (entry.SubjectKind != SubjectKind.Device && entry.SubjectKind != SubjectKind.User)
            {
                return;
            }

            if (_rowsByEntry.Count > 0 && _rowsByEntry.TryGetValue(entry.Sequence, out List<HistoryName>? rows))
            {
                foreach (HistoryName row in rows)
                {
                    if (row.Kind == entry.SubjectKind && row.Key == entry.SubjectKey && (row.Name == entry.Subject || row.Name == entry.RenamedFrom))
                    {
                        _backed.Add(row);
                    }
                }
            }

            if (!entry.TryGetKeyNumber(out long key))
            {
                return;
            }

            Dictionary<long, KeyNames> keys = entry.SubjectKind == SubjectKind.Device ? _devices : _users;
            if (!keys.TryGetValue(key, out KeyNames? names))
            {
                keys[key] = names = new KeyNames(entry.Subject) { CurrentThrough = entry.Sequence };
            }
            else if (names.Current != entry.Subject)
            {
                if (names.Current != null)
                {
                    Carry(names, names.Current, names.CurrentThrough);
                }

                names.Current = entry.Subject;
            }

            names.CurrentThrough = entry.Sequence;
            if (entry.RenamedFrom is string renamedFrom && renamedFrom != entry.Subject)
            {
                Carry(names, renamedFrom, entry.Sequence);
            }

            if (entry.Action == ChangeAction.Removed)
            {
                Carry(names, entry.Subject, entry.Sequence);
                names.Current = null;
            }
        }

        private static void Carry(KeyNames names, string name, long through)
        {
            names.Carried ??= new List<(string, long)>(2);
            names.Carried.Add((name, through));
        }

        /// <summary>The first mismatch, the row or the name it concerns and why; null when the index matches the entries.</summary>
        public (HistoryName Name, string Reason)? Finish()
        {
            long start = _chainStart ?? long.MaxValue;
            foreach (KeyValuePair<long, List<HistoryName>> atEntry in _rowsByEntry)
            {
                if (atEntry.Key < start)
                {
                    continue;
                }

                foreach (HistoryName row in atEntry.Value)
                {
                    if (!_backed.Contains(row))
                    {
                        return (row, $"The names index has {Describe(row.Kind, row.Name, row.Key)} through entry {row.Through}, but that entry is {(start == long.MaxValue ? "not in the chain" : "not of that " + Noun(row.Kind) + " or does not carry that name")}: the row was inserted or altered by hand, and the look-ups by '{FieldText.Printable(row.Name)}' find the wrong entries.");
                    }
                }
            }

            foreach ((Dictionary<long, KeyNames> keys, SubjectKind kind) in new[] { (_devices, SubjectKind.Device), (_users, SubjectKind.User) })
            {
                foreach (KeyValuePair<long, KeyNames> ofKey in keys)
                {
                    KeyNames names = ofKey.Value;
                    if (names.Carried == null)
                    {
                        continue;
                    }

                    foreach ((string name, long through) in names.Carried)
                    {
                        if (name == names.Current)
                        {
                            continue;
                        }

                        string key = ofKey.Key.ToString(CultureInfo.InvariantCulture);
                        if (!_rowsByName.TryGetValue((kind, key, name), out HistoryName? row) || row.Through < start)
                        {
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
