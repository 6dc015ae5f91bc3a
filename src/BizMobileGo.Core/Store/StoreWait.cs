using System;
using System.Globalization;
using System.Threading;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// How long a write waits for another writer before StoreBusy, on both stores: SQLite's busy timeout and its writer-lock
    /// wait, PostgreSQL's lock_timeout. The one place that decides it: $env:BMG_STORE_WAIT (whole seconds, 0 = don't wait),
    /// else 30. A fixed 30 s made an admin's 5-row import fail while the team's nightly 30,000-row import held the shared
    /// store for 42 s (walkthrough 36, 4); an environment variable beside BMG_DATABASE is what a scheduled job or a
    /// profile sets once, as it sets the store, without a parameter on every cmdlet.
    /// </summary>
    public static class StoreWait
    {
        /// <summary>The variable's name, as messages name it.</summary>
        public const string EnvironmentVariable = "BMG_STORE_WAIT";

        /// <summary>The wait when the variable is not set (or empty).</summary>
        public const int DefaultSeconds = 30;

        /// <summary>The longest wait the variable may ask for: a day, past which a wait is a hang, not patience.</summary>
        public const int MostSeconds = 86400;

        /// <summary>
        /// How long a write made after the command was stopped waits, for the server's answer (PostgreSQL's round trips,
        /// net40) and for another writer's lock (a stopped import's record, left41): as long as a round trip goes unsaid
        /// (<see cref="ServerWaitLine.After"/>). A stopped command has no line left to say a longer wait on, and the user who
        /// pressed Ctrl+C waits for it.
        /// </summary>
        public static readonly TimeSpan AfterStop = ServerWaitLine.After;

        private static int _current = DefaultSeconds;

        /// <summary>The wait the last store open read (<see cref="Read"/>); the default until one did.</summary>
        public static TimeSpan Current => TimeSpan.FromSeconds(Volatile.Read(ref _current));

        /// <summary>
        /// Reads and checks $env:BMG_STORE_WAIT as a store is opened (<see cref="DeviceStores.Open"/>), and makes it
        /// <see cref="Current"/>: an environment variable is the process's, so every store of the process waits the same.
        /// </summary>
        /// <exception cref="BmgException">InvalidStoreWait: not a whole number from 0 to <see cref="MostSeconds"/>.</exception>
        public static TimeSpan Read()
        {
            string? given = Environment.GetEnvironmentVariable(EnvironmentVariable);
            int seconds = DefaultSeconds;
            if (!string.IsNullOrWhiteSpace(given))
            {
                string text = given!.Trim();
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) || seconds > MostSeconds)
                {
                    string shown = Fields.FieldText.Printable(given);
                    throw new BmgException(ErrorIds.InvalidStoreWait, BmgErrorCategory.InvalidArgument,
                        $"$env:{EnvironmentVariable} is '{shown}', but it must be a whole number of seconds from 0 to {MostSeconds} "
                        + $"(how long a write waits for another writer; 0 = don't wait; unset = {DefaultSeconds}). Nothing was opened.", shown);
                }
            }

            Volatile.Write(ref _current, seconds);
            return TimeSpan.FromSeconds(seconds);
        }

        /// <summary>A wait as messages say it: "30 seconds ($env:BMG_STORE_WAIT)".</summary>
        public static string Said(TimeSpan wait) =>
            $"{wait.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} seconds ($env:{EnvironmentVariable})";

        /// <summary>
        /// The wait in whole seconds for a provider whose 0 means "no limit" (Microsoft.Data.Sqlite's command timeout): at
        /// least 1, so "don't wait" never becomes "wait for ever".
        /// </summary>
        internal static int ProviderSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

        /// <summary>
        /// The wait as PostgreSQL's lock_timeout ("30000ms"), at least 1 ms: the server's 0 means "no limit", and "don't
        /// wait" must not become that.
        /// </summary>
        internal static string LockTimeoutSetting(TimeSpan wait) =>
            Math.Max(1L, (long)wait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
    }
}
