using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
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

        /// <summary>The store file; default $env:BMG_DATABASE, else a per-user data file.</summary>
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
                    string path = Database != null ? GetUnresolvedProviderPathFromPSPath(Database) : SqliteDeviceStore.DefaultPath();
                    WriteVerbose($"Using the store '{path}'.");
                    try
                    {
                        // -WhatIf works on an in-memory copy: no store file created, nothing migrated, no write lock.
                        _store = WhatIfInEffect ? SqliteDeviceStore.OpenSnapshot(path) : SqliteDeviceStore.Open(path);
                    }
                    catch (BmgException e)
                    {
                        ThrowTerminatingError(ToErrorRecord(e));
                    }
                    catch (IOException e)
                    {
                        ThrowTerminatingError(new ErrorRecord(e, ErrorIds.StoreOpenFailure, ErrorCategory.OpenError, path));
                    }
                    catch (UnauthorizedAccessException e)
                    {
                        ThrowTerminatingError(new ErrorRecord(e, ErrorIds.StoreOpenFailure, ErrorCategory.PermissionDenied, path));
                    }
                }

                return _store!;
            }
        }

        private bool WhatIfInEffect =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? whatIf)
                ? whatIf is SwitchParameter given && given.IsPresent
                : LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));

        /// <summary>Runs one item's work; a user-facing failure becomes a non-terminating error and the pipeline goes on.</summary>
        protected void ForItem(Action work)
        {
            try
            {
                work();
            }
            catch (BmgException e) when (!IsStoreWide(e))
            {
                WriteError(ToErrorRecord(e));
            }
            catch (BmgException e)
            {
                ThrowTerminatingError(ToErrorRecord(e));
            }
        }

        /// <summary>A store that can't be used fails every later item too: stop instead of repeating the error.</summary>
        private static bool IsStoreWide(BmgException e) =>
            e.ErrorId == ErrorIds.StoreBusy || e.ErrorId == ErrorIds.StoreNotRecognized ||
            e.ErrorId == ErrorIds.StoreVersionTooNew || e.ErrorId == ErrorIds.StoreOpenFailure;

        protected static ErrorRecord ToErrorRecord(BmgException e) =>
            new ErrorRecord(e, e.ErrorId, ToCategory(e.Category), e.Target);

        protected static ErrorCategory ToCategory(BmgErrorCategory category) =>
            (ErrorCategory)Enum.Parse(typeof(ErrorCategory), category.ToString());

        /// <summary>
        /// A piped object whose key property is empty ($null Identifier of an unclaimed DEP device)
        /// selects nothing; only a command line without the key means "all".
        /// </summary>
        protected bool PipedWithoutKey => MyInvocation.ExpectingInput;

        /// <summary>Items whose key matches one of <paramref name="patterns"/>; an exact name that matches nothing is an error.</summary>
        protected IEnumerable<T> SelectByName<T>(IEnumerable<T> items, string[]? patterns, Func<T, string> key, bool ignoreCase,
            string notFoundErrorId, string kind)
        {
            if (patterns == null || patterns.Length == 0)
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

            var options = ignoreCase ? WildcardOptions.IgnoreCase : WildcardOptions.None;
            var wildcards = new List<WildcardPattern>();
            var exact = new List<string>();
            foreach (string pattern in patterns)
            {
                if (WildcardPattern.ContainsWildcardCharacters(pattern))
                {
                    wildcards.Add(new WildcardPattern(pattern, options));
                }
                else
                {
                    exact.Add(pattern);
                }
            }

            var comparison = ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            var found = new HashSet<string>(comparison);
            var exactSet = new HashSet<string>(exact, comparison);
            foreach (T item in items)
            {
                string name = key(item);
                bool matches = exactSet.Contains(name);
                if (matches)
                {
                    found.Add(name);
                }
                else
                {
                    foreach (WildcardPattern wildcard in wildcards)
                    {
                        if (wildcard.IsMatch(name))
                        {
                            matches = true;
                            break;
                        }
                    }
                }

                if (matches)
                {
                    yield return item;
                }
            }

            foreach (string name in exact)
            {
                if (!found.Contains(name))
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException($"No {kind} is named '{name}'."), notFoundErrorId, ErrorCategory.ObjectNotFound, name));
                }
            }
        }

        /// <summary>
        /// Devices by Identifier: an exact identifier is one indexed look-up (ignoring case), and a
        /// missing one is a DeviceNotFound error; a wildcard scans. No identifiers: every device.
        /// </summary>
        protected IEnumerable<Device> FindDevices(string[]? identifiers) =>
            FindByKey(identifiers, Store.GetDevices, Store.GetDevice, d => d.Identifier, ignoreCase: true,
                id => DeviceEditor.NotFound(id));

        /// <summary>Users by UserName, as <see cref="FindDevices"/> does for devices; user names are case-sensitive.</summary>
        protected IEnumerable<User> FindUsers(string[]? userNames) =>
            FindByKey(userNames, Store.GetUsers, Store.GetUser, u => u.UserName, ignoreCase: false,
                name => new BmgException(ErrorIds.UserNotFound, BmgErrorCategory.ObjectNotFound, $"No user has the UserName '{name}'.", name));

        private IEnumerable<T> FindByKey<T>(string[]? keys, Func<IEnumerable<T>> all, Func<string, T?> one, Func<T, string> key,
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
            var wildcards = new List<WildcardPattern>();
            foreach (string text in keys)
            {
                if (WildcardPattern.ContainsWildcardCharacters(text))
                {
                    wildcards.Add(new WildcardPattern(text, ignoreCase ? WildcardOptions.IgnoreCase : WildcardOptions.None));
                    continue;
                }

                T? item = one(text.Trim());
                if (item == null)
                {
                    WriteError(ToErrorRecord(notFound(text)));
                }
                else if (written.Add(key(item)))
                {
                    yield return item;
                }
            }

            if (wildcards.Count != 0)
            {
                foreach (T item in all())
                {
                    string name = key(item);
                    if (wildcards.Any(pattern => pattern.IsMatch(name)) && written.Add(name))
                    {
                        yield return item;
                    }
                }
            }
        }

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

        /// <summary>A -Delimiter that CSV can't use (a quote, a line break, NUL) stops the command before any input.</summary>
        protected void CheckDelimiter(char delimiter)
        {
            if (delimiter == '"' || delimiter == '\r' || delimiter == '\n' || delimiter == '\0')
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("The delimiter cannot be a quote, a line break or NUL."),
                    "InvalidDelimiter", ErrorCategory.InvalidArgument, delimiter));
            }
        }

        /// <summary>Work still open when the command ends early (Ctrl+C, -ErrorAction Stop), done before the store closes.</summary>
        protected virtual void CloseOpenWork()
        {
        }

        public void Dispose()
        {
            CloseOpenWork();
            _store?.Dispose();
            _store = null;
        }
    }
}
