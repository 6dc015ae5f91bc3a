using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BizMobileGo.Core.Files;

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
        public static string? Warning(IDeviceStore store)
        {
            if (OperatingSystem.IsWindows() || store is not SqliteDeviceStore)
            {
                return null;
            }

            var open = new List<(string File, UnixFileMode Mode)>();
            foreach (string file in new[] { store.Location, store.Location + "-wal", store.Location + "-shm" })
            {
                UnixFileMode mode;
                try
                {
                    mode = File.GetUnixFileMode(file);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    continue; // not there (a closed store has no -wal or -shm)
                }

                if (PrivateFileMode.OpenToOthers(mode))
                {
                    lock (Warned)
                    {
                        if (Warned.Add(file))
                        {
                            open.Add((file, mode));
                        }
                    }
                }
            }

            if (open.Count == 0)
            {
                return null;
            }

            string named = string.Join(", ", open.Select(f => $"'{Fields.FieldText.Printable(f.File)}' (mode {PrivateFileMode.Octal(f.Mode)})"));
            string owner = Convert.ToString(((int)open[0].Mode >> 6) & 6, 8);
            string files = string.Join(" ", open.Select(f => Fields.FieldText.SingleQuotedArgument(f.File)));
            return $"The store file{(open.Count == 1 ? "" : "s")} {named} {(open.Count == 1 ? "is" : "are")} open to other accounts (group or others): a store "
                + $"holds every check-in code and the users' names and addresses. Make {(open.Count == 1 ? "it" : "them")} yours alone: chmod {owner}00 {files}";
        }
    }
}
