using System;
using System.IO;

namespace BizMobileGo.Core.Store
{
    /// <summary>Whether the disk holding a file has run out of space; SQLite reports that case as a plain I/O error.</summary>
    internal static class DiskSpace
    {
        // Less than this is "full" for a store: SQLite writes whole pages, a WAL frame and its -shm index.
        private const long AlmostNothing = 1 << 20;

        public static bool IsFull(string file)
        {
            try
            {
                string? folder = Path.GetDirectoryName(Path.GetFullPath(file));
                return folder != null && new DriveInfo(folder).AvailableFreeSpace < AlmostNothing;
            }
            catch (Exception e) when (e is IOException || e is ArgumentException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                return false;
            }
        }
    }
}
