using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Tests.Store.Contract
{
    /// <summary>An import's read of its window on a real SQLite file, opened as the cmdlets open it.</summary>
    public sealed class SqliteRecentWorkContractTests : RecentWorkContractTests
    {
        private readonly TestStoreFolder _folder = new TestStoreFolder("bmg-recent-");

        protected override IDeviceStore CreateEmptyStore() => DeviceStores.Open(_folder.PathOf("store.db"), StoreUse.Command);

        protected override void DeleteStores() => _folder.Dispose();
    }
}
