using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// A store location as it is shown: the one form every message, verbose line, error target and store object
    /// (<see cref="IDeviceStore.Location"/>) uses, so an admin sees one name for one server and never a password.
    /// </summary>
    public static class StoreLocation
    {
        /// <summary>What <see cref="PercentEncodeRule"/> asks to be percent-encoded in a server URI's user name or password.</summary>
        internal const string MustBeEncodedInUserInfo = "@:/?#";

        /// <summary>The rule an InvalidStoreUri names when a server URI's user information is not percent-encoded.</summary>
        internal const string PercentEncodeRule =
            "percent-encode @ : / ? # in the user name or password (%40 %3A %2F %3F %23); the last '@' of the URI ends them, so an '@' elsewhere (a database name, a query value) is written %40 too";

        /// <summary>
        /// The rule an InvalidStoreUri names when the text before the URI's last '@' holds a '/' or '?': most likely an
        /// '@' after the host (a database name, a query value) not written %40, else a user name or password not encoded.
        /// </summary>
        internal const string AtAfterHostRule =
            "percent-encode @ : / ? # in the user name or password (%40 %3A %2F %3F %23). The last '@' of the URI ends them, and the text before it holds a '/' or '?' as a host followed by a database name or a query does: an '@' after the host (in the database name or a query value) is written %40";

        /// <summary>
        /// The rule an InvalidStoreUri names when the text where the hosts go holds '=' or '&amp;': a parameter without its '?',
        /// most often PowerShell's reading of <c>"postgresql://u@$server?password=..."</c> ($server?password is one variable).
        /// </summary>
        internal const string ParameterInHostRule =
            "where the host goes it holds '=' or '&', which no host name does: parameters go after '?' (postgresql://user@host:port/database?name=value&name=value). "
            + "In a PowerShell string in double quotes, \"...@$server?password=...\" reads $server?password as one variable name (empty): write ${server}? instead, or \"...@$server\" + '?...'";

        /// <summary>The rule an InvalidStoreUri names when the database name holds '=' or '&amp;': a query begun with '&amp;' or without '?'.</summary>
        internal const string ParameterInDatabaseRule =
            "the database name holds '=' or '&': parameters go after '?' (postgresql://user@host:port/database?name=value&name=value), "
            + "and a database name that does hold them writes them %3D and %26";

        // Query parameters whose value is a secret (libpq's password and sslpassword), matched however they are spelt.
        private static readonly HashSet<string> SecretParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "password", "sslpassword" };

        /// <summary>
        /// A server URI without its password: the <c>:password</c> of the user information and any password or
        /// sslpassword query parameter are left out (<c>postgresql://kitting@db.example.com/inventory</c>). It works on
        /// the text, so a URI that can't be read is shown the same way: the user information ends where the parser
        /// ends it (<see cref="UserInfoEnd"/>), and one that is not percent-encoded is cut whole but for a user name
        /// that is clear, so no piece of a password is shown, whatever the text. Any text that looks like a URI
        /// (<see cref="LooksLikeUri"/>: white space around it, another scheme, a postgres: typo) is cut so too, whichever
        /// branch refuses it. A file path is returned as it is.
        /// </summary>
        public static string Redacted(string location)
        {
            if (LooksLikeConnectionString(location))
            {
                return WithoutSecretPairs(location);
            }

            if (!LooksLikeUri(location))
            {
                return location;
            }

            int start = SchemePart.Match(location).Length;
            string afterScheme = location.Substring(start);
            var hidden = new bool[afterScheme.Length];
            HideUserPassword(afterScheme, hidden);
            HideSecretParameters(afterScheme, hidden);
            HideLostParameters(afterScheme, hidden);
            return location.Substring(0, start) + WithoutHidden(afterScheme, hidden);
        }

        /// <summary>
        /// True for text meant as a connection URI, never a store file: <c>scheme://</c> (a scheme of two characters or more:
        /// <c>C:/</c> is a drive), a scheme inside another (<c>jdbc:postgresql://</c>), or a postgres/postgresql scheme
        /// without its slashes (<c>postgres:/user@host</c>, <c>postgresql:user@host</c>), white space before it allowed.
        /// One slash after another name is a PowerShell drive path (<c>Temp:/x.db</c>, <c>TestDrive:/x.db</c>), a file. Such text is read (and refused when it is not a
        /// PostgreSQL URI) by the server branch, and shown only through <see cref="Redacted"/>: a copy-paste's leading space
        /// or a typo'd scheme must not make a password part of a "file path" in an error.
        /// </summary>
        public static bool LooksLikeUri(string? location) => location != null && Classify(location).Uri;

        /// <summary>
        /// True for a connection string in Npgsql's or libpq's keyword form (<c>Host=db;Username=u;Password=...;Database=x</c>,
        /// <c>host=db dbname=x</c>), never a store file: either key=value;key=value from the start with a keyword those
        /// libraries know as one of the keys (<c>Enlist=true;Host=db</c>), or a known keyword, '=', and a second known
        /// keyword=value pair after white space. A file name that holds ';' or '=' otherwise is still a file
        /// (<c>inventory;2026.db</c>, <c>server=prod.db</c>, <c>x=1;y=2.db</c>), and <c>./Host=db;Database=x</c> names such a
        /// file on purpose. Refused as <see cref="ErrorIds.InvalidStoreUri"/> (<see cref="ConnectionStringRefused"/>): taken as
        /// a file name, a writer would create a file of that name and the verbose line would show its password.
        /// </summary>
        public static bool LooksLikeConnectionString(string? location) => location != null && Classify(location).ConnectionString;

        /// <summary>What a location's text looks like: a pure function of the text (its regular expressions only).</summary>
        private sealed class Classified
        {
            public Classified(string text)
            {
                Text = text;
                Uri = UriLike.IsMatch(text);
                ConnectionString = (SemicolonPairs.IsMatch(text) && KnownKeyAfterSemicolon.IsMatch(text)) || SpacedPairs.IsMatch(text);
            }

            public string Text { get; }

            public bool Uri { get; }

            public bool ConnectionString { get; }
        }

        // The last text classified, kept: every command asks of its -Database text three times (BmgCmdlet.StorePath, then
        // DeviceStores.OpenStore twice), five regular expressions each time, and a script's loop of a thousand look-ups asks of
        // the same text a thousand times (PERFORMANCE.md, calls41). One immutable object, swapped whole: any thread reads a
        // text's answers together.
        private static Classified? _lastClassified;

        private static Classified Classify(string location)
        {
            Classified? last = System.Threading.Volatile.Read(ref _lastClassified);
            if (last != null && string.Equals(last.Text, location, StringComparison.Ordinal))
            {
                return last;
            }

            var classified = new Classified(location);
            System.Threading.Volatile.Write(ref _lastClassified, classified);
            return classified;
        }

        /// <summary>The InvalidStoreUri for a connection string given as a store location; its password is not shown.</summary>
        public static BmgException ConnectionStringRefused(string location)
        {
            string shown = Redacted(location);
            return new BmgException(ErrorIds.InvalidStoreUri, BmgErrorCategory.InvalidArgument,
                $"The store '{shown}' can't be used: it is a connection string (keyword=value pairs), and a store is a file path or a "
                + "postgresql:// URI; write it as postgresql://user:password@host:port/database (percent-encode @ : / ? # in the user "
                + "name or password), or, for a file whose name looks so, start the path with ./", shown);
        }

        // Npgsql's keywords and their synonyms, and libpq's (lower case; spaces as written).
        private const string ConnectionKeywords =
            "host|server|hostaddr|port|database|db|dbname|username|user|user ?id|user ?name|userid|uid|password|pwd|psw|passfile|"
            + "ssl ?password|ssl ?mode|sslmode|search ?path|application ?name|application_name|timeout|connect_timeout|command ?timeout|pooling|"
            + "service|options|target ?session ?attributes|target_session_attrs|trust ?server ?certificate|include ?error ?detail|"
            + "keepalive|maximum ?pool ?size|minimum ?pool ?size|data ?source|initial ?catalog|enlist";

        // Any key of a ';'-separated connection string: a name, spaces inside allowed (never '.', '/', '\' or ':', so
        // ./Host=db;x and C:\x=1;y are paths).
        private const string AnyKey = @"[A-Za-z][A-Za-z0-9_ ]*?";

        private static readonly Regex SemicolonPairs = new Regex(
            @"^\s*" + AnyKey + @"\s*=[^;]*;\s*" + AnyKey + @"\s*=", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private static readonly Regex KnownKeyAfterSemicolon = new Regex(
            @"(?:^|;)\s*(?:" + ConnectionKeywords + @")\s*=", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private static readonly Regex SpacedPairs = new Regex(
            @"^\s*(?:" + ConnectionKeywords + @")\s*=[^;]*?(?:;|\s)\s*(?:" + ConnectionKeywords + @")\s*=",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        // Where a pair starts. With a ';' in the text, pairs are split on ';' only (Npgsql's form: a value may hold spaces);
        // without, on white space before a known keyword (libpq's form).
        private static readonly Regex SemicolonPairStart = new Regex(
            @"(?:^|(?<=;))\s*(?<key>" + AnyKey + @")\s*=", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private static readonly Regex SpacedPairStart = new Regex(
            @"(?:^|(?<=\s))\s*(?<key>" + ConnectionKeywords + @")\s*=", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private static readonly Regex KnownKeyword = new Regex(@"^(?:" + ConnectionKeywords + @")$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        // Any key naming a password, whatever the library's spelling (Password, PWD, PSW, SSL Password, sslpassword, Client
        // Passphrase): hidden even when unknown here. A passfile is a path, not a secret.
        private static readonly Regex SecretKeyword = new Regex(@"^(?!passfile$).*(?:pass|pwd|psw)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private static readonly Regex SpacedSecret = new Regex(
            @"(?<=\s)(?!passfile\s*=)[A-Za-z0-9_]*(?:pass|pwd|psw)[A-Za-z0-9_]*\s*=", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        /// <summary>A connection string without its password pairs: a password runs to the start of the next pair with a
        /// known keyword, so a password holding ';' or '=' is hidden whole.</summary>
        private static string WithoutSecretPairs(string text)
        {
            var shown = new System.Text.StringBuilder(text.Length);
            bool semicolons = SemicolonPairs.IsMatch(text);
            MatchCollection pairs = (semicolons ? SemicolonPairStart : SpacedPairStart).Matches(text);
            bool inSecret = false;
            for (int i = 0; i < pairs.Count; i++)
            {
                string key = pairs[i].Groups["key"].Value.Trim();
                if (SecretKeyword.IsMatch(key))
                {
                    inSecret = true;
                }
                else if (KnownKeyword.IsMatch(key))
                {
                    inSecret = false;
                }

                if (!inSecret)
                {
                    int end = i + 1 < pairs.Count ? pairs[i + 1].Index : text.Length;
                    string pair = text.Substring(pairs[i].Index, end - pairs[i].Index);
                    Match mixedIn = SpacedSecret.Match(pair);
                    // host=db password=x;sslmode=y mixes the forms: the password inside a pair is cut off too.
                    shown.Append(semicolons && mixedIn.Success ? pair.Substring(0, mixedIn.Index).TrimEnd() + (pair.TrimEnd().EndsWith(';') ? ";" : "") : pair);
                }
            }

            return shown.ToString().TrimEnd(';', ' ');
        }

        private static readonly Regex UriLike = new Regex(@"^\s*(?:[A-Za-z][A-Za-z0-9+.\-]+://|postgres(?:ql)?:|[A-Za-z][A-Za-z0-9+.\-]*:[A-Za-z][A-Za-z0-9+.\-]*://)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        // What precedes the user information: white space, the scheme, its ':' and up to two slashes.
        private static readonly Regex SchemePart = new Regex(@"^\s*[A-Za-z][A-Za-z0-9+.\-]*:/{0,2}", RegexOptions.CultureInvariant);

        /// <summary>
        /// Where the user information of a server URI ends (the index of its '@' in the text after <c>scheme://</c>;
        /// -1: there is none): at the last '@'. A password may hold any character, so any '@' may be the one that
        /// ends it; the parser reads the URI so and the display cuts it so, and the two can't disagree.
        /// </summary>
        internal static int UserInfoEnd(string afterScheme) => afterScheme.LastIndexOf('@');

        /// <summary>True when the user information holds nothing that must be percent-encoded: no @ / ? #, and at most the one ':' before the password.</summary>
        internal static bool IsPercentEncoded(string userInfo)
        {
            int colon = userInfo.IndexOf(':');
            return userInfo.IndexOfAny(new[] { '@', '/', '?', '#' }) < 0 && (colon < 0 || userInfo.IndexOf(':', colon + 1) < 0);
        }

        private static void HideUserPassword(string afterScheme, bool[] hidden)
        {
            int end = UserInfoEnd(afterScheme);
            if (end < 0)
            {
                return;
            }

            // The user name (before the first ':') is shown when nothing in it needs encoding: no reading of the text
            // puts a password before the first ':'. Else the whole user information goes: it may hold the query, too.
            int colon = afterScheme.IndexOf(':', 0, end);
            string userName = colon < 0 ? afterScheme.Substring(0, end) : afterScheme.Substring(0, colon);
            int hideFrom = IsPercentEncoded(userName) ? (colon < 0 ? end : colon) : 0;
            for (int i = hideFrom; i < end; i++)
            {
                hidden[i] = true;
            }
        }

        /// <summary>
        /// Where a parameter begins in the text of the hosts or of the database name (the first '=' or '&amp;'); -1: none
        /// does. Neither holds them unencoded, so such text is a parameter whose '?' was lost, and its value may be a password.
        /// </summary>
        internal static int LostQueryStart(string hostsOrDatabase) => hostsOrDatabase.AsSpan().IndexOfAny('=', '&');

        private static void HideLostParameters(string afterScheme, bool[] hidden)
        {
            // Hosts and database name: after the user information up to the query. A user information with a '?' may
            // hold the query's start, and then what follows its '@' is query, hidden as such (HideSecretParameters).
            int userInfoEnd = UserInfoEnd(afterScheme);
            if (userInfoEnd >= 0 && afterScheme.IndexOf('?', 0, userInfoEnd) >= 0)
            {
                return;
            }

            int start = userInfoEnd + 1;
            int query = afterScheme.IndexOf('?', start);
            int end = query < 0 ? afterScheme.Length : query;
            int lost = LostQueryStart(afterScheme.Substring(start, end - start));
            if (lost < 0)
            {
                return;
            }

            for (int i = start + lost; i < end; i++)
            {
                hidden[i] = true;
            }
        }

        private static void HideSecretParameters(string afterScheme, bool[] hidden)
        {
            // Every '?' or '&' that may start a query parameter, wherever the query begins (a '?' may be a password's):
            // a secret one is hidden from its separator to the next '&', an '@' in its value included.
            for (int separator = 0; separator < afterScheme.Length; separator++)
            {
                if (afterScheme[separator] != '?' && afterScheme[separator] != '&')
                {
                    continue;
                }

                int equals = afterScheme.IndexOf('=', separator + 1);
                int next = afterScheme.IndexOf('&', separator + 1);
                int end = next < 0 ? afterScheme.Length : next;
                int nameEnd = equals < 0 || equals > end ? end : equals;
                string name = afterScheme.Substring(separator + 1, nameEnd - separator - 1);
                if (name.IndexOf('?') < 0 && SecretParameters.Contains(Uri.UnescapeDataString(name).Trim()))
                {
                    // An '&' not written %26 inside the secret: what follows is the secret's until a parameter the parser
                    // reads as one begins (it refuses anything else without quoting it: see PostgresLocation).
                    while (end < afterScheme.Length && !StartsKnownParameter(afterScheme, end + 1))
                    {
                        next = afterScheme.IndexOf('&', end + 1);
                        end = next < 0 ? afterScheme.Length : next;
                    }

                    for (int i = separator; i < end; i++)
                    {
                        hidden[i] = true;
                    }
                }
            }
        }

        /// <summary>True when the text at <paramref name="at"/> is <c>name=</c> of a query parameter the parser reads that is no secret.</summary>
        private static bool StartsKnownParameter(string text, int at)
        {
            int equals = text.IndexOf('=', at);
            int next = text.IndexOf('&', at);
            if (equals < 0 || (next >= 0 && next < equals))
            {
                return false;
            }

            string name = Uri.UnescapeDataString(text.Substring(at, equals - at));
            return Array.IndexOf(Postgres.PostgresLocation.QueryParameters, name) >= 0 && !SecretParameters.Contains(name);
        }

        private static string WithoutHidden(string afterScheme, bool[] hidden)
        {
            var shown = new System.Text.StringBuilder(afterScheme.Length);
            bool queryStartHidden = false;
            for (int i = 0; i < afterScheme.Length; i++)
            {
                if (hidden[i])
                {
                    queryStartHidden |= afterScheme[i] == '?';
                    continue;
                }

                // A hidden first parameter took the query's '?' with it: the next kept one starts the query.
                shown.Append(queryStartHidden && afterScheme[i] == '&' ? '?' : afterScheme[i]);
                queryStartHidden = false;
            }

            return shown.ToString();
        }
    }
}
