using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using Microsoft.Win32.SafeHandles;
using static BizMobileGo.Core.Files.FifoInterop;

namespace BizMobileGo.Core.Files
{
    /// <summary>
    /// Opens a file an import reads (a CSV file, a DEP file), such that Ctrl+C ends the wait for a FIFO's writer.
    /// </summary>
    /// <remarks>
    /// Opening a FIFO (named pipe) to read blocks in open(2) until a writer opens it: `mkfifo f; Import-BmgDeviceCsv f` with
    /// no writer yet would wait for ever, and no cancellation reaches a thread blocked in a system call. So a FIFO is opened
    /// without blocking (O_NONBLOCK: open returns at once and wakes nobody) and then waited on with poll(2) in short steps,
    /// checking the cancellation between them; when a writer has come (data to read, or the writer already gone: end of
    /// input) the descriptor is made blocking again and read as any file. A stop just closes our descriptor. No write end
    /// is ever opened: waking a blocked open by writing for a moment would end another reader's input (a `cat f` waiting
    /// on the same FIFO), fail on a FIFO we may not write (leaving the blocked thread behind), or, when the FIFO was
    /// replaced meanwhile, land on the new one. Every other file (and every file on Windows, which has no FIFOs at paths)
    /// is opened as it is.
    /// </remarks>
    public static class InputFile
    {
        /// <summary>How long one poll waits before the cancellation is checked again.</summary>
        private const int PollStepMilliseconds = 100;

        /// <summary>Opens <paramref name="path"/> to read (FileShare.Read); <paramref name="cancellation"/> ends a FIFO's wait for its writer.</summary>
        /// <exception cref="OperationCanceledException">Cancelled while a FIFO waited for its writer; nothing is left open.</exception>
        public static FileStream OpenRead(string path, CancellationToken cancellation, int bufferSize = 4096, FileOptions options = FileOptions.None)
        {
            if (UnixFileStatus.Of(path)?.Kind != UnixFileKind.Fifo)
            {
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, options);
            }

            SafeFileHandle fifo = OpenWithoutWaiting(path);
            try
            {
                WaitForWriter(fifo, path, cancellation);
                int descriptor = (int)fifo.DangerousGetHandle();
                int flags = GetDescriptorFlags(descriptor);
                if (flags < 0 || SetDescriptorFlags(descriptor, flags & ~NonBlocking) < 0)
                {
                    throw Failure(Marshal.GetLastWin32Error(), path);
                }

                // FileStream takes the FIFO as a non-seekable handle and reads it with read(2). The options (read-ahead hints) mean
                // nothing to a pipe, and no other opener of a FIFO is locked out, so neither FileOptions nor FileShare applies.
                return new FileStream(fifo, FileAccess.Read, bufferSize);
            }
            catch
            {
                fifo.Dispose();
                throw;
            }
        }

        private static SafeFileHandle OpenWithoutWaiting(string path)
        {
            byte[] nativePath = UnixFileStatus.NativePath(path);
            while (true)
            {
                int descriptor = open(nativePath, ReadOnly | NonBlocking | CloseOnExec);
                if (descriptor >= 0)
                {
                    return new SafeFileHandle((IntPtr)descriptor, ownsHandle: true);
                }

                int errno = Marshal.GetLastWin32Error();
                if (errno != Interrupted)
                {
                    throw Failure(errno, path);
                }
            }
        }

        /// <summary>
        /// Returns once a writer has come: data to read (POLLIN) or the writer gone (POLLHUP, end of input). Before any writer
        /// has opened the FIFO, Linux's poll reports neither, so the wait goes on until one comes or the cancellation.
        /// </summary>
        private static void WaitForWriter(SafeFileHandle fifo, string path, CancellationToken cancellation)
        {
            var descriptors = new[] { new PollDescriptor { Descriptor = (int)fifo.DangerousGetHandle(), Events = PollIn } };
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                descriptors[0].ReturnedEvents = 0;
                int ready = poll(descriptors, (UIntPtr)1, PollStepMilliseconds);
                if (ready < 0)
                {
                    int errno = Marshal.GetLastWin32Error();
                    if (errno == Interrupted)
                    {
                        continue;
                    }

                    throw Failure(errno, path);
                }

                if (ready > 0 && (descriptors[0].ReturnedEvents & (PollIn | PollHangUp)) != 0)
                {
                    return;
                }
            }
        }

        /// <summary>The exceptions FileStream's own open throws, which the callers already report.</summary>
        private static Exception Failure(int errno, string path) => errno switch
        {
            NoSuchFile => new FileNotFoundException($"Could not find file '{path}'.", path),
            AccessDenied => new UnauthorizedAccessException($"Access to the path '{path}' is denied."),
            _ => new IOException($"Could not open '{path}' (errno {errno}).", errno),
        };
    }
}
