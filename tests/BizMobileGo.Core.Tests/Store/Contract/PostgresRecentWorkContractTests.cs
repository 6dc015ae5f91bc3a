using BizMobileGo.Core.Store;
using BizMobileGo.Core.Tests.Postgres;
using Xunit;

namespace BizMobileGo.Core.Tests.Store.Contract
{
    /// <summary>An import's read of its window on the real PostgreSQL test server: each test a new database.</summary>
    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresRecentWorkContractTests : RecentWorkContractTests
    {
        private readonly PostgresTestDatabases _databases = new PostgresTestDatabases();

        protected override IDeviceStore CreateEmptyStore() => DeviceStores.Open(_databases.New(""), StoreUse.Command);

        protected override void DeleteStores() => _databases.Dispose();
    }
}
