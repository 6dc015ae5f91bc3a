using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.Tests.Store.Contract
{
    /// <summary>The name lists' and patterns' text on a real SQLite file (JSON arrays written by JsonText), opened as the cmdlets open it.</summary>
    public sealed class SqliteJsonParameterContractTests : JsonParameterContractTests
    {
        private readonly TestStoreFolder _folder = new TestStoreFolder("bmg-json-");

        protected override IDeviceStore CreateEmptyStore() => DeviceStores.Open(_folder.PathOf("store.db"), StoreUse.Command);

        protected override void DeleteStores() => _folder.Dispose();
    }
}
