using System;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Store.Postgres;
using Xunit;
using BizMobileGo.Core.Tests.Store;

namespace BizMobileGo.Core.Tests.Postgres
{
    /// <summary>
    /// A writer whose client stops talking mid-transaction (its network went silent: the server is never told) does not
    /// keep the writer lock for the server's two-hour keepalive: the server ends its session at the writer's idle limit, the
    /// transaction rolls back, and the next writer gets the lock (walkthrough 33a, 5). A database administrator's own
    /// idle_in_transaction_session_timeout is kept. On the real test server; the idle limits are shortened for the test.
    /// </summary>
    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresAbandonedWriterTests : IDisposable
    {
        private readonly PostgresTestDatabases _databases = new PostgresTestDatabases();

        public void Dispose() => _databases.Dispose();

        private static readonly ChangeOrigin Origin = ChangeOrigin.Library("abandoned writer tests");


        [Fact]
        public void AWriterThatFallsSilentLosesItsTransactionAndTheLockAtItsIdleLimit()
        {
            string uri = _databases.New();
            using var silent = (PostgresDeviceStore)DeviceStores.Open(uri, StoreUse.Command);
            silent.AbandonedWriterTimeout = TimeSpan.FromSeconds(1);
            using var next = (PostgresDeviceStore)DeviceStores.Open(uri, StoreUse.Command);
            // Longer than the silent writer's idle limit: the lock must come free while this writer waits.
            next.BusyTimeout = TimeSpan.FromSeconds(20);

            IStoreTransaction abandoned = silent.BeginTransaction();
            silent.SaveDevice(null, RegisteredDevice.New("SILENT1"), Origin);
            // The silent writer sends nothing more; the next writer gets the lock once the server ended that session.
            using (IStoreTransaction write = next.BeginTransaction())
            {
                next.SaveDevice(null, RegisteredDevice.New("NEXT1"), Origin);
                write.Commit();
            }

            var lost = Assert.Throws<BmgException>(() => abandoned.Commit());
            Assert.Equal(ErrorIds.StoreUnavailable, lost.ErrorId);
            abandoned.Dispose();
            Assert.Equal(new[] { "NEXT1" }, next.GetDevices().Select(d => d.Identifier));
        }

        [Fact]
        public void AnIdleLimitTheSessionHasIsKept()
        {
            // As a database administrator's ALTER ROLE ... SET idle_in_transaction_session_timeout would give it.
            string uri = _databases.New() + "?options=-c%20idle_in_transaction_session_timeout%3D1000";
            using var silent = (PostgresDeviceStore)DeviceStores.Open(uri, StoreUse.Command);
            Assert.Equal(TimeSpan.FromSeconds(PostgresDeviceStore.AbandonedWriterSeconds), silent.AbandonedWriterTimeout);
            using var next = (PostgresDeviceStore)DeviceStores.Open(uri, StoreUse.Command);
            next.BusyTimeout = TimeSpan.FromSeconds(20);

            IStoreTransaction abandoned = silent.BeginTransaction();
            silent.SaveDevice(null, RegisteredDevice.New("SILENT1"), Origin);
            using (IStoreTransaction write = next.BeginTransaction())
            {
                next.SaveDevice(null, RegisteredDevice.New("NEXT1"), Origin);
                write.Commit();
            }

            Assert.Equal(ErrorIds.StoreUnavailable, Assert.Throws<BmgException>(() => abandoned.Commit()).ErrorId);
            abandoned.Dispose();
            Assert.Equal(new[] { "NEXT1" }, next.GetDevices().Select(d => d.Identifier));
        }

        [Fact]
        public void ADryRunsTransactionCarriesTheWritersIdleLimit()
        {
            // A -WhatIf holds the row locks of what it would change for as long as its session lives: a dry run given up on a
            // silent network must end at the same limit as a writer, not at the server's keepalive.
            string uri = _databases.New();
            using var dryRun = (PostgresDeviceStore)DeviceStores.Open(uri, StoreUse.Snapshot);
            Assert.Equal("5min", dryRun.SessionSetting("idle_in_transaction_session_timeout"));
        }

        [Fact]
        public void ADryRunKeepsAnIdleLimitTheSessionHas()
        {
            string uri = _databases.New() + "?options=-c%20idle_in_transaction_session_timeout%3D2min";
            using var dryRun = (PostgresDeviceStore)DeviceStores.Open(uri, StoreUse.Snapshot);
            Assert.Equal("2min", dryRun.SessionSetting("idle_in_transaction_session_timeout"));
        }
    }
}
