using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace BizMobileGo.Core.Files
{
    /// <summary>
    /// Opens a file an import reads (a CSV file, a DEP file), such that Ctrl+C ends the wait for a FIFO's writer.
    /// </summary>
    /// <remarks>
    /// Opening a FIFO (named pipe) to read blocks in open(2) until a writer opens it: `mkfifo f; Import-BmgDeviceCsv f` with
    /// no writer yet would wait for ever, and no cancellation reaches a thread blocked in a system call. So a FIFO is opened
    /// on a thread of its own while the command waits for that open or for its stop. On a stop, the FIFO is opened for
    /// writing for a moment: a FIFO's open for writing returns at once while a reader waits, so the blocked open returns,
    /// and the stream it got (which would read nothing) is closed; no thread is left blocked. Every other file is opened
    /// as it is.
    /// </remarks>
    public static class InputFile
    {
        /// <summary>Opens <paramref name="path"/> to read (FileShare.Read); <paramref name="cancellation"/> ends a FIFO's wait for its writer.</summary>
        /// <exception cref="OperationCanceledException">Cancelled while a FIFO waited for its writer; nothing is left open.</exception>
        public static FileStream OpenRead(string path, CancellationToken cancellation, int bufferSize = 4096, FileOptions options = FileOptions.None)
        {
            FileStream Open() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, options);
            if (!cancellation.CanBeCanceled || UnixFileStatus.Of(path)?.Kind != UnixFileKind.Fifo)
            {
                return Open();
            }

            Task<FileStream> opening = Task.Factory.StartNew(Open, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            WaitHandle.WaitAny(new[] { ((IAsyncResult)opening).AsyncWaitHandle, cancellation.WaitHandle });
            if (opening.IsCompleted)
            {
                // A writer came (or the open failed: its IOException is the caller's to report).
                return opening.GetAwaiter().GetResult();
            }

            // Not waited for: the stop returns now, whatever the wake-up meets.
            Task.Run(() => WakeBlockedOpen(path, opening));
            throw new OperationCanceledException("The wait for the FIFO's writer was cancelled.", cancellation);
        }

        private static void WakeBlockedOpen(string path, Task<FileStream> opening)
        {
            try
            {
                // Returns at once: a reader (our blocked open) is waiting. Writes nothing; closing it ends that reader's input.
                using var writeEnd = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // The FIFO went (removed, replaced): our open got or gets whatever it gets, and is closed below.
            }

            opening.ContinueWith(opened => opened.Result.Dispose(), TaskContinuationOptions.OnlyOnRanToCompletion);
        }
    }
}
