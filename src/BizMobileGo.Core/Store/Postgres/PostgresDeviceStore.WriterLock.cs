using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// The writer lock (the contract's writer exclusivity): a transaction-level advisory lock, waited for under
    /// lock_timeout, and the wait ended by a cancellation through Npgsql's own cancel request.
    /// </summary>
    public sealed partial class PostgresDeviceStore
    {
        public CancellationToken WaitCancellation { get; set; }

        public Action<string?>? WaitingForWriter { get; set; }

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
            if (TryTakeWriterLock())
            {
                return;
            }

            if (cancellation.IsCancellationRequested)
            {
                // Stopped already: the lock if it was free (a stopped command recording what it rolled back), never a wait.
                throw new OperationCanceledException("The wait for the store's writer lock was cancelled.", cancellation);
            }

            // Who holds it: for the wait's line, and for StoreBusy should the wait reach the busy timeout (walkthrough 22, 2).
            string? holder = PostgresLockHolder.Describe(_connection, _transaction!, WriterLockClass, _location.Schema);
            Action<string?>? waiting = WaitingForWriter;
            waiting?.Invoke(WriterWaitLine.ForWriterLock(Location, BusyTimeout, holder));
            try
            {
                // Inside a savepoint, so that a wait that reaches the timeout can still ask who holds the lock by then; released
                // once the lock is taken (the transaction keeps it). Only a contended lock costs these round trips.
                OnWriterWaitSavepoint("SAVEPOINT");
                // lock_timeout is set already (the try): the wait ends there with lock_not_available, StoreBusy.
                using var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, hashtext($2));", _connection, _transaction);
                lockCommand.Parameters.Add(Integer(WriterLockClass));
                lockCommand.Parameters.Add(Text(_location.Schema));
                WaitCancellably(lockCommand.ExecuteNonQuery, lockCommand.ExecuteNonQueryAsync, cancellation, "the store's writer lock");
                OnWriterWaitSavepoint("RELEASE SAVEPOINT");
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

        private void OnWriterWaitSavepoint(string verb)
        {
            using var command = new NpgsqlCommand(verb + " " + WriterWaitSavepoint + ";", _connection, _transaction);
            command.ExecuteNonQuery();
        }

        /// <summary>Who holds the writer lock once this session's wait for it timed out; null when that can't be asked (then the holder the wait began with is named).</summary>
        private string? HolderAfterTimeout()
        {
            try
            {
                OnWriterWaitSavepoint("ROLLBACK TO SAVEPOINT");
                return PostgresLockHolder.Describe(_connection, _transaction!, WriterLockClass, _location.Schema);
            }
            catch (NpgsqlException)
            {
                return null;
            }
        }

        /// <summary>
        /// Sets the transaction's lock_timeout to <see cref="BusyTimeout"/> — for the wait for the writer lock, and for every
        /// later statement that waits for a row lock (a -WhatIf holding a row) — and takes the writer lock if it is free,
        /// both in one round trip; never waits.
        /// </summary>
        private bool TryTakeWriterLock()
        {
            using var batch = new NpgsqlBatch(_connection, _transaction);
            var timeout = new NpgsqlBatchCommand("SELECT set_config('lock_timeout', $1, true);");
            timeout.Parameters.Add(Text(((long)BusyTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms"));
            batch.BatchCommands.Add(timeout);
            var tryLock = new NpgsqlBatchCommand("SELECT pg_try_advisory_xact_lock($1, hashtext($2));");
            tryLock.Parameters.Add(Integer(WriterLockClass));
            tryLock.Parameters.Add(Text(_location.Schema));
            batch.BatchCommands.Add(tryLock);
            using NpgsqlDataReader reader = batch.ExecuteReader();
            // The first result is set_config's; the second says whether the lock was taken.
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
        /// Runs statements that may wait for another client's lock (the writer lock, the schema's lock and tables while the
        /// store is created or upgraded) so that <paramref name="cancellation"/> ends the wait: Npgsql sends the server a
        /// cancel request, the server ends the statement (query_canceled), and this throws
        /// <see cref="OperationCanceledException"/>; the caller's transaction is then rolled back, so nothing is kept.
        /// </summary>
        internal static void WaitCancellably(Func<int> run, Func<CancellationToken, Task<int>> runCancellably, CancellationToken cancellation, string waitingFor)
        {
            if (!cancellation.CanBeCanceled)
            {
                run();
                return;
            }

            try
            {
                // Npgsql cancels a statement through its token only on the asynchronous path; nothing here needs a synchronization context.
                runCancellably(cancellation).GetAwaiter().GetResult();
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.QueryCanceled && cancellation.IsCancellationRequested)
            {
                // The server's answer to our cancel request: the stop, not a failure of the store.
                throw new OperationCanceledException($"The wait for {waitingFor} was cancelled.", e, cancellation);
            }
        }
    }
}
