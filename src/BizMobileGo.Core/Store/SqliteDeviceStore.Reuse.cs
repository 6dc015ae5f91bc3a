using System;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Import;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BizMobileGo.Core.Store
{
    /// <summary>What <see cref="OpenStores"/> asks of a connection before it keeps it for the next command.</summary>
    public sealed partial class SqliteDeviceStore
    {
        /// <summary>
        /// Ends whatever a command left open (a statement stopped mid-read by Ctrl+C keeps a read
        /// snapshot); true when the connection is now idle, outside any transaction, fit to be reused.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        internal bool Settle()
        {
            foreach (SqliteStatement statement in _commands.Values)
            {
                statement.Reset();
            }

            return _transaction == null && _connection.Handle != null && raw.sqlite3_get_autocommit(_connection.Handle) != 0;
        }

        private int _changesWhenTaken;

        /// <summary>
        /// The stamp of the very file this connection reads, as the command took the store: the one a kept store was verified
        /// against (<see cref="OpenStores.Take"/>), or the one taken as the store was opened (<see cref="ConnectStamped"/>);
        /// null: not known, and the store is not kept.
        /// </summary>
        internal OpenStores.Stamp? StampWhenTaken { get; set; }

        /// <summary>Connects to read and write, noting the stamp of the file the connection opened (<see cref="StampWhenTaken"/>).</summary>
        private static SqliteDeviceStore ConnectStamped(string fullPath, System.Threading.CancellationToken cancellation, Action<string?>? waiting)
        {
            // Stat'ed before and after connecting: only when the file is the same, unchanged (a rename or a link changes its
            // change time), is it the one the connection opened. The folder may differ: connecting makes the -wal and -shm files.
            OpenStores.Stamp? before = OpenStores.Stamp.Of(fullPath);
            SqliteDeviceStore store = Connect(fullPath, fullPath, StoreAccess.ReadWrite, cancellation, waiting);
            OpenStores.Stamp? after = OpenStores.Stamp.Of(fullPath);
            store.StampWhenTaken = before != null && before.SameFileAs(after) ? after : null;
            return store;
        }

        /// <summary>Notes where the connection's count of changed rows stands as a command takes the store.</summary>
        internal void MarkTaken() => _changesWhenTaken = ChangesSoFar;

        /// <summary>True when the command that took the store (<see cref="MarkTaken"/>) changed any row through it.</summary>
        internal bool WroteSinceTaken => ChangesSoFar != _changesWhenTaken;

        private int ChangesSoFar => _connection.Handle == null ? 0 : raw.sqlite3_total_changes(_connection.Handle);

        /// <summary>True when the file is still a store of this module's schema version (another process may have changed it).</summary>
        [MethodImpl(PerRowCode.Compile)]
        internal bool StillCurrent()
        {
            try
            {
                // A prepared statement: this runs before every reuse, so it must cost microseconds.
                SqliteStatement statement = Command("PRAGMA user_version;");
                bool current = statement.Step() && statement.GetInt64(0) == SqliteSchema.CurrentVersion;
                statement.Reset();
                return current;
            }
            catch (Exception e) when (e is SqliteException || e is BmgException)
            {
                return false;
            }
        }
    }
}
