using System;
using System.Linq;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Store.Postgres;
using Npgsql;
using Xunit;

namespace BizMobileGo.Core.Tests.Postgres
{
    /// <summary>
    /// What only the PostgreSQL store has to show, on the real test server: the writer lock's timeout, -WhatIf leaving
    /// nothing, a server that goes away, a read-only server, a user without table rights, and times kept to the microsecond.
    /// </summary>
    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresDeviceStoreTests : IDisposable
    {
        // The databases this test makes, dropped in the background once it is done.
        private readonly PostgresTestDatabases _databases = new PostgresTestDatabases();

        public void Dispose() => _databases.Dispose();

        private static readonly ChangeOrigin Origin = ChangeOrigin.Library("postgres store tests");

        private static Device NewDevice(string identifier, string? serial = null) => new Device
        {
            Identifier = identifier,
            PlainCode = "Code1234",
            OS = "ios",
            Serial = serial,
            ExpirationDays = 7,
            State = DeviceState.Registered,
            CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            SavedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        };

        private static void Write(IDeviceStore store, Action<IDeviceStore> change)
        {
            using IStoreTransaction transaction = store.BeginTransaction();
            change(store);
            transaction.Commit();
        }

        private static string Password(string uri) => new NpgsqlConnectionStringBuilder(PostgresLocation.Parse(uri).ConnectionString.ConnectionString).Password!;

        [Fact]
        public void ASecondWriterWaitingPastTheBusyTimeoutIsStoreBusyAndChangesNothing()
        {
            string uri = _databases.New();
            using var first = (PostgresDeviceStore)DeviceStores.Open(uri, StoreUse.Command);
            using var second = (PostgresDeviceStore)DeviceStores.Open(uri, StoreUse.Command);
            second.BusyTimeout = TimeSpan.FromMilliseconds(300);

            using (IStoreTransaction holding = first.BeginTransaction())
            {
                first.SaveDevice(null, NewDevice("HOLD1"), Origin);
                var e = Assert.Throws<BmgException>(() => second.BeginTransaction());
                Assert.Equal(ErrorIds.StoreBusy, e.ErrorId);
                Assert.DoesNotContain(Password(uri), e.Message);
            }

            // The refused writer's connection is usable again, and the lock is free once the first is done.
            Write(second, s => s.SaveDevice(null, NewDevice("AFTER1"), Origin));
            Assert.Equal(new[] { "AFTER1" }, first.GetDevices().Select(d => d.Identifier));
        }

        [Fact]
        public void AWhatIfSnapshotWritesAsARealRunWouldAndLeavesNothingOnTheServer()
        {
            string uri = _databases.New();
            using (IDeviceStore snapshot = DeviceStores.Open(uri, StoreUse.Snapshot))
            {
                Write(snapshot, s => s.SaveDevice(null, NewDevice("DRY1"), Origin));
                Assert.NotNull(snapshot.GetDevice("dry1"));

                // A failed write inside it is undone on its own, as a rolled-back transaction would be.
                using (IStoreTransaction failed = snapshot.BeginTransaction())
                {
                    snapshot.SaveDevice(null, NewDevice("DRY2"), Origin);
                }

                Assert.Null(snapshot.GetDevice("DRY2"));
                Assert.NotNull(snapshot.GetDevice("DRY1"));
            }

            // Not even the schema was made: the database is as empty as it was.
            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            Assert.Equal(0L, PostgresTestServer.Scalar(connection, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public';"));
        }

        [Fact]
        public void AWhatIfSnapshotTakesNoWriterLock()
        {
            string uri = _databases.New();
            using IDeviceStore writer = DeviceStores.Open(uri, StoreUse.Command);
            using IDeviceStore snapshot = DeviceStores.Open(uri, StoreUse.Snapshot);
            using (IStoreTransaction holding = writer.BeginTransaction())
            {
                Write(snapshot, s => s.SaveDevice(null, NewDevice("DRY3"), Origin));
                holding.Commit();
            }

            Assert.Null(writer.GetDevice("DRY3"));
        }

        [Fact]
        public void AConnectionTheServerTerminatesMidTransactionIsStoreUnavailableAndNothingOfItStays()
        {
            string uri = _databases.New();
            using (IDeviceStore store = DeviceStores.Open(uri, StoreUse.Command))
            {
                using IStoreTransaction transaction = store.BeginTransaction();
                store.SaveDevice(null, NewDevice("HALF1"), Origin);
                using (NpgsqlConnection admin = PostgresTestServer.Open(uri))
                {
                    PostgresTestServer.Execute(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid();");
                }

                var e = Assert.Throws<BmgException>(() => store.SaveDevice(null, NewDevice("HALF2"), Origin));
                Assert.Equal(ErrorIds.StoreUnavailable, e.ErrorId);
                Assert.Contains("127.0.0.1", e.Message);
                Assert.DoesNotContain(Password(uri), e.Message);
                Assert.IsType<BmgException>(Record.Exception(() => transaction.Commit()));
            }

            // A new store (a pooled connection that died is replaced) sees nothing of the interrupted transaction.
            using IDeviceStore again = DeviceStores.Open(uri, StoreUse.Command);
            Assert.Empty(again.GetDevices());
            Write(again, s => s.SaveDevice(null, NewDevice("WHOLE1"), Origin));
            Assert.Single(again.GetDevices());
        }

        [Fact]
        public void APooledConnectionThatDiedWhileIdleIsReplacedAndTheNextCommandWorks()
        {
            // A console's session keeps its connections in the pool between commands; a server restart kills them.
            // Here the server ends the idle pooled connection of one store URI (its own application_name, so no
            // other test's connections are touched): the next store opened on that URI must work the first time.
            string uri = _databases.New() + "?application_name=bmg-dead-pool-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            using (IDeviceStore store = DeviceStores.Open(uri, StoreUse.Command))
            {
                Write(store, s => s.SaveDevice(null, NewDevice("POOL1"), Origin));
            }

            KillTheIdlePooledConnection(uri);
            using (IDeviceStore next = DeviceStores.Open(uri, StoreUse.Command))
            {
                Assert.Equal(new[] { "POOL1" }, next.GetDevices().Select(d => d.Identifier));
            }

            // And a dry run's snapshot, which opens its transaction first, the same.
            KillTheIdlePooledConnection(uri);
            using IDeviceStore snapshot = DeviceStores.Open(uri, StoreUse.Snapshot);
            Assert.NotNull(snapshot.GetDevice("pool1"));
        }

        [Fact]
        public void AnOpenThatTimesOutWaitingForALockIsReportedOnceNotRetriedOnAFreshConnection()
        {
            // Another client holds a lock the open needs (the marker table, as a migration by another version of the
            // module would) for longer than the command timeout. That is a live server, not a dead pooled connection:
            // the open is reported after one wait, not tried again for another whole command timeout, and the pool
            // is kept. A retry would carry the dead-connection mark on the error it finally throws.
            string uri = _databases.New() + "?application_name=bmg-open-timeout-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            using (IDeviceStore store = DeviceStores.Open(uri, StoreUse.Command))
            {
                Write(store, s => s.SaveDevice(null, NewDevice("WAIT1"), Origin));
            }

            PostgresLocation location = PostgresLocation.Parse(uri);
            using NpgsqlConnection holder = PostgresTestServer.Open(uri);
            using (NpgsqlTransaction holding = holder.BeginTransaction())
            {
                using (var quote = new NpgsqlCommand("SELECT quote_ident($1);", holder, holding))
                {
                    quote.Parameters.AddWithValue(location.Schema);
                    string schema = (string)quote.ExecuteScalar()!;
                    using var lockTable = new NpgsqlCommand($"LOCK TABLE {schema}.{PostgresSchema.MarkerTable} IN ACCESS EXCLUSIVE MODE;", holder, holding);
                    lockTable.ExecuteNonQuery();
                }

                // The client's command timeout (Npgsql's, 300 seconds in use; 1 here).
                var client = Assert.Throws<BmgException>(() => PostgresDeviceStore.Connect(location, snapshot: false, lookup: false, commandTimeoutSeconds: 1));
                Assert.Contains(Chain(client), e => e is TimeoutException || e is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled });
                Assert.False(client.Data.Contains(PostgresDeviceStore.DeadConnectionMark), "A command timeout at open was retried as a dead pooled connection.");
                Assert.Equal(ErrorIds.StoreUnavailable, client.ErrorId);
                Assert.Contains("did not answer in time", client.Message);
                Assert.DoesNotContain("could not be reached", client.Message);
                Assert.DoesNotContain(Password(uri), client.Message);

                // The server's statement_timeout (query_canceled), set for the session through the URI.
                var server = Assert.Throws<BmgException>(() => DeviceStores.Open(uri + "&options=-c%20statement_timeout%3D500", StoreUse.Command));
                Assert.Contains(Chain(server), e => e is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled });
                Assert.False(server.Data.Contains(PostgresDeviceStore.DeadConnectionMark), "A statement timeout at open was retried as a dead pooled connection.");
                holding.Rollback();
            }

            // Once the lock is gone the same URI opens at once, on its pool.
            using IDeviceStore next = DeviceStores.Open(uri, StoreUse.Command);
            Assert.Equal(new[] { "WAIT1" }, next.GetDevices().Select(d => d.Identifier));
        }

        private static System.Collections.Generic.IEnumerable<Exception> Chain(Exception failure)
        {
            for (Exception? e = failure; e != null; e = e.InnerException)
            {
                yield return e;
            }
        }

        /// <summary>
        /// Ends, on the server, the one idle pooled connection of <paramref name="uri"/>. Other test classes clear every
        /// Npgsql pool when they end (ClearAllPools, in parallel with this one): then there is no connection to end,
        /// and the pool is given one again first.
        /// </summary>
        private void KillTheIdlePooledConnection(string uri)
        {
            string applicationName = new NpgsqlConnectionStringBuilder(PostgresLocation.Parse(uri).ConnectionString.ConnectionString).ApplicationName!;
            using NpgsqlConnection admin = PostgresTestServer.Open(_databases.New());
            for (int attempt = 0; attempt < 5; attempt++)
            {
                using var terminate = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1;", admin);
                terminate.Parameters.AddWithValue(applicationName);
                if ((long)terminate.ExecuteScalar()! == 1L)
                {
                    return;
                }

                using IDeviceStore refill = DeviceStores.Open(uri, StoreUse.Command);
                Assert.NotNull(refill.GetDevice("POOL1"));
            }

            Assert.Fail("The pool kept no idle connection of the store to end.");
        }

        [Fact]
        public void AChunkOfChangedDevicesIsWrittenInOrderEvenWhenASerialMovesBetweenThem()
        {
            string uri = _databases.New();
            using IDeviceStore store = DeviceStores.Open(uri, StoreUse.Command);
            Write(store, s =>
            {
                s.InsertDeviceTag(new BizMobileGo.Core.Users.DeviceTag("quote\"here"));
                s.InsertDeviceTag(new BizMobileGo.Core.Users.DeviceTag("plain"));
            });
            Device[] before =
            {
                NewDevice("UPD1", "F2LXUPD00001"), NewDevice("UPD2", "F2LXUPD00002"), NewDevice("UPD3", "F2LXUPD00003"), NewDevice("UPD4"),
            };
            var users = new[] { new BizMobileGo.Core.Users.User { UserName = "upd-user" } };
            Write(store, s => s.ApplyChanges(before.Select(d => StoreChange.OfDevice(null, d, Origin))
                .Prepend(StoreChange.OfUser(null, users[0], Origin)).ToArray()));

            Device Changed(Device d, Action<Device> change)
            {
                Device after = store.GetDevice(d.Identifier)!;
                change(after);
                return after;
            }

            // UPD1 and UPD2 change in place (one set-based statement); UPD3 gives its serial away, and UPD4 takes it in
            // the same chunk: that only works in order; UPD1 changes twice (the second change must see the first).
            Device upd1 = Changed(before[0], d => { d.DisplayName = "first"; d.DeviceTags = new[] { "quote\"here", "plain" }; });
            Device upd2 = Changed(before[1], d => d.UserName = "upd-user");
            Device upd3 = Changed(before[2], d => d.Serial = null);
            Device upd4 = Changed(before[3], d => d.Serial = "F2LXUPD00003");
            Device upd1Again = upd1.Clone();
            upd1Again.Description = "second";
            Write(store, s => s.ApplyChanges(new[]
            {
                StoreChange.OfDevice(store.GetDevice("UPD1"), upd1, Origin),
                StoreChange.OfDevice(store.GetDevice("UPD2"), upd2, Origin),
                StoreChange.OfDevice(upd1, upd1Again, Origin),
                StoreChange.OfDevice(store.GetDevice("UPD3"), upd3, Origin),
                StoreChange.OfDevice(store.GetDevice("UPD4"), upd4, Origin),
            }));

            Device stored1 = store.GetDevice("upd1")!;
            Assert.Equal("first", stored1.DisplayName);
            Assert.Equal("second", stored1.Description);
            Assert.Equal(new[] { "quote\"here", "plain" }, stored1.DeviceTags);
            Assert.Equal("upd-user", store.GetDevice("UPD2")!.UserName);
            Assert.Null(store.GetDevice("UPD3")!.Serial);
            Assert.Equal("UPD4", store.GetDeviceBySerial("F2LXUPD00003")!.Identifier);

            // Each change has its history entry, naming its device, in the chunk's order.
            var devices = ((BizMobileGo.Core.History.IHistoryStore)store).ReadChain()
                .Where(e => e.SubjectKind == BizMobileGo.Core.History.SubjectKind.Device).ToList();
            Assert.Equal(new[] { "UPD1", "UPD2", "UPD3", "UPD4", "UPD1", "UPD2", "UPD1", "UPD3", "UPD4" }, devices.Select(e => e.Subject));
            Assert.Equal(devices[0].SubjectKey, devices[4].SubjectKey);
            Assert.Equal(devices[0].SubjectKey, devices[6].SubjectKey);
            Assert.Equal(devices[1].SubjectKey, devices[5].SubjectKey);
            Assert.Equal(devices[3].SubjectKey, devices[8].SubjectKey);
        }

        [Fact]
        public void AServerThatCanNotBeReachedIsStoreUnavailableWithThePasswordRedacted()
        {
            // A port nothing listens on (the test server's admin port plus one is not promised free, so ask the OS): bound and
            // never listening, so it refuses every connection and no other process (a test server started beside this run)
            // can take it meanwhile, as it could a port found free and let go.
            using var refusing = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            refusing.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
            int port = ((System.Net.IPEndPoint)refusing.LocalEndPoint!).Port;

            var e = Assert.Throws<BmgException>(() => DeviceStores.Open($"postgresql://someone:Secret99@127.0.0.1:{port}/inventory", StoreUse.Command));
            Assert.Equal(ErrorIds.StoreUnavailable, e.ErrorId);
            Assert.DoesNotContain("Secret99", e.Message);
            Assert.Contains($"postgresql://someone@127.0.0.1:{port}/inventory", e.Message);
        }

        [Fact]
        public void AWriteToAReadOnlyDatabaseIsStoreReadOnly()
        {
            string uri = _databases.New();
            DeviceStores.Open(uri, StoreUse.Command).Dispose();
            using (NpgsqlConnection admin = new NpgsqlConnection(PostgresTestServer.Admin.ConnectionString.ConnectionString))
            {
                admin.Open();
                PostgresTestServer.Execute(admin, $"ALTER DATABASE \"{PostgresLocation.Parse(uri).ConnectionString.Database}\" SET default_transaction_read_only = on;");
            }

            NpgsqlConnection.ClearAllPools();
            using IDeviceStore store = DeviceStores.Open(uri, StoreUse.Command);
            Assert.Empty(store.GetDevices());
            var e = Assert.Throws<BmgException>(() => Write(store, s => s.SaveDevice(null, NewDevice("RO1"), Origin)));
            Assert.Equal(ErrorIds.StoreReadOnly, e.ErrorId);
        }

        [Fact]
        public void AUserWithoutTableRightsIsToldWhichRightIsMissing()
        {
            string uri = _databases.New();
            DeviceStores.Open(uri, StoreUse.Command).Dispose();
            string role = "bmg_reader_" + Guid.NewGuid().ToString("N").Substring(0, 8);
            var builder = new NpgsqlConnectionStringBuilder(PostgresLocation.Parse(uri).ConnectionString.ConnectionString);
            using (NpgsqlConnection admin = PostgresTestServer.Open(uri))
            {
                PostgresTestServer.Execute(admin, $"CREATE ROLE {role} LOGIN PASSWORD 'reader-pw'; GRANT USAGE ON SCHEMA public TO {role}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role};");
            }

            using IDeviceStore store = DeviceStores.Open($"postgresql://{role}:reader-pw@{builder.Host}:{builder.Port}/{builder.Database}", StoreUse.Command);
            Assert.Empty(store.GetDevices());
            var e = Assert.Throws<BmgException>(() => Write(store, s => s.SaveDevice(null, NewDevice("NOPE1"), Origin)));
            // The store opened and was read: a role that may read but not write (walkthrough 27, 9), not a store that failed to open.
            Assert.Equal(ErrorIds.StoreReadOnly, e.ErrorId);
            Assert.Contains("permission denied for table devices", e.Message);
            Assert.Contains("SELECT, INSERT, UPDATE, DELETE on the store's tables", e.Message);
            Assert.DoesNotContain("reader-pw", e.Message);
        }

        [Fact]
        public void TimesReadBackEqualToTheMicrosecond()
        {
            string uri = _databases.New();
            using IDeviceStore store = DeviceStores.Open(uri, StoreUse.Command);
            var precise = new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.FromHours(9)).AddTicks(1234567);
            Device device = NewDevice("TIME1");
            device.SavedAt = precise;
            Write(store, s => s.SaveDevice(null, device, Origin));

            Device stored = store.GetDevice("TIME1")!;
            Assert.Equal(precise.AddTicks(-7), stored.SavedAt);
            Assert.Equal(TimeSpan.Zero, stored.SavedAt.Offset);
        }

        [Fact]
        public void AChunkOfNewRowsTakesItsKeysInTheChunksOrderAndEachDeviceItsOwnUser()
        {
            // The new rows' keys ascend in the chunk's order (an import's file order), not in their names' order: the
            // multi-row INSERTs must hand the rows over in the order of their arrays. And each device holds the key of
            // the user it names, created in the same chunk.
            string uri = _databases.New();
            using IDeviceStore store = DeviceStores.Open(uri, StoreUse.Command);
            string[] names = { "ORD-C", "ORD-A", "ORD-E", "ORD-B", "ORD-D" };
            Write(store, s => s.ApplyChanges(
                names.Select(n => StoreChange.OfUser(null, new BizMobileGo.Core.Users.User { UserName = n.ToLowerInvariant() }, Origin))
                    .Concat(names.Reverse().Select(n =>
                    {
                        Device device = NewDevice(n);
                        device.UserName = n.ToLowerInvariant();
                        return StoreChange.OfDevice(null, device, Origin);
                    }))
                    .ToArray()));

            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            Assert.Equal("ord-c ord-a ord-e ord-b ord-d", PostgresTestServer.Scalar(connection, "SELECT string_agg(user_name, ' ' ORDER BY user_id) FROM users;"));
            Assert.Equal("ORD-D ORD-B ORD-E ORD-A ORD-C", PostgresTestServer.Scalar(connection, "SELECT string_agg(identifier, ' ' ORDER BY device_id) FROM devices;"));
            Assert.Equal("ORD-D ord-d ORD-B ord-b ORD-E ord-e ORD-A ord-a ORD-C ord-c", PostgresTestServer.Scalar(connection,
                "SELECT string_agg(d.identifier || ' ' || u.user_name, ' ' ORDER BY d.device_id) FROM devices d JOIN users u USING (user_id);"));
        }

        [Fact]
        public void ANewDeviceIsSentTheKeyOfAUserNewInItsRunOnlyAndFindsAnyOtherUserByName()
        {
            // A chunk's new devices are sent the keys of the users inserted just before them (reserved from the users'
            // sequence); a device naming any other user finds it by name when it is written: a user of an earlier chunk,
            // and not a user this chunk made in an earlier run and renamed since (its old name means nobody now).
            string uri = _databases.New();
            using IDeviceStore store = DeviceStores.Open(uri, StoreUse.Command);
            Write(store, s => s.ApplyChanges(new[] { StoreChange.OfUser(null, new BizMobileGo.Core.Users.User { UserName = "earlier" }, Origin) }));
            var renamed = new BizMobileGo.Core.Users.User { UserName = "renamed" };
            Device Named(string identifier, string? user)
            {
                Device device = NewDevice(identifier);
                device.UserName = user;
                return device;
            }

            Write(store, s => s.ApplyChanges(new[]
            {
                StoreChange.OfUser(null, new BizMobileGo.Core.Users.User { UserName = "first-run" }, Origin),
                StoreChange.OfDevice(null, Named("D-FIRST", "first-run"), Origin),
                StoreChange.OfUser(new BizMobileGo.Core.Users.User { UserName = "first-run" }, renamed, Origin),
                StoreChange.OfUser(null, new BizMobileGo.Core.Users.User { UserName = "second-b" }, Origin),
                StoreChange.OfUser(null, new BizMobileGo.Core.Users.User { UserName = "second-a" }, Origin),
                StoreChange.OfDevice(null, Named("D-A", "second-a"), Origin),
                StoreChange.OfDevice(null, Named("D-EARLIER", "earlier"), Origin),
                StoreChange.OfDevice(null, Named("D-GONE", "first-run"), Origin),
                StoreChange.OfDevice(null, Named("D-NONE", null), Origin),
                StoreChange.OfDevice(null, Named("D-B", "second-b"), Origin),
            }));

            using NpgsqlConnection connection = PostgresTestServer.Open(uri);
            Assert.Equal("earlier renamed second-b second-a", PostgresTestServer.Scalar(connection, "SELECT string_agg(user_name, ' ' ORDER BY user_id) FROM users;"));
            Assert.Equal("D-FIRST:renamed D-A:second-a D-EARLIER:earlier D-GONE: D-NONE: D-B:second-b", PostgresTestServer.Scalar(connection,
                "SELECT string_agg(d.identifier || ':' || coalesce(u.user_name, ''), ' ' ORDER BY d.device_id) FROM devices d LEFT JOIN users u USING (user_id);"));
        }

        [Fact]
        public void AChunkOfNewRowsIsWrittenInOrderWithItsListsAndAUniqueViolationInItIsTheDomainError()
        {
            string uri = _databases.New();
            using IDeviceStore store = DeviceStores.Open(uri, StoreUse.Command);
            Write(store, s =>
            {
                s.InsertOrganization(new BizMobileGo.Core.Users.Organization("o\"1", "One"));
                s.InsertDeviceTag(new BizMobileGo.Core.Users.DeviceTag("tab\there"));
                s.InsertDeviceTag(new BizMobileGo.Core.Users.DeviceTag("back\\slash"));
            });

            Device first = NewDevice("CHUNK1", "F2LXCHUNK001");
            first.UserName = "chunk-user";
            first.DeviceTags = new[] { "tab\there", "back\\slash" };
            Write(store, s => s.ApplyChanges(new[]
            {
                StoreChange.OfUser(null, new BizMobileGo.Core.Users.User { UserName = "chunk-user", Organizations = new[] { "o\"1" } }, Origin),
                StoreChange.OfDevice(null, first, Origin),
                StoreChange.OfDevice(null, NewDevice("CHUNK2"), Origin),
            }));

            Device stored = store.GetDevice("chunk1")!;
            Assert.Equal("chunk-user", stored.UserName);
            Assert.Equal(new[] { "tab\there", "back\\slash" }, stored.DeviceTags);
            Assert.Equal(new[] { "o\"1" }, store.GetUser("chunk-user")!.Organizations);
            Assert.Empty(store.GetDevice("CHUNK2")!.DeviceTags);

            var e = Assert.Throws<BmgException>(() => Write(store, s => s.ApplyChanges(new[]
            {
                StoreChange.OfDevice(null, NewDevice("CHUNK3", "F2LXCHUNK003"), Origin),
                StoreChange.OfDevice(null, NewDevice("CHUNK4", "F2LXCHUNK001"), Origin),
            })));
            Assert.Equal(ErrorIds.DuplicateSerial, e.ErrorId);
            Assert.Null(store.GetDevice("CHUNK3"));
        }
    }
}
