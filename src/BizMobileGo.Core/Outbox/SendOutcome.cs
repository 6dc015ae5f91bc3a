using BizMobileGo.Core.Dep;

namespace BizMobileGo.Core.Outbox
{
    /// <summary>What one send did to an entry.</summary>
    public enum SendOutcomeKind
    {
        /// <summary>The server accepted the message.</summary>
        Sent,

        /// <summary>Refused for good (5xx): Status Failed.</summary>
        Failed,

        /// <summary>Out of attempts (-MaxAttempts) after temporary failures (4xx, a broken connection): Status Failed, though nobody refused it.</summary>
        GaveUp,

        /// <summary>Temporary failures used up this run's attempts: still Pending, for the next run.</summary>
        Deferred,

        /// <summary>The device changed or went away: Status Superseded, nothing sent.</summary>
        Superseded,

        /// <summary>The device's check-in would be rejected (its DEP serial released by Apple, ...): nothing sent, the entry left as it is for a later run.</summary>
        Held,

        /// <summary>Not this sender's to send: already final, or another sender has it.</summary>
        Skipped,
    }

    /// <summary>One entry's result: the entry as it is now and, for anything but Sent, why (for Sent, what the user may have received twice, else null).</summary>
    public sealed class SendOutcome
    {
        public SendOutcome(SendOutcomeKind kind, CheckInEmail email, string? reason = null)
        {
            Kind = kind;
            Email = email;
            Reason = reason;
        }

        public SendOutcomeKind Kind { get; }
        public CheckInEmail Email { get; }
        public string? Reason { get; }
    }
}
