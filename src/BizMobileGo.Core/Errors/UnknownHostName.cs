using System;
using System.Net.Sockets;

namespace BizMobileGo.Core.Errors
{
    /// <summary>
    /// The one rule for "DNS knows no such host": the resolver answered that the name has no address (HostNotFound, NoData).
    /// Such a name is a setting to correct (the SMTP run's -SmtpServer, a store URI's host), not an outage to wait out: a
    /// second later it has no address either. A DNS server that did not answer (TryAgain) is not this: that may pass.
    /// </summary>
    public static class UnknownHostName
    {
        /// <summary>Whether <paramref name="e"/> is the resolver's answer that a host name has no address.</summary>
        public static bool Is(Exception? e) =>
            e is SocketException socket && (socket.SocketErrorCode == SocketError.HostNotFound || socket.SocketErrorCode == SocketError.NoData);
    }
}
