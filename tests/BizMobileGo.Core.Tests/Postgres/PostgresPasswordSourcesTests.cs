using System;
using System.IO;
using BizMobileGo.Core.Store.Postgres;
using Npgsql;
using Xunit;

namespace BizMobileGo.Core.Tests.Postgres
{
    /// <summary>These tests change PGPASSWORD and PGPASSFILE, which the whole process sees: they run alone.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class PostgresEnvironmentCollection
    {
        public const string Name = "PostgreSQL environment variables";
    }

    /// <summary>
    /// Where the password comes from when the URI has none: Npgsql 10 reads PGPASSWORD and PGPASSFILE
    /// (and ~/.pgpass) as libpq does, against the real server, which refuses a TCP login without it.
    /// </summary>
    [Collection(PostgresEnvironmentCollection.Name)]
    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresPasswordSourcesTests : IDisposable
    {
        private readonly string? _savedPassword = Environment.GetEnvironmentVariable("PGPASSWORD");
        private readonly string? _savedPassFile = Environment.GetEnvironmentVariable("PGPASSFILE");
        private readonly string? _savedHome = Environment.GetEnvironmentVariable("HOME");
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "bmg-pgpass-" + Guid.NewGuid().ToString("N"));

        public PostgresPasswordSourcesTests()
        {
            Directory.CreateDirectory(_folder);
            Environment.SetEnvironmentVariable("PGPASSWORD", null);
            // An empty pass file, so the test user's real ~/.pgpass can't answer for these tests.
            string empty = Path.Combine(_folder, "empty.pgpass");
            File.WriteAllText(empty, string.Empty);
            Environment.SetEnvironmentVariable("PGPASSFILE", empty);
        }

        public void Dispose()
        {
            Environment.SetEnvironmentVariable("PGPASSWORD", _savedPassword);
            Environment.SetEnvironmentVariable("PGPASSFILE", _savedPassFile);
            Environment.SetEnvironmentVariable("HOME", _savedHome);
            Directory.Delete(_folder, true);
        }

        private static (string UriWithoutPassword, string Password) AdminWithoutPassword()
        {
            NpgsqlConnectionStringBuilder admin = PostgresTestServer.Admin.ConnectionString;
            return ($"postgresql://{admin.Username}@{admin.Host}:{admin.Port}/postgres?application_name=bmg-password-test", admin.Password!);
        }

        private static string CurrentUser(string uri)
        {
            var location = PostgresLocation.Parse(uri);
            // No pooling: a pooled connection would skip the login these tests are about.
            location.ConnectionString.Pooling = false;
            using var connection = new NpgsqlConnection(location.ConnectionString.ConnectionString);
            connection.Open();
            return (string)PostgresTestServer.Scalar(connection, "SELECT current_user;")!;
        }

        [Fact]
        public void WithoutAnyPasswordTheServerRefusesTheLogin()
        {
            (string uri, _) = AdminWithoutPassword();
            Assert.ThrowsAny<NpgsqlException>(() => CurrentUser(uri));
        }

        [Fact]
        public void ThePasswordInTheUriLogsIn()
        {
            (string uri, string password) = AdminWithoutPassword();
            string withPassword = uri.Replace("@", ":" + Uri.EscapeDataString(password) + "@", StringComparison.Ordinal);
            Assert.Equal("bmg_test", CurrentUser(withPassword));
        }

        [Fact]
        public void PgPasswordLogsIn()
        {
            (string uri, string password) = AdminWithoutPassword();
            Environment.SetEnvironmentVariable("PGPASSWORD", password);
            Assert.Equal("bmg_test", CurrentUser(uri));
        }

        [Fact]
        public void PgPassFileLogsIn()
        {
            (string uri, string password) = AdminWithoutPassword();
            NpgsqlConnectionStringBuilder admin = PostgresTestServer.Admin.ConnectionString;
            string passFile = Path.Combine(_folder, "pgpass");
            File.WriteAllText(passFile, $"otherhost:*:*:*:wrong\n{admin.Host}:{admin.Port}:*:{admin.Username}:{password}\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(passFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            Environment.SetEnvironmentVariable("PGPASSFILE", passFile);
            Assert.Equal("bmg_test", CurrentUser(uri));
        }

        [Fact]
        public void APgPassFileInTheHomeFolderLogsIn()
        {
            if (OperatingSystem.IsWindows())
            {
                // libpq's and Npgsql's place there is %APPDATA%\postgresql\pgpass.conf; HOME does not move it.
                return;
            }

            (string uri, string password) = AdminWithoutPassword();
            NpgsqlConnectionStringBuilder admin = PostgresTestServer.Admin.ConnectionString;
            string home = Path.Combine(_folder, "home");
            Directory.CreateDirectory(home);
            string passFile = Path.Combine(home, ".pgpass");
            File.WriteAllText(passFile, $"*:{admin.Port}:*:{admin.Username}:{password}\n");
            File.SetUnixFileMode(passFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Environment.SetEnvironmentVariable("PGPASSFILE", null);
            Environment.SetEnvironmentVariable("HOME", home);

            Assert.Equal("bmg_test", CurrentUser(uri));
        }

        [Fact]
        public void TheUriPasswordWinsOverPgPassword()
        {
            (string uri, _) = AdminWithoutPassword();
            Environment.SetEnvironmentVariable("PGPASSWORD", "wrong");
            Assert.ThrowsAny<NpgsqlException>(() => CurrentUser(uri));
            (_, string password) = AdminWithoutPassword();
            string withPassword = uri.Replace("@", ":" + Uri.EscapeDataString(password) + "@", StringComparison.Ordinal);
            Assert.Equal("bmg_test", CurrentUser(withPassword));
        }
    }
}
