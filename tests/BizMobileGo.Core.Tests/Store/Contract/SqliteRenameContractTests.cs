using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Tests.Store.Contract
{
    /// <summary>The rename contract on a real SQLite file, opened through the store factory as the cmdlets open it.</summary>
    public sealed class SqliteRenameContractTests : RenameContractTests
    {
        private readonly TestStoreFolder _folder = new TestStoreFolder("bmg-rename-", create: false);

        protected override IDeviceStore CreateEmptyStore()
        {
            _folder.Create();
            return DeviceStores.Open(_folder.PathOf("store.db"), StoreUse.Command);
        }

        protected override void RefuseDeviceWritesThatKeepTheTemplate(IDeviceStore store)
        {
            using var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_folder.PathOf("store.db")};Pooling=False");
            raw.Open();
            using var command = raw.CreateCommand();
            command.CommandText = @"CREATE TRIGGER test_refuse_rewrite BEFORE UPDATE ON devices WHEN OLD.template IS NEW.template
BEGIN SELECT RAISE(ABORT, 'a device row written again with the template it had'); END;";
            command.ExecuteNonQuery();
        }

        protected override void DeleteStores() => _folder.Dispose();
    }
}
