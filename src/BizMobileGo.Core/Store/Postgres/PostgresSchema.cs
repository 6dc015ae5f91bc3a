using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BizMobileGo.Core.Errors;
using Npgsql;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// Makes sure the store's schema (the one <see cref="PostgresLocation.Schema"/> names) holds a BizMobileGo
    /// store of the current version: an empty schema gets the tables, an older store is migrated, a schema
    /// holding another application's tables is refused (<see cref="ErrorIds.StoreNotRecognized"/>), a newer
    /// store too (<see cref="ErrorIds.StoreVersionTooNew"/>). Many clients opening one new database at once
    /// create it exactly once: the work runs in one transaction under a transaction-level advisory lock.
    /// </summary>
    internal static class PostgresSchema
    {
        /// <summary>The marker row's application: a bmg_schema table without it belongs to someone else.</summary>
        public const string ApplicationName = "BizMobileGo";

        /// <summary>The marker table: (application, version, migrated_at), one row.</summary>
        public const string MarkerTable = "bmg_schema";

        /// <summary>The advisory lock's first key, "BMG1" as on SQLite's application_id; the second is hashtext(schema).</summary>
        public const int AdvisoryLockClass = 0x424D4731;

        public static int CurrentVersion => PostgresSchemaMigrations.All.Length;

        /// <summary>
        /// Creates or migrates the store's schema on an open connection; a transaction of three statements when it is current (a store's open first asks <see cref="IsCurrent(NpgsqlDataReader)"/>).
        /// <paramref name="cancellation"/> ends the waits of a creation or upgrade for other clients (the schema's lock, the
        /// tables' locks): <see cref="OperationCanceledException"/>, the transaction rolled back, the schema as it was.
        /// <paramref name="waiting"/> is told when the creation or upgrade finds another client doing it (<see cref="WriterWaitLine.ForSchema"/>).
        /// </summary>
        /// <returns>
        /// True when this call created the store (the schema, where there was none, and the store's tables in it): a schema
        /// named by mistake (a mistyped ?search_path=) is then said as a new store (<see cref="DeviceStores.NewStoreWarning"/>).
        /// False when the store was there, however old (an upgrade), and when another client created it while this one waited.
        /// </returns>
        /// <param name="mayCreate">
        /// False for a command that only reads (<see cref="StoreUse.Read"/>, <see cref="StoreUse.Lookup"/>,
        /// <see cref="StoreUse.ReadSnapshot"/>): a schema without a store (missing, or holding nothing) is
        /// <see cref="ErrorIds.StoreNotFound"/>, and nothing is created, as for a SQLite file that does not exist.
        /// </param>
        /// <param name="upgraded">Told, once the transaction has committed, when this call upgraded a store that was there (<see cref="DeviceStores.UpgradeNotice"/>).</param>
        /// <param name="store">The store that owns <paramref name="connection"/>: the waits for other clients' locks are its stoppable waits (<see cref="PostgresDeviceStore.WaitForLock"/>); null on a bare connection (tests).</param>
        public static bool Ensure(NpgsqlConnection connection, PostgresLocation location, CancellationToken cancellation = default, bool mayCreate = true, Action<string?>? waiting = null, Action<StoreUpgrade>? upgraded = null, PostgresDeviceStore? store = null) =>
            Ensure(connection, location, PostgresSchemaMigrations.All, cancellation: cancellation, mayCreate: mayCreate, waiting: waiting, upgraded: upgraded, store: store);

        /// <summary>
        /// As <see cref="Ensure(NpgsqlConnection, PostgresLocation, CancellationToken, bool, Action{string?}?, Action{StoreUpgrade}?)"/> with a given list of migrations, and how long an
        /// upgrade waits for a table another client is using (tests: shorter than <see cref="UpgradeLockTimeout"/>).
        /// </summary>
        internal static bool Ensure(NpgsqlConnection connection, PostgresLocation location, IReadOnlyList<string> migrations, TimeSpan? lockTimeout = null, CancellationToken cancellation = default, bool mayCreate = true, Action<string?>? waiting = null, Action<StoreUpgrade>? upgraded = null, PostgresDeviceStore? store = null)
        {
            var found = new FoundStore();
            bool created = Translated(location, migrations.Count, found, () =>
            {
                NpgsqlTransaction transaction = connection.BeginTransaction();
                try
                {
                    bool made = EnsureCore(connection, transaction, location, migrations, lockTimeout ?? UpgradeLockTimeout, cancellation, mayCreate, waiting, found, store);
                    // A stop that came as the last statement ended (or while a silent network held it, after the open gave the
                    // connection up) commits nothing: the schema stays as it was.
                    cancellation.ThrowIfCancellationRequested();
                    transaction.Commit();
                    return made;
                }
                finally
                {
                    // A connection a stop gave up still runs the stopped wait on another thread: its rollback is the server's,
                    // as the session ends (a rollback here would read from it beside that wait).
                    if (store == null || !store.GaveUp(connection))
                    {
                        transaction.Dispose();
                    }
                }
            });
            found.Report(migrations.Count, upgraded);
            return created;
        }

        /// <summary>
        /// How long a migration waits for a lock on a table (an upgrade drops keys: ACCESS EXCLUSIVE) before StoreBusy,
        /// as long as a writer waits for the writer lock: an import in flight must not make the owner's first open, and
        /// every reader queued behind its lock request, wait as long as the import runs.
        /// </summary>
        public static TimeSpan UpgradeLockTimeout => StoreWait.Current;

        /// <summary>
        /// As <see cref="Ensure(NpgsqlConnection, PostgresLocation, CancellationToken, bool, Action{string?}?, Action{StoreUpgrade}?)"/> inside a transaction the caller owns and
        /// never commits (a -WhatIf snapshot): whatever it creates or migrates goes when that transaction is rolled back.
        /// </summary>
        /// <param name="store">The store whose transaction it is: the check a current store ends with (its search path and version) runs on its stoppable path (PostgresDeviceStore.Stop), and the waits for other clients' locks are its stoppable waits.</param>
        internal static bool EnsureWithin(NpgsqlConnection connection, NpgsqlTransaction transaction, PostgresLocation location, IReadOnlyList<string> migrations, PostgresDeviceStore store, CancellationToken cancellation = default, bool mayCreate = true, Action<string?>? waiting = null, Action<StoreUpgrade>? upgraded = null)
        {
            var found = new FoundStore();
            bool created = Translated(location, migrations.Count, found, () => EnsureCore(connection, transaction, location, migrations, UpgradeLockTimeout, cancellation, mayCreate, waiting, found, store, stoppableCheck: true));
            found.Report(migrations.Count, upgraded);
            return created;
        }

        /// <summary>
        /// What an <see cref="EnsureCore"/> found of a store that was there, filled as it goes: the version it upgraded from, and
        /// who owns the store's tables (read before an upgrade), for the notice of an upgrade and for the message of one refused.
        /// </summary>
        private sealed class FoundStore
        {
            /// <summary>The version of a store that was there and is older than this module's (an upgrade began); else null.</summary>
            public int? OlderVersion { get; set; }

            /// <summary>The role that owns the store's marker table (and so its tables), as the catalog names it; null if unread.</summary>
            public string? Owner { get; set; }

            /// <summary>Tells <paramref name="upgraded"/> of the upgrade, once it is done (the caller's transaction committed, or the dry run's).</summary>
            public void Report(int current, Action<StoreUpgrade>? upgraded)
            {
                if (OlderVersion is int from && upgraded != null)
                {
                    upgraded(new StoreUpgrade(from, current));
                }
            }
        }

        private static bool EnsureCore(NpgsqlConnection connection, NpgsqlTransaction transaction, PostgresLocation location, IReadOnlyList<string> migrations, TimeSpan lockTimeout, CancellationToken cancellation, bool mayCreate, Action<string?>? waiting, FoundStore found, PostgresDeviceStore? store, bool stoppableCheck = false)
        {
            // Under the caller's stoppable round trip (a pool thread, the socket broken after the store's StopGrace: the open's
            // read on a network gone silent) the statements wait as plain round trips; Npgsql's own cancel request would wait for
            // the silent network (Postgres.SilentNetwork "as its open checks the store's schema").
            int? ReadCurrentVersion(CancellationToken cancellation)
            {
                // Whatever search_path the server or role sets, the DDL below lands in the store's schema
                // (quoted by the server: no SQL is built from the name here).
                using (var searchPath = new NpgsqlCommand("SELECT set_config('search_path', quote_ident(@schema), true);", connection, transaction))
                {
                    searchPath.Parameters.AddWithValue("schema", location.Schema);
                    NonQuery(store, searchPath, cancellation);
                }

                return ReadVersion(connection, transaction, location, migrations.Count, cancellation, store);
            }

            int? version = stoppableCheck ? store!.Stoppable(() => ReadCurrentVersion(CancellationToken.None)) : ReadCurrentVersion(cancellation);
            if (version == migrations.Count)
            {
                return false;
            }

            if (version == null && !mayCreate)
            {
                // A reader of a schema with no store: another application's tables are named as such, else nothing is there.
                if (SchemaExists(connection, transaction, location.Schema, cancellation, store))
                {
                    RefuseForeignTables(connection, transaction, location, cancellation, store);
                }

                throw DeviceStores.StoreNotFound(location.Display,
                    $"no BizMobileGo store is in the schema '{location.Schema}'",
                    "Check the URI's database and ?search_path= (-Database or $env:BMG_DATABASE)");
            }

            // Others may be creating or migrating this very schema: wait for them (a cancellation ends the wait), then look again.
            // Tried first, so a wait is said as it begins (with who holds the lock) and a free lock costs no more than before.
            cancellation.ThrowIfCancellationRequested();
            if (!PostgresDeviceStore.TryTakeLock(connection, transaction, AdvisoryLockClass, location.Schema))
            {
                waiting?.Invoke(WriterWaitLine.ForSchema(location.Display, PostgresLockHolder.Describe(connection, transaction, AdvisoryLockClass, location.Schema)));
                using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@class, hashtext(@schema));", connection, transaction);
                command.Parameters.AddWithValue("class", AdvisoryLockClass);
                command.Parameters.AddWithValue("schema", location.Schema);
                try
                {
                    WaitForLock(store, command, cancellation, $"the store's schema '{location.Schema}'");
                }
                finally
                {
                    // The wait is over, however it ended.
                    waiting?.Invoke(null);
                }
            }

            if (!SchemaExists(connection, transaction, location.Schema, cancellation, store))
            {
                // DDL takes no parameters: the name travels as a setting and the server quotes it (format's %I).
                using var createSchema = new NpgsqlCommand(
                    "SELECT set_config('bmg.new_schema', @schema, true); DO $$ BEGIN EXECUTE format('CREATE SCHEMA %I', current_setting('bmg.new_schema')); END $$;",
                    connection, transaction);
                createSchema.Parameters.AddWithValue("schema", location.Schema);
                NonQuery(store, createSchema, cancellation);
            }

            version = ReadVersion(connection, transaction, location, migrations.Count, cancellation, store);
            bool created = false;
            if (version != null && version.Value > 0 && version.Value < migrations.Count)
            {
                // An upgrade of a store that was there: only its tables' owner may alter them, so the refusal names that role.
                found.OlderVersion = version.Value;
                found.Owner = TablesOwner(connection, transaction, location, cancellation, store);
            }

            if (version == null)
            {
                created = true;
                RefuseForeignTables(connection, transaction, location, cancellation, store);
                Execute(connection, transaction, $@"CREATE TABLE {MarkerTable} (
application text NOT NULL PRIMARY KEY,
version     integer NOT NULL,
migrated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO {MarkerTable} (application, version) VALUES ('{ApplicationName}', 0);", cancellation, store);
                version = 0;
            }

            // The migrations wait for other clients' table locks only so long (the session's own setting comes back after).
            string? sessionLockTimeout = null;
            if (version.Value < migrations.Count)
            {
                using var limit = new NpgsqlCommand("SELECT current_setting('lock_timeout'), set_config('lock_timeout', @timeout, true);", connection, transaction);
                limit.Parameters.AddWithValue("timeout", StoreWait.LockTimeoutSetting(lockTimeout));
                using NpgsqlDataReader reader = Reader(store, limit, cancellation);
                reader.Read();
                sessionLockTimeout = reader.GetString(0);
            }

            for (int next = version.Value + 1; next <= migrations.Count; next++)
            {
                // A migration waits for tables other clients use (lock_timeout): a cancellation ends that wait, or the migration.
                using var migration = new NpgsqlCommand(migrations[next - 1], connection, transaction);
                WaitForLock(store, migration, cancellation, $"the tables of the store's schema '{location.Schema}' to upgrade them");
            }

            if (sessionLockTimeout != null)
            {
                using var restore = new NpgsqlCommand("SELECT set_config('lock_timeout', @timeout, true);", connection, transaction);
                restore.Parameters.AddWithValue("timeout", sessionLockTimeout);
                NonQuery(store, restore, cancellation);
            }

            if (version.Value < migrations.Count)
            {
                using var update = new NpgsqlCommand($"UPDATE {MarkerTable} SET version = @version, migrated_at = now() WHERE application = @application;", connection, transaction);
                update.Parameters.AddWithValue("version", migrations.Count);
                update.Parameters.AddWithValue("application", ApplicationName);
                NonQuery(store, update, cancellation);
            }

            return created;
        }

        /// <summary>The role that owns the store's marker table, as the catalog names it (null if it can't be read).</summary>
        private static string? TablesOwner(NpgsqlConnection connection, NpgsqlTransaction transaction, PostgresLocation location, CancellationToken cancellation, PostgresDeviceStore? store)
        {
            using var command = new NpgsqlCommand(
                "SELECT pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.oid = to_regclass(format('%I.%I', @schema, @table));", connection, transaction);
            command.Parameters.AddWithValue("schema", location.Schema);
            command.Parameters.AddWithValue("table", MarkerTable);
            return Scalar(store, command, cancellation) as string;
        }

        private static bool Translated(PostgresLocation location, int version, FoundStore found, Func<bool> ensure)
        {
            try
            {
                return ensure();
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                throw new BmgException(ErrorIds.StoreBusy, BmgErrorCategory.ResourceBusy,
                    $"The store '{location.Display}' (schema '{location.Schema}') needs a moment to itself to upgrade to schema version {version}, " +
                    $"but another client was using it for {StoreWait.Said(UpgradeLockTimeout)} (an import, for example); nothing was changed. " +
                    "Try again when it has finished.", location.Display, e);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && found.OlderVersion is int older)
            {
                // The store is there, older than this module: only the owner of its tables may upgrade it (ALTER, DROP, CREATE
                // of its objects), so CREATE rights would not help, and would widen an everyday role's (walkthrough 31, 8).
                string owner = found.Owner != null ? $"the store's owner, the database role '{found.Owner}'," : "the store's owner (the role that owns its tables)";
                throw new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.PermissionDenied,
                    $"The store '{location.Display}' (schema '{location.Schema}') has schema version {older}, and this module needs version {version}: " +
                    $"only {owner} can upgrade it, and this database user may not ({e.MessageText}). Nothing was changed. " +
                    "Have the owner run one BizMobileGo command of this module on the store first (Get-BmgDevice -Database with the owner's user name in the URI), then retry; " +
                    "modules that know only the older version refuse the store from then on.",
                    location.Display, e);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                throw new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.PermissionDenied,
                    $"The store '{location.Display}' could not be created or updated in schema '{location.Schema}': {e.MessageText}. " +
                    "The database user needs CREATE on the database (for a new schema) or on the schema, or an administrator opens the store once.",
                    location.Display, e);
            }
            catch (NpgsqlException e) when (PostgresDeviceStore.IsConnectionLoss(e) || e is PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.CrashShutdown })
            {
                throw PostgresDeviceStore.Translate(e, location.Display, opening: true);
            }
            catch (NpgsqlException e)
            {
                throw new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.OpenError,
                    $"The store '{location.Display}' could not be opened: {(e is PostgresException p ? p.MessageText : e.Message)}", location.Display, e);
            }
        }

        /// <summary>
        /// True when the session's search_path (the store's session, set up) finds this module's marker at the current
        /// version: one statement, outside any transaction, nothing changed. The version only ever changes together with
        /// the tables, in one committed transaction, so the store read here is the current one. Anything else is false,
        /// an error too (a marker table of another shape, one dropped since it was found, a role that may not read it):
        /// <see cref="Ensure(NpgsqlConnection, PostgresLocation, CancellationToken, bool, Action{string?}?, Action{StoreUpgrade}?)"/> then decides
        /// under the schema's lock, and refuses, reports, creates or migrates as it always does.
        /// </summary>
        /// <remarks>
        /// Asked in the same round trip as the session's setup (<see cref="PostgresDeviceStore"/>'s open, a batch with an
        /// error barrier between the two): <see cref="CurrentVersionCommand"/> is the statement, <see cref="IsCurrent(NpgsqlDataReader)"/>
        /// reads its answer. One round trip before a command's first query on a kept connection, not two (thirty-fourth
        /// round, left34a, branch-office item 3).
        /// </remarks>
        internal static NpgsqlBatchCommand CurrentVersionCommand()
        {
            var read = new NpgsqlBatchCommand($"SELECT version FROM {MarkerTable} WHERE application = $1;");
            read.Parameters.Add(new NpgsqlParameter { Value = ApplicationName });
            return read;
        }

        /// <summary>Reads <see cref="CurrentVersionCommand"/>'s answer, the reader at its result; see <see cref="CurrentVersionCommand"/>.</summary>
        internal static bool IsCurrent(NpgsqlDataReader reader)
        {
            try
            {
                return reader.NextResult() && reader.Read() && reader.GetValue(0) is int version && version == CurrentVersion;
            }
            catch (PostgresException e) when (e.SqlState.StartsWith("42", StringComparison.Ordinal))
            {
                // Class 42, the statement's own failure (no such table or column, no privilege): the session goes on.
                // Any other (the server going away) is the open's failure, translated by the caller as before.
                return false;
            }
        }

        /// <summary>The store's version; null when the schema has no marker table (empty, missing, or someone else's).</summary>
        private static int? ReadVersion(NpgsqlConnection connection, NpgsqlTransaction transaction, PostgresLocation location, int known, CancellationToken cancellation, PostgresDeviceStore? store)
        {
            using (var exists = new NpgsqlCommand("SELECT to_regclass(format('%I.%I', @schema, @table)) IS NOT NULL;", connection, transaction))
            {
                exists.Parameters.AddWithValue("schema", location.Schema);
                exists.Parameters.AddWithValue("table", MarkerTable);
                try
                {
                    if (!(bool)Scalar(store, exists, cancellation)!)
                    {
                        return null;
                    }
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
                {
                    // A schema this user has no USAGE on (to_regclass refuses to look in it): a store someone else made and
                    // has not granted, as the real run's open says (SetUpSessionFindingCurrentStore), not a request for CREATE.
                    // Only a dry run's open asks here first (round 37, fixs37 item 1).
                    throw PostgresDeviceStore.MayNotRead(location, e);
                }
            }

            object? version;
            try
            {
                using var read = new NpgsqlCommand($"SELECT version FROM {MarkerTable} WHERE application = @application;", connection, transaction);
                read.Parameters.AddWithValue("application", ApplicationName);
                version = Scalar(store, read, cancellation);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedColumn || e.SqlState == PostgresErrorCodes.UndefinedFunction)
            {
                // A marker table of another shape; the transaction is rolled back as the error leaves.
                throw NotRecognized(location, $"its table {MarkerTable} is not BizMobileGo's", e);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                // The store is there, its owner made it: this user lacks the GRANT lines, not CREATE.
                throw PostgresDeviceStore.MayNotRead(location, e);
            }

            if (version == null || version is DBNull)
            {
                throw NotRecognized(location, $"its table {MarkerTable} names another application", null);
            }

            int value = Convert.ToInt32(version, System.Globalization.CultureInfo.InvariantCulture);
            if (value > known)
            {
                throw new BmgException(ErrorIds.StoreVersionTooNew, BmgErrorCategory.InvalidData,
                    $"The store '{location.Display}' (schema '{location.Schema}') has schema version {value}, newer than the {known} this module knows; update the BizMobileGo module. The database was not changed.",
                    location.Display);
            }

            return value;
        }

        private static void RefuseForeignTables(NpgsqlConnection connection, NpgsqlTransaction transaction, PostgresLocation location, CancellationToken cancellation, PostgresDeviceStore? store)
        {
            // Tables, views, sequences, foreign and partitioned tables: anything the store's names could clash with.
            using var command = new NpgsqlCommand(@"SELECT count(*), min(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = @schema AND c.relkind IN ('r', 'v', 'm', 'S', 'f', 'p');", connection, transaction);
            command.Parameters.AddWithValue("schema", location.Schema);
            using NpgsqlDataReader reader = Reader(store, command, cancellation);
            reader.Read();
            long count = reader.GetInt64(0);
            if (count != 0)
            {
                string example = reader.GetString(1);
                throw NotRecognized(location, $"it holds {count} table(s) of another application (such as '{example}')", null);
            }
        }

        private static BmgException NotRecognized(PostgresLocation location, string why, Exception? inner) =>
            new BmgException(ErrorIds.StoreNotRecognized, BmgErrorCategory.InvalidData,
                $"The schema '{location.Schema}' of '{location.Display}' is not a BizMobileGo store: {why}; it was not changed. " +
                "Name an empty database, or another schema with ?search_path=name.", location.Display, inner);

        private static bool SchemaExists(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, CancellationToken cancellation, PostgresDeviceStore? store)
        {
            using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @schema);", connection, transaction);
            command.Parameters.AddWithValue("schema", schema);
            return (bool)Scalar(store, command, cancellation)!;
        }

        private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellation, PostgresDeviceStore? store)
        {
            using var command = new NpgsqlCommand(sql, connection, transaction);
            NonQuery(store, command, cancellation);
        }

        /// <summary>
        /// A wait for other clients' locks (the schema's lock, a migration's tables) as the store's other waits for locks are,
        /// ended by a stop within the store's grace whether or not the server still answers (PostgresDeviceStore.WaitForLock:
        /// the cancel request sent from another thread, the connection given up after the grace). Before (pg44, fix43's
        /// leftover), Npgsql's own cancellation ended it, waiting for the answer to its cancel request with no limit of ours:
        /// on a network that went silent the stopped command waited on. On a connection no store owns (tests), as before.
        /// </summary>
        private static void WaitForLock(PostgresDeviceStore? store, NpgsqlCommand command, CancellationToken cancellation, string waitingFor) =>
            NonQuery(store, command, cancellation, waitingFor);

        /// <summary>
        /// Every statement of a creation or upgrade: a stop (<paramref name="cancellation"/>) ends it whatever it waits for, not
        /// only the waits for the schema's lock and the migrations' tables (flaky35: the marker table's creation waited over
        /// 60 s behind another session's uncommitted table of that name, and Ctrl+C did not end it), and as those waits end
        /// (<see cref="WaitForLock"/>, one rule: <see cref="PostgresDeviceStore.EndedByStop"/>): the cancel request sent from
        /// another thread, a live server's query_canceled the stop (<see cref="OperationCanceledException"/>), the connection
        /// given up after the store's grace if the server has not ended it, and the transaction rolled back (by the server as
        /// the session ends), the schema as it was. Before (rel45, pg44's leftover), these went through Npgsql's own
        /// cancellation, which waits for the answer to its cancel request with no limit of ours: on a network that went silent
        /// during one of them, the stopped command waited on. On a connection no store owns (tests), as before.
        /// </summary>
        /// <param name="waitingFor">What a cancelled statement's message says was waited for.</param>
        private static T Stoppably<T>(PostgresDeviceStore? store, NpgsqlCommand command, Func<T> roundTrip, Func<CancellationToken, Task<T>> runCancellably, CancellationToken cancellation, string waitingFor) =>
            store != null
                ? store.EndedByStop(command, roundTrip, cancellation, waitingFor)
                : PostgresDeviceStore.WaitCancellably(runCancellably, cancellation, waitingFor);

        private const string StatementWaitedFor = "a statement of the store's creation or upgrade";

        private static int NonQuery(PostgresDeviceStore? store, NpgsqlCommand command, CancellationToken cancellation, string waitingFor = StatementWaitedFor) =>
            Stoppably(store, command, command.ExecuteNonQuery, command.ExecuteNonQueryAsync, cancellation, waitingFor);

        private static object? Scalar(PostgresDeviceStore? store, NpgsqlCommand command, CancellationToken cancellation) =>
            Stoppably(store, command, command.ExecuteScalar, command.ExecuteScalarAsync, cancellation, StatementWaitedFor);

        private static NpgsqlDataReader Reader(PostgresDeviceStore? store, NpgsqlCommand command, CancellationToken cancellation) =>
            Stoppably(store, command, () => command.ExecuteReader(), command.ExecuteReaderAsync, cancellation, StatementWaitedFor);
    }
}
