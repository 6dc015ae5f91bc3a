using BizMobileGo.Core.Store;

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

        protected override void DeleteStores() => _folder.Dispose();
    }
}
