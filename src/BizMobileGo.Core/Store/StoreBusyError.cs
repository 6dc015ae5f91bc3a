using System;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// StoreBusy, the error of a write whose wait for another writer reached the busy timeout, made here for both stores: one
    /// text, which names the holder where the server tells it (PostgreSQL, as the -Verbose wait line does) and blames no
    /// prompt — a -Confirm prompt holds no lock (the module confirms before it takes one).
    /// </summary>
    public static class StoreBusyError
    {
        /// <param name="location">The store as it may be shown (a file path, or a server URI without its password).</param>
        /// <param name="timeout">The busy timeout the wait reached, named with its variable so the admin who meets it learns the knob.</param>
        /// <param name="holder">Who held the lock as the wait ended (<c>server process 4242, user 'bmg', …</c>); null: not known (SQLite can't tell).</param>
        /// <param name="inner">The provider's error, kept as the inner exception only; null where the store did not ask the provider to wait (a wait of 0).</param>
        public static BmgException WriterLock(string location, TimeSpan timeout, string? holder, Exception? inner) =>
            new BmgException(ErrorIds.StoreBusy, BmgErrorCategory.ResourceBusy,
                $"The store '{location}' {Locked(timeout)} by another writer{(holder == null ? "" : $" ({holder})")}{Waited(timeout)}; " +
                "nothing was changed. Try again when that writer (an import, or another admin's change) has finished.", location, inner);

        /// <summary>
        /// StoreBusy of a write made after the command was stopped (a stopped import's record), whose wait for another writer
        /// ended at <see cref="StoreWait.AfterStop"/>, not at the busy timeout.
        /// </summary>
        public static BmgException WriterLockAfterStop(string location, Exception? inner) =>
            new BmgException(ErrorIds.StoreBusy, BmgErrorCategory.ResourceBusy,
                $"The store '{location}' stayed locked by another writer for {StoreWait.AfterStop.TotalSeconds:0} s after the command was stopped, "
                + "as long as a stopped command waits for it; nothing was changed.", location, inner);

        /// <summary>
        /// StoreBusy of the record of an import that ended before its first row (its input refused: a bad header, a piped object
        /// of another store), whose wait for another writer ended at <see cref="StoreWait.AfterStop"/>, not at the busy timeout.
        /// </summary>
        public static BmgException WriterLockBeforeFirstRow(string location, Exception? inner) =>
            new BmgException(ErrorIds.StoreBusy, BmgErrorCategory.ResourceBusy,
                $"The store '{location}' stayed locked by another writer for {StoreWait.AfterStop.TotalSeconds:0} s after the import ended before its first row, "
                + "as long as the record of an import that wrote nothing waits for it; nothing was changed.", location, inner);

        // A wait of 0 is no wait: "was locked …, and $env:BMG_STORE_WAIT is 0 (don't wait)", not "stayed locked … for 0 seconds".
        private static string Locked(TimeSpan timeout) => timeout > TimeSpan.Zero ? "stayed locked" : "was locked";

        private static string Waited(TimeSpan timeout) => timeout > TimeSpan.Zero
            ? $" for {StoreWait.Said(timeout)}"
            : $", and $env:{StoreWait.EnvironmentVariable} is 0 (don't wait)";
    }
}
