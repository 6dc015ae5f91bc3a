using System.Collections.Generic;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Store.Postgres;
using BizMobileGo.Core.Tests.Postgres;
using Npgsql;
using Xunit;

namespace BizMobileGo.Core.Tests.Store.Contract
{
    /// <summary>The rename contract on the real PostgreSQL test server: each test a new database, opened through the store factory as the cmdlets open it.</summary>
    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresRenameContractTests : RenameContractTests
    {
        private readonly List<string> _databases = new List<string>();

        protected override IDeviceStore CreateEmptyStore()
        {
            string uri = PostgresTestServer.NewDatabase();
            _databases.Add(uri);
            return DeviceStores.Open(uri, StoreUse.Command);
        }

        protected override void DeleteStores()
        {
            NpgsqlConnection.ClearAllPools();
            using NpgsqlConnection admin = new NpgsqlConnection(PostgresTestServer.Admin.ConnectionString.ConnectionString);
            admin.Open();
            foreach (string uri in _databases)
            {
                PostgresTestServer.Execute(admin, $"DROP DATABASE IF EXISTS \"{PostgresLocation.Parse(uri).ConnectionString.Database}\" WITH (FORCE);");
            }
        }
    }
}
