using System;
using System.Globalization;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// The line a store tells <see cref="IDeviceStore.WaitingForWriter"/> as a wait for another client begins, made here
    /// for both stores: what it waits for, which store, how long at most, and how to stop it — as Microsoft's cmdlets say
    /// what they wait for, instead of an admin seeing nothing for up to the busy timeout.
    /// </summary>
    public static class WriterWaitLine
    {
        /// <summary>
        /// A write waiting for the store's writer lock: "Waiting for another writer to finish with the store '…' (up to 30 s;
        /// Ctrl+C to stop)."
        /// </summary>
        /// <param name="location">The store as it may be shown (a file path, or a server URI without its password).</param>
        /// <param name="upTo">The busy timeout: the wait ends there with StoreBusy.</param>
        /// <param name="holder">Who holds the lock as the server tells it (<c>process 4242 of user 'bmg', …</c>); null: not known (SQLite can't tell).</param>
        /// <param name="purpose">What the wait is for when it is not a command's write (" before upgrading it to schema version 12").</param>
        public static string ForWriterLock(string location, TimeSpan upTo, string? holder = null, string? purpose = null) =>
            $"Waiting for another writer{Held(holder)} to finish with the store '{location}'{purpose} (up to {Seconds(upTo)}; Ctrl+C to stop).";

        /// <summary>
        /// An open waiting for another client that creates or upgrades the store's schema (PostgreSQL): that client ends
        /// its own wait, so no time is promised here.
        /// </summary>
        public static string ForSchema(string location, string? holder = null) =>
            $"Waiting for another client{Held(holder)} to finish creating or upgrading the store '{location}' (Ctrl+C to stop).";

        /// <summary>What a SQLite open that must create or upgrade the schema waits to do: the purpose of its wait.</summary>
        internal static string BeforeMigrating(long fromVersion, long toVersion) => fromVersion == 0
            ? " before creating its tables"
            : string.Format(CultureInfo.InvariantCulture, " before upgrading it to schema version {0}", toVersion);

        private static string Held(string? holder) => holder == null ? "" : $" ({holder})";

        private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
    }
}
