using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    /// <summary>
    /// On SQLite a chunk that follows one with nothing to write is read beside the planning of the chunk before it
    /// (ImportChunk.ReadsAhead: the usual re-import): the read sees the store before that chunk's changes, which show over
    /// it when its turn comes, exactly as a read at its turn; a write in between (the rows so far written while the file's
    /// reader is behind) drops the read. Driven chunk by chunk, so the read ahead happens whatever the reading thread's pace.
    /// </summary>
    public sealed class ImportReadAheadTests : IDisposable
    {
        private readonly StoreFixture _fx = new StoreFixture();

        private static readonly ImportHeader Header = ImportHeader.ParseFile(
            CsvFileHeader.Of(new CsvRecord(1, new[] { "Identifier", "OS", "Serial", "UserName", "DisplayName" })), ',');

        // Chunk 1: E0 gives up its serial ...5H for ...5K and links a new user; chunk 2 names all of that.
        private static readonly string[] First = { "E0,ios,C02XK1ABJG5K,owner,moved", "R0,ios,,," };
        private static readonly string[] Second = { "FREED,ios,C02XK1ABJG5H,owner,", "TAKEN,ios,C02XK1ABJG5K,,", "r0,ios,,,again" };

        public ImportReadAheadTests()
        {
            _fx.ImportOk(StoreFixture.Csv("Identifier,OS,Serial,UserName,DisplayName", "E0,ios,C02XK1ABJG5H,,", "R0,ios,,,"));
        }

        public void Dispose() => _fx.Dispose();

        private static List<CsvRecord> Records(ref int line, string[] rows)
        {
            var records = new List<CsvRecord>();
            foreach (string row in rows)
            {
                records.Add(new CsvRecord(line++, row.Split(',')));
            }

            return records;
        }

        /// <summary>Imports the two chunks, chunk 2's keys handed over as ready while chunk 1 is planned; writes chunk 1's rows first if asked.</summary>
        private (List<ImportRowResult> Rows, int ReadAhead) Import(bool writeFirstChunkBeforeSecond)
        {
            int line = 2;
            List<CsvRecord> first = Records(ref line, First);
            List<CsvRecord> second = Records(ref line, Second);
            PrefetchKeys secondKeys = DeviceImport.KeysOf(Header, second);
            bool handed = false;
            var results = new List<ImportRowResult>();
            int readAhead;
            using (var import = new DeviceImport(_fx.Store, ImportMode.SkipInvalidRows, dryRun: false, "readahead.csv"))
            {
                // Nothing was planned before chunk 1: its Prefetch starts chunk 2's read at once.
                import.Prefetch(Header, first, null, (out bool never) =>
                {
                    never = handed;
                    PrefetchKeys? keys = handed ? null : secondKeys;
                    handed = true;
                    return keys;
                });
                results.AddRange(first.Select(r => import.ImportRow(Header, r.LineNumber, r.Fields)));
                if (writeFirstChunkBeforeSecond)
                {
                    import.WritePlanned();
                }

                import.Prefetch(Header, second, secondKeys);
                results.AddRange(second.Select(r => import.ImportRow(Header, r.LineNumber, r.Fields)));
                readAhead = import.Stages.ChunksReadAhead;
                Assert.True(import.Complete().Committed);
            }

            return (results, readAhead);
        }

        [Theory]
        [InlineData(false, 1)]
        [InlineData(true, 0)]
        public void AChunkReadAheadSeesWhatTheChunkBeforeChangedAndAWriteInBetweenDropsTheRead(bool writeFirstChunkBeforeSecond, int readAhead)
        {
            (List<ImportRowResult> results, int chunksReadAhead) = Import(writeFirstChunkBeforeSecond);

            Assert.Equal(readAhead, chunksReadAhead);
            // E0 gave up ...5H in chunk 1: FREED may take it, TAKEN may not take E0's new one; r0 is R0 again (any case).
            Assert.Equal(RecordAction.Updated, results[0].DeviceAction);
            Assert.Equal(RecordAction.Created, results[0].UserAction);
            Assert.Equal(RecordAction.Created, results[2].DeviceAction);
            Assert.Equal(RecordAction.Unchanged, results[2].UserAction);
            Assert.Equal(ErrorIds.DuplicateSerial, results[3].ErrorId);
            Assert.Contains("'E0'", results[3].Error, StringComparison.Ordinal);
            Assert.Equal(ErrorIds.DuplicateKeyInFile, results[4].ErrorId);
            Assert.Equal("C02XK1ABJG5H", _fx.Device("FREED").Serial);
            Assert.Equal("C02XK1ABJG5K", _fx.Device("E0").Serial);
            // The user chunk 1 created is the one chunk 2 names: one user, both devices.
            Assert.Equal(2, _fx.Store.GetDevicesOfUser("owner").Count);
        }

        [Fact]
        public void AnUnchangedReImportOfAFileOfManyChunksReadsAheadAndChangesNothing()
        {
            int rows = ImportChunk.Rows * 3 + 5;
            var lines = new List<string> { "Identifier,OS,Serial,UserName,DisplayName" };
            for (int i = 0; i < rows; i++)
            {
                lines.Add($"D{i},ios,,user{i % 500},");
            }

            string csv = StoreFixture.Csv(lines.ToArray());
            _fx.ImportOk(csv);
            string before = _fx.Snapshot();
            ImportOutcome again = _fx.Import(csv, ImportMode.AllOrNothing);

            Assert.Equal(rows, again.Summary.Unchanged);
            Assert.Equal(0, again.Summary.Created + again.Summary.Updated + again.Summary.Failed);
            Assert.Equal(0, again.Summary.UsersCreated + again.Summary.UsersUpdated);
            Assert.Equal(before, _fx.Snapshot());
        }
    }
}
