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
    /// Which failures at a store's first statement count as a dead pooled connection (one more try on a fresh
    /// connection) and which do not: a timeout never does, whatever wraps it. The exceptions are built as Npgsql
    /// and the store's translation give them (the real server's cases are in <see cref="PostgresDeviceStoreTests"/>).
    /// </summary>
    public sealed class PostgresDeadConnectionTests
    {
        private static PostgresException Server(string sqlState) =>
            new PostgresException("the server's text", "FATAL", "FATAL", sqlState);

        private static BmgException Translated(NpgsqlException e) =>
            (BmgException)PostgresDeviceStore.Translate(e, "postgresql://u@host/db", opening: true);

        [Fact]
        public void ASocketThatFailedOrEndedOrASessionTheServerEndedIsADeadConnection()
        {
            Assert.True(PostgresDeviceStore.IsDeadConnection(new NpgsqlException("Exception while reading from stream", new EndOfStreamException())));
            Assert.True(PostgresDeviceStore.IsDeadConnection(new NpgsqlException("Exception while writing to stream", new IOException("broken pipe", new SocketException((int)SocketError.ConnectionReset)))));
            Assert.True(PostgresDeviceStore.IsDeadConnection(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))));
            Assert.True(PostgresDeviceStore.IsDeadConnection(Server(PostgresErrorCodes.AdminShutdown)));
            Assert.True(PostgresDeviceStore.IsDeadConnection(Server(PostgresErrorCodes.CrashShutdown)));

            // As the store reports them (StoreUnavailable with the provider's exception inside).
            BmgException ended = Translated(new NpgsqlException("Exception while reading from stream", new EndOfStreamException()));
            Assert.Equal(ErrorIds.StoreUnavailable, ended.ErrorId);
            Assert.True(PostgresDeviceStore.IsDeadConnection(ended));
            BmgException terminated = Translated(Server(PostgresErrorCodes.AdminShutdown));
            Assert.Equal(ErrorIds.StoreUnavailable, terminated.ErrorId);
            Assert.True(PostgresDeviceStore.IsDeadConnection(terminated));
        }

        [Fact]
        public void ATimeoutIsNeverADeadConnection()
        {
            // The client's command timeout, as Npgsql throws it, and as the store translates it (StoreUnavailable all the same).
            var commandTimeout = new NpgsqlException("Exception while reading from stream", new TimeoutException("Timeout during reading attempt"));
            Assert.True(commandTimeout.IsTransient);
            Assert.False(PostgresDeviceStore.IsDeadConnection(commandTimeout));
            BmgException translated = Translated(commandTimeout);
            Assert.Equal(ErrorIds.StoreUnavailable, translated.ErrorId);
            Assert.False(PostgresDeviceStore.IsDeadConnection(translated));

            // A timeout under an I/O error, a socket that timed out, and the server's statement_timeout.
            Assert.False(PostgresDeviceStore.IsDeadConnection(new NpgsqlException("Exception while reading from stream", new IOException("read", new TimeoutException()))));
            Assert.False(PostgresDeviceStore.IsDeadConnection(new NpgsqlException("Exception while reading from stream", new IOException("read", new SocketException((int)SocketError.TimedOut)))));
            Assert.False(PostgresDeviceStore.IsDeadConnection(Server(PostgresErrorCodes.QueryCanceled)));
        }

        [Fact]
        public void OtherFailuresAreNotADeadConnection()
        {
            // A server still starting, too many connections, a lock not granted, a refused user: a fresh connection changes nothing.
            Assert.False(PostgresDeviceStore.IsDeadConnection(Server(PostgresErrorCodes.CannotConnectNow)));
            Assert.False(PostgresDeviceStore.IsDeadConnection(Server(PostgresErrorCodes.TooManyConnections)));
            Assert.False(PostgresDeviceStore.IsDeadConnection(Server(PostgresErrorCodes.LockNotAvailable)));
            Assert.False(PostgresDeviceStore.IsDeadConnection(Server(PostgresErrorCodes.InsufficientPrivilege)));
            Assert.False(PostgresDeviceStore.IsDeadConnection(new NpgsqlException("No password has been provided")));
            Assert.False(PostgresDeviceStore.IsDeadConnection(new InvalidOperationException("The connection is not open")));
        }
    }
}
