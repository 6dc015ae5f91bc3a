using System.Runtime.InteropServices;

namespace BizMobileGo.Core.Store
{
    /// <summary>Unix file modes for files that hold check-in codes (the store, exports).</summary>
    public static class FilePermissions
    {
        private const int OwnerReadWrite = 0x180; // 0600

        /// <summary>Makes a file readable and writable by its owner only; on Windows the folder's ACL decides.</summary>
        public static bool TryRestrictToOwner(string path) =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || UnixChmod(path, OwnerReadWrite) == 0;

        [DllImport("libc", EntryPoint = "chmod", SetLastError = true)]
        private static extern int UnixChmod(string path, int mode);
    }
}
