using System;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// What the entries of one chunk (or one pack) share: their time in UTC to the microsecond, OS user, host, command and
    /// import id. One object an entry was ~56 bytes of its fields; an import's entries share one per chunk
    /// (<see cref="For"/>), so a created entry holds a reference instead (issue 15: the entries are most of what the
    /// history allocates, and they wait across garbage collections to be hashed).
    /// </summary>
    internal sealed class EntryHeader
    {
        private EntryHeader(DateTimeOffset atUtc, string osUser, string host, string command, long? importId)
        {
            AtUtc = atUtc;
            OsUser = osUser;
            Host = host;
            Command = command;
            ImportId = importId;
        }

        public DateTimeOffset AtUtc { get; }

        public string OsUser { get; }

        public string Host { get; }

        public string Command { get; }

        public long? ImportId { get; }

        // The header this thread made last: the next entry made on it is most often of the same chunk.
        [ThreadStatic]
        private static EntryHeader? _last;

        /// <summary>
        /// The header of these values: the one this thread made last when it holds equal ones (equal texts, not only the
        /// same strings), else a new one. <paramref name="at"/> is normalized (<see cref="HistoryTime.Normalize"/>).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public static EntryHeader For(DateTimeOffset at, string osUser, string host, string command, long? importId)
        {
            DateTimeOffset atUtc = HistoryTime.Normalize(at);
            EntryHeader? last = _last;
            if (last != null && last.AtUtc == atUtc && last.ImportId == importId
                && string.Equals(last.OsUser, osUser, StringComparison.Ordinal)
                && string.Equals(last.Host, host, StringComparison.Ordinal)
                && string.Equals(last.Command, command, StringComparison.Ordinal))
            {
                return last;
            }

            return _last = new EntryHeader(atUtc, osUser, host, command, importId);
        }
    }
}
