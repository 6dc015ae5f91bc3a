using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using BizMobileGo.Core.Errors;
using Npgsql;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// A PostgreSQL store named by a libpq connection URI, as psql takes it:
    /// <c>postgresql://[user[:password]@][host[:port][,host2[:port2]...]][/dbname][?param=value&amp;...]</c>
    /// (<c>postgres://</c> too). Components are percent-decoded; an IPv6 host is written in brackets
    /// (<c>[::1]</c>); a host that decodes to a path (<c>%2Fvar%2Frun%2Fpostgresql</c>) is a unix socket folder.
    /// The store's tables live in the schema named by <c>search_path</c> (one schema name; <c>public</c> when
    /// not given). The password — from the URI, or else found by Npgsql in PGPASSWORD, PGPASSFILE or
    /// ~/.pgpass as libpq would — never appears in <see cref="Display"/>, in messages or in ToString().
    /// </summary>
    public sealed class PostgresLocation
    {
        public const string DefaultSchema = "public";

        public const string DefaultApplicationName = "BizMobileGo";

        private static readonly string[] Schemes = { "postgresql://", "postgres://" };

        /// <summary>The query parameters the parser reads (libpq's names); password and sslpassword are secrets.</summary>
        internal static readonly string[] QueryParameters =
        {
            "sslmode", "sslrootcert", "sslcert", "sslkey", "sslpassword", "application_name", "connect_timeout", "search_path",
            "target_session_attrs", "options", "passfile", "user", "password", "dbname", "host", "port",
            "keepalives", "keepalives_idle", "keepalives_interval",
        };

        /// <summary>
        /// libpq's parameters that Npgsql has no setting for, each with why: refused by name (a URI copied from psql should
        /// not connect otherwise than psql does without a word), where any other unknown name is refused with the list above.
        /// </summary>
        internal static readonly IReadOnlyDictionary<string, string> UnsupportedLibpqParameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["keepalives_count"] = "the number of keepalive probes is the operating system's (9 on Linux, 10 on Windows); set keepalives_idle and keepalives_interval instead",
            ["tcp_user_timeout"] = "Npgsql has no TCP user timeout; keepalives_idle and keepalives_interval bound a silent network instead (README, Share one inventory: from a branch office)",
            ["hostaddr"] = "Npgsql takes no address apart from the host name; give the address as the host",
            ["service"] = "Npgsql reads no pg_service.conf; write the service's host, port and database in the URI",
            ["client_encoding"] = "the module always talks UTF8 with the server",
            ["fallback_application_name"] = "the module names its sessions BizMobileGo unless application_name says otherwise; use application_name",
            ["replication"] = "the module makes no replication connections",
            ["requiressl"] = "it is an old spelling of sslmode=require; use sslmode",
            ["sslcrl"] = "Npgsql takes no certificate revocation list file",
            ["sslcrldir"] = "Npgsql takes no certificate revocation list folder",
            ["sslcompression"] = "PostgreSQL no longer compresses SSL connections",
            ["requirepeer"] = "Npgsql does not check the server process's user on a unix socket",
            ["gssencmode"] = "the module does not set up GSSAPI encryption; use sslmode",
        };

        // libpq's values, which Npgsql takes too.
        private static readonly string[] TargetSessionAttributes = { "any", "read-write", "read-only", "primary", "standby", "prefer-standby" };

        private PostgresLocation(NpgsqlConnectionStringBuilder connectionString, string schema, string display, bool passwordInUri)
        {
            ConnectionString = connectionString;
            Schema = schema;
            Display = display;
            PasswordInUri = passwordInUri;
        }

        /// <summary>What Npgsql connects with (holds the password when the URI gave one: never show it).</summary>
        public NpgsqlConnectionStringBuilder ConnectionString { get; }

        /// <summary>The schema the store's tables live in.</summary>
        public string Schema { get; }

        /// <summary>True when the URI gave the password (user:password@ or ?password=); else Npgsql looks for one as libpq does.</summary>
        public bool PasswordInUri { get; }

        /// <summary>The URI without its password (and without sslpassword), as <see cref="StoreLocation.Redacted"/> shows it: for Location, messages and logs.</summary>
        public string Display { get; }

        /// <summary>The URI says keepalives=0: no TCP keepalive (else the module's, or the URI's keepalives_idle and keepalives_interval).</summary>
        public bool KeepalivesOff { get; private init; }

        public override string ToString() => Display;

        /// <summary>True when the text names a PostgreSQL store (a postgresql:// or postgres:// URI), not a file.</summary>
        public static bool IsPostgresUri(string? text)
        {
            if (text == null)
            {
                return false;
            }

            foreach (string scheme in Schemes)
            {
                if (text.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Reads a postgresql:// URI; a malformed one is an <see cref="ErrorIds.InvalidStoreUri"/> error naming the rule,
        /// the password left out. Whatever the text, nothing else is thrown: a setting Npgsql would refuse when
        /// connecting is refused here, without Npgsql's message (it may quote a piece of the URI).
        /// </summary>
        public static PostgresLocation Parse(string uri) => Parse(uri, EnvironmentOptions());

        /// <summary>
        /// As <see cref="Parse(string)"/>, with <paramref name="environmentOptions"/> in place of the PGOPTIONS environment
        /// variable (tests): libpq's and Npgsql's <c>options</c> when the URI gives none.
        /// </summary>
        internal static PostgresLocation Parse(string uri, string? environmentOptions)
        {
            if (uri == null)
            {
                throw new ArgumentNullException(nameof(uri));
            }

            try
            {
                PostgresLocation location = ParseText(uri, environmentOptions);
                // Npgsql's own checks of what it is given (host:port splitting, target session attributes...), run
                // now rather than at the first connect, where they would surface as raw .NET exceptions.
                new NpgsqlDataSourceBuilder(location.ConnectionString.ConnectionString).Build().Dispose();
                return location;
            }
            catch (Exception e) when (e is ArgumentException || e is FormatException || e is NotSupportedException || e is OverflowException || e is InvalidOperationException)
            {
                // Neither Npgsql's message nor the exception goes along: either may quote a piece of the URI.
                throw Invalid(uri, $"its hosts or parameters are not ones Npgsql can connect with ({e.GetType().Name})");
            }
        }

        /// <summary>
        /// What names the store itself, whoever connects to it: its hosts and ports, database and schema, never the user
        /// name or the password (<see cref="StoreIdentity"/>). Null for text that is no URI this parser reads. Read
        /// without Npgsql's checks of <see cref="Parse(string)"/>: a location compared was opened already, or is a shown one.
        /// </summary>
        internal static string? IdentityOf(string uri)
        {
            PostgresLocation location;
            try
            {
                location = ParseText(uri, EnvironmentOptions());
            }
            catch (Exception e) when (e is BmgException || e is ArgumentException || e is FormatException || e is OverflowException)
            {
                return null;
            }

            NpgsqlConnectionStringBuilder server = location.ConnectionString;
            // libpq's default database is the user's name; host names ignore case, a database and a schema don't.
            return string.Join("\n", (server.Host ?? "").ToLowerInvariant(), server.Port.ToString(CultureInfo.InvariantCulture),
                server.Database ?? server.Username ?? "", location.Schema);
        }

        private static PostgresLocation ParseText(string uri, string? environmentOptions)
        {
            string? scheme = null;
            foreach (string candidate in Schemes)
            {
                if (uri.StartsWith(candidate, StringComparison.OrdinalIgnoreCase))
                {
                    scheme = candidate;
                }
            }

            if (uri.Length != 0 && (char.IsWhiteSpace(uri[0]) || char.IsWhiteSpace(uri[uri.Length - 1])))
            {
                // Not trimmed: a URI holds no white space, so it came from a copy-paste or a quoted variable, and a
                // location quietly read otherwise than it was written (a password's last character?) is worse than a refusal.
                throw Invalid(uri, "it starts or ends with white space (a copy-paste or a quoted variable may have added it); remove it");
            }

            if (scheme == null)
            {
                throw Invalid(uri, "it must start with postgresql:// or postgres:// (a store is a PostgreSQL URI or a file path)");
            }

            string rest = uri.Substring(scheme.Length);
            // Where the user information ends is StoreLocation's one rule, the one the display cuts by.
            string? userInfo = null;
            int userInfoEnd = StoreLocation.UserInfoEnd(rest);
            if (userInfoEnd >= 0)
            {
                userInfo = rest.Substring(0, userInfoEnd);
                rest = rest.Substring(userInfoEnd + 1);
                if (!StoreLocation.IsPercentEncoded(userInfo))
                {
                    throw Invalid(uri, AtAfterHost(userInfo) ? StoreLocation.AtAfterHostRule : StoreLocation.PercentEncodeRule);
                }
            }

            string query = string.Empty;
            int questionMark = rest.IndexOf('?');
            if (questionMark >= 0)
            {
                query = rest.Substring(questionMark + 1);
                rest = rest.Substring(0, questionMark);
            }

            int slash = rest.IndexOf('/');
            string hostList = slash >= 0 ? rest.Substring(0, slash) : rest;
            string databasePart = slash >= 0 ? rest.Substring(slash + 1) : string.Empty;
            // A '=' or '&' before the query is a parameter that lost its '?' (StoreLocation.LostQueryStart): refused
            // before anything quotes the host, the port or the database name, since the text may be a password.
            if (StoreLocation.LostQueryStart(hostList) >= 0)
            {
                throw Invalid(uri, StoreLocation.ParameterInHostRule);
            }

            if (StoreLocation.LostQueryStart(databasePart) >= 0)
            {
                throw Invalid(uri, StoreLocation.ParameterInDatabaseRule);
            }

            var builder = new NpgsqlConnectionStringBuilder();
            string? user = null;
            bool hasPassword = false;
            if (userInfo != null)
            {
                int colon = userInfo.IndexOf(':');
                user = Decode(uri, colon >= 0 ? userInfo.Substring(0, colon) : userInfo, "user name");
                if (colon >= 0)
                {
                    builder.Password = Decode(uri, userInfo.Substring(colon + 1), "password");
                    hasPassword = true;
                }
            }

            var hosts = ParseHosts(uri, hostList);
            string? database = databasePart.Length == 0 ? null : Decode(uri, databasePart, "database name");
            if (database != null && database.IndexOf('/') >= 0)
            {
                throw Invalid(uri, "the database name after the host can't contain '/'");
            }

            string schema = DefaultSchema;
            bool schemaNamed = false;
            bool keepalivesOff = false;
            if (query.Length != 0)
            {
                string? afterSecret = null;
                foreach (string pair in query.Split('&'))
                {
                    if (pair.Length == 0)
                    {
                        continue;
                    }

                    int equals = pair.IndexOf('=');
                    string? knownName = equals <= 0 ? null : Decode(uri, pair.Substring(0, equals), "parameter name");
                    if (afterSecret != null && (knownName == null || Array.IndexOf(QueryParameters, knownName) < 0))
                    {
                        // Most likely the rest of a secret with an '&' not written %26: never quoted (the display hides it too).
                        throw Invalid(uri, $"what follows the {afterSecret} parameter is not a parameter this module knows; an '&' in a {afterSecret} is written %26 (and '=' %3D, '#' %23)");
                    }

                    if (equals <= 0)
                    {
                        throw Invalid(uri, $"the query parameter '{(equals < 0 ? pair : pair.Substring(equals))}' is not written name=value");
                    }

                    string name = knownName!;
                    string value = Decode(uri, pair.Substring(equals + 1), "parameter " + name);
                    afterSecret = name == "password" || name == "sslpassword" ? name : null;
                    switch (name)
                    {
                        case "user":
                            user = value;
                            break;
                        case "password":
                            builder.Password = value;
                            hasPassword = true;
                            break;
                        case "dbname":
                            database = value;
                            break;
                        case "host":
                            hosts = ParseHosts(uri, value, queryParameter: true);
                            break;
                        case "port":
                            foreach (var host in hosts)
                            {
                                host.Port ??= ParsePort(uri, value);
                            }

                            if (hosts.Count == 0)
                            {
                                hosts.Add(new HostAndPort(null, ParsePort(uri, value)));
                            }

                            break;
                        case "search_path":
                            schema = ParseSchema(uri, value, "search_path");
                            schemaNamed = true;
                            break;
                        case "sslmode":
                            builder.SslMode = ParseSslMode(uri, value);
                            break;
                        case "sslrootcert":
                            builder.RootCertificate = value;
                            break;
                        case "sslcert":
                            builder.SslCertificate = value;
                            break;
                        case "sslkey":
                            builder.SslKey = value;
                            break;
                        case "sslpassword":
                            builder.SslPassword = value;
                            break;
                        case "application_name":
                            builder.ApplicationName = value;
                            break;
                        case "connect_timeout":
                            builder.Timeout = ParseTimeout(uri, value);
                            break;
                        case "passfile":
                            builder.Passfile = value;
                            break;
                        case "options":
                            builder.Options = value;
                            break;
                        case "target_session_attrs":
                            if (Array.IndexOf(TargetSessionAttributes, value) < 0)
                            {
                                throw Invalid(uri, $"target_session_attrs '{value}' is not one of {string.Join(", ", TargetSessionAttributes)}");
                            }

                            builder.TargetSessionAttributes = value;
                            break;
                        case "keepalives":
                            keepalivesOff = ParseKeepalives(uri, value);
                            break;
                        case "keepalives_idle":
                            builder.TcpKeepAliveTime = ParseKeepaliveSeconds(uri, name, value);
                            break;
                        case "keepalives_interval":
                            builder.TcpKeepAliveInterval = ParseKeepaliveSeconds(uri, name, value);
                            break;
                        default:
                            if (UnsupportedLibpqParameters.TryGetValue(name, out string? why))
                            {
                                throw Invalid(uri, $"the query parameter '{name}' is libpq's, but this module can't honour it: {why}");
                            }

                            throw Invalid(uri, $"the query parameter '{name}' is not one this module knows ({string.Join(", ", QueryParameters)})");
                    }
                }
            }

            if (user != null)
            {
                builder.Username = user;
            }

            if (database != null)
            {
                builder.Database = database;
            }

            if (hosts.Count < 2 && builder.TargetSessionAttributes != null && builder.TargetSessionAttributes != "any")
            {
                throw Invalid(uri, $"target_session_attrs '{builder.TargetSessionAttributes}' chooses among several hosts; name them (host1,host2) or leave it out");
            }

            ApplyHosts(builder, hosts);
            schema = SchemaOfOptions(uri, schema, schemaNamed, builder.Options, environmentOptions);
            builder.SearchPath = schema;
            // What a database administrator sees in pg_stat_activity, unless the URI names something else.
            builder.ApplicationName ??= DefaultApplicationName;
            if (!hasPassword)
            {
                // Npgsql then looks in PGPASSWORD, PGPASSFILE and ~/.pgpass itself, like libpq.
                builder.Remove("Password");
            }

            return new PostgresLocation(builder, schema, StoreLocation.Redacted(uri), hasPassword) { KeepalivesOff = keepalivesOff };
        }

        /// <summary>
        /// True when the text before the URI's last '@' holds a '/' or '?': a host and a database or query before it, or a
        /// password not encoded; the error names both (<see cref="StoreLocation.AtAfterHostRule"/>).
        /// </summary>
        private static bool AtAfterHost(string userInfo) => userInfo.IndexOfAny(new[] { '/', '?' }) >= 0;

        private sealed class HostAndPort
        {
            public HostAndPort(string? host, int? port)
            {
                Host = host;
                Port = port;
            }

            public string? Host { get; }

            public int? Port { get; set; }
        }

        private static List<HostAndPort> ParseHosts(string uri, string hostList, bool queryParameter = false)
        {
            var hosts = new List<HostAndPort>();
            if (hostList.Length == 0)
            {
                return hosts;
            }

            foreach (string entry in hostList.Split(','))
            {
                if (entry.Length == 0)
                {
                    throw Invalid(uri, "the host list has an empty entry (write host1:port1,host2:port2)");
                }

                string hostPart;
                string? portPart = null;
                if (entry.StartsWith("[", StringComparison.Ordinal))
                {
                    int close = entry.IndexOf(']');
                    if (close < 0)
                    {
                        throw Invalid(uri, "an IPv6 host opened with '[' has no closing ']'");
                    }

                    hostPart = entry.Substring(1, close - 1);
                    string after = entry.Substring(close + 1);
                    if (after.Length != 0)
                    {
                        if (after[0] != ':')
                        {
                            throw Invalid(uri, "after an IPv6 host in brackets only ':port' may follow");
                        }

                        portPart = after.Substring(1);
                    }
                }
                else
                {
                    int colon = entry.LastIndexOf(':');
                    hostPart = colon >= 0 ? entry.Substring(0, colon) : entry;
                    portPart = colon >= 0 ? entry.Substring(colon + 1) : null;
                }

                string host = queryParameter ? hostPart : Decode(uri, hostPart, "host");
                CheckHost(uri, host);
                hosts.Add(new HostAndPort(host.Length == 0 ? null : host, portPart == null || portPart.Length == 0 ? (int?)null : ParsePort(uri, portPart)));
            }

            return hosts;
        }

        private static void CheckHost(string uri, string host)
        {
            // A socket folder is a path; anything else a name or an address. A ',' would be read as a second host, a
            // ':' as a port (Npgsql reads a host "name:port"), so only an IPv6 address may hold ':'.
            bool socketFolder = host.StartsWith("/", StringComparison.Ordinal);
            bool ipv6 = IPAddress.TryParse(host, out IPAddress? address) && address.AddressFamily == AddressFamily.InterNetworkV6;
            foreach (char c in host)
            {
                if (c == ',' || char.IsControl(c) || (!socketFolder && !ipv6 && (char.IsWhiteSpace(c) || "@:/?#[]".IndexOf(c) >= 0)))
                {
                    throw Invalid(uri, $"the host '{host}' is not a host name, an IP address (IPv6 in brackets) or a socket folder");
                }
            }
        }

        private static void ApplyHosts(NpgsqlConnectionStringBuilder builder, List<HostAndPort> hosts)
        {
            if (hosts.Count == 0)
            {
                // libpq's default: the local server.
                builder.Host = "localhost";
                return;
            }

            if (hosts.Count == 1)
            {
                builder.Host = hosts[0].Host ?? "localhost";
                if (hosts[0].Port != null)
                {
                    builder.Port = hosts[0].Port!.Value;
                }

                return;
            }

            // Npgsql takes several hosts as "host:port,host:port" (IPv6 in brackets) in Host.
            var text = new StringBuilder();
            foreach (HostAndPort host in hosts)
            {
                if (text.Length != 0)
                {
                    text.Append(',');
                }

                string name = host.Host ?? "localhost";
                text.Append(name.IndexOf(':') >= 0 ? "[" + name + "]" : name);
                if (host.Port != null)
                {
                    text.Append(':').Append(host.Port.Value.ToString(CultureInfo.InvariantCulture));
                }
            }

            builder.Host = text.ToString();
        }

        private static int ParsePort(string uri, string text)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1 || port > 65535)
            {
                throw Invalid(uri, $"the port '{text}' is not a number from 1 to 65535");
            }

            return port;
        }

        private static int ParseTimeout(string uri, string text)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) || seconds > 1024)
            {
                throw Invalid(uri, $"connect_timeout '{text}' is not a number of seconds from 0 to 1024");
            }

            return seconds;
        }

        /// <summary>libpq's keepalives: 1 (the default) or 0; true for 0, keepalives off.</summary>
        private static bool ParseKeepalives(string uri, string text) => text switch
        {
            "1" => false,
            "0" => true,
            _ => throw Invalid(uri, $"keepalives '{text}' is not 1 (on, the default) or 0 (off)"),
        };

        /// <summary>keepalives_idle or keepalives_interval: whole seconds from 1 (0, libpq's "the system's", is the module's own default here: left as it is).</summary>
        private static int ParseKeepaliveSeconds(string uri, string name, string text)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) || seconds > 86400)
            {
                throw Invalid(uri, $"{name} '{text}' is not a number of seconds from 0 to 86400");
            }

            return seconds;
        }

        /// <summary>The PGOPTIONS environment variable, which libpq and Npgsql use as <c>options</c> when the URI gives none.</summary>
        private static string? EnvironmentOptions() => Environment.GetEnvironmentVariable("PGOPTIONS");

        /// <summary>
        /// The store's schema, with the search_path an <c>options</c> value sets (<see cref="PostgresStartupOptions"/>) taken
        /// as the schema named, by the rules of ?search_path=: libpq users choose a schema so, and the module's own search_path
        /// would otherwise override it without a word. The URI's options (else PGOPTIONS) count; a URI that names one schema in
        /// ?search_path= and another in its options is refused; ?search_path= in the URI outweighs PGOPTIONS, as the URI is the
        /// more particular and is the location shown.
        /// </summary>
        private static string SchemaOfOptions(string uri, string schema, bool schemaNamed, string? uriOptions, string? environmentOptions)
        {
            if (uriOptions != null)
            {
                if (PostgresStartupOptions.SearchPath(uriOptions) is not string text)
                {
                    return schema;
                }

                string fromOptions = ParseSchema(uri, text, "the search_path that options sets");
                if (schemaNamed && fromOptions != schema)
                {
                    throw Invalid(uri, $"options sets search_path '{fromOptions}' and ?search_path= names '{schema}': name the store's schema once, with ?search_path=");
                }

                return fromOptions;
            }

            if (schemaNamed || !(PostgresStartupOptions.SearchPath(environmentOptions) is string environmentText))
            {
                return schema;
            }

            return ParseSchema(uri, environmentText, "the search_path that the PGOPTIONS environment variable sets");
        }

        private static string ParseSchema(string uri, string text, string what)
        {
            // One schema, an unquoted identifier: PostgreSQL folds it to lower case in search_path, and so does the module.
            if (!Regex.IsMatch(text, "^[A-Za-z_][A-Za-z0-9_]{0,62}$", RegexOptions.CultureInvariant) ||
                text.StartsWith("pg_", StringComparison.OrdinalIgnoreCase) || text.Equals("information_schema", StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid(uri, $"{what} '{text}' must name one schema: letters, digits and '_', not starting with a digit, at most 63 characters, not pg_* or information_schema");
            }

            return text.ToLowerInvariant();
        }

        private static SslMode ParseSslMode(string uri, string text)
        {
            switch (text)
            {
                case "disable": return SslMode.Disable;
                case "allow": return SslMode.Allow;
                case "prefer": return SslMode.Prefer;
                case "require": return SslMode.Require;
                case "verify-ca": return SslMode.VerifyCA;
                case "verify-full": return SslMode.VerifyFull;
                default:
                    throw Invalid(uri, $"sslmode '{text}' is not one of disable, allow, prefer, require, verify-ca, verify-full");
            }
        }

        private static string Decode(string uri, string text, string what)
        {
            // Percent-decoding as libpq does it: '+' stays '+', and the result must be UTF-8 without NUL.
            if (text.IndexOf('%') < 0)
            {
                return text;
            }

            var bytes = new List<byte>(text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '%')
                {
                    if (i + 2 >= text.Length || !IsHex(text[i + 1]) || !IsHex(text[i + 2]))
                    {
                        throw Invalid(uri, $"the {what} has a '%' that is not followed by two hexadecimal digits");
                    }

                    byte value = byte.Parse(text.Substring(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    if (value == 0)
                    {
                        throw Invalid(uri, $"the {what} holds %00 (NUL)");
                    }

                    bytes.Add(value);
                    i += 2;
                }
                else
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                }
            }

            try
            {
                return new UTF8Encoding(false, true).GetString(bytes.ToArray());
            }
            catch (DecoderFallbackException)
            {
                throw Invalid(uri, $"the {what} does not decode to UTF-8 text");
            }
        }

        private static bool IsHex(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

        private static BmgException Invalid(string uri, string rule) =>
            new BmgException(ErrorIds.InvalidStoreUri, BmgErrorCategory.InvalidArgument,
                $"The store URI '{StoreLocation.Redacted(uri)}' can't be used: {rule}.", StoreLocation.Redacted(uri));
    }
}
