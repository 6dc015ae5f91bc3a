using System.Collections.Generic;
using BizMobileGo.Core.Text;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// What Test-BmgHistory -Records found when it compared every device and user row with the newest values its entries
    /// set (<see cref="RecordReplayCheck"/>): how many were compared, how many could not be (their first entries are gone), and
    /// every mismatch (the first <see cref="MaxListed"/> of them listed).
    /// </summary>
    public sealed class RecordCheck
    {
        /// <summary>At most this many mismatches are kept in <see cref="Mismatches"/>; <see cref="MismatchCount"/> counts them all.</summary>
        public const int MaxListed = 1000;

        internal RecordCheck(long devices, long users, long notWhole, long withoutEntries, IReadOnlyList<RecordMismatch> mismatches, long mismatchCount)
        {
            Devices = devices;
            Users = users;
            NotWhole = notWhole;
            WithoutEntries = withoutEntries;
            Mismatches = mismatches;
            MismatchCount = mismatchCount;
        }

        /// <summary>Whether every row compared matches its history (and no row the history holds is missing).</summary>
        public bool Match => MismatchCount == 0;

        /// <summary>Device rows read.</summary>
        public long Devices { get; }

        /// <summary>User rows read.</summary>
        public long Users { get; }

        /// <summary>
        /// Devices and users whose history does not start at their creation (a Clear-BmgHistory removed their first entries,
        /// or they were made before the store kept history): their fields were not compared, only whether the row is there.
        /// </summary>
        public long NotWhole { get; }

        /// <summary>Rows with no entry at all (every entry cleared, made before the store kept history, or inserted by hand): not compared.</summary>
        public long WithoutEntries { get; }

        /// <summary>The mismatches, by kind and key (at most <see cref="MaxListed"/>).</summary>
        public IReadOnlyList<RecordMismatch> Mismatches { get; }

        /// <summary>How many mismatches there are.</summary>
        public long MismatchCount { get; }

        /// <summary>"40 devices, 5 users: 2 mismatches; 3 not compared (their first entries were cleared)", for the list view's line.</summary>
        public override string ToString()
        {
            string text = $"{EnglishWords.Amount(Devices, "device", "devices")}, {EnglishWords.Amount(Users, "user", "users")}: "
                + (Match ? "all match their history" : EnglishWords.Amount(MismatchCount, "mismatch", "mismatches"));
            if (NotWhole > 0)
            {
                // Not only a clear: a record made before the store kept history and changed since starts with a Changed entry too.
                text += $"; {EnglishWords.Amount(NotWhole, "history", "histories")} without {(NotWhole == 1 ? "its" : "their")} start"
                    + " (cleared, or the record predates the history) compared only for the row";
            }

            if (WithoutEntries > 0)
            {
                text += $"; {EnglishWords.Amount(WithoutEntries, "row", "rows")} without entries not compared";
            }

            return text;
        }
    }
}
