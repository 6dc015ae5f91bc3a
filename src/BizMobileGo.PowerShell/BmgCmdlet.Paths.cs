using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Files;

namespace BizMobileGo.PowerShell
{
    // Paths given to parameters, resolved through the session's providers (relative paths, PSDrives, wildcards), and the
    // files they name opened; only file-system paths are taken.
    public abstract partial class BmgCmdlet
    {
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
                    ErrorIds.NotFileSystemPath, ErrorCategory.InvalidArgument, Shown(path)));
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
                if (!SessionHasFileSystem())
                {
                    // A host's runspace built without the FileSystem provider (InitialSessionState.Create()): PowerShell said
                    // "Cannot find drive. A drive with the name '/' does not exist" (walkthrough 34a, 7a). A full path needs no
                    // provider; a relative one has no location to be resolved against.
                    if (Path.IsPathFullyQualified(path))
                    {
                        return Path.GetFullPath(path);
                    }

                    problem = "can't be resolved: this runspace has no FileSystem provider, so it has no current location; give a full path";
                    return null;
                }

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

        private bool SessionHasFileSystem()
        {
            foreach (ProviderInfo provider in SessionState.Provider.GetAll())
            {
                if (provider.Name == "FileSystem")
                {
                    return true;
                }
            }

            return false;
        }

        private static string Shown(string path) => path.Replace("\0", "\\0");

        /// <summary>
        /// Why a -Path pattern named no file, in the words that fit: an empty drop folder (./incoming/*.csv) is told it holds
        /// no such file, or that the folder is missing; the -LiteralPath advice only where it helps: a name holding [ ] that
        /// exists as it is (the pattern matches another name), or a path that was no pattern at all.
        /// </summary>
        private string NoFileMatches(string path)
        {
            const string literalAdvice = "[ ] * ? are wildcards in -Path";
            if (!WildcardPattern.ContainsWildcardCharacters(path))
            {
                return $"The path '{path}' did not resolve to a file. {literalAdvice}; use -LiteralPath for a name that holds them.";
            }

            string full;
            try
            {
                full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            }
            catch (Exception e) when (e is PSArgumentException || e is ProviderNotFoundException || e is System.Management.Automation.DriveNotFoundException || e is NotSupportedException)
            {
                return $"No file matches '{path}'.";
            }

            if (File.Exists(full))
            {
                return $"No file matches '{path}': {literalAdvice}, and the file named exactly so is matched by -LiteralPath only; use -LiteralPath '{path}'.";
            }

            string? folder = System.IO.Path.GetDirectoryName(full);
            if (string.IsNullOrEmpty(folder) || WildcardPattern.ContainsWildcardCharacters(folder))
            {
                return $"No file matches '{path}'.";
            }

            return Directory.Exists(folder)
                ? $"No file matches '{path}': the folder '{folder}' holds no file whose name matches '{System.IO.Path.GetFileName(full)}'."
                : $"No file matches '{path}': the folder '{folder}' does not exist.";
        }

        /// <summary>
        /// File-system paths for a -Path (wildcards expanded) or -LiteralPath value, through the session's
        /// providers so relative paths and PSDrives work; problems are non-terminating errors.
        /// <paramref name="notResolved"/>, when given, is told the path or file each such error names, and the error (the
        /// import counts it as a file that wrote nothing, and names the error in its ImportFailed).
        /// </summary>
        protected IEnumerable<string> ResolveFiles(string path, bool literal, Action<string, ErrorRecord>? notResolved = null)
        {
            // Each problem is written, and told to notResolved with the path or file it names.
            void NotResolved(ErrorRecord error, string named)
            {
                WriteError(error);
                notResolved?.Invoke(named, error);
            }

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
                    NotResolved(new ErrorRecord(new ArgumentException($"'{path}' is a {provider.Name} path; give the path of a file."),
                        ErrorIds.NotFileSystemPath, ErrorCategory.InvalidArgument, path), path);
                    return new string[0];
                }

                if (resolved.Count == 0)
                {
                    // As Import-Csv: a pattern that names no file is an error, so a nightly job over an empty folder
                    // (or a name holding [ ], which are wildcards in -Path) doesn't end "successfully" having done nothing.
                    NotResolved(new ErrorRecord(new ItemNotFoundException(NoFileMatches(path)),
                        ErrorIds.FileNotFound, ErrorCategory.ObjectNotFound, path), path);
                    return new string[0];
                }
            }
            catch (ItemNotFoundException e)
            {
                // A pattern whose folder is missing ('./incoming/*.csv', incoming not there) is told so, as an empty one is; a
                // path that names no file is the one missing-file error, as -LiteralPath's (ImportFailed then says it briefly).
                NotResolved(!literal && WildcardPattern.ContainsWildcardCharacters(path)
                    ? new ErrorRecord(new ItemNotFoundException(NoFileMatches(path), e), ErrorIds.FileNotFound, ErrorCategory.ObjectNotFound, path)
                    : FileNotFound(string.IsNullOrEmpty(e.ItemName) ? path : e.ItemName), path);
                return new string[0];
            }

            var files = new List<string>();
            bool pattern = !literal && WildcardPattern.ContainsWildcardCharacters(path);
            foreach (string file in resolved)
            {
                if (Directory.Exists(file) && pattern)
                {
                    // A folder a pattern also matched (incoming/* beside an archive/ folder) is no file it meant: passed
                    // over, as Get-ChildItem -File would, not an error that fails a nightly job every night.
                    continue;
                }

                if (Directory.Exists(file))
                {
                    NotResolved(new ErrorRecord(new IOException($"'{file}' is a directory; give the path of a CSV file."),
                        ErrorIds.PathIsDirectory, ErrorCategory.InvalidArgument, file), file);
                }
                else if (!File.Exists(file))
                {
                    NotResolved(FileNotFound(file), file);
                }
                else
                {
                    files.Add(file);
                }
            }

            if (pattern && files.Count == 0 && resolved.TrueForAll(Directory.Exists))
            {
                // Only folders matched: as a pattern that named nothing.
                NotResolved(new ErrorRecord(new ItemNotFoundException(
                    $"The path '{path}' did not resolve to a file (only to folders)."),
                    ErrorIds.FileNotFound, ErrorCategory.ObjectNotFound, path), path);
            }

            return files;
        }

        /// <summary>
        /// Opens a file for reading, turning the reasons it can't be opened into one error record (a BizMobileGo store is no
        /// CSV: PathIsStore, <see cref="Core.Store.StoreFile.NotCsvFile"/>); Ctrl+C ends a FIFO's wait for its writer
        /// (<see cref="InputFile"/>: an OperationCanceledException, which stops the command).
        /// </summary>
        protected FileStream? OpenFile(string file) => OpenFile(file, out _);

        /// <summary>As <see cref="OpenFile(string)"/>; <paramref name="error"/> is the error written when it could not be opened.</summary>
        protected FileStream? OpenFile(string file, out ErrorRecord? error)
        {
            error = null;
            if (Core.Store.StoreFile.LooksLikeStore(file))
            {
                // A store given as the CSV to read (Import-BmgDeviceCsv ./acme.db) is no malformed CSV: said what it is, and how a store is named.
                WriteError(error = new ErrorRecord(new ArgumentException(Core.Store.StoreFile.NotCsvFile(file, $"'{file}'", "nothing was read from it")),
                    ErrorIds.PathIsStore, ErrorCategory.InvalidArgument, file));
                return null;
            }

            try
            {
                return InputFile.OpenRead(file, StopToken, 1 << 16, FileOptions.SequentialScan);
            }
            catch (Exception e) when (FileReadFailure.Is(e))
            {
                // Gone since it was listed (moved or deleted after Get-ChildItem), unreadable, held by another process: the one
                // rule of every input file's ErrorId and category (FileReadFailure).
                WriteError(error = ToErrorRecord(FileReadFailure.Of(file, e)));
                return null;
            }
        }

        /// <summary>A file to read that isn't there, whether it never was or vanished after it was listed: one error.</summary>
        private static ErrorRecord FileNotFound(string file) => ToErrorRecord(FileReadFailure.NotFound(file));
    }
}
