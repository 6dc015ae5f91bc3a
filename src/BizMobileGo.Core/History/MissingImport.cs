using System.Globalization;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// An import that entries of the change history name (their ImportId) and the import history has no row of: the row was
    /// deleted by hand (the module deletes only rows no entry names), so Get-BmgImportHistory no longer shows that import's file, SHA-256,
    /// counts or row errors. The entries themselves still verify: what the import changed, by whom and when, is in them.
    /// </summary>
    public sealed class MissingImport
    {
        public MissingImport(long importId, long firstEntry, long lastEntry, long entries)
        {
            ImportId = importId;
            FirstEntry = firstEntry;
            LastEntry = lastEntry;
            Entries = entries;
        }

        /// <summary>The import history Id the entries carry, which no import row has.</summary>
        public long ImportId { get; }

        /// <summary>The Sequence of the oldest entry that names the import.</summary>
        public long FirstEntry { get; }

        /// <summary>The Sequence of the newest entry that names the import.</summary>
        public long LastEntry { get; }

        /// <summary>How many entries name the import.</summary>
        public long Entries { get; }

        /// <summary>"Import 3: entries 12-40 (29)", or "Import 3: entry 12" for one.</summary>
        public override string ToString() =>
            Entries == 1 ? $"Import {ImportId}: entry {FirstEntry}"
            : $"Import {ImportId}: entries {FirstEntry}-{LastEntry} ({Entries.ToString(CultureInfo.InvariantCulture)})";
    }
}
