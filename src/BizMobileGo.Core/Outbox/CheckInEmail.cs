using System;
using BizMobileGo.Core.Times;

// The outbox entry lives beside the outbox (one concern per file), but keeps the namespace it has always had: the format
// views, Types.ps1xml and Import-Clixml'd files name it BizMobileGo.Core.Dep.CheckInEmail.
namespace BizMobileGo.Core.Dep
{
    /// <summary>One entry of the check-in email outbox and where its delivery stands (Outbox/CheckInEmailStatus.cs).</summary>
    public sealed class CheckInEmail : Errors.ICarriesCheckInCode, Store.IReadFromStore
    {
        public long Id { get; set; }
        public string Recipient { get; set; } = "";
        public string Identifier { get; set; } = "";

        /// <summary>
        /// The key of the device the email was queued for (<see cref="Devices.Device.DeviceKey"/>): what tells that device's
        /// emails from those of an earlier device under the same Identifier (<see cref="Outbox.CheckInOutbox.IsOwnEmail"/>).
        /// Null for an entry queued before the stores kept it whose device is gone (SQLite migration 22, PostgreSQL 18): no
        /// device's own, and never sent.
        /// </summary>
        public long? DeviceKey { get; set; }

        /// <summary>
        /// The device record the email is queued for, until the email is inserted: a device an import creates gets its key
        /// only when its chunk is written, after the email was planned (<see cref="Outbox.CheckInOutbox.KeyOfDevice"/>).
        /// </summary>
        internal Devices.Device? QueuedFor { get; set; }

        /// <summary>The code the email carried, hidden as a device's is (<see cref="Devices.Device.Code"/>).</summary>
        // An import sets it to its device's own (read-only) code object, not a second one of the same text (alloc46).
        public Fields.HiddenCode Code { get; internal set; } = NoCode;

        internal string PlainCode { get => Code.Text; set => Code = new Fields.HiddenCode(value); }

        private static readonly Fields.HiddenCode NoCode = new Fields.HiddenCode("");

        public DateTimeOffset QueuedAt { get => _queuedAt; set => _queuedAt = ShownTime.Local(value); }
        public DateTimeOffset? SentAt { get => _sentAt; set => _sentAt = ShownTime.Local(value); }
        public Outbox.CheckInEmailStatus Status { get; set; } = Outbox.CheckInEmailStatus.Pending;

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
        public DateTimeOffset? ClaimedUntil { get => _claimedUntil; set => _claimedUntil = ShownTime.Local(value); }

        /// <summary>
        /// The store whose outbox holds this email (<see cref="Store.IReadFromStore"/>): its Id is that store's, and another
        /// store's email of the same Id is another device's, another person's (walkthrough 29, finding 1).
        /// </summary>
        public string? Database { get; set; }

        /// <summary>
        /// The Identifier of the device the email is for, as Get-BmgCheckInEmail and Send-BmgCheckInEmail take it (walkthrough
        /// 25, finding 2). Never the code, nor the recipient's address.
        /// </summary>
        public override string ToString() => Identifier;

        // Times in this computer's offset, whatever the store or the clock gave (Times/ShownTime.cs).
        private DateTimeOffset _queuedAt;
        private DateTimeOffset? _sentAt;
        private DateTimeOffset? _claimedUntil;
    }
}
