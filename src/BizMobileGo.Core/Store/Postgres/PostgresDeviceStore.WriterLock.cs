using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// The writer lock (the contract's writer exclusivity): a transaction-level advisory lock, waited for under
    /// lock_timeout, and the wait ended by a stop as a stopped round trip is (<see cref="WaitForLock"/>, the rule of every
    /// wait of the store for another client's lock: the schema's as the store is created or upgraded too).
    /// </summary>
    public sealed partial class PostgresDeviceStore
    {
        public CancellationToken WaitCancellation { get; set; }

        public Action<string?>? WaitingForWriter { get; set; }

        public Action<string?>? WaitingForServer { get; set; }

        /// <summary>
        /// Takes the writer lock inside the transaction just started, waiting up to <see cref="BusyTimeout"/> (then
        /// lock_not_available, which is StoreBusy). A cancellation during the wait makes Npgsql send the server a cancel
        /// request: the server ends the wait (query_canceled), nothing of ours keeps waiting, no lock is granted, and this
        /// throws <see cref="OperationCanceledException"/>; the caller rolls the transaction back.
        /// </summary>
        /// <remarks>
        /// A free lock (the usual case) is taken by a try, in the one round trip the blocking wait cost before; only a lock
        /// found taken costs more: <see cref="WaitingForWriter"/> is told who holds it, then the wait begins.
        /// </remarks>
        private void TakeWriterLock(CancellationToken cancellation)
        {
            // A stop ends this round trip too, whether or not the server still answers (.Stop).
            if (Stoppable(TryTakeWriterLock))
            {
                return;
            }

            // Who holds it: for the wait's line, and for StoreBusy should the wait reach the busy timeout (walkthrough 22, 2).
            // Not asked when stopped already.
            string? holder = cancellation.IsCancellationRequested ? null : LockHolder();
            if (cancellation.IsCancellationRequested)
            {
                // Stopped already, or during the look-up (which the stop cancelled): the lock if it was free (a stopped
                // command recording what it rolled back), never a wait.
                throw new OperationCanceledException("The wait for the store's writer lock was cancelled.", cancellation);
            }

            if (BusyTimeout <= TimeSpan.Zero)
            {
                // $env:BMG_STORE_WAIT = 0, don't wait: StoreBusy now, and no line about a wait that does not happen ("up to
                // 0 s"), as SQLite's writer says none (round 37, fixs37 item 3b).
                throw StoreBusyError.WriterLock(Location, BusyTimeout, holder, inner: null);
            }

            Action<string?>? waiting = WaitingForWriter;
            waiting?.Invoke(WriterWaitLine.ForWriterLock(Location, BusyTimeout, holder));
            try
            {
                // Inside a savepoint, so that a wait that reaches the timeout can still ask who holds the lock by then; released
                // once the lock is taken (the transaction keeps it). Only a contended lock costs these round trips.
                StoppableSavepoint("SAVEPOINT");
                // lock_timeout is set already (the try): the wait ends there with lock_not_available, StoreBusy.
                using var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, hashtext($2));", _connection, _transaction);
                lockCommand.Parameters.Add(Integer(WriterLockClass));
                lockCommand.Parameters.Add(Text(_location.Schema));
                // Tests only: a stop that lands after the check above and before the wait's statement (rel46, p545's flake).
                BeforeWriterWait?.Invoke();
                WaitForLock(lockCommand, cancellation, "the store's writer lock");
                StoppableSavepoint("RELEASE SAVEPOINT");
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                throw StoreBusyError.WriterLock(Location, BusyTimeout, HolderAfterTimeout() ?? holder, e);
            }
            finally
            {
                // The wait is over, however it ended: a command takes down what it showed of it.
                waiting?.Invoke(null);
            }
        }

        private const string WriterWaitSavepoint = "bmg_writer_wait";

        /// <summary>Tests only: run on the command's thread just before the wait for the writer lock begins (after the stop is looked at).</summary>
        internal Action? BeforeWriterWait { get; set; }

        /// <summary>Tests only: run on the round trip's thread of a wait <see cref="EndedByStop"/> ends, just before its statement is sent.</summary>
        internal Action? BeforeLockStatement { get; set; }

        /// <summary>
        /// A wait for another client's lock (<paramref name="lockCommand"/>: the writer lock; the schema's lock and tables while
        /// the store is created or upgraded, PostgresSchema), ended by <paramref name="cancellation"/> (the stop, or a stopped
        /// import's record's <see cref="StoreWait.AfterStop"/>) as a stopped round trip is (.Stop, <see cref="WaitOrGiveUp"/>):
        /// the cancel request goes to the server from another thread, a live server ends the wait (query_canceled, then
        /// <see cref="OperationCanceledException"/>), and one that has not ended it <see cref="StopGrace"/> later has the
        /// connection given up (<see cref="OperationCanceledException"/> saying so; for a record made after the stop,
        /// StoreUnavailable, as its other round trips say it). Before (left42 for the writer lock, pg44 for the schema's),
        /// Npgsql's own cancellation ended the wait: it waits for the answer to its cancel request with no limit of ours, and
        /// on a network gone silent the stopped command waited on. The wait is not the server's silence: no line says the
        /// server has not answered while the lock is held.
        /// </summary>
        /// <param name="waitingFor">What is waited for, as the cancelled wait's message says it ("the store's writer lock").</param>
        internal void WaitForLock(NpgsqlCommand lockCommand, CancellationToken cancellation, string waitingFor) =>
            _ = EndedByStop(lockCommand, lockCommand.ExecuteNonQuery, cancellation, waitingFor);

        /// <summary>
        /// Runs <paramref name="roundTrip"/> (<paramref name="command"/>'s) so that <paramref name="cancellation"/> ends it as
        /// <see cref="WaitForLock"/> ends a wait for a lock: the one rule of both those waits and the other statements of the
        /// schema's creation or upgrade (PostgresSchema, rel45). Inline without a token to watch, or inside work already
        /// watched from another thread.
        /// </summary>
        internal T EndedByStop<T>(NpgsqlCommand command, Func<T> roundTrip, CancellationToken cancellation, string waitingFor)
        {
            if (!cancellation.CanBeCanceled || _inStoppableRoundTrip)
            {
                return roundTrip();
            }

            // Made after the stop only in a transaction begun after it (a stopped import's record, its own bounded token), never
            // because the stop happened to land before this line: a wait the stop ends is the stop's (rel46, p545's flake, where
            // a stop between TakeWriterLock's check and here made a given-up wait StoreUnavailable).
            bool afterStop = TransactionBegunAfterStop;
            _cancelInFlight = command.Cancel;
            Task<T> waiting = Task.Run(() => Watched(() =>
            {
                // A stop that came before the statement: no wait begun, nothing for the server to cancel.
                cancellation.ThrowIfCancellationRequested();
                // Tests only: the moment between that look and the statement's start (Npgsql drops a Cancel made before it).
                BeforeLockStatement?.Invoke();
                return roundTrip();
            }));
            try
            {
                WaitOrGiveUp(waiting, cancellation, sayServerWait: false);
                return waiting.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException e) when (afterStop && ReferenceEquals(waiting, _givenUpWith))
            {
                throw Unavailable(Location, $"the server did not answer within {StopGrace.TotalSeconds:0} s once the wait for {waitingFor} "
                    + "ended after the command was stopped (the connection was closed)", e);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.QueryCanceled && cancellation.IsCancellationRequested)
            {
                // The server's answer to the cancel request: the stop, not a failure of the store.
                throw new OperationCanceledException($"The wait for {waitingFor} was cancelled.", e, cancellation);
            }
        }

        /// <summary>
        /// True once a stop gave up <paramref name="connection"/> (<see cref="GiveUpConnection"/>): a round trip may still be
        /// running on it on another thread, so nothing of it (its transaction's rollback) may be touched; it is closed when
        /// that round trip ends, and the server rolls its transaction back as the session ends.
        /// </summary>
        internal bool GaveUp(NpgsqlConnection connection) => !ReferenceEquals(connection, _connection);

        /// <summary>
        /// The wait's savepoint statement, as a round trip a stop ends, and one made after the stop (a stopped import's record
        /// finding another writer holding the lock) waited for at most <see cref="AfterStopLimit"/> (.Stop).
        /// </summary>
        private void StoppableSavepoint(string verb) =>
            Stoppable(() =>
            {
                using var command = new NpgsqlCommand(verb + " " + WriterWaitSavepoint + ";", _connection, _transaction);
                _cancelInFlight = command.Cancel;
                return command.ExecuteNonQuery();
            });

        /// <summary>
        /// Who holds the writer lock (<see cref="PostgresLockHolder"/>), asked as a round trip a stop ends; after the stop (a
        /// stopped import's record finding another writer holding the lock) waited for at most <see cref="AfterStopLimit"/>,
        /// then the connection is given up and the record said missing (StoreUnavailable). Before (left42, round 41's
        /// leftover), the look-up ran inline: on a network that fell silent as it was sent, the stopped import waited for the
        /// 300 s command timeout. A look-up the stop cancelled names no one (the stop ends the command next).
        /// </summary>
        private string? LockHolder() =>
            Stoppable(() => PostgresLockHolder.Describe(_connection, _transaction!, WriterLockClass, _location.Schema, cancel => _cancelInFlight = cancel));

        /// <summary>Who holds the writer lock once this session's wait for it timed out; null when that can't be asked (then the holder the wait began with is named).</summary>
        private string? HolderAfterTimeout()
        {
            try
            {
                StoppableSavepoint("ROLLBACK TO SAVEPOINT");
                return LockHolder();
            }
            catch (NpgsqlException)
            {
                return null;
            }
        }

        /// <summary>
        /// How long the server lets a writer's transaction sit idle (its client sending nothing) before it ends the session, and
        /// with it the transaction and the writer lock: a writer whose network went silent (a VPN that dropped, a laptop
        /// closed) is never told so by its client, and without a limit the server keeps its session, and every other writer
        /// waiting, until its own TCP keepalive notices — two hours by default (walkthrough 33a, 5). A writer's client always
        /// has its next statement ready within seconds, but for a warning's question under -WarningAction Inquire left open
        /// while an import of a pipe holds the lock (README: "Don't leave it open"). Set only for the writer's transaction
        /// (set_config's is_local), and only where the session has no limit of its own: a database administrator's
        /// idle_in_transaction_session_timeout (for the role, the database or the server) is kept.
        /// </summary>
        public const int AbandonedWriterSeconds = 300;

        /// <summary>The writer's idle limit (<see cref="AbandonedWriterSeconds"/>); shorter in tests.</summary>
        internal TimeSpan AbandonedWriterTimeout { get; set; } = TimeSpan.FromSeconds(AbandonedWriterSeconds);

        /// <summary>
        /// The transaction's idle limit (<see cref="AbandonedWriterSeconds"/>, the milliseconds in parameter $1) unless the
        /// session has one of its own: for a writer's transaction, and for a -WhatIf's, which holds the row locks of what it
        /// would change as long as its session lives (.ConnectOnce).
        /// </summary>
        private const string AbandonedTransactionLimit =
            "CASE WHEN current_setting('idle_in_transaction_session_timeout') = '0' THEN set_config('idle_in_transaction_session_timeout', $1, true) END";

        /// <summary>
        /// The transaction's lock_timeout (<see cref="BusyTimeout"/>) — for the wait for the writer lock, and for every later
        /// statement that waits for a row lock (a -WhatIf holding a row) — and its idle limit (<see cref="AbandonedTransactionLimit"/>),
        /// in one statement.
        /// </summary>
        private const string WriterTransactionSettings = "SELECT " + AbandonedTransactionLimit + ", set_config('lock_timeout', $2, true);";

        /// <summary>A -WhatIf's transaction gets the writer's idle limit (<see cref="AbandonedTransactionLimit"/>), not its lock_timeout.</summary>
        private void LimitDryRunIdle() =>
            Run("SELECT " + AbandonedTransactionLimit + ";", AbandonedLimitParameter());

        private NpgsqlParameter AbandonedLimitParameter() =>
            Text(((long)AbandonedWriterTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms");

        /// <summary>A setting of this store's session as the server has it now (tests: the idle limit a dry run carries).</summary>
        internal string SessionSetting(string name) => (string)Scalar("SELECT current_setting($1);", Text(name))!;

        /// <summary>
        /// Sets the transaction's limits (<see cref="WriterTransactionSettings"/>) and takes the writer lock if it is free, both
        /// in one round trip; never waits.
        /// </summary>
        private bool TryTakeWriterLock()
        {
            using var batch = new NpgsqlBatch(_connection, _transaction);
            _cancelInFlight = batch.Cancel;
            var settings = new NpgsqlBatchCommand(WriterTransactionSettings);
            settings.Parameters.Add(AbandonedLimitParameter());
            settings.Parameters.Add(Text(StoreWait.LockTimeoutSetting(BusyTimeout)));
            batch.BatchCommands.Add(settings);
            var tryLock = new NpgsqlBatchCommand("SELECT pg_try_advisory_xact_lock($1, hashtext($2));");
            tryLock.Parameters.Add(Integer(WriterLockClass));
            tryLock.Parameters.Add(Text(_location.Schema));
            batch.BatchCommands.Add(tryLock);
            using NpgsqlDataReader reader = batch.ExecuteReader();
            // The first result is the settings'; the second says whether the lock was taken.
            bool taken = reader.NextResult() && reader.Read() && reader.GetBoolean(0);
            while (reader.NextResult())
            {
            }

            return taken;
        }

        /// <summary>The transaction-level advisory lock (<paramref name="lockClass"/>, hashtext(<paramref name="schema"/>)) if it is free; never waits.</summary>
        internal static bool TryTakeLock(NpgsqlConnection connection, NpgsqlTransaction transaction, int lockClass, string schema)
        {
            using var command = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock($1, hashtext($2));", connection, transaction);
            command.Parameters.Add(Integer(lockClass));
            command.Parameters.Add(Text(schema));
            return command.ExecuteScalar() is bool taken && taken;
        }

        /// <summary>
        /// A statement of a creation or upgrade on a connection no store owns (tests: PostgresSchema): <paramref name="cancellation"/>
        /// ends it through Npgsql's own cancel request (query_canceled, then <see cref="OperationCanceledException"/>), which waits
        /// for its answer with no limit of ours; a store's statements go through <see cref="EndedByStop"/>.
        /// </summary>
        internal static T WaitCancellably<T>(Func<CancellationToken, Task<T>> runCancellably, CancellationToken cancellation, string waitingFor)
        {
            try
            {
                // Npgsql cancels a statement through its token only on the asynchronous path; nothing here needs a synchronization context.
                return runCancellably(cancellation).GetAwaiter().GetResult();
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.QueryCanceled && cancellation.IsCancellationRequested)
            {
                // The server's answer to our cancel request: the stop, not a failure of the store.
                throw new OperationCanceledException($"The wait for {waitingFor} was cancelled.", e, cancellation);
            }
        }
    }
}
