namespace BizMobileGo.Core.History
{
    /// <summary>What a change entry is about.</summary>
    public enum SubjectKind
    {
        Device,
        User,

        /// <summary>The history itself: the entry Clear-BmgHistory records about what it removed.</summary>
        History,
    }

    /// <summary>What happened to the subject.</summary>
    public enum ChangeAction
    {
        Created,
        Changed,
        Removed,

        /// <summary>Clear-BmgHistory removed older entries (the subject is the history itself).</summary>
        Cleared,
    }
}
