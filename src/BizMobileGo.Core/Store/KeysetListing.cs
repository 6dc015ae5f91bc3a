using System;
using System.Collections;
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

        // Tests list a few rows in pages of two; on their own thread only (xunit runs test classes side by side).
        [ThreadStatic]
        private static int t_pageSizeForTests;

        /// <summary>Pages of <paramref name="size"/> rows on this thread until disposed (tests).</summary>
        internal static IDisposable PagesOf(int size)
        {
            t_pageSizeForTests = size;
            return new PageSizeReset();
        }

        private sealed class PageSizeReset : IDisposable
        {
            public void Dispose() => t_pageSizeForTests = 0;
        }

        /// <param name="highestKey">The table's highest row key when the listing begins.</param>
        /// <param name="nextPage">The first <c>PageSize</c> rows after the given row in the sort order (null: from the start).</param>
        /// <param name="keyOf">A row's key (its store's row id).</param>
        public static IEnumerable<T> Read<T>(long highestKey, Func<T?, int, List<T>> nextPage, Func<T, long?> keyOf) where T : class
        {
            var handedOn = new BitArray(0);
            T? last = null;
            while (true)
            {
                int size = t_pageSizeForTests > 0 ? t_pageSizeForTests : PageSize;
                List<T> page = nextPage(last, size);
                foreach (T row in page)
                {
                    long? key = keyOf(row);
                    if (key > highestKey)
                    {
                        continue;
                    }

                    if (key is long seen && seen >= 0 && seen < int.MaxValue)
                    {
                        int k = (int)seen;
                        if (k >= handedOn.Length)
                        {
                            handedOn.Length = (int)Math.Min(int.MaxValue, Math.Max(k + 1L, handedOn.Length * 2L));
                        }

                        if (handedOn[k])
                        {
                            continue;
                        }

                        handedOn[k] = true;
                    }

                    yield return row;
                }

                if (page.Count < size)
                {
                    yield break;
                }

                last = page[page.Count - 1];
            }
        }
    }
}
