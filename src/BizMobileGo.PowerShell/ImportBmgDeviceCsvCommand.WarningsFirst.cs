using System;
using System.Collections.Generic;
using System.IO;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Files;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;

namespace BizMobileGo.PowerShell
{
    // A file's warnings under -WarningAction Inquire (or $WarningPreference = 'Inquire') are questions, and a question left open
    // must hold no lock (README "A confirmation prompt holds no lock"; round 30 asked them inside the import's transaction, so
    // every other writer ended StoreBusy after 30 s). So the file is planned first as a dry run (-WhatIf's store: no writer
    // lock), its warnings asked, and only then imported under the lock: the import plans it again against the store as it is
    // by then, and says after its commit only the warnings the questions did not ask (another writer's change meanwhile), as
    // -Confirm's path says a value changed meanwhile (StaleConfirmation). Only this path pays for the second plan: without
    // Inquire the file is planned once, under the lock.
    public sealed partial class ImportBmgDeviceCsvCommand
    {
        /// <summary>
        /// Plans <paramref name="file"/> as a dry run, asks its warnings (Halt stops the command here: <paramref name="run"/>,
        /// which holds no lock yet, is recorded Stopped). The dry plan reads the file through a stream of its own: the
        /// import's is read once, by the import, which hashes it for the history.
        /// </summary>
        private void AskWarningsFirst(ImportRun run, string file)
        {
            List<string> warnings = DryPlanWarnings(file);
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
                throw;
            }

            _warningsAsked = new HashSet<string>(warnings, StringComparer.Ordinal);
        }

        /// <summary>
        /// The warnings the import of <paramref name="file"/> would say, as it says them (the file's, each row's, the values
        /// kept for Excel's '?'), from a dry run on -WhatIf's store. None for a file the import would refuse (its warnings
        /// follow its refusal, which holds no lock) or can't read (its own error follows).
        /// </summary>
        private List<string> DryPlanWarnings(string file)
        {
            var warnings = new List<string>();
            FileStream stream;
            try
            {
                stream = InputFile.OpenRead(file, StopToken, 1 << 16, FileOptions.SequentialScan);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Gone (or locked) since the import opened it: the import reads what it opened, and asks as it goes.
                return warnings;
            }

            // The import (StartRun) opened the store, and made it if it was new: the dry plan reads that store.
            using FileStream planned = stream;
            using IDeviceStore planStore = OpenDryRunStore();
            _heldWarnings = warnings;
            try
            {
                using var plan = new ImportRun(this, new DeviceImport(planStore, Mode, dryRun: true, file, command: MyInvocation.MyCommand.Name), file, stream);
                using CsvDecodingReader text = CsvEncoding.OpenText(stream, _encoding, StopToken);
                char delimiter = DelimiterOf(text, file, say: false);
                foreach (ImportRowResult row in DeviceCsvFile.ImportRows(plan.Import, text, delimiter, file, WriteWarning))
                {
                    plan.Report(row, null);
                }

                if (!plan.Import.Accepted)
                {
                    warnings.Clear();
                    return warnings;
                }

                plan.ReportWarningsBeforeCommit();
                return warnings;
            }
            catch (Exception e) when (DeviceCsvFile.IsFileProblem(e))
            {
                warnings.Clear();
                return warnings;
            }
            finally
            {
                _heldWarnings = null;
            }
        }
    }
}
