using System;
using System.IO;
using System.Net.Sockets;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Store.Postgres;
using Npgsql;
using Xunit;

namespace BizMobileGo.Core.Tests.Postgres
{
    /// <summary>
    /// How a connect is set up and how its failures surface, without a server: the connect timeout a stop may leave
    /// running, and a connect that failed several times at once (an AggregateException) as one store error.
    /// </summary>
    public sealed class PostgresConnectFailureTests
    {
        [Theory]
        [InlineData("postgresql://u@h/db?connect_timeout=0", false, PostgresDeviceStore.LongestConnectTimeoutSeconds)]
        [InlineData("postgresql://u@h/db?connect_timeout=0", true, 3)]
        [InlineData("postgresql://u@h/db?connect_timeout=7", false, 7)]
        [InlineData("postgresql://u@h/db", false, 15)]
        public void NoConnectWaitsWithoutALimitEvenWhenTheUriAsksForNone(string uri, bool lookup, int seconds)
        {
            // connect_timeout=0 (libpq: no limit) would let a connect a stop abandoned hold its socket for the whole session.
            NpgsqlConnectionStringBuilder settings = PostgresDeviceStore.ConnectionSettings(PostgresLocation.Parse(uri), lookup);
            Assert.Equal(seconds, settings.Timeout);
        }

        [Fact]
        public void SeveralFailuresToReachTheServerAreOneStoreUnavailableNamingEachWithoutThePassword()
        {
            PostgresLocation location = PostgresLocation.Parse("postgresql://kitting:Spring2026@db1.example,db2.example/inventory");
            var failure = new AggregateException(
                new NpgsqlException("Failed to connect to db1.example", new SocketException((int)SocketError.ConnectionRefused)),
                new AggregateException(new NpgsqlException("Failed to connect to db2.example (password Spring2026)", new IOException("reset"))));

            var error = Assert.IsType<BmgException>(PostgresDeviceStore.ConnectFailure(failure, location));

            Assert.Equal(ErrorIds.StoreUnavailable, error.ErrorId);
            Assert.Equal("postgresql://kitting@db1.example,db2.example/inventory", error.Target);
            Assert.StartsWith("The store 'postgresql://kitting@db1.example,db2.example/inventory' is unavailable: 2 attempts to connect failed (Failed to connect to db1.example; Failed to connect to db2.example (password ********))", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Spring2026", error.Message, StringComparison.Ordinal);
            Assert.Same(failure, error.InnerException);
        }

        [Fact]
        public void SeveralFailuresOfAnotherKindAreOneStoreOpenFailure()
        {
            PostgresLocation location = PostgresLocation.Parse("postgresql://kitting@db.example/inventory");
            var failure = new AggregateException(new NpgsqlException("The server sent something unexpected"), new InvalidOperationException("Stream was closed."));

            var error = Assert.IsType<BmgException>(PostgresDeviceStore.ConnectFailure(failure, location));

            Assert.Equal(ErrorIds.StoreOpenFailure, error.ErrorId);
            Assert.Equal("The store 'postgresql://kitting@db.example/inventory' could not be opened: 2 attempts to connect failed (The server sent something unexpected; Stream was closed). Nothing was changed.", error.Message);
        }

        [Fact]
        public void AMissingPasswordAmongSeveralFailuresIsThePasswordFailure()
        {
            PostgresLocation location = PostgresLocation.Parse("postgresql://kitting@db.example/inventory");
            var failure = new AggregateException(
                new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)),
                new NpgsqlException("No password has been provided but the backend requires one (in SASL/SCRAM-SHA-256)"));

            var error = Assert.IsType<BmgException>(PostgresDeviceStore.ConnectFailure(failure, location));

            Assert.Equal(ErrorIds.StoreOpenFailure, error.ErrorId);
            Assert.Equal(BmgErrorCategory.SecurityError, error.Category);
            Assert.Contains("asks the user 'kitting' for a password, and none was given", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void OneFailureGoesOnAsItIs()
        {
            var inner = new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));
            Assert.Same(inner, PostgresDeviceStore.ConnectFailure(new AggregateException(new AggregateException(inner)), PostgresLocation.Parse("postgresql://u@h/db")));
        }
    }
}
