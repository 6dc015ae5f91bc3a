using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Files;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// The warning for a store file that other accounts may read: a SQLite store holds every check-in code and the users'
    /// names and addresses, and the module makes it 0600 (<see cref="StoreFile.CreateNew"/>), but a copy made with cp under a
    /// default umask, or a file made by another tool, is 0644. Its group counts as others (0640 warns too): the module refuses a
    /// store of another owner (StoreOwnedByAnotherUser), so group access serves no user of the module, only readers of the
    /// file itself. Each file is warned about once a process (a session), not once a command. Unix modes only.
    /// </summary>
    public static class StoreFileAccess
    {
        private static readonly HashSet<string> Warned = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>
        /// The warning for the store file of <paramref name="store"/> and its -wal and -shm files that are open to their group
        /// or to others and not yet warned about in this process: each named with its mode, then the chmod that makes them the
        /// owner's alone (keeping the owner's own bits: 600, or 400 for a read-only archive). Null when there is none.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)]
        public static string? Warning(IDeviceStore store)
        {
            if (OperatingSystem.IsWindows() || store is not SqliteDeviceStore sqlite)
            {
                return null;
            }

            // Asked by every command, a script's loop of look-ups too: the store file's mode is the one its stamp shows, stat'ed
            // by this very command as it took the store (OpenStores.Take checks a kept store's stamp still shows; an open stamps
            // the file it connected to), and a chmod since changes the stamp, so the next command opens the store afresh.
            // The -wal and -shm have no stamp: a chmod of either between commands changes nothing the stamp shows, so they are
            // stat'ed each time, by their paths in libc's form, made once a store.
            Companions companions = CompanionsOf(sqlite.Location);
            List<(string File, UnixFileMode Mode)>? open = null;
            Note(ref open, sqlite.Location, sqlite.StampWhenTaken is OpenStores.Stamp stamp ? stamp.FileMode : ModeOf(sqlite.Location, null));
            Note(ref open, companions.Wal, ModeOf(companions.Wal, companions.NativeWal));
            Note(ref open, companions.Shm, ModeOf(companions.Shm, companions.NativeShm));
            if (open == null)
            {
                return null;
            }

            string named = string.Join(", ", open.Select(f => $"'{Fields.FieldText.Printable(f.File)}' (mode {PrivateFileMode.Octal(f.Mode)})"));
            string owner = Convert.ToString(((int)open[0].Mode >> 6) & 6, 8);
            string files = string.Join(" ", open.Select(f => Fields.FieldText.SingleQuotedArgument(f.File)));
            return $"The store file{(open.Count == 1 ? "" : "s")} {named} {(open.Count == 1 ? "is" : "are")} open to other accounts (group or others): a store "
                + $"holds every check-in code and the users' names and addresses. Make {(open.Count == 1 ? "it" : "them")} yours alone: chmod {owner}00 {files}";
        }

        /// <summary>Keeps <paramref name="file"/> for the warning when its mode opens it to others and it was not warned about yet.</summary>
        private static void Note(ref List<(string File, UnixFileMode Mode)>? open, string file, UnixFileMode? mode)
        {
            if (mode is UnixFileMode known && PrivateFileMode.OpenToOthers(known))
            {
                lock (Warned)
                {
                    if (Warned.Add(file))
                    {
                        (open ??= new List<(string File, UnixFileMode Mode)>()).Add((file, known));
                    }
                }
            }
        }

        /// <summary>The permission bits of <paramref name="file"/> (symbolic links followed); null when nothing is there (a closed store has no -wal or -shm).</summary>
        [MethodImpl(PerRowCode.Compile)]
        [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
        private static UnixFileMode? ModeOf(string file, byte[]? nativePath)
        {
            if (nativePath != null)
            {
                return UnixFileStatus.Of(nativePath) is UnixFileStatus status ? (UnixFileMode)status.Permissions : null;
            }

            try
            {
                return File.GetUnixFileMode(file);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }

        // The last store's -wal and -shm paths, as text and in libc's form (null where stat(2)'s layout is not known); a
        // script's loop asks for one store again and again.
        private static Companions? _last;

        private static Companions CompanionsOf(string location)
        {
            Companions? last = _last;
            if (last == null || !string.Equals(last.Location, location, StringComparison.Ordinal))
            {
                _last = last = new Companions(location);
            }

            return last;
        }

        private sealed class Companions
        {
            public Companions(string location)
            {
                Location = location;
                Wal = location + "-wal";
                Shm = location + "-shm";
                NativeWal = UnixFileStatus.IsSupported ? UnixFileStatus.NativePath(Wal) : null;
                NativeShm = UnixFileStatus.IsSupported ? UnixFileStatus.NativePath(Shm) : null;
            }

            public string Location { get; }

            public string Wal { get; }

            public string Shm { get; }

            public byte[]? NativeWal { get; }

            public byte[]? NativeShm { get; }
        }
    }
}
