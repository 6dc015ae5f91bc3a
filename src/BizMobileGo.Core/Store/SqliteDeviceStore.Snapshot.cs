using System.IO;
using Microsoft.Data.Sqlite;

namespace BizMobileGo.Core.Store
{
    public sealed partial class SqliteDeviceStore
    {
        /// <summary>
        /// An in-memory copy of the store file, for -WhatIf: the copy is migrated and written as the real run
        /// would be, while the file itself is only read. A missing file is not created (the copy starts empty),
        /// an old one is not migrated, and no write lock is taken, so a dry run can't block or change anything.
        /// </summary>
        public static SqliteDeviceStore OpenSnapshot(string path)
        {
            // The same refusals as a real run (an empty or foreign file, a device, another user's file): a dry run
            // must not plan what the real run would refuse.
            string fullPath = StoreFile.FullPath(path);
            bool exists = StoreFile.Exists(fullPath);
            if (exists && !Directory.Exists(fullPath))
            {
                StoreFile.CheckExisting(fullPath);
            }

            if (Directory.Exists(fullPath))
            {
                throw new Errors.BmgException(Errors.ErrorIds.StoreOpenFailure, Errors.BmgErrorCategory.OpenError,
                    $"The store path '{fullPath}' is a directory; give the path of a database file.", fullPath);
            }

            var memory = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = ":memory:", Pooling = false }.ToString());
            var store = new SqliteDeviceStore(fullPath, memory);
            try
            {
                memory.Open();
                if (exists)
                {
                    var file = new SqliteConnectionStringBuilder
                    {
                        DataSource = fullPath,
                        Mode = SqliteOpenMode.ReadOnly,
                        Pooling = false,
                        DefaultTimeout = BusyTimeoutSeconds,
                    };
                    using var source = new SqliteConnection(file.ToString());
                    source.Open();
                    source.BackupDatabase(memory);
                }

                store.Execute("PRAGMA foreign_keys = ON;");
                store.Migrate();
                return store;
            }
            catch (SqliteException e)
            {
                store.Dispose();
                throw Translate(e, fullPath);
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }
    }
}
