using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// When no line of the password file matches a connect, the database of a line that matches its server, port and user:
    /// most likely the database name in the URI is mistyped, and the password advice alone does not say so (walkthrough 17,
    /// 10). Reads only the first four fields of a line; the password field is never kept or returned.
    /// </summary>
    internal static class PasswordFileNearMiss
    {
        /// <summary>
        /// The database of the first line of <paramref name="path"/> that matches <paramref name="host"/>, <paramref name="port"/>
        /// and <paramref name="user"/> but names another database (not '*'); null when there is none or the file can't be read.
        /// </summary>
        public static string? OtherDatabase(string path, string host, int port, string database, string user)
        {
            try
            {
                return File.Exists(path) ? OtherDatabase(File.ReadLines(path), host, port, database, user) : null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Only advice: an unreadable file leaves the message as it was.
                return null;
            }
        }

        /// <summary>The same over the file's lines (hostname:port:database:username:password, libpq's rules: '*' matches anything, '\' escapes).</summary>
        public static string? OtherDatabase(IEnumerable<string> lines, string host, int port, string database, string user)
        {
            string portText = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (string line in lines)
            {
                if (line.StartsWith('#'))
                {
                    continue;
                }

                List<string> fields = FirstFields(line, 4);
                if (fields.Count < 4)
                {
                    continue;
                }

                if (Matches(fields[0], host) && Matches(fields[1], portText) && Matches(fields[3], user)
                    && fields[2] != "*" && fields[2] != database)
                {
                    return fields[2];
                }
            }

            return null;
        }

        private static bool Matches(string field, string value) => field == "*" || field == value;

        // The first count fields, unescaped; the rest of the line (the password) is not read into anything.
        private static List<string> FirstFields(string line, int count)
        {
            var fields = new List<string>(count);
            var field = new StringBuilder();
            for (int i = 0; i < line.Length && fields.Count < count; i++)
            {
                char c = line[i];
                if (c == '\\' && i + 1 < line.Length)
                {
                    field.Append(line[++i]);
                }
                else if (c == ':')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else
                {
                    field.Append(c);
                }
            }

            return fields;
        }
    }
}
