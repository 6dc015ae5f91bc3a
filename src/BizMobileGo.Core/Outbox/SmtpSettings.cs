using System;
using System.Globalization;
using System.Net;

namespace BizMobileGo.Core.Outbox
{
    /// <summary>How Send-BmgCheckInEmail reaches the mail server and how hard it tries.</summary>
    public sealed class SmtpSettings
    {
        public string Server { get; set; } = "";

        /// <summary>0: 465 with <see cref="UseSsl"/>, else 25.</summary>
        public int Port { get; set; }

        /// <summary>The From address ("Name &lt;address&gt;" or a bare address).</summary>
        public string From { get; set; } = "";

        public NetworkCredential? Credential { get; set; }

        /// <summary>TLS from the first byte (SMTPS, port 465); otherwise STARTTLS whenever the server offers it.</summary>
        public bool UseSsl { get; set; }

        /// <summary>Lets a server that isn't on loopback get the message without TLS (the code in clear text).</summary>
        public bool AllowUnencryptedConnection { get; set; }

        /// <summary>The most attempts an entry gets, over all runs; then a temporary failure becomes Failed.</summary>
        public int MaxAttempts { get; set; } = 5;

        /// <summary>The most attempts an entry gets within one run, for temporary failures.</summary>
        public int AttemptsPerRun { get; set; } = 3;

        /// <summary>The wait after the first temporary failure in a run; it doubles after each further one.</summary>
        public TimeSpan RetryDelay { get; set; } = DefaultRetryDelay();

        /// <summary>
        /// For the test suite only, and not a setting for users: whole milliseconds from 1 to 1,000 shorten
        /// <see cref="RetryDelay"/>'s 1 s, so that the tests of retried sends do not wait out the real back-off each time
        /// (one test still runs with it unset). Anything else, and no variable, is the product's 1 s.
        /// </summary>
        internal const string TestRetryDelayVariable = "BMG_TEST_SMTP_RETRY_DELAY_MS";

        private static TimeSpan DefaultRetryDelay() => RetryDelayFor(Environment.GetEnvironmentVariable(TestRetryDelayVariable));

        /// <summary>The first retry's wait for <see cref="TestRetryDelayVariable"/>'s text (null when it is not set).</summary>
        internal static TimeSpan RetryDelayFor(string? testSetting) =>
            int.TryParse(testSetting, NumberStyles.None, CultureInfo.InvariantCulture, out int milliseconds) && milliseconds is >= 1 and <= 1000
                ? TimeSpan.FromMilliseconds(milliseconds)
                : TimeSpan.FromSeconds(1);

        /// <summary>The most messages a minute; 0 for no limit.</summary>
        public int MessagesPerMinute { get; set; }

        /// <summary>How long one SMTP command may take before the connection counts as failed.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>How long a claim by a sender on another machine holds before another sender may take the entry over.</summary>
        public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>The {{CheckInUrl}} of the template.</summary>
        public string? CheckInUrl { get; set; }

        /// <summary>Where <see cref="CheckInUrl"/> came from, as an error about it names it ("-CheckInUrl", "$env:BMG_CHECKIN_URL").</summary>
        public string CheckInUrlSource { get; set; } = "-CheckInUrl";

        public int EffectivePort => Port != 0 ? Port : UseSsl ? 465 : 25;
    }
}
