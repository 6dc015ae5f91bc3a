using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Files
{
    /// <summary>What kind of file a path names, as stat(2) tells it.</summary>
    public enum UnixFileKind
    {
        Regular,
        Directory,
        SymbolicLink,
        Fifo,
        CharacterDevice,
        BlockDevice,
        Socket,
        Other,
    }

    /// <summary>
    /// The stat(2) facts the store and the export need: what a path is, who owns it, and its identity
    /// (device + inode), which two paths share exactly when they name one file, whatever links or
    /// spellings lead there. .NET 8 gives a file's mode but not its owner or identity, so libc is called directly;
    /// struct stat is laid out differently per platform, and only the layouts read here are known.
    /// </summary>
    public sealed class UnixFileStatus
    {
        private const int BufferSize = 256;
        private const int TypeMask = 0xF000;

        private UnixFileStatus(ulong device, ulong inode, int mode, uint owner, long size, long changeSeconds, long changeNanoseconds)
        {
            Device = device;
            Inode = inode;
            Mode = mode;
            Owner = owner;
            Size = size;
            ChangeSeconds = changeSeconds;
            ChangeNanoseconds = changeNanoseconds;
        }

        public ulong Device { get; }

        public ulong Inode { get; }

        /// <summary>st_mode: the type bits and the permission bits.</summary>
        public int Mode { get; }

        /// <summary>The owner's user id.</summary>
        public uint Owner { get; }

        public long Size { get; }

        /// <summary>st_ctim: when the entry last changed (content, mode, owner, links); with <see cref="ChangeNanoseconds"/>.</summary>
        public long ChangeSeconds { get; }

        public long ChangeNanoseconds { get; }

        public int Permissions => Mode & 0xFFF;

        public UnixFileKind Kind => (Mode & TypeMask) switch
        {
            0x8000 => UnixFileKind.Regular,
            0x4000 => UnixFileKind.Directory,
            0xA000 => UnixFileKind.SymbolicLink,
            0x1000 => UnixFileKind.Fifo,
            0x2000 => UnixFileKind.CharacterDevice,
            0x6000 => UnixFileKind.BlockDevice,
            0xC000 => UnixFileKind.Socket,
            _ => UnixFileKind.Other,
        };

        public bool IsSameFile(UnixFileStatus other) => Device == other.Device && Inode == other.Inode;

        /// <summary>True where this platform's struct stat layout is known (Linux x64/arm64, macOS).</summary>
        public static bool IsSupported => Layout != null;

        /// <summary>The file <paramref name="path"/> names, following symbolic links; null when nothing is there (or not Unix).</summary>
        public static UnixFileStatus? Of(string path) => Read(path, followLinks: true);

        /// <summary>The directory entry itself: a symbolic link is reported as a link, a dangling one too.</summary>
        public static UnixFileStatus? OfEntry(string path) => Read(path, followLinks: false);

        /// <summary>The effective user id of this process; null on Windows.</summary>
        public static uint? EffectiveUser => RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? (uint?)null : geteuid();

        private sealed class StatLayout
        {
            public int Device;
            public bool DeviceIs32Bits;
            public int Inode;
            public int Mode;
            public bool ModeIs16Bits;
            public int Owner;
            public int Size;
            public int ChangeTime; // struct timespec st_ctim
            public int LegacyVersion; // _STAT_VER for glibc before 2.33, which exports only __xstat
        }

        private static readonly StatLayout? Layout = FindLayout();

        private static StatLayout? FindLayout()
        {
            Architecture architecture = RuntimeInformation.ProcessArchitecture;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                if (architecture == Architecture.X64)
                {
                    return new StatLayout { Device = 0, Inode = 8, Mode = 24, Owner = 28, Size = 48, ChangeTime = 104, LegacyVersion = 1 };
                }

                if (architecture == Architecture.Arm64)
                {
                    return new StatLayout { Device = 0, Inode = 8, Mode = 16, Owner = 24, Size = 48, ChangeTime = 104, LegacyVersion = 0 };
                }

                return null;
            }

            if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX) && (architecture == Architecture.X64 || architecture == Architecture.Arm64))
            {
                return new StatLayout { Device = 0, DeviceIs32Bits = true, Inode = 8, Mode = 4, ModeIs16Bits = true, Owner = 16, Size = 96, ChangeTime = 64 };
            }

            return null;
        }

        /// <summary>As <see cref="Of(string)"/>, for a path already in libc's form (<see cref="NativePath"/>): a check repeated on one path converts it once.</summary>
        internal static UnixFileStatus? Of(byte[] nativePath) => Read(nativePath, followLinks: true);

        /// <summary>As <see cref="OfEntry(string)"/>, for a path already in libc's form (<see cref="NativePath"/>).</summary>
        internal static UnixFileStatus? OfEntry(byte[] nativePath) => Read(nativePath, followLinks: false);

        private static UnixFileStatus? Read(string path, bool followLinks) => Layout == null ? null : Read(NativePath(path), followLinks);

        // One buffer a thread, cleared before each call: a kept store is stat'ed twice by every command a script repeats, where
        // allocating and zeroing native memory byte by byte cost as much as the two system calls.
        [ThreadStatic]
        private static byte[]? _buffer;

        [MethodImpl(PerRowCode.Compile)]
        private static UnixFileStatus? Read(byte[] nativePath, bool followLinks)
        {
            StatLayout? layout = Layout;
            if (layout == null)
            {
                return null;
            }

            byte[] buffer = _buffer ??= new byte[BufferSize];
            Array.Clear(buffer, 0, BufferSize);
            if (Call(nativePath, buffer, followLinks, layout) != 0)
            {
                return null;
            }

            // struct stat in this process's own byte order, as the Marshal reads gave it before.
            ulong device = layout.DeviceIs32Bits ? BitConverter.ToUInt32(buffer, layout.Device) : BitConverter.ToUInt64(buffer, layout.Device);
            int mode = layout.ModeIs16Bits ? BitConverter.ToUInt16(buffer, layout.Mode) : BitConverter.ToInt32(buffer, layout.Mode);
            return new UnixFileStatus(device, BitConverter.ToUInt64(buffer, layout.Inode), mode,
                BitConverter.ToUInt32(buffer, layout.Owner), BitConverter.ToInt64(buffer, layout.Size),
                BitConverter.ToInt64(buffer, layout.ChangeTime), BitConverter.ToInt64(buffer, layout.ChangeTime + 8));
        }

        private static bool _legacyGlibc;

        /// <summary>A path as libc takes it: UTF-8, NUL-terminated, whatever the platform's default marshalling of strings.</summary>
        internal static byte[] NativePath(string path) => System.Text.Encoding.UTF8.GetBytes(path + "\0");

        [MethodImpl(PerRowCode.Compile)]
        private static int Call(byte[] path, byte[] buffer, bool followLinks, StatLayout layout)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
            {
                if (RuntimeInformation.ProcessArchitecture == Architecture.X64)
                {
                    return followLinks ? stat_inode64(path, buffer) : lstat_inode64(path, buffer);
                }

                return followLinks ? stat(path, buffer) : lstat(path, buffer);
            }

            if (!_legacyGlibc)
            {
                try
                {
                    return followLinks ? stat(path, buffer) : lstat(path, buffer);
                }
                catch (EntryPointNotFoundException)
                {
                    _legacyGlibc = true;
                }
            }

            return followLinks ? __xstat(layout.LegacyVersion, path, buffer) : __lxstat(layout.LegacyVersion, path, buffer);
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int stat(byte[] path, [Out] byte[] buffer);

        [DllImport("libc", SetLastError = true)]
        private static extern int lstat(byte[] path, [Out] byte[] buffer);

        [DllImport("libc", EntryPoint = "stat$INODE64", SetLastError = true)]
        private static extern int stat_inode64(byte[] path, [Out] byte[] buffer);

        [DllImport("libc", EntryPoint = "lstat$INODE64", SetLastError = true)]
        private static extern int lstat_inode64(byte[] path, [Out] byte[] buffer);

        [DllImport("libc", SetLastError = true)]
        private static extern int __xstat(int version, byte[] path, [Out] byte[] buffer);

        [DllImport("libc", SetLastError = true)]
        private static extern int __lxstat(int version, byte[] path, [Out] byte[] buffer);

        [DllImport("libc")]
        private static extern uint geteuid();
    }
}
