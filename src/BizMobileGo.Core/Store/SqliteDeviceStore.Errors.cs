using System;
using System.Collections.Generic;
using System.Globalization;
using BizMobileGo.Core.Dep;
using BizMobileGo.Core.Devices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Users;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BizMobileGo.Core.Store
{
    /// <summary>SQLite's failures as the store errors of the contract (the Store* ErrorIds).</summary>
    public sealed partial class SqliteDeviceStore
    {
        /// <summary>Turns SQLite's failures that a user can meet into errors that say what to do.</summary>
        internal static Exception Translate(SqliteException e, string location)
        {
            switch (e.SqliteErrorCode)
            {
                case SqliteBusy:
                case SqliteLocked:
                    return new BmgException(ErrorIds.StoreBusy, BmgErrorCategory.ResourceBusy,
                        $"The store '{location}' stayed locked by another process for {BusyTimeoutSeconds} seconds; nothing was changed. Try again when the other import, or a command waiting for a confirmation, has finished.", location, e);
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

        private static BmgException StoreFull(string location, SqliteException e) =>
            new BmgException(ErrorIds.StoreFull, BmgErrorCategory.WriteError,
                $"The disk holding the store '{location}' is full; nothing was changed. Free some space and try again.", location, e);

        private static BmgException OpenFailure(string location, SqliteException e) =>
            new BmgException(ErrorIds.StoreOpenFailure, BmgErrorCategory.OpenError,
                $"The store '{location}' could not be used: {e.Message}", location, e);
    }
}
