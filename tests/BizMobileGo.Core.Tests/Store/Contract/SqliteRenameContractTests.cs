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

        protected override void DeleteStores() => _folder.Dispose();
    }
}
