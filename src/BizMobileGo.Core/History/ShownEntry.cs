namespace BizMobileGo.Core.History
{
    /// <summary>
    /// An entry as a history query shows it (<see cref="ChangeHistory.QueryVerified"/>): the entry as stored, and whether it
    /// verified. An entry that doesn't is still shown (marked, and a warning names it, <see cref="TamperedEntryWarnings"/>):
    /// hiding it would hide what was done to the history, and the admin who asks needs to see what it now says.
    /// </summary>
    public sealed class ShownEntry
    {
        internal ShownEntry(ChangeEntry entry, string? problem)
        {
            Entry = entry;
            Problem = problem;
        }

        public ChangeEntry Entry { get; }

        /// <summary>
        /// True when the entry's content matches its stored hash (and it links to the chain's next entry, when the query showed
        /// that one too): what <see cref="HistoryChain.CheckShown"/> checks.
        /// </summary>
        public bool Verified => Problem == null;

        /// <summary>What is wrong with the entry, in Test-BmgHistory's words ("Entry 13 (device 'x', ...) was altered: ..."); null when it verified.</summary>
        public string? Problem { get; }
    }
}
