using System;
using System.Text;
using System.Threading;
using BizMobileGo.Core.History;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// The application_name a store's session shows the server (pg_stat_activity, and so the "Waiting for another writer
    /// (…, application '…')" line and StoreBusy): the URI's when it names one, else "BizMobileGo &lt;OS user&gt;@&lt;host&gt;
    /// &lt;command&gt;", so that on a shared inventory, where every admin and the nightly job connect as one role, the
    /// holder of the store is a person and a command (walkthrough 40, 6). None of it is secret. Set per session by the
    /// session's setup (set_config), not in the connection string: Npgsql keys its pool on the connection string, and a
    /// name per command there would give every command its own pool, a new connection (and login) each.
    /// </summary>
    public static class PostgresSessionName
    {
        /// <summary>PostgreSQL keeps at most this many bytes of an application_name (NAMEDATALEN - 1).</summary>
        internal const int MaxBytes = 63;

        // Flows with the command's execution context: the session's setup runs as a stoppable round trip on a pool thread
        // (Task.Run, PostgresDeviceStore.Stop), where a [ThreadStatic] was empty and the session named no command.
        private static readonly AsyncLocal<string?> CurrentCommand = new AsyncLocal<string?>();

        /// <summary>
        /// The command that opens stores here (a cmdlet sets it before it opens its store); null for a library call,
        /// whose sessions name no command.
        /// </summary>
        public static string? Command
        {
            get => CurrentCommand.Value;
            set => CurrentCommand.Value = value;
        }

        /// <summary>
        /// What a tab completer's sessions name as their command: "completing Set-BmgDevice" (who40's leftover: a completer
        /// opened its store under the last command that ran, and its session showed that command's name).
        /// </summary>
        public static string Completing(string command) => "completing " + command;

        /// <summary>The name the sessions of <paramref name="location"/> show now.</summary>
        internal static string For(PostgresLocation location)
        {
            string? given = location.ConnectionString.ApplicationName;
            if (given != null && given != PostgresLocation.DefaultApplicationName)
            {
                return given;
            }

            ChangeActor actor = ChangeActor.Current;
            string name = $"{PostgresLocation.DefaultApplicationName} {actor.OsUser}@{actor.Host}";
            return Truncate(Command is { Length: > 0 } command ? $"{name} {command}" : name);
        }

        /// <summary>
        /// <paramref name="text"/> cut to <see cref="MaxBytes"/> bytes of UTF-8 on a character's boundary (the server
        /// would cut it inside a character).
        /// </summary>
        internal static string Truncate(string text)
        {
            if (Encoding.UTF8.GetByteCount(text) <= MaxBytes)
            {
                return text;
            }

            var kept = new StringBuilder(text.Length);
            int bytes = 0;
            foreach (Rune rune in text.EnumerateRunes())
            {
                bytes += rune.Utf8SequenceLength;
                if (bytes > MaxBytes)
                {
                    break;
                }

                kept.Append(rune.ToString());
            }

            return kept.ToString();
        }
    }
}
