using System;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// What the entries of one chunk (or one pack) share: their time in UTC to the microsecond, OS user, host, command,
    /// import id and the person a service acted for (ChangedBy, empty when not given). One object an entry was ~56 bytes of its fields; an import's entries share one per chunk
    /// (<see cref="For"/>), so a created entry holds a reference instead (issue 15: the entries are most of what the
    /// history allocates, and they wait across garbage collections to be hashed).
    /// </summary>
    internal sealed class EntryHeader
    {
        private EntryHeader(DateTimeOffset atUtc, string osUser, string host, string command, long? importId, string changedBy)
        {
            ChangedBy = changedBy;
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

        /// <summary>Who a service said it acted for (-ChangedBy); empty when the command was not given one.</summary>
        public string ChangedBy { get; }

        // The header this thread made last: the next entry made on it is most often of the same chunk.
        [ThreadStatic]
        private static EntryHeader? _last;

        /// <summary>
        /// The header of these values: the one this thread made last when it holds equal ones (equal texts, not only the
        /// same strings), else a new one. <paramref name="at"/> is normalized (<see cref="HistoryTime.Normalize"/>).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public static EntryHeader For(DateTimeOffset at, string osUser, string host, string command, long? importId, string changedBy = "")
        {
            DateTimeOffset atUtc = HistoryTime.Normalize(at);
            EntryHeader? last = _last;
            if (last != null && last.Holds(atUtc, osUser, host, command, importId, changedBy))
            {
                return last;
            }

            return _last = new EntryHeader(atUtc, osUser, host, command, importId, changedBy);
        }

        /// <summary>
        /// Whether two headers hold the same time and texts: the same object (a chunk's entries), or equal values (entries a
        /// store reads back each have their own strings).
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public static bool Same(EntryHeader a, EntryHeader b) =>
            ReferenceEquals(a, b) || a.Holds(b.AtUtc, b.OsUser, b.Host, b.Command, b.ImportId, b.ChangedBy);

        private bool Holds(DateTimeOffset atUtc, string osUser, string host, string command, long? importId, string changedBy) =>
            AtUtc == atUtc && ImportId == importId
            && string.Equals(OsUser, osUser, StringComparison.Ordinal)
            && string.Equals(Host, host, StringComparison.Ordinal)
            && string.Equals(Command, command, StringComparison.Ordinal)
            && string.Equals(ChangedBy, changedBy, StringComparison.Ordinal);
    }
}
