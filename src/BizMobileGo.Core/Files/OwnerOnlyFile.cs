using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace BizMobileGo.Core.Files
{
    /// <summary>
    /// Files and folders that hold check-in codes (the store, exports), created readable by their owner
    /// only from the first byte: created with the mode, never created open and chmod'ed afterwards, when
    /// a watcher could already have opened them.
    /// </summary>
    public static class OwnerOnlyFile
    {
        private const int OwnerOnlyFolderMode = 0x1C0; // 0700
        private const int AlreadyExists = 17; // EEXIST, the same on Linux and macOS
        private const int NotPermitted = 1; // EPERM: hard links not allowed here
        private const int TooManyLinks = 31; // EMLINK

        // EOPNOTSUPP: 95 on Linux, 45 on macOS.
        private static int NotSupported => RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? 45 : 95;

        private static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        /// <summary>
        /// Creates a new file with a unique name in <paramref name="folder"/> (<paramref name="prefix"/>, six
        /// random characters, <paramref name="suffix"/>) and returns it open for writing, with its path in <paramref name="path"/>. On Unix it is made
        /// by mkstemps(3): O_CREAT|O_EXCL, mode 0600, so it can't be an existing file or a planted link.
        /// </summary>
        public static FileStream CreateUnique(string folder, string prefix, string suffix, out string path)
        {
            if (IsWindows)
            {
                // Windows: the folder's inherited ACL decides who can read it, as for any new file there.
                path = Path.Combine(folder, prefix + Guid.NewGuid().ToString("N").Substring(0, 6) + suffix);
                return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
            }

            byte[] template = Encoding.UTF8.GetBytes(Path.Combine(folder, prefix + "XXXXXX" + suffix) + "\0");
            int descriptor = mkstemps(template, Encoding.UTF8.GetByteCount(suffix));
            if (descriptor < 0)
            {
                int errno = Marshal.GetLastWin32Error();
                throw new IOException($"Could not create a new file in '{folder}' ({Describe(errno)}).", errno);
            }

            path = Encoding.UTF8.GetString(template, 0, template.Length - 1);
            var handle = new SafeFileHandle(new IntPtr(descriptor), ownsHandle: true);
            try
            {
                return new FileStream(handle, FileAccess.ReadWrite, 1 << 16);
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Gives <paramref name="existing"/> the name <paramref name="newPath"/> unless something already has
        /// it (then false, nothing changed). The caller deletes the old name if it is still there.
        /// </summary>
        public static bool LinkWithoutReplacing(string existing, string newPath)
        {
            if (!IsWindows)
            {
                if (link(UnixFileStatus.NativePath(existing), UnixFileStatus.NativePath(newPath)) == 0)
                {
                    return true;
                }

                int errno = Marshal.GetLastWin32Error();
                if (errno == AlreadyExists)
                {
                    return false;
                }

                if (errno != NotPermitted && errno != NotSupported && errno != TooManyLinks)
                {
                    throw new IOException($"Could not create '{newPath}' ({Describe(errno)}).", errno);
                }

                // A file system without hard links (FAT, some network shares): a move, checked first.
            }

            if (File.Exists(newPath) || Directory.Exists(newPath))
            {
                return false;
            }

            File.Move(existing, newPath);
            return true;
        }

        /// <summary>Creates <paramref name="folder"/> and any missing parent; each folder made here is 0700 on Unix.</summary>
        public static void CreateFolder(string folder)
        {
            string full = Path.GetFullPath(folder);
            if (Directory.Exists(full))
            {
                return;
            }

            string? parent = Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(parent))
            {
                CreateFolder(parent!);
            }

            if (IsWindows)
            {
                Directory.CreateDirectory(full);
                return;
            }

            if (mkdir(UnixFileStatus.NativePath(full), OwnerOnlyFolderMode) != 0)
            {
                int errno = Marshal.GetLastWin32Error();
                // Made meanwhile by someone else (another process creating the same store): use it as it is.
                if (errno == AlreadyExists && Directory.Exists(full))
                {
                    return;
                }

                throw new IOException($"Could not create the folder '{full}' ({Describe(errno)}).", errno);
            }
        }

        private static string Describe(int errno) => errno switch
        {
            2 => "a folder on the way does not exist",
            13 => "permission denied",
            17 => "it already exists",
            28 => "the disk is full",
            30 => "the file system is read-only",
            _ => "errno " + errno,
        };

        [DllImport("libc", SetLastError = true)]
        private static extern int mkstemps(byte[] template, int suffixLength);

        [DllImport("libc", SetLastError = true)]
        private static extern int link(byte[] existing, byte[] newPath);

        [DllImport("libc", SetLastError = true)]
        private static extern int mkdir(byte[] path, int mode);
    }
}
