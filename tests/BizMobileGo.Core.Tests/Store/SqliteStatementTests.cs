using System;
using System.IO;
using BizMobileGo.Core.Store;
using Microsoft.Data.Sqlite;
using Xunit;

namespace BizMobileGo.Core.Tests.Store
{
    /// <summary>
    /// A statement skips binding a value equal to the one its parameter already holds (SQLite keeps bindings across
    /// a reset): what it runs with must still be exactly what was set last, whatever was skipped.
    /// </summary>
    public class SqliteStatementTests : IDisposable
    {
        private readonly string _path = Path.Combine(Path.GetTempPath(), "bmg-statement-" + Guid.NewGuid().ToString("N") + ".db");
        private readonly SqliteConnection _connection;

        public SqliteStatementTests()
        {
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
            _connection.Open();
        }

        public void Dispose()
        {
            _connection.Dispose();
            File.Delete(_path);
        }

        private static string? Run(SqliteStatement statement)
        {
            Assert.True(statement.Step());
            string? value = statement.GetNullableString(0);
            Assert.False(statement.Step());
            return value;
        }

        [Fact]
        public void RunsWithTheValueSetLastWhetherItWasBoundAgainOrNot()
        {
            // The type SQLite got is part of the answer: 7 and '7' must not pass for each other.
            using var statement = new SqliteStatement(_connection.Handle!, "SELECT typeof($v) || ':' || coalesce($v, '');");
            statement.Set("$v", "a");
            Assert.Equal("text:a", Run(statement));
            statement.Set("$v", "a");
            Assert.Equal("text:a", Run(statement));
            statement.Set("$v", new string('a', 1));
            Assert.Equal("text:a", Run(statement));
            statement.Set("$v", "b");
            Assert.Equal("text:b", Run(statement));
            statement.Set("$v", null);
            Assert.Equal("null:", Run(statement));
            statement.Set("$v", DBNull.Value);
            Assert.Equal("null:", Run(statement));
            statement.Set("$v", "");
            Assert.Equal("text:", Run(statement));
            statement.Set("$v", 7);
            Assert.Equal("integer:7", Run(statement));
            statement.Set("$v", 7L);
            Assert.Equal("integer:7", Run(statement));
            statement.Set("$v", "7");
            Assert.Equal("text:7", Run(statement));
            statement.Set("$v", 7);
            Assert.Equal("integer:7", Run(statement));
            statement.Set("$v", true);
            Assert.Equal("integer:1", Run(statement));
            statement.Set("$v", "a");
            Assert.Equal("text:a", Run(statement));
        }

        [Fact]
        public void AStatementStoppedMidReadIsStillRefusedANewBindingEvenOfTheSameValue()
        {
            using var statement = new SqliteStatement(_connection.Handle!, "SELECT value FROM json_each($v);");
            statement.Set("$v", "[1,2]");
            Assert.True(statement.Step());

            // Not reset: binding now is SQLite's misuse, as it was before bindings were skipped.
            Assert.Throws<SqliteException>(() => statement.Set("$v", "[1,2]"));

            statement.Reset();
            statement.Set("$v", "[1,2]");
            Assert.True(statement.Step());
            Assert.Equal("1", statement.GetNullableString(0));
            statement.Reset();
        }
    }
}
