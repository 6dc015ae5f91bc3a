using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Imports Apple's DEP data: Device Assignment Services' fetch/sync device responses and profile
    /// response (JSON), Apple Business Manager's device list CSV, or the module's own CSV; files in the order given.
    /// </summary>
    [Cmdlet(VerbsData.Import, "BmgDepDevice", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
    [OutputType(typeof(DepImportSummary))]
    public sealed class ImportBmgDepDeviceCommand : BmgCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [NameNotObject(nameof(Path), "Import-BmgDepDevice", PassOnWith = new[] { "PSPath", nameof(LiteralPath), "LP" })]
        [SupportsWildcards]
        public string[] Path { get; set; } = new string[0];

        /// <summary>Paths taken as they are (no wildcards); binds the PSPath of Get-ChildItem output, as Import-Csv does.</summary>
        [Parameter(ParameterSetName = LiteralPathSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        public string[] LiteralPath { get; set; } = new string[0];

        /// <summary>
        /// The name of this MDM in Apple Business Manager (its Assigned MDM Server column): needed when the device list names
        /// several servers; the rows of the others are skipped. Files of another shape have no such column: when no file of the
        /// command is such a list, a warning says -MdmServer was not used (DepDeviceFile.MdmServerUnused).
        /// </summary>
        [Parameter]
        [NoScriptBlock]
        [ValidateNotNullOrEmpty]
        public string? MdmServer { get; set; }

        protected override void ProcessRecordCore()
        {
            bool literal = ParameterSetName == LiteralPathSet;
            try
            {
                // Every file this input names, before the first is imported: whether a later file may continue a page whose
                // more_to_follow is true decides when its warning is said (Import).
                var files = new List<string>();
                foreach (string path in literal ? LiteralPath : Path)
                {
                    // A missing file, or a pattern that named none (Apple's response never saved), fails the command at its end
                    // as Import-BmgDeviceCsv's does (BmgCmdlet.ImportFailures.cs): a nightly DEP refresh whose file never
                    // arrived must not exit 0.
                    files.AddRange(ResolveFiles(path, literal, NothingImportedFrom));
                }

                for (int i = 0; i < files.Count; i++)
                {
                    string file = files[i];
                    bool laterFileGiven = i < files.Count - 1;
                    ForItem(() => Import(file, laterFileGiven));
                }
            }
            catch (Exception)
            {
                WarnUnnamedProfilesBeforeEnding();
                throw;
            }
        }

        private void Import(string file, bool laterFileGiven)
        {
            // Ctrl+C ends a FIFO's wait for its writer as for Import-BmgDeviceCsv (InputFile): the command ends stopped.
            // A warning that stops the command (-WarningAction Stop) or asks (Inquire) is said before the file is written, as
            // New-BmgDevice's is before its device is: a stop leaves the store as it was (walkthrough 30, finding 4). Otherwise
            // the warnings follow the written file, with its summary. One that asks (Inquire) is asked as -Confirm's prompt is,
            // before the write lock is taken (DepImport's warningsAsk); those only the plan under the lock has follow the write.
            var saidBeforeWrite = new HashSet<string>(StringComparer.Ordinal);
            Action<IReadOnlyList<string>>? beforeWrite = null;
            if (WarningActsOnEach())
            {
                beforeWrite = warnings =>
                {
                    foreach (string warning in warnings)
                    {
                        if (saidBeforeWrite.Add(warning))
                        {
                            WriteWarning(warning);
                        }
                    }
                };
            }

            // A page whose more_to_follow is true is warned about unless a later file of the command continues it. Under a
            // warning that stops or asks, it is said with the file's own warnings, before the write, unless a later file is
            // given with it (-Path page1.json, page2.json); otherwise it waits for the files after it (PendingPage).
            bool sayMoreToFollow = beforeWrite != null && !laterFileGiven;
            DepImportResult result;
            try
            {
                result = DepImport.Import(Store, file, DateTimeOffset.UtcNow,
                    plan => ShouldProcess(file, $"Import DEP devices: {plan.Describe()}"), StopToken, MdmServer, ConfirmMayPrompt, beforeWrite,
                    WarningAsks(), sayMoreToFollow);
            }
            catch (BmgException e) when (!IsStoreFailure(e))
            {
                // Refused whole before it was planned (its shape, its MDM servers, its bytes): its own error, and the next file
                // still gets its turn; EndProcessing then fails the command, as Import-BmgDeviceCsv's refused file does.
                ErrorRecord fileError = ToErrorRecord(e);
                WriteError(fileError);
                // Its cause in ImportFailed too: the error above is not shown under -ErrorAction SilentlyContinue. The file's
                // errors name it ("The DEP device file 'x' can't be imported: …"); one that does not is said to be its.
                string cause = ImportCause(fileError);
                ImportRefused(file, e.Message.Contains(file) ? cause : $"The DEP device file '{FieldText.Printable(file)}' can't be imported: {cause}", WhatIfInEffect);
                return;
            }

            _formats.Add((file, result.Summary.Format));
            NotePage(file, result, sayMoreToFollow);
            foreach (string warning in result.Warnings)
            {
                if (!saidBeforeWrite.Contains(warning))
                {
                    WriteWarning(warning);
                }
            }

            foreach (BmgException error in result.Errors)
            {
                WriteError(ToErrorRecord(error));
            }

            if (result.Errors.Count != 0)
            {
                string entries = $"{result.Errors.Count} {(result.Errors.Count == 1 ? "entry" : "entries")} of the DEP device file '{file}'";
                WriteError(ToErrorRecord(new BmgException(ErrorIds.DepDeviceFileInvalid, BmgErrorCategory.InvalidData,
                    $"{entries} can't be imported (see the errors above), so nothing was imported from it.", file)));
                // The file wrote nothing: the command fails at its end (under -WhatIf: would be refused).
                ImportRefused(file, $"{entries} failed", WhatIfInEffect, "Fix the failed entries (each has its own error, written before this one).");
            }

            foreach (string uuid in result.Summary.UnnamedProfileUuids)
            {
                if (!_unnamedProfiles.Exists(u => string.Equals(u.Uuid, uuid, StringComparison.OrdinalIgnoreCase)))
                {
                    // A dry run's file is in the dry run's store as the real run's is in the store (DryRun): both are read alike.
                    _unnamedProfiles.Add((file, uuid, result.Summary.Committed || result.KeptInDryRun));
                }
            }

            WriteObject(result.Summary);
        }

        // A device response imported with more_to_follow true whose warning waits for the files after it: the next device
        // response of the command that is imported (or would be, under -WhatIf) continues it; at the end it is said.
        private (string File, string? Cursor)? _pendingPage;

        /// <summary>
        /// Apple pages a fetch or sync of many devices; each page is a file, and the next is asked for with the cursor of the
        /// one before. Which device response follows which is not in the files (a page does not name the cursor it was asked
        /// with), so any later device response of the command continues a page; one refused does not.
        /// </summary>
        private void NotePage(string file, DepImportResult result, bool alreadySaid)
        {
            DepImportSummary summary = result.Summary;
            if (summary.Format != DepDeviceFile.DeviceResponseFormat || result.Errors.Count != 0 || !(summary.Committed || WhatIfInEffect))
            {
                return;
            }

            _pendingPage = summary.MoreToFollow && !alreadySaid ? (file, summary.Cursor) : null;
        }

        private void WarnPendingPage()
        {
            if (_pendingPage is { } page)
            {
                _pendingPage = null;
                WriteWarning(DepDeviceFile.MoreToFollowWarning(page.File, page.Cursor));
            }
        }

        // The files read, and their shapes: -MdmServer applies to Apple Business Manager's device list only.
        private readonly List<(string File, string Format)> _formats = new List<(string File, string Format)>();

        // Profile uuids the files left without a name, warned about once every file had its turn: a profile response
        // later in the same call (Import-BmgDepDevice ./dep-*, in name order) names them.
        private readonly List<(string File, string Uuid, bool Written)> _unnamedProfiles = new List<(string File, string Uuid, bool Written)>();

        protected override void EndProcessingCore()
        {
            WarnPendingPage();
            WarnUnnamedProfiles();
            // Said once for the command, not once a file: a folder's Apple Business Manager list beside Apple's JSON uses it.
            if (DepDeviceFile.MdmServerUnused(MdmServer, _formats) is string unused)
            {
                WriteWarning(unused);
            }

            // Under -WhatIf the refused files would be refused: ImportFailed says so, as Import-BmgDeviceCsv's does.
            ThrowIfAnyImportWroteNothing(WhatIfInEffect);
        }

        /// <summary>
        /// Only for profiles that still have active devices and no name: a later file may have named them, or released or moved
        /// their devices. A -WhatIf's store holds what its files would write (DryRun), so it is read the same way; only a file
        /// not written (-Confirm answered No) is judged by its name alone.
        /// </summary>
        private void WarnUnnamedProfiles()
        {
            List<(string File, string Uuid, bool Written)> pending = _unnamedProfiles.ToList();
            _unnamedProfiles.Clear();
            if (pending.Count == 0)
            {
                return;
            }

            var inUse = new HashSet<string>(DepInventory.UnnamedProfilesInUse(Store), StringComparer.OrdinalIgnoreCase);
            foreach ((string file, string uuid, bool written) in pending)
            {
                if (written ? inUse.Contains(uuid) : Store.GetDepProfileName(uuid) == null)
                {
                    WriteWarning($"DEP devices of '{file}' are assigned the profile {uuid}, whose name is not known: import Apple's profile response for it (Import-BmgDepDevice profile.json) or name it with Set-BmgDepProfile -Uuid {uuid} -Name <name>.");
                }
            }
        }

        /// <summary>
        /// A terminating error (-ErrorAction Stop on a refused file, a store that failed) ends the command without EndProcessing:
        /// the files committed before it still get their warnings. After Ctrl+C PowerShell takes no more output, so they are lost then.
        /// </summary>
        private void WarnUnnamedProfilesBeforeEnding()
        {
            if (!StopToken.IsCancellationRequested)
            {
                try
                {
                    WarnPendingPage();
                    WarnUnnamedProfiles();
                }
                catch (Exception e) when (e is PipelineStoppedException || e is ActionPreferenceStopException || e is BmgException)
                {
                    // -WarningAction Stop, or a store that can't be read any more: the original error is the one to report.
                }
            }
        }
    }
}
