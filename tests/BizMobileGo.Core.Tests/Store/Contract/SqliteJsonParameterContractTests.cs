using System;
using System.IO;
using BizMobileGo.Core.Store;
using Microsoft.Data.Sqlite;

namespace BizMobileGo.Core.Tests.Store.Contract
{
    /// <summary>The name lists' and patterns' text on a real SQLite file (JSON arrays written by JsonText), opened as the cmdlets open it.</summary>
    public sealed class SqliteJsonParameterContractTests : JsonParameterContractTests
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "bmg-json-" + Guid.NewGuid().ToString("N"));

        protected override IDeviceStore CreateEmptyStore()
        {
            Directory.CreateDirectory(_folder);
            return DeviceStores.Open(Path.Combine(_folder, "store.db"), StoreUse.Command);
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
