namespace BizMobileGo.Core.History
{
    /// <summary>
    /// How far back <see cref="IHistoryStore.FindOsUsers"/> looks for the OS users of the history, one rule for both stores.
    /// A pack (an import chunk's created records, up to <see cref="ChangeEntryPack.MaxEntries"/> entries) has one OS user in
    /// its header, so a pack's header stands for all its entries; every other entry is a row of change_history with its own
    /// os_user. Neither table has an index by OS user (one more index entry per row would cost every import that changes
    /// records), so the look-up reads the newest rows and pack headers by their primary key, never a decoded entry: 10-80 ms
    /// a Tab on SQLite and PostgreSQL with 200,000-300,000 entries on a loaded machine, where decoding the newest 10,000
    /// entries took 0.2-1.1 s (sixteenth round).
    /// </summary>
    public static class OsUserWindow
    {
        /// <summary>
        /// The newest rows of change_history read (hand edits, an import's changed and removed records): an OS user whose
        /// newest row is older than this many rows (and who ran no import among the packs read) is not offered; typing the
        /// name whole still finds the entries (-User reads the whole history).
        /// </summary>
        public const int Rows = 10000;

        /// <summary>The newest pack headers read: at least <see cref="ChangeEntryPack.MinEntries"/> entries each, usually 200.</summary>
        public const int Packs = 10000;
    }
}
