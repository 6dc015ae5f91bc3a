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

        /// <summary>The file as a client reads it: mode 0600 (one open to the group or others is not read, as by libpq).</summary>
        private void WritePasswordFile(params string[] lines)
        {
            File.WriteAllLines(_passfile, lines);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(_passfile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

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

            WritePasswordFile(
                "# the kitting role",
                "other.example:42981:inventory:bmg_kitting:Other0001",
                "127.0.0.1:42981:inventory:someone_else:Other0002",
                "127.0.0.1:42981:inventory:bmg_kitting:Spring2026");

            BmgException error = NoPassword("postgresql://bmg_kitting@127.0.0.1:42981/inventroy");

            Assert.Equal(ErrorIds.StoreOpenFailure, error.ErrorId);
            Assert.Contains("no line of the passfile '" + _passfile + "' matches this server, database and user (a line for the database 'inventory' of this server and user exists: is the database name 'inventroy' mistyped?)", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Spring2026", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Other000", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void APasswordFileOpenToOthersIsNamedAsNotReadWithoutItsLines()
        {
            if (Environment.GetEnvironmentVariable("PGPASSWORD") != null || OperatingSystem.IsWindows())
            {
                return;
            }

            WritePasswordFile("127.0.0.1:42981:inventory:bmg_kitting:Spring2026");
            File.SetUnixFileMode(_passfile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            BmgException error = NoPassword("postgresql://bmg_kitting@127.0.0.1:42981/inventroy");

            Assert.Contains("the passfile '" + _passfile + "' has group or world access (mode 0644), so it was not read", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Spring2026", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("mistyped", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void AMissingPasswordFileIsNamedAsMissing()
        {
            if (Environment.GetEnvironmentVariable("PGPASSWORD") != null)
            {
                return;
            }

            BmgException error = NoPassword("postgresql://bmg_kitting@127.0.0.1:42981/inventory");

            Assert.Contains("$env:PGPASSWORD is not set, and the passfile '" + _passfile + "' does not exist.", error.Message, StringComparison.Ordinal);
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

            WritePasswordFile(line);

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
