using System;
using MailKit.Net.Smtp;

namespace BizMobileGo.Core.Outbox
{
    /// <summary>
    /// What ended a try with the SMTP server, in the words LastError, StatusReason and the run's errors give: the server's reply
    /// with its code, or what happened to the connection. Never a credential: MailKit's texts hold none, and nothing else is added.
    /// </summary>
    internal static class SmtpFailureText
    {
        // MailKit's SmtpProtocolException of a connection the server closed: "The SMTP server has unexpectedly disconnected: <the
        // last reply it read>". After DATA that reply is the 354 "End data with <CR><LF>.<CR><LF>", the server asking for the
        // content, which LastError then quoted as if it were why the send failed (walkthrough 42, finding 8). A reply that gave
        // the reason ended the try as an SmtpCommandException before: the one quoted here was taken as going on, so it is left out.
        private const string Disconnected = "The SMTP server has unexpectedly disconnected";

        /// <summary>"554 5.6.0 Message rejected as content": the reply's code and the server's reason.</summary>
        public static string Reply(SmtpCommandException e) => $"{(int)e.StatusCode} {e.Message.Trim()}";

        /// <summary>
        /// The failure <paramref name="e"/> stands for: a reply (<see cref="Reply"/>), "the SMTP server closed the connection
        /// without a reply" for a connection the server closed, else the exception's own text (a socket's reason, a time-out).
        /// </summary>
        public static string Of(Exception e) => e switch
        {
            SmtpCommandException command => Reply(command),
            SmtpProtocolException when e.Message.StartsWith(Disconnected, StringComparison.Ordinal) => "the SMTP server closed the connection without a reply",
            _ => e.Message,
        };
    }
}
