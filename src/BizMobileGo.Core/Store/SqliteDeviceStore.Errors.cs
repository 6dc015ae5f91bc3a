using System;
using BizMobileGo.Core.Errors;
using Microsoft.Data.Sqlite;

namespace BizMobileGo.Core.Store
{
    /// <summary>SQLite's failures as the store errors of the contract (the Store* ErrorIds).</summary>
    public sealed partial class SqliteDeviceStore
    {
        /// <summary>
        /// Who holds a SQLite store's lock, as far as it can be told: any process that opened the file, on this computer or,
        /// for a store on a shared folder, on another one.
        /// </summary>
        internal const string SqliteHolder = "a process on this computer, or on another one that opened the store through a shared folder; SQLite can't tell which";

        /// <summary>Turns SQLite's failures that a user can meet into errors that say what to do.</summary>
        internal static Exception Translate(SqliteException e, string location)
        {
            switch (e.SqliteErrorCode)
            {
                case SqliteBusy:
                case SqliteLocked:
                    // SQLite can't tell who holds it, only where such a holder can be (walkthrough 26, 7).
                    return StoreBusyError.WriterLock(location, BusyTimeout, SqliteHolder, e);
                case SqliteCorrupt:
                    return StoreDamage.ReportedBySqlite(location, "SQLite finds its contents malformed (SQLITE_CORRUPT)", e);
                case SqliteNotADatabase when StoreFile.LooksLikeStore(location):
                    return StoreDamage.ReportedBySqlite(location, "it begins as a BizMobileGo store, but SQLite can't read its header (SQLITE_NOTADB)", e);
                case SqliteIoError when e.SqliteExtendedErrorCode == SqliteIoErrorShortRead:
                    return StoreDamage.ReportedBySqlite(location, "it ends before a page SQLite reads (SQLITE_IOERR_SHORT_READ)", e);
                case SqliteNotADatabase:
                    return new BmgException(ErrorIds.StoreNotRecognized, BmgErrorCategory.InvalidData,
                        $"'{location}' is not a SQLite database (it may be damaged or another kind of file); it was not changed.", location, e);
                case SqliteFull:
                    return StoreFull(location, e);
                case SqliteIoError:
                case SqliteCantOpen:
                    // With no space left even a read fails, as an I/O error or a -shm file that can't be made.
                    return DiskSpace.IsFull(location) ? StoreFull(location, e) : OpenFailure(location, e);
                case SqliteReadOnly:
                    // A store opened to read because the disk was full refuses a write as read-only: say why.
                    if (DiskSpace.IsFull(location))
                    {
                        return StoreFull(location, e);
                    }

                    return new BmgException(ErrorIds.StoreReadOnly, BmgErrorCategory.PermissionDenied,
                        $"The store '{location}' can be read but not written (read-only media, or no write permission for the file or its folder); nothing was changed.", location, e);
                default:
                    return OpenFailure(location, e);
            }
        }

        /// <summary>
        /// A store in a folder this user may not write, while others may (its owner, a group): SQLite's reader must make the
        /// store's -wal and -shm files there, and reading it without them is safe only where no one can write meanwhile.
        /// </summary>
        private static BmgException FolderClosedToReader(string location, Exception inner) =>
            new BmgException(ErrorIds.StoreReadOnly, BmgErrorCategory.PermissionDenied,
                $"The store '{location}' can't be read or written: you may not write its folder, where SQLite must make the store's -wal and -shm files to read it while others may write it. " +
                "Get write permission for the folder, read a copy, or, for an archived store no one writes any more, make the folder read-only for everyone (chmod a-w): it is then read as it stands. Nothing was changed.",
                location, inner);

        /// <summary>
        /// A failure of this store's SQLite as a store error. A -WhatIf copy lives in SQLite's temporary folder, not
        /// beside the store, and the dry run uses nothing else once the copy is made: a failure to write or open there
        /// is said to be that folder's, not the store's disk's.
        /// </summary>
        private Exception Failure(SqliteException e) => _dryRunCopy ? DryRunCopyFailure(e, Location) : Translate(e, Location);

        private static Exception DryRunCopyFailure(SqliteException e, string location) =>
            e.SqliteErrorCode == SqliteFull ? DryRunCopyFull(location, e)
            : e.SqliteErrorCode == SqliteIoError || e.SqliteErrorCode == SqliteCantOpen ? DryRunCopyFailed(location, e)
            : Translate(e, location);

        // Where SQLite puts a temporary database, by its own rule: it reads the variables once, from the environment the
        // process was started with ($env: in a running PowerShell does not reach it on Linux and macOS).
        private const string SqliteTemporaryFolderRule =
            "SQLite's temporary folder (the first writable of SQLITE_TMPDIR, TMPDIR, /var/tmp, /usr/tmp and /tmp as PowerShell was started; TMP or TEMP on Windows)";

        private const string SqliteTemporaryFolderAdvice =
            "The copy needs about the store's size plus what the import would add. Free some space there, or start PowerShell with SQLITE_TMPDIR (TMP on Windows) set to a folder with room.";

        private static BmgException DryRunCopyFull(string location, SqliteException e) =>
            new BmgException(ErrorIds.StoreFull, BmgErrorCategory.WriteError,
                $"-WhatIf could not write its copy of the store '{location}': {SqliteTemporaryFolderRule} is full. Nothing was changed. {SqliteTemporaryFolderAdvice}",
                location, e);

        private static BmgException DryRunCopyFailed(string location, SqliteException e) =>
            new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.OpenError,
                $"-WhatIf could not use its copy of the store '{location}' in {SqliteTemporaryFolderRule}: {e.Message} Nothing was changed. {SqliteTemporaryFolderAdvice}",
                location, e);

        private static BmgException StoreFull(string location, SqliteException e) =>
            new BmgException(ErrorIds.StoreFull, BmgErrorCategory.WriteError,
                $"The disk holding the store '{location}' is full; nothing was changed. Free some space and try again.", location, e);

        private static BmgException OpenFailure(string location, SqliteException e) =>
            new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.OpenError,
                $"The store '{location}' could not be used: {e.Message}", location, e);

        private const int SqliteConstraintUnique = 2067;
        private const int SqliteConstraintPrimaryKey = 1555;
        private const int SqliteConstraintTrigger = 1811;

        // Migration 12's triggers refuse an entry that forks the history inside a pack with this text, as the primary key
        // of change_history refuses a sequence already used (SQLite's own message names it the same way).
        private const string HistorySequence = "change_history.sequence";

        /// <summary>
        /// A unique key's violation as the domain error the planner would have given (DuplicateSerial, AlreadyExists),
        /// for a write that reached the store past the planner's checks; null for any other failure. SQLite names the
        /// table and column; no value is echoed.
        /// </summary>
        internal static BmgException? UniqueViolation(SqliteException e)
        {
            string message = e.Message;
            bool forkedHistory = e.SqliteExtendedErrorCode == SqliteConstraintTrigger && message.IndexOf(HistorySequence, StringComparison.Ordinal) >= 0;
            if (e.SqliteExtendedErrorCode != SqliteConstraintUnique && e.SqliteExtendedErrorCode != SqliteConstraintPrimaryKey && !forkedHistory)
            {
                return null;
            }

            if (message.IndexOf("devices.serial", StringComparison.Ordinal) >= 0)
            {
                return new BmgException(ErrorIds.DuplicateSerial, BmgErrorCategory.ResourceExists,
                    "The store refused the change: another device already holds this serial number; a serial can belong to one device only. Nothing was changed.", null, e);
            }

            string what = message.IndexOf("devices.identifier", StringComparison.Ordinal) >= 0 ? "a device with this Identifier (ignoring case)"
                : message.IndexOf("users.user_name", StringComparison.Ordinal) >= 0 ? "a user with this UserName"
                : message.IndexOf("organizations.", StringComparison.Ordinal) >= 0 ? "an organization with this id"
                : message.IndexOf("templates.", StringComparison.Ordinal) >= 0 ? "a template with this name"
                : message.IndexOf("device_tags.", StringComparison.Ordinal) >= 0 ? "a device tag with this name"
                // Also a row inside a pack's range, or overlapping packs (migration 12's triggers): another writer forked the chain.
                : message.IndexOf(HistorySequence, StringComparison.Ordinal) >= 0
                    ? "a change history entry with this number (another client wrote the history at the same time; try again)"
                : "a record with this key";
            return new BmgException(ErrorIds.AlreadyExists, BmgErrorCategory.ResourceExists,
                $"The store refused the change: {what} already exists. Nothing was changed.", null, e);
        }
    }
}
