using System;

namespace BizMobileGo.Core.Outbox
{
    /// <summary>
    /// The rule for the check-in URL an email links to: an absolute http or https URL with a host. Without a scheme
    /// ('mdm.example.com/checkin') a mail reader makes no link of it, or a link relative to nothing: the user can't check in.
    /// </summary>
    public static class CheckInUrl
    {
        public const string Rule = "it must be an absolute http:// or https:// URL with a host, such as 'https://mdm.example.com/checkin'";

        /// <summary>True when <paramref name="text"/> keeps the rule; otherwise <paramref name="problem"/> says what is wrong with it.</summary>
        public static bool TryParse(string text, out string? problem)
        {
            string trimmed = text.Trim();
            if (!trimmed.Contains("://", StringComparison.Ordinal))
            {
                problem = "it has no scheme";
                return false;
            }

            if (!Uri.TryCreate(trimmed, UriKind.Absolute, out Uri? uri))
            {
                problem = "it is not a URL";
                return false;
            }

            if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            {
                problem = $"its scheme is '{uri.Scheme}'";
                return false;
            }

            if (string.IsNullOrEmpty(uri.Host))
            {
                problem = "it has no host";
                return false;
            }

            problem = null;
            return true;
        }
    }
}
