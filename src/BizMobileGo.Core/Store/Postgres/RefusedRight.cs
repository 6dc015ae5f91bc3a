using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Npgsql;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// Which right on which table the server refused a write of the module (SQLSTATE 42501), and the GRANT that gives it:
    /// what a role granted less than README "Share one inventory" step 1 needs to be told, rather than the server's bare
    /// "permission denied for table checkin_emails" (a role kept without DELETE on the outbox or the import history, left32's
    /// notes). The statement the server refused names the right (its INSERT, UPDATE or DELETE) and its table; the server's
    /// text names the table it refused, which is another one when the statement only reads or locks it (a reference
    /// check's FOR KEY SHARE of templates): then the GRANT lines' rights on that table are named.
    /// </summary>
    internal sealed class RefusedRight
    {
        private RefusedRight(string rights, string table)
        {
            Rights = rights;
            Table = table;
        }

        /// <summary>The rights to grant, as a GRANT names them ("DELETE", "INSERT, UPDATE").</summary>
        public string Rights { get; }

        /// <summary>The table they are needed on, as the store names it (unqualified).</summary>
        public string Table { get; }

        // The statement's verb and target: the module's writes start with their verb (no WITH before them).
        private static readonly Regex Write = new Regex(
            @"^\s*(?:(?<verb>INSERT)\s+INTO|(?<verb>UPDATE)|(?<verb>DELETE)\s+FROM)\s+(?<table>[A-Za-z_][A-Za-z0-9_]*)",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        // The server's English text (lc_messages other than English names the table in its own words: the statement's
        // target is taken then).
        private static readonly Regex DeniedTable = new Regex(
            @"permission denied for (?:table|relation) ""?(?<table>[A-Za-z_][A-Za-z0-9_]*)""?", RegexOptions.CultureInvariant);

        // A read that locks its rows (the writer's FOR UPDATE, a reference check's FOR KEY SHARE) needs UPDATE on the table.
        private static readonly Regex LockingRead = new Regex(
            @"\bFOR\s+(?:NO\s+KEY\s+UPDATE|UPDATE|KEY\s+SHARE|SHARE)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>
        /// The right refused, or null when neither the statement nor the server's text tells it. The statement is the one the
        /// exception names (a batch's BatchCommand), else, of <paramref name="statements"/> (the command or batch the store sent
        /// last), the one that writes the table the server names, else the only one. An INSERT, UPDATE or DELETE names its verb
        /// on its table; a locking read, UPDATE; any other statement refused in a write transaction (<paramref name="writing"/>)
        /// on a table the server names, the rights step 1 gives every table.
        /// </summary>
        public static RefusedRight? Of(PostgresException denied, IReadOnlyList<string> statements, bool writing)
        {
            Match named = DeniedTable.Match(denied.MessageText ?? "");
            string? table = !string.IsNullOrEmpty(denied.TableName) ? denied.TableName : named.Success ? named.Groups["table"].Value : null;
            string sql = denied.BatchCommand?.CommandText is { Length: > 0 } own ? own : Refused(statements, table);
            Match write = Write.Match(sql);
            if (write.Success)
            {
                string target = write.Groups["table"].Value;
                string verb = write.Groups["verb"].Value.ToUpperInvariant();
                if (table != null && !string.Equals(table, target, StringComparison.Ordinal))
                {
                    // Read or locked by the statement, not written: the rights step 1 gives every table.
                    return new RefusedRight(AllRights, table);
                }

                // INSERT ... ON CONFLICT DO UPDATE needs both (the names index).
                bool upsert = verb == "INSERT" && sql.Contains("DO UPDATE", StringComparison.OrdinalIgnoreCase);
                return new RefusedRight(upsert ? "INSERT, UPDATE" : verb, target);
            }

            if (table == null)
            {
                return null;
            }

            if (LockingRead.IsMatch(sql))
            {
                return new RefusedRight("UPDATE", table);
            }

            return writing ? new RefusedRight(AllRights, table) : null;
        }

        private const string AllRights = "SELECT, INSERT, UPDATE, DELETE";

        /// <summary>Of the statements sent, the one that writes <paramref name="table"/>, else the only one, else none ("").</summary>
        private static string Refused(IReadOnlyList<string> statements, string? table)
        {
            foreach (string statement in statements)
            {
                Match write = Write.Match(statement);
                if (table != null && write.Success && string.Equals(write.Groups["table"].Value, table, StringComparison.Ordinal))
                {
                    return statement;
                }
            }

            return statements.Count == 1 ? statements[0] : "";
        }

        /// <summary>The GRANT statement the store's owner runs: the table in the store's schema, the role quoted where it must be.</summary>
        public string Grant(string schema, string role) => $"GRANT {Rights} ON {Identifier(schema)}.{Identifier(Table)} TO {Identifier(role)};";

        /// <summary>A name as SQL writes it: bare when it is a plain lower-case name, else in double quotes (also ServerLogWarning's).</summary>
        internal static string Identifier(string name) =>
            Regex.IsMatch(name, "^[a-z_][a-z0-9_]*$", RegexOptions.CultureInvariant) ? name : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
