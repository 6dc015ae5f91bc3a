namespace BizMobileGo.Core.History
{
    /// <summary>
    /// One row of a store's names index (change_history_names): a name a device or user had, and the newest entry that
    /// carried it (as its subject, or as the old name of a rename). The look-ups by name read it; it is derived from the
    /// chain's entries but is not part of the chain, so Test-BmgHistory checks it against them (<see cref="HistoryNameIndexCheck"/>).
    /// </summary>
    public sealed class HistoryName
    {
        public HistoryName(SubjectKind kind, string key, string name, long through)
        {
            Kind = kind;
            Key = key;
            Name = name;
            Through = through;
        }

        public SubjectKind Kind { get; }

        /// <summary>The subject's key, as the store keeps it.</summary>
        public string Key { get; }

        public string Name { get; }

        /// <summary>The Sequence of the entry the row says carried the name (the look-ups ignore rows below the chain's start).</summary>
        public long Through { get; }

        public override string ToString() => $"{Kind} {Key} '{Name}' through {Through}";
    }
}
