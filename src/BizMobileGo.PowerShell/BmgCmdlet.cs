using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using BizMobileGo.Core.Csv;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Users;
using BizMobileGo.Core.Store;

namespace BizMobileGo.PowerShell
{
    /// <summary>What every BizMobileGo cmdlet shares: the -Database parameter, the open store, and error records.</summary>
    public abstract class BmgCmdlet : PSCmdlet, IDisposable
    {
        private IDeviceStore? _store;

        /// <summary>The store file (or a postgresql:// URI); default $env:BMG_DATABASE, else a per-user data file.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Database { get; set; }

        /// <summary>The store, opened on first use and kept open for the whole pipeline.</summary>
        protected IDeviceStore Store
        {
            get
            {
                if (_store == null)
                {
                    string path = StorePath();
                    WriteVerbose($"Using the store '{StoreLocation.Redacted(path)}'.");
                    try
                    {
                        // -WhatIf works on an in-memory copy: no store file created, nothing migrated, no write lock.
                        // Otherwise the store stays open for the next command in this process (OpenStores).
                        _store = DeviceStores.Open(path, WhatIfInEffect ? StoreUse.Snapshot : OnlyReads ? StoreUse.Read : StoreUse.Command);
                        _store.WaitCancellation = StopToken;
                    }
                    catch (BmgException e)
                    {
                        ThrowTerminatingError(ToErrorRecord(e));
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

        /// <summary>True for a command that never writes to the store (a look-up): see <see cref="StoreUse.Read"/>.</summary>
        protected virtual bool OnlyReads => false;

        /// <summary>
        /// The file-system path of the store: -Database, else $env:BMG_DATABASE (both resolved against the
        /// current location, and only FileSystem provider paths: Env:\PATH is not a file), else the per-user file.
        /// </summary>
        private string StorePath()
        {
            string? given = Database ?? Environment.GetEnvironmentVariable("BMG_DATABASE");
            if (Database == null && string.IsNullOrWhiteSpace(given))
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

        private bool WhatIfInEffect =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? whatIf)
                ? whatIf is SwitchParameter given && given.IsPresent
                : LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));

        /// <summary>What this command's changes to devices and users are recorded as made by.</summary>
        protected ChangeOrigin Origin => _origin ??= new ChangeOrigin(MyInvocation.MyCommand.Name);

        private ChangeOrigin? _origin;

        /// <summary>Runs one item's work; a user-facing failure becomes a non-terminating error and the pipeline goes on.</summary>
        protected void ForItem(Action work)
        {
            try
            {
                work();
            }
            catch (BmgException e) when (!IsStoreFailure(e))
            {
                WriteError(ToErrorRecord(e));
            }
            catch (BmgException e)
            {
                ThrowTerminatingError(ToErrorRecord(e));
            }
        }

        /// <summary>
        /// A store that can't be used (busy, damaged, full, read-only, a server that ended the session or went away): it
        /// fails every later item too, so the command stops instead of repeating the error — and it is never taken for a
        /// mistake in one item (a name, a pattern).
        /// </summary>
        private static bool IsStoreFailure(BmgException e) =>
            e.ErrorId == ErrorIds.StoreBusy || e.ErrorId == ErrorIds.StoreNotRecognized ||
            e.ErrorId == ErrorIds.StoreVersionTooNew || e.ErrorId == ErrorIds.StoreOpenFailure ||
            e.ErrorId == ErrorIds.StoreFull || e.ErrorId == ErrorIds.StoreReadOnly ||
            e.ErrorId == ErrorIds.StoreUnavailable;

        protected static ErrorRecord ToErrorRecord(BmgException e) =>
            new ErrorRecord(e, e.ErrorId, ToCategory(e.Category), e.Target);

        protected static ErrorCategory ToCategory(BmgErrorCategory category) =>
            (ErrorCategory)Enum.Parse(typeof(ErrorCategory), category.ToString());

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
        protected sealed override void BeginProcessing()
        {
            _commandLineParameters = new HashSet<string>(MyInvocation.BoundParameters.Keys, StringComparer.OrdinalIgnoreCase);
            AsErrorRecord(BeginProcessingCore);
        }

        protected sealed override void ProcessRecord() => AsErrorRecord(ProcessRecordCore);

        protected sealed override void EndProcessing() => AsErrorRecord(EndProcessingCore);

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
        private void AsErrorRecord(Action step)
        {
            try
            {
                step();
            }
            catch (BmgException e)
            {
                ThrowTerminatingError(ToErrorRecord(e));
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                // Ctrl+C ended a wait (for the store's writer lock): the command ends as any stopped pipeline does.
                throw new PipelineStoppedException();
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
        /// Reads a name given to a parameter (see <see cref="NameMatch"/>); an invalid pattern is a non-terminating error and
        /// null. A store that fails while <paramref name="isName"/> asks it about the name is no mistake in the name: it
        /// goes on up and stops the command (see <see cref="AsErrorRecord"/>).
        /// </summary>
        private NameMatch? Match(string text, bool literal, bool ignoreCase, Func<string, bool> isName)
        {
            try
            {
                return NameMatch.Create(text, literal, ignoreCase, isName);
            }
            catch (BmgException e) when (!IsStoreFailure(e))
            {
                WriteError(ToErrorRecord(e));
                return null;
            }
        }

        /// <summary>Reads several names given to one parameter; an invalid pattern is a non-terminating error and is left out.</summary>
        private protected List<NameMatch> Matches(string[] texts, bool literal, bool ignoreCase, Func<string, bool> isName)
        {
            var matches = new List<NameMatch>();
            foreach (string text in texts)
            {
                NameMatch? match = Match(text, literal, ignoreCase, isName);
                if (match != null)
                {
                    matches.Add(match);
                }
            }

            return matches;
        }

        /// <summary>
        /// Serial numbers or serial patterns (<see cref="NameMatch.Serial"/>), each read through the serial
        /// rule; an invalid one is a non-terminating error and is left out.
        /// </summary>
        private protected List<NameMatch> SerialMatches(IEnumerable<string> texts, bool literal)
        {
            var matches = new List<NameMatch>();
            foreach (string text in texts)
            {
                try
                {
                    matches.Add(NameMatch.Serial(text, literal));
                }
                catch (BmgException e)
                {
                    WriteError(ToErrorRecord(e));
                }
            }

            return matches;
        }

        /// <summary>Items by serial number (see <see cref="SerialMatches"/>), each once; a serial that finds nothing is an error.</summary>
        protected IEnumerable<T> SelectBySerial<T>(IEnumerable<T> items, string[]? serials, bool literal, Func<T, string?> serial, string notFoundErrorId, string kind)
        {
            if (serials == null || serials.Length == 0)
            {
                return PipedWithoutKey ? Enumerable.Empty<T>() : items;
            }

            var all = items.ToList();
            var matches = SerialMatches(serials, literal);
            foreach (NameMatch match in matches)
            {
                if (match.Exact != null && !all.Any(item => match.IsMatch(serial(item))))
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException($"No {kind} has the serial number '{match.Exact}'."),
                        notFoundErrorId, ErrorCategory.ObjectNotFound, match.Exact));
                }
            }

            return all.Where(item => matches.Any(match => match.IsMatch(serial(item))));
        }

        /// <summary>
        /// A single-valued filter (Get-BmgDevice -UserName): null when not given; an invalid pattern stops
        /// the command, since the filter would hold for nothing.
        /// </summary>
        private protected NameMatch? Filter(string? text, string parameterName, bool ignoreCase, Func<string, bool> isName)
        {
            if (text == null)
            {
                return null;
            }

            try
            {
                return NameMatch.Create(text, FromPipeline(parameterName), ignoreCase, isName);
            }
            catch (BmgException e)
            {
                ThrowTerminatingError(ToErrorRecord(e));
                return null;
            }
        }

        /// <summary>
        /// Items whose key one of <paramref name="names"/> names (see <see cref="NameMatch"/>), each once, in
        /// the order of <paramref name="items"/>; a name that names one item and finds none is an error.
        /// </summary>
        protected IEnumerable<T> SelectByName<T>(IEnumerable<T> items, string[]? names, bool literal, Func<T, string> key, bool ignoreCase,
            string notFoundErrorId, string kind)
        {
            if (names == null || names.Length == 0)
            {
                if (PipedWithoutKey)
                {
                    yield break;
                }

                foreach (T item in items)
                {
                    yield return item;
                }

                yield break;
            }

            var all = items.ToList();
            var comparison = ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            var keys = new HashSet<string>(all.Select(key), comparison);
            var matches = new List<NameMatch>();
            foreach (string name in names)
            {
                NameMatch? match = Match(name, literal, ignoreCase, keys.Contains);
                if (match == null)
                {
                    continue;
                }

                if (match.Exact != null && !keys.Contains(match.Exact))
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException($"No {kind} is named '{Core.Fields.FieldText.Printable(match.Exact)}'."),
                        notFoundErrorId, ErrorCategory.ObjectNotFound, match.Exact));
                    continue;
                }

                matches.Add(match);
            }

            foreach (T item in all)
            {
                string itemKey = key(item);
                if (matches.Any(match => match.IsMatch(itemKey)))
                {
                    yield return item;
                }
            }
        }

        /// <summary>
        /// Devices by Identifier: an exact identifier is one indexed look-up (ignoring case), and a
        /// missing one is a DeviceNotFound error; a wildcard scans. No identifiers: every device.
        /// </summary>
        protected IEnumerable<Device> FindDevices(string[]? identifiers, bool literal) =>
            FindByKey(identifiers, literal, Store.GetDevices, Store.GetDevice, d => d.Identifier, ignoreCase: true,
                id => DeviceEditor.NotFound(id));

        /// <summary>Users by UserName, as <see cref="FindDevices"/> does for devices; user names are case-sensitive.</summary>
        protected IEnumerable<User> FindUsers(string[]? userNames, bool literal) =>
            FindByKey(userNames, literal, Store.GetUsers, Store.GetUser, u => u.UserName, ignoreCase: false, UserEditor.NotFound);

        private IEnumerable<T> FindByKey<T>(string[]? keys, bool literal, Func<IEnumerable<T>> all, Func<string, T?> one, Func<T, string> key,
            bool ignoreCase, Func<string, BmgException> notFound) where T : class
        {
            if (keys == null || keys.Length == 0)
            {
                if (PipedWithoutKey)
                {
                    yield break;
                }

                foreach (T item in all())
                {
                    yield return item;
                }

                yield break;
            }

            // Each item once, however many of the names match it; wildcards share one scan.
            var written = new HashSet<string>(ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
            var patterns = new List<NameMatch>();
            foreach (string text in keys)
            {
                T? named = null;
                NameMatch? match = Match(text, literal, ignoreCase, name => (named = one(name)) != null);
                if (match == null)
                {
                    continue;
                }

                if (match.IsPattern)
                {
                    patterns.Add(match);
                    continue;
                }

                T? item = named ?? one(match.Exact!);
                if (item == null)
                {
                    WriteError(ToErrorRecord(notFound(match.Exact!)));
                }
                else if (written.Add(key(item)))
                {
                    yield return item;
                }
            }

            if (patterns.Count != 0)
            {
                foreach (T item in all())
                {
                    string name = key(item);
                    if (patterns.Any(pattern => pattern.IsMatch(name)) && written.Add(name))
                    {
                        yield return item;
                    }
                }
            }
        }

        /// <summary>
        /// The file-system path of a file the command will write (taken literally, relative to the current
        /// location); a NUL or a path of another provider (Env:, Variable:) stops the command.
        /// </summary>
        protected string ResolveOutputFile(string path, string parameterName)
        {
            string? resolved = FileSystemPath(path, out string? problem);
            if (resolved == null)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-{parameterName} '{Shown(path)}' {problem}; give the path of a file."),
                    "NotFileSystemPath", ErrorCategory.InvalidArgument, Shown(path)));
            }

            return resolved!;
        }

        /// <summary>
        /// <paramref name="path"/> as a path of the file system, resolved literally against the current location;
        /// null, with <paramref name="problem"/> saying why, for a NUL, a path the session can't read, or a path
        /// of another provider (Env:\PATH is not a file).
        /// </summary>
        private string? FileSystemPath(string path, out string? problem)
        {
            problem = null;
            if (path.IndexOf('\0') >= 0)
            {
                problem = "is not valid: it contains a NUL character, which no file name can hold";
                return null;
            }

            ProviderInfo? provider;
            string resolved;
            try
            {
                resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
            }
            catch (Exception e) when (e is SessionStateException || e is ArgumentException || e is NotSupportedException || e is ProviderInvocationException)
            {
                problem = $"is not valid: {e.Message.TrimEnd('.')}";
                return null;
            }

            if (provider == null || provider.Name != "FileSystem")
            {
                problem = $"is a path of the {provider?.Name} provider, not a file";
                return null;
            }

            return resolved;
        }

        private static string Shown(string path) => path.Replace("\0", "\\0");

        /// <summary>
        /// File-system paths for a -Path (wildcards expanded) or -LiteralPath value, through the session's
        /// providers so relative paths and PSDrives work; problems are non-terminating errors.
        /// </summary>
        protected IEnumerable<string> ResolveFiles(string path, bool literal)
        {
            var resolved = new List<string>();
            try
            {
                ProviderInfo provider;
                if (literal)
                {
                    resolved.Add(SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _));
                }
                else
                {
                    resolved.AddRange(GetResolvedProviderPathFromPSPath(path, out provider));
                }

                if (provider.Name != "FileSystem")
                {
                    WriteError(new ErrorRecord(new ArgumentException($"'{path}' is a {provider.Name} path; give the path of a file."),
                        "NotFileSystemPath", ErrorCategory.InvalidArgument, path));
                    return new string[0];
                }

                if (resolved.Count == 0)
                {
                    // As Import-Csv: a pattern that names no file is an error, so a nightly job over an empty folder
                    // (or a name holding [ ], which are wildcards in -Path) doesn't end "successfully" having done nothing.
                    WriteError(new ErrorRecord(new ItemNotFoundException(
                        $"The path '{path}' did not resolve to a file. [ ] * ? are wildcards in -Path; use -LiteralPath for a name that holds them."),
                        "FileNotFound", ErrorCategory.ObjectNotFound, path));
                    return new string[0];
                }
            }
            catch (ItemNotFoundException e)
            {
                WriteError(new ErrorRecord(e, "FileNotFound", ErrorCategory.ObjectNotFound, path));
                return new string[0];
            }

            var files = new List<string>();
            foreach (string file in resolved)
            {
                if (Directory.Exists(file))
                {
                    WriteError(new ErrorRecord(new IOException($"'{file}' is a directory; give the path of a CSV file."),
                        "PathIsDirectory", ErrorCategory.InvalidArgument, file));
                }
                else if (!File.Exists(file))
                {
                    WriteError(new ErrorRecord(new FileNotFoundException($"Cannot find the file '{file}' because it does not exist.", file),
                        "FileNotFound", ErrorCategory.ObjectNotFound, file));
                }
                else
                {
                    files.Add(file);
                }
            }

            return files;
        }

        /// <summary>Opens a file for reading, turning the reasons it can't be opened into one error record.</summary>
        protected FileStream? OpenFile(string file)
        {
            try
            {
                return new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                WriteError(new ErrorRecord(e, "FileOpenFailure", ErrorCategory.OpenError, file));
                return null;
            }
        }

        /// <summary>
        /// The rows of device CSV files (header checked against the import vocabulary), for the
        /// cmdlets whose -Path names devices. <paramref name="allowed"/>: the columns the cmdlet uses;
        /// <paramref name="required"/> must be among them. Problems are error records, naming the line.
        /// </summary>
        protected IEnumerable<(int Line, FieldValues Values)> ReadDeviceCsvRows(string path, FieldKey[]? allowed, FieldKey required, bool literal = false)
        {
            foreach (string file in ResolveFiles(path, literal))
            {
                FileStream? stream = OpenFile(file);
                if (stream == null)
                {
                    continue;
                }

                using var reader = new CsvRecordReader(CsvEncoding.OpenText(stream, null));
                ImportHeader? header = null;
                var values = new FieldValues();
                while (true)
                {
                    CsvRecord record;
                    try
                    {
                        if (!reader.TryReadRecord(out record))
                        {
                            break;
                        }

                        if (header == null)
                        {
                            header = ImportHeader.Parse(record.Fields, record.LineNumber, $"header of '{file}'");
                            CheckColumns(header, allowed, required, file);
                            continue;
                        }
                    }
                    catch (CsvFormatException e)
                    {
                        WriteError(new ErrorRecord(e, e.ErrorId, ErrorCategory.ParserError, file));
                        break;
                    }
                    catch (BmgException e)
                    {
                        WriteError(ToErrorRecord(e));
                        break;
                    }

                    if (record.Fields.Length != header.ColumnCount)
                    {
                        WriteError(new ErrorRecord(new InvalidDataException($"Line {record.LineNumber} of '{file}' has {record.Fields.Length} fields but the header has {header.ColumnCount}."),
                            ErrorIds.MalformedCsv, ErrorCategory.ParserError, file));
                        continue;
                    }

                    header.Fill(record.Fields, values);
                    yield return (record.LineNumber, values);
                }
            }
        }

        private static void CheckColumns(ImportHeader header, FieldKey[]? allowed, FieldKey required, string file)
        {
            bool hasRequired = false;
            for (int column = 0; column < header.ColumnCount; column++)
            {
                FieldKey field = header.FieldOf(column);
                hasRequired |= field == required;
                if (allowed != null && Array.IndexOf(allowed, field) < 0)
                {
                    throw new BmgException(ErrorIds.UnknownCsvColumn, BmgErrorCategory.InvalidData,
                        $"Line 1 of '{file}': column '{field}' is not used here; the columns are {string.Join(", ", allowed)}. Import-BmgDeviceCsv takes every column.", file);
                }
            }

            if (!hasRequired)
            {
                throw new BmgException(ErrorIds.MissingRequiredField, BmgErrorCategory.InvalidData,
                    $"Line 1 of '{file}': the header has no {required} column.", file);
            }
        }

        /// <summary>
        /// The field values given as parameters (parameters named like the CSV columns): a parameter
        /// given as $null or "" clears its field, as a blank CSV cell does; one not given is untouched.
        /// </summary>
        protected FieldValues GivenFields()
        {
            var values = new FieldValues();
            foreach (KeyValuePair<string, object?> parameter in MyInvocation.BoundParameters)
            {
                if (FieldKeys.TryFind(parameter.Key, out FieldKey key))
                {
                    values[key] = FieldText(parameter.Value);
                }
            }

            return values;
        }

        private static string FieldText(object? value) => value switch
        {
            null => "",
            PSObject wrapped => FieldText(wrapped.BaseObject),
            string text => text,
            System.Collections.IEnumerable list => string.Join("|", list.Cast<object?>().Select(FieldText)),
            IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };

        /// <summary>Writes what the plan found worth a look (a short code, an unusual serial), then asks ShouldProcess.</summary>
        protected bool WarnThenConfirm(IEnumerable<string> warnings, string target, string action)
        {
            foreach (string warning in warnings)
            {
                WriteWarning(warning);
            }

            return ShouldProcess(target, action);
        }

        /// <summary>A -Delimiter that CSV can't use (a quote, a line break, NUL) stops the command before any input.</summary>
        protected void CheckDelimiter(char delimiter)
        {
            if (delimiter == '"' || delimiter == '\r' || delimiter == '\n' || delimiter == '\0')
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("The delimiter cannot be a quote, a line break or NUL."),
                    "InvalidDelimiter", ErrorCategory.InvalidArgument, delimiter));
            }
        }

        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        /// <summary>
        /// Cancelled by <see cref="StopProcessing"/> (Ctrl+C). The store ends its waits for the writer lock with it (set as
        /// the store's <see cref="IDeviceStore.WaitCancellation"/> when the store is opened), so every writing command stops at once.
        /// </summary>
        protected CancellationToken StopToken => _stopping.Token;

        /// <summary>
        /// Ctrl+C: ends any wait for the store at once. A cmdlet that overrides this calls it too, unless a write it makes after
        /// a stop must still wait for the lock (Send-BmgCheckInEmail recording a delivery).
        /// </summary>
        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>Work still open when the command ends early (Ctrl+C, -ErrorAction Stop), done before the store closes.</summary>
        protected virtual void CloseOpenWork()
        {
        }

        public void Dispose()
        {
            CloseOpenWork();
            if (_store != null)
            {
                DeviceStores.Release(_store);
            }

            _store = null;
        }
    }
}
