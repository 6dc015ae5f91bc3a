using System;
using System.IO;
using BizMobileGo.Core.Store;
using Microsoft.Data.Sqlite;

namespace BizMobileGo.Core.Tests.Store.Contract
{
    /// <summary>The change history's contract on a real SQLite file, opened through the store factory as the cmdlets open it.</summary>
    public sealed class SqliteHistoryContractTests : HistoryContractTests
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "bmg-history-" + Guid.NewGuid().ToString("N"));

        protected override IDeviceStore CreateEmptyStore()
        {
            Directory.CreateDirectory(_folder);
            return DeviceStores.Open(Path.Combine(_folder, "store.db"), StoreUse.Command);
        }

        // A real version-1 file (tests/corpus/stores/version1.db), copied and opened: migrated through version 7.
        protected override IDeviceStore OpenOldestStore()
        {
            string root = Reliability.ReliabilityFigures.RepositoryRoot() ?? throw new InvalidOperationException("repository root not found");
            Directory.CreateDirectory(_folder);
            string copy = Path.Combine(_folder, "version1.db");
            File.Copy(Path.Combine(root, "tests", "corpus", "stores", "version1.db"), copy);
            return DeviceStores.Open(copy, StoreUse.Lookup);
        }

        protected override void DeleteStores()
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }
}
