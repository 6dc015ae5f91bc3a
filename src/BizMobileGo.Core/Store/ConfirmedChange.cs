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
            Action<T, T>? redecided = null) =>
            Run(store, decide, changes, confirm, apply, confirmMayPrompt: true, redecided);

        /// <param name="confirmMayPrompt">
        /// False when the caller knows <paramref name="confirm"/> can't prompt (-Confirm:$false, or ConfirmImpact below
        /// $ConfirmPreference, without -WhatIf): then nothing waits on a person, so the decision is made once, inside the
        /// transaction, and confirmed there (nothing was shown before it, so nothing can have gone stale); a large decision
        /// (a DEP list of 100,000 serials) is not made twice. When unsure, pass true.
        /// </param>
        public static T Run<T>(IDeviceStore store, Func<T> decide, Func<T, bool> changes, Func<T, bool> confirm, Action<T> apply,
            bool confirmMayPrompt, Action<T, T>? redecided = null)
        {
            if (!confirmMayPrompt && ChangeBatch.Joined(store) is ChangeBatch batch)
            {
                // Inside a batch's transaction (ChangeBatch): decided and confirmed there as below, committed with the batch.
                T joined = decide();
                if (changes(joined) && confirm(joined))
                {
                    batch.Apply(() => apply(joined));
                }

                return joined;
            }

            if (!confirmMayPrompt)
            {
                using IStoreTransaction once = store.BeginTransaction();
                T only = decide();
                if (changes(only) && confirm(only))
                {
                    apply(only);
                    once.Commit();
                }

                return only;
            }

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
