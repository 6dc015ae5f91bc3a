using System;

namespace BizMobileGo.Core.Dep
{
    /// <summary>A device that Apple Business Manager assigned to this MDM server.</summary>
    public sealed class DepDevice
    {
        public string SerialNumber { get; set; } = "";
        public string? Model { get; set; }
        public string? Description { get; set; }
        public string? ProfileName { get; set; }
        public DateTimeOffset ImportedAt { get; set; }

        /// <summary>The device record whose Serial is this DEP device's, if any.</summary>
        public string? Identifier { get; internal set; }
    }

    public sealed class DepProfile
    {
        public DepProfile(string name, int deviceCount)
        {
            Name = name;
            DeviceCount = deviceCount;
        }

        public string Name { get; }
        public int DeviceCount { get; }
    }

    /// <summary>One entry of the check-in email outbox and where its delivery stands (Outbox/CheckInEmailStatus.cs).</summary>
    public sealed class CheckInEmail
    {
        public long Id { get; set; }
        public string Recipient { get; set; } = "";
        public string Identifier { get; set; } = "";
        public string Code { get; set; } = "";
        public DateTimeOffset QueuedAt { get; set; }
        public DateTimeOffset? SentAt { get; set; }
        public Outbox.CheckInEmailStatus Status { get; set; }

        /// <summary>How many times a sender took the entry to send it (a crash mid-send counts too).</summary>
        public int Attempts { get; set; }

        /// <summary>The last failure: the SMTP reply or the connection problem.</summary>
        public string? LastError { get; set; }

        /// <summary>The server's reply to the accepted message.</summary>
        public string? ServerReply { get; set; }

        /// <summary>The Message-ID the entry is sent with, fixed at its first attempt.</summary>
        public string? MessageId { get; set; }

        /// <summary>The entry that replaced this one (Status Superseded).</summary>
        public long? SupersededBy { get; set; }

        /// <summary>Why the entry is Superseded or Failed, in words.</summary>
        public string? StatusReason { get; set; }

        /// <summary>The sender holding the entry while it is Sending ("host/process id/process start").</summary>
        public string? ClaimedBy { get; set; }

        /// <summary>When a claim by a sender on another machine may be taken over.</summary>
        public DateTimeOffset? ClaimedUntil { get; set; }
    }
}
