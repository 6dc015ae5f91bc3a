using System;
using System.Collections.Generic;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// One write transaction that several confirmed changes join (<see cref="ConfirmedChange"/>, when they can't prompt): a
    /// piped Set-/Remove-BmgDevice or Set-/Remove-BmgUser commits a batch of records at once instead of one transaction a record.
    /// The transaction's own statements (BEGIN, the writer lock, the session settings, COMMIT) and the change history's head
    /// read (<see cref="History.HistoryRecorder"/>, once a transaction) are then paid once a batch: on PostgreSQL 5 of the
    /// ~12 statements a piped device made, on SQLite the commit's write of the WAL (walkthrough 34b, finding 7).
    /// </summary>
    /// <remarks>
    /// Each change is still decided, confirmed and applied on its own, in order, against what the changes before it in the
    /// batch wrote. A change refused while it is decided writes nothing, and the batch goes on. A change whose apply throws
    /// may have written part of itself: the batch is then <see cref="Broken"/>, and its owner rolls it back (Dispose without
    /// <see cref="Commit"/>) and makes its changes again one transaction each. Joined on the thread that opened it only.
    /// </remarks>
    public sealed class ChangeBatch : IDisposable
    {
        [ThreadStatic]
        private static Dictionary<IDeviceStore, ChangeBatch>? _open;

        private readonly IDeviceStore _store;
        private readonly IStoreTransaction _transaction;
        private bool _closed;

        private ChangeBatch(IDeviceStore store, IStoreTransaction transaction)
        {
            _store = store;
            _transaction = transaction;
        }

        /// <summary>Opens the store's write transaction (it waits for the writer lock as every write does) for changes to join.</summary>
        public static ChangeBatch Begin(IDeviceStore store)
        {
            var open = _open ??= new Dictionary<IDeviceStore, ChangeBatch>(ReferenceEqualityComparer.Instance);
            if (open.ContainsKey(store))
            {
                throw new InvalidOperationException("A change batch is already open on this store.");
            }

            var batch = new ChangeBatch(store, store.BeginTransaction());
            open.Add(store, batch);
            return batch;
        }

        /// <summary>True once a joined change's apply threw: the batch can't be committed (see remarks).</summary>
        public bool Broken { get; private set; }

        /// <summary>How many joined changes were applied: what <see cref="Commit"/> commits.</summary>
        public int Applied { get; private set; }

        /// <summary>Commits every change applied in the batch.</summary>
        public void Commit()
        {
            if (Broken)
            {
                throw new InvalidOperationException("A change of the batch failed while it was written: roll the batch back.");
            }

            Close();
            _transaction.Commit();
        }

        /// <summary>Rolls back what was not committed.</summary>
        public void Dispose()
        {
            Close();
            _transaction.Dispose();
        }

        private void Close()
        {
            if (!_closed)
            {
                _closed = true;
                _open!.Remove(_store);
            }
        }

        /// <summary>The batch open on <paramref name="store"/> on this thread, if any (<see cref="ConfirmedChange"/>).</summary>
        internal static ChangeBatch? Joined(IDeviceStore store) =>
            _open != null && _open.TryGetValue(store, out ChangeBatch? batch) && !batch.Broken ? batch : null;

        /// <summary>Applies one joined change; if it throws, the batch is <see cref="Broken"/>.</summary>
        internal void Apply(Action apply)
        {
            bool done = false;
            try
            {
                apply();
                done = true;
                Applied++;
            }
            finally
            {
                Broken |= !done;
            }
        }
    }
}
