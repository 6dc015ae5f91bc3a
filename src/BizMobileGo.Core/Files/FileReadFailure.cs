using System;
using System.IO;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.Core.Files
{
    /// <summary>
    /// The one rule for an input file that can't be read (a CSV file, a DEP file, a -Path list of devices), as PowerShell's
    /// own Get-Content and Import-Csv categorize it: one that is not there is FileNotFound, ObjectNotFound; one the account
    /// may not read is FileOpenFailure, PermissionDenied; any other failure to open it (held by another process with
    /// FileShare.None, an I/O error) FileOpenFailure, OpenError. Before, a missing file was ObjectNotFound only where the
    /// cmdlet looked first, a DEP file that vanished after it was listed was OpenError, and an unreadable one always
    /// OpenError (walkthrough 43, 13).
    /// </summary>
    public static class FileReadFailure
    {
        /// <summary>Whether <paramref name="e"/> is a failure to open or read a file, which <see cref="Of"/> puts in words.</summary>
        public static bool Is(Exception e) => e is IOException || e is UnauthorizedAccessException;

        /// <summary>
        /// A missing file's cause where its name was just given (ImportFailed: "'x.csv' could not be imported: it does not
        /// exist (FileNotFound).").
        /// </summary>
        public const string NotFoundCause = "it does not exist";

        /// <summary>A file to read that isn't there, whether it never was or vanished after it was listed: one error.</summary>
        public static BmgException NotFound(string path, Exception? inner = null) =>
            new BmgException(ErrorIds.FileNotFound, BmgErrorCategory.ObjectNotFound,
                $"Cannot find the file '{path}' because it does not exist.", path, inner);

        /// <summary>
        /// <paramref name="e"/> (<see cref="Is"/>), met opening or reading <paramref name="path"/>, as the user's error.
        /// <paramref name="what"/>: how the file is named in the message ("The DEP device file 'x.json'"), or null for the
        /// system's own message alone ("Access to the path 'x.csv' is denied.").
        /// </summary>
        public static BmgException Of(string path, Exception e, string? what = null)
        {
            if (e is FileNotFoundException || e is DirectoryNotFoundException)
            {
                return NotFound(path, e);
            }

            BmgErrorCategory category = e is UnauthorizedAccessException ? BmgErrorCategory.PermissionDenied : BmgErrorCategory.OpenError;
            return new BmgException(ErrorIds.FileOpenFailure, category, what == null ? e.Message : $"{what} can't be read: {e.Message}", path, e);
        }
    }
}
