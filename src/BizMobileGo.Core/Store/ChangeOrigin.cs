using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.Store
{
    /// <summary>
    /// What made a change to a device or a user: the command, and for an import its history entry and the
    /// CSV line. Every write of a device or user carries one, so that a change record (who changed what,
    /// from what, by which command) can be written beside the change, in the same transaction.
    /// </summary>
    public sealed class ChangeOrigin
    {
        public ChangeOrigin(string command, ImportHistoryEntry? import = null, int? line = null, string changedBy = "")
        {
            Command = command;
            Import = import;
            Line = line;
            ChangedBy = changedBy;
        }

        /// <summary>
        /// Who the calling service says the change is made for (-ChangedBy, checked by <see cref="History.ChangedByText"/>);
        /// empty for none. Recorded beside the OS user, not authenticated.
        /// </summary>
        public string ChangedBy { get; }

        /// <summary>The command's name (New-BmgDevice, Import-BmgDeviceCsv, ...), or the library operation's.</summary>
        public string Command { get; }

        /// <summary>The import the change belongs to; its Id is set once the import's history entry is recorded.</summary>
        public ImportHistoryEntry? Import { get; }

        /// <summary>The physical line of the import's CSV row (or the piped object's position).</summary>
        public int? Line { get; }

        /// <summary>A change made by a library call without a command (tests, tools): named after the call.</summary>
        public static ChangeOrigin Library(string operation) => new ChangeOrigin(operation);

        /// <summary>The same origin at another line of the same import.</summary>
        [MethodImpl(PerRowCode.Compile)]
        public ChangeOrigin AtLine(int line) => new ChangeOrigin(Command, Import, line, ChangedBy);

        public override string ToString() => Line is int line ? $"{Command} (line {line})" : Command;
    }
}
