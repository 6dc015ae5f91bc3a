using System;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Errors;
using Microsoft.Data.Sqlite;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// A command that reads the store in large batches (Get-BmgDeviceDepLink's piped identifiers, a thousand a batch) reads
    /// the file memory-mapped, from its first batch until the store is handed back (PERFORMANCE.md, twenty-fifth round,
    /// "Piped look-ups, 5a").
    /// </summary>
    /// <remarks>
    /// Through SQLite's ordinary reads every page a fresh process reads is copied from the operating system's cache into a
    /// page of SQLite's own cache, new memory to allocate and touch: the reads of 100,000 piped look-ups spent more CPU on
    /// that (malloc, first-touch page faults, the copy) than on the statement. Mapped, SQLite reads the operating system's
    /// cached pages in place: the reads' CPU about halves, in the file's order and shuffled alike. The mapping lasts the
    /// command, not one batch: mapped and unmapped per batch, a shuffled look-up faulted the whole file in again each
    /// batch (twice the CPU of not mapping at all).
    /// <para>
    /// Only reads are mapped (SQLite writes through write() either way), and SQLite itself drops the mapping whenever
    /// another connection changed the file since its last read (a checkpoint, a VACUUM that shrank it). What mapping adds
    /// are SQLite's own two caveats (mmap.html): an I/O error of the disk while a mapped page is read is a signal that ends
    /// the process, not an error (as does another program cutting the file shorter during a read: SIGBUS, tried; the
    /// Pester suite's StoreFailures.Tests overwrites the store under this command instead), and on Windows another process can't shrink the file while it is mapped (it stays the
    /// larger size until it grows again). Both are limited to the batched command: a connection kept for the next command
    /// (<see cref="OpenStores"/>) is unmapped first (<see cref="Settle"/>). A 32-bit process (Windows PowerShell x86) keeps
    /// its scarce address space and reads as before, as does a store whose file can't be mapped (SQLite then reads).
    /// </para>
    /// </remarks>
    public sealed partial class SqliteDeviceStore
    {
        /// <summary>The most of the file a batched command maps (SQLite maps the file up to this size; its own limit caps it again).</summary>
        internal const long MappedReadBytes = 1L << 30;

        private static readonly string MapForBatchReadsStatement = string.Intern($"PRAGMA mmap_size = {MappedReadBytes};");

        private const string UnmapStatement = "PRAGMA mmap_size = 0;";

        private static readonly Action<SqliteStatement> NoParameters = _ => { };

        // Set by the first batched read of a command; the batches of one command are read by one thread at a time.
        private bool _mappedReads;

        /// <summary>How much of the file this connection maps now (PRAGMA mmap_size; 0: none).</summary>
        internal long MappedBytes => Scalar<long>("PRAGMA mmap_size;");

        /// <summary>A batched read begins: the file is read mapped from here until the store is handed back (see the class).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void MapForBatchReads()
        {
            // Inside a transaction the connection is a writer's, and a dry run's store may become a copy: their reads go on as
            // they were (no batched read runs in either today).
            if (_mappedReads || IntPtr.Size != 8 || _transaction != null || _copyOnWrite)
            {
                return;
            }

            Run(MapForBatchReadsStatement, NoParameters);
            _mappedReads = true;
        }

        /// <summary>
        /// Before a connection is kept for the next command: a batched command's mapping ends. False when that failed (the
        /// connection is then closed rather than kept).
        /// </summary>
        private bool EndMappedReads()
        {
            if (!_mappedReads)
            {
                return true;
            }

            try
            {
                Run(UnmapStatement, NoParameters);
                _mappedReads = false;
                return true;
            }
            catch (Exception e) when (e is SqliteException || e is BmgException)
            {
                return false;
            }
        }
    }
}
