using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    /// <summary>The import plans rows in chunks (one batched read each): later rows still see earlier ones across chunk boundaries.</summary>
    public sealed class ImportChunkTests : IDisposable
    {
        private readonly StoreFixture _fx = new StoreFixture();

        private static string Rows(int count, Func<int, string> row)
        {
            var lines = new List<string> { "Identifier,OS,Serial,UserName,DisplayName" };
            for (int i = 0; i < count; i++)
            {
                lines.Add(row(i));
            }

            return StoreFixture.Csv(lines.ToArray());
        }

        [Fact]
        public void ARowSeesWhatARowOfAnEarlierChunkCreated()
        {
            int rows = ImportChunk.Rows * 2 + 10;
            // Line 2 creates user 'owner' and takes a serial; a row two chunks later links the user and claims the serial again.
            ImportOutcome outcome = _fx.Import(Rows(rows, i =>
                i == 0 ? "C0,ios,C02XK1ABJG5H,owner,first"
                : i == rows - 1 ? "LAST,ios,c02xk1abjg5h,owner,late"
                : $"C{i},ios,,owner,"), ImportMode.SkipInvalidRows);

            ImportRowResult late = outcome.Line(rows + 1);
            Assert.Equal(ErrorIds.DuplicateSerial, late.ErrorId);
            Assert.Contains("'C0'", late.Error, StringComparison.Ordinal);
            Assert.Contains("line 2", late.Error, StringComparison.Ordinal);
            Assert.Equal(rows - 1, outcome.Summary.Created);
            Assert.Equal("owner", _fx.Device("C1500").UserName);
            Assert.Equal(rows - 1, _fx.Store.GetDevicesOfUser("owner").Count);
        }

        [Fact]
        public void TheRowsRightAfterAChunkSeeWhatThatChunkChangedWhileItIsStillBeingWritten()
        {
            // The next chunk's keys are read before the chunk just planned is written (it is written beside the next
            // chunk's planning): what that chunk changed must show over what the read found.
            _fx.ImportOk(Rows(1, i => "E0,ios,C02XK1ABJG5H,,"));
            int last = ImportChunk.Rows - 1;
            ImportOutcome outcome = _fx.Import(Rows(ImportChunk.Rows + 3, i =>
                i == last ? "E0,ios,C02XK1ABJG5K,owner,moved"
                : i == last + 1 ? "FREED,ios,C02XK1ABJG5H,owner,"
                : i == last + 2 ? "TAKEN,ios,C02XK1ABJG5K,,"
                : $"P{i},ios,,,"), ImportMode.SkipInvalidRows);

            // E0 gave up its serial in the first chunk's last row (line 1001): the next row may take it, the one after may not take E0's new one.
            Assert.Equal(RecordAction.Updated, outcome.Line(last + 2).DeviceAction);
            Assert.Equal(RecordAction.Created, outcome.Line(last + 3).DeviceAction);
            ImportRowResult taken = outcome.Line(last + 4);
            Assert.Equal(ErrorIds.DuplicateSerial, taken.ErrorId);
            Assert.Contains("'E0'", taken.Error, StringComparison.Ordinal);
            Assert.Contains($"line {last + 2}", taken.Error, StringComparison.Ordinal);
            Assert.Equal("C02XK1ABJG5K", _fx.Device("E0").Serial);
            Assert.Equal("C02XK1ABJG5H", _fx.Device("FREED").Serial);
            // The user the first chunk's last row created is the one the next chunk's first row names (one user, both devices).
            Assert.Equal(2, _fx.Store.GetDevicesOfUser("owner").Count);
            Assert.Equal(ImportChunk.Rows + 1, outcome.Rows.Count(r => r.DeviceAction == RecordAction.Created));
        }

        [Fact]
        public void The_next_chunks_keys_are_read_before_the_chunk_just_planned_is_written_and_its_changes_show_over_them()
        {
            // The same steps as a file's import, driven one by one so the overlap happens whatever the reading thread's
            // pace: chunk 2's keys are read at its turn, while the store still lacks chunk 1 (its write only starts after
            // that read), so every answer chunk 2 gets about a key chunk 1 touched comes from the overlay.
            _fx.ImportOk(Rows(1, i => "E0,ios,C02XK1ABJG5H,,"));
            ImportHeader header = ImportHeader.ParseFile(CsvFileHeader.Of(new CsvRecord(1, new[] { "Identifier", "OS", "Serial", "UserName", "DisplayName" })), ',');
            var first = new List<BizMobileGo.Core.Csv.CsvRecord>
            {
                new BizMobileGo.Core.Csv.CsvRecord(2, new[] { "E0", "ios", "C02XK1ABJG5K", "owner", "moved" }),
                new BizMobileGo.Core.Csv.CsvRecord(3, new[] { "R0", "ios", "", "", "" }),
            };
            var second = new List<BizMobileGo.Core.Csv.CsvRecord>
            {
                new BizMobileGo.Core.Csv.CsvRecord(4, new[] { "FREED", "ios", "C02XK1ABJG5H", "owner", "" }),
                new BizMobileGo.Core.Csv.CsvRecord(5, new[] { "TAKEN", "ios", "C02XK1ABJG5K", "", "" }),
                new BizMobileGo.Core.Csv.CsvRecord(6, new[] { "r0", "ios", "", "", "again" }),
            };

            var results = new List<ImportRowResult>();
            using (var import = new DeviceImport(_fx.Store, ImportMode.SkipInvalidRows, dryRun: false, "overlap.csv"))
            {
                import.Prefetch(header, first);
                results.AddRange(first.Select(r => import.ImportRow(header, r.LineNumber, r.Fields)));
                import.Prefetch(header, second);
                results.AddRange(second.Select(r => import.ImportRow(header, r.LineNumber, r.Fields)));
                Assert.True(import.Complete().Committed);
            }

            // E0 gave up its serial in chunk 1: FREED may take it, TAKEN may not take E0's new one; R0 exists (any case).
            Assert.Equal(RecordAction.Updated, results[0].DeviceAction);
            Assert.Equal(RecordAction.Created, results[2].DeviceAction);
            Assert.Equal(ErrorIds.DuplicateSerial, results[3].ErrorId);
            Assert.Contains("'E0'", results[3].Error, StringComparison.Ordinal);
            Assert.Equal(ErrorIds.DuplicateKeyInFile, results[4].ErrorId);
            Assert.Equal("C02XK1ABJG5H", _fx.Device("FREED").Serial);
            Assert.Equal("C02XK1ABJG5K", _fx.Device("E0").Serial);
            // The user chunk 1 created is the one chunk 2 names: one user, both devices.
            Assert.Equal(2, _fx.Store.GetDevicesOfUser("owner").Count);
        }

        [Fact]
        public void AnUnchangedReImportOfManyChunksChangesNothing()
        {
            // Every chunk after the first follows one with nothing to write, and is read at its turn through the file's loop.
            int rows = ImportChunk.Rows * 3 + 5;
            string csv = Rows(rows, i => $"D{i},ios,,user{i % 500},");
            _fx.ImportOk(csv);
            string before = _fx.Snapshot();

            ImportOutcome again = _fx.Import(csv);

            Assert.Equal(rows, again.Summary.Unchanged);
            Assert.Equal(0, again.Summary.Created + again.Summary.Updated + again.Summary.Failed);
            Assert.Equal(0, again.Summary.UsersCreated + again.Summary.UsersUpdated);
            Assert.Equal(before, _fx.Snapshot());
        }

        /// <summary>
        /// Passes every call to the real SQLite store; when the import's first chunk write (ApplyChanges) starts, the store may
        /// grow by no page (max_page_count = page_count, what SQLite refuses as it refuses a full disk: SQLITE_FULL, while
        /// a page is allocated), so that write, and no other, fails for want of space; which call failed is kept.
        /// </summary>
        public class FullFromTheFirstChunkWrite : StoreProxy
        {
            private bool _lowered;

            public string? FailedIn { get; private set; }

            protected override object? Invoke(System.Reflection.MethodInfo? method, object?[]? args)
            {
                if (method!.Name == nameof(BizMobileGo.Core.Store.IDeviceStore.ApplyChanges) && !_lowered)
                {
                    _lowered = true;
                    var store = (BizMobileGo.Core.Store.SqliteDeviceStore)Inner;
                    long pages = (long)store.GetType().GetMethod("Scalar", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                        .MakeGenericMethod(typeof(long)).Invoke(store, new object[] { "PRAGMA page_count;" })!;
                    Execute(store, $"PRAGMA max_page_count = {pages};");
                }

                try
                {
                    return CallInner(method, args);
                }
                catch (BmgException) when (FailedIn == null)
                {
                    FailedIn = method.Name;
                    throw;
                }
            }
        }

        [Fact]
        public void A_chunk_whose_write_fails_beside_the_planning_fails_the_import_on_its_own_thread_and_leaves_the_store_as_it_was()
        {
            // A real failure of the write running beside the next chunk's planning: from the first chunk's write on, SQLite
            // refuses any new page (FullFromTheFirstChunkWrite), as it refuses them on a full disk (SQLITE_FULL). Not a page
            // budget (pages + 2) that the rows outgrow somewhere: the import's history row written first may take a page too.
            _fx.ImportOk(Rows(1, i => "KEEP,ios,,,"));
            // Free pages are reused before the file grows: none is left to reuse.
            Assert.Equal(0L, (long)_fx.Store.GetType().GetMethod("Scalar", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                .MakeGenericMethod(typeof(long)).Invoke(_fx.Store, new object[] { "PRAGMA freelist_count;" })!);
            var proxy = (FullFromTheFirstChunkWrite)(object)StoreProxy.Over<FullFromTheFirstChunkWrite>(_fx.Store);
            ImportHeader header = ImportHeader.ParseFile(CsvFileHeader.Of(new CsvRecord(1, new[] { "Identifier", "OS", "Serial", "UserName", "DisplayName" })), ',');
            var first = Enumerable.Range(0, ImportChunk.Rows).Select(i =>
                new BizMobileGo.Core.Csv.CsvRecord(i + 2, new[] { $"F{i}", "ios", "", $"user{i}", new string('x', 200) })).ToList();
            var second = new List<BizMobileGo.Core.Csv.CsvRecord> { new BizMobileGo.Core.Csv.CsvRecord(ImportChunk.Rows + 2, new[] { "S0", "ios", "", "", "" }) };

            Exception? failure = null;
            using (var import = new DeviceImport((BizMobileGo.Core.Store.IDeviceStore)proxy, ImportMode.AllOrNothing, dryRun: false, "full.csv"))
            {
                import.Prefetch(header, first);
                foreach (var record in first)
                {
                    import.ImportRow(header, record.LineNumber, record.Fields);
                }

                try
                {
                    import.Prefetch(header, second); // chunk 1's write starts here, beside chunk 2's planning
                    foreach (var record in second)
                    {
                        import.ImportRow(header, record.LineNumber, record.Fields);
                    }

                    import.Complete();
                }
                catch (Exception e)
                {
                    failure = e;
                    Execute(_fx.Store, "PRAGMA max_page_count = 1073741823;");
                    import.Abandon(0, (e as BmgException)?.ErrorId ?? "", e.Message);
                }
            }

            BmgException error = Assert.IsType<BmgException>(failure);
            Assert.Equal(ErrorIds.StoreFull, error.ErrorId);
            // The write it means: the first chunk's, not a read of the planning or the import's end.
            Assert.Equal(nameof(BizMobileGo.Core.Store.IDeviceStore.ApplyChanges), proxy.FailedIn);
            Assert.Equal(new[] { "KEEP" }, _fx.Store.GetDevices().Select(d => d.Identifier));
            Assert.Empty(_fx.Store.GetUsers());
            ImportHistoryEntry attempt = _fx.Store.GetImportHistory(null).First(h => h.Source.EndsWith("full.csv", StringComparison.Ordinal));
            Assert.False(attempt.Committed);
        }

        private static void Execute(BizMobileGo.Core.Store.SqliteDeviceStore store, string sql) =>
            store.GetType().GetMethod("Execute", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                .Invoke(store, new object[] { sql });

        [Fact]
        public void AnUpdateInOneChunkIsWhatALaterChunkComparesWith()
        {
            _fx.ImportOk(Rows(3, i => $"K{i},ios,,,"));
            int rows = ImportChunk.Rows + 5;
            // K1 changes on the first line, and again (identically, once a device may appear once: a new device) later on.
            ImportOutcome outcome = _fx.Import(Rows(rows, i =>
                i == 0 ? "K1,ios,,,renamed"
                : i == rows - 1 ? "k1,ios,,,renamed"
                : $"N{i},ios,,,"), ImportMode.SkipInvalidRows);

            // The repeated identifier is refused whichever chunk it is in (ignoring case), naming the first line.
            ImportRowResult repeat = outcome.Line(rows + 1);
            Assert.Equal(ErrorIds.DuplicateKeyInFile, repeat.ErrorId);
            Assert.Contains("line 2", repeat.Error, StringComparison.Ordinal);
            Assert.Equal("renamed", _fx.Device("K1").DisplayName);
            Assert.Equal(rows - 2, outcome.Rows.Count(r => r.DeviceAction == RecordAction.Created));
        }

        [Fact]
        public void AFailedAllOrNothingImportOfManyChunksLeavesTheStoreAsItWas()
        {
            _fx.ImportOk(Rows(2, i => $"OLD{i},ios,,,"));
            string before = _fx.Snapshot();
            int rows = ImportChunk.Rows * 3;
            ImportOutcome outcome = _fx.Import(Rows(rows, i => i == rows - 1 ? "BAD ID,ios,,," : $"M{i},ios,,,"));

            Assert.False(outcome.Summary.Committed);
            Assert.Equal(before, _fx.Snapshot());
        }

        [Fact]
        public void ABrokenRecordChunksAheadStillStopsTheImportAfterTheRowsBeforeIt()
        {
            int good = ImportChunk.Rows * 2 + 500;
            string csv = Rows(good, i => $"R{i},ios,,,") + "BROKEN,ios,,,\"never closed\n";
            var seen = new List<int>();
            var import = new DeviceImport(_fx.Store, ImportMode.AllOrNothing, false, "broken.csv", () => _fx.Now);
            var e = Assert.Throws<BizMobileGo.Core.Csv.CsvFormatException>(() =>
            {
                foreach (ImportRowResult row in DeviceCsvFile.ImportRows(import, new System.IO.StringReader(csv), ',', "broken.csv"))
                {
                    seen.Add(row.Line);
                }
            });
            import.Dispose();

            Assert.Equal(Enumerable.Range(2, good), seen);
            Assert.Equal(good + 2, e.LineNumber);
            Assert.Null(_fx.Store.GetDevice("R0"));
        }

        [Fact]
        public void AnImportStoppedMidFileEndsItsReaderAndLeavesTheStoreFree()
        {
            string csv = Rows(ImportChunk.Rows * 5, i => $"S{i},ios,,,");
            using (var import = new DeviceImport(_fx.Store, ImportMode.AllOrNothing, false, "stopped.csv", () => _fx.Now))
            {
                // As Ctrl+C does: the import's enumeration is abandoned after a few rows, then the import is disposed.
                Assert.Equal(10, DeviceCsvFile.ImportRows(import, new System.IO.StringReader(csv), ',', "stopped.csv").Take(10).Count());
            }

            Assert.Null(_fx.Store.GetDevice("S0"));
            _fx.ImportOk(Rows(1, i => "AFTER,ios,,,"));
            Assert.NotNull(_fx.Store.GetDevice("AFTER"));
        }

        public void Dispose() => _fx.Dispose();
    }
}
