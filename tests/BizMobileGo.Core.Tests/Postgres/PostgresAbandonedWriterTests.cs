using System;
using System.Linq;
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

            // One round trip begins the transaction, sets its limits and takes the writer lock; then the writer sends nothing
            // more, at once (a write of its own here was ended by the 1 s limit on a busy machine, flaky35). The next writer
            // gets the lock once the server ended that session.
            IStoreTransaction abandoned = silent.BeginTransaction();
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
            string uri = _databases.New();
            // The store is made by a session without the short limit, and the next writer waits on one: only the silent
            // writer's session has it (before, the creation's transaction and the next writer's own statements could be
            // ended by it on a busy machine, flaky35).
            using var next = (PostgresDeviceStore)DeviceStores.Open(uri, StoreUse.Command);
            // Far longer than the session's own limit, far shorter than the writer's (AbandonedWriterSeconds): the lock comes
            // free while this writer waits only if the session's limit was kept.
            next.BusyTimeout = TimeSpan.FromSeconds(30);
            // As a database administrator's ALTER ROLE ... SET idle_in_transaction_session_timeout would give it.
            using var silent = (PostgresDeviceStore)DeviceStores.Open(uri + "?options=-c%20idle_in_transaction_session_timeout%3D1000", StoreUse.Command);
            Assert.Equal(TimeSpan.FromSeconds(PostgresDeviceStore.AbandonedWriterSeconds), silent.AbandonedWriterTimeout);

            // One round trip begins the transaction, sets its limits and takes the writer lock; then the writer falls silent at
            // once: the limit finds no statement of the writer's still to come, however slow the machine.
            IStoreTransaction abandoned = silent.BeginTransaction();
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
