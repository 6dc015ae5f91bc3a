using System.Collections.Generic;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// Checks the ImportIds the chain's entries carry against the import history's rows as <see cref="HistoryChain.Verify(IEnumerable{ChangeEntry}, string?)"/>
    /// walks the entries: an import's row is written in the transaction of its first change and the module never deletes
    /// one, so an ImportId with no row is a row deleted by hand (<see cref="MissingImport"/>). The import history is not
    /// hash-chained: this is no proof that its rows are as written, only that none the entries need is gone.
    /// </summary>
    /// <remarks>
    /// One pass with the walk: an import's entries come in runs (its chunks), so each entry costs a comparison with the run
    /// before it, and a dictionary slot is taken a run, not an entry.
    /// </remarks>
    internal sealed class HistoryImportCheck
    {
        private readonly IReadOnlySet<long> _imports;
        private readonly Dictionary<long, Named> _named = new Dictionary<long, Named>();
        private long? _runId;
        private Named? _run;

        /// <param name="imports">Every import history Id the store holds.</param>
        public HistoryImportCheck(IReadOnlySet<long> imports) => _imports = imports;

        /// <summary>The entries that name one import: the first and last, and how many.</summary>
        private sealed class Named
        {
            public Named(long first) => First = Last = first;

            public readonly long First;
            public long Last;
            public long Count;
        }

        /// <summary>One verified entry, oldest first.</summary>
        public void Observe(ChangeEntry entry)
        {
            if (entry.ImportId is not long id)
            {
                return;
            }

            if (id != _runId)
            {
                _runId = id;
                if (!_named.TryGetValue(id, out _run))
                {
                    _named[id] = _run = new Named(entry.Sequence);
                }
            }

            _run!.Last = entry.Sequence;
            _run.Count++;
        }

        /// <summary>The imports the entries name that have no row, oldest first entry first; empty when none is missing.</summary>
        public IReadOnlyList<MissingImport> Finish()
        {
            var missing = new List<MissingImport>();
            foreach (KeyValuePair<long, Named> import in _named)
            {
                if (!_imports.Contains(import.Key))
                {
                    missing.Add(new MissingImport(import.Key, import.Value.First, import.Value.Last, import.Value.Count));
                }
            }

            missing.Sort((a, b) => a.FirstEntry.CompareTo(b.FirstEntry));
            return missing;
        }
    }
}
