using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using BizMobileGo.Core.Import;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// The tamper evidence of the history, in one place for every store: entries are numbered 1, 2, 3, ...
    /// and each one's hash covers its content and the previous entry's hash (<see cref="HistoryCanonicalForm"/>).
    /// Clear-BmgHistory removes the oldest entries and records an entry of its own that names where the chain
    /// now starts (its sequence and the hash of the last removed entry), so the rest still verifies.
    /// </summary>
    public static class HistoryChain
    {
        /// <summary>The PreviousHash of the first entry ever.</summary>
        public static readonly string GenesisHash = new string('0', 64);

        // The fields of a Cleared entry (Clear-BmgHistory): what it removed and where the chain starts after it.
        public const string ClearedBeforeField = "Before";
        public const string RemovedEntriesField = "RemovedEntries";
        public const string ChainStartField = "ChainStart";
        public const string ChainStartPreviousHashField = "ChainStartPreviousHash";

        /// <summary>
        /// Numbers and hashes new entries after <paramref name="head"/> (null: the history is empty and starts
        /// at 1). Called inside the store's write transaction, whose writer exclusivity makes the head stay the head.
        /// The entries given stay as they are: each one's linked copy is returned.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        public static IReadOnlyList<ChangeEntry> Link(HistoryHead? head, IReadOnlyList<ChangeEntry> pending)
        {
            long sequence = head?.Sequence ?? 0;
            string previousHash = head?.Hash ?? GenesisHash;
            var linked = new List<ChangeEntry>(pending.Count);
            foreach (ChangeEntry entry in pending)
            {
                sequence++;
                string hash = HistoryCanonicalForm.Hash(entry, sequence, previousHash);
                linked.Add(entry.Linked(sequence, previousHash, hash));
                previousHash = hash;
            }

            return linked;
        }

        /// <summary>
        /// As <see cref="Link"/>, but numbers and hashes the entries themselves (no copies) and keeps their hashes as
        /// bytes: for entries nothing else has seen, as the recorder's own (an import links two entries a row, and a
        /// copy and two hash texts of each were most of what the history allocated). The same sequences and hashes.
        /// </summary>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal static void LinkInPlace(HistoryHead? head, IReadOnlyList<ChangeEntry> pending)
        {
            long sequence = head?.Sequence ?? 0;
            string previousHash = head?.Hash ?? GenesisHash;
            byte[]? previousHashBytes = null;
            for (int i = 0; i < pending.Count; i++)
            {
                ChangeEntry entry = pending[i];
                sequence++;
                byte[] hash = HistoryCanonicalForm.HashBytes(entry, sequence, previousHash, previousHashBytes);
                entry.LinkInPlace(sequence, previousHashBytes == null ? previousHash : null, previousHashBytes, hash);
                previousHashBytes = hash;
            }
        }

        // The subject key of an unreadable entry: a History entry that is Created, which nothing records.
        private const string UnreadableKey = "unreadable";

        /// <summary>
        /// What a store gives the chain in place of stored entries that no longer read (a pack whose blob doesn't decode
        /// or whose header columns don't match its entries, a row whose columns don't parse): one entry at the first of
        /// their sequences that verifies against nothing, so <see cref="Verify"/> names that sequence as altered with
        /// <paramref name="why"/>.
        /// </summary>
        public static ChangeEntry UnreadableEntry(long sequence, string osUser, string host, string command, string why) =>
            new ChangeEntry(sequence, DateTimeOffset.UnixEpoch, osUser, host, command, null, null, SubjectKind.History, UnreadableKey,
                "(entries that no longer read)", ChangeAction.Created, new[] { new FieldChange("Unreadable", null, why) }, "", "");

        private static bool IsUnreadable(ChangeEntry entry, out string why)
        {
            why = entry.SubjectKind == SubjectKind.History && entry.Action == ChangeAction.Created && entry.SubjectKey == UnreadableKey
                && entry.Changes.Count == 1 ? entry.Changes[0].NewValue ?? "" : "";
            return why.Length > 0;
        }

        /// <summary>The entry Clear-BmgHistory records: when it cleared, what it removed, where the chain starts now.</summary>
        public static ChangeEntry ClearedEntry(DateTimeOffset before, long removedEntries, long chainStart, string chainStartPreviousHash,
            ChangeOrigin origin, DateTimeOffset at, ChangeActor? actor = null) =>
            new ChangeEntry(at, (actor ?? ChangeActor.Current).OsUser, (actor ?? ChangeActor.Current).Host, origin.Command, null, null, SubjectKind.History, "history", "history",
                ChangeAction.Cleared, new[]
                {
                    new FieldChange(ClearedBeforeField, null, HistoryTime.ToText(before)),
                    new FieldChange(RemovedEntriesField, null, removedEntries.ToString(CultureInfo.InvariantCulture)),
                    new FieldChange(ChainStartField, null, chainStart.ToString(CultureInfo.InvariantCulture)),
                    new FieldChange(ChainStartPreviousHashField, null, chainStartPreviousHash),
                });

        /// <summary>
        /// Walks the chain oldest first (as <see cref="IHistoryStore.ReadChain"/> gives it) and names the first
        /// entry that was altered, inserted or removed by hand. With <paramref name="knownHash"/> (a head hash
        /// written down earlier), also checks that the entry with that hash is still there: removing the newest
        /// entries leaves a chain that verifies, and only a hash kept elsewhere shows it.
        /// </summary>
        public static HistoryVerification Verify(IEnumerable<ChangeEntry> chain, string? knownHash = null)
        {
            long count = 0;
            ChangeEntry? first = null;
            ChangeEntry? previous = null;
            long? badEntry = null;
            string? reason = null;
            (long Sequence, string PreviousHash)? anchor = null;
            bool knownFound = knownHash == null;
            var clears = new List<HistoryClear>();

            foreach (ChangeEntry entry in chain)
            {
                count++;
                first ??= entry;
                if (entry.Action == ChangeAction.Cleared)
                {
                    clears.Add(HistoryClear.FromEntry(entry));
                    if (TryReadAnchor(entry, out long start, out string startHash))
                    {
                        anchor = (start, startHash);
                    }
                }

                if (!knownFound && (Same(entry.Hash, knownHash) || (entry.Action == ChangeAction.Cleared && anchor.HasValue && Same(anchor.Value.PreviousHash, knownHash))))
                {
                    knownFound = true;
                }

                if (badEntry == null)
                {
                    (badEntry, reason) = Check(previous, entry);
                }

                previous = entry;
            }

            // The chain must start where the last clear says it does (or at 1 after the genesis hash):
            // otherwise its oldest entries were removed by hand. That is the earliest fault, so it wins.
            (long Sequence, string PreviousHash) expected = anchor ?? (1, GenesisHash);
            // An unreadable first entry (it has no previous hash to compare) is named for what it is, as Check did.
            if (first != null && (first.Sequence != expected.Sequence || (!Same(first.PreviousHash, expected.PreviousHash) && !IsUnreadable(first, out _))))
            {
                if (first.Sequence > expected.Sequence)
                {
                    badEntry = expected.Sequence;
                    reason = $"Entries {Range(expected.Sequence, first.Sequence - 1)} are missing: the chain starts at {first.Sequence}, but {(anchor == null ? "no Clear-BmgHistory removed older entries" : "the last Clear-BmgHistory left it starting at " + expected.Sequence)}; they were removed by hand.";
                }
                else
                {
                    badEntry = first.Sequence;
                    reason = $"Entry {first.Sequence} does not start the chain as recorded (expected entry {expected.Sequence} after hash {expected.PreviousHash}); it was altered or inserted by hand.";
                }
            }

            if (badEntry == null && !knownFound)
            {
                // The chain itself holds, so nothing says it was changed: a hash mistyped or copied from another store
                // reads exactly like newest entries removed. Both are said, the likelier first, and the cmdlet's error is
                // KnownHashNotFound, not HistoryTampered (ChangeHistory.Failure).
                reason = $"No entry has the hash {knownHash}: check the hash you gave; if it is right, the entries up to it were removed or rewritten by hand, or cleared by Clear-BmgHistory.";
            }

            bool valid = badEntry == null && knownFound;
            return new HistoryVerification(valid, count, badEntry, valid ? null : reason, previous?.Hash, previous?.Sequence, clears);
        }

        private static (long?, string?) Check(ChangeEntry? previous, ChangeEntry entry)
        {
            if (previous != null && entry.Sequence <= previous.Sequence)
            {
                return (entry.Sequence, $"Entry {entry.Sequence} comes after entry {previous.Sequence}: the sequence was rewritten or an entry inserted by hand.");
            }

            if (previous != null && entry.Sequence > previous.Sequence + 1)
            {
                return (previous.Sequence + 1, $"Entries {Range(previous.Sequence + 1, entry.Sequence - 1)} are missing between {previous.Sequence} and {entry.Sequence}: they were removed by hand.");
            }

            if (IsUnreadable(entry, out string why))
            {
                return (entry.Sequence, $"Entry {entry.Sequence} was altered: {why}.");
            }

            if (!Same(HistoryCanonicalForm.Hash(entry), entry.Hash))
            {
                return (entry.Sequence, $"Entry {entry.Sequence} was altered: its content no longer matches its hash.");
            }

            if (previous != null && !Same(entry.PreviousHash, previous.Hash))
            {
                // Both entries match their own hashes, yet don't link: one was rewritten with a recomputed hash,
                // or replaced by an entry made elsewhere. The earlier one is named.
                return (previous.Sequence, $"Entry {entry.Sequence} does not link to entry {previous.Sequence} (its PreviousHash is not that entry's hash): entry {previous.Sequence} was rewritten (its hash recomputed) or one of the two was replaced or inserted by hand.");
            }

            return (null, null);
        }

        private static bool TryReadAnchor(ChangeEntry cleared, out long start, out string startHash)
        {
            start = 0;
            startHash = "";
            string? startText = null;
            string? hash = null;
            foreach (FieldChange change in cleared.Changes)
            {
                if (change.Field == ChainStartField)
                {
                    startText = change.NewValue;
                }
                else if (change.Field == ChainStartPreviousHashField)
                {
                    hash = change.NewValue;
                }
            }

            if (startText == null || hash == null || !long.TryParse(startText, NumberStyles.None, CultureInfo.InvariantCulture, out start))
            {
                return false;
            }

            startHash = hash;
            return true;
        }

        private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        private static string Range(long from, long to) => from == to ? from.ToString(CultureInfo.InvariantCulture) : $"{from}-{to}";
    }
}
