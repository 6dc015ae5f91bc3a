using System;
using System.Collections.Generic;
using BizMobileGo.Core.Fields;
using Npgsql;
using NpgsqlTypes;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// Who holds one of the store's advisory locks (the writer lock, the schema's lock), as the server shows it to any
    /// user: for the line that says what a wait waits for (<see cref="WriterWaitLine"/>). Asked only once a lock was found
    /// taken, never on the way to a free one.
    /// </summary>
    internal static class PostgresLockHolder
    {
        // The holding session of the advisory lock (key1, hashtext(schema)) in this database: its server process, user,
        // application_name and client address — never its query (pg_stat_activity hides other users' queries and
        // addresses anyway: those come back null, and the line leaves them out).
        private const string HolderSql =
            "SELECT a.pid, a.usename::text, a.application_name, host(a.client_addr) " +
            "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid " +
            "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 " +
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) " +
            "AND l.classid = $1::oid AND l.objid = hashtext($2)::oid " +
            "LIMIT 1;";

        private const string Savepoint = "bmg_lock_holder";

        /// <summary>
        /// "server process 4242, user 'bmg', application 'BizMobileGo', from 10.0.0.7", or null when no session holds the
        /// lock any more, or the server won't say (a role denied pg_locks): then the line names no one.
        /// </summary>
        /// <param name="cancelWith">Given the look-up's cancel, for a caller whose stop cancels the statement in flight (PostgresDeviceStore.Stop).</param>
        public static string? Describe(NpgsqlConnection connection, NpgsqlTransaction transaction, int lockClass, string schema, Action<Action>? cancelWith = null)
        {
            // Inside a savepoint, sent with the look-up in one round trip: a server that refuses the look-up must not abort
            // the caller's transaction, which waits for the lock next.
            using var batch = new NpgsqlBatch(connection, transaction);
            cancelWith?.Invoke(batch.Cancel);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SAVEPOINT " + Savepoint + ";"));
            var look = new NpgsqlBatchCommand(HolderSql);
            look.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer, Value = lockClass });
            look.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = schema });
            batch.BatchCommands.Add(look);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("RELEASE SAVEPOINT " + Savepoint + ";"));
            try
            {
                string? holder = null;
                using (NpgsqlDataReader reader = batch.ExecuteReader())
                {
                    // Positioned on the look-up's rows (the SAVEPOINT returns none), whichever way the provider counts it.
                    while (reader.FieldCount == 0 && reader.NextResult())
                    {
                    }

                    if (reader.FieldCount != 0 && reader.Read())
                    {
                        holder = Text(reader.GetInt32(0), Optional(reader, 1), Optional(reader, 2), Optional(reader, 3));
                    }

                    while (reader.NextResult())
                    {
                    }
                }

                return holder;
            }
            catch (PostgresException)
            {
                using var back = new NpgsqlCommand("ROLLBACK TO SAVEPOINT " + Savepoint + ";", connection, transaction);
                back.ExecuteNonQuery();
                return null;
            }
        }

        private static string? Optional(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

        private static string Text(int pid, string? user, string? application, string? address)
        {
            var parts = new List<string> { "server process " + pid.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            if (!string.IsNullOrEmpty(user))
            {
                parts.Add($"user '{FieldText.Printable(user!)}'");
            }

            // Any client may name itself anything: shown printable, and only as a name.
            if (!string.IsNullOrEmpty(application))
            {
                parts.Add($"application '{FieldText.Printable(application!)}'");
            }

            if (!string.IsNullOrEmpty(address))
            {
                parts.Add("from " + address);
            }

            return string.Join(", ", parts);
        }
    }
}
