namespace BizMobileGo.Core.Outbox
{
    /// <summary>Where an outbox entry's delivery stands: Pending → Sending → Sent or Failed (or back to Pending to retry); or Superseded.</summary>
    public enum CheckInEmailStatus
    {
        // From 1, never 0: PowerShell reads an enum's 0 as false (README, "No enum a command outputs has a member at 0").
        /// <summary>Waiting to be sent (again, when LastError says why an earlier attempt failed).</summary>
        Pending = 1,

        /// <summary>Claimed by a sender that is sending it now (or died doing so: the next run takes it over).</summary>
        Sending,

        /// <summary>Accepted by the mail server.</summary>
        Sent,

        /// <summary>Refused for good (an SMTP 5xx reply), or out of attempts.</summary>
        Failed,

        /// <summary>Not to be sent: a newer email for the device replaced it, or the device changed or went away.</summary>
        Superseded,
    }
}
