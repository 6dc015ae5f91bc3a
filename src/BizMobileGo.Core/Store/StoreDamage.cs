using System;
using System.Collections.Generic;
using System.IO;
using BizMobileGo.Core.Errors;
using BizMobileGo.Core.Fields;
using BizMobileGo.Core.Files;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// A SQLite store file that is damaged (<see cref="ErrorIds.StoreDamaged"/>): one message for every way damage shows,
    /// and the process's memory of damage SQLite reported, so that no command of the process writes to that file again
    /// while it is unchanged.
    /// </summary>
    /// <remarks>
    /// SQLite finds a damaged page only when a statement reads it: a write that misses it commits into a file SQLite has
    /// just called malformed, and a failed import's attempt record "repaired" a file cut short, turning a copy or disk
    /// failure into what read as history tampering (walkthrough 33b, 2 and 4). So once SQLite has reported damage of a
    /// file, every later write to it in this process is refused before it takes the writer lock, until the file is no
    /// longer the one that reported it (restored, replaced: another size, change time or inode). Reads go on — they fail
    /// where they meet the damage — so what is readable can still be read. What the open itself finds (a file shorter than
    /// its header says, a -wal file that is not the file's) is found again at every open and not remembered: removing a
    /// foreign -wal mends the store without changing the file.
    /// </remarks>
    internal static class StoreDamage
    {
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, (FileState State, string What)> Reported =
            new Dictionary<string, (FileState, string)>(StringComparer.Ordinal);

        // Read on every write transaction's start: no lock taken while no store has reported damage.
        private static volatile bool _anyReported;

        /// <summary>
        /// What SQLite reported (<paramref name="what"/>) of the store file at <paramref name="location"/>, remembered so the
        /// process writes no more to it (<see cref="RefuseWrite"/>).
        /// </summary>
        internal static BmgException ReportedBySqlite(string location, string what, Exception? inner)
        {
            FileState? state = FileState.Of(location);
            if (state != null)
            {
                lock (Gate)
                {
                    Reported[location] = (state.Value, what);
                    _anyReported = true;
                }
            }

            return Error(location, what, RestoreAdvice(location), inner);
        }

        /// <summary>What a check at open found; not remembered: the next open checks again.</summary>
        internal static BmgException FoundAtOpen(string location, string what, string advice) => Error(location, what, advice, null);

        /// <summary>
        /// Refuses a write to a store file that reported damage earlier in this process and has not changed since; forgets
        /// a file that has changed (restored, replaced).
        /// </summary>
        internal static void RefuseWrite(string location)
        {
            if (!_anyReported)
            {
                return;
            }

            (FileState State, string What) reported;
            lock (Gate)
            {
                if (!Reported.TryGetValue(location, out reported))
                {
                    return;
                }
            }

            if (FileState.Of(location) is FileState now && now.Equals(reported.State))
            {
                throw Error(location, reported.What + " (reported earlier in this session; the file has not changed since)", RestoreAdvice(location), null);
            }

            lock (Gate)
            {
                Reported.Remove(location);
                _anyReported = Reported.Count != 0;
            }
        }

        /// <summary>The advice for a damaged file: the newest backup, and SQLite's own way to save what still reads.</summary>
        internal static string RestoreAdvice(string location) =>
            "Restore the newest backup in its place (README, Back up and restore: with no -wal or -shm of this file left beside it); "
            + $"sqlite3 {FieldText.SingleQuotedArgument(location)} .recover | sqlite3 recovered.db saves what is still readable into a new file.";

        private static BmgException Error(string location, string what, string advice, Exception? inner) =>
            new BmgException(ErrorIds.StoreDamaged, BmgErrorCategory.InvalidData,
                $"The store file '{FieldText.Printable(location)}' is damaged: {what}. It was not changed. {advice}", location, inner);

        /// <summary>What tells one state of a file from another: its inode, size and change time (Unix), else its size and write time.</summary>
        private readonly struct FileState : IEquatable<FileState>
        {
            private readonly ulong _device;
            private readonly ulong _inode;
            private readonly long _size;
            private readonly long _seconds;
            private readonly long _nanoseconds;

            private FileState(ulong device, ulong inode, long size, long seconds, long nanoseconds)
            {
                _device = device;
                _inode = inode;
                _size = size;
                _seconds = seconds;
                _nanoseconds = nanoseconds;
            }

            public static FileState? Of(string path)
            {
                if (UnixFileStatus.IsSupported)
                {
                    UnixFileStatus? status = UnixFileStatus.Of(path);
                    return status == null ? (FileState?)null : new FileState(status.Device, status.Inode, status.Size, status.ChangeSeconds, status.ChangeNanoseconds);
                }

                var info = new FileInfo(path);
                return info.Exists ? new FileState(0, 0, info.Length, info.LastWriteTimeUtc.Ticks, 0) : (FileState?)null;
            }

            public bool Equals(FileState other) =>
                _device == other._device && _inode == other._inode && _size == other._size && _seconds == other._seconds && _nanoseconds == other._nanoseconds;

            public override bool Equals(object? obj) => obj is FileState other && Equals(other);

            public override int GetHashCode() => HashCode.Combine(_inode, _size, _seconds, _nanoseconds);
        }
    }
}
