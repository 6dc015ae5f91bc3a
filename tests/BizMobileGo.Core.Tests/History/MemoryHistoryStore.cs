using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Tests.History
{
    /// <summary>
    /// A store of history rows for the core's own tests: rows kept as a store keeps them (times and changes as
    /// text), a write transaction that rolls back unless committed, and a way to edit rows by hand as someone
    /// with the database file could. The real stores run the same behaviour through the contract suite.
    /// </summary>
    internal sealed class MemoryHistoryStore : IHistoryStore
    {
        private List<Row> _rows = new List<Row>();
        private List<Row>? _beforeTransaction;

        /// <summary>One persisted entry, as columns.</summary>
        internal sealed class Row
        {
            public long Sequence;
            public string At = "";
            public string OsUser = "";
            public string Host = "";
            public string Command = "";
            public long? ImportId;
            public int? Line;
            public string SubjectKind = "";
            public string SubjectKey = "";
            public string Subject = "";
            public string Action = "";
            public string Changes = "";
            public string PreviousHash = "";
            public string Hash = "";

            public Row Copy() => (Row)MemberwiseClone();
        }

        public IReadOnlyList<Row> Rows => _rows;

        public bool InWriteTransaction => _beforeTransaction != null;

        public IStoreTransaction BeginTransaction()
        {
            if (_beforeTransaction != null)
            {
                throw new InvalidOperationException("A write transaction is already open.");
            }

            _beforeTransaction = _rows.Select(row => row.Copy()).ToList();
            return new Transaction(this);
        }

        public IStoreTransaction BeginReadTransaction() => new ReadTransaction();

        public HistoryHead? ReadHead()
        {
            RequireWrite();
            Row? head = _rows.OrderByDescending(row => row.Sequence).FirstOrDefault();
            return head == null ? null : new HistoryHead(head.Sequence, head.Hash);
        }

        public void Append(IReadOnlyList<ChangeEntry> entries)
        {
            RequireWrite();
            foreach (ChangeEntry entry in entries)
            {
                if (_rows.Any(row => row.Sequence == entry.Sequence))
                {
                    throw new InvalidOperationException($"Sequence {entry.Sequence} exists (the primary key).");
                }

                _rows.Add(ToRow(entry));
            }
        }

        public IEnumerable<ChangeEntry> Query(HistoryQuery query) =>
            _rows.Where(row => row.SubjectKind == query.Kind.ToString()).OrderByDescending(row => row.Sequence).Select(ToEntry).ToList();

        public IEnumerable<ChangeEntry> EntriesOfCommand(string command) =>
            _rows.Where(row => row.Command == command).OrderByDescending(row => row.Sequence).Select(ToEntry).ToList();

        public IEnumerable<ChangeEntry> ReadChain() => _rows.OrderBy(row => row.Sequence).Select(ToEntry).ToList();

        public IEnumerable<HistorySubject> FindSubjects(SubjectKind kind, string? name) =>
            _rows.Where(row => row.SubjectKind == kind.ToString()
                    && (name == null || string.Equals(row.Subject, name, kind == SubjectKind.Device ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)))
                .Select(row => (row.SubjectKey, row.Subject)).Distinct().Select(pair => new HistorySubject(pair.SubjectKey, pair.Subject)).ToList();

        // No index is kept here (FindSubjects reads the rows): the index the real stores would keep, derived from the rows,
        // every name each key's rows carried (a rename's old name too) with the newest row that carried it.
        // No import history here: the stores' own is checked by the contract suite and the cmdlet tests.
        public IReadOnlySet<long>? ReadImportIds() => null;

        /// <summary>Names index rows handed out so far by <see cref="ReadNames"/>, each as it is enumerated; <see cref="NameRead"/> is told of each.</summary>
        public int NamesRead { get; private set; }

        public Action? NameRead { get; set; }

        public IEnumerable<HistoryName> ReadNames()
        {
            foreach (HistoryName name in Names())
            {
                NamesRead++;
                NameRead?.Invoke();
                yield return name;
            }
        }

        private List<HistoryName> Names() =>
            _rows.Where(row => row.SubjectKind == nameof(SubjectKind.Device) || row.SubjectKind == nameof(SubjectKind.User))
                .Select(ToEntry)
                .SelectMany(entry => entry.RenamedFrom is string old ? new[] { (entry, entry.Subject), (entry, old) } : new[] { (entry, entry.Subject) })
                .GroupBy(pair => (pair.entry.SubjectKind, pair.entry.SubjectKey, pair.Item2))
                .Select(group => new HistoryName(group.Key.SubjectKind, group.Key.SubjectKey, group.Key.Item3, group.Max(pair => pair.entry.Sequence)))
                .ToList();

        public IEnumerable<HistorySubject> FindSubjectsNamed(SubjectKind kind, IReadOnlyCollection<string> names) =>
            names.SelectMany(name => FindSubjects(kind, name)).ToList();

        public IEnumerable<HistorySubject> FindDevicesStartingWith(string start) =>
            FindSubjects(SubjectKind.Device, null).Where(subject => subject.Name.StartsWith(start, StringComparison.OrdinalIgnoreCase)).ToList();

        // The newest rows of the kind, as the stores' window reads them (no packs here), folded as NamePrefix folds.
        public IReadOnlyList<string> FindOsUsers(SubjectKind kind, string prefix, int limit) =>
            _rows.OrderByDescending(row => row.Sequence).Take(OsUserWindow.Rows).Where(row => row.SubjectKind == kind.ToString())
                .Where(row => NamePrefix.Matches(row.OsUser, prefix))
                .GroupBy(row => BizMobileGo.Core.Fields.FieldText.ToAsciiLower(row.OsUser)).Select(group => group.First().OsUser).Take(limit).ToList();

        // No packs here: every entry is a row, and an accepted one goes as any other.
        public long DeleteThrough(long sequence, IReadOnlyCollection<long>? accepted = null)
        {
            RequireWrite();
            return _rows.RemoveAll(row => row.Sequence <= sequence);
        }

        // ---- editing by hand, as someone with the database file could ----

        public Row RowOf(long sequence) => _rows.Single(row => row.Sequence == sequence);

        public void Edit(long sequence, Action<Row> edit) => edit(RowOf(sequence));

        /// <summary>
        /// A forgery that recomputes its hash: entry <paramref name="sequence"/>'s changes replaced and its own hash made to
        /// match them (its link to the entry before kept), so only the next entry's link can tell.
        /// </summary>
        public void RewriteWithRecomputedHash(long sequence, params FieldChange[] changes)
        {
            ChangeEntry original = ReadChain().Single(entry => entry.Sequence == sequence);
            var forged = new ChangeEntry(sequence, original.At, original.OsUser, original.Host, original.Command, null, null, original.SubjectKind,
                original.SubjectKey, original.Subject, original.Action, changes, original.PreviousHash, "");
            Edit(sequence, row =>
            {
                row.Changes = ChangeListText.Write(forged.Changes);
                row.Hash = HistoryCanonicalForm.Hash(forged);
            });
        }

        public void Delete(long sequence) => _rows.Remove(RowOf(sequence));

        public void Insert(Row row) => _rows.Add(row);

        private void RequireWrite()
        {
            if (_beforeTransaction == null)
            {
                throw new InvalidOperationException("History writes belong inside the store's write transaction.");
            }
        }

        private static Row ToRow(ChangeEntry entry) => new Row
        {
            Sequence = entry.Sequence,
            At = HistoryTime.ToText(entry.At),
            OsUser = entry.OsUser,
            Host = entry.Host,
            Command = entry.Command,
            ImportId = entry.ImportId,
            Line = entry.Line,
            SubjectKind = entry.SubjectKind.ToString(),
            SubjectKey = entry.SubjectKey,
            Subject = entry.Subject,
            Action = entry.Action.ToString(),
            Changes = ChangeListText.Write(entry.Changes),
            PreviousHash = entry.PreviousHash,
            Hash = entry.Hash,
        };

        private static ChangeEntry ToEntry(Row row) =>
            new ChangeEntry(row.Sequence, HistoryTime.Parse(row.At), row.OsUser, row.Host, row.Command, row.ImportId, row.Line,
                (SubjectKind)Enum.Parse(typeof(SubjectKind), row.SubjectKind), row.SubjectKey, row.Subject,
                (ChangeAction)Enum.Parse(typeof(ChangeAction), row.Action), ChangeListText.Read(row.Changes), row.PreviousHash, row.Hash);

        private sealed class Transaction : IStoreTransaction
        {
            private readonly MemoryHistoryStore _store;
            private bool _committed;

            public Transaction(MemoryHistoryStore store) => _store = store;

            public void Commit() => _committed = true;

            public void Dispose()
            {
                if (!_committed && _store._beforeTransaction != null)
                {
                    _store._rows = _store._beforeTransaction;
                }

                _store._beforeTransaction = null;
            }
        }

        private sealed class ReadTransaction : IStoreTransaction
        {
            public void Commit()
            {
            }

            public void Dispose()
            {
            }
        }
    }
}
