using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Text;

namespace BizMobileGo.PowerShell
{
    /// <summary>
    /// Imports Apple's DEP data: Device Assignment Services' fetch/sync device responses and profile
    /// response (JSON), Apple Business Manager's device list CSV, or the module's own CSV; files in the order given.
    /// Apple's replies piped as objects (Invoke-RestMethod's, ConvertFrom-Json's) are imported as their saved files are.
    /// </summary>
    [Cmdlet(VerbsData.Import, "BmgDepDevice", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
    [OutputType(typeof(DepImportSummary))]
    public sealed class ImportBmgDepDeviceCommand : BmgCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string InputObjectSet = "InputObject";

        // A piped reply of Apple's (one of its keys as a property, or a dictionary's key: PipedAppleResponse.IsReply) is handed
        // on to -InputObject (its binding by value comes after -Path's, the default set's, is refused): Invoke-RestMethod's
        // output was "not a name for -Path … rename another column" (walkthrough 31b, 12).
        [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        // -Path binds piped strings by value alone: another object is told what is taken (OtherObjectsTaken), not to rename a column.
        [NameNotObject(nameof(Path), "Import-BmgDepDevice", PassOnWith = new[] { "PSPath", nameof(LiteralPath), "LP", DepDeviceObjects.SerialProperty }, PassOnAppleReplies = true,
            OtherObjectsTaken = "the files (Get-ChildItem ./dep-*.json | Import-BmgDepDevice), or Apple's replies as Invoke-RestMethod or "
                + "ConvertFrom-Json returns them (objects with '" + DepReplyKeys.Devices + "', or '" + DepReplyKeys.ProfileUuid + "' and '"
                + DepReplyKeys.ProfileName + "': Invoke-RestMethod … | Import-BmgDepDevice), or DEP devices (Get-BmgDepDevice -Database a | Import-BmgDepDevice).")]
        [SupportsWildcards]
        public string[] Path { get; set; } = new string[0];

        /// <summary>Paths taken as they are (no wildcards); binds the PSPath of Get-ChildItem output, as Import-Csv does.</summary>
        [Parameter(ParameterSetName = LiteralPathSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        public string[] LiteralPath { get; set; } = new string[0];

        /// <summary>
        /// Apple's reply as Invoke-RestMethod or ConvertFrom-Json returns it: a device response ({devices, cursor,
        /// more_to_follow}) or a profile response, each piped object imported as the same reply saved to a file would be
        /// (one transaction each; its errors name "piped object N" where a file's name the file).
        /// </summary>
        [Parameter(ParameterSetName = InputObjectSet, Mandatory = true, ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>
        /// The name of this MDM in Apple Business Manager (its Assigned MDM Server column): needed when the device list names
        /// several servers; the rows of the others are skipped. Files of another shape have no such column: when no file of the
        /// command is such a list, a warning says -MdmServer was not used (DepDeviceFile.MdmServerUnused).
        /// </summary>
        [Parameter]
        [NoScriptBlock]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(MdmServerCompleter))]
        public string? MdmServer { get; set; }

        /// <summary>
        /// Imports Apple Business Manager's list with an -MdmServer that is not the server the store's active DEP devices are
        /// assigned to (DepMdmServerChanged): this MDM really is that server now, and the store's DEP devices the list gives to
        /// others are released. Without it such a list is refused.
        /// </summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>
        /// Imports a file's valid entries and reports the failed ones (one non-terminating error each, counted in the summary's
        /// Failed), instead of writing nothing of a file when any entry fails, as Import-BmgDeviceCsv -SkipInvalidRows does with
        /// rows (walkthrough 40, 5). An error of the file as a whole still refuses it.
        /// </summary>
        [Parameter]
        public SwitchParameter SkipInvalidRows { get; set; }

        /// <summary>
        /// Who a service says this import is made for, recorded beside the OS user (BmgCmdlet.ChangedBy.cs) in the history entry of
        /// each device whose serial a file releases (or whose release it undoes).
        /// </summary>
        [Parameter]
        [NoScriptBlock]
        public string? ChangedBy { get; set; }

        protected override string? ChangedByGiven => ChangedBy;

        protected override void ProcessRecordCore()
        {
            bool literal = ParameterSetName == LiteralPathSet;
            // Input from the pipeline comes one record a call (Get-ChildItem p*.json, Invoke-RestMethod's pages): a later record
            // may continue a page whose more_to_follow is true, so its warning waits for the end of the input (PendingPage).
            bool laterInputMayFollow = MyInvocation.ExpectingInput;
            try
            {
                if (ParameterSetName == InputObjectSet && PipedLiteralPath(InputObject) is null && DepDeviceObjects.Is(InputObject))
                {
                    // A DEP device object (Get-BmgDepDevice of another store) waits for the ones piped after it: they are
                    // imported together, as the rows of one CSV (ImportPipedDepDevices).
                    _pipedDepDevices.Add((DepDeviceFile.PipedSource(++_pipedResponses), DepDeviceObjects.Properties(InputObject!)));
                    if (_pipedDepDevices.Count >= PipedDepDevicesAtOnce)
                    {
                        ImportPipedDepDevices();
                    }

                    return;
                }

                // Anything else piped after DEP device objects is imported after them, in the order piped.
                ImportPipedDepDevices();
                if (ParameterSetName == InputObjectSet && PipedLiteralPath(InputObject) is string pipedPath)
                {
                    // A piped file (Get-ChildItem) is handed on by -Path as before, and binds -InputObject first (by value,
                    // before -LiteralPath by property name): it is the -LiteralPath it always was.
                    ImportFiles(new[] { pipedPath }, literal: true, laterInputMayFollow);
                }
                else if (ParameterSetName == InputObjectSet)
                {
                    string source = DepDeviceFile.PipedSource(++_pipedResponses);
                    ForItem(() => Import(source, () => DepDeviceFile.ReadResponse(PipedAppleResponse.ToJson(InputObject, source), source), laterInputMayFollow));
                }
                else
                {
                    var paths = new List<string>();
                    foreach (string path in literal ? LiteralPath : Path)
                    {
                        if (!literal && IsTextNotPath(path, ',', deviceColumns: false))
                        {
                            // Told once at the end (ReportTextGivenAsPath), never the text itself: it is data. How the first
                            // was given (piped, or -Path) is what the error says and names, as Import-BmgDeviceCsv's does.
                            _textGivenAs ??= FromPipeline(nameof(Path)) ? PipedTextSource : "-Path";
                            _textGivenAsPath++;
                            continue;
                        }

                        paths.Add(path);
                    }

                    ImportFiles(paths, literal, laterInputMayFollow);
                }
            }
            catch (Exception)
            {
                WarnUnnamedProfilesBeforeEnding();
                throw;
            }
        }

        /// <summary>
        /// Round 33 (left33b, 4): piped DEP device objects are imported together, up to this many at once, as the rows of one
        /// CSV: one transaction and one summary ("piped objects 1–1000"), and a CSV's failure rule (one refused object leaves
        /// the store as that chunk found it). One transaction each made `Get-BmgDepDevice -Database a | Import-BmgDepDevice
        /// -Database b` of 10,000 devices 10,000 transactions; Apple's pages hold at most 1,000 devices, so a chunk is one
        /// page's worth and a refusal names a chunk an admin can re-pipe.
        /// </summary>
        private const int PipedDepDevicesAtOnce = 1000;

        // The DEP device objects piped since the last import of them, each with its source ("piped object 4").
        private readonly List<(string Source, IReadOnlyList<KeyValuePair<string, string?>> Properties)> _pipedDepDevices =
            new List<(string Source, IReadOnlyList<KeyValuePair<string, string?>> Properties)>();

        /// <summary>Imports the DEP device objects piped so far as one (<see cref="PipedDepDevicesAtOnce"/>); nothing when there are none.</summary>
        private void ImportPipedDepDevices()
        {
            if (_pipedDepDevices.Count == 0)
            {
                return;
            }

            var objects = _pipedDepDevices.ToArray();
            _pipedDepDevices.Clear();
            string source = DepDeviceFile.PipedSources(_pipedResponses - objects.Length + 1, _pipedResponses);
            ForItem(() => Import(source, () => DepDeviceFile.ReadDeviceObjects(objects, source), laterFileGiven: false));
        }

        /// <summary>
        /// The files <paramref name="paths"/> name, each imported in turn, every one resolved before the first is imported:
        /// whether a later file may continue a page whose more_to_follow is true decides when its warning is said (Import).
        /// A missing file, or a pattern that named none (Apple's response never saved), fails the command at its end as
        /// Import-BmgDeviceCsv's does (BmgCmdlet.ImportFailures.cs): a nightly DEP refresh whose file never arrived must not
        /// exit 0. <paramref name="laterInputMayFollow"/>: the input is piped, and a later record may continue the last file's page.
        /// </summary>
        private void ImportFiles(IEnumerable<string> paths, bool literal, bool laterInputMayFollow)
        {
            var files = new List<string>();
            foreach (string path in paths)
            {
                files.AddRange(ResolveFiles(path, literal, NothingImportedFrom));
            }

            for (int i = 0; i < files.Count; i++)
            {
                string file = files[i];
                bool laterFileGiven = i < files.Count - 1 || laterInputMayFollow;
                ForItem(() => Import(file, () => DepDeviceFile.Read(file, StopToken, MdmServer), laterFileGiven));
            }
        }

        /// <summary>
        /// Imports one file, or one piped response (<paramref name="file"/> its source, "piped object N"), read by
        /// <paramref name="read"/>; <paramref name="laterFileGiven"/>: a later file of this input may continue its page.
        /// </summary>
        private void Import(string file, Func<DepFileContent> read, bool laterFileGiven)
        {
            // Ctrl+C ends a FIFO's wait for its writer as for Import-BmgDeviceCsv (InputFile): the command ends stopped.
            // A warning that stops the command (-WarningAction Stop) or asks (Inquire) is said before the file is written, as
            // New-BmgDevice's is before its device is: a stop leaves the store as it was (walkthrough 30, finding 4). Otherwise
            // the warnings follow the written file, with its summary. One that asks (Inquire) is asked as -Confirm's prompt is,
            // before the write lock is taken (DepImport's warningsAsk); those only the plan under the lock has follow the write.
            var saidBeforeWrite = new HashSet<string>(StringComparer.Ordinal);
            Action<IReadOnlyList<DepWarning>>? beforeWrite = null;
            if (WarningActsOnEach())
            {
                beforeWrite = warnings =>
                {
                    foreach (DepWarning warning in warnings)
                    {
                        if (saidBeforeWrite.Add(warning.Text))
                        {
                            WriteWarning(warning.Text);
                        }
                    }
                };
            }

            // A page whose more_to_follow is true is warned about unless a later file of the command continues it. Under a
            // warning that stops or asks, it is said with the file's own warnings, before the write, unless a later file is
            // given with it (-Path page1.json, page2.json) or the input is piped (a later record may continue it); otherwise it
            // waits for the files after it (PendingPage). A piped last page is then warned about at the end, after its write.
            bool sayMoreToFollow = beforeWrite != null && !laterFileGiven;
            DepImportResult result;
            try
            {
                result = DepImport.Import(Store, read(), DateTimeOffset.UtcNow,
                    plan => ShouldProcess(file, $"Import DEP devices: {plan.Describe()}"), ConfirmMayPrompt, beforeWrite,
                    WarningAsks(), sayMoreToFollow, Origin, Force, SkipInvalidRows);
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
                ImportRefused(file, e.Message.IndexOf(file, StringComparison.OrdinalIgnoreCase) >= 0 ? cause : $"{DepDeviceFile.Named(FieldText.Printable(file))} can't be imported: {cause}", WhatIfInEffect,
                    category: fileError.CategoryInfo.Category);
                return;
            }

            _formats.Add((file, result.Summary.Format));
            NotePage(file, result, sayMoreToFollow);
            foreach (DepWarning warning in result.Warnings)
            {
                if (saidBeforeWrite.Contains(warning.Text))
                {
                    continue;
                }

                // A warning each of many devices gets (a device still to check in whose serial is released) is said once for
                // all of them at the end, as New-BmgDevice's batch is (BmgCmdlet.BatchedWarnings.cs).
                WarnOrBatch(warning);
            }

            foreach (BmgException error in result.Errors)
            {
                WriteError(ToErrorRecord(error));
            }

            if (result.Refused)
            {
                // The file wrote nothing: the command fails at its end (under -WhatIf: would be refused), its ImportFailed
                // counting the entries. One error a failed entry and that one, as Import-BmgDeviceCsv's rows: no third record
                // in between saying the same again (walkthrough 37, finding 11).
                ImportRefused(file, RefusedWhy(file, result), WhatIfInEffect, RefusedAdvice(result));
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

        /// <summary>
        /// Why a refused file wrote nothing, as ImportFailed says it: "2 entries of the DEP device file 'x' failed"; an error
        /// of the file as a whole (a bad fetched_until, a profile's name) is said as such, not counted as an entry (left42).
        /// </summary>
        private static string RefusedWhy(string file, DepImportResult result)
        {
            string entries = $"{EnglishWords.Amount(result.FailedEntries, "entry", "entries")} of {OfSource(file)} failed";
            if (result.FileErrors.Count == 0)
            {
                return entries;
            }

            string problems = string.Join("; ", result.FileErrors.Select(fileError => ImportCause(fileError.Error.ErrorId, fileError.Problem)));
            return result.FailedEntries == 0
                ? $"{DepDeviceFile.Named(FieldText.Printable(file))} can't be imported: {problems}"
                : $"{entries}, and the file as a whole can't be imported: {problems}";
        }

        /// <summary>
        /// What to do about a refused file: fix its failed entries, or leave them out (-SkipInvalidRows); an error of the
        /// file as a whole the switch does not leave out, so it is not offered for one, and said to be why it did not help.
        /// </summary>
        private string? RefusedAdvice(DepImportResult result)
        {
            if (result.FileErrors.Count == 0)
            {
                return FixFailedItems("entries", SkipInvalidRows);
            }

            string fix = result.FailedEntries == 0
                ? "Fix the file"
                : "Fix the file and its failed entries";
            return $"{fix} (each error is written before this one){(SkipInvalidRows ? "; -SkipInvalidRows leaves out failed entries, not an error of the file as a whole" : "")}.";
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
            if (summary.Format != DepDeviceFile.DeviceResponseFormat || result.Refused || !(summary.Committed || WhatIfInEffect))
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

        /// <summary>
        /// The path a piped object that is no reply of Apple's names by -LiteralPath's name or aliases (a file's PSPath), or
        /// null: a reply (an object with one of Apple's keys) is imported as one even with such a property.
        /// </summary>
        private static string? PipedLiteralPath(PSObject? piped)
        {
            if (piped == null || PipedAppleResponse.IsReply(piped))
            {
                return null;
            }

            return new[] { "PSPath", nameof(LiteralPath), "LP" }.Select(name => piped.Properties[name]?.Value).OfType<string>().FirstOrDefault();
        }

        // "the DEP device file '/srv/dep.json'", "piped object 2": what "3 entries of …" names.
        private static string OfSource(string source)
        {
            string named = DepDeviceFile.Named(source);
            return named.StartsWith("The ", StringComparison.Ordinal) ? "t" + named.Substring(1) : source;
        }

        // Piped responses so far (the first is 1), and strings given as paths that were text (TextNotPath).
        private int _pipedResponses;
        private int _textGivenAsPath;

        // How the first string that was text was given: PipedTextSource, or "-Path".
        private string? _textGivenAs;

        private const string PipedTextSource = "pipeline";

        /// <summary>
        /// The one error for strings given as paths that were text (Apple's JSON from Get-Content, Invoke-WebRequest's
        /// Content), once the input has ended so that it can say how many lines it stands for; counts as an import that wrote
        /// nothing (ImportFailed 'pipeline'), as Import-BmgDeviceCsv's piped CSV text does.
        /// </summary>
        private void ReportTextGivenAsPath()
        {
            if (_textGivenAsPath == 0)
            {
                return;
            }

            int further = _textGivenAsPath - 1;
            _textGivenAsPath = 0;
            string source = _textGivenAs ?? PipedTextSource;
            _textGivenAs = null;
            bool piped = source == PipedTextSource;
            ErrorRecord error = ToErrorRecord(new BmgException(ErrorIds.TextNotPath, BmgErrorCategory.InvalidArgument,
                (piped ? "A piped string" : "A string given to -Path") + " is text (Apple's JSON, or a line of it), not the path of a file: Import-BmgDepDevice takes "
                + $"{(piped ? "piped strings" : "-Path's strings")} as paths of files, and no file is named so. Pipe Apple's reply as objects: Invoke-RestMethod's output as "
                + "it is (Invoke-RestMethod … | Import-BmgDepDevice), or the text turned into objects (Get-Content ./dep.json -Raw | "
                + "ConvertFrom-Json | Import-BmgDepDevice); or save the text to a file and import that (… | Set-Content ./dep.json; "
                + "Import-BmgDepDevice -LiteralPath ./dep.json). " + FurtherLinesOfText(further, "text", piped ? null : source),
                source));
            WriteError(error);
            NothingImportedFrom(source, error);
        }

        // The files read, and their shapes: -MdmServer applies to Apple Business Manager's device list only.
        private readonly List<(string File, string Format)> _formats = new List<(string File, string Format)>();

        // Profile uuids the files left without a name, warned about once every file had its turn: a profile response
        // later in the same call (Import-BmgDepDevice ./dep-*, in name order) names them.
        private readonly List<(string File, string Uuid, bool Written)> _unnamedProfiles = new List<(string File, string Uuid, bool Written)>();

        protected override void EndProcessingCore()
        {
            try
            {
                ImportPipedDepDevices();
            }
            catch (Exception)
            {
                WarnUnnamedProfilesBeforeEnding();
                throw;
            }

            ReportTextGivenAsPath();
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
            if (!StoppedByUser)
            {
                // Each in its own try: under -WarningAction Stop the first warning is written and then throws, and the second
                // must still be said (a page written without its next one, profiles without a name).
                SayBeforeEnding(WarnPendingPage);
                SayBeforeEnding(WarnUnnamedProfiles);
            }
        }

        private static void SayBeforeEnding(Action warn)
        {
            try
            {
                warn();
            }
            catch (Exception e) when (e is PipelineStoppedException || e is ActionPreferenceStopException || e is BmgException)
            {
                // -WarningAction Stop, or a store that can't be read any more: the original error is the one to report.
            }
        }
    }
}
