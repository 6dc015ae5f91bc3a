using System;
using System.Collections.Generic;
using Npgsql;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// The warning for a PostgreSQL store whose server writes the module's statements to its log with their bind parameters
    /// (walkthrough 41, 5): the check-in codes a command writes are bind parameters, so `log_statement = mod` or `all`, or
    /// any `log_min_duration_statement` but -1, puts them in the server's log unless `log_parameter_max_length` is 0. The
    /// README tells the database administrator; the module can see the settings (any role may read them) and says so once
    /// a process for each store, as <see cref="StoreFileAccess"/> does for a store file open to other accounts.
    /// </summary>
    public static class ServerLogWarning
    {
        private static readonly HashSet<string> Warned = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>The warning for <paramref name="store"/>, once a process; null for a SQLite store, a quiet server, or one warned about.</summary>
        public static string? Warning(IDeviceStore store)
        {
            if (store is not PostgresDeviceStore postgres)
            {
                return null;
            }

            lock (Warned)
            {
                if (!Warned.Add(postgres.Location))
                {
                    return null;
                }
            }

            ServerLogSettings settings;
            try
            {
                settings = postgres.ReadServerLogSettings();
            }
            catch (Exception e) when (e is NpgsqlException || e is Errors.BmgException || e is InvalidOperationException)
            {
                return null; // the command itself says what is wrong with the server, if anything is
            }

            return Text(postgres.Location, settings);
        }

        /// <summary>The warning's text for these settings; null when the log keeps no bind parameter.</summary>
        internal static string? Text(string location, ServerLogSettings settings)
        {
            // log_parameter_max_length is PostgreSQL 13's: before it (null) a logged statement always carries its parameters.
            if (settings.ParameterMaxLength == "0")
            {
                return null;
            }

            var reasons = new List<string>();
            if (settings.Statement == "mod" || settings.Statement == "all")
            {
                reasons.Add($"log_statement = '{settings.Statement}'");
            }

            if (settings.MinDuration != "-1")
            {
                reasons.Add($"log_min_duration_statement = {settings.MinDuration}");
            }

            if (reasons.Count == 0)
            {
                return null;
            }

            string length = settings.ParameterMaxLength == null ? "" : $", log_parameter_max_length = {settings.ParameterMaxLength}";
            return $"The PostgreSQL server of the store '{location}' writes the statements it logs with their bind parameters "
                + $"({string.Join(", ", reasons)}{length}): the check-in codes that commands write reach the server's log. Ask the "
                + $"database administrator to run, as a superuser: ALTER DATABASE {RefusedRight.Identifier(settings.Database)} "
                + "SET log_parameter_max_length = 0 (README, Share one inventory, \"Check-in codes on the server\").";
        }
    }

    /// <summary>The server's logging settings as this store's session has them (current_setting), and its database's name.</summary>
    internal sealed class ServerLogSettings
    {
        public ServerLogSettings(string statement, string minDuration, string? parameterMaxLength, string database)
        {
            Statement = statement;
            MinDuration = minDuration;
            ParameterMaxLength = parameterMaxLength;
            Database = database;
        }

        public string Statement { get; }

        public string MinDuration { get; }

        public string? ParameterMaxLength { get; }

        public string Database { get; }
    }

    public sealed partial class PostgresDeviceStore
    {
        /// <summary>The settings <see cref="ServerLogWarning"/> reads, in one round trip.</summary>
        internal ServerLogSettings ReadServerLogSettings() =>
            Query(
                "SELECT current_setting('log_statement'), current_setting('log_min_duration_statement'), "
                    + "current_setting('log_parameter_max_length', true), current_database();",
                r => new ServerLogSettings(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3)))[0];
    }
}
