using BizMobileGo.Core.Store;
using Microsoft.Data.Sqlite;

namespace BizMobileGo.Core.Tests.Store.Contract
{
    /// <summary>The store contract on a real SQLite file, opened through the store factory as the cmdlets open it.</summary>
    public sealed class SqliteStoreContractTests : StoreContractTests
    {
        private readonly TestStoreFolder _folder = new TestStoreFolder("bmg-contract-", create: false);

        protected override IDeviceStore CreateEmptyStore()
        {
            _folder.Create();
            return DeviceStores.Open(_folder.PathOf("store.db"), StoreUse.Command);
        }

        protected override IDeviceStore OpenSecondConnection(IDeviceStore store) => DeviceStores.Open(store.Location, StoreUse.Lookup);

        // A real version-1 file (tests/corpus/stores/version1.db, see New-Version1Store.ps1), copied and opened.
        protected override IDeviceStore OpenOldestStore() => DeviceStores.Open(_folder.CopyOfVersion1Store(), StoreUse.Lookup);

        // A store made by this module, taken back to version 21 (migration 22's column and indexes dropped) and filled by SQL
        // as versions before 22 wrote the outbox, then opened again.
        protected override IDeviceStore OpenStoreBeforeEmailDeviceKeys()
        {
            _folder.Create();
            string path = _folder.PathOf("version21.db");
            DeviceStores.Open(path, StoreUse.Command).Dispose();
            using (var raw = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
            {
                raw.Open();
                using SqliteCommand command = raw.CreateCommand();
                command.CommandText = @"
DROP INDEX checkin_emails_by_device_key;
DROP INDEX change_history_by_import;
DROP INDEX change_history_packs_by_import;
ALTER TABLE checkin_emails DROP COLUMN device_key;
PRAGMA user_version = 21;
INSERT INTO devices (identifier, code, os, expiration_days, registration_email, state, created_at, saved_at)
    VALUES ('ipad-r', 'Secret2222', 'ios', 7, 'mori@example.com', 'Registered', '2025-06-01T00:00:00.0000000Z', '2025-06-01T00:00:00.0000000Z');
INSERT INTO checkin_emails (recipient, identifier, code, queued_at, status) VALUES
    ('hanako@example.com', 'ipad-r', 'Secret1111', '2025-01-01T00:00:00.0000000Z', 'Superseded'),
    ('hanako@example.com', 'IPAD-R', 'Secret1112', '2025-02-01T00:00:00.0000000Z', 'Pending'),
    ('mori@example.com', 'IPAD-R', 'Secret2222', '2025-06-01T00:00:00.0000000Z', 'Pending'),
    ('x@example.com', 'gone-1', 'Secret9999', '2025-01-01T00:00:00.0000000Z', 'Pending');";
                command.ExecuteNonQuery();
            }

            return DeviceStores.Open(path, StoreUse.Command);
        }

        protected override void DeleteStores() => _folder.Dispose();
    }
}
