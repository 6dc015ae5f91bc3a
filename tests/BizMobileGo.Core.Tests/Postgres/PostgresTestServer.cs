using System;
using BizMobileGo.Core.Store.Postgres;
using Npgsql;

namespace BizMobileGo.Core.Tests.Postgres
{
    /// <summary>
    /// The real PostgreSQL server build.ps1 Test starts (tests/servers/PostgresTestServer.ps1) and names in
    /// BMG_TEST_POSTGRES (an admin URI with a password). Tests that need it carry [Trait("Category", "Postgres")],
    /// so a run without server binaries excludes them by filter; a run that includes them without the
    /// variable fails loudly rather than passing without a server.
    /// </summary>
    internal static class PostgresTestServer
    {
        public const string Category = "Category";
        public const string Postgres = "Postgres";
        public const string EnvironmentVariable = "BMG_TEST_POSTGRES";

        public static PostgresLocation Admin
        {
            get
            {
                string? uri = Environment.GetEnvironmentVariable(EnvironmentVariable);
                if (string.IsNullOrEmpty(uri))
                {
                    throw new InvalidOperationException(
                        $"{EnvironmentVariable} is not set: run the tests with 'dotnet pwsh ./build.ps1 Test' (it starts a PostgreSQL server), " +
                        "or exclude these tests with --filter \"Category!=Postgres\".");
                }

                return PostgresLocation.Parse(uri);
            }
        }

        /// <summary>A new, empty database on the test server (<paramref name="options"/>: CREATE DATABASE's, such as a locale); returns its URI (with the password).</summary>
        public static string NewDatabase(string options = "")
        {
            PostgresLocation admin = Admin;
            string name = "bmg_xunit_" + Guid.NewGuid().ToString("N").Substring(0, 16);
            using (var connection = new NpgsqlConnection(admin.ConnectionString.ConnectionString))
            {
                connection.Open();
                using var command = new NpgsqlCommand($"CREATE DATABASE {name} {options};", connection);
                command.ExecuteNonQuery();
            }

            var builder = new NpgsqlConnectionStringBuilder(admin.ConnectionString.ConnectionString);
            return $"postgresql://{Uri.EscapeDataString(builder.Username!)}:{Uri.EscapeDataString(builder.Password!)}@{builder.Host}:{builder.Port}/{name}";
        }

        /// <summary>CREATE DATABASE's options of a database that sorts by language (ICU en-US), not by code point.</summary>
        public const string IcuDatabaseOptions = "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'";

        /// <summary>
        /// Fails (never skips) unless the server can make <see cref="IcuDatabaseOptions"/>' databases: PostgreSQL 15 or
        /// later (LOCALE_PROVIDER) with ICU collations. CI's server has them; a skip would leave the ICU paths untested unnoticed.
        /// </summary>
        public static void RequireIcu()
        {
            using var admin = new NpgsqlConnection(Admin.ConnectionString.ConnectionString);
            admin.Open();
            int version = int.Parse((string)Scalar(admin, "SHOW server_version_num;")!, System.Globalization.CultureInfo.InvariantCulture);
            bool icu = version >= 150000 && (bool)Scalar(admin, "SELECT EXISTS (SELECT 1 FROM pg_collation WHERE collprovider = 'i');")!;
            Xunit.Assert.True(icu, $"this test needs PostgreSQL 15 with ICU (the server is version {version}, {(version >= 150000 ? "without ICU collations" : "older than 15")})");
        }

        public static NpgsqlConnection Open(string uri)
        {
            var connection = new NpgsqlConnection(PostgresLocation.Parse(uri).ConnectionString.ConnectionString);
            connection.Open();
            return connection;
        }

        public static object? Scalar(NpgsqlConnection connection, string sql)
        {
            using var command = new NpgsqlCommand(sql, connection);
            return command.ExecuteScalar();
        }

        public static void Execute(NpgsqlConnection connection, string sql)
        {
            using var command = new NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }
    }
}
