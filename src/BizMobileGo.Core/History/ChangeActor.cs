using System;

namespace BizMobileGo.Core.History
{
    /// <summary>Who makes the changes of this process: the operating-system user and the host, read once.</summary>
    public sealed class ChangeActor
    {
        private static readonly Lazy<ChangeActor> CurrentActor = new Lazy<ChangeActor>(() => new ChangeActor(SafeUserName(), SafeHostName()));

        public ChangeActor(string osUser, string host)
        {
            OsUser = osUser;
            Host = host;
        }

        /// <summary>The user and host of this process (the same for every change it records).</summary>
        public static ChangeActor Current => CurrentActor.Value;

        public string OsUser { get; }

        public string Host { get; }

        // A container without a passwd entry or a host name must still record changes: "unknown" says what is known.
        private static string SafeUserName()
        {
            try
            {
                string name = Environment.UserName;
                return string.IsNullOrEmpty(name) ? "unknown" : name;
            }
            catch (Exception e) when (e is InvalidOperationException || e is PlatformNotSupportedException)
            {
                return "unknown";
            }
        }

        private static string SafeHostName()
        {
            try
            {
                string name = Environment.MachineName;
                return string.IsNullOrEmpty(name) ? "unknown" : name;
            }
            catch (InvalidOperationException)
            {
                return "unknown";
            }
        }
    }
}
