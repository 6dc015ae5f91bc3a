using System;
using System.Runtime.InteropServices;

namespace BizMobileGo.Core.Files
{
    /// <summary>
    /// The libc calls and constants <see cref="InputFile"/> needs to wait for a FIFO's writer without blocking in open(2):
    /// open, poll, fcntl. The flag values differ between Linux and macOS; the rest is the same on both.
    /// </summary>
    internal static class FifoInterop
    {
        public const int ReadOnly = 0;
        public const int GetFlags = 3;
        public const int SetFlags = 4;
        public const short PollIn = 0x1;
        public const short PollHangUp = 0x10;
        public const int Interrupted = 4;
        public const int NoSuchFile = 2;
        public const int AccessDenied = 13;

        public static int NonBlocking => OperatingSystem.IsMacOS() ? 0x4 : 0x800;

        /// <summary>Not inherited by a process the module starts (as .NET's own opens).</summary>
        public static int CloseOnExec => OperatingSystem.IsMacOS() ? 0x1000000 : 0x80000;

        [StructLayout(LayoutKind.Sequential)]
        public struct PollDescriptor
        {
            public int Descriptor;
            public short Events;
            public short ReturnedEvents;
        }

        /// <summary>fcntl(fd, F_SETFL, flags). fcntl is variadic: on Apple arm64 a variadic argument is passed on the
        /// stack, not in a register, so there the flags go as the ninth argument (the first eight fill x0..x7).</summary>
        public static int SetDescriptorFlags(int descriptor, int flags) =>
            OperatingSystem.IsMacOS() && RuntimeInformation.ProcessArchitecture == Architecture.Arm64
                ? fcntl_stack(descriptor, SetFlags, 0, 0, 0, 0, 0, 0, flags)
                : fcntl(descriptor, SetFlags, flags);

        public static int GetDescriptorFlags(int descriptor) => fcntl(descriptor, GetFlags, 0);

        // open(2) is variadic too, but its mode is passed only with O_CREAT, which is never used here.
        [DllImport("libc", SetLastError = true)]
        public static extern int open(byte[] path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int poll([In, Out] PollDescriptor[] descriptors, UIntPtr count, int timeoutMilliseconds);

        [DllImport("libc", SetLastError = true)]
        private static extern int fcntl(int descriptor, int command, int argument);

        [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
        private static extern int fcntl_stack(int descriptor, int command, long r2, long r3, long r4, long r5, long r6, long r7, long argument);
    }
}
