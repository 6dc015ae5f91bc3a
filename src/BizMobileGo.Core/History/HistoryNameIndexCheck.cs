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
    /// and every name a subject gave up in an entry (a rename's old name, a removed subject's name), unless the subject
    /// has it again (renamed back), must have its row. Names given up only by a hand edit of devices or users are not
    /// history and are not asked for. One pass with the walk: the rows are held by entry, and only renamed or removed
    /// subjects are followed (a first import's 200,000 created entries add nothing: no object, no string kept a key).
    /// </remarks>
    internal sealed class HistoryNameIndexCheck
    {
        private readonly Dictionary<long, List<HistoryName>> _rowsByEntry = new Dictionary<long, List<HistoryName>>();
        private readonly Dictionary<(SubjectKind, string, string), HistoryName> _rowsByName = new Dictionary<(SubjectKind, string, string), HistoryName>();
        private readonly HashSet<HistoryName> _backed = new HashSet<HistoryName>();
        private readonly Dictionary<long, GivenUp> _devices = new Dictionary<long, GivenUp>();
        private readonly Dictionary<long, GivenUp> _users = new Dictionary<long, GivenUp>();
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

            // Only renamed and removed subjects are tracked (a first import's created records cost a look-up in an empty
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

            foreach ((Dictionary<long, GivenUp> keys, SubjectKind kind) in new[] { (_devices, SubjectKind.Device), (_users, SubjectKind.User) })
            {
                foreach (KeyValuePair<long, GivenUp> ofKey in keys)
                {
                    GivenUp names = ofKey.Value;
                    foreach ((string name, long through) in names.Names)
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
