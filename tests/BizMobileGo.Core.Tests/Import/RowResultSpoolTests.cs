using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Import
{
    /// <summary>
    /// Tests that read the process's managed heap: they run alone, after the parallel ones, so no other test's
    /// allocations are counted as the spool's.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class MemoryMeasurement
    {
        public const string Name = "Memory measurement";
    }

    /// <summary>Issue 10.1: row results wait, compactly, until their import is settled.</summary>
    [Collection(MemoryMeasurement.Name)]
    public class RowResultSpoolTests
    {
        private static ImportRowResult Row(int line, bool failed) => new ImportRowResult(line, $"dev{line:D7}", $"user{line}",
            RecordAction.Created, RecordAction.Updated,
            new List<FieldChange> { new FieldChange("OS", null, "ios"), new FieldChange("DisplayName", "old", null) },
            failed ? new List<RecordError> { new RecordError(ErrorIds.InvalidFieldValue, BmgErrorCategory.InvalidData, $"Line {line}: bad", "OS", "palm") } : new List<RecordError>(),
            line % 7 == 0 ? new List<string> { "a warning" } : new List<string>()) { Source = "/incoming/b.csv", LineBreaksAbove = 3 };

        [Fact]
        public void Spool_gives_back_every_row_in_order_with_its_changes_errors_warnings_and_cells()
        {
            using var spool = new RowResultSpool(rowsInMemory: 3);
            for (int line = 2; line < 12; line++)
            {
                spool.Add(Row(line, failed: line % 2 == 0), line % 2 == 0 ? new[] { $"dev{line}", null, "palm" } : null);
            }

            List<SpooledRow> rows = spool.Read().ToList();
            Assert.Equal(Enumerable.Range(2, 10), rows.Select(r => r.Result.Line));
            SpooledRow spilled = rows[8]; // line 10: from the file, not memory
            Assert.Equal("dev0000010", spilled.Result.Identifier);
            Assert.Equal(RecordAction.Failed, spilled.Result.Outcome);
            Assert.Equal(RecordAction.Updated, spilled.Result.DeviceAction);
            Assert.Equal("Line 10: bad", spilled.Result.Error);
            Assert.Equal("/incoming/b.csv", spilled.Result.Source);
            // The record and Excel's row (3 line breaks in cells above) come back too (walkthrough 37, 4).
            Assert.Equal("Line 10 (device 'dev0000010') of '/incoming/b.csv': bad (Excel shows this row as row 7: the line breaks inside cells above it count as lines but not as Excel's rows.)",
                spilled.Result.ErrorIn(spilled.Result.Source));
            Assert.Equal("palm", spilled.Result.GetErrors()[0].Value);
            Assert.Equal("", spilled.Result.Changes); // a failed row changes nothing
            Assert.Equal("OS: 'ios'; DisplayName: 'old' -> CLEARED", rows[9].Result.Changes); // line 11, from the file too
            Assert.Equal(new string?[] { "dev10", null, "palm" }, spilled.Cells);
            Assert.Null(rows[9].Cells);
            Assert.Equal(new[] { "a warning" }, rows[5].Result.GetWarnings()); // line 7
            Assert.All(rows, r => Assert.Equal("/incoming/b.csv", r.Result.Source));
        }

        [Fact]
        public void Rows_kept_only_for_their_cells_come_back_in_order_not_reported_with_line_source_and_cells()
        {
            using var spool = new RowResultSpool(rowsInMemory: 2);
            for (int line = 2; line < 8; line++)
            {
                // Lines 4 and 6 fail (reported, with cells); the others are valid rows of an import that may be refused.
                bool failed = line == 4 || line == 6;
                spool.Add(Row(line, failed), new[] { $"dev{line}", failed ? "palm" : "ios" }, reported: failed);
            }

            List<SpooledRow> rows = spool.Read().ToList();
            Assert.NotNull(spool.FilePath);
            Assert.Equal(Enumerable.Range(2, 6), rows.Select(r => r.Result.Line));
            Assert.Equal(new[] { false, false, true, false, true, false }, rows.Select(r => r.Reported));
            Assert.Equal(new[] { "dev7", "ios" }, rows[5].Cells); // from the file
            Assert.False(rows[5].Result.Failed);
            Assert.Equal("/incoming/b.csv", rows[5].Result.Source);
            Assert.Equal("Line 6: bad", rows[4].Result.Error); // a reported row after a cells-only one in the file
            Assert.Equal(new[] { "dev6", "palm" }, rows[4].Cells);
            Assert.Equal("/incoming/b.csv", rows[4].Result.Source);
        }

        [Fact]
        public void Million_rows_stay_flat_in_memory_in_a_file_without_a_name()
        {
            string? path;
            long before = GC.GetTotalMemory(forceFullCollection: true);
            using (var spool = new RowResultSpool())
            {
                for (int line = 2; line < 1_000_002; line++)
                {
                    spool.Add(Row(line, failed: false));
                }

                long held = GC.GetTotalMemory(forceFullCollection: true) - before;
                // A List of a million results would hold several hundred MB; the spool keeps 1,000 rows and a buffer.
                Assert.True(held < 20_000_000, $"the spool holds {held:N0} bytes");
                path = spool.FilePath;
                Assert.NotNull(path);
                if (!OperatingSystem.IsWindows())
                {
                    // Made owner-only (mkstemp) and unnamed at once: a killed import leaves no file of rows (cells, codes) behind.
                    Assert.False(File.Exists(path), "the spool file has no name while the spool uses it");
                }

                int count = 0;
                int lastLine = 0;
                foreach (SpooledRow row in spool.Read())
                {
                    count++;
                    lastLine = row.Result.Line;
                }

                Assert.Equal(1_000_000, count);
                Assert.Equal(1_000_001, lastLine);
            }

            Assert.False(File.Exists(path), "the spool file is deleted when the import is done");
        }
    }
}
