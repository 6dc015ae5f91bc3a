using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    /// <summary>
    /// Round 37 (fixs37 item 4, left36's leftover): a SQLite import reserves the Id AUTOINCREMENT hands out next, writing
    /// nothing, so its rollback frees the Id again, and a writer that comes between that rollback and the import's attempt
    /// record takes it. The record then takes a new Id and the import says it again; the other writer's row is kept. The race
    /// is made deterministic by the import's test hook (<see cref="DeviceImport.BeforeAttemptRecord"/>): a second connection
    /// to the same file, as another process's, commits an import history row at that moment.
    /// </summary>
    public sealed class AttemptRecordIdTests : IDisposable
    {
        private readonly StoreFixture _fx = new StoreFixture();

        public void Dispose() => _fx.Dispose();

        [Fact]
        public void AnAttemptRecordWhoseIdAnotherWriterTookAfterTheRollbackTakesANewOneAndSaysIt()
        {
            var said = new List<long>();
            ImportHistoryEntry? other = null;
            DateTimeOffset now = StoreFixture.T0;
            using var import = new DeviceImport(_fx.Store, ImportMode.AllOrNothing, dryRun: false, "refused.csv", () => now, historyIdReserved: said.Add);
            import.BeforeAttemptRecord = () =>
            {
                using SqliteDeviceStore another = SqliteDeviceStore.Open(_fx.DatabasePath);
                using IStoreTransaction write = another.BeginTransaction();
                other = new ImportHistoryEntry { StartedAt = now, EndedAt = now, User = "other", Source = "other.csv", Committed = true };
                another.InsertImportHistory(other);
                write.Commit();
            };

            // One row refused (an unknown OS): all or nothing rolls back, and the attempt is recorded in a transaction of its own.
            _ = DeviceCsvFile.ImportRows(import, new StringReader(StoreFixture.Csv("Identifier,OS", "RACE1,ios", "RACE2,palm")), ',', "refused.csv").ToList();
            ImportSummary summary = import.Complete();

            Assert.False(summary.Committed);
            Assert.NotNull(other);
            // The Id said as the import took the store is the one the other writer's row got after the rollback.
            Assert.Equal(2, said.Count);
            Assert.Equal(said[0], other!.Id);
            Assert.NotEqual(said[0], said[1]);
            Assert.Equal(said[1], summary.HistoryId);
            Assert.Equal(("other.csv", true), _fx.Store.GetImportHistory(said[0]).Select(e => (e.Source, e.Committed)).Single());
            Assert.Equal(("refused.csv", false, 1), _fx.Store.GetImportHistory(said[1]).Select(e => (e.Source, e.Committed, e.Failed)).Single());
            Assert.Null(_fx.Store.GetDevice("RACE1"));
        }

        [Fact]
        public void AnAttemptRecordWithNoWriterBetweenKeepsTheIdItSaid()
        {
            var said = new List<long>();
            DateTimeOffset now = StoreFixture.T0;
            using var import = new DeviceImport(_fx.Store, ImportMode.AllOrNothing, dryRun: false, "refused.csv", () => now, historyIdReserved: said.Add);
            _ = DeviceCsvFile.ImportRows(import, new StringReader(StoreFixture.Csv("Identifier,OS", "RACE1,palm")), ',', "refused.csv").ToList();
            ImportSummary summary = import.Complete();

            Assert.Equal(new[] { summary.HistoryId!.Value }, said);
            Assert.Equal("refused.csv", _fx.Store.GetImportHistory(said[0]).Single().Source);
        }
    }
}
