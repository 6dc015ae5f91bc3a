using System;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// One confirmed change to the store. The decision is made and confirmed (ShouldProcess, which may
    /// prompt) outside any transaction, because a waiting prompt must not hold the store's write lock
    /// while a scheduled import waits; then it is made again inside the write transaction, against what
    /// the store holds by then, and applied.
    /// </summary>
    public static class ConfirmedChange
    {
        public static T Run<T>(IDeviceStore store, Func<T> decide, Func<T, bool> changes, Func<T, bool> confirm, Action<T> apply)
        {
            T preview = decide();
            if (!changes(preview) || !confirm(preview))
            {
                return preview;
            }

            using IStoreTransaction transaction = store.BeginTransaction();
            T decision = decide();
            if (changes(decision))
            {
                apply(decision);
                transaction.Commit();
            }

            return decision;
        }
    }
}
