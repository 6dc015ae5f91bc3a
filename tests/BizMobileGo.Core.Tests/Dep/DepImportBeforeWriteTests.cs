using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Tests.Import;
using Xunit;

namespace BizMobileGo.Core.Tests.Dep
{
    /// <summary>
    /// DepImport.Import's beforeWrite: the file's warnings, inside its write transaction and before anything is written, so a
    /// caller whose warning may stop the command (Import-BmgDepDevice under -WarningAction Stop) leaves the store as it was
    /// when it throws (walkthrough 30, finding 4).
    /// </summary>
    public class DepImportBeforeWriteTests : DepFileStoreTests
    {
        // Column 4 has no name and is blank in every row: imported, the column ignored, with a warning.
        private const string IgnoredColumn = "SerialNumber,Model,Description,\nF9FXK2CCCC05,iPhone 16,one,\nF9FXK2CCCC06,iPhone 16,two,\n";

        [Fact(DisplayName = "Round 30: beforeWrite is given the written file's warnings, those its result then reports")]
        public void IsGivenTheWarningsTheResultReports()
        {
            IReadOnlyList<DepWarning>? given = null;

            DepImportResult result = DepImport.Import(Fx.Store, Write("dep.csv", IgnoredColumn), StoreFixture.T0,
                beforeWrite: warnings => given = warnings.ToList());

            Assert.True(result.Summary.Committed);
            Assert.NotNull(given);
            string warning = Assert.Single(given!).Text;
            Assert.Contains("column 4 has no name in the header", warning);
            Assert.Equal(result.Warnings, given);
        }

        [Fact(DisplayName = "Round 30: a beforeWrite that throws (a warning under -WarningAction Stop) leaves no DEP device written")]
        public void AThrowWritesNothing()
        {
            string file = Write("dep.csv", IgnoredColumn);

            var stop = Assert.Throws<InvalidOperationException>(() => DepImport.Import(Fx.Store, file, StoreFixture.T0,
                confirmMayPrompt: false, beforeWrite: _ => throw new InvalidOperationException("stopped at the warning")));

            Assert.Equal("stopped at the warning", stop.Message);
            Assert.Empty(Fx.Store.GetDepDevices());
            // The store is not left locked or in a transaction: the same file imports afterwards.
            Assert.True(DepImport.Import(Fx.Store, file, StoreFixture.T0).Summary.Committed);
            Assert.Equal(2, Fx.Store.GetDepDevices().Count());
        }

        [Fact(DisplayName = "Round 30 (review 30b, 1): with warningsAsk, beforeWrite is the confirm step's, before the prompt, and not called again under the lock")]
        public void AWarningThatAsksIsSaidWithTheConfirmation()
        {
            var calls = new List<string>();

            DepImportResult result = DepImport.Import(Fx.Store, Write("dep.csv", IgnoredColumn), StoreFixture.T0,
                _ => { calls.Add("confirm"); return true; }, confirmMayPrompt: false,
                beforeWrite: warnings => calls.Add("warnings " + warnings.Count), warningsAsk: true);

            // Asked (warnings, then -Confirm's prompt) from the plan made before the lock, even where -Confirm alone can't
            // prompt (confirmMayPrompt false); the file is then written without asking again.
            Assert.Equal(new[] { "warnings 1", "confirm" }, calls);
            Assert.True(result.Summary.Committed);
            Assert.Equal(2, Fx.Store.GetDepDevices().Count());
        }

        [Fact(DisplayName = "Round 30 (review 30b, 1): with warningsAsk, a beforeWrite that throws (Inquire answered Halt) writes nothing and asks nothing more")]
        public void AHaltWritesNothing()
        {
            bool confirmed = false;

            Assert.Throws<InvalidOperationException>(() => DepImport.Import(Fx.Store, Write("dep.csv", IgnoredColumn), StoreFixture.T0,
                _ => confirmed = true, beforeWrite: _ => throw new InvalidOperationException("halted"), warningsAsk: true));

            Assert.False(confirmed);
            Assert.Empty(Fx.Store.GetDepDevices());
        }

        [Fact(DisplayName = "Round 30: beforeWrite is not called for a file that writes nothing (a dry run, a refused file)")]
        public void IsNotCalledWhenNothingIsWritten()
        {
            int calls = 0;

            DepImportResult dryRun = DepImport.Import(Fx.Store, Write("dep.csv", IgnoredColumn), StoreFixture.T0, _ => false,
                beforeWrite: _ => calls++);
            DepImportResult refused = DepImport.Import(Fx.Store, Write("bad.csv", "SerialNumber,Model\nnot a serial!,iPhone\n"), StoreFixture.T0,
                beforeWrite: _ => calls++);

            Assert.False(dryRun.Summary.Committed);
            Assert.NotEqual(0, refused.Summary.Failed);
            Assert.Equal(0, calls);
            Assert.Empty(Fx.Store.GetDepDevices());
        }
    }
}
