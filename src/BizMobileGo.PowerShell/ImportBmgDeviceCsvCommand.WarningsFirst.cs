using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Files;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;

namespace BizMobileGo.PowerShell
{
    // An import's warnings under -WarningAction Inquire (or $WarningPreference = 'Inquire') are questions, and a question left
    // open must hold no lock (README "A confirmation prompt holds no lock"; round 30 asked them inside the import's
    // transaction, so every other writer ended StoreBusy after 30 s). So the rows are planned first as a dry run (-WhatIf's
    // store: no writer lock), their warnings asked, and only then imported under the lock: the import plans them again
    // against the store as it is by then, and says after its commit only the warnings the questions did not ask (another
    // writer's change meanwhile), as -Confirm's path says a value changed meanwhile (StaleConfirmation). A file is read twice
    // (a stream of its own for the dry plan); piped rows are held until the input ends. Only this path pays for the second
    // plan: without Inquire the rows are planned once, under the lock. A pipe, a FIFO or stdin can't be read twice: its
    // warnings are asked as the import meets them, under the lock (README).
    public sealed partial class ImportBmgDeviceCsvCommand
    {
        /// <summary>
        /// Plans <paramref name="file"/> as a dry run and asks its warnings before <paramref name="run"/>, which holds no lock
        /// yet, reads it (Halt stops the command here, and <paramref name="run"/> is recorded Stopped). The dry plan reads the
        /// file through a stream of its own: the import's is read once, by the import, which hashes it for the history.
        /// </summary>
        private void AskWarningsFirst(ImportRun run, string file)
        {
            FileStream stream;
            try
            {
                stream = InputFile.OpenRead(file, StopToken, 1 << 16, FileOptions.SequentialScan);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Gone (or locked) since the import opened it: the import reads what it opened, and asks as it goes.
                return;
            }

            List<string> warnings;
            using (stream)
            {
                warnings = DryPlanWarnings(file, stream, plan =>
                {
                    using CsvDecodingReader text = CsvEncoding.OpenText(stream, _encoding, StopToken);
                    char delimiter = DelimiterOf(text, file, say: false);
                    foreach (ImportRowResult row in DeviceCsvFile.ImportRows(plan.Import, text, delimiter, file, WriteWarning))
                    {
                        plan.Report(row, null);
                    }
                });
            }

            Ask(warnings, run);
        }

        /// <summary>
        /// The piped rows held under Inquire, once the input ended: planned as a dry run, their warnings asked, then imported
        /// into <see cref="_pipelineRun"/>, which takes the write lock only after the answers.
        /// </summary>
        private void ImportHeldRows(List<(PSObject Row, RecordError? RefusedBecause)> held)
        {
            List<string> warnings = DryPlanWarnings(PipelineSource, null, plan =>
            {
                _pipelineRun = plan;
                try
                {
                    foreach ((PSObject row, RecordError? refusedBecause) in held)
                    {
                        ImportPipedRow(row, refusedBecause);
                    }
                }
                finally
                {
                    _pipelineRun = null;
                }
            });

            ImportRun run = StartRun(PipelineSource, false, null, null, waitForStore: true);
            // Ctrl+C or Halt from here on: CloseOpenWork disposes it, recorded Stopped.
            _pipelineRun = run;
            Ask(warnings, run);
            try
            {
                run.Import.TakeStore();
            }
            catch (BmgException e)
            {
                _pipelineRun = null;
                run.Dispose();
                ThrowTerminatingError(ImportStoppedRecord(e, WhatIfRequested));
            }

            foreach ((PSObject row, RecordError? refusedBecause) in held)
            {
                ImportPipedRow(row, refusedBecause);
            }
        }

        /// <summary>
        /// The warnings an import of these rows would say, as it says them (the file's, each row's, the values kept for
        /// Excel's '?'), from a dry run of <paramref name="planRows"/> on -WhatIf's store. None for rows the import would
        /// refuse (their warnings follow the refusal, which holds no lock) or can't read (the import then says why).
        /// </summary>
        private List<string> DryPlanWarnings(string source, Stream? stream, Action<ImportRun> planRows)
        {
            var warnings = new List<string>();
            using IDeviceStore planStore = OpenDryRunStore();
            using var plan = new ImportRun(this, new DeviceImport(planStore, Mode, dryRun: true, source, command: MyInvocation.MyCommand.Name), source, stream);
            _heldWarnings = warnings;
            try
            {
                planRows(plan);
                if (plan.Import.Accepted)
                {
                    plan.ReportWarningsBeforeCommit();
                }
                else
                {
                    warnings.Clear();
                }
            }
            catch (Exception e) when (e is DryPlanGaveUp || DeviceCsvFile.IsFileProblem(e))
            {
                warnings.Clear();
            }
            finally
            {
                _heldWarnings = null;
            }

            return warnings;
        }

        /// <summary>Asks each warning; those asked are not said again by the import (<see cref="BmgCmdlet._warningsAsked"/>).</summary>
        private void Ask(List<string> warnings, ImportRun run)
        {
            try
            {
                foreach (string warning in warnings)
                {
                    WriteWarning(warning);
                }
            }
            catch (Exception) when (PromptFailure is BmgException failure)
            {
                // No console to ask at: the history says so, not "stopped".
                run.Import.Abandon(0, failure.ErrorId, failure.Message);
                if (ReferenceEquals(_pipelineRun, run))
                {
                    _pipelineRun = null;
                    run.Dispose();
                }

                throw;
            }

            _warningsAsked = new HashSet<string>(warnings, StringComparer.Ordinal);
        }

        /// <summary>A piped row's problem that ends the import (its header, the store) ends a dry plan without asking.</summary>
        private void GiveUpIfDryPlanning()
        {
            if (_heldWarnings != null)
            {
                throw new DryPlanGaveUp();
            }
        }

        private sealed class DryPlanGaveUp : Exception
        {
        }
    }
}
