using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using BizMobileGo.Core.Files;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// Stores kept open between commands of one process, so a script calling a cmdlet a thousand times
    /// opens the file once: opening costs the connection, a dozen PRAGMAs, the schema check and every
    /// statement's preparation, far more than a look-up by serial.
    /// </summary>
    /// <remarks>
    /// A store is reused only while its file is provably the one it was opened on: the file and its
    /// folder are stat'ed on every use and must show the same device, inode, mode, owner and change time
    /// as when the store was opened (a chmod, a chown, a replaced or deleted file, a rename in the folder,
    /// another process's checkpoint all change one of these). The stamp a store is kept with is never taken
    /// as its command ends, but as the command took it: verified for a kept store, stat'ed before and after
    /// connecting for one opened afresh (see <see cref="SqliteDeviceStore.StampWhenTaken"/>), so a change
    /// during that command too opens the store afresh for the next; then the schema version is read
    /// again. Anything else opens the store afresh through <see cref="SqliteDeviceStore.Open(string, System.Threading.CancellationToken)"/> with all its
    /// checks. Only idle read-write connections are kept; a store taken is used by one command at a time
    /// (each runspace gets its own), and data is never cached: SQLite reads the file's current state on
    /// every statement. A store is kept only after a command that changed nothing (see <see cref="Return"/>). Where stat(2) isn't available (Windows) nothing is kept, so no file stays locked.
    /// </remarks>
    public static class OpenStores
    {
        // A few stores at most: each keeps its page cache; a script's loop uses one, a session rarely more.
        private const int MostKept = 4;

        private static readonly object Gate = new object();
        private static readonly List<string> KeptOrder = new List<string>();
        private static readonly Dictionary<string, (SqliteDeviceStore Store, Stamp Stamp, object? Keeper)> Idle =
            new Dictionary<string, (SqliteDeviceStore, Stamp, object?)>(StringComparer.Ordinal);

        /// <summary>
        /// Who a store handed back is kept for, asked as its command ends: the PowerShell layer answers with the command's
        /// runspace, so Remove-Module in one runspace closes that runspace's stores only (<see cref="Close"/>), never
        /// those of another runspace of the process (a thread job, ForEach-Object -Parallel) still using the module.
        /// </summary>
        public static Func<object?> Keeper { get; set; } = () => null;

        /// <summary>The store at <paramref name="path"/>: the one kept open if its file is unchanged, else newly opened.</summary>
        /// <param name="path">The store file.</param>
        /// <param name="mayWrite">
        /// False for a command that only reads: it may reuse a kept store on a full disk, and a store file that does not
        /// exist is not created (<see cref="Errors.ErrorIds.StoreNotFound"/>).
        /// </param>
        /// <param name="cancellation">Ends the wait of a store opened afresh that must be upgraded (<see cref="SqliteDeviceStore.Open(string, CancellationToken)"/>).</param>
        /// <param name="waiting">Told when that wait begins (<see cref="IDeviceStore.WaitingForWriter"/>).</param>
        [MethodImpl(PerRowCode.Compile)]
        public static SqliteDeviceStore Take(string path, bool mayWrite = true, CancellationToken cancellation = default, Action<string?>? waiting = null)
        {
            string fullPath = StoreFile.FullPath(path);
            (SqliteDeviceStore Store, Stamp Stamp, object? Keeper) kept;
            bool found;
            lock (Gate)
            {
                found = Idle.TryGetValue(fullPath, out kept);
                if (found)
                {
                    Idle.Remove(fullPath);
                    KeptOrder.Remove(fullPath);
                }
            }

            // Opened outside the gate: an open may wait for another process's writer lock (a store to upgrade), and the
            // commands of other runspaces must not queue behind that wait, where their own Ctrl+C could not reach them.
            if (!found)
            {
                return Taken(SqliteDeviceStore.Open(fullPath, cancellation, mayCreate: mayWrite, waiting));
            }

            // A full disk: opened afresh, the store falls back to reading and a write says StoreFull, as always; a command
            // that only reads reads the same through the kept connection, and is spared asking the file system for free space.
            if (kept.Stamp.StillShown() && (!mayWrite || !DiskSpace.IsFull(fullPath)) && kept.Store.StillCurrent())
            {
                // Handed back unchanged by a command that only read, the store is kept with this stamp, not stat'ed again:
                // a change while the command ran makes the next Take's stamp differ, and the store is opened afresh.
                kept.Store.StampWhenTaken = kept.Stamp;
                // Its statements wait as long as $env:BMG_STORE_WAIT says now, not as it said when the store was opened.
                kept.Store.WaitWhileBusy();
                return Taken(kept.Store);
            }

            kept.Store.Dispose();
            return Taken(SqliteDeviceStore.Open(fullPath, cancellation, mayCreate: mayWrite, waiting));
        }

        private static SqliteDeviceStore Taken(SqliteDeviceStore store)
        {
            store.MarkTaken();
            store.KeptBetweenCommands = true;
            return store;
        }

        /// <summary>
        /// Hands a store back when its command ends: kept open for the next command if that command only
        /// read (look-ups are what scripts repeat) and the connection is idle and writable, else closed.
        /// A command that wrote closes the store, as before: SQLite checkpoints and removes the -wal file,
        /// and nothing keeps the media busy (a remount read-only, an unmount) after a change.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        public static void Return(SqliteDeviceStore store)
        {
            // Never stat'ed now: the file may have been replaced while the command ran, and the connection still reads the old one.
            Stamp? stamp = store.Writable && !store.WroteSinceTaken && store.Settle() ? store.StampWhenTaken : null;
            store.StampWhenTaken = null;
            if (stamp == null)
            {
                store.Dispose();
                return;
            }

            var closing = new List<SqliteDeviceStore>();
            object? keeper = Keeper();
            lock (Gate)
            {
                if (Idle.TryGetValue(store.Location, out var other))
                {
                    closing.Add(other.Store);
                    KeptOrder.Remove(store.Location);
                }

                Idle[store.Location] = (store, stamp, keeper);
                KeptOrder.Add(store.Location);
                while (KeptOrder.Count > MostKept)
                {
                    closing.Add(Idle[KeptOrder[0]].Store);
                    Idle.Remove(KeptOrder[0]);
                    KeptOrder.RemoveAt(0);
                }
            }

            foreach (SqliteDeviceStore stale in closing)
            {
                stale.Dispose();
            }
        }

        /// <summary>Closes every store kept open.</summary>
        public static void CloseAll() => Close(_ => true);

        /// <summary>Closes every store kept open for a keeper <paramref name="keptFor"/> accepts (<see cref="Keeper"/>: the module is removed from a runspace).</summary>
        public static void Close(Func<object?, bool> keptFor)
        {
            var stores = new List<SqliteDeviceStore>();
            lock (Gate)
            {
                foreach (string location in KeptOrder.ToArray())
                {
                    if (keptFor(Idle[location].Keeper))
                    {
                        stores.Add(Idle[location].Store);
                        Idle.Remove(location);
                        KeptOrder.Remove(location);
                    }
                }
            }

            foreach (SqliteDeviceStore store in stores)
            {
                store.Dispose();
            }
        }

        /// <summary>What stat(2) says of the store file and its folder; equal stamps: nothing about either changed.</summary>
        internal sealed class Stamp : IEquatable<Stamp>
        {
            private readonly UnixFileStatus _file;
            private readonly UnixFileStatus _folder;

            // The two paths in libc's form, made once: a kept store is stat'ed again by every command that takes it.
            private readonly byte[] _nativeFile;
            private readonly byte[] _nativeFolder;

            private Stamp(UnixFileStatus file, UnixFileStatus folder, byte[] nativeFile, byte[] nativeFolder)
            {
                _file = file;
                _folder = folder;
                _nativeFile = nativeFile;
                _nativeFolder = nativeFolder;
            }

            public static Stamp? Of(string fullPath)
            {
                if (!UnixFileStatus.IsSupported)
                {
                    return null;
                }

                return Of(UnixFileStatus.NativePath(fullPath), UnixFileStatus.NativePath(Path.GetDirectoryName(fullPath) ?? "."));
            }

            [MethodImpl(PerRowCode.Compile)]
            private static Stamp? Of(byte[] nativeFile, byte[] nativeFolder)
            {
                UnixFileStatus? file = UnixFileStatus.OfEntry(nativeFile);
                UnixFileStatus? folder = UnixFileStatus.Of(nativeFolder);
                // Only a plain file is kept: a link could be pointed elsewhere without the entry changing.
                return file == null || folder == null || file.Kind != UnixFileKind.Regular ? null : new Stamp(file, folder, nativeFile, nativeFolder);
            }

            /// <summary>True when the file and its folder, stat'ed now, still show this stamp: the same as <c>Equals(Stamp.Of(path))</c>.</summary>
            [MethodImpl(PerRowCode.Compile)]
            public bool StillShown()
            {
                UnixFileStatus? file = UnixFileStatus.OfEntry(_nativeFile);
                if (file == null || file.Kind != UnixFileKind.Regular || !Same(_file, file))
                {
                    return false;
                }

                UnixFileStatus? folder = UnixFileStatus.Of(_nativeFolder);
                return folder != null && Same(_folder, folder);
            }

            /// <summary>The file's permission bits, as stat'ed for this stamp (<see cref="StoreFileAccess"/>: a command's look at them).</summary>
            public UnixFileMode FileMode => (UnixFileMode)_file.Permissions;

            public bool Equals(Stamp? other) => other != null && Same(_file, other._file) && Same(_folder, other._folder);

            /// <summary>True when <paramref name="other"/> shows the same, unchanged file, whatever its folder shows.</summary>
            public bool SameFileAs(Stamp? other) => other != null && Same(_file, other._file);

            public override bool Equals(object? obj) => Equals(obj as Stamp);

            public override int GetHashCode() => _file.Inode.GetHashCode();

            private static bool Same(UnixFileStatus a, UnixFileStatus b) =>
                a.IsSameFile(b) && a.Mode == b.Mode && a.Owner == b.Owner &&
                a.ChangeSeconds == b.ChangeSeconds && a.ChangeNanoseconds == b.ChangeNanoseconds;
        }
    }
}
