using System;
using System.Globalization;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// The rule for a command that waits for a server slow to answer (PostgreSQL; <see cref="IDeviceStore.WaitingForServer"/>):
    /// when the line comes, how often it is said again, and its words. A hung server or a frozen machine still answers TCP,
    /// so the keepalive never ends such a wait and only the command timeout does (walkthrough 36, 5: 100 s without a
    /// line); a person reads a silent console as a hang, as with the wait for another writer (<see cref="WriterWaitLine"/>).
    /// </summary>
    public static class ServerWaitLine
    {
        /// <summary>
        /// How long a round trip goes unanswered before the line is said: far past a normal answer (milliseconds; an import's
        /// chunk well under a second on a loaded machine), and before a person takes the console for hung and the keepalive's
        /// first probe (20 s), which a frozen server answers anyway.
        /// </summary>
        public static readonly TimeSpan After = TimeSpan.FromSeconds(5);

        /// <summary>How often the line is said again while the wait lasts, with the time so far: seldom, as each says it anew (a progress line redrawn).</summary>
        public static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

        /// <summary>"Waiting for the server to answer (5 s so far, up to 300 s; Ctrl+C to stop)."</summary>
        /// <param name="waited">How long the command has waited for the answer.</param>
        /// <param name="upTo">The command timeout: the statement ends there.</param>
        public static string For(TimeSpan waited, TimeSpan upTo) => string.Format(CultureInfo.InvariantCulture,
            "Waiting for the server to answer ({0} s so far, up to {1} s; Ctrl+C to stop).", (long)waited.TotalSeconds, (long)upTo.TotalSeconds);
    }
}
