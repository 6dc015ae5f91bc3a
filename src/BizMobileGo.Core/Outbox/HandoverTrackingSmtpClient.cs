using MailKit.Net.Smtp;
using MimeKit;

namespace BizMobileGo.Core.Outbox
{
    /// <summary>
    /// An SMTP client that knows whether the message being sent may have reached the server: once a recipient is accepted,
    /// DATA follows, and a failure from then on (the connection broke, the run stopped, the server never answered the final
    /// dot) leaves the message possibly stored and delivered. Before that nothing was handed over, so a stop there is no
    /// attempt of the email (walkthrough 33c, findings 2 and 3).
    /// </summary>
    internal sealed class HandoverTrackingSmtpClient : SmtpClient
    {
        /// <summary>True once the server accepted a recipient of the message being sent: its content may have been handed over.</summary>
        public bool MayHaveHandedOver { get; private set; }

        /// <summary>How many messages the server accepted on this connection: a 421 after one is its per-connection limit.</summary>
        public int MessagesAccepted { get; private set; }

        /// <summary>Called before each message: nothing of it has been handed over yet.</summary>
        public void StartMessage() => MayHaveHandedOver = false;

        protected override void OnMessageSent(MailKit.MessageSentEventArgs e)
        {
            MessagesAccepted++;
            base.OnMessageSent(e);
        }

        protected override void OnRecipientAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
        {
            MayHaveHandedOver = true;
            base.OnRecipientAccepted(message, mailbox, response);
        }
    }
}
