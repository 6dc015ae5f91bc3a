using System;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// One confirmed change to the store. The decision is made and confirmed (ShouldProcess, which may
    /// prompt) outside any transaction, because a waiting prompt must not hold the store's write lock
    /// while a scheduled import waits; then it is made again inside the write transaction, against what
    /// the store holds by then, and applied. <c>redecided</c> is given the decision confirmed and the one applied, inside
    /// the transaction before the apply, to tell what changed in between (another writer's change while this one waited).
    /// </summary>
    public static class ConfirmedChange
    {
        public static T Run<T>(IDeviceStore store, Func<T> decide, Func<T, bool> changes, Func<T, bool> confirm, Action<T> apply,
            Action<T, T>? redecided = null)
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
                redecided?.Invoke(preview, decision);
                apply(decision);
                transaction.Commit();
            }

            return decision;
        }
    }
}
