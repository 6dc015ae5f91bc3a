using System;
using System.Globalization;
using System.IO;

namespace BizMobileGo.Core.Store.Postgres
{
    /// <summary>
    /// libpq's rule for the password file, which Npgsql does not apply: a file that is missing, not a plain file, or open
    /// to the group or to others (on Unix: any of mode 077) is not read, and the connect goes on without its password
    /// (walkthrough 19, 2 and 5). Npgsql reads whatever file it is named, a missing one a raw FileNotFoundException, and
    /// has no option to check the mode; so the store decides here, and a message says why. Never reads the file's lines.
    /// </summary>
    internal static class PasswordFileAccess
    {
        /// <summary>
        /// Why a PostgreSQL client does not read the password file at <paramref name="path"/> ("does not exist", "has group or
        /// world access (mode 0644)..."), as the end of a sentence naming the file; null when it reads it.
        /// </summary>
        public static string? WhyIgnored(string path)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    return "is a folder, not a file";
                }

                if (!File.Exists(path))
                {
                    return "does not exist";
                }

                if (!OperatingSystem.IsWindows())
                {
                    UnixFileMode mode = File.GetUnixFileMode(path);
                    if (Files.PrivateFileMode.OpenToOthers(mode))
                    {
                        return $"has group or world access (mode {Files.PrivateFileMode.Octal(mode)}), so it was not read, as psql does not read it (chmod 600 it)";
                    }
                }

                using (new FileStream(path, FileMode.Open, FileAccess.Read))
                {
                }

                return null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return "can't be read by this account";
            }
        }

        /// <summary>
        /// A path no file has, given to Npgsql as the password file when the one it would read is to be ignored
        /// (<see cref="WhyIgnored"/>): it then reads none, and fails as for a missing file, which the store reports with the
        /// real file's reason (<see cref="PostgresDeviceStore.PasswordFileFailure"/>). Npgsql reads the file only when the
        /// server asks for a password, so a server that asks for none is reached as before.
        /// </summary>
        public static string NoFile { get; } =
            Path.Combine(Path.GetTempPath(), "bizmobilego-no-password-file-" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture), "pgpass");
    }
}
