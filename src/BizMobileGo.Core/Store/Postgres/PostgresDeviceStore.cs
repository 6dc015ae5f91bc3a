using System;
using System.Data;
using System.Threading;
using Npgsql;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// The PostgreSQL store: one connection per store object (from Npgsql's pool, so a script calling a cmdlet a
    /// thousand times connects once), the schema ensured on open (<see cref="PostgresSchema"/>). This file holds
    /// the store object's state and runs transactions; each other concern has its own file: .Connect (the connection's
    /// settings, the cancellable open, the session's setup, the reopen of a broken connection), .WriterLock (the writer
    /// lock and its cancellable wait), .Errors (the Store* errors), .Commands (parameters, reads, batches), .ReferenceData, .Users, .Devices,
    /// .Changes (the one write path of users and devices, batched), .Dep, .Outbox, .CheckInFailures, .ImportHistory, .Statistics (ANALYZE for tables an
    /// import grows), .History (the change history: keys returned by the write path, the recorder's hooks),
    /// .HistoryTables (the tables change_history and change_history_packs). Opened through <see cref="DeviceStores"/>.
    /// </summary>
    /// <remarks>
    /// <para><b>Writers.</b> <see cref="BeginTransaction()"/> is READ COMMITTED and first takes a transaction-level
    /// advisory lock (<see cref="WriterLockClass"/>, hashtext(schema)): writers of one store queue there, up to
    /// <see cref="BusyTimeout"/> (lock_timeout), then StoreBusy; a cancellation ends the wait at once (.WriterLock).
    /// READ COMMITTED, not REPEATABLE READ: each statement after the lock sees what the writer before committed, so a
    /// planner's checks (a serial is free, the device is not locked) hold until the commit.</para>
    /// <para><b>Readers</b> take no lock: a statement outside a transaction reads the last committed state;
    /// <see cref="BeginReadTransaction"/> is REPEATABLE READ READ ONLY, one committed state for many reads.</para>
    /// <para><b>-WhatIf</b> (<see cref="StoreUse.Snapshot"/>, <see cref="StoreUse.ReadSnapshot"/>): the whole store object lives in one REPEATABLE READ
    /// transaction that is always rolled back; its write transactions are savepoints inside it, and it never takes
    /// the writer lock. So a dry run plans against one committed state, writes as the real run would, and leaves
    /// nothing on the server: even a missing schema is created and migrated only inside that transaction. The
    /// rows it would change are locked until the dry run ends (a real writer changing the same row waits for it).</para>
    /// </remarks>
    public sealed partial class PostgresDeviceStore : IDeviceStore
    {
        /// <summary>The writer lock's first key, "BMGW"; the second is hashtext(schema), so each store schema has its own writer.</summary>
        public const int WriterLockClass = 0x424D4757;

        /// <summary>The store's connection; replaced only when a stop gives it up mid-statement (.Stop).</summary>
        private NpgsqlConnection _connection;
        private readonly PostgresLocation _location;
        private readonly bool _snapshot;
        private NpgsqlTransaction? _transaction;

        /// <summary>The open transaction is a writer's (it holds the writer lock, or is a -WhatIf's savepoint): a right the server refuses in it is a write's.</summary>
        private bool _writeTransaction;
        private bool _inStoreTransaction;
        private int _savepoints;

        private PostgresDeviceStore(PostgresLocation location, NpgsqlConnection connection, bool snapshot)
        {
            _location = location;
            _connection = connection;
            _snapshot = snapshot;
        }

        /// <summary>A -WhatIf store: one transaction, always rolled back; its commits release savepoints (<see cref="IDeviceStore.IsDryRun"/>).</summary>
        public bool IsDryRun => _snapshot;

        /// <summary>
        /// True when this open created the store in its schema (the schema too where there was none), or, for a -WhatIf dry
        /// run, created it in the transaction that is rolled back: the real run would create it. See <see cref="DeviceStores.NewStoreWarning"/>.
        /// A store is never kept between commands, so the next command's open finds it there.
        /// </summary>
        internal bool IsNew { get; private set; }

        /// <summary>
        /// The upgrade this open made of a store that was there (for a -WhatIf dry run: in the transaction rolled back, as the real
        /// run would make it), or null. See <see cref="DeviceStores.UpgradeNotice"/>.
        /// </summary>
        internal StoreUpgrade? Upgraded { get; private set; }

        /// <summary>
        /// How long a writer waits for the writer lock (and any statement for a row lock) before StoreBusy: $env:BMG_STORE_WAIT
        /// as the open read it (<see cref="StoreWait"/>); shorter in tests.
        /// </summary>
        internal TimeSpan BusyTimeout { get; set; } = StoreWait.Current;

        /// <summary>The URI without its password.</summary>
        public string Location => _location.Display;

        /// <summary>The schema the store's tables live in.</summary>
        internal string Schema => _location.Schema;

        public IStoreTransaction BeginTransaction() => BeginTransaction(WaitCancellation);

        public IStoreTransaction BeginTransaction(CancellationToken cancellation)
        {
            if (_snapshot)
            {
                // A -WhatIf makes its change in a savepoint it rolls back: the same writes, refused alike to a read-only role.
                IStoreTransaction savepoint = BeginSavepoint();
                _writeTransaction = true;
                return savepoint;
            }

            StartTransaction(IsolationLevel.ReadCommitted);
            try
            {
                TakeWriterLock(cancellation);
                _writeTransaction = true;
            }
            catch (OperationCanceledException)
            {
                // The server ended the wait (query_canceled) or it never began: the transaction holds no lock.
                AbandonTransaction();
                throw;
            }
            catch (Exception e) when (e is NpgsqlException || e is InvalidOperationException)
            {
                AbandonTransaction();
                throw Failure(e) ?? e;
            }
            catch
            {
                // Whatever else ends the wait (the caller's WaitingForWriter failing): no transaction is left open.
                AbandonTransaction();
                throw;
            }

            return new Transaction(this);
        }

        public IStoreTransaction BeginReadTransaction()
        {
            if (_snapshot)
            {
                // The snapshot is one committed state already.
                return BeginSavepoint();
            }

            StartTransaction(IsolationLevel.RepeatableRead);
            try
            {
                Run("SET TRANSACTION READ ONLY;");
            }
            catch
            {
                AbandonTransaction();
                throw;
            }

            return new Transaction(this);
        }

        private void StartTransaction(IsolationLevel isolation)
        {
            if (_inStoreTransaction)
            {
                throw new InvalidOperationException("A store transaction is already open.");
            }

            ReopenIfBroken();
            try
            {
                _transaction = _connection.BeginTransaction(isolation);
                _inStoreTransaction = true;
                _transactionBegunStopped = WaitCancellation.IsCancellationRequested;
                ResetStatisticsCounts();
                _userKeysAhead.Clear();
            }
            catch (Exception e) when (Failure(e) is Exception failure)
            {
                throw failure;
            }
        }

        /// <summary>Ends a transaction that failed to start: rolled back here if the connection still works (the server aborts it anyway).</summary>
        private void AbandonTransaction()
        {
            // A session gone or broken, or given up by a stop: the server discards the transaction with it (see ReopenIfBroken).
            RollBackStoppably(transaction => transaction.Rollback());
            DisposeTransaction();
            _inStoreTransaction = false;
        }

        /// <summary>Lets the transaction object go; on a broken connection that may throw, and must not hide the error that ended it.</summary>
        private void DisposeTransaction()
        {
            try
            {
                _transaction?.Dispose();
            }
            catch (Exception e) when (e is NpgsqlException || e is InvalidOperationException)
            {
            }

            _transaction = null;
            _writeTransaction = false;
        }

        private IStoreTransaction BeginSavepoint()
        {
            if (_inStoreTransaction)
            {
                throw new InvalidOperationException("A store transaction is already open.");
            }

            string name = "bmg_" + (++_savepoints);
            ResetStatisticsCounts();
            Guarded(() => _transaction!.Save(name));
            _inStoreTransaction = true;
            return new Savepoint(this, name);
        }

        /// <summary>A transaction of a command's store: committed, or rolled back when disposed uncommitted.</summary>
        private sealed class Transaction : IStoreTransaction
        {
            private readonly PostgresDeviceStore _store;
            private bool _done;

            public Transaction(PostgresDeviceStore store) => _store = store;

            public void Commit()
            {
                bool committed = false;
                try
                {
                    // The transaction's history entries join the chain first: they commit with the writes or not at all.
                    _store.FlushHistoryBeforeCommit();
                    // Never cancelled: a COMMIT the server may still carry out must not be reported as not made. Its wait is
                    // said, and a stop ends it as one whose outcome is unknown (.Stop). A read transaction has nothing to lose.
                    NpgsqlTransaction transaction = _store._transaction!;
                    if (_store._writeTransaction)
                    {
                        _store.Guarded(() => _store.CommitAwaited(transaction), stoppable: false);
                    }
                    else
                    {
                        _store.Guarded(() => transaction.Commit());
                    }

                    committed = true;
                }
                finally
                {
                    Finish(committed);
                }
            }

            public void Dispose()
            {
                if (!_done)
                {
                    _store.AbandonTransaction();
                    _done = true;
                    _store.EndHistory(committed: false);
                }
            }

            private void Finish(bool committed)
            {
                _done = true;
                // After a failed commit: the commit's own error is the one reported, not a second one of the cleanup.
                _store.DisposeTransaction();
                _store._inStoreTransaction = false;
                _store.EndHistory(committed);
            }
        }

        /// <summary>A transaction of a -WhatIf snapshot: a savepoint inside the snapshot's transaction, which is never committed.</summary>
        private sealed class Savepoint : IStoreTransaction
        {
            private readonly PostgresDeviceStore _store;
            private readonly string _name;
            private bool _done;

            public Savepoint(PostgresDeviceStore store, string name)
            {
                _store = store;
                _name = name;
            }

            public void Commit()
            {
                // A failed flush leaves the savepoint open: Dispose rolls it back and frees what the history reserved.
                _store.FlushHistoryBeforeCommit();
                _done = true;
                _store._inStoreTransaction = false;
                _store._writeTransaction = false;
                bool released = false;
                try
                {
                    _store.Guarded(() => _store._transaction!.Release(_name));
                    released = true;
                }
                finally
                {
                    _store.EndHistory(released);
                }
            }

            public void Dispose()
            {
                if (!_done)
                {
                    _done = true;
                    _store._inStoreTransaction = false;
                    _store._writeTransaction = false;
                    _store.RollBackStoppably(transaction => transaction.Rollback(_name));
                    _store.EndHistory(committed: false);
                }
            }
        }

        public void Dispose()
        {
            // A snapshot's transaction (and any a command left open) is rolled back before the connection goes back to the
            // pool, on the stoppable path: a stopped dry run's last round trip is bounded too (.Stop).
            RollBackStoppably(transaction => transaction.Rollback());
            DisposeTransaction();
            _connection.Dispose();
        }
    }
}
