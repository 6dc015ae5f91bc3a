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
        /// The first line of the password file at <paramref name="path"/> that Npgsql can't read as
        /// host:port:database:user:password, counted from 1 over every line (comments and blank ones too), with what is wrong
        /// with it; null when there is none or the file can't be read. Npgsql's rule: a line is trimmed, an empty one or one
        /// starting '#' skipped, the rest split at each ':' that no '\' precedes, into five fields, the port a number or '*'.
        /// Npgsql reads the lines in order up to the first that matches, and throws a bare FormatException at the first it
        /// can't read (walk36, finding 2): that is this line. Only the fields are counted and the port looked at: no field's
        /// text is kept or returned, so a password never reaches a message.
        /// </summary>
        public static (int Line, string Wrong)? FirstMalformedLine(string path)
        {
            try
            {
                int number = 0;
                foreach (string raw in File.ReadLines(path))
                {
                    number++;
                    string line = raw.Trim();
                    if (line.Length == 0 || line[0] == '#')
                    {
                        continue;
                    }

                    int fields = 1;
                    int portStart = -1, portEnd = line.Length;
                    for (int i = 0; i < line.Length; i++)
                    {
                        if (line[i] == ':' && (i == 0 || line[i - 1] != '\\'))
                        {
                            fields++;
                            if (fields == 2)
                            {
                                portStart = i + 1;
                            }
                            else if (fields == 3)
                            {
                                portEnd = i;
                            }
                        }
                    }

                    if (fields != 5)
                    {
                        return (number, $"it has {fields} field{(fields == 1 ? "" : "s")} separated by ':', not 5");
                    }

                    string port = line.Substring(portStart, portEnd - portStart);
                    if (port != "*" && !int.TryParse(port, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                    {
                        return (number, "its port (the second field) is neither a number nor '*'");
                    }
                }

                return null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
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
