using System;
using System.IO;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.Core.Files
{
    /// <summary>
    /// The system's temporary folder, where an import keeps what doesn't fit in memory (row results, keys). It is
    /// not the user's to name per command (TMPDIR, or TEMP on Windows, is), so a folder that is missing, full or
    /// closed to the user is reported here, once, as a write failure that says where and what to do.
    /// </summary>
    public static class TemporaryFolder
    {
        /// <summary>True for the failures a temporary folder can cause (missing, full, no permission).</summary>
        public static bool IsFailure(Exception e) => e is IOException || e is UnauthorizedAccessException;

        /// <summary>
        /// The import stopped before its commit: nothing was written. Said as the outcome (<see cref="BmgException.Outcome"/>),
        /// so a dry run (-WhatIf) says it in its own words.
        /// </summary>
        public static BmgException ImportStopped(Exception e) =>
            BmgException.WithOutcome(ErrorIds.FileWriteFailure, BmgErrorCategory.WriteError,
                $"The import could not write its scratch file in the temporary folder '{Path.GetTempPath()}': {e.Message} "
                + "Free some space there, or point TMPDIR (TEMP on Windows) at a folder with room, then run the import again.",
                BmgException.NothingImported, Path.GetTempPath(), e);

        /// <summary>The import is settled (its summary says how); only its row results could not be read back.</summary>
        public static BmgException ResultsLost(Exception e) =>
            new BmgException(ErrorIds.FileWriteFailure, BmgErrorCategory.WriteError,
                $"The import is settled as its summary says, but its row results could not be read back from the temporary folder '{Path.GetTempPath()}': {e.Message}",
                Path.GetTempPath(), e);
    }
}
