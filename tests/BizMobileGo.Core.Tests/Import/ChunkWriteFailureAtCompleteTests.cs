using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;
using BizMobileGo.Core.Tests.Reliability;
using BizMobileGo.Core.Tests.Store;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    /// <summary>
    /// A chunk written beside the planning of the file's last chunk fails (a full disk), and nothing waits for that write
    /// before <see cref="DeviceImport.Complete"/>: the failure surfaces there. Whether it does depends on the file's reader
    /// thread — had the last chunk not been read when the one before it was planned, the import would have written it at
    /// once (WritePlanned) and failed inside the enumeration, where Import-BmgDeviceCsv gives the import up with the
    /// store's error. From Complete, the cmdlet only disposes the import: before the fix, its history entry then said the
    /// import was stopped (Ctrl+C) instead of StoreFull. The steps of DeviceCsvFile.ImportRows are taken here one by one,
    /// so the write runs beside the planning whatever the machine's load.
    /// </summary>
    public sealed class ChunkWriteFailureAtCompleteTests : IDisposable
    {
        private readonly TestStoreFolder _folder = new TestStoreFolder("bmg-chunkfail-");

        public void Dispose() => _folder.Dispose();

        /// <summary>Passes every call to the real store; the first chunk's write (ApplyChanges) fails as a full disk does.</summary>
        public class FullAtFirstWrite : StoreProxy
        {
            private bool _failed;

            protected override object? Invoke(MethodInfo? method, object?[]? args)
            {
                if (method!.Name == nameof(IDeviceStore.ApplyChanges) && !_failed)
                {
                    _failed = true;
                    throw new BmgException(ErrorIds.StoreFull, BmgErrorCategory.WriteError, "The disk holding the store is full.");
                }

                return CallInner(method, args);
            }
        }

        [Fact]
        public void A_write_beside_the_last_chunks_planning_that_fails_is_recorded_as_the_stores_failure_not_as_a_stop()
        {
            using SqliteDeviceStore real = SqliteDeviceStore.Open(_folder.PathOf("store.db"));
            IDeviceStore full = StoreProxy.Over<FullAtFirstWrite>(real);

            using var reader = new CsvRecordReader(new StringReader(TestImports.Csv("full", ImportChunk.Rows + 10)), ',');
            (_, ImportHeader header) = DeviceCsvFile.ReadHeader(reader, ',', "rows.csv");
            var records = new List<CsvRecord>();
            while (reader.TryReadRecord(out CsvRecord record))
            {
                records.Add(record);
            }

            var import = new DeviceImport(full, ImportMode.AllOrNothing, dryRun: false, source: "rows.csv");
            // As ImportRows does when the reader thread is a chunk ahead: each chunk prefetched, then its rows planned; the
            // second Prefetch starts the first chunk's write beside the planning of the last.
            foreach (List<CsvRecord> chunk in new[] { records.Take(ImportChunk.Rows).ToList(), records.Skip(ImportChunk.Rows).ToList() })
            {
                import.Prefetch(header, chunk);
                foreach (CsvRecord record in chunk)
                {
                    Assert.Equal(RecordAction.Created, import.ImportRow(header, record.LineNumber, record.Fields).DeviceAction);
                }
            }

            BmgException error = Assert.Throws<BmgException>(() => import.Complete());
            Assert.Equal(ErrorIds.StoreFull, error.ErrorId);
            // What Import-BmgDeviceCsv does after Complete failed: it disposes the import, and nothing more.
            import.Dispose();

            Assert.Empty(real.GetDevices());
            ImportHistoryEntry attempt = Assert.Single(real.GetImportHistory(null));
            Assert.False(attempt.Committed);
            Assert.Contains(attempt.Errors, e => e.ErrorId == ErrorIds.StoreFull);
            Assert.DoesNotContain(attempt.Errors, e => e.ErrorId == ErrorIds.ImportStopped);
        }
    }
}
