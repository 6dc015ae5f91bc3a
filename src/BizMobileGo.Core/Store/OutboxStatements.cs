using System;
using BizMobileGo.Core.Outbox;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// Which of a store's constant statements serves a look-up of a device's outbox entries by status: the status is in
    /// the statement's text (a partial index of pending emails needs the literal), never a value written into SQL.
    /// </summary>
    internal static class OutboxStatements
    {
        /// <summary>The statement for <paramref name="status"/>; only Pending and Failed entries are looked up by device.</summary>
        public static string ByStatus(CheckInEmailStatus status, string pending, string failed) => status switch
        {
            CheckInEmailStatus.Pending => pending,
            CheckInEmailStatus.Failed => failed,
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Only Pending and Failed check-in emails are looked up by device."),
        };
    }
}
