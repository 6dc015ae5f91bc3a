using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Threading;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Store;

namespace BizMobileGo.PowerShell
{
    /// <summary>What every BizMobileGo cmdlet shares: the -Database parameter, the open store, and error records.</summary>
    /// <remarks>
    /// This file holds the store, the sealed pipeline steps and disposal. The helpers the cmdlets use are beside it, one
    /// concern a file: BmgCmdlet.Errors.cs (a BmgException as an ErrorRecord, per-item errors), BmgCmdlet.Selection.cs
    /// (names and patterns given to parameters, and the items they select), BmgCmdlet.Paths.cs (provider paths, opening
    /// files), BmgCmdlet.CsvFiles.cs (device CSV rows for -Path, the -Delimiter check), BmgCmdlet.FieldEdits.cs (fields
    /// given as parameters, warnings before confirmation).
    /// </remarks>
    public abstract partial class BmgCmdlet : PSCmdlet, IDisposable
    {
        private IDeviceStore? _store;

        /// <summary>The store file (or a postgresql:// URI); default $env:BMG_DATABASE, else a per-user data file.</summary>
        [Parameter]
        [NoScriptBlock]
        [ValidateNotNullOrEmpty]
        public string? Database { get; set; }

        // This and the other steps every command runs (StorePath, the sealed steps, Dispose) are compiled optimized at once, as
        // the import's per-row code (PerRowCode in Core): a script's loop of look-ups in a fresh process would otherwise run
        // them unoptimized, then instrumented, for much of its first thousand calls.
        /// <summary>The store, opened on first use and kept open for the whole pipeline.</summary>
        protected IDeviceStore Store
        {
            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            get
            {
                if (_store == null)
                {
                    string path = StorePath(out bool named);
                    SayVerbose($"Using the store '{StoreLocation.Redacted(path)}'.");
                    StoreUse use = WhatIfInEffect
                        ? OnlyReads ? StoreUse.ReadSnapshot : StoreUse.Snapshot
                        : OnlyReads ? StoreUse.Read : StoreUse.Command;
                    try
                    {
                        // -WhatIf works on a private copy: no store file created, nothing migrated, no write lock.
                        // Otherwise the store stays open for the next command in this process (OpenStores).
                        // Ctrl+C ends the open's wait for another writer (a store to upgrade) and every later wait of the
                        // store: the OperationCanceledException ends the command as a stopped pipeline (AsErrorRecord).
                        // A wait for another writer (the open's, every write's) is said as it begins (-Verbose), and a
                        // wait for a server that does not answer once it has lasted a few seconds (ServerWaitLine).
                        // A PostgreSQL session names the command to whoever waits for it (PostgresSessionName).
                        Core.Store.Postgres.PostgresSessionName.Command = MyInvocation.MyCommand.Name;
                        _store = DeviceStores.Open(path, use, StopToken, _sayWaiting ??= SayWaiting);
                        string? created = named
                            ? DeviceStores.NewStoreWarning(_store, Database != null ? "-Database" : "$env:BMG_DATABASE")
                            : DeviceStores.NewPerUserStoreWarning(_store);
                        if (created != null)
                        {
                            WriteWarning(created);
                        }

                        if (StoreFileAccess.Warning(_store) is string openToOthers)
                        {
                            WriteWarning(openToOthers);
                        }

                        if (Core.Store.Postgres.ServerLogWarning.Warning(_store) is string serverLogsCodes)
                        {
                            WriteWarning(serverLogsCodes);
                        }

                        if (DeviceStores.UpgradeNotice(_store, out bool isWarning) is string upgraded)
                        {
                            if (isWarning)
                            {
                                WriteWarning(upgraded);
                            }
                            else
                            {
                                WriteVerbose(upgraded);
                            }
                        }
                    }
                    catch (BmgException e) when (e.ErrorId == ErrorIds.StoreNotFound && !named)
                    {
                        // Nothing named and no store yet (a fresh install): the inventory is empty, which is true, and
                        // reading it still creates nothing. A store someone named is an error (StoreNotFound): a typo.
                        SayVerbose($"No store exists yet at '{StoreLocation.Redacted(path)}': nothing to show; {DeviceStores.MadeByAWriter}.");
                        _store = DeviceStores.EmptyInPlaceOf(path);
                    }
                    catch (BmgException e)
                    {
                        ThrowTerminatingError(ToErrorRecord(e));
                    }
                    catch (Exception e) when (NativeSqliteMissing(e, StoreLocation.Redacted(path)) is ErrorRecord missing)
                    {
                        ThrowTerminatingError(missing);
                    }
                    catch (IOException e)
                    {
                        ThrowTerminatingError(new ErrorRecord(e, ErrorIds.StoreOpenFailure, ErrorCategory.OpenError, StoreLocation.Redacted(path)));
                    }
                    catch (UnauthorizedAccessException e)
                    {
                        ThrowTerminatingError(new ErrorRecord(e, ErrorIds.StoreOpenFailure, ErrorCategory.PermissionDenied, StoreLocation.Redacted(path)));
                    }
                }

                return _store!;
            }
        }

        /// <summary>
        /// True for a command that never writes to the store (<see cref="StoreUse.Read"/>, <see cref="StoreUse.ReadSnapshot"/>
        /// under -WhatIf: it never creates one either).
        /// Decided here, by the verb, for every command at once: Get- (a look-up), Test- (a check) and Export- (a copy out to
        /// a file) only read; every other verb may write. Pester's ReadOnlyCommands tests list the module's commands.
        /// </summary>
        private bool OnlyReads => MyInvocation.MyCommand is CmdletInfo command && ReadingVerbs.Contains(command.Verb);

        private static readonly HashSet<string> ReadingVerbs =
            new HashSet<string>(StringComparer.OrdinalIgnoreCase) { VerbsCommon.Get, VerbsDiagnostic.Test, VerbsData.Export };

        /// <summary>
        /// The store's file, without opening the store (an output path is checked against it before anything is read or
        /// written); null for a server's store, which has no file to overwrite.
        /// </summary>
        protected string? StoreFileLocation
        {
            get
            {
                string path = StorePath(out _);
                return DeviceStores.IsServerLocation(path) ? null : path;
            }
        }

        /// <summary>
        /// The file-system path of the store: -Database, else $env:BMG_DATABASE (both resolved against the
        /// current location, and only FileSystem provider paths: Env:\PATH is not a file), else the per-user file
        /// (<paramref name="named"/> false: nothing named it).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private string StorePath(out bool named)
        {
            string? given = Database ?? Environment.GetEnvironmentVariable("BMG_DATABASE");
            named = Database != null || !string.IsNullOrWhiteSpace(given);
            if (!named)
            {
                return DeviceStores.DefaultLocation();
            }

            // A server's connection URI is not a file: no path resolution (and it is shown only redacted).
            if (DeviceStores.IsServerLocation(given))
            {
                return given!;
            }

            string source = Database != null ? "-Database" : "$env:BMG_DATABASE";
            if (given!.IndexOf('\0') < 0 && IsPlainAbsolutePath(given))
            {
                return System.IO.Path.GetFullPath(given);
            }

            string? resolved = FileSystemPath(given, out string? problem);
            if (resolved == null)
            {
                ThrowTerminatingError(InvalidStorePath(given, $"The store path ({source}) '{Shown(given)}' {problem}; a store is a file: give a file-system path."));
            }

            return resolved!;
        }

        /// <summary>
        /// An absolute Unix path while the current drive is the file system's root drive: the session's path
        /// resolution would give the same file, and costs more than a whole look-up in a script's loop.
        /// A backtick (escape) or '~' still goes through the session; so does any path on Windows.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private bool IsPlainAbsolutePath(string given)
        {
            if (System.IO.Path.DirectorySeparatorChar != '/' || given.Length == 0 || given[0] != '/' || given.IndexOf('`') >= 0 || given.IndexOf('~') >= 0)
            {
                return false;
            }

            // A leading '/' means the root of the current drive, which is '/' only on the FileSystem drive '/'.
            PSDriveInfo? drive = SessionState.Drive.Current;
            return drive != null && drive.Provider.Name == "FileSystem" && drive.Root == "/";
        }

        private static ErrorRecord InvalidStorePath(string path, string message) =>
            ToErrorRecord(new BmgException(ErrorIds.InvalidStorePath, BmgErrorCategory.InvalidArgument, message, path.Replace("\0", "\\0")));

        /// <summary>
        /// The store as -WhatIf reads it (a read snapshot, never the writer lock), beside this command's own: for a plan made
        /// before the write lock to ask its questions from (Import-BmgDeviceCsv's WarningsFirst). The caller disposes it.
        /// </summary>
        private protected IDeviceStore OpenDryRunStore()
        {
            try
            {
                Core.Store.Postgres.PostgresSessionName.Command = MyInvocation.MyCommand.Name;
                return DeviceStores.Open(StorePath(out _), StoreUse.Snapshot, StopToken);
            }
            catch (BmgException e)
            {
                ThrowTerminatingError(ToErrorRecord(e));
                throw; // not reached: ThrowTerminatingError always throws
            }
        }

        /// <summary>-WhatIf given, or $WhatIfPreference set: this run writes nothing.</summary>
        protected bool WhatIfInEffect =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? whatIf)
                ? whatIf is SwitchParameter given && given.IsPresent
                : LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));

        /// <summary>
        /// Whether ShouldProcess may prompt in this run, as PowerShell decides it: -Confirm given prompts, -Confirm:$false
        /// never does; otherwise it prompts when the cmdlet's ConfirmImpact is at least $ConfirmPreference (None: never).
        /// -WhatIf (or $WhatIfPreference) never prompts, but writes nothing either: it counts as "may prompt" so that its
        /// plan is made outside the store's write lock (<see cref="ConfirmedChange"/>). A warning under -WarningAction (or
        /// $WarningPreference) Inquire asks too, from the same confirm step (WarnThenConfirm), so it also counts: a question
        /// left open holds no lock, whatever asks it (review 30b, finding 1). When unsure (a preference that can't be read), it
        /// may prompt. Computed once: the parameters and preferences don't change within a command.
        /// </summary>
        protected bool ConfirmMayPrompt => _confirmMayPrompt ??= ComputeConfirmMayPrompt();

        private bool? _confirmMayPrompt;

        private bool ComputeConfirmMayPrompt()
        {
            if (WhatIfInEffect || WarningAsks())
            {
                return true;
            }

            if (MyInvocation.BoundParameters.TryGetValue("Confirm", out object? confirm))
            {
                return !(confirm is SwitchParameter given) || given.IsPresent;
            }

            CmdletAttribute? cmdlet = (CmdletAttribute?)Attribute.GetCustomAttribute(GetType(), typeof(CmdletAttribute));
            if (cmdlet == null || !cmdlet.SupportsShouldProcess)
            {
                return cmdlet == null;
            }

            object? preference = SessionState.PSVariable.GetValue("ConfirmPreference");
            if (!LanguagePrimitives.TryConvertTo(preference, out ConfirmImpact threshold))
            {
                return true;
            }

            return threshold != ConfirmImpact.None && cmdlet.ConfirmImpact >= threshold;
        }

        /// <summary>What this command's changes to devices and users are recorded as made by.</summary>
        protected ChangeOrigin Origin => _origin ??= new ChangeOrigin(MyInvocation.MyCommand.Name, changedBy: ChangedByName);

        private ChangeOrigin? _origin;

        /// <summary>
        /// A piped object whose key property is empty ($null Identifier of an unclaimed DEP device)
        /// selects nothing; only a command line without the key means "all".
        /// </summary>
        protected bool PipedWithoutKey => MyInvocation.ExpectingInput;

        private HashSet<string>? _commandLineParameters;

        // PowerShell's three steps are sealed here: each runs the cmdlet's own step (…Core) through AsErrorRecord, so no
        // cmdlet can let a BmgException reach PowerShell, which would name the error by the exception's type
        // ("BizMobileGo.Core.Errors.BmgException,…") instead of its ErrorId.

        /// <summary>Remembers which parameters the command line gave (the rest are bound from the pipeline, per record), then begins the cmdlet.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        protected sealed override void BeginProcessing()
        {
            // Only a command with input has parameters bound from the pipeline (FromPipeline is false without input): a
            // script's loop of look-ups is spared this copy.
            if (MyInvocation.ExpectingInput)
            {
                _commandLineParameters = new HashSet<string>(MyInvocation.BoundParameters.Keys, StringComparer.OrdinalIgnoreCase);
            }

            AsErrorRecord(_checkChangedByThenBegin ??= () =>
            {
                _ = ChangedByName; // an invalid -ChangedBy ends the command before it reads or writes anything
                BeginProcessingCore();
            });
        }

        private Action? _checkChangedByThenBegin;

        // The step's delegate made once, not once per piped record (100,000 of them in a piped look-up's first second).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        protected sealed override void ProcessRecord()
        {
            try
            {
                // A Device or User of another store, piped or given as a parameter's value, is refused here, for every command
                // at once (BmgCmdlet.PipedStores.cs).
                if (RefusedAsFromOtherStore())
                {
                    return;
                }

                AsErrorRecord(_processRecordStep ??= ProcessRecordCore);
            }
            finally
            {
                // The record's key noted at its binding (PipedCells) is its own: no later binding takes it for another.
                PipedCells.Forget();
            }
        }

        private Action? _processRecordStep;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        protected sealed override void EndProcessing()
        {
            // A record whose binding failed never reached ProcessRecord, which forgets its notes: no later command takes them.
            ForgetPipedNotes();
            EditKeptAtEnd();
            // The piped records a command still holds are answered before the batched warnings are said: theirs join the batch.
            AsErrorRecord(AnswerPipedAtEnd);
            WriteBatchedWarnings();
            AsErrorRecord(EndProcessingCore);
            EndTally();
            _endRan = true;
        }

        /// <summary>
        /// Answers the piped records a command kept for a batch (Remove-BmgDepDevice's serials), at the end of the input and
        /// before the warnings a run of many says once (BmgCmdlet.BatchedWarnings.cs): those of the last batch join them.
        /// </summary>
        protected virtual void AnswerPipedAtEnd()
        {
        }

        /// <summary>The thread's notes of the record being bound (PipedCells, PipedStores): each belongs to one record.</summary>
        private static void ForgetPipedNotes()
        {
            PipedCells.Forget();
            PipedStores.Clear();
        }

        /// <summary>The cmdlet's BeginProcessing.</summary>
        protected virtual void BeginProcessingCore()
        {
        }

        /// <summary>The cmdlet's ProcessRecord.</summary>
        protected virtual void ProcessRecordCore()
        {
        }

        /// <summary>The cmdlet's EndProcessing.</summary>
        protected virtual void EndProcessingCore()
        {
        }

        /// <summary>
        /// Runs one of the cmdlet's steps; a BmgException that escapes it stops the command as the same ErrorRecord
        /// (ErrorId, category, target) as every handled one. Such an exception is a failure nothing in the step could
        /// act on: above all a store that fails while the command reads (a server that went away, a damaged file) —
        /// after the first objects were written, or in a batch a piped look-up read on its own thread. Errors the
        /// step handles itself (non-terminating ones, ForItem) never get here.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void AsErrorRecord(Action step)
        {
            Thread? outer = _stepThread;
            _stepThread = Thread.CurrentThread;
            try
            {
                step();
            }
            catch (BmgException e)
            {
                ThrowTerminatingError(ToErrorRecord(e));
            }
            catch (CommitOutcomeUnknownException e) when (StopToken.IsCancellationRequested)
            {
                // Ctrl+C ended the wait for a COMMIT the server had not answered: a stop, but one that may have written.
                WarnAfterStop(e.Message, CommitUnknownTag);
                throw new PipelineStoppedException();
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                // Ctrl+C ended a wait (for the store's writer lock): the command ends as any stopped pipeline does.
                throw new PipelineStoppedException();
            }
            catch (Exception e) when (SeesHowItEnds(e))
            {
                throw; // not reached: the filter only looks
            }
            finally
            {
                _stepThread = outer;
            }
        }

        /// <summary>
        /// Looks at an exception leaving one of the command's steps, never catching it: a PipelineStoppedException while the
        /// pipeline is not being stopped, and not one of this command's own early ends (<see cref="EndEarly"/>, said before it
        /// was thrown), came from a command downstream that ended the pipeline (Select-Object -First having what it wanted,
        /// or failing): this command did not fail, and its end in <see cref="Dispose"/> is no early end.
        /// </summary>
        private bool SeesHowItEnds(Exception e)
        {
            if (e is PipelineStoppedException && !Stopping && !_endedEarly)
            {
                _endedByDownstream = true;
            }

            return false;
        }

        /// <summary>
        /// Writes an error as PowerShell's WriteError does; one that ends the command (-ErrorAction Stop or
        /// $ErrorActionPreference, Inquire's Halt: PowerShell throws a PipelineStoppedException out of WriteError) ends it
        /// early (<see cref="EndEarly"/>) before anything of the step unwinds — an import's run, disposed as it unwinds, then
        /// records its attempt as after a stop.
        /// </summary>
        /// <remarks>
        /// Hides PowerShell's (not virtual; nothing PowerShell calls on an error can be overridden: its command runtime is
        /// internal), so only a call through a BmgCmdlet-typed reference comes here: no code of the module calls PowerShell's
        /// WriteError or ThrowTerminatingError but these two (pinned on the built assembly's IL: StopWhileWaitingForStore.Tests.ps1,
        /// "An error that ends a command early always goes through BmgCmdlet").
        /// </remarks>
        public new void WriteError(ErrorRecord errorRecord)
        {
            try
            {
                base.WriteError(errorRecord);
            }
            catch (PipelineStoppedException) when (EndsEarlyUnlessStopping())
            {
                throw; // not reached: the filter only looks
            }
        }

        /// <summary>A terminating error of the command's own ends it early (<see cref="EndEarly"/>), then is thrown as PowerShell's.</summary>
        [System.Diagnostics.CodeAnalysis.DoesNotReturn]
        public new void ThrowTerminatingError(ErrorRecord errorRecord)
        {
            EndEarly();
            base.ThrowTerminatingError(errorRecord);
            throw new PipelineStoppedException(); // not reached: PowerShell's ThrowTerminatingError always throws
        }

        /// <summary>
        /// A PipelineStoppedException out of a write of an error or a warning: PowerShell stopping the pipeline (Ctrl+C, said by
        /// StopProcessing), or, when it is not, the preference ending the command on it (<see cref="EndEarly"/>). Never catches.
        /// </summary>
        private protected bool EndsEarlyUnlessStopping()
        {
            if (!Stopping)
            {
                EndEarly();
            }

            return false;
        }

        // The end step ran to its end: the command was not ended early (Dispose).
        private bool _endRan;

        // A command downstream ended this one, having what it wanted (Select-Object -First): no early end.
        private bool _endedByDownstream;

        // The stop token was cancelled by an early end, not by Ctrl+C (StoppedByUser).
        private bool _endedEarly;

        /// <summary>
        /// Ctrl+C (or a host's Stop()) stopped the command: PowerShell takes no more output from it. Not an error that ended it
        /// early (<see cref="EndEarly"/>), which cancels <see cref="StopToken"/> too: PowerShell still takes that error and what
        /// comes before it, and the script's catch follows.
        /// </summary>
        private protected bool StoppedByUser => StopToken.IsCancellationRequested && !_endedEarly;

        /// <summary>
        /// The command ends before its end step, by an error rather than Ctrl+C: -ErrorAction Stop (or $ErrorActionPreference)
        /// on an error it wrote, -WarningAction Stop, a terminating error of its own or of another command in the pipeline.
        /// What it leaves open is then ended as after Ctrl+C (rel45, pg44's finding): a stopped import's record waits for
        /// another writer <see cref="StoreWait.AfterStop"/> at most, not $env:BMG_STORE_WAIT, and on PostgreSQL each round
        /// trip after it is bounded the same way — a nightly job's script goes on to its catch at once, the record written or
        /// said missing. Said through <see cref="StopProcessing"/>, as a stop is (Send-BmgCheckInEmail keeps its own rule).
        /// </summary>
        private void EndEarly()
        {
            if (StopToken.IsCancellationRequested)
            {
                return;
            }

            _endedEarly = true;
            StopProcessing();
        }

        /// <summary>The tag of the information record that says a stop came before the server answered a commit (<see cref="CommitOutcomeUnknownException"/>).</summary>
        public const string CommitUnknownTag = "BmgCommitUnknown";

        /// <summary>
        /// A warning a stopped command still owes the admin: an information record tagged PSHOST (a console shows it as it shows
        /// Write-Host's) and <paramref name="tag"/> (a host finds it in Streams.Information), not a warning: after Ctrl+C or a
        /// host's Stop() the pipeline takes no warning, but still an information record, and one channel serves every ending.
        /// </summary>
        private protected void WarnAfterStop(string message, string tag) =>
            WriteInformation(new HostInformationMessage
            {
                Message = "WARNING: " + message,
                ForegroundColor = ConsoleColor.Yellow,
            }, new[] { "PSHOST", tag });

        // The thread running one of the cmdlet's steps (null between them): the only thread, and the only time, PowerShell
        // lets the cmdlet write (WriteVerbose from another thread, or from Dispose, throws).
        private Thread? _stepThread;

        private Action<string?>? _sayWaiting;

        // The progress record of a wait for another writer or the server: its own id, apart from a command's own progress (id 1).
        private const int WriterWaitProgressId = 2;

        private ProgressRecord? _waitShown;

        // The wait in progress was said as a verbose line: its later lines (the time so far) are not, a log line a wait.
        private bool _waitSaidVerbose;

        /// <summary>
        /// The store's line as a wait for another writer begins (<see cref="IDeviceStore.WaitingForWriter"/>): with -Verbose in
        /// effect as a verbose line, otherwise as a progress line shown while the wait lasts (walkthrough 22, 3: up to 30 s of
        /// silence reads as a hang), taken down as the wait ends (null). Progress, not a warning: it leaves a script's streams
        /// and a job's log as they were, and $ProgressPreference silences it. Said only from the step's own thread while a step
        /// runs: every wait for the writer lock runs there (an import's chunks are written on another thread, but inside the
        /// transaction whose lock the import's thread took), and one that does not — the import attempt recorded by Dispose
        /// after Ctrl+C — waits as before, silently. So too the store's line while a server does not answer
        /// (<see cref="IDeviceStore.WaitingForServer"/>, walkthrough 36, 5): the step's thread waits for every round trip
        /// (an import's chunk written on a pool thread, in the wait for that write). That line comes again every few seconds
        /// with the time so far: the progress line shows the latest, the verbose form only the first.
        /// </summary>
        /// <remarks>
        /// One form, never both (race24): to draw a progress line the console host asks the terminal where its cursor is, and
        /// .NET then waits for the answer with no time limit. Drawn just after the verbose line, the question went out while
        /// "Ctrl+C to stop" was already on the screen; a Ctrl+C pressed then makes the terminal discard its pending input and
        /// output (the question or its answer), and the console host waited for that answer for ever: the command never
        /// stopped. A progress line alone asks before its text shows; a verbose line alone asks nothing. RELIABILITY.md, limits.
        /// </remarks>
        private void SayWaiting(string? line)
        {
            if (_stepThread != Thread.CurrentThread || StopToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                if (line == null)
                {
                    _waitSaidVerbose = false;
                    if (_waitShown != null)
                    {
                        WriteProgress(new ProgressRecord(WriterWaitProgressId, _waitShown.Activity, _waitShown.StatusDescription) { RecordType = ProgressRecordType.Completed });
                        _waitShown = null;
                    }
                }
                else if (VerboseInEffect)
                {
                    if (!_waitSaidVerbose)
                    {
                        WriteVerbose(line);
                        _waitSaidVerbose = true;
                    }
                }
                else
                {
                    _waitShown = new ProgressRecord(WriterWaitProgressId, "Waiting for the store", line);
                    WriteProgress(_waitShown);
                }
            }
            catch (PipelineStoppedException)
            {
                // Ctrl+C is on its way (StopProcessing cancels the wait a moment later): the stop, not this line, ends the command.
            }
        }

        /// <summary>
        /// Whether <paramref name="parameterName"/> got its value from the pipeline (a piped string, or a
        /// property of a piped object such as a Device's Identifier): such a value is always literal, never
        /// a wildcard pattern, so a '*' in a file or a user named 'sato[contractor]' names only itself.
        /// </summary>
        protected bool FromPipeline(string parameterName) =>
            MyInvocation.ExpectingInput && _commandLineParameters != null && !_commandLineParameters.Contains(parameterName);

        /// <summary>
        /// Why the piped record whose key bound <paramref name="boundKey"/> is refused: it has a property named like a misspelt
        /// field this command would take from it (<see cref="NameNotObjectAttribute.FieldsTaken"/>; taken: the field's
        /// parameter is in this parameter set and the command line did not give it), or null. See <see cref="PipedMisspeltFields"/>.
        /// </summary>
        protected string? PipedMisspeltFieldsRefusal(string boundKey) =>
            PipedMisspeltFields.Holds(boundKey) ? PipedMisspeltFields.Refusal(boundKey, TakenFromPipedRecord) : null;

        private bool TakenFromPipedRecord(string parameterName) =>
            FromPipeline(parameterName) && MyInvocation.MyCommand.Parameters.TryGetValue(parameterName, out ParameterMetadata? parameter)
            && (parameter.ParameterSets.ContainsKey(ParameterSetName) || parameter.ParameterSets.ContainsKey(ParameterAttribute.AllParameterSets));

        /// <summary>
        /// Refuses a piped object the command found no value for (a piped file, a record with a misspelt field): with the
        /// ErrorId and category of every piped object refused at binding (NameNotObject's), so a script catches one ErrorId.
        /// </summary>
        protected void WritePipedObjectRefused(string message, object target) =>
            WriteError(new ErrorRecord(new ArgumentException(message), "ParameterArgumentTransformationError", ErrorCategory.InvalidData, target));

        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        /// <summary>
        /// Cancelled by <see cref="StopProcessing"/> (Ctrl+C). The store ends its waits for the writer lock with it (the open's,
        /// and, as the store's <see cref="IDeviceStore.WaitCancellation"/>, every write's), so every command stops at once.
        /// </summary>
        protected CancellationToken StopToken => _stopping.Token;

        /// <summary>
        /// Ctrl+C: ends any wait for the store at once. A cmdlet that overrides this calls it too, unless a write it makes after
        /// a stop must still wait for the lock (Send-BmgCheckInEmail recording a delivery).
        /// </summary>
        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>
        /// Ctrl+C as this command's own thread meets it before PowerShell told the command (<see cref="StopProcessing"/>): a stop
        /// stops a script block's own pipeline (a piped row's Start-Sleep, a command downstream's) before the pipeline this
        /// command runs in, and this thread may run on from there first — into the end of its work (<see cref="Dispose"/>, flaky35),
        /// or out of a <c>WriteObject</c> the stopped command downstream made throw, closing a streamed read (pg44) — and once it
        /// is ending on its own, PowerShell calls no StopProcessing of its commands at all. What it does then must see the stop: said
        /// here, as StopProcessing says it. Said twice, a stop is the same stop; a pipeline not being stopped (a downstream
        /// <c>Select-Object -First</c> done) is no stop.
        /// </summary>
        private protected void SeeStopFirst()
        {
            if (Stopping)
            {
                StopProcessing();
            }
        }

        /// <summary>Work still open when the command ends early (Ctrl+C, -ErrorAction Stop), done before the store closes.</summary>
        protected virtual void CloseOpenWork()
        {
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Dispose()
        {
            // The end of this command's work (a rollback) sees the stop. Without it, it waited without a bound: a rollback on a
            // network that fell silent, for the command timeout (flaky35).
            SeeStopFirst();
            if (!_endRan && !_endedByDownstream)
            {
                // Ended before its end step, by an error of its own or of another command in the pipeline (one that passed
                // through a step was seen there already, before the step unwound).
                EndEarly();
            }

            // A command stopped or failed before its end step: its notes go with it (ForgetPipedNotes).
            ForgetPipedNotes();
            CloseOpenWork();
            SayTallyAfterStop();
            if (_store != null)
            {
                DeviceStores.Release(_store);
            }

            _store = null;
        }
    }
}
