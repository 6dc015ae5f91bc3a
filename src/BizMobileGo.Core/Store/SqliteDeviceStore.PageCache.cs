using SQLitePCL;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// How much page cache a store connection keeps: the one place that decides it (PERFORMANCE.md, twenty-first round,
    /// "SQLite's page cache during a first import").
    /// </summary>
    public sealed partial class SqliteDeviceStore
    {
        /// <summary>
        /// Every store connection, a dry run's copy included: 64 MB. It keeps what reads read: with 2 MB, shuffled piped
        /// look-ups re-read their pages (Bench 5a shuffled 3.75 CPU s against 2.23, 5b 0.27 against 0.14).
        /// </summary>
        internal const int DefaultPageCacheKib = 65536;

        /// <summary>
        /// A transaction that reads each page about once: SQLite's default, 2 MB. (1) A write transaction that begins with no
        /// user and no device in the store (a first import, or its dry run's empty copy): it reads back nothing but the pages
        /// it writes itself, which SQLite finds again in the WAL once spilled, so a large cache buys it no re-read; it only
        /// made SQLite take fresh memory for every new page (a first-touch page fault per 4 KB), where a small one spills
        /// written pages to the WAL and reuses their memory. Bench 1 (100,000 rows), six alternating pairs of fresh processes,
        /// medians: 64 MB 6.34 CPU s, 51,700 minor faults, 245 MB peak; 2 MB 5.64 CPU s, 33,100 faults, 177 MB (16, 8 and 4
        /// MB no better than 2 MB). (2) Every import's transaction, a dry run's too (forty-seventh round, reimp47): it reads
        /// each chunk's users and devices once, a chunk at a time, and the chunk's write follows at once; with 64 MB a
        /// re-import of Bench's 100,000 rows took fresh memory for every page it read (~11,000 more first-touch faults a
        /// run, each a fault of the machine's VM) for pages nothing read again (PERFORMANCE.md, forty-seventh round).
        /// </summary>
        internal const int OnePassPageCacheKib = 2048;

        /// <summary>
        /// A batched link read (<see cref="GetDepLinks"/>: Get-BmgDeviceDepLink's piped identifiers, a -Path list), while it
        /// reads: 16 MB, then the connection's default again (nothing dropped). A fresh process's piped look-up of 100,000
        /// identifiers reads ~40 MB of pages once each: with 64 MB every page took fresh heap (a first-touch page fault, 15–20 µs
        /// of CPU on the rounds' machine); with 16 MB the cache reuses its memory once full. 14 interleaved pairs of fresh
        /// processes, each the piped read, then 1,000 -Serial calls, 300 Get-BmgDevice calls and the piped read again
        /// (PERFORMANCE.md, forty-seventh round, pipe47): the piped read 8,400 faults fewer (every pair) and 0.67 CPU s less
        /// (10 of 14); the calls after it 0.10 CPU s more (the pages they no longer find cached); the second piped read
        /// re-reads its pages: the same CPU at load ~30, +0.5 CPU s (pairs' median) at load 40–80, where the kernel's file
        /// cache is squeezed too — the trade this decision takes. 4 and 8 MB cost that second read more even at load ~30
        /// (1.1–1.2 CPU s against 0.7–0.8), as 2 MB did shuffled identifiers in the twenty-first round.
        /// </summary>
        internal const int BatchedReadPageCacheKib = 16384;

        /// <summary>For a test: a test store is far smaller than 16 MB, so a test's batched read may run with this cache.</summary>
        internal const int TestBatchedReadPageCacheKib = 64;

        // The batched read's statement (the test's smaller one when a test asks for it).
        private string _batchedReadPageCache = BatchedReadPageCache;

        // The open transaction runs with the one-pass cache (OnePassPageCacheKib), until it ends.
        private bool _onePassCache;

        /// <summary>For a test: this connection's batched reads run with <see cref="TestBatchedReadPageCacheKib"/>.</summary>
        internal bool BatchedReadWithTestCache
        {
            set => _batchedReadPageCache = value ? TestBatchedReadPageCache : BatchedReadPageCache;
        }

        /// <summary>The bytes this connection's page cache holds now (SQLite's SQLITE_DBSTATUS_CACHE_USED).</summary>
        internal int PageCacheUsedBytes
        {
            get
            {
                raw.sqlite3_db_status(_connection.Handle, raw.SQLITE_DBSTATUS_CACHE_USED, out int used, out int _, 0);
                return used;
            }
        }

        /// <summary>The page cache, in KiB, the last write transaction begun on this store ran with (0: none begun yet).</summary>
        internal int LastWritePageCacheKib { get; private set; }

        /// <summary>This connection's page cache now, in KiB (what the last <c>PRAGMA cache_size</c> set).</summary>
        internal int PageCacheKib => -Scalar<int>("PRAGMA cache_size;");

        /// <summary>
        /// How much of the file this connection reads memory-mapped (<c>PRAGMA mmap_size</c>): none, SQLite's default. Every read
        /// goes through the page cache: a mapped page the file no longer has (another program cut the file, a disk or share
        /// failed) ends the process with SIGBUS instead of failing the read, and mapping Get-BmgDeviceDepLink's batched reads
        /// saved only ~4 % of its CPU (PERFORMANCE.md, twenty-ninth round).
        /// </summary>
        internal long MappedBytes => Scalar<long>("PRAGMA mmap_size;");

        // The statements, built from the constants only: every store connection's, and a one-pass transaction's.
        private static readonly string PageCache = string.Intern($"PRAGMA cache_size = -{DefaultPageCacheKib};");
        private static readonly string OnePassPageCache = $"PRAGMA cache_size = -{OnePassPageCacheKib};";

        // Interned: a batched read looks its statement up by reference (Command), as every constant text.
        private static readonly string BatchedReadPageCache = string.Intern($"PRAGMA cache_size = -{BatchedReadPageCacheKib};");
        private static readonly string TestBatchedReadPageCache = string.Intern($"PRAGMA cache_size = -{TestBatchedReadPageCacheKib};");

        /// <summary>
        /// In a transaction just begun (a write transaction under the writer lock, or a dry run's read of the store file): an
        /// import's, or a write on a store with no user and no device, gets the one-pass cache until the transaction ends
        /// (<see cref="RestorePageCache"/>). Nothing else can write in between, so what is empty now holds only this
        /// transaction's rows until it ends. A dry run still reading the store file writes nothing there: only an import's
        /// read of it gets the small cache (its copy, made at its first write, has the default one).
        /// </summary>
        private void FitPageCacheToTransaction()
        {
            bool onePass = _importBegins
                || (!_copyOnWrite && Scalar<long>("SELECT NOT EXISTS (SELECT 1 FROM users) AND NOT EXISTS (SELECT 1 FROM devices);") == 1);
            LastWritePageCacheKib = onePass ? OnePassPageCacheKib : DefaultPageCacheKib;
            if (onePass)
            {
                Execute(OnePassPageCache);
                _onePassCache = true;
            }
        }

        /// <summary>
        /// Before a batched read: the batched read's cache (true), unless a one-pass transaction (an import's) runs with its own
        /// smaller one (false). After a true, <see cref="EndBatchedReadPageCache"/> gives the default back.
        /// </summary>
        private bool BeginBatchedReadPageCache()
        {
            if (_onePassCache)
            {
                return false;
            }

            Run(_batchedReadPageCache, _ => { });
            return true;
        }

        /// <summary>After a batched read: the default cache again, for the commands after it (none of its pages dropped).</summary>
        private void EndBatchedReadPageCache() => Run(PageCache, _ => { });

        /// <summary>When a transaction ends: the connection gets its default cache back (a kept connection reads next).</summary>
        private void RestorePageCache()
        {
            if (_onePassCache)
            {
                _onePassCache = false;
                Execute(PageCache);
            }
        }
    }
}
