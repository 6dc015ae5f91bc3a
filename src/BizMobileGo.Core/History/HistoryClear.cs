using System;
using System.Collections.Generic;
using System.Globalization;
using BizMobileGo.Core.Text;
using BizMobileGo.Core.Times;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// One Clear-BmgHistory as the chain still holds it (its own Cleared entry): when, who (OS user and host, and the person
    /// it was ordered for, -ChangedBy, walkthrough 35, 3), the date it
    /// cleared before and how many entries it removed. Test-BmgHistory lists these, so an audit finds later who cleared
    /// history; Get-BmgDeviceHistory / Get-BmgUserHistory list devices' and users' entries, and a clear is neither. A later
    /// clear whose date is past this one's entry removes it like any other entry (its count includes it), and carries this
    /// one forward in its own hashed entry (<see cref="PriorClears"/>, walkthrough 32, 8): the record of an erasure
    /// survives the next erasure, and Test-BmgHistory still lists it, with <see cref="CarriedBy"/> set.
    /// </summary>
    public sealed class HistoryClear
    {
        private HistoryClear(long sequence, DateTimeOffset atUtc, string osUser, string host, string changedBy, DateTimeOffset? before,
            long? removedEntries, string? acceptedTampered, string? acceptedReason)
        {
            ChangedBy = changedBy;
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

        /// <summary>
        /// Who the calling service said the clear was ordered for (Clear-BmgHistory -ChangedBy, "CONTOSO\dpo"); empty when none
        /// was given. A later clear that removes this one's entry carries it with the rest of its record.
        /// </summary>
        public string ChangedBy { get; }

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

        /// <summary>Why the clear was run, as Clear-BmgHistory -Reason gave it ("art. 17 request #123"); null when none was given.</summary>
        public string? Reason { get; private set; }

        /// <summary>
        /// The Sequence of the clear's entry that now holds this clear's record, when a later clear removed this one's own entry
        /// and carried it forward; null while this clear's own entry is on the chain.
        /// </summary>
        public long? CarriedBy { get; private set; }

        /// <summary>The earlier clears whose entries this clear removed, as its entry carries them (oldest first); none for most.</summary>
        public IReadOnlyList<HistoryClear> PriorClears { get; private set; } = Array.Empty<HistoryClear>();

        /// <summary>Where the chain started after this clear: the sequence of its first entry then (null if it doesn't read).</summary>
        internal long? ChainStart { get; private set; }

        /// <summary>The hash of the newest entry this clear removed, as it recorded it (null if none).</summary>
        internal string? ChainStartPreviousHash { get; private set; }

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
            string? reason = null;
            long? chainStart = null;
            string? startHash = null;
            IReadOnlyList<HistoryClear>? prior = null;
            foreach (FieldChange change in entry.Changes)
            {
                string? value = change.NewValue;
                switch (change.Field)
                {
                    case HistoryChain.ClearedBeforeField:
                        before = value != null && HistoryTime.TryParse(value, out DateTimeOffset beforeTime) ? beforeTime : null;
                        break;
                    case HistoryChain.RemovedEntriesField:
                        removed = Number(value);
                        break;
                    case HistoryChain.AcceptedTamperedField:
                        accepted = value;
                        break;
                    case HistoryChain.AcceptedReasonField:
                        acceptedReason = value;
                        break;
                    case HistoryChain.ClearReasonField:
                        reason = value;
                        break;
                    case HistoryChain.ChainStartField:
                        chainStart = Number(value);
                        break;
                    case HistoryChain.ChainStartPreviousHashField:
                        startHash = value;
                        break;
                    case HistoryChain.PriorClearsField:
                        prior = PriorClearsText.Read(value, entry.Sequence);
                        break;
                }
            }

            return new HistoryClear(entry.Sequence, entry.AtUtc, entry.OsUser, entry.Host, entry.ChangedBy, before, removed, accepted, acceptedReason)
            {
                Reason = reason,
                ChainStart = chainStart,
                ChainStartPreviousHash = startHash,
                PriorClears = prior ?? Array.Empty<HistoryClear>(),
            };
        }

        private static long? Number(string? value) =>
            long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long number) ? number : null;

        /// <summary>
        /// A clear as an entry carries it forward (<see cref="PriorClearsText"/> read it): its own fields, and the entry that
        /// carries it now (<paramref name="carriedBy"/>). Its own prior clears are carried beside it, not inside it.
        /// </summary>
        internal static HistoryClear Carried(long sequence, DateTimeOffset atUtc, string osUser, string host, string changedBy, DateTimeOffset? before,
            long? removedEntries, long? chainStart, string? chainStartPreviousHash, string? reason, string? acceptedTampered,
            string? acceptedReason, long carriedBy) =>
            new HistoryClear(sequence, atUtc, osUser, host, changedBy, before, removedEntries, acceptedTampered, acceptedReason)
            {
                Reason = reason,
                ChainStart = chainStart,
                ChainStartPreviousHash = chainStartPreviousHash,
                CarriedBy = carriedBy,
            };

        /// <summary>This clear and the clears it carries, oldest first: what a later clear that removes its entry carries forward.</summary>
        internal IEnumerable<HistoryClear> WithPriorClears()
        {
            foreach (HistoryClear prior in PriorClears)
            {
                yield return prior;
            }

            yield return this;
        }

        /// <summary>
        /// The clear as a sentence names it: "the Clear-BmgHistory of 2026-12-02 23:20 +09:00 by root@kitting-01" (its time as
        /// <see cref="ToString"/> shows it), "… by root@kitting-01 for CONTOSO\dpo" when it was ordered for someone, for
        /// Test-BmgHistory's known-hash answers and the warnings of queries that reach into what it removed.
        /// </summary>
        public string Describe() =>
            "the Clear-BmgHistory of " + Times.ShownTime.ToMinuteText(At) + $" by {Who}";

        // "root@vm", or "root@vm for CONTOSO\dpo": the OS user and host, and the person the clear was ordered for beside them.
        private string Who => $"{OsUser}@{Host}" + (ChangedBy.Length > 0 ? $" for {ChangedBy}" : "");

        /// <summary>
        /// The clear on one short line, as Test-BmgHistory's list shows it: "2026-12-02 23:20 +09:00 root@kitting-01 removed 15 entries"
        /// (to the minute with its offset; user@host last, where a long name wraps; "root@kitting-01 for
        /// CONTOSO\dpo" when it was ordered for someone), then a carried record
        /// and the reason: "…removed 13 entries (record in entry 16): art. 17 request #123"; the list view wraps a line longer than its width. The date it
        /// cleared before is <see cref="Before"/>.
        /// </summary>
        public override string ToString() =>
            Times.ShownTime.ToMinuteText(At) + $" {Who} removed "
            + (RemovedEntries is long removed ? EnglishWords.Amount(removed, "entry", "entries") : "? entries")
            + (AcceptedTampered != null ? $", accepting tampered {AcceptedTampered}" : "")
            + (PriorClears.Count > 0 ? $" (carries {EnglishWords.Amount(PriorClears.Count, "clear", "clears")})" : "")
            + (CarriedBy is long carrier ? $" (record in entry {carrier.ToString(CultureInfo.InvariantCulture)})" : "")
            + (Reason != null ? $": {Reason}" : "");
    }
}
