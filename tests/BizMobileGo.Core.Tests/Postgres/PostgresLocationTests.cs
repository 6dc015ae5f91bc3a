using System;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Store.Postgres;
using Npgsql;
using Xunit;

namespace BizMobileGo.Core.Tests.Postgres
{
    public class PostgresLocationTests
    {
        [Theory]
        [InlineData("postgresql://u@h/db", true)]
        [InlineData("postgres://h", true)]
        [InlineData("PostgreSQL://h/db", true)]
        [InlineData("/home/u/bmg.db", false)]
        [InlineData("postgresql.db", false)]
        [InlineData("C:\\stores\\postgresql://x", false)]
        [InlineData("", false)]
        [InlineData(null, false)]
        public void TellsAUriFromAFilePath(string? text, bool expected) =>
            Assert.Equal(expected, PostgresLocation.IsPostgresUri(text));

        [Fact]
        public void TakesLibpqKeepalivesAsNpgsqlsTcpKeepalive()
        {
            var location = PostgresLocation.Parse("postgresql://u@h/db?keepalives=1&keepalives_idle=10&keepalives_interval=3");
            Assert.False(location.KeepalivesOff);
            NpgsqlConnectionStringBuilder settings = PostgresDeviceStore.ConnectionSettings(location, lookup: false);
            Assert.True(settings.TcpKeepAlive);
            Assert.Equal(10, settings.TcpKeepAliveTime);
            Assert.Equal(3, settings.TcpKeepAliveInterval);
        }

        [Fact]
        public void KeepsAConnectionAliveByDefaultAndNotWhenKeepalivesIsZero()
        {
            NpgsqlConnectionStringBuilder byDefault = PostgresDeviceStore.ConnectionSettings(PostgresLocation.Parse("postgresql://u@h/db"), lookup: false);
            Assert.True(byDefault.TcpKeepAlive);
            Assert.Equal(PostgresDeviceStore.DefaultKeepaliveIdleSeconds, byDefault.TcpKeepAliveTime);
            Assert.Equal(PostgresDeviceStore.DefaultKeepaliveIntervalSeconds, byDefault.TcpKeepAliveInterval);

            // Only the interval given: the idle time stays the module's.
            NpgsqlConnectionStringBuilder interval = PostgresDeviceStore.ConnectionSettings(PostgresLocation.Parse("postgresql://u@h/db?keepalives_interval=9"), lookup: false);
            Assert.Equal(PostgresDeviceStore.DefaultKeepaliveIdleSeconds, interval.TcpKeepAliveTime);
            Assert.Equal(9, interval.TcpKeepAliveInterval);

            var off = PostgresLocation.Parse("postgresql://u@h/db?keepalives=0");
            Assert.True(off.KeepalivesOff);
            NpgsqlConnectionStringBuilder none = PostgresDeviceStore.ConnectionSettings(off, lookup: false);
            Assert.False(none.TcpKeepAlive);
            Assert.Equal(0, none.TcpKeepAliveTime);
        }

        [Theory]
        [InlineData("postgresql://u:topsecret@h/db?tcp_user_timeout=10000", "'tcp_user_timeout' is libpq's, but this module can't honour it: Npgsql has no TCP user timeout")]
        [InlineData("postgresql://u:topsecret@h/db?keepalives_count=3", "'keepalives_count' is libpq's, but this module can't honour it: the number of keepalive probes")]
        [InlineData("postgresql://u:topsecret@h/db?service=inventory", "'service' is libpq's")]
        [InlineData("postgresql://u:topsecret@h/db?hostaddr=10.0.0.7", "'hostaddr' is libpq's")]
        [InlineData("postgresql://u:topsecret@h/db?keepalives=yes", "keepalives 'yes' is not 1 (on, the default) or 0 (off)")]
        [InlineData("postgresql://u:topsecret@h/db?keepalives_idle=-1", "keepalives_idle '-1' is not a number of seconds")]
        [InlineData("postgresql://u:topsecret@h/db?keepalives_interval=x", "keepalives_interval 'x' is not a number of seconds")]
        [InlineData("postgresql://u:topsecret@h/db?statement_timeout=5", "'statement_timeout' is not one this module knows")]
        public void RefusesALibpqParameterItCantHonourNamingItAndWhy(string uri, string rule)
        {
            var error = Assert.Throws<BmgException>(() => PostgresLocation.Parse(uri));
            Assert.Equal(ErrorIds.InvalidStoreUri, error.ErrorId);
            Assert.Contains(rule, error.Message);
            Assert.DoesNotContain("topsecret", error.Message);
        }

        [Fact]
        public void ReadsUserPasswordHostPortDatabaseAndParameters()
        {
            var location = PostgresLocation.Parse("postgresql://admin:s3cret@db.example.com:6432/inventory?sslmode=require&application_name=nightly&connect_timeout=7");
            NpgsqlConnectionStringBuilder b = location.ConnectionString;
            Assert.Equal("admin", b.Username);
            Assert.Equal("s3cret", b.Password);
            Assert.Equal("db.example.com", b.Host);
            Assert.Equal(6432, b.Port);
            Assert.Equal("inventory", b.Database);
            Assert.Equal(SslMode.Require, b.SslMode);
            Assert.Equal("nightly", b.ApplicationName);
            Assert.Equal(7, b.Timeout);
            Assert.Equal("public", location.Schema);
        }

        [Fact]
        public void PercentDecodesEveryPart()
        {
            var location = PostgresLocation.Parse("postgres://%E7%94%B0%E4%B8%AD:p%40ss%3Aw%2Ford@h/my%20db?application_name=a%26b");
            Assert.Equal("田中", location.ConnectionString.Username);
            Assert.Equal("p@ss:w/ord", location.ConnectionString.Password);
            Assert.Equal("my db", location.ConnectionString.Database);
            Assert.Equal("a&b", location.ConnectionString.ApplicationName);
        }

        [Fact]
        public void TakesAnIpv6HostInBracketsAndAUnixSocketFolder()
        {
            var ipv6 = PostgresLocation.Parse("postgresql://u@[::1]:5433/db");
            Assert.Equal("::1", ipv6.ConnectionString.Host);
            Assert.Equal(5433, ipv6.ConnectionString.Port);

            var socket = PostgresLocation.Parse("postgresql://u@%2Fvar%2Frun%2Fpostgresql/db");
            Assert.Equal("/var/run/postgresql", socket.ConnectionString.Host);
        }

        [Fact]
        public void TakesSeveralHostsEachWithItsPort()
        {
            var location = PostgresLocation.Parse("postgresql://u@primary:5432,[2001:db8::2]:5433,standby/db?target_session_attrs=read-write");
            Assert.Equal("primary:5432,[2001:db8::2]:5433,standby", location.ConnectionString.Host);
            Assert.Equal("read-write", location.ConnectionString.TargetSessionAttributes);
        }

        [Fact]
        public void DefaultsToTheLocalServerAndLeavesThePasswordToNpgsql()
        {
            var location = PostgresLocation.Parse("postgresql:///inventory");
            Assert.Equal("localhost", location.ConnectionString.Host);
            Assert.Equal("inventory", location.ConnectionString.Database);
            Assert.Null(location.ConnectionString.Password);
            Assert.Equal("BizMobileGo", location.ConnectionString.ApplicationName);
            Assert.DoesNotContain("Password", location.ConnectionString.ConnectionString, StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public void SearchPathNamesTheStoresSchema()
        {
            var location = PostgresLocation.Parse("postgresql://u@h/db?search_path=Bmg_Store");
            Assert.Equal("bmg_store", location.Schema);
            Assert.Equal("bmg_store", location.ConnectionString.SearchPath);
            location = PostgresLocation.Parse("postgresql://u@h/db?search_path=bmg");
            Assert.Equal("bmg", location.Schema);
            Assert.Equal("bmg", location.ConnectionString.SearchPath);
        }

        [Theory]
        // libpq's ways to set a schema in options (walkthrough 31, 7): taken as the store's schema, by ?search_path='s rules.
        [InlineData("postgresql://u@h/db?options=-csearch_path%3Dosaka", null, "osaka")]
        [InlineData("postgresql://u@h/db?options=-c%20search_path%3DOsaka", null, "osaka")]
        [InlineData("postgresql://u@h/db?options=--search-path%3Dosaka", null, "osaka")]
        [InlineData("postgresql://u@h/db?options=-cstatement_timeout%3D5000%20-cSEARCH_PATH%3Dtokyo%20-csearch_path%3Dosaka", null, "osaka")]
        [InlineData("postgresql://u@h/db?options=-cstatement_timeout%3D5000", null, "public")]
        [InlineData("postgresql://u@h/db?options=-csearch_path%3Dosaka&search_path=osaka", null, "osaka")]
        // PGOPTIONS counts when the URI gives no options, and ?search_path= outweighs it; the URI's options replace it, as in libpq.
        [InlineData("postgresql://u@h/db", "-c search_path=osaka", "osaka")]
        [InlineData("postgresql://u@h/db?search_path=tokyo", "-c search_path=osaka", "tokyo")]
        [InlineData("postgresql://u@h/db?options=-cstatement_timeout%3D5000", "-c search_path=osaka", "public")]
        [InlineData("postgresql://u@h/db", "-c statement_timeout=5000", "public")]
        public void TheSearchPathThatOptionsSetsIsTheStoresSchema(string uri, string? environmentOptions, string schema)
        {
            var location = PostgresLocation.Parse(uri, environmentOptions);
            Assert.Equal(schema, location.Schema);
            Assert.Equal(schema, location.ConnectionString.SearchPath);
        }

        [Theory]
        [InlineData("postgresql://u:topsecret@h/db?options=-csearch_path%3Dosaka&search_path=tokyo", null, "options sets search_path 'osaka' and ?search_path= names 'tokyo': name the store's schema once, with ?search_path=")]
        [InlineData("postgresql://u:topsecret@h/db?options=-csearch_path%3Dosaka%2Cpublic", null, "the search_path that options sets 'osaka,public' must name one schema")]
        [InlineData("postgresql://u:topsecret@h/db", "-c search_path=pg_catalog", "the search_path that the PGOPTIONS environment variable sets 'pg_catalog' must name one schema")]
        public void AnOptionsSearchPathThatIsNoOneSchemaOrDisagreesIsRefused(string uri, string? environmentOptions, string rule)
        {
            var error = Assert.Throws<BmgException>(() => PostgresLocation.Parse(uri, environmentOptions));
            Assert.Equal(ErrorIds.InvalidStoreUri, error.ErrorId);
            Assert.Contains(rule, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("topsecret", error.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("postgresql://u:topsecret@h/db", "postgresql://u@h/db")]
        [InlineData("postgresql://u:topsecret@h:5432/db?sslmode=require&password=topsecret", "postgresql://u@h:5432/db?sslmode=require")]
        [InlineData("postgres://u@h/db?sslpassword=topsecret&application_name=x", "postgres://u@h/db?application_name=x")]
        [InlineData("postgresql://u:top%40secret@h/db", "postgresql://u@h/db")]
        public void DisplaysTheUriWithoutItsPassword(string uri, string expected)
        {
            var location = PostgresLocation.Parse(uri);
            Assert.Equal(expected, location.Display);
            Assert.Equal(expected, location.ToString());
            Assert.DoesNotContain("secret", location.Display, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("postgresql://u:topsecret@h:99999/db", "port")]
        [InlineData("postgresql://u:topsecret@h:abc/db", "port")]
        [InlineData("postgresql://u:topsecret@h/db?sslmode=sometimes", "sslmode")]
        [InlineData("postgresql://u:topsecret@h/db?colour=blue", "colour")]
        [InlineData("postgresql://u:topsecret@h/db?search_path=a,b", "search_path")]
        [InlineData("postgresql://u:topsecret@h/db?search_path=pg_catalog", "search_path")]
        [InlineData("postgresql://u:topsecret@h/db?search_path=my%20schema", "search_path")]
        [InlineData("postgresql://u:topsecret@h/db?search_path=1abc", "search_path")]
        [InlineData("postgresql://u:topsecret@h/d%ZZb", "%")]
        [InlineData("postgresql://u:topsecret@h/d%00b", "NUL")]
        [InlineData("postgresql://u:topsecret@[::1/db", "]")]
        [InlineData("postgresql://u:topsecret@h/db?sslmode", "sslmode")]
        [InlineData("postgresql://u:top@secret@h/a/b", "percent-encode")]
        [InlineData("postgresql://u:topsecret@h/a/b", "'/'")]
        [InlineData("postgresql://u:topsecret@h/db?password=topsecret&connect_timeout=x", "connect_timeout")]
        // PowerShell's "postgresql://u@$server?password=..." reads $server?password as one (empty) variable.
        [InlineData("postgresql://u@=topsecret&sslmode=require", "${server}?")]
        [InlineData("postgresql://=topsecret", "${server}?")]
        [InlineData("postgresql://u@h:5432=topsecret", "${server}?")]
        // '&' typed for '?': the rest would be read as the database name, and shown in messages as such.
        [InlineData("postgresql://u@h:5432/db&password=topsecret", "database name")]
        [InlineData("postgresql://u@h:5432/db&sslmode=require", "database name")]
        [InlineData("postgresql://u@h/password=topsecret", "database name")]
        public void RefusesABadUriNamingTheRuleWithoutThePassword(string uri, string rule)
        {
            var error = Assert.Throws<BmgException>(() => PostgresLocation.Parse(uri));
            Assert.Equal(ErrorIds.InvalidStoreUri, error.ErrorId);
            Assert.Equal(BmgErrorCategory.InvalidArgument, error.Category);
            Assert.Contains(rule, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", error.Target?.ToString() ?? string.Empty, StringComparison.Ordinal);
        }

        // One form for every place that shows a server (StoreLocation.Redacted): a URI that can't be read included.
        [Theory]
        [InlineData("postgresql://u:pw@h/db", "postgresql://u@h/db")]
        [InlineData("postgresql://u:p@w/x@h/db", "postgresql://u@h/db")]
        [InlineData("postgresql://u:p@ss@h/db", "postgresql://u@h/db")]
        [InlineData("postgresql://u:p/w@h/db", "postgresql://u@h/db")]
        [InlineData("postgresql://:pw@h/db", "postgresql://@h/db")]
        // x=1 is no parameter the parser reads: it may be the password's, after an '&' not written %26.
        [InlineData("postgresql://h/db?password=pw&x=1", "postgresql://h/db")]
        [InlineData("postgresql://h/db?password=pw&x=1&sslmode=require", "postgresql://h/db?sslmode=require")]
        [InlineData("postgresql://h/db?x=1&sslpassword=pw", "postgresql://h/db?x=1")]
        [InlineData("postgresql://h/db?PASSWORD=pw", "postgresql://h/db")]
        [InlineData("postgresql://h/db?pass%77ord=pw&sslmode=require", "postgresql://h/db?sslmode=require")]
        [InlineData("postgresql://u@h:5432/my@db", "postgresql://@db")]
        [InlineData("postgresql://u@h:5432/my%40db", "postgresql://u@h:5432/my%40db")]
        [InlineData("postgresql://u:Spr?ing=2026@h/db", "postgresql://u@h/db")]
        [InlineData("postgresql://u:Tok/yo@h/db?sslmode=require&password=pw", "postgresql://u@h/db?sslmode=require")]
        [InlineData("postgresql://h/db?password=se@cret&sslmode=require", "postgresql://?sslmode=require")]
        [InlineData("postgresql://u@[::1]:5432/db?sslmode=require", "postgresql://u@[::1]:5432/db?sslmode=require")]
        [InlineData("postgresql://u@h/db", "postgresql://u@h/db")]
        // '=' or '&' where the host or the database name goes: a parameter (a password?) that lost its '?'.
        [InlineData("postgresql://u@=pw&sslmode=require", "postgresql://u@")]
        [InlineData("postgresql://=pw", "postgresql://")]
        [InlineData("postgresql://u@h:5432/db=pw", "postgresql://u@h:5432/db")]
        [InlineData("postgresql://u@h/db&password=pw&sslmode=require", "postgresql://u@h/db")]
        [InlineData("postgresql://u@h/db&pw=1?sslmode=require", "postgresql://u@h/db?sslmode=require")]
        public void ShowsAServerWithoutAnythingThatMayBeAPassword(string text, string expected) =>
            Assert.Equal(expected, StoreLocation.Redacted(text));

        [Theory]
        [InlineData("postgresql://u:topsecret@h:5432/db?sslmode=require&password=topsecret")]
        [InlineData("postgres://u@h/db?sslpassword=topsecret&application_name=x")]
        [InlineData("postgresql://u:top%40secret@[::1]:5432,h2/db?search_path=bmg")]
        public void AStoresDisplayIsTheFormEveryMessageShows(string uri) =>
            Assert.Equal(StoreLocation.Redacted(uri), PostgresLocation.Parse(uri).Display);
    }
}
