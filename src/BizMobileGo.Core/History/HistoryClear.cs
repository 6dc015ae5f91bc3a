using System;
using System.Globalization;
using BizMobileGo.Core.Text;
using BizMobileGo.Core.Times;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// One Clear-BmgHistory as the chain still holds it (its own Cleared entry): when, who (OS user and host), the date it
    /// cleared before and how many entries it removed. Test-BmgHistory lists these, so an audit finds later who cleared
    /// history; Get-BmgDeviceHistory / Get-BmgUserHistory list devices' and users' entries, and a clear is neither. A later
    /// clear whose date is past this one's entry removes it like any other entry; that clear's own count includes it.
    /// </summary>
    public sealed class HistoryClear
    {
        private HistoryClear(long sequence, DateTimeOffset atUtc, string osUser, string host, DateTimeOffset? before, long? removedEntries,
            string? acceptedTampered, string? acceptedReason)
        {
            AcceptedTampered = acceptedTampered;
            AcceptedReason = acceptedReason;
            Sequence = sequence;
            AtUtc = atUtc;
            OsUser = osUser;
            Host = host;
            BeforeUtc = before;
            RemovedEntries = removedEntries;
        }

        /// <summary>The Sequence of the clear's own entry.</summary>
        public long Sequence { get; }

        /// <summary>When the clear ran, in this computer's offset (as every time the module shows).</summary>
        public DateTimeOffset At => ShownTime.Local(AtUtc);

        internal DateTimeOffset AtUtc { get; }

        /// <summary>The operating-system user who ran Clear-BmgHistory.</summary>
        public string OsUser { get; }

        /// <summary>The computer it ran on.</summary>
        public string Host { get; }

        /// <summary>Its -Before: entries recorded before this time went (a run of the oldest ones). Null if the entry's value doesn't read as a time.</summary>
        public DateTimeOffset? Before => ShownTime.Local(BeforeUtc);

        internal DateTimeOffset? BeforeUtc { get; }

        /// <summary>How many entries it removed (null if the entry's value doesn't read as a number).</summary>
        public long? RemovedEntries { get; }

        /// <summary>
        /// The entries it removed although they did not verify (Clear-BmgHistory -AcceptTampered), as sequences ("180222",
        /// "12-15, 20"), accepted by its OsUser on its Host; null for a clear of a history that verified.
        /// </summary>
        public string? AcceptedTampered { get; }

        /// <summary>Why the first of <see cref="AcceptedTampered"/> did not verify, as Test-BmgHistory said it then.</summary>
        public string? AcceptedReason { get; }

        /// <summary>
        /// The clear <paramref name="entry"/> records, read from its fields by name (as the chain's anchor is): a value that
        /// no longer reads is null here, and Test-BmgHistory's hash check says whether the entry was altered.
        /// </summary>
        internal static HistoryClear FromEntry(ChangeEntry entry)
        {
            DateTimeOffset? before = null;
            long? removed = null;
            string? accepted = null;
            string? acceptedReason = null;
            foreach (FieldChange change in entry.Changes)
            {
                if (change.Field == HistoryChain.ClearedBeforeField && change.NewValue is string beforeText
                    && HistoryTime.TryParse(beforeText, out DateTimeOffset beforeTime))
                {
                    before = beforeTime;
                }
                else if (change.Field == HistoryChain.RemovedEntriesField
                    && long.TryParse(change.NewValue, NumberStyles.None, CultureInfo.InvariantCulture, out long count))
                {
                    removed = count;
                }
                else if (change.Field == HistoryChain.AcceptedTamperedField)
                {
                    accepted = change.NewValue;
                }
                else if (change.Field == HistoryChain.AcceptedReasonField)
                {
                    acceptedReason = change.NewValue;
                }
            }

            return new HistoryClear(entry.Sequence, entry.AtUtc, entry.OsUser, entry.Host, before, removed, accepted, acceptedReason);
        }

        /// <summary>
        /// The clear as a sentence names it: "the Clear-BmgHistory of 2026-12-02 23:20 by root@kitting-01" (its time as
        /// <see cref="ToString"/> shows it), for Test-BmgHistory's known-hash answers.
        /// </summary>
        public string Describe() =>
            "the Clear-BmgHistory of " + At.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + $" by {OsUser}@{Host}";

        /// <summary>
        /// The clear on one short line, as Test-BmgHistory's list shows it: "2026-12-02 23:20 root@kitting-01 removed 15 entries"
        /// (to the minute, as the history table shows times; user@host last, where a long name wraps). The date it cleared
        /// before is <see cref="Before"/>.
        /// </summary>
        public override string ToString() =>
            At.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + $" {OsUser}@{Host} removed "
            + (RemovedEntries is long removed ? EnglishWords.Amount(removed, "entry", "entries") : "? entries")
            + (AcceptedTampered != null ? $", accepting tampered {AcceptedTampered}" : "");
    }
}
