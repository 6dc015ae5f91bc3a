using System;
using System.Globalization;
using System.Linq;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.History;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Tests.Import;
using Microsoft.Data.Sqlite;
using Xunit;

namespace BizMobileGo.Core.Tests.History
{
    /// <summary>
    /// The packed history's cases (<see cref="PackedHistoryContractTests"/>) on the SQLite store, which keeps its packs in
    /// change_history_packs (migration 11): a real store file read and edited by hand with SQLite's SQL, and the
    /// SQLite-only hand edits (a key column or a row's column edited to text no other store's column takes).
    /// </summary>
    public sealed class PackedHistoryTests : PackedHistoryContractTests
    {
        private readonly StoreFixture _fx = new StoreFixture();

        public override void Dispose() => _fx.Dispose();

        protected override IDeviceStore Store => _fx.Store;

        protected override DateTimeOffset Now
        {
            get => _fx.Now;
            set => _fx.Now = value;
        }

        protected override void Import(string csv, string changedBy = "") => _fx.ImportOk(csv, changedBy);

        protected override int VersionBeforeCanonicalForm2 => 15;

        protected override int VersionBeforeCanonicalForm4 => 26;

        protected override int CurrentStoreVersion => SqliteSchema.CurrentVersion;

        protected override int StoreVersion
        {
            get => (int)Scalar("PRAGMA user_version;");
            // A store of a version before 20 has no index of the DEP devices checked in as (migration 20 makes it), one before 21
            // no import_history.failed_rows_path (migration 21 adds it).
            set => Exec((value < 20 ? "DROP INDEX IF EXISTS devices_by_dep_device; " : "")
                + (value < 21 && (long)Scalar("SELECT count(*) FROM pragma_table_info('import_history') WHERE name = 'failed_rows_path';") != 0
                    ? "ALTER TABLE import_history DROP COLUMN failed_rows_path; " : "")
                // One before 22 no outbox device keys nor history indexes by import (migration 22).
                + (value < 22 && (long)Scalar("SELECT count(*) FROM pragma_table_info('checkin_emails') WHERE name = 'device_key';") != 0
                    ? "DROP INDEX checkin_emails_by_device_key; DROP INDEX change_history_by_import; DROP INDEX change_history_packs_by_import; "
                      + "ALTER TABLE checkin_emails DROP COLUMN device_key; " : "")
                // One before actor34's migration (23 on its branch) no ChangedBy.
                + (value < 23 && (long)Scalar("SELECT count(*) FROM pragma_table_info('change_history') WHERE name = 'changed_by';") != 0
                    ? "ALTER TABLE change_history DROP COLUMN changed_by; " : "")
                // One before 24 no import_history.changed_by (actor35).
                + (value < 24 && (long)Scalar("SELECT count(*) FROM pragma_table_info('import_history') WHERE name = 'changed_by';") != 0
                    ? "ALTER TABLE import_history DROP COLUMN changed_by; " : "")
                // One before 25 no dep_devices.as_of (fixw39).
                + (value < 25 && (long)Scalar("SELECT count(*) FROM pragma_table_info('dep_devices') WHERE name = 'as_of';") != 0
                    ? "ALTER TABLE dep_devices DROP COLUMN as_of; " : "")
                // One before 26 no change_history_packs.changed_by (hist41).
                + (value < 26 && (long)Scalar("SELECT count(*) FROM pragma_table_info('change_history_packs') WHERE name = 'changed_by';") != 0
                    ? "ALTER TABLE change_history_packs DROP COLUMN changed_by; " : "")
                + $"PRAGMA user_version = {value};");
        }

        protected override void Reopen() => _fx.Reopen();

        // Each subject of a kind once in SQLite's list of them.
        protected override bool ListsEachSubjectOnce => true;

        protected override BmgException AsStoreError(Exception refused)
        {
            SqliteException raw = Assert.IsType<SqliteException>(refused);
            Assert.Equal(19, raw.SqliteErrorCode); // SQLITE_CONSTRAINT: the primary key's, or migration 12's triggers'
            return Assert.IsType<BmgException>(SqliteDeviceStore.UniqueViolation(raw));
        }

        protected override string BlobParameter => "$blob";

        protected override string Bytes(string hex) => $"X'{hex}'";

        protected override string EntriesFrom(int from, string? count = null) =>
            count == null ? $"substr(entries, {from})" : $"substr(entries, {from}, {count})";

        protected override string EntriesLength => "length(entries)";

        protected override string LongAgo => "'2001-01-01T00:00:00.000000Z'";

        protected override string ZeroHash => "zeroblob(32)";

        private SqliteConnection Raw()
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _fx.DatabasePath, Pooling = false }.ToString());
            connection.Open();
            return connection;
        }

        protected override object? RawScalar(string sql)
        {
            using SqliteConnection raw = Raw();
            using SqliteCommand command = raw.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        }

        protected override void Exec(string sql, byte[]? blob = null)
        {
            using SqliteConnection raw = Raw();
            using SqliteCommand command = raw.CreateCommand();
            command.CommandText = sql;
            if (blob != null)
            {
                command.Parameters.AddWithValue("$blob", blob);
            }

            command.ExecuteNonQuery();
        }

        // SQLite's columns take a value of any type: a key edited to text.
        [Fact]
        public void AHandEditOfAPacksKeyColumnToTextIsNamedAsItsFirstEntry() =>
            AssertHeaderEditNamed("UPDATE change_history_packs SET first_device_key = CAST(first_device_key AS TEXT) || 'x' WHERE first_sequence = {0};");

        [Theory]
        [InlineData("UPDATE change_history SET at = 'x' WHERE sequence = {0};")]
        [InlineData("UPDATE change_history SET at = '2026-13-45T99:00:00.000000Z' WHERE sequence = {0};")]
        [InlineData("UPDATE change_history SET changes = 'not a change list' WHERE sequence = {0};")]
        [InlineData("UPDATE change_history SET changes = '[' WHERE sequence = {0};")]
        public void ARowEditedSoItNoLongerReadsIsNamedByVerifyAndStopsAQueryWithHistoryTampered(string edit)
        {
            TwoPacksAndARow();
            long row = Scalar("SELECT max(sequence) FROM change_history;");
            Exec(string.Format(CultureInfo.InvariantCulture, edit, row));

            HistoryVerification check = Verify();
            Assert.False(check.Valid);
            Assert.Equal(row, check.FirstBadEntry);
            Assert.Contains("altered", check.Reason, StringComparison.Ordinal);

            BmgException stopped = Assert.Throws<BmgException>(() => new ChangeHistory(History).Query(new HistoryQuery(SubjectKind.Device)).ToList());
            Assert.Equal(ErrorIds.HistoryTampered, stopped.ErrorId);
        }
    }
}
