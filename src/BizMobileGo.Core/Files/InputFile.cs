using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;
using static BizMobileGo.Core.Files.FifoInterop;

namespace BizMobileGo.Core.Files
{
    /// <summary>
    /// Opens a file an import reads (a CSV file, a DEP file), such that Ctrl+C ends the wait for a FIFO's writer, and every
    /// later wait for its data.
    /// </summary>
    /// <remarks>
    /// Opening a FIFO (named pipe) to read blocks in open(2) until a writer opens it: `mkfifo f; Import-BmgDeviceCsv f` with
    /// no writer yet would wait for ever, and no cancellation reaches a thread blocked in a system call. So a FIFO is opened
    /// without blocking (O_NONBLOCK: open returns at once and wakes nobody) and then waited on with poll(2) in short steps,
    /// checking the cancellation between them, until a writer has come (data to read, or the writer already gone: end of
    /// input). A writer may then stall (`{ head -c 100 rows; sleep 3600; } > f`), and a read(2) of a blocking descriptor would
    /// wait for it just as uncancellably: so the descriptor stays non-blocking, and each read that finds no data (EAGAIN)
    /// waits the same way (<see cref="WaitForInput"/>). A stop just closes our descriptor. No write end is ever opened:
    /// waking a blocked open by writing for a moment would end another reader's input (a `cat f` waiting on the same FIFO),
    /// fail on a FIFO we may not write (leaving the blocked thread behind), or, when the FIFO was replaced meanwhile, land
    /// on the new one. Every other file (and every file on Windows, which has no FIFOs at paths) is opened as it is.
    /// </remarks>
    public static class InputFile
    {
        /// <summary>How long one poll waits before the cancellation is checked again.</summary>
        private const int PollStepMilliseconds = 100;

        /// <summary>
        /// Opens <paramref name="path"/> to read (FileShare.Read); <paramref name="cancellation"/> ends a FIFO's wait for its
        /// writer, and, for as long as the stream is read, each wait for the writer's next data.
        /// </summary>
        /// <exception cref="OperationCanceledException">
        /// Cancelled while a FIFO waited for its writer (nothing is left open), or, from a read, while it waited for data.
        /// </exception>
        public static FileStream OpenRead(string path, CancellationToken cancellation, int bufferSize = 4096, FileOptions options = FileOptions.None)
        {
            if (UnixFileStatus.Of(path)?.Kind != UnixFileKind.Fifo)
            {
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, options);
            }

            SafeFileHandle fifo = OpenWithoutWaiting(path);
            try
            {
                // Before any writer has opened the FIFO a non-blocking read finds end of input: wait for one first.
                WaitForInput(fifo, path, cancellation);
                return new FifoReadStream(fifo, path, cancellation);
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
        /// Returns once the FIFO has input: data to read (POLLIN) or the writer gone (POLLHUP, end of input). Before any writer
        /// has opened the FIFO, Linux's poll reports neither, so the wait goes on until one comes or the cancellation; a
        /// writer that stalls likewise.
        /// </summary>
        private static void WaitForInput(SafeFileHandle fifo, string path, CancellationToken cancellation)
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

                // POLLERR and POLLNVAL (poll reports them unasked) end the wait too: poll would report them at once again and
                // again, so waiting on would spin; the read that follows fails with the descriptor's errno, which is reported.
                if (ready > 0 && (descriptors[0].ReturnedEvents & (PollIn | PollHangUp | PollError | PollInvalid)) != 0)
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

        /// <summary>
        /// A FIFO read with read(2) on its non-blocking descriptor: what is there, or end of input once the writer is gone,
        /// and when nothing is there yet, a cancellable wait for it. Every read goes through <see cref="Read(Span{byte})"/>,
        /// so FileStream's own (blocking, uncancellable) read is never used; a FileStream still, so the callers' checks
        /// (CanSeek: false, Name) stay as they are. Unbuffered: the reader above it buffers.
        /// </summary>
        private sealed class FifoReadStream : FileStream
        {
            private readonly SafeFileHandle _fifo;
            private readonly string _path;
            private readonly CancellationToken _cancellation;

            public FifoReadStream(SafeFileHandle fifo, string path, CancellationToken cancellation)
                : base(fifo, FileAccess.Read, bufferSize: 0)
            {
                _fifo = fifo;
                _path = path;
                _cancellation = cancellation;
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                ValidateBufferArguments(buffer, offset, count);
                return Read(buffer.AsSpan(offset, count));
            }

            public override int Read(Span<byte> buffer)
            {
                if (buffer.IsEmpty)
                {
                    return 0;
                }

                while (true)
                {
                    _cancellation.ThrowIfCancellationRequested();
                    nint count = read((int)_fifo.DangerousGetHandle(), ref MemoryMarshal.GetReference(buffer), (nuint)buffer.Length);
                    if (count >= 0)
                    {
                        return (int)count;
                    }

                    int errno = Marshal.GetLastWin32Error();
                    if (errno == WouldBlock)
                    {
                        WaitForInput(_fifo, _path, _cancellation);
                    }
                    else if (errno != Interrupted)
                    {
                        throw new IOException($"Could not read '{_path}' (errno {errno}).", errno);
                    }
                }
            }

            public override int ReadByte()
            {
                Span<byte> one = stackalloc byte[1];
                return Read(one) == 0 ? -1 : one[0];
            }

            // Nothing here reads a FIFO asynchronously; were it done, it would still go through the cancellable read.
            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

            public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return new ValueTask<int>(Read(buffer.Span));
            }

            public override IAsyncResult BeginRead(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state) =>
                TaskToAsyncResult.Begin(ReadAsync(buffer, offset, count, CancellationToken.None), callback, state);

            public override int EndRead(IAsyncResult asyncResult) => TaskToAsyncResult.End<int>(asyncResult);
        }
    }
}
