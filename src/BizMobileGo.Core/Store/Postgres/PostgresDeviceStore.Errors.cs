using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using BizMobileGo.Core.Errors;
using Npgsql;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// The server's failures as the store errors of the contract, in one place. Messages name the redacted
    /// location and the server's own text (which never holds the password); the provider's exception is kept
    /// as the inner exception only.
    /// </summary>
    public sealed partial class PostgresDeviceStore
    {
        /// <summary>The store error for a failure of this store's connection, or null when it is not one (then the caller rethrows).</summary>
        /// <summary>SQLSTATE idle_in_transaction_session_timeout: the server ended a session that sat idle in its transaction.</summary>
        private const string IdleInTransactionSessionTimeout = "25P03";

        private Exception? Failure(Exception e)
        {
            // A write refused, in a write transaction or on its own (the outbox's single-statement changes): StoreReadOnly,
            // naming the right; a refused read stays StoreOpenFailure (Translate).
            if (e is PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } denied
                && (_writeTransaction || RefusedRight.Of(denied, LastStatements(), writing: false) != null))
            {
                return MayNotWrite(_location, denied, LastStatements());
            }

            if (e is NpgsqlException npgsql)
            {
                return Translate(npgsql, Location, opening: false);
            }

            // Npgsql refuses further commands on a connection it found broken.
            if (e is InvalidOperationException
                && (_connection.FullState.HasFlag(System.Data.ConnectionState.Broken) || _connection.State == System.Data.ConnectionState.Closed))
            {
                return Unavailable(Location, "the connection to the server was lost", e);
            }

            return null;
        }

        /// <summary>
        /// What a database user refused the store's tables needs, in every message that says so (one text): the rights README
        /// "Share one inventory" step 1 grants the everyday role.
        /// </summary>
        internal const string GrantLinesAdvice =
            "The user needs USAGE on the store's schema and SELECT, INSERT, UPDATE, DELETE on its tables (and USAGE on their sequences): " +
            "ask the store's owner to run the GRANT lines for this user (README, Share one inventory, step 1)";

        /// <summary>
        /// A user who may not read the store's schema version (the GRANT lines not run for it): StoreOpenFailure naming those
        /// lines, never CREATE — the store exists, and a reader must not be told to create it (walkthrough 22, 5).
        /// </summary>
        internal static BmgException MayNotRead(PostgresLocation location, PostgresException e) =>
            new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.PermissionDenied,
                $"The store '{location.Display}' (schema '{location.Schema}') may not be read by the database user '{DatabaseUser(location)}': {e.MessageText}. " +
                $"{GrantLinesAdvice}. Nothing was changed.", location.Display, e);

        /// <summary>
        /// A write the server refused the user after the store opened and was read: StoreReadOnly (the store can be read but
        /// not written), never StoreOpenFailure, and no advice that takes the role for a misconfigured one — a read-only role
        /// (an auditor's, README "Share one inventory") is refused its writes on purpose (walkthrough 27, 9).
        /// </summary>
        /// <remarks>
        /// When the refused statement names the right (<see cref="RefusedRight"/>: a role granted part of step 1, say without
        /// DELETE on checkin_emails), the message names it, its table and the GRANT that gives it (thirty-third round).
        /// </remarks>
        internal static BmgException MayNotWrite(PostgresLocation location, PostgresException e, IReadOnlyList<string>? statements = null)
        {
            string user = DatabaseUser(location);
            string refused = RefusedRight.Of(e, statements ?? Array.Empty<string>(), writing: true) is RefusedRight right
                ? $" This command needs {right.Rights} on the table {right.Table}, which the user does not have; the store's owner gives it with: " +
                  right.Grant(location.Schema, user)
                : "";
            return new BmgException(ErrorIds.StoreReadOnly, BmgErrorCategory.PermissionDenied,
                $"The store '{location.Display}' can be read but not written by the database user '{user}': {e.MessageText}. " +
                "A read-only role (README, Share one inventory: an auditor's role) runs the Get- cmdlets, Test-BmgHistory and " +
                "Export-BmgDeviceCsv, and no change, nor its -WhatIf; a user meant to make changes needs the everyday role's GRANT lines " +
                "(SELECT, INSERT, UPDATE, DELETE on the store's tables and USAGE on their sequences: README, Share one inventory, step 1)." +
                refused + " Nothing was changed.", location.Display, e);
        }

        /// <summary>The database user a message names: the URI's, else PGUSER, else the OS user (libpq's order).</summary>
        private static string DatabaseUser(PostgresLocation location) =>
            location.ConnectionString.Username ?? Environment.GetEnvironmentVariable("PGUSER") ?? Environment.UserName;

        /// <summary>
        /// Clear-BmgHistory refused its DELETE: the role was kept append-only on purpose (README "Share one inventory"), so the
        /// advice is the owner's role, not the right (walkthrough 22, 4). Its own ErrorId: the store opened and was read.
        /// </summary>
        internal static BmgException HistoryClearDenied(string location, PostgresException e) =>
            new BmgException(ErrorIds.HistoryClearDenied, BmgErrorCategory.PermissionDenied,
                $"The store '{location}' refused to clear the change history: {e.MessageText}. Clearing it needs DELETE on change_history, " +
                "change_history_packs and change_history_names; where the everyday role is kept append-only (README, Share one inventory), run Clear-BmgHistory " +
                "as the store's owner role. Nothing was changed.", location, e);

        /// <summary>
        /// The server's error behind a batch's failure: Npgsql reports a batch whose statements failed on either side of an
        /// error barrier as one NpgsqlException ("Multiple exceptions occurred when consuming the result set") around an
        /// <see cref="AggregateException"/>, whose text says nothing (walk36, finding 1). Of its server errors, a refused right
        /// (42501) first, since the statements after it fail because of it (a 42P01 for a table in a schema the user may not
        /// use), else the first; <paramref name="e"/> itself when it is no such failure.
        /// </summary>
        internal static NpgsqlException ServerErrorOfBatch(NpgsqlException e)
        {
            if (e is PostgresException || !(e.InnerException is AggregateException batch))
            {
                return e;
            }

            PostgresException? first = null;
            foreach (Exception failure in batch.Flatten().InnerExceptions)
            {
                if (failure is PostgresException server)
                {
                    if (server.SqlState == PostgresErrorCodes.InsufficientPrivilege)
                    {
                        return server;
                    }

                    first ??= server;
                }
            }

            return first ?? e;
        }

        /// <summary>Every failure a user can meet as a Store* error (or the domain error of a unique key); others stay raw, as bugs to report.</summary>
        internal static Exception Translate(NpgsqlException e, string location, bool opening)
        {
            e = ServerErrorOfBatch(e);
            if (e is PostgresException p)
            {
                switch (p.SqlState)
                {
                    case PostgresErrorCodes.UniqueViolation:
                        return UniqueViolation(p);
                    case PostgresErrorCodes.LockNotAvailable:
                    case PostgresErrorCodes.SerializationFailure:
                    case PostgresErrorCodes.DeadlockDetected:
                        // A row's lock past the writer lock (a -WhatIf holding a row): who holds it is not looked up. The writer
                        // lock's own wait names its holder (TakeWriterLock).
                        return StoreBusyError.WriterLock(location, StoreWait.Current, holder: null, e);
                    case PostgresErrorCodes.DiskFull:
                        return new BmgException(ErrorIds.StoreFull, BmgErrorCategory.WriteError,
                            $"The server of the store '{location}' has no disk space left; nothing was changed. Ask its administrator to free some space, then try again.", location, e);
                    case PostgresErrorCodes.ReadOnlySqlTransaction:
                        return new BmgException(ErrorIds.StoreReadOnly, BmgErrorCategory.PermissionDenied,
                            $"The store '{location}' can be read but not written (a read-only server or standby, or default_transaction_read_only); nothing was changed.", location, e);
                    case PostgresErrorCodes.InsufficientPrivilege:
                        return new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.PermissionDenied,
                            $"The store '{location}' refused the database user: {p.MessageText}. {GrantLinesAdvice}; nothing was changed.", location, e);
                    case PostgresErrorCodes.AdminShutdown:
                    case PostgresErrorCodes.CrashShutdown:
                    case PostgresErrorCodes.CannotConnectNow:
                        return Unavailable(location, p.MessageText, e);
                    case IdleInTransactionSessionTimeout:
                        // The writer's idle limit (.WriterLock, AbandonedWriterSeconds), or the server's own: the session is gone.
                        return Unavailable(location, "the server ended the session because the command sent nothing in its transaction for longer than the server allows (idle_in_transaction_session_timeout), as it does for a client whose network went silent", e);
                }

                if (p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState == PostgresErrorCodes.TooManyConnections)
                {
                    return Unavailable(location, p.MessageText, e);
                }

                if (p.SqlState.StartsWith("23", StringComparison.Ordinal) && !opening)
                {
                    // Another constraint: the planner checks every rule first, so reaching here is a bug to report.
                    return e;
                }

                return new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.OpenError,
                    $"The store '{location}' could not be {(opening ? "opened" : "used")}: {p.MessageText} (SQLSTATE {p.SqlState}).", location, e);
            }

            if (e.InnerException is TimeoutException)
            {
                // Npgsql's connect timeout and its command timeout look alike here: say what both mean, not "lost".
                return Unavailable(location, $"the server did not answer in time (unreachable, or busy for longer than the {(opening ? "connect" : "command")} timeout)", e);
            }

            if (IsConnectionLoss(e))
            {
                return Unavailable(location, opening ? "the server could not be reached" : "the connection to the server was lost", e);
            }

            return new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.OpenError,
                $"The store '{location}' could not be {(opening ? "opened" : "used")}: {e.Message}", location, e);
        }

        /// <summary>
        /// Three refusals of a connect whose provider text misleads or says nothing of what to do (walkthrough 24, finding 3), as
        /// StoreOpenFailure saying the cause and the way on: a server that offers no TLS while the URI's sslmode requires it
        /// (Npgsql says "No SSL enabled connection from this host is configured", which reads like a pg_hba.conf rule about this
        /// client), a database the URI names that the server does not have, and a host name DNS does not know (walkthrough 44,
        /// finding 1: it was StoreUnavailable, "try again when the server is back", for a typo that no wait mends). Null for any
        /// other failure. Never the password: only the URI's host, port, database and sslmode are named.
        /// </summary>
        internal static BmgException? ConnectRefusal(NpgsqlException e, PostgresLocation location)
        {
            NpgsqlConnectionStringBuilder uri = location.ConnectionString;
            string server = $"{uri.Host}:{uri.Port}";
            if (UnknownHostName.Is(e.InnerException) && uri.Host?.IndexOf(',') < 0)
            {
                // One host only: with several, Npgsql goes on to the next, and its last failure need not be this host's.
                return new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.ObjectNotFound,
                    $"The store '{location.Display}' could not be opened: the server name '{uri.Host}' does not resolve (DNS knows no such host: {e.InnerException!.Message}). " +
                    "Check the URI's host (-Database or $env:BMG_DATABASE); trying again will not help. Nothing was changed.",
                    location.Display, e);
            }

            if (e is PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName })
            {
                return new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.ObjectNotFound,
                    $"The store '{location.Display}' could not be opened: the server {server} has no database '{uri.Database}', the one the URI names. " +
                    "Check the URI's database name, or ask the database administrator to create it (README, Share one inventory, step 1). Nothing was changed.",
                    location.Display, e);
            }

            if (!(e is PostgresException) && RequiresTls(uri.SslMode) && e.Message.StartsWith(NoTlsOffered, StringComparison.Ordinal))
            {
                string sslmode = uri.SslMode.ToString().ToLowerInvariant().Replace("verify", "verify-", StringComparison.Ordinal);
                return new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.SecurityError,
                    $"The store '{location.Display}' could not be opened: the server {server} does not offer TLS, and the URI's sslmode={sslmode} requires it. " +
                    "Ask the database administrator to enable ssl on the server, or (only on a network you trust) use sslmode=prefer. Nothing was changed.",
                    location.Display, e);
            }

            return null;
        }

        // The start of Npgsql's text when the server answers the TLS request with "no" and the sslmode will not go on without it.
        private const string NoTlsOffered = "SSL connection requested.";

        private static bool RequiresTls(SslMode mode) => mode == SslMode.Require || mode == SslMode.VerifyCA || mode == SslMode.VerifyFull;

        /// <summary>
        /// The server's refusal to let the user in for want of the right password, as StoreOpenFailure naming where a
        /// password comes from (the URI, PGPASSWORD, the password file) and never the password itself; null for any
        /// other failure. Npgsql says "no password" in its own exception (no SQLSTATE: it never sent one), a wrong one
        /// is the server's invalid_password.
        /// </summary>
        internal static BmgException? PasswordFailure(NpgsqlException e, PostgresLocation location)
        {
            string user = location.ConnectionString.Username ?? Environment.GetEnvironmentVariable("PGUSER") ?? Environment.UserName;
            (string passwordFilePath, string passwordFile) = PasswordFile(location);
            if (e is not PostgresException && e.Message.StartsWith("No password has been provided", StringComparison.Ordinal))
            {
                // Set but empty (possible only from outside the process: .NET and PowerShell remove a variable set to ''):
                // Npgsql takes it as the password and reads no password file, and an empty password is none.
                string? ignored = PasswordFileAccess.WhyIgnored(passwordFilePath);
                string none = location.PasswordInUri
                    ? "the URI's password is empty (an empty password is none)"
                    : Environment.GetEnvironmentVariable("PGPASSWORD") != null
                    ? $"$env:PGPASSWORD is set but empty, which stands for the password, so {passwordFile} was not read (remove the empty variable, or set the password in it)"
                    : ignored != null
                    ? $"$env:PGPASSWORD is not set, and {passwordFile} {ignored}"
                    : $"$env:PGPASSWORD is not set, and no line of {passwordFile} matches this server, database and user{NearMiss(location, user, passwordFilePath)}";
                return NoPasswordGiven(location, user, none, e);
            }

            if (e is PostgresException { SqlState: PostgresErrorCodes.InvalidPassword })
            {
                string source = location.PasswordInUri ? "the URI"
                    : !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PGPASSWORD")) ? "$env:PGPASSWORD"
                    : $"the line of {passwordFile} that matches this server";
                return new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.SecurityError,
                    $"The server of the store '{location.Display}' refused the password of the user '{user}' (password authentication failed). " +
                    $"The password came from {source}: correct it there, or ask the database administrator to set it. Nothing was changed.", location.Display, e);
            }

            return null;
        }

        /// <summary>
        /// A connect that failed because Npgsql could not read the password file (missing, a folder, unreadable, or one the
        /// store had it skip: <see cref="PasswordFileAccess"/>) as the server asking for a password and none given, the
        /// file named with why it was not read, as libpq, which ignores such a file; null when the password file is not the
        /// cause (then the caller rethrows). Npgsql reads the file only when the server asks for a password.
        /// </summary>
        internal static BmgException? PasswordFileFailure(Exception e, PostgresLocation location)
        {
            if (location.PasswordInUri || Environment.GetEnvironmentVariable("PGPASSWORD") != null)
            {
                return null;
            }

            (string passwordFilePath, string passwordFile) = PasswordFile(location);
            string? ignored = PasswordFileAccess.WhyIgnored(passwordFilePath);
            if (ignored == null)
            {
                return null;
            }

            string user = location.ConnectionString.Username ?? Environment.GetEnvironmentVariable("PGUSER") ?? Environment.UserName;
            // No inner exception: Npgsql's is about the path the store gave it in place of the ignored file
            // (PasswordFileAccess.NoFile, "/tmp/bizmobilego-no-password-file-<guid>/pgpass"), a made-up file that would send
            // whoever reads $Error[0].Exception looking for it (walkthrough 40, 10); the message says why the real one was not read.
            return NoPasswordGiven(location, user, $"$env:PGPASSWORD is not set, and {passwordFile} {ignored}", inner: null);
        }

        /// <summary>
        /// A connect that failed because Npgsql could not parse a line of the password file it read (a bare FormatException, not
        /// a store error: walk36, finding 2), as StoreOpenFailure naming the file, the line and libpq's escaping rule, never the
        /// line's text; null when the password file is not the cause (then the caller rethrows). A password holding ':' is the
        /// usual cause, and only users whose line comes after the first one Npgsql can't read are refused: a colleague whose
        /// line comes earlier still connects, so one working console does not prove the file right.
        /// </summary>
        internal static BmgException? PasswordFileNotWellFormed(FormatException e, PostgresLocation location)
        {
            if (location.PasswordInUri || Environment.GetEnvironmentVariable("PGPASSWORD") != null)
            {
                return null;
            }

            (string passwordFilePath, string passwordFile) = PasswordFile(location);
            if (PasswordFileAccess.FirstMalformedLine(passwordFilePath) is not (int line, string wrong))
            {
                return null;
            }

            return new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.SecurityError,
                $"The store '{location.Display}' could not be opened: line {line} of {passwordFile} is not host:port:database:user:password ({wrong}). " +
                "Inside a field, such as a password, write ':' as '\\:' and '\\' as '\\\\' (libpq's rule); PostgreSQL clients read the lines in order up to " +
                "the first that matches, so users whose lines come earlier still connect. Nothing was changed.", location.Display, e);
        }

        /// <summary>True when the password Npgsql would look for comes from the password file, and the store has it read none (<see cref="PasswordFileAccess"/>).</summary>
        internal static bool SkipsPasswordFile(PostgresLocation location) =>
            !location.PasswordInUri && Environment.GetEnvironmentVariable("PGPASSWORD") == null
            && PasswordFileAccess.WhyIgnored(PasswordFile(location).Path) != null;

        private static BmgException NoPasswordGiven(PostgresLocation location, string user, string none, Exception? inner) =>
            new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.SecurityError,
                $"The server of the store '{location.Display}' asks the user '{user}' for a password, and none was given: " +
                $"{(location.PasswordInUri ? "" : "the URI has none, ")}{none}. Give it where PostgreSQL " +
                "clients look: a line host:port:database:user:password in ~/.pgpass (mode 0600: a password file open to the group or others is not read; %APPDATA%\\postgresql\\pgpass.conf on Windows) " +
                "or in the file $env:PGPASSFILE names, or $env:PGPASSWORD, or the URI (postgresql://user:password@host/database, which ends up " +
                "in scripts and shell history). Nothing was changed.", location.Display, inner);

        /// <summary>
        /// What a connect that failed in an <see cref="AggregateException"/> (the wait on Npgsql's open) throws: its one
        /// failure as it is (translated by the caller), else, for several, one store error, never the raw aggregate: a
        /// password failure among them as <see cref="PasswordFailure"/>, failures to reach the server as StoreUnavailable,
        /// anything else StoreOpenFailure; each failure's own text named, any trace of the password cut out.
        /// </summary>
        internal static Exception ConnectFailure(AggregateException failure, PostgresLocation location)
        {
            var failures = failure.Flatten().InnerExceptions;
            if (failures.Count == 1)
            {
                return failures[0];
            }

            var reasons = new System.Collections.Generic.List<string>();
            bool allUnreachable = failures.Count != 0;
            foreach (Exception e in failures)
            {
                if (e is NpgsqlException npgsql && PasswordFailure(npgsql, location) is BmgException passwordFailure)
                {
                    return passwordFailure;
                }

                allUnreachable &= e is NpgsqlException n && (IsConnectionLoss(n) || n.InnerException is TimeoutException);
                string text = e is PostgresException p ? p.MessageText : e.Message;
                reasons.Add(WithoutPassword(text.TrimEnd('.'), location));
            }

            string why = $"{failures.Count} attempts to connect failed ({string.Join("; ", reasons)})";
            return allUnreachable
                ? Unavailable(location.Display, why, failure)
                : new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.OpenError,
                    $"The store '{location.Display}' could not be opened: {why}. Nothing was changed.", location.Display, failure);
        }

        /// <summary>A provider's text with the URI's password (should it ever quote it) cut out.</summary>
        private static string WithoutPassword(string text, PostgresLocation location)
        {
            string? password = location.ConnectionString.Password;
            return string.IsNullOrEmpty(password) ? text : text.Replace(password, "********", StringComparison.Ordinal);
        }

        /// <summary>
        /// The password file Npgsql reads, as libpq: the URI's passfile, else $env:PGPASSFILE, else the user's own; its path
        /// (for the near-miss look) and how a message names it (by where it was named), from one decision.
        /// </summary>
        private static (string Path, string Named) PasswordFile(PostgresLocation location)
        {
            string? named = location.ConnectionString.Passfile;
            if (!string.IsNullOrEmpty(named))
            {
                return (named, $"the passfile '{named}'");
            }

            named = Environment.GetEnvironmentVariable("PGPASSFILE");
            if (!string.IsNullOrEmpty(named))
            {
                return (named, $"$env:PGPASSFILE ('{named}')");
            }

            return OperatingSystem.IsWindows()
                ? (Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "postgresql", "pgpass.conf"), "%APPDATA%\\postgresql\\pgpass.conf")
                : (Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pgpass"), "~/.pgpass");
        }

        /// <summary>
        /// ": a line for the database 'x' of this server and user exists: is the database name mistyped?" when the password file
        /// has one (<see cref="PasswordFileNearMiss"/>); empty otherwise. Names a database, never a password.
        /// </summary>
        private static string NearMiss(PostgresLocation location, string user, string passwordFile)
        {
            NpgsqlConnectionStringBuilder settings = location.ConnectionString;
            string? host = settings.Host;
            string database = settings.Database ?? user;
            if (string.IsNullOrEmpty(host) || host.Contains(','))
            {
                // Several hosts: which one asked is not known here.
                return "";
            }

            string? other = PasswordFileNearMiss.OtherDatabase(passwordFile, host, settings.Port, database, user);
            return other == null ? ""
                : $" (a line for the database '{BizMobileGo.Core.Fields.FieldText.Printable(other)}' of this server and user exists: is the database name '{BizMobileGo.Core.Fields.FieldText.Printable(database)}' mistyped?)";
        }

        /// <summary>True for a connection refused, reset or timed out, or a server that went away.</summary>
        internal static bool IsConnectionLoss(NpgsqlException e) =>
            e.InnerException is IOException || e.InnerException is SocketException || e.InnerException is TimeoutException
            || e.InnerException is EndOfStreamException || (e is not PostgresException && e.IsTransient);

        /// <summary>
        /// True when <paramref name="failure"/> (a store error or the provider's exception) shows a connection that was
        /// dead before the statement ran: the socket failed or ended, or the server had ended the session
        /// (admin_shutdown, as after pg_terminate_backend or a restart; crash_shutdown). Only that is worth one more try
        /// on a fresh connection. A timeout is never a dead connection: the client's command timeout, a socket that
        /// timed out, or the server's statement_timeout (query_canceled) mean a live server that is slow or a lock
        /// held by another client; trying again would only wait as long once more.
        /// </summary>
        internal static bool IsDeadConnection(Exception failure)
        {
            bool dead = false;
            for (Exception? e = failure; e != null; e = e.InnerException)
            {
                switch (e)
                {
                    case TimeoutException:
                    case SocketException { SocketErrorCode: SocketError.TimedOut }:
                    case PostgresException { SqlState: PostgresErrorCodes.QueryCanceled }:
                        return false;
                    case PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown }:
                    case IOException:
                    case SocketException:
                        dead = true;
                        break;
                }
            }

            return dead;
        }

        private static BmgException Unavailable(string location, string why, Exception inner) =>
            new BmgException(ErrorIds.StoreUnavailable, BmgErrorCategory.ConnectionError,
                $"The store '{location}' is unavailable: {why}. Whatever the command had not committed was not written (the server discards an unfinished transaction). Try again when the server is back.", location, inner);

        /// <summary>A unique key's violation as the domain error the planner would have given, by the constraint's name; no value is echoed.</summary>
        private static BmgException UniqueViolation(PostgresException e)
        {
            string constraint = e.ConstraintName ?? string.Empty;
            if (constraint == "devices_serial_key")
            {
                return new BmgException(ErrorIds.DuplicateSerial, BmgErrorCategory.ResourceExists,
                    "The store refused the change: another device already holds this serial number; a serial can belong to one device only. Nothing was changed.", null, e);
            }

            string what = constraint switch
            {
                "devices_identifier_key" => "a device with this Identifier (ignoring case)",
                "users_user_name_key" => "a user with this UserName",
                "organizations_pkey" => "an organization with this id",
                "templates_pkey" => "a template with this name",
                "device_tags_pkey" => "a device tag with this name",
                // Also a row inside a pack's range, or overlapping packs (migration 5's triggers): another writer forked the chain.
                "change_history_pkey" => "a change history entry with this number (another client wrote the history at the same time; try again)",
                _ => "a record with this key",
            };
            return new BmgException(ErrorIds.AlreadyExists, BmgErrorCategory.ResourceExists,
                $"The store refused the change: {what} already exists. Nothing was changed.", null, e);
        }
    }
}
