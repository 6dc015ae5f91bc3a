namespace BizMobileGo.Core.Import
{
    /// <summary>
    /// One import looked up by its history Id under a filter (Get-BmgImportHistory -Id 12 -Source x.csv), from one read: the
    /// entry when the filter keeps it, and whether the import exists at all, so that "no such import" (ImportNotFound) and
    /// "left out by the filter" (nothing written) are told apart without reading the entry twice.
    /// </summary>
    public sealed class ImportHistoryLookup
    {
        public static readonly ImportHistoryLookup NotFound = new ImportHistoryLookup(false, null);

        public static readonly ImportHistoryLookup FilteredOut = new ImportHistoryLookup(true, null);

        public ImportHistoryLookup(bool exists, ImportHistoryEntry? entry)
        {
            Exists = exists;
            Entry = entry;
        }

        /// <summary>An import has that Id.</summary>
        public bool Exists { get; }

        /// <summary>Its entry, when the filter keeps it (with its errors); null when there is none or the filter leaves it out.</summary>
        public ImportHistoryEntry? Entry { get; }
    }
}
