using System;
using System.IO;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Store.Postgres;
using Npgsql;
using Xunit;

namespace BizMobileGo.Core.Tests.Postgres
{
    /// <summary>
    /// A missing password when the password file has a line for the same server and user but another database: the error
    /// names that database, so a mistyped database name in the URI is found (walkthrough 17, 10), and never a password.
    /// </summary>
    public sealed class PasswordFileNearMissTests : IDisposable
    {
        private readonly string _passfile = Path.Combine(Path.GetTempPath(), $"bmg-pgpass-{Guid.NewGuid():N}");

        public void Dispose() => File.Delete(_passfile);

        private BmgException NoPassword(string uri)
        {
            PostgresLocation location = PostgresLocation.Parse($"{uri}?passfile={Uri.EscapeDataString(_passfile)}");
            var failure = new NpgsqlException("No password has been provided but the backend requires one (in SASL/SCRAM-SHA-256)");
            return Assert.IsType<BmgException>(PostgresDeviceStore.PasswordFailure(failure, location));
        }

        [Fact]
        public void AMistypedDatabaseNamesTheDatabaseOfTheLineForTheSameServerAndUserAndNoPassword()
        {
            if (Environment.GetEnvironmentVariable("PGPASSWORD") != null)
            {
                return; // Then the message is about PGPASSWORD and the file is not read.
            }

            File.WriteAllLines(_passfile, new[]
            {
                "# the kitting role",
                "other.example:42981:inventory:bmg_kitting:Other0001",
                "127.0.0.1:42981:inventory:someone_else:Other0002",
                "127.0.0.1:42981:inventory:bmg_kitting:Spring2026",
            });

            BmgException error = NoPassword("postgresql://bmg_kitting@127.0.0.1:42981/inventroy");

            Assert.Equal(ErrorIds.StoreOpenFailure, error.ErrorId);
            Assert.Contains("no line of the passfile '" + _passfile + "' matches this server, database and user (a line for the database 'inventory' of this server and user exists: is the database name 'inventroy' mistyped?)", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Spring2026", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Other000", error.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("127.0.0.1:42981:*:bmg_kitting:Spring2026")] // Any database: it would have matched; no near miss to name.
        [InlineData("127.0.0.1:5432:inventory:bmg_kitting:Spring2026")] // Another port.
        [InlineData("127.0.0.1:42981:inventory:bmg_admin:Spring2026")] // Another user.
        [InlineData("# 127.0.0.1:42981:inventory:bmg_kitting:Spring2026")] // A comment.
        public void NoLineForTheSameServerAndUserLeavesTheMessageAsItWas(string line)
        {
            if (Environment.GetEnvironmentVariable("PGPASSWORD") != null)
            {
                return;
            }

            File.WriteAllLines(_passfile, new[] { line });

            BmgException error = NoPassword("postgresql://bmg_kitting@127.0.0.1:42981/inventroy");

            Assert.Contains("matches this server, database and user. Give it where", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("mistyped", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void LibpqWildcardsAndEscapesAreRead()
        {
            Assert.Equal("inv:entory", PasswordFileNearMiss.OtherDatabase(new[] { @"*:*:inv\:entory:bmg_kitting:pw" }, "db.example", 5432, "inventroy", "bmg_kitting"));
            Assert.Null(PasswordFileNearMiss.OtherDatabase(new[] { "db.example:5432:inventory" }, "db.example", 5432, "inventroy", "bmg_kitting"));
            Assert.Null(PasswordFileNearMiss.OtherDatabase(Path.Combine(Path.GetTempPath(), $"bmg-none-{Guid.NewGuid():N}"), "db.example", 5432, "inventroy", "bmg_kitting"));
        }
    }
}
