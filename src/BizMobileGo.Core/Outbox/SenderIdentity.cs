using System;
using System.Diagnostics;
using System.Globalization;

namespace BizMobileGo.Core.Outbox
{
    /// <summary>
    /// Who holds a claim on an outbox entry: machine, process id and process start time, so a sender can
    /// tell a claim left behind by a process that died (taken over at once) from one still being worked on.
    /// </summary>
    internal static class SenderIdentity
    {
        private static readonly Lazy<string> CurrentProcess = new Lazy<string>(() =>
        {
            using Process process = Process.GetCurrentProcess();
            return Describe(Environment.MachineName, process.Id, process.StartTime.ToUniversalTime().Ticks);
        });

        /// <summary>A new claimant name for one run of a sender in this process.</summary>
        public static string NewClaimant() => CurrentProcess.Value + "/" + Guid.NewGuid().ToString("N").Substring(0, 8);

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
