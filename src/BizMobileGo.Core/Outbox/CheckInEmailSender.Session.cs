using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using BizMobileGo.Core.Errors;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace BizMobileGo.Core.Outbox
{
    /// <summary>
    /// The sender's SMTP session: the one connection, made (TLS as -UseSsl and the server's place ask, authenticated) on
    /// first use or after one broke, with its tries and the errors that end a run; each exchange bounded by
    /// <see cref="SmtpSettings.Timeout"/>; the rate limit between messages; and the connection dropped.
    /// </summary>
    public sealed partial class CheckInEmailSender
    {
        private readonly Stopwatch _sinceLastMessage = new Stopwatch();

        /// <summary>Told of each try to connect (the -Verbose line "Connecting to the SMTP server ..."), so retries can be seen.</summary>
        public Action<string>? Connecting { get; set; }

        /// <summary>The open connection, made (and authenticated) on first use or after one failed.</summary>
        private HandoverTrackingSmtpClient Connected(CancellationToken cancellation)
        {
            if (_client != null && _client.IsConnected)
            {
                return _client;
            }

            Drop();
            // -UseSsl as in Send-MailMessage: TLS is required; on 465 (SMTPS) from the first byte, elsewhere by STARTTLS.
            SecureSocketOptions security = _settings.UseSsl ? (_settings.EffectivePort == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls)
                : _settings.AllowUnencryptedConnection || IsLoopback(_settings.Server) ? SecureSocketOptions.StartTlsWhenAvailable
                : SecureSocketOptions.StartTls;
            string server = ServerName;
            for (int attempt = 1; ; attempt++)
            {
                // The chain and the server's name are checked; revocation is not (as with Send-MailMessage): most
                // internal mail servers' CAs publish no CRL, and an unreachable CRL would refuse every message.
                var client = new HandoverTrackingSmtpClient { Timeout = (int)_settings.Timeout.TotalMilliseconds, CheckCertificateRevocation = false };
                Connecting?.Invoke($"Connecting to the SMTP server '{server}' (try {attempt} of {_settings.AttemptsPerRun}).");
                try
                {
                    WithinTimeout(token => { client.Connect(_settings.Server, _settings.EffectivePort, security, token); return true; }, cancellation);
                    if (_settings.Credential != null)
                    {
                        if (!client.Capabilities.HasFlag(SmtpCapabilities.Authentication))
                        {
                            bool secure = client.IsSecure;   // read before Dispose, which resets it
                            client.Dispose();
                            throw new BmgException(ErrorIds.SmtpAuthenticationFailed, BmgErrorCategory.SecurityError,
                                $"A credential was given but the SMTP server '{server}' offers no authentication (AUTH){(secure ? "" : " on a connection without TLS")}; nothing was sent.", _settings.Server);
                        }

                        WithinTimeout(token => { client.Authenticate(_settings.Credential, token); return true; }, cancellation);
                    }

                    _client = client;
                    return client;
                }
                catch (SslHandshakeException e)
                {
                    client.Dispose();
                    throw new BmgException(ErrorIds.SmtpCertificateInvalid, BmgErrorCategory.SecurityError,
                        $"The TLS certificate of the SMTP server '{server}' is not valid for it, so nothing was sent. {OneLine(e.Message).TrimEnd('.')}. " +
                        "Use the server's name as its certificate states it, or make the machine trust the certificate's issuer.", _settings.Server, e);
                }
                catch (NotSupportedException e) when (security == SecureSocketOptions.StartTls)
                {
                    client.Dispose();
                    string why = _settings.UseSsl
                        ? $"-UseSsl requires TLS, but the SMTP server '{server}' offers no STARTTLS, so the check-in codes would go in clear text; nothing was sent. " +
                          "For a server that expects TLS from the first byte (SMTPS), use -Port 465."
                        : $"The SMTP server '{server}' is not on this machine and offers no TLS (STARTTLS), so the check-in codes would cross the network " +
                          "in clear text; nothing was sent. Use a server that offers TLS (-UseSsl -Port 465 for one that expects it from the first byte), or -AllowUnencryptedConnection to accept clear text.";
                    throw new BmgException(ErrorIds.UnencryptedConnectionRefused, BmgErrorCategory.SecurityError, why, _settings.Server, e);
                }
                catch (MailKit.Security.AuthenticationException e)
                {
                    client.Dispose();
                    throw new BmgException(ErrorIds.SmtpAuthenticationFailed, BmgErrorCategory.SecurityError,
                        $"The SMTP server '{server}' did not accept the credential of '{_settings.Credential?.UserName}': {e.Message}", _settings.Server, e);
                }
                catch (SocketException e) when (UnknownHostName.Is(e))
                {
                    // DNS answered that the name has no address: it will have none a second later either, so no retry
                    // (a DNS server that did not answer, TryAgain, is retried below like a refused or reset connection).
                    client.Dispose();
                    throw new BmgException(ErrorIds.SmtpConnectionFailed, BmgErrorCategory.ConnectionError,
                        $"The SMTP server name '{_settings.Server}' does not resolve (DNS knows no such host: {e.Message}), so nothing was sent; " +
                        "it was not tried again. Check -SmtpServer (or $env:BMG_SMTP_SERVER).", _settings.Server, e);
                }
                catch (SmtpCommandException e) when (DefersTheSession(e))
                {
                    // The server answered, and said to come back later (a 421 greeting): trying again a second later would
                    // hear the same; the caller ends the run with SmtpServerDeferred.
                    client.Dispose();
                    throw;
                }
                catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
                {
                    // The server answered, and refused this client for good (a "554 5.7.1 … blocklist" greeting): a try a
                    // second later hears the same, so it is not tried again, and the reply keeps its code (thirty-fourth round).
                    client.Dispose();
                    throw new BmgException(ErrorIds.SmtpConnectionFailed, BmgErrorCategory.ConnectionError,
                        $"The SMTP server '{server}' refused the session: {SmtpFailureText.Reply(e)}; it was not tried again, and nothing was sent.", _settings.Server, e);
                }
                catch (Exception e) when (e is SocketException || e is IOException || e is SmtpProtocolException || e is SmtpCommandException || e is TimeoutException)
                {
                    client.Dispose();
                    if (attempt >= _settings.AttemptsPerRun)
                    {
                        throw new BmgException(ErrorIds.SmtpConnectionFailed, BmgErrorCategory.ConnectionError,
                            $"Could not connect to the SMTP server '{server}' ({attempt} tries): {(e is TimeoutException ? "it " : "")}{SmtpFailureText.Of(e)}", _settings.Server, e);
                    }

                    Wait(TimeSpan.FromTicks(_settings.RetryDelay.Ticks << (attempt - 1)), cancellation);
                }
            }
        }

        /// <summary>
        /// Runs one exchange with the server (connect with its greeting and EHLO/STARTTLS, authentication, one message's
        /// MAIL/RCPT/DATA) within <see cref="SmtpSettings.Timeout"/>. MailKit's own Timeout is the socket's read timeout, and its
        /// synchronous reads do not use it when the token can be cancelled: they poll the socket for the token's sake until
        /// data comes (MailKit/Net/NetworkStream.Poll), and the token is always the run's Ctrl+C. So a server that accepted the
        /// connection and never greeted, or stored a message and never answered, held the run forever (walkthrough 33c,
        /// finding 2). A token that also fires after the timeout bounds every exchange; its firing, told apart from Ctrl+C,
        /// becomes a TimeoutException "did not answer within N s".
        /// </summary>
        private T WithinTimeout<T>(Func<CancellationToken, T> exchange, CancellationToken cancellation)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(_settings.Timeout);
            try
            {
                return exchange(timeout.Token);
            }
            catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellation.IsCancellationRequested)
            {
                throw new TimeoutException($"did not answer within {_settings.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s", e);
            }
        }

        private static string OneLine(string text) =>
            System.Text.RegularExpressions.Regex.Replace(text, @"\s*[\r\n]+[\s•]*", " ").Trim();

        /// <summary>True when every address of the server is a loopback address: the message never leaves the machine.</summary>
        internal static bool IsLoopback(string server)
        {
            if (string.Equals(server, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (IPAddress.TryParse(server.Trim('[', ']'), out IPAddress? address))
            {
                return IPAddress.IsLoopback(address);
            }

            try
            {
                IPAddress[] addresses = Dns.GetHostAddresses(server);
                return addresses.Length != 0 && addresses.All(IPAddress.IsLoopback);
            }
            catch (SocketException)
            {
                return false;
            }
        }

        /// <summary>Keeps to the rate limit: waits until a minute's share has passed since the last message started.</summary>
        private void Throttle(CancellationToken cancellation)
        {
            if (_settings.MessagesPerMinute > 0 && _sinceLastMessage.IsRunning)
            {
                TimeSpan interval = TimeSpan.FromTicks(TimeSpan.TicksPerMinute / _settings.MessagesPerMinute);
                TimeSpan left = interval - _sinceLastMessage.Elapsed;
                if (left > TimeSpan.Zero)
                {
                    Wait(left, cancellation);
                }
            }

            _sinceLastMessage.Restart();
        }

        private void Drop()
        {
            if (_client != null)
            {
                try
                {
                    if (_client.IsConnected)
                    {
                        _client.Disconnect(false);
                    }
                }
                catch (Exception e) when (e is IOException || e is SocketException || e is SmtpProtocolException || e is ObjectDisposedException)
                {
                    // Already broken: nothing to close politely.
                }

                _client.Dispose();
                _client = null;
            }
        }
    }
}
