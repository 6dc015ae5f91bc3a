using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Import;
using FieldChange = BizMobileGo.Core.History.FieldChange;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Store.Postgres;
using BizMobileGo.Core.Tests.History;
using Npgsql;
using NpgsqlTypes;
using Xunit;

namespace BizMobileGo.Core.Tests.Postgres
{
    /// <summary>
    /// The packed history's cases (<see cref="PackedHistoryContractTests"/>) on the PostgreSQL store, which keeps its packs
    /// in change_history_packs (migration 5): each test a new database on the real test server, read and edited by hand with
    /// PostgreSQL's SQL; and the PostgreSQL-only cases: a store upgraded from version 4 keeps its rows, its grants and packs
    /// what it appends after; lz4. (The fork guards' cases are the contract's: both stores refuse the same forks.)
    /// </summary>
    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresPackedHistoryTests : PackedHistoryContractTests
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 6, 2, 0, 30, 0, TimeSpan.Zero);

        private readonly PostgresTestDatabases _databases = new PostgresTestDatabases();
        private readonly string _uri;
        private IDeviceStore? _store;

        public PostgresPackedHistoryTests() => _uri = _databases.New();

        protected override IDeviceStore Store => _store ??= DeviceStores.Open(_uri, StoreUse.Command);

        protected override DateTimeOffset Now { get; set; } = T0;

        public override void Dispose()
        {
            _store?.Dispose();
            _databases.Dispose();
        }

        protected override void Import(string csv, string changedBy = "") => Import(Store, csv, changedBy);

        protected override int VersionBeforeCanonicalForm2 => 12;

        protected override int VersionBeforeCanonicalForm4 => 23;

        protected override int CurrentStoreVersion => PostgresSchema.CurrentVersion;

        protected override int StoreVersion
        {
            get => (int)Scalar("SELECT version FROM bmg_schema;");
            set
            {
                // A store of an earlier version has none of the later migrations' columns (migration 14: the import's user counts).
                if (value < 14)
                {
                    Exec("ALTER TABLE import_history DROP COLUMN users_created, DROP COLUMN users_updated;");
                }

                // Nor migration 16's index of the DEP devices checked in as.
                if (value < 16)
                {
                    Exec("DROP INDEX IF EXISTS devices_by_dep_device;");
                }

                // Nor migration 17's import_history.failed_rows_path.
                if (value < 17)
                {
                    Exec("ALTER TABLE import_history DROP COLUMN IF EXISTS failed_rows_path;");
                }

                // Nor migration 18's outbox device keys and the history's indexes by import.
                if (value < 18)
                {
                    Exec("DROP INDEX IF EXISTS checkin_emails_by_device_key; DROP INDEX IF EXISTS change_history_by_import; " +
                        "DROP INDEX IF EXISTS change_history_packs_by_import; ALTER TABLE checkin_emails DROP COLUMN IF EXISTS device_key;");
                }

                // Nor actor34's migration's ChangedBy (19 on its branch).
                if (value < 19)
                {
                    Exec("ALTER TABLE change_history DROP COLUMN IF EXISTS changed_by;");
                }

                // Nor migration 20's import_history.changed_by (actor35).
                if (value < 20)
                {
                    Exec("ALTER TABLE import_history DROP COLUMN IF EXISTS changed_by;");
                }

                // Nor migration 21's index of the users' names in byte order (big35).
                if (value < 21)
                {
                    Exec("DROP INDEX IF EXISTS users_by_name_bytes;");
                }

                // Nor migration 22's dep_devices.as_of (fixw39).
                if (value < 22)
                {
                    Exec("ALTER TABLE dep_devices DROP COLUMN IF EXISTS as_of;");
                }

                // Nor migration 23's change_history_packs.changed_by (hist41).
                if (value < 23)
                {
                    Exec("ALTER TABLE change_history_packs DROP COLUMN IF EXISTS changed_by;");
                }

                Exec($"UPDATE bmg_schema SET version = {value};");
            }
        }

        protected override void Reopen()
        {
            _store?.Dispose();
            _store = null;
        }

        private void Import(IDeviceStore into, string csv, string changedBy = "")
        {
            DateTimeOffset now = Now;
            using var import = new DeviceImport(into, ImportMode.AllOrNothing, false, "test.csv", () => now, changedBy: changedBy);
            List<ImportRowResult> rows = DeviceCsvFile.ImportRows(import, new StringReader(csv), ',', "test.csv").ToList();
            Assert.DoesNotContain(rows, r => r.Failed);
            Assert.True(import.Complete().Committed);
        }

        // The names the packs hold that the subjects no longer have: kept when the rows ended them.
        protected override void AssertPackedNamesKept() =>
            Assert.Equal(3, Scalar("SELECT count(*) FROM change_history_names WHERE subject IN ('dev-0005', 'dev-0009', 'user-0009');"));

        protected override BmgException AsStoreError(Exception refused)
        {
            PostgresException raw = Assert.IsType<PostgresException>(refused);
            Assert.Equal(PostgresErrorCodes.UniqueViolation, raw.SqlState);
            return Assert.IsType<BmgException>(PostgresDeviceStore.Translate(raw, "test", opening: false));
        }

        protected override string BlobParameter => "@blob";

        protected override string Bytes(string hex) => $"'\\x{hex}'::bytea";

        protected override string EntriesFrom(int from, string? count = null) =>
            count == null ? $"substring(entries FROM {from})" : $"substring(entries FROM {from} FOR {count})";

        protected override string EntriesLength => "octet_length(entries)";

        protected override string LongAgo => "'2001-01-01T00:00:00Z'";

        protected override string ZeroHash => "repeat('0', 64)";

        protected override object? RawScalar(string sql)
        {
            using NpgsqlConnection raw = PostgresTestServer.Open(_uri);
            return PostgresTestServer.Scalar(raw, sql);
        }

        protected override void Exec(string sql, byte[]? blob = null)
        {
            using NpgsqlConnection raw = PostgresTestServer.Open(_uri);
            using var command = new NpgsqlCommand(sql, raw);
            if (blob != null)
            {
                command.Parameters.Add(new NpgsqlParameter { ParameterName = "blob", NpgsqlDbType = NpgsqlDbType.Bytea, Value = blob });
            }

            command.ExecuteNonQuery();
        }

        [Fact]
        public void AnEverydayUserGrantedOnAVersion4StoreImportsAndReadsTheHistoryAfterTheOwnerUpgradesIt()
        {
            // README's grants ("Share one inventory") given while the store was at version 4: ON ALL TABLES covers only the
            // tables there were. The owner's next open migrates to version 5, which must carry them to change_history_packs.
            var location = PostgresLocation.Parse(_uri);
            string database = location.ConnectionString.Database!;
            string role = "bmg_kit_" + Guid.NewGuid().ToString("N").Substring(0, 12);
            using (NpgsqlConnection raw = PostgresTestServer.Open(_uri))
            {
                PostgresSchema.Ensure(raw, location, PostgresSchemaMigrations.All.Take(4).ToArray());
                PostgresTestServer.Execute(raw, $@"CREATE ROLE {role} LOGIN PASSWORD 'kit-pw';
GRANT CONNECT ON DATABASE {database} TO {role};
GRANT USAGE ON SCHEMA public TO {role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role};");
            }

            // The owner opens it: migrated.
            Assert.True(Verify().Valid);
            Assert.Equal(PostgresSchema.CurrentVersion, (int)Scalar("SELECT version FROM bmg_schema;"));
            _store!.Dispose();
            _store = null;

            var builder = new NpgsqlConnectionStringBuilder(location.ConnectionString.ConnectionString);
            using (IDeviceStore kit = DeviceStores.Open($"postgresql://{role}:kit-pw@{builder.Host}:{builder.Port}/{database}", StoreUse.Command))
            {
                Import(kit, Csv(1, Rows));
                var kitHistory = (IHistoryStore)kit;
                Assert.True(new ChangeHistory(kitHistory).Verify().Valid);
                ChangeEntry device = Assert.Single(new ChangeHistory(kitHistory).Query(new HistoryQuery(SubjectKind.Device)), e => e.Subject == "dev-0007");
                Assert.Equal(ChangeAction.Created, device.Action);
            }

            Assert.Equal(2 * Rows, Scalar("SELECT sum(last_sequence - first_sequence + 1) FROM change_history_packs;"));
            Assert.Equal(0, Scalar("SELECT count(*) FROM change_history;"));
        }

        [Fact]
        public void AModuleOfTheVersionBeforeCanonicalForm2RefusesAStoreThisOneWroteToAndLeavesItAsItIs()
        {
            // The module before knew migrations 1-12 and checks the version with the same code: it must refuse the store
            // (StoreVersionTooNew), not open it and name every version-2 entry as altered.
            ImportNew();
            int version = StoreVersion;
            var location = PostgresLocation.Parse(_uri);
            using (NpgsqlConnection raw = PostgresTestServer.Open(_uri))
            {
                BmgException refused = Assert.Throws<BmgException>(() => PostgresSchema.Ensure(raw, location, PostgresSchemaMigrations.All.Take(VersionBeforeCanonicalForm2).ToArray()));
                Assert.Equal(ErrorIds.StoreVersionTooNew, refused.ErrorId);
                Assert.Contains($"has schema version {version}, newer than the {VersionBeforeCanonicalForm2} this module knows", refused.Message, StringComparison.Ordinal);
            }

            Assert.Equal(version, StoreVersion);
            Assert.True(Verify().Valid);
        }

        [Fact]
        public void PacksOfBatchesQueuedOneAfterAnotherGoInOneInsertAndARowBetweenThemKeepsItsPlace()
        {
            // Twentieth round: a first import's chunk hands the store ten batches of packs between two round trips; they went
            // as ten INSERTs. Queued back to back, their packs now go in one; an entry kept as a row between two runs of packs
            // ends the first run, so every statement still goes in chain order. Each INSERT is counted by a trigger added here.
            Assert.True(Verify().Valid);
            Exec(@"CREATE TABLE pack_statements (id serial, first_sequence bigint, last_sequence bigint);
CREATE FUNCTION count_pack_statements() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pack_statements (first_sequence, last_sequence) SELECT min(first_sequence), max(last_sequence) FROM counted;
    RETURN NULL;
END
$$;
CREATE TRIGGER count_pack_statements AFTER INSERT ON change_history_packs REFERENCING NEW TABLE AS counted
    FOR EACH STATEMENT EXECUTE FUNCTION count_pack_statements();");

            var entries = new List<ChangeEntry>();
            ChangeEntry Created(int key) => new ChangeEntry(T0, "admin", "host", "Import-BmgDeviceCsv", null, key, SubjectKind.Device,
                key.ToString(CultureInfo.InvariantCulture), "dev-" + key.ToString("D4", CultureInfo.InvariantCulture), ChangeAction.Created,
                new[] { new FieldChange("Identifier", null, "dev-" + key.ToString("D4", CultureInfo.InvariantCulture)), FieldChange.Hidden("Code") });
            entries.AddRange(Enumerable.Range(1, 400).Select(Created));
            entries.Add(new ChangeEntry(T0, "admin", "host", "Set-BmgDevice", null, null, SubjectKind.Device, "7", "dev-0007", ChangeAction.Changed,
                new[] { new FieldChange("DisplayName", null, "Front desk") }));
            entries.AddRange(Enumerable.Range(401, 200).Select(Created));
            IReadOnlyList<ChangeEntry> linked = HistoryChain.Link(null, entries);

            var store = (PostgresDeviceStore)Store;
            using (IStoreTransaction write = Store.BeginTransaction())
            {
                foreach ((int from, int count) in new[] { (0, 200), (200, 200), (400, 1), (401, 200) })
                {
                    store.AppendPrepared(store.Prepare(linked.Skip(from).Take(count).ToList()));
                }

                write.Commit();
            }

            Assert.Equal("1-400,402-601", RawScalar("SELECT string_agg(first_sequence || '-' || last_sequence, ',' ORDER BY id) FROM pack_statements;"));
            Assert.Equal(Enumerable.Range(1, 601).Select(i => (long)i), Chain().Select(e => e.Sequence));
            Assert.Equal("Front desk", Chain()[400].Changes.Single().NewValue);
            Assert.True(Verify().Valid);
        }

        [Fact]
        public void ThePacksAreCompressedWithLz4WhereTheServerHasIt()
        {
            ImportNew();
            using NpgsqlConnection raw = PostgresTestServer.Open(_uri);
            if (Convert.ToInt32(PostgresTestServer.Scalar(raw, "SHOW server_version_num;"), CultureInfo.InvariantCulture) < 140000)
            {
                // Before PostgreSQL 14 there is no per-column compression (nor pg_attribute.attcompression): the column keeps
                // the default, compressed (pglz) when large: storage 'x', extended.
                Assert.Equal("x", Convert.ToString(PostgresTestServer.Scalar(raw,
                    "SELECT attstorage::text FROM pg_attribute WHERE attrelid = 'change_history_packs'::regclass AND attname = 'entries';"), CultureInfo.InvariantCulture));
                Assert.True(Verify().Valid);
                return;
            }

            bool lz4;
            try
            {
                PostgresTestServer.Execute(raw, "SET default_toast_compression = lz4;");
                lz4 = true;
            }
            catch (PostgresException)
            {
                lz4 = false;
            }

            Assert.Equal(lz4 ? "l" : "", Convert.ToString(PostgresTestServer.Scalar(raw,
                "SELECT attcompression::text FROM pg_attribute WHERE attrelid = 'change_history_packs'::regclass AND attname = 'entries';"), CultureInfo.InvariantCulture));
            Assert.True(Verify().Valid);
        }


        [Fact]
        public void AVersion4StoreKeepsItsRowsAndPacksWhatItAppendsAfterTheUpgrade()
        {
            // A version-4 store with history written as version 4 wrote it: one row an entry, 30 created devices in a run.
            var location = PostgresLocation.Parse(_uri);
            var old = new List<ChangeEntry>();
            using (NpgsqlConnection raw = PostgresTestServer.Open(_uri))
            {
                PostgresSchema.Ensure(raw, location, PostgresSchemaMigrations.All.Take(4).ToArray());
                using (var devices = new NpgsqlCommand(@"INSERT INTO devices (identifier, code, os, expiration_days, state, created_at, saved_at)
SELECT 'old-' || lpad(i::text, 4, '0'), 'A7K29QX4', 'ios', 7, 'Registered', now(), now() FROM generate_series(1, 30) i RETURNING device_id, identifier;", raw))
                using (NpgsqlDataReader reader = devices.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        old.Add(new ChangeEntry(T0.AddDays(-1), "admin", "host", "Import-BmgDeviceCsv", null, old.Count + 2, SubjectKind.Device,
                            reader.GetInt64(0).ToString(CultureInfo.InvariantCulture), reader.GetString(1), ChangeAction.Created,
                            new[] { new FieldChange("Identifier", null, reader.GetString(1)), FieldChange.Hidden("Code") }));
                    }
                }

                foreach (ChangeEntry e in HistoryChain.Link(null, old))
                {
                    using var insert = new NpgsqlCommand(@"INSERT INTO change_history VALUES ($1, $2, $3, $4, $5, NULL, $6, 'Device', $7, $8, 'Created', $9, $10, $11);", raw);
                    insert.Parameters.Add(new NpgsqlParameter { Value = e.Sequence });
                    insert.Parameters.Add(new NpgsqlParameter { Value = e.At });
                    insert.Parameters.Add(new NpgsqlParameter { Value = e.OsUser });
                    insert.Parameters.Add(new NpgsqlParameter { Value = e.Host });
                    insert.Parameters.Add(new NpgsqlParameter { Value = e.Command });
                    insert.Parameters.Add(new NpgsqlParameter { Value = e.Line!.Value });
                    insert.Parameters.Add(new NpgsqlParameter { Value = e.SubjectKey });
                    insert.Parameters.Add(new NpgsqlParameter { Value = e.Subject });
                    insert.Parameters.Add(new NpgsqlParameter { Value = ChangeListText.Write(e.Changes) });
                    insert.Parameters.Add(new NpgsqlParameter { Value = e.PreviousHash });
                    insert.Parameters.Add(new NpgsqlParameter { Value = e.Hash });
                    insert.ExecuteNonQuery();
                }

                Assert.Equal(4L, Convert.ToInt64(PostgresTestServer.Scalar(raw, "SELECT version FROM bmg_schema;"), CultureInfo.InvariantCulture));
            }

            // Opened: migrated to version 5, the rows stay rows and still verify.
            Assert.True(Verify().Valid);
            Assert.Equal(PostgresSchema.CurrentVersion, (int)Scalar("SELECT version FROM bmg_schema;"));
            Assert.Equal(30, Scalar("SELECT count(*) FROM change_history;"));
            Assert.Equal(0, Scalar("SELECT count(*) FROM change_history_packs;"));

            // What is appended after the upgrade is packed, and the chain goes on from the last row.
            ImportNew();
            List<ChangeEntry> chain = Chain();
            Assert.Equal(Enumerable.Range(1, 30 + 2 * Rows).Select(i => (long)i), chain.Select(e => e.Sequence));
            Assert.Equal(30, Scalar("SELECT count(*) FROM change_history;"));
            Assert.Equal(2 * Rows, Scalar("SELECT sum(last_sequence - first_sequence + 1) FROM change_history_packs;"));
            Assert.Equal(chain[29].Hash, chain[30].PreviousHash);
            Assert.True(Verify().Valid);

            // An old device renamed (its created entry a row) and a new one (in a pack): each found by both names.
            foreach ((string from, string to) in new[] { ("old-0007", "old-0007-renamed"), ("dev-0007", "dev-0007-renamed") })
            {
                Device stored = Device(from);
                Device renamed = stored.Clone();
                renamed.Identifier = to;
                Store.SaveDevice(stored, renamed, ChangeOrigin.Library("tests"));
                using IStoreTransaction read = Store.BeginReadTransaction();
                HistorySubject byOld = Assert.Single(History.FindSubjects(SubjectKind.Device, from));
                HistorySubject byNew = Assert.Single(History.FindSubjects(SubjectKind.Device, to));
                Assert.Equal(byOld.Key, byNew.Key);
            }

            Assert.True(Verify().Valid);

            // A hand edit inside a pack written after the upgrade is named: the entry it altered.
            ChangeEntry target = Chain().Single(e => e.Subject == "user-0011");
            long first = Scalar($"SELECT first_sequence FROM change_history_packs WHERE first_sequence <= {target.Sequence} AND last_sequence >= {target.Sequence};");
            byte[] blob = PackBlobEdit.Fields(PackBlob(first), fields =>
            {
                int at = fields.AsSpan().IndexOf(Encoding.UTF8.GetBytes("user-0011"));
                Assert.True(at > 0);
                fields[at + 5] = (byte)'9';
            });
            Exec($"UPDATE change_history_packs SET entries = @blob WHERE first_sequence = {first};", blob);
            HistoryVerification check = Verify();
            Assert.False(check.Valid);
            Assert.Equal(target.Sequence, check.FirstBadEntry);
        }
    }
}
