using System;
using System.Diagnostics;
using System.Globalization;

namespace BizMobileGo.Core.Outbox
{
    /// <summary>
    /// Who holds a claim on an outbox entry: machine, process id and process start time, so a sender can
    /// tell a claim left behind by a process that died (taken over at once) from one still being worked on; then a
    /// run's own part, and when that run started and its OS user, so that a second sender names the first as the
    /// writer-lock wait line names a holder (<see cref="Describe(string?)"/>; walkthrough 24, finding 7). Never a code: the
    /// token is made before any email is read.
    /// </summary>
    internal static class SenderIdentity
    {
        private static readonly Lazy<string> CurrentProcess = new Lazy<string>(() =>
        {
            using Process process = Process.GetCurrentProcess();
            return Describe(Environment.MachineName, process.Id, process.StartTime.ToUniversalTime().Ticks);
        });

        /// <summary>
        /// A new claimant name for one run of a sender in this process: "machine/process/start ticks/run/run start ticks/OS user"
        /// (the OS user last: the only part that may hold a '/').
        /// </summary>
        public static string NewClaimant() => string.Format(CultureInfo.InvariantCulture, "{0}/{1}/{2}/{3}",
            CurrentProcess.Value, Guid.NewGuid().ToString("N").Substring(0, 8), DateTimeOffset.UtcNow.Ticks, Environment.UserName);

        /// <summary>
        /// "user 'root' on vm, process 8314, its run started 2026-12-04 21:39:02": the sender a claimant names, for the line
        /// that says another sender is sending an email. A claimant of another form (one an earlier version wrote) is named as
        /// far as it says: its machine and process, else the token itself.
        /// </summary>
        public static string Describe(string? claimant)
        {
            string[] parts = (claimant ?? "").Split('/', 6);
            if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int processId))
            {
                return $"'{claimant}'";
            }

            string said = parts.Length == 6 && parts[5].Length != 0 ? $"user '{parts[5]}' on {parts[0]}" : $"on {parts[0]}";
            said += $", process {processId.ToString(CultureInfo.InvariantCulture)}";
            if (parts.Length >= 5 && long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out long runStart)
                && runStart >= DateTimeOffset.MinValue.UtcTicks && runStart <= DateTimeOffset.MaxValue.UtcTicks)
            {
                DateTimeOffset started = Times.ShownTime.Local(new DateTimeOffset(runStart, TimeSpan.Zero));
                said += $", its run started {started.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}";
            }

            return said;
        }

        private static string Describe(string machine, int processId, long startTicks) =>
            string.Format(CultureInfo.InvariantCulture, "{0}/{1}/{2}", machine, processId, startTicks);

        /// <summary>
        /// True when nobody works on a claim any more: its lease ran out, or it names a process of this
        /// machine that no longer runs (or whose id now belongs to another process).
        /// </summary>
        public static bool IsAbandoned(string? claimant, DateTimeOffset? claimedUntil, DateTimeOffset now)
        {
            if (claimant == null || claimedUntil == null || claimedUntil.Value <= now)
            {
                return true;
            }

            string[] parts = claimant.Split('/');
            if (parts.Length < 3 || !string.Equals(parts[0], Environment.MachineName, StringComparison.OrdinalIgnoreCase)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int processId)
                || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out long startTicks))
            {
                return false;
            }

            try
            {
                using Process process = Process.GetProcessById(processId);
                // A tolerance: the start time is derived from clock ticks, and a reused id never starts within a second.
                return process.HasExited || Math.Abs(process.StartTime.ToUniversalTime().Ticks - startTicks) > TimeSpan.TicksPerSecond;
            }
            catch (ArgumentException)
            {
                return true;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }
}
