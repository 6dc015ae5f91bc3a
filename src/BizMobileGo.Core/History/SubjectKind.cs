namespace BizMobileGo.Core.History
{
    /// <summary>What a change entry is about.</summary>
    public enum SubjectKind
    {
        // From 1, never 0: PowerShell reads an enum's 0 as false (README, "No enum a command outputs has a member at 0").
        Device = 1,
        User,

        /// <summary>The history itself: the entry Clear-BmgHistory records about what it removed.</summary>
        History,
    }

    /// <summary>What happened to the subject.</summary>
    public enum ChangeAction
    {
        // From 1, never 0: PowerShell reads an enum's 0 as false (README, "No enum a command outputs has a member at 0").
        Created = 1,
        Changed,
        Removed,

        /// <summary>Clear-BmgHistory removed older entries (the subject is the history itself).</summary>
        Cleared,
    }
}
