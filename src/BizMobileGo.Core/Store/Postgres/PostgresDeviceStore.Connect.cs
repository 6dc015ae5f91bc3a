using System;
using System.Data;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using BizMobileGo.Core.Errors;
using Npgsql;

namespace BizMobileGo.Core.Store.Postgres
{
    // Connecting: the connection's settings (from the URI and the store's own), the cancellable open, the session's setup
    // (with the check that the store is current), the one retry of a dead pooled connection, and the reopen of a
    // connection a failure left broken.
    public sealed partial class PostgresDeviceStore
    {
        /// <summary>How long a short look-up (tab completion) waits to connect.</summary>
        private const int LookupConnectTimeoutSeconds = 3;

        /// <summary>The opener <see cref="DeviceStores.ServerStoreOpener"/> calls: a command's store, a -WhatIf snapshot, or a look-up.</summary>
        /// <param name="cancellation">Ends the connect (a server that never answers) and the wait of a schema to create or upgrade for other clients' locks (<see cref="PostgresSchema"/>).</param>
        public static IDeviceStore Open(string uri, StoreUse use, CancellationToken cancellation) => Open(uri, use, cancellation, null);

        /// <summary>As <see cref="Open(string, StoreUse, CancellationToken)"/>; <paramref name="waiting"/> is told when the open begins to wait for another client creating or upgrading the schema.</summary>
        public static IDeviceStore Open(string uri, StoreUse use, CancellationToken cancellation, Action<string?>? waiting)
        {
            PostgresLocation location = PostgresLocation.Parse(uri);
            // Only a command that may write makes a store that is not there yet (SQLite: a file; here: a schema's tables).
            bool mayCreate = use is StoreUse.Command or StoreUse.Snapshot;
            return Connect(location, snapshot: use is StoreUse.Snapshot or StoreUse.ReadSnapshot, lookup: use == StoreUse.Lookup, cancellation: cancellation, mayCreate: mayCreate, waiting: waiting);
        }

        /// <summary>How long one statement may run (a chunk of an import is one statement batch).</summary>
        private const int CommandTimeoutSeconds = 300;

        /// <summary>Opens a store on <paramref name="location"/>; <paramref name="commandTimeoutSeconds"/> is shorter only in tests.</summary>
        internal static PostgresDeviceStore Connect(PostgresLocation location, bool snapshot, bool lookup, int commandTimeoutSeconds = CommandTimeoutSeconds, CancellationToken cancellation = default, bool mayCreate = true, Action<string?>? waiting = null)
        {
            NpgsqlConnectionStringBuilder builder = ConnectionSettings(location, lookup, commandTimeoutSeconds);
            try
            {
                return ConnectOnce(location, builder.ConnectionString, snapshot, cancellation, mayCreate, waiting);
            }
            catch (BmgException e) when (e.ErrorId == ErrorIds.StoreUnavailable && e.Data.Contains(DeadConnectionMark))
            {
                // The connection the pool gave had died (a server restarted since this session's last command): no
                // transaction of the caller was open on it, so one more try on a fresh connection is safe — with a retry's
                // connect timeout: the link that killed it may be silent now, and the first try spent its time already.
                return ConnectOnce(location, WithRetryConnectTimeout(builder.ConnectionString), snapshot, cancellation, mayCreate, waiting);
            }
        }

        /// <summary>Seconds a connection sits silent before the first TCP keepalive probe (libpq's keepalives_idle; the system's default is 2 hours).</summary>
        internal const int DefaultKeepaliveIdleSeconds = 20;

        /// <summary>Seconds between TCP keepalive probes that get no answer (libpq's keepalives_interval).</summary>
        internal const int DefaultKeepaliveIntervalSeconds = 5;

        /// <summary>The longest connect timeout Npgsql takes, what connect_timeout=0 (libpq: no limit) means here.</summary>
        internal const int LongestConnectTimeoutSeconds = 1024;

        /// <summary>What a store's connection is opened with: the URI's settings, and the store's own.</summary>
        internal static NpgsqlConnectionStringBuilder ConnectionSettings(PostgresLocation location, bool lookup, int commandTimeoutSeconds = CommandTimeoutSeconds)
        {
            var builder = new NpgsqlConnectionStringBuilder(location.ConnectionString.ConnectionString)
            {
                // Statements used again and again (look-ups, the write path) are prepared by Npgsql on their second use.
                MaxAutoPrepare = 64,
                AutoPrepareMinUsages = 2,
                // A chunk of an import is one statement batch: give it time on a slow server; waits for locks end sooner (lock_timeout).
                CommandTimeout = commandTimeoutSeconds,
                // The pool keeps a connection for the next command of a script, not for long: a session that touches
                // many databases (or many sessions on one server) must not hold the server's connection slots idle.
                ConnectionIdleLifetime = 10,
                ConnectionPruningInterval = 2,
                // Every type the store sends or reads is one of PostgreSQL's own (text, integers, booleans, timestamptz,
                // bytea, their arrays), which Npgsql knows without asking: loading the server's catalog of types is a
                // query of 30-90 ms on the server, and its parsing, that every new process paid at its first connection.
#pragma warning disable CS0618 // Obsolete in favour of NpgsqlDataSourceBuilder.ConfigureTypeLoading; the store opens connections by connection string.
                ServerCompatibilityMode = ServerCompatibilityMode.NoTypeLoading,
#pragma warning restore CS0618
            };
            if (!location.PasswordInUri && Environment.GetEnvironmentVariable("PGPASSWORD") is { Length: > 0 } password)
            {
                // Npgsql reads PGPASSWORD itself, but only when it opens a physical connection, and its pool is keyed by the
                // connection string: a session whose $env:PGPASSWORD changed went on using the connection the old password
                // had opened (walkthrough 22, 6). Given here, the password in effect is part of the pool's key, as psql
                // authenticates each run with the password it is given now. The connection string never reaches a message
                // (they name location.Display), and Npgsql drops the password from an opened connection's string.
                builder.Password = password;
            }

            if (SkipsPasswordFile(location))
            {
                // libpq's rule, which Npgsql lacks: a password file that is missing or open to others is not read.
                builder.Passfile = PasswordFileAccess.NoFile;
            }

            if (builder.Timeout == 0)
            {
                // connect_timeout=0 is no limit to libpq, but a connect a stop (Ctrl+C) abandons is left to end on its own
                // (OpenCancellably): with no limit, a server that accepts and never answers would keep that connect and its
                // socket for the rest of the session. So the longest limit Npgsql takes (17 minutes), and the shorter
                // limits below of a look-up and a reopen still apply.
                builder.Timeout = LongestConnectTimeoutSeconds;
            }

            if (!location.KeepalivesOff)
            {
                // TCP keepalive, so that a network that goes silent mid-statement (a VPN that dropped: no reset ever comes)
                // breaks the connection in about a minute (idle time, then the system's count of probes at the interval:
                // 9 on Linux, 10 on Windows), StoreUnavailable, instead of the 300 s command timeout (walkthrough 33a, 5).
                // The URI's keepalives_idle / keepalives_interval choose otherwise, keepalives=0 turns it off (as libpq's).
                builder.TcpKeepAlive = true;
                if (builder.TcpKeepAliveTime == 0)
                {
                    builder.TcpKeepAliveTime = DefaultKeepaliveIdleSeconds;
                }

                if (builder.TcpKeepAliveInterval == 0)
                {
                    builder.TcpKeepAliveInterval = DefaultKeepaliveIntervalSeconds;
                }
            }

            if (lookup)
            {
                // Tab completion must not hang for the default 15 seconds on a server that is not there.
                builder.Timeout = Math.Min(builder.Timeout, LookupConnectTimeoutSeconds);
            }

            return builder;
        }

        /// <summary>Marks a StoreUnavailable of a connection that opened but failed at its first statement: a dead pooled connection.</summary>
        internal const string DeadConnectionMark = "BizMobileGo.DeadPooledConnection";

        private static PostgresDeviceStore ConnectOnce(PostgresLocation location, string connectionString, bool snapshot, CancellationToken cancellation, bool mayCreate, Action<string?>? waiting)
        {
            var connection = new NpgsqlConnection(connectionString);
            var store = new PostgresDeviceStore(location, connection, snapshot);
            store._reopenConnectionString = WithRetryConnectTimeout(connectionString);
            bool opened = false;
            try
            {
                OpenConnection(connection, location, cancellation, store._reopenConnectionString);
                opened = true;
                // The open's round trips after the connect are stoppable too (.Stop): a network that falls silent as a
                // dry run checks its schema, or as a command finds its store current, must not hold Ctrl+C (silent34).
                store.WaitCancellation = cancellation;
                // And said: an open's round trips wait for a server that stopped answering as a command's do.
                store.WaitingForServer = waiting;
                if (snapshot)
                {
                    store._transaction = connection.BeginTransaction(IsolationLevel.RepeatableRead);
                    // Before anything locks: a dry run whose client gives up on a silent network must not keep its session,
                    // and the row locks of what it would change, until the server's keepalive (the writer's idle limit).
                    store.LimitDryRunIdle();
                    store.IsNew = PostgresSchema.EnsureWithin(connection, store._transaction, location, PostgresSchemaMigrations.All, store, cancellation, mayCreate, waiting, upgrade => store.Upgraded = upgrade);
                    store.SetUpSession();
                }
                else if (!store.Stoppable(() => SetUpSessionFindingCurrentStore(connection, location)))
                {
                    // Anything but this module's store at the current version (no store yet, an older or newer one,
                    // another application's tables): decided, created or migrated in one transaction under the schema's lock.
                    store.IsNew = PostgresSchema.Ensure(connection, location, cancellation, mayCreate, waiting, upgrade => store.Upgraded = upgrade, store);
                }

                return store;
            }
            catch (NpgsqlException e)
            {
                store.Dispose();
                throw MarkDeadConnection(Translate(e, location.Display, opening: true), opened, connection);
            }
            catch (BmgException e)
            {
                store.Dispose();
                throw MarkDeadConnection(e, opened, connection);
            }
            catch (ConnectCancelledException)
            {
                // The abandoned open closes the connection when it ends; nothing else of the store was made.
                throw;
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }

        /// <summary>
        /// A connection that opened and then was found dead at its first statement (the socket failed, or the server
        /// had ended the session) came dead from the pool: the pool's other idle connections died with it, so they
        /// are dropped, and the error is marked for one retry. Any other failure, a timeout above all (a lock held by
        /// another client's migration, a slow server), is reported as it is: the pool is kept and nothing is retried.
        /// </summary>
        private static Exception MarkDeadConnection(Exception failure, bool opened, NpgsqlConnection connection)
        {
            if (opened && failure is BmgException { ErrorId: ErrorIds.StoreUnavailable } && IsDeadConnection(failure))
            {
                NpgsqlConnection.ClearPool(connection);
                failure.Data[DeadConnectionMark] = true;
            }

            return failure;
        }

        /// <summary>
        /// Opens the connection; <paramref name="cancellation"/> (Ctrl+C) ends the connect at once, however long the
        /// connect timeout: a server that accepts the connection and never answers, or an address that drops packets,
        /// would otherwise hold the command for the whole timeout. A password the server refuses, or none where it asks
        /// for one, is StoreOpenFailure saying where passwords come from (<see cref="PasswordFailure"/>).
        /// </summary>
        /// <param name="retryConnectionString">The connection's string with a retry's connect timeout (<see cref="WithRetryConnectTimeout"/>; given, not read back: a connection that failed to open may have dropped its password).</param>
        private static void OpenConnection(NpgsqlConnection connection, PostgresLocation location, CancellationToken cancellation, string retryConnectionString)
        {
            try
            {
                try
                {
                    OpenCancellably(connection, location, cancellation);
                }
                catch (NpgsqlException e) when (IsDeadConnection(e))
                {
                    // A pooled connection may have outlived a server restart: drop the pool's connections and try once more,
                    // with a retry's connect timeout. Not after a timeout: a server that did not answer in time would make the
                    // caller wait twice as long.
                    NpgsqlConnection.ClearPool(connection);
                    connection.ConnectionString = retryConnectionString;
                    OpenCancellably(connection, location, cancellation);
                }
            }
            catch (NpgsqlException e) when (PasswordFailure(e, location) is BmgException failure)
            {
                throw failure;
            }
            catch (NpgsqlException e) when (ConnectRefusal(e, location) is BmgException refusal)
            {
                throw refusal;
            }
            catch (Exception e) when ((e is IOException || e is UnauthorizedAccessException) && PasswordFileFailure(e, location) is BmgException failure)
            {
                // Npgsql's own read of a password file it could not read (missing, unreadable), or of none (SkipsPasswordFile).
                throw failure;
            }
            catch (FormatException e) when (PasswordFileNotWellFormed(e, location) is BmgException failure)
            {
                throw failure;
            }
        }

        private static void OpenCancellably(NpgsqlConnection connection, PostgresLocation location, CancellationToken cancellation)
        {
            if (!cancellation.CanBeCanceled)
            {
                connection.Open();
                return;
            }

            Task open = connection.OpenAsync(cancellation);
            try
            {
                open.Wait(cancellation);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                // Npgsql's token ends only part of a connect (not its wait for a silent server's first answer): the stop
                // does not wait for it. The open is left to end on its own (at the connect timeout at the latest) and
                // its connection is closed then; no one else uses that connection meanwhile (see ConnectOnce).
                open.ContinueWith(
                    ended =>
                    {
                        _ = ended.Exception;
                        connection.Dispose();
                    },
                    CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                throw new ConnectCancelledException(cancellation);
            }
            catch (AggregateException e) when (cancellation.IsCancellationRequested)
            {
                // The part of the connect Npgsql ends through the token ended (however it reports it): the stop.
                throw new OperationCanceledException("The connection to the server was cancelled.", e.InnerException, cancellation);
            }
            catch (AggregateException e)
            {
                // One failure goes on as it is, its trace kept (the caller translates it); several become one store error.
                ExceptionDispatchInfo.Capture(ConnectFailure(e, location)).Throw();
            }
        }

        /// <summary>A stop (Ctrl+C) while connecting: the connection is still the abandoned open's, closed when that ends.</summary>
        private sealed class ConnectCancelledException : OperationCanceledException
        {
            public ConnectCancelledException(CancellationToken cancellation)
                : base("The connection to the server was cancelled.", cancellation)
            {
            }
        }

        /// <summary>
        /// The session's search_path names the store's schema, quoted by the server whatever its spelling. Plans are
        /// made for each execution: an import grows its tables inside one transaction, before any ANALYZE, and a plan
        /// cached while a table was empty (a sequential scan) would stay a scan per row. The session's application_name
        /// names who and which command (<see cref="PostgresSessionName"/>).
        /// </summary>
        private void SetUpSession() => Run(SessionSetup, Text(_location.Schema), Text(PostgresSchema.MarkerTable), Text(PostgresSessionName.For(_location)));

        /// <summary>
        /// The session's settings (<see cref="SetUpSession"/>), and in the same round trip whether the store's schema has
        /// a marker table (the schema-qualified name: whatever order the server evaluates the columns in).
        /// </summary>
        private const string SessionSetup =
            "SELECT set_config('search_path', quote_ident($1), false), set_config('plan_cache_mode', 'force_custom_plan', false), " +
            "to_regclass(format('%I.%I', $1, $2)) IS NOT NULL, set_config('application_name', $3, false);";

        /// <summary>
        /// As <see cref="SetUpSession"/> on a connection just opened, outside any transaction; true when the store's schema
        /// has this module's marker at the current version (<see cref="PostgresSchema.IsCurrent(NpgsqlDataReader)"/>). One round
        /// trip (with the pool's reset of a kept connection, which Npgsql sends ahead of it): a batch of the setup and the
        /// version's read, an error barrier between them, so that the setup holds when the read fails (no marker table yet:
        /// the store is then decided under the schema's lock, as before). Before, two round trips. A failure is the
        /// caller's to translate, as the schema check's would be, but a refused right: the read refusal (MayNotRead) a store in public gets.
        /// </summary>
        private static bool SetUpSessionFindingCurrentStore(NpgsqlConnection connection, PostgresLocation location)
        {
            using var batch = new NpgsqlBatch(connection) { EnableErrorBarriers = true };
            var setup = new NpgsqlBatchCommand(SessionSetup);
            setup.Parameters.Add(Text(location.Schema));
            setup.Parameters.Add(Text(PostgresSchema.MarkerTable));
            setup.Parameters.Add(Text(PostgresSessionName.For(location)));
            batch.BatchCommands.Add(setup);
            batch.BatchCommands.Add(PostgresSchema.CurrentVersionCommand());
            try
            {
                using NpgsqlDataReader reader = batch.ExecuteReader();
                reader.Read();
                bool marker = reader.GetBoolean(2);
                // Read to its end either way: the version's read fails where there is no marker table.
                bool current = PostgresSchema.IsCurrent(reader);
                return marker && current;
            }
            catch (NpgsqlException e) when (ServerErrorOfBatch(e) is PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } denied)
            {
                // A schema store (?search_path=) the user has no USAGE on fails at the setup, and the version's read after
                // it too: the refusal a store in public gets when its marker table is refused (walk36, finding 1).
                throw MayNotRead(location, denied);
            }
        }

        /// <summary>
        /// A connection that a failure left broken or closed is opened again before the store's next transaction or
        /// statement outside one. Npgsql breaks the connection on more than a lost server (a disk_full error, even of a
        /// single INSERT, leaves it broken with the server well): that failure was reported as what it was, and nothing
        /// of its transaction is left to lose (the server rolls it back with the session), so the same store object —
        /// the import recording its failed attempt, a later transaction of the same command — goes on, on a fresh
        /// session, instead of saying "connection lost" for a server that is there. A server that is really gone is
        /// StoreUnavailable here. Never inside a transaction, nor for a -WhatIf snapshot, whose transaction is its state.
        /// </summary>
        private void ReopenIfBroken()
        {
            ThrowIfSnapshotGivenUp();
            bool usable = _connection.State == ConnectionState.Open && !_connection.FullState.HasFlag(ConnectionState.Broken);
            if (usable || _snapshot || _inStoreTransaction || _reopening)
            {
                return;
            }

            // Once per call: a session that breaks again while being set up is that statement's failure, not another reopen.
            _reopening = true;
            try
            {
                _transaction = null;
                _connection.Close();
                // A short connect timeout: the reopen mostly runs on an error path (the import recording its failed
                // attempt), which must not wait the full connect timeout for a host that stopped answering.
                _connection.ConnectionString = _reopenConnectionString;
                // Not cancellable: a connect the stop abandoned would still own the connection the catch below closes; the
                // reopen's connect timeout is short anyway.
                OpenConnection(_connection, _location, CancellationToken.None, _reopenConnectionString);
                SetUpSession();
                EndAbandonedSession();
            }
            catch (Exception e)
            {
                // Whatever failed (the open, or the session's setup, which throws the store's own error): closed, so the
                // next use opens and sets the session up again — never a session without the store's search_path.
                CloseQuietly();
                if (e is NpgsqlException npgsql)
                {
                    throw Translate(npgsql, Location, opening: true);
                }

                throw;
            }
            finally
            {
                _reopening = false;
            }
        }

        private void CloseQuietly()
        {
            try
            {
                _connection.Close();
            }
            catch (Exception e) when (e is NpgsqlException || e is InvalidOperationException || e is System.IO.IOException)
            {
            }
        }

        /// <summary>How long a reopen (<see cref="ReopenIfBroken"/>) and a retry after a dead pooled connection wait to connect.</summary>
        private const int ReopenConnectTimeoutSeconds = LookupConnectTimeoutSeconds;

        /// <summary>
        /// <paramref name="connectionString"/> with the connect timeout of a connect made again — a reopen, or the one retry
        /// after a dead pooled connection (<see cref="Connect"/>, <see cref="OpenConnection"/>): <see cref="ReopenConnectTimeoutSeconds"/>,
        /// or the URI's connect_timeout if shorter. A live server answers a connect in well under a second, even over a
        /// branch office's link; a connect made again follows a failure, and on a link that went silent the full timeout
        /// (15 s, or 17 minutes for connect_timeout=0) was that much more wait before StoreUnavailable (net40).
        /// </summary>
        private static string WithRetryConnectTimeout(string connectionString)
        {
            var again = new NpgsqlConnectionStringBuilder(connectionString);
            again.Timeout = Math.Min(again.Timeout, ReopenConnectTimeoutSeconds);
            return again.ConnectionString;
        }

        /// <summary>The store's connection string (with its password, which an opened connection forgets) with the reopen's connect timeout.</summary>
        private string _reopenConnectionString = "";

        private bool _reopening;
    }
}
