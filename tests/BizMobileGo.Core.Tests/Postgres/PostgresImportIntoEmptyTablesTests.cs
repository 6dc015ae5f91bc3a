using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using Xunit;

namespace BizMobileGo.Core.Tests.Postgres
{
    /// <summary>
    /// An import into tables that were empty when it began does not look up keys it has not written (OwnKeys): none can
    /// be there. What it wrote in an earlier chunk is still looked up and found: a later chunk naming that user or serial
    /// sees it, as an import into a store that held rows does.
    /// </summary>
    [Trait(PostgresTestServer.Category, PostgresTestServer.Postgres)]
    public sealed class PostgresImportIntoEmptyTablesTests : IDisposable
    {
        // The databases this test makes, dropped in the background once it is done.
        private readonly PostgresTestDatabases _databases = new PostgresTestDatabases();

        public void Dispose() => _databases.Dispose();

        private static (List<ImportRowResult> Rows, ImportSummary Summary) Import(IDeviceStore store, string csv)
        {
            using var import = new DeviceImport(store, ImportMode.SkipInvalidRows, false, "devices.csv");
            List<ImportRowResult> rows = DeviceCsvFile.ImportRows(import, new StringReader(csv), ',', "devices.csv").ToList();
            return (rows, import.Complete());
        }

        [Fact]
        public void ALaterChunkFindsTheUserAndTheSerialAnEarlierChunkWroteIntoTheEmptyTables()
        {
            string uri = _databases.New();
            using IDeviceStore store = DeviceStores.Open(uri, StoreUse.Command);
            // Three chunks: line 2 creates user 'owner' (and a check-in email) and takes a serial; every later row names
            // 'owner', and the last row, two chunks later, claims the serial again (in lower case: serials are upper-cased).
            int rows = ImportChunk.Rows * 2 + 10;
            var lines = new List<string> { "UserName,Identifier,OS,Serial,RegistrationEmail" };
            for (int i = 0; i < rows; i++)
            {
                lines.Add(i == 0 ? "owner,C0,ios,C02XK1ABJG5H,owner@example.com"
                    : i == rows - 1 ? "owner,LAST,ios,c02xk1abjg5h,"
                    : $"owner,C{i},ios,,c{i}@example.com");
            }

            (List<ImportRowResult> results, ImportSummary summary) = Import(store, string.Join("\n", lines) + "\n");

            Assert.True(summary.Committed);
            ImportRowResult late = results.Single(r => r.Line == rows + 1);
            Assert.Equal(ErrorIds.DuplicateSerial, late.ErrorId);
            Assert.Contains("'C0'", late.Error, StringComparison.Ordinal);
            Assert.Contains("line 2", late.Error, StringComparison.Ordinal);
            Assert.Equal(rows - 1, summary.Created);
            // One user, made by the first chunk, holds every device the later chunks created.
            Assert.Equal(new[] { "owner" }, store.GetUsers().Select(u => u.UserName).ToArray());
            Assert.Equal(rows - 1, store.GetDevicesOfUser("owner").Count);
            Assert.Equal("C02XK1ABJG5H", store.GetDevice("C0")!.Serial);
        }

        [Fact]
        public void TheStoreSaysWhichTablesAreEmptyOnlyInsideItsTransaction()
        {
            string uri = _databases.New();
            using IDeviceStore store = DeviceStores.Open(uri, StoreUse.Command);
            var chunkReads = (IChunkReads)store;

            // Outside a transaction another writer could add a row right after the answer: nothing is said to be empty.
            Assert.Equal(EmptyTables.None, chunkReads.ReadEmptyTables());
            using (IStoreTransaction transaction = store.BeginTransaction())
            {
                Assert.Equal(new EmptyTables(Users: true, Devices: true, CheckInEmails: true), chunkReads.ReadEmptyTables());
                transaction.Commit();
            }

            Assert.True(Import(store, "UserName,Identifier,OS,RegistrationEmail\nowner,D1,ios,owner@example.com\n").Summary.Committed);
            using (IStoreTransaction transaction = store.BeginTransaction())
            {
                Assert.Equal(new EmptyTables(Users: false, Devices: false, CheckInEmails: false), chunkReads.ReadEmptyTables());
                transaction.Commit();
            }
        }
    }
}
