using System;
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

        /// <summary>The right refused to a write of the module, or null when the refused statement is no INSERT, UPDATE or DELETE (a read).</summary>
        public static RefusedRight? Of(PostgresException denied)
        {
            Match write = Write.Match(denied.BatchCommand?.CommandText ?? "");
            if (!write.Success)
            {
                return null;
            }

            string target = write.Groups["table"].Value;
            string verb = write.Groups["verb"].Value.ToUpperInvariant();
            Match named = DeniedTable.Match(denied.MessageText ?? "");
            string table = !string.IsNullOrEmpty(denied.TableName) ? denied.TableName : named.Success ? named.Groups["table"].Value : target;
            if (!string.Equals(table, target, StringComparison.Ordinal))
            {
                // Read or locked by the statement, not written: the rights step 1 gives every table.
                return new RefusedRight("SELECT, INSERT, UPDATE, DELETE", table);
            }

            // INSERT ... ON CONFLICT DO UPDATE needs both (the names index, the outbox's claims).
            bool upsert = verb == "INSERT" && (denied.BatchCommand?.CommandText ?? "").Contains("DO UPDATE", StringComparison.OrdinalIgnoreCase);
            return new RefusedRight(upsert ? "INSERT, UPDATE" : verb, table);
        }

        /// <summary>The GRANT statement the store's owner runs: the table in the store's schema, the role quoted where it must be.</summary>
        public string Grant(string schema, string role) => $"GRANT {Rights} ON {Identifier(schema)}.{Identifier(Table)} TO {Identifier(role)};";

        /// <summary>A name as SQL writes it: bare when it is a plain lower-case name, else in double quotes.</summary>
        private static string Identifier(string name) =>
            Regex.IsMatch(name, "^[a-z_][a-z0-9_]*$", RegexOptions.CultureInvariant) ? name : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
