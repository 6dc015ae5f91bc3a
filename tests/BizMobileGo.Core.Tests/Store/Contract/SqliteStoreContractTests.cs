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
ALTER TABLE change_history DROP COLUMN changed_by; -- migration 23's
ALTER TABLE import_history DROP COLUMN changed_by; -- migration 24's
ALTER TABLE dep_devices DROP COLUMN as_of; -- migration 25's
ALTER TABLE change_history_packs DROP COLUMN changed_by; -- migration 26's
PRAGMA user_version = 21;
" + EmailsBeforeDeviceKeysSql;
                command.ExecuteNonQuery();
            }

            return DeviceStores.Open(path, StoreUse.Command);
        }

        protected override void DeleteStores() => _folder.Dispose();
    }
}
