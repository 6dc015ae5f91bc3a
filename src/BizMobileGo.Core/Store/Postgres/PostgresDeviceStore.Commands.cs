using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;
using Npgsql;
using NpgsqlTypes;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// Plumbing: every statement takes positional parameters ($1, $2, ...) of explicit types, so no value is ever
    /// part of the SQL text and Npgsql prepares a statement once it is used again; every failure goes through
    /// <see cref="Failure"/>. Times are written truncated to whole microseconds (what timestamptz keeps), so a
    /// time reads back equal to what was written.
    /// </summary>
    public sealed partial class PostgresDeviceStore
    {
        // The statements of the last command or batch: what a refused right is told by (RefusedRight), since the server's
        // error names the table and not the right, nor (in a batch) which statement it refused.
        private NpgsqlBatch? _lastBatch;
        private string? _lastStatement;

        /// <summary>The statements last sent: the batch's, or the one command's.</summary>
        private IReadOnlyList<string> LastStatements()
        {
            if (_lastBatch != null)
            {
                var texts = new List<string>(_lastBatch.BatchCommands.Count);
                foreach (NpgsqlBatchCommand command in _lastBatch.BatchCommands)
                {
                    texts.Add(command.CommandText);
                }

                return texts;
            }

            return _lastStatement == null ? Array.Empty<string>() : new[] { _lastStatement };
        }

        /// <summary>Tests only: run on the command's thread as each single statement is made, before its round trip (claim47).</summary>
        internal Action<string>? BeforeStatement { get; set; }

        [MethodImpl(PerRowCode.Compile)]
        private NpgsqlCommand NewCommand(string sql, NpgsqlParameter[] parameters)
        {
            BeforeStatement?.Invoke(sql);
            // A read outside any transaction on a connection an earlier failure broke: opened again first (.cs, ReopenIfBroken).
            ReopenIfBroken();
            // History queued since the last round trip goes first (.HistoryTables), in a batch of its own just before this
            // statement: it may read the history.
            SendQueuedHistory();
            _lastStatement = sql;
            _lastBatch = null;
            var command = new NpgsqlCommand(sql, _connection, _transaction);
            _cancelInFlight = command.Cancel;
            foreach (NpgsqlParameter parameter in parameters)
            {
                command.Parameters.Add(parameter);
            }

            return command;
        }

        /// <summary>Runs a statement; returns how many rows it changed.</summary>
        [MethodImpl(PerRowCode.Compile)]
        private int Run(string sql, params NpgsqlParameter[] parameters)
        {
            using NpgsqlCommand command = NewCommand(sql, parameters);
            return Guarded(() => command.ExecuteNonQuery());
        }

        private object? Scalar(string sql, params NpgsqlParameter[] parameters)
        {
            using NpgsqlCommand command = NewCommand(sql, parameters);
            return Guarded(() => command.ExecuteScalar());
        }

        private List<T> Query<T>(string sql, Func<NpgsqlDataReader, T> read, params NpgsqlParameter[] parameters)
        {
            // Materialized: the callers (cmdlets) write output while the store may be used again.
            using NpgsqlCommand command = NewCommand(sql, parameters);
            return Guarded(() =>
            {
                var results = new List<T>();
                using NpgsqlDataReader reader = command.ExecuteReader();
                while (reader.Read())
                {
                    results.Add(read(reader));
                }

                return results;
            });
        }

        private T? Single<T>(string sql, Func<NpgsqlDataReader, T> read, params NpgsqlParameter[] parameters) where T : class
        {
            List<T> found = Query(sql, read, parameters);
            return found.Count == 0 ? null : found[0];
        }

        /// <summary>Sends statements in one round trip, run in order in the current transaction, the queued history first.</summary>
        [MethodImpl(PerRowCode.Compile)]
        private void RunBatch(IReadOnlyList<NpgsqlBatchCommand> commands)
        {
            using NpgsqlBatch batch = NewBatch(commands, out bool carriesQueue);
            if (batch.BatchCommands.Count != 0)
            {
                GuardedSending(carriesQueue, () => batch.ExecuteNonQuery());
            }
        }

        /// <summary>
        /// Sends the queued history and <paramref name="commands"/> in one round trip and hands each command's result
        /// set, in order, to <paramref name="read"/> (the command's index, the reader on its result set). The queued
        /// statements are INSERTs without RETURNING: they have no result set, and Npgsql's reader skips statements
        /// that have none, so the result sets read are the commands' own.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        private void RunReading(IReadOnlyList<NpgsqlBatchCommand> commands, Action<int, NpgsqlDataReader> read)
        {
            using NpgsqlBatch batch = NewBatch(commands, out bool carriesQueue);
            GuardedSending(carriesQueue, [MethodImpl(PerRowCode.Compile)] () =>
            {
                using NpgsqlDataReader reader = batch.ExecuteReader();
                for (int c = 0; c < commands.Count; c++)
                {
                    if (c != 0 && !reader.NextResult())
                    {
                        break;
                    }

                    read(c, reader);
                }

                // Read to the end: a failure of a later statement surfaces here, not when the reader is disposed.
                while (reader.NextResult())
                {
                }
            });
        }

        /// <summary>A batch of the queued history statements (taken off the queue: they are never sent twice), then <paramref name="commands"/>.</summary>
        [MethodImpl(PerRowCode.Compile)]
        private NpgsqlBatch NewBatch(IReadOnlyList<NpgsqlBatchCommand> commands, out bool carriesQueue)
        {
            ReopenIfBroken();
            var batch = new NpgsqlBatch(_connection, _transaction);
            _lastBatch = batch;
            _cancelInFlight = batch.Cancel;
            CloseQueuedPacks();
            carriesQueue = _queuedHistory.Count != 0;
            foreach (NpgsqlBatchCommand queued in _queuedHistory)
            {
                batch.BatchCommands.Add(queued);
            }

            _queuedHistory.Clear();
            foreach (NpgsqlBatchCommand command in commands)
            {
                batch.BatchCommands.Add(command);
            }

            return batch;
        }

        /// <summary>
        /// Runs a batch that may carry queued history statements; if it carried some and failed, the failure is kept:
        /// the transaction is aborted, and its commit throws the same error instead of a COMMIT the server would turn
        /// into a ROLLBACK (.History, <see cref="ThrowIfQueuedFailed"/>).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        private void GuardedSending(bool carriesQueue, Action action)
        {
            try
            {
                Guarded(action);
            }
            catch (Exception e) when (carriesQueue)
            {
                _queuedFailure ??= e;
                throw;
            }
        }

        [MethodImpl(PerRowCode.Compile)]
        private static NpgsqlBatchCommand BatchCommand(string sql, params NpgsqlParameter[] parameters)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (NpgsqlParameter parameter in parameters)
            {
                command.Parameters.Add(parameter);
            }

            return command;
        }

        /// <param name="stoppable">
        /// False for a step that waits for its answer its own way (.Stop): the next row of a reader, most often in its buffer,
        /// where a hop to another thread for each row would cost more than the row (<see cref="ReadNextRow"/>); a COMMIT,
        /// never cancelled (<see cref="CommitAwaited"/>).
        /// </param>
        private T Guarded<T>(Func<T> action, bool stoppable = true)
        {
            try
            {
                // A stop (Ctrl+C) ends the round trip within seconds, whether or not the server still answers (.Stop).
                return stoppable ? Stoppable(action) : action();
            }
            catch (Exception e) when (Failure(e) is Exception failure && !ReferenceEquals(failure, e))
            {
                throw failure;
            }
        }

        [MethodImpl(PerRowCode.Compile)]
        private void Guarded(Action action, bool stoppable = true) => Guarded(
            () =>
            {
                action();
                return true;
            },
            stoppable);

        // ---- parameters ----

        private static NpgsqlParameter Text(string? value) => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

        [MethodImpl(PerRowCode.Compile)]
        private static NpgsqlParameter Integer(int? value) => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = (object?)value ?? DBNull.Value };

        private static NpgsqlParameter Bigint(long? value) => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = (object?)value ?? DBNull.Value };

        [MethodImpl(PerRowCode.Compile)]
        private static NpgsqlParameter Bigints(long[] values) => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = values };

        [MethodImpl(PerRowCode.Compile)]
        private static NpgsqlParameter NullableBigints(long?[] values) => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, Value = values };

        private static NpgsqlParameter Boolean(bool value) => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Boolean, Value = value };

        private static NpgsqlParameter TextArray(IReadOnlyCollection<string> values)
        {
            var array = new string[values.Count];
            int i = 0;
            foreach (string value in values)
            {
                array[i++] = value;
            }

            return new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = array };
        }

        private static NpgsqlParameter Time(DateTimeOffset? value) =>
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = value.HasValue ? Microseconds(value.Value) : DBNull.Value };

        /// <summary>The time in UTC, cut to whole microseconds: what timestamptz keeps.</summary>
        [MethodImpl(PerRowCode.Compile)]
        internal static DateTimeOffset Microseconds(DateTimeOffset time)
        {
            long ticks = time.UtcTicks;
            return new DateTimeOffset(ticks - (ticks % 10), TimeSpan.Zero);
        }

        // ---- reading ----

        private static string? NullableString(NpgsqlDataReader reader, int ordinal) =>
            reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

        private static DateTimeOffset ReadTime(NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

        private static DateTimeOffset? NullableTime(NpgsqlDataReader reader, int ordinal) =>
            reader.IsDBNull(ordinal) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(ordinal);

        private static IReadOnlyList<string> ReadList(NpgsqlDataReader reader, int ordinal) =>
            reader.IsDBNull(ordinal) ? Array.Empty<string>() : reader.GetFieldValue<string[]>(ordinal);
    }
}
