using System;
using System.Runtime.InteropServices;

namespace BizMobileGo.Core.Files
{
    /// <summary>
    /// The libc calls and constants <see cref="InputFile"/> needs to wait for a FIFO's writer and data without blocking in
    /// open(2) or read(2): open, poll, read. The flag and EAGAIN values differ between Linux and macOS; the rest is the same on both.
    /// </summary>
    internal static class FifoInterop
    {
        public const int ReadOnly = 0;
        public const short PollIn = 0x1;
        public const short PollHangUp = 0x10;
        public const short PollError = 0x8;
        public const short PollInvalid = 0x20;
        public const int Interrupted = 4;
        public const int NoSuchFile = 2;
        public const int AccessDenied = 13;

        public static int NonBlocking => OperatingSystem.IsMacOS() ? 0x4 : 0x800;

        /// <summary>EAGAIN: a non-blocking read found no data (the writer is connected and has written nothing more yet).</summary>
        public static int WouldBlock => OperatingSystem.IsMacOS() ? 35 : 11;

        /// <summary>Not inherited by a process the module starts (as .NET's own opens).</summary>
        public static int CloseOnExec => OperatingSystem.IsMacOS() ? 0x1000000 : 0x80000;

        [StructLayout(LayoutKind.Sequential)]
        public struct PollDescriptor
        {
            public int Descriptor;
            public short Events;
            public short ReturnedEvents;
        }

        // open(2) is variadic, but its mode is passed only with O_CREAT, which is never used here.
        [DllImport("libc", SetLastError = true)]
        public static extern int open(byte[] path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int poll([In, Out] PollDescriptor[] descriptors, UIntPtr count, int timeoutMilliseconds);

        [DllImport("libc", SetLastError = true)]
        public static extern nint read(int descriptor, ref byte buffer, nuint count);
    }
}
