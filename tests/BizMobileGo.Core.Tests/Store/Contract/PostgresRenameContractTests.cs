using BizMobileGo.Core.Store;
using BizMobileGo.Core.Tests.Postgres;
using Npgsql;
using Xunit;

namespace BizMobileGo.Core.Tests.Store.Contract
{
    /// <summary>The rename contract on the real PostgreSQL test server: each test a new database, opened through the store factory as the cmdlets open it.</summary>
    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresRenameContractTests : RenameContractTests
    {
        private readonly PostgresTestDatabases _databases = new PostgresTestDatabases();

        protected override IDeviceStore CreateEmptyStore()
        {
            return DeviceStores.Open(_databases.New(), StoreUse.Command);
        }

        protected override void RefuseDeviceWritesThatKeepTheTemplate(IDeviceStore store)
        {
            using NpgsqlConnection raw = PostgresTestServer.Open(_databases.Uris[^1]);
            PostgresTestServer.Execute(raw, @"CREATE FUNCTION test_refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'a device row written again with the template it had'; END $$;
CREATE TRIGGER test_refuse_rewrite BEFORE UPDATE ON devices FOR EACH ROW WHEN (OLD.template IS NOT DISTINCT FROM NEW.template)
    EXECUTE FUNCTION test_refuse_rewrite();");
        }

        protected override void DeleteStores() => _databases.Dispose();
    }
}
