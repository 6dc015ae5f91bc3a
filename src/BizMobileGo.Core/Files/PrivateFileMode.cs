using System;
using System.IO;

namespace BizMobileGo.Core.Files
{
    /// <summary>
    /// The rule for a file that holds secrets (a store file, the PostgreSQL password file): on Unix it must grant nothing to
    /// its group or to others, as libpq and ssh require of theirs; and how a mode is said in a message ("mode 0644").
    /// </summary>
    internal static class PrivateFileMode
    {
        /// <summary>The permission bits of the group and of others: any of them set (mode &amp; 077) opens the file to other accounts.</summary>
        public const UnixFileMode GroupOrOthers =
            UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

        /// <summary>True when <paramref name="mode"/> grants anything to the group or to others.</summary>
        public static bool OpenToOthers(UnixFileMode mode) => (mode & GroupOrOthers) != 0;

        /// <summary>The permission bits as chmod and ls -l's octal say them: "0644".</summary>
        public static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0');
    }
}
