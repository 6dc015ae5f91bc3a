using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace BizMobileGo.Core.Files
{
    /// <summary>
    /// Whether two paths name one file: device + inode on Unix, volume serial + file index on Windows,
    /// after following links. Path strings can't tell: a symlinked folder, a hard link or another
    /// spelling reach the same file, and on Linux STORE.DB is a different file from store.db.
    /// </summary>
    public static class FileIdentity
    {
        /// <summary>True when both paths exist and are one file.</summary>
        public static bool SameFile(string first, string second)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                WindowsId? a = WindowsId.Of(first);
                WindowsId? b = WindowsId.Of(second);
                return a != null && b != null && a.Equals(b);
            }

            if (UnixFileStatus.IsSupported)
            {
                UnixFileStatus? a = UnixFileStatus.Of(first);
                UnixFileStatus? b = UnixFileStatus.Of(second);
                return a != null && b != null && a.IsSameFile(b);
            }

            // An unknown stat layout: the best left is the resolved path.
            return File.Exists(first) && File.Exists(second) &&
                string.Equals(ResolvedPath(first), ResolvedPath(second), StringComparison.Ordinal);
        }

        /// <summary>
        /// True when both paths are (or would be, once created) the same directory entry: the same name in
        /// the same folder, whatever path led to that folder. Names compare exactly on Linux and ignoring
        /// case on Windows and macOS, whose usual file systems do.
        /// </summary>
        public static bool SameEntry(string first, string second)
        {
            string firstName = Path.GetFileName(first);
            string secondName = Path.GetFileName(second);
            StringComparison comparison = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            if (!string.Equals(firstName, secondName, comparison))
            {
                return false;
            }

            string? firstFolder = Path.GetDirectoryName(Path.GetFullPath(first));
            string? secondFolder = Path.GetDirectoryName(Path.GetFullPath(second));
            return firstFolder != null && secondFolder != null && SameFile(firstFolder, secondFolder);
        }

        private static string ResolvedPath(string path)
        {
            try
            {
                return Path.GetFullPath(path);
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is IOException)
            {
                return path;
            }
        }

        private sealed class WindowsId : IEquatable<WindowsId>
        {
            private const uint ReadAttributes = 0x80;
            private const uint ShareAll = 0x7; // read, write, delete
            private const uint OpenExisting = 3;
            private const uint BackupSemantics = 0x02000000; // needed to open a folder

            private uint _volume;
            private uint _indexHigh;
            private uint _indexLow;

            public static WindowsId? Of(string path)
            {
                using SafeFileHandle handle = CreateFileW(path, ReadAttributes, ShareAll, IntPtr.Zero, OpenExisting, BackupSemantics, IntPtr.Zero);
                if (handle.IsInvalid || !GetFileInformationByHandle(handle, out ByHandleFileInformation information))
                {
                    return null;
                }

                return new WindowsId { _volume = information.VolumeSerialNumber, _indexHigh = information.FileIndexHigh, _indexLow = information.FileIndexLow };
            }

            public bool Equals(WindowsId? other) =>
                other != null && _volume == other._volume && _indexHigh == other._indexHigh && _indexLow == other._indexLow;

            public override bool Equals(object? obj) => Equals(obj as WindowsId);

            public override int GetHashCode() => (int)(_indexLow ^ _volume);

            [StructLayout(LayoutKind.Sequential, Pack = 4)] // FILETIME is two DWORDs: 4-byte aligned
            private struct ByHandleFileInformation
            {
                public uint FileAttributes;
                public long CreationTime;
                public long LastAccessTime;
                public long LastWriteTime;
                public uint VolumeSerialNumber;
                public uint FileSizeHigh;
                public uint FileSizeLow;
                public uint NumberOfLinks;
                public uint FileIndexHigh;
                public uint FileIndexLow;
            }

            [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
            private static extern SafeFileHandle CreateFileW(string path, uint access, uint share, IntPtr security, uint creation, uint flags, IntPtr template);

            [DllImport("kernel32.dll", SetLastError = true)]
            private static extern bool GetFileInformationByHandle(SafeFileHandle handle, out ByHandleFileInformation information);
        }
    }
}
