using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// What a SQLite store file and the -wal file beside it can tell of damage before SQLite uses them, cheaply: a file
    /// shorter than its pages (a copy cut off, a disk that lost its end), and a -wal file whose committed changes need pages
    /// that neither it nor the file holds (left from another copy of the store: walkthrough 33b, 1, 3 and 4).
    /// </summary>
    /// <remarks>
    /// Stat(2) and the -wal file only: the store file itself is never opened here. A descriptor of it opened and closed
    /// beside SQLite's would drop the POSIX locks SQLite's connections of this process hold on it. SQLite takes no lock on
    /// the -wal file. What this can't see — a zeroed page inside the file, a foreign -wal of a same-sized copy — SQLite
    /// reports when a statement reads it (SQLITE_CORRUPT), and <c>PRAGMA quick_check</c> finds (README, Back up and restore).
    /// </remarks>
    internal static class SqliteFileCheck
    {
        private const int WalHeaderLength = 32;
        private const int FrameHeaderLength = 24;
        private const uint WalMagic = 0x377f0682;
        private const uint WalFormat = 3007000;

        // Another connection may checkpoint or restart the -wal file while it is read: read again, then give the file the benefit.
        private const int Attempts = 3;

        /// <summary>
        /// The file a store path ends at, through links: SQLite resolves a linked store file and keeps its -wal and -shm beside
        /// the file the link names, and a link's own length is its text's. Every check here takes this path.
        /// </summary>
        internal static string RealPath(string file)
        {
            try
            {
                return new FileInfo(file).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file;
            }
            catch (IOException)
            {
                // A loop of links, or one to nothing: SQLite can't open it either, and says so.
                return file;
            }
        }

        /// <summary>True when the -wal file beside <paramref name="file"/> holds at least one frame (a change not yet in the file, or one copied since).</summary>
        internal static bool WalHasFrames(string file)
        {
            var wal = new FileInfo(file + "-wal");
            return wal.Exists && wal.Length > WalHeaderLength + FrameHeaderLength;
        }

        /// <summary>True when a rollback journal waits beside <paramref name="file"/> (SQLite rolls it back at the first read).</summary>
        internal static bool HotJournal(string file)
        {
            var journal = new FileInfo(file + "-journal");
            return journal.Exists && journal.Length > 0;
        }

        /// <summary>
        /// Why the -wal file beside <paramref name="file"/> is not that file's, or null when, as far as can be told, it is (or
        /// there is none, or SQLite would ignore it): its last committed change says the store has N pages, and some page past
        /// the file's end is in none of its frames. A -wal file written beside this file holds every page the store grew by
        /// since the file's last checkpoint, so that page would read as nothing.
        /// </summary>
        internal static string? ForeignWal(string file)
        {
            string walPath = file + "-wal";
            for (int attempt = 0; attempt < Attempts; attempt++)
            {
                long fileLength = Length(file);
                WalFrames? frames = WalFrames.Read(walPath);
                if (frames == null || fileLength < 0)
                {
                    return null;
                }

                // A checkpoint (the file grew) or a restart of the -wal (other salts) while it was read: read both again.
                if (Length(file) != fileLength || !frames.StillCurrent(walPath))
                {
                    continue;
                }

                long missing = frames.FirstPageMissing(fileLength);
                return missing == 0 ? null : string.Format(CultureInfo.InvariantCulture,
                    "the -wal file beside it ('{0}', {1:N0} bytes) is not this file's: its last change says the store has {2:N0} pages, but page {3:N0} is in neither that file nor this one ({4:N0} bytes, {5:N0} whole pages of {6:N0} bytes). It was left from another copy of the store",
                    walPath, Length(walPath), frames.CommittedPages, missing, fileLength, fileLength / frames.PageSize, frames.PageSize);
            }

            return null;
        }

        /// <summary>
        /// Why <paramref name="file"/> is shorter than its <paramref name="pages"/> of <paramref name="pageSize"/> bytes, or null
        /// when it is not (SQLite's own count, read with no -wal frame waiting: then the file holds every page).
        /// </summary>
        internal static string? ShortFile(string file, long pages, long pageSize)
        {
            long length = Length(file);
            long expected = pages * pageSize;
            return length < 0 || length >= expected ? null : string.Format(CultureInfo.InvariantCulture,
                "it is shorter than its own header says ({0:N0} of {1:N0} bytes: {2:N0} pages of {3:N0} bytes); a copy cut off, or a disk that lost the file's end",
                length, expected, pages, pageSize);
        }

        private static long Length(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? info.Length : -1;
        }

        /// <summary>The frames SQLite would read of a -wal file: those of its current salts, up to its last committed change.</summary>
        private sealed class WalFrames
        {
            private readonly uint _salt1;
            private readonly uint _salt2;
            private readonly List<uint> _pages;

            private WalFrames(uint salt1, uint salt2, int pageSize, uint committedPages, List<uint> pages)
            {
                _salt1 = salt1;
                _salt2 = salt2;
                PageSize = pageSize;
                CommittedPages = committedPages;
                _pages = pages;
            }

            public int PageSize { get; }

            /// <summary>The store's size in pages after the last committed change of the -wal file.</summary>
            public uint CommittedPages { get; }

            /// <summary>The frames of the -wal file at <paramref name="walPath"/>; null when there is none, no committed change, or a header SQLite ignores.</summary>
            public static WalFrames? Read(string walPath)
            {
                SafeFileHandle handle;
                try
                {
                    handle = File.OpenHandle(walPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    // None, or not readable: SQLite then can't use it either, and says so itself.
                    return null;
                }

                using (handle)
                {
                    Span<byte> header = stackalloc byte[WalHeaderLength];
                    if (RandomAccess.Read(handle, header, 0) != WalHeaderLength || !ValidHeader(header, out int pageSize))
                    {
                        return null;
                    }

                    uint salt1 = BinaryPrimitives.ReadUInt32BigEndian(header.Slice(16));
                    uint salt2 = BinaryPrimitives.ReadUInt32BigEndian(header.Slice(20));
                    long walLength = RandomAccess.GetLength(handle);
                    var pages = new List<uint>();
                    int committedFrames = 0;
                    uint committedPages = 0;
                    Span<byte> frame = stackalloc byte[FrameHeaderLength];
                    for (long offset = WalHeaderLength; offset + FrameHeaderLength + pageSize <= walLength; offset += FrameHeaderLength + pageSize)
                    {
                        if (RandomAccess.Read(handle, frame, offset) != FrameHeaderLength
                            || BinaryPrimitives.ReadUInt32BigEndian(frame.Slice(8)) != salt1 || BinaryPrimitives.ReadUInt32BigEndian(frame.Slice(12)) != salt2)
                        {
                            // A frame of an earlier use of the file: SQLite stops here too.
                            break;
                        }

                        pages.Add(BinaryPrimitives.ReadUInt32BigEndian(frame));
                        uint pagesAfterCommit = BinaryPrimitives.ReadUInt32BigEndian(frame.Slice(4));
                        if (pagesAfterCommit != 0)
                        {
                            committedFrames = pages.Count;
                            committedPages = pagesAfterCommit;
                        }
                    }

                    // Frames after the last commit are a change not committed: SQLite reads none of them.
                    pages.RemoveRange(committedFrames, pages.Count - committedFrames);
                    return committedFrames == 0 ? null : new WalFrames(salt1, salt2, pageSize, committedPages, pages);
                }
            }

            /// <summary>True when the -wal file still has the salts it was read with (not restarted meanwhile).</summary>
            public bool StillCurrent(string walPath)
            {
                try
                {
                    using SafeFileHandle handle = File.OpenHandle(walPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    Span<byte> header = stackalloc byte[WalHeaderLength];
                    return RandomAccess.Read(handle, header, 0) == WalHeaderLength
                        && BinaryPrimitives.ReadUInt32BigEndian(header.Slice(16)) == _salt1 && BinaryPrimitives.ReadUInt32BigEndian(header.Slice(20)) == _salt2;
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    return false;
                }
            }

            /// <summary>The first page past a file of <paramref name="fileLength"/> bytes that the store needs and no frame holds; 0: none.</summary>
            public long FirstPageMissing(long fileLength)
            {
                long wholePages = fileLength / PageSize;
                if (CommittedPages <= wholePages)
                {
                    return 0;
                }

                var held = new HashSet<uint>();
                foreach (uint page in _pages)
                {
                    if (page > wholePages && page <= CommittedPages)
                    {
                        held.Add(page);
                    }
                }

                for (long page = wholePages + 1; page <= CommittedPages; page++)
                {
                    if (!held.Contains((uint)page))
                    {
                        return page;
                    }
                }

                return 0;
            }

            /// <summary>SQLite's own test of a -wal header (magic, format, page size, checksum): a header that fails it makes SQLite ignore the file.</summary>
            private static bool ValidHeader(ReadOnlySpan<byte> header, out int pageSize)
            {
                uint magic = BinaryPrimitives.ReadUInt32BigEndian(header);
                uint size = BinaryPrimitives.ReadUInt32BigEndian(header.Slice(8));
                pageSize = (int)size;
                if ((magic & 0xFFFFFFFE) != WalMagic || BinaryPrimitives.ReadUInt32BigEndian(header.Slice(4)) != WalFormat
                    || size < 512 || size > 65536 || (size & (size - 1)) != 0)
                {
                    return false;
                }

                // The checksum of the first 24 bytes, over 32-bit words in the byte order the magic's last bit names.
                bool bigEndian = (magic & 1) == 1;
                uint s1 = 0;
                uint s2 = 0;
                for (int index = 0; index < 24; index += 8)
                {
                    uint x0 = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(header.Slice(index)) : BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(index));
                    uint x1 = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(header.Slice(index + 4)) : BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(index + 4));
                    unchecked
                    {
                        s1 += x0 + s2;
                        s2 += x1 + s1;
                    }
                }

                return s1 == BinaryPrimitives.ReadUInt32BigEndian(header.Slice(24)) && s2 == BinaryPrimitives.ReadUInt32BigEndian(header.Slice(28));
            }
        }
    }
}
