using System;
using System.Collections.Generic;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// A whole table (every device, every user) read in pages by its sort key, as the caller writes them: memory holds one
    /// page, not the table (walkthrough 34b, finding 1: a materialized read of 1,000,000 devices ran out of a 1 GB heap), and
    /// the first row is out after the first page. Each page is read whole before any of it is handed on, so the store is free
    /// between pages: a pipeline may write to it downstream (<c>Get-BmgDevice | Set-BmgDevice</c> on one PostgreSQL connection).
    /// </summary>
    /// <remarks>
    /// The listing is of the rows that existed when it began, each at most once, each as its page reads it: a row added
    /// after the listing began (a key above the highest key then) is left out, so a pipeline that creates rows downstream
    /// ends; a row renamed to a later sort key after it was handed on is not handed on again (its key is remembered, one
    /// bit a key), so a pipeline that renames downstream renames each row once. A row another session removes before its
    /// page is read is not listed; one another session renames across the cursor may be listed under its new name or not
    /// at all (README, decision "A listing of everything reads in pages").
    /// </remarks>
    internal static class KeysetListing
    {
        /// <summary>Rows a page: ~8 MB of devices; a page's read is a few tens of milliseconds, so a Ctrl+C waits no longer.</summary>
        internal const int PageSize = 5000;

        // Tests list a few rows in pages of two, and see each page's size; on their own thread only (xunit runs test classes
        // side by side).
        [ThreadStatic]
        private static int t_pageSizeForTests;

        [ThreadStatic]
        private static Action<int>? t_pageReadForTests;

        /// <summary>Pages of <paramref name="size"/> rows on this thread until disposed, each page's row count told to <paramref name="pageRead"/> (tests).</summary>
        internal static IDisposable PagesOf(int size, Action<int>? pageRead = null)
        {
            t_pageSizeForTests = size;
            t_pageReadForTests = pageRead;
            return new PageSizeReset();
        }

        private sealed class PageSizeReset : IDisposable
        {
            public void Dispose()
            {
                t_pageSizeForTests = 0;
                t_pageReadForTests = null;
            }
        }

        /// <summary>
        /// The rows in pages by their sort key, each page read whole when the one before it has been handed on; nothing
        /// more (no rows left out or remembered): for reads inside one transaction, which nothing else writes between pages
        /// (a rename's holders, each page written before the next is read).
        /// </summary>
        /// <param name="nextPage">The first <c>size</c> rows after the given row in the sort order (null: from the start).</param>
        public static IEnumerable<List<T>> Pages<T>(Func<T?, int, List<T>> nextPage) where T : class
        {
            T? last = null;
            while (true)
            {
                int size = t_pageSizeForTests > 0 ? t_pageSizeForTests : PageSize;
                List<T> page = nextPage(last, size);
                t_pageReadForTests?.Invoke(page.Count);
                if (page.Count > 0)
                {
                    yield return page;
                }

                if (page.Count < size)
                {
                    yield break;
                }

                last = page[page.Count - 1];
            }
        }

        /// <param name="highestKey">The table's highest row key when the listing begins.</param>
        /// <param name="nextPage">The first <c>PageSize</c> rows after the given row in the sort order (null: from the start).</param>
        /// <param name="keyOf">A row's key (its store's row id).</param>
        public static IEnumerable<T> Read<T>(long highestKey, Func<T?, int, List<T>> nextPage, Func<T, long?> keyOf) where T : class
        {
            var handedOn = new KeySet();
            foreach (List<T> page in Pages(nextPage))
            {
                foreach (T row in page)
                {
                    long? key = keyOf(row);
                    if (key > highestKey || (key is long seen && !handedOn.Add(seen)))
                    {
                        continue;
                    }

                    yield return row;
                }
            }
        }
    }
}
