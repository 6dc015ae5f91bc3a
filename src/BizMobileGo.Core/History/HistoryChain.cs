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

        // A clear that removed entries which did not verify (Clear-BmgHistory -AcceptTampered): which ones, and why the first
        // did not. On the chain, hashed with the clear, so the acceptance can't be undone or denied without its own edit showing.
        public const string AcceptedTamperedField = "AcceptedTampered";
        public const string AcceptedReasonField = "AcceptedReason";

        // Why the clear was run (Clear-BmgHistory -Reason), and the earlier clears whose entries it removed, carried forward so
        // the record of an erasure survives the next one (walkthrough 32, 8; PriorClearsText). Entries before these fields
        // existed have neither and verify as they did.
        public const string ClearReasonField = "Reason";
        public const string PriorClearsField = "PriorClears";

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
            ChangeEntry? previous = null;
            Span<byte> hash = stackalloc byte[HashText.ByteLength];
            // The fields the packed form (version 2 or 4) hashes are kept for the packs this batch makes next on this thread (PackedAppend).
            ChangeEntryPack.LinkedFields fields = ChangeEntryPack.LinkedFields.For(pending);
            for (int i = 0; i < pending.Count; i++)
            {
                ChangeEntry entry = pending[i];
                sequence++;
                HistoryCanonicalForm.HashLinkedInto(entry, sequence, previousHash, previous != null ? previous.HashBytes : default, hash, fields, i);
                entry.LinkInPlace(sequence, previous == null ? previousHash : null, previous, hash);
                previous = entry;
            }
        }

        // The subject key of an unreadable entry: a History entry that is Created, which nothing records.
        private const string UnreadableKey = "unreadable";

        // The fields of an unreadable entry: why it doesn't read, and the last sequence it stands for.
        private const string UnreadableField = "Unreadable";
        private const string UnreadableThroughField = "Through";

        /// <summary>
        /// What a store gives the chain in place of stored entries that no longer read (a pack whose blob doesn't decode
        /// or whose header columns don't match its entries, a row whose columns don't parse): one entry at the first of
        /// their sequences that verifies against nothing, so <see cref="Verify(IEnumerable{ChangeEntry}, string?)"/> names that sequence as altered with
        /// <paramref name="why"/>. <paramref name="through"/>: the last sequence it stands for (a pack's last_sequence column;
        /// null: its own), so the walk goes on after it without calling the entries it holds missing, and a clear that
        /// accepts it removes them with it (<see cref="Through"/>).
        /// </summary>
        public static ChangeEntry UnreadableEntry(long sequence, string osUser, string host, string command, string why, long? through = null) =>
            new ChangeEntry(sequence, DateTimeOffset.UnixEpoch, osUser, host, command, null, null, SubjectKind.History, UnreadableKey,
                "(entries that no longer read)", ChangeAction.Created, new[]
                {
                    new FieldChange(UnreadableField, null, why),
                    new FieldChange(UnreadableThroughField, null, Math.Max(through ?? sequence, sequence).ToString(CultureInfo.InvariantCulture)),
                }, "", "");

        internal static bool IsUnreadable(ChangeEntry entry, out string why)
        {
            why = entry.SubjectKind == SubjectKind.History && entry.Action == ChangeAction.Created && entry.SubjectKey == UnreadableKey
                && entry.Changes.Count == 2 && entry.Changes[0].Field == UnreadableField ? entry.Changes[0].NewValue ?? "" : "";
            return why.Length > 0;
        }

        /// <summary>
        /// The last sequence an entry of the chain stands for: its own, or, for the stand-in of a pack that no longer reads
        /// (<see cref="UnreadableEntry"/>), the pack's last. What a walk expects next, and what a clear that removes it removes.
        /// </summary>
        internal static long Through(ChangeEntry entry) =>
            IsUnreadable(entry, out _) && long.TryParse(entry.Changes[1].NewValue, NumberStyles.None, CultureInfo.InvariantCulture, out long through)
                ? through : entry.Sequence;

        /// <summary>How many entries of the chain an entry stands for: 1, or a pack's that no longer reads.</summary>
        internal static long Count(ChangeEntry entry) => Through(entry) - entry.Sequence + 1;

        /// <summary>
        /// The causes of a right hash that no entry has, the commonest innocent one named (walkthrough 31, 12): a store restored
        /// from a backup made before the entry ends where the backup did, which reads exactly like the newest entries removed.
        /// </summary>
        private const string KnownHashGone = "if it is right, the entries up to it were removed or rewritten by hand, or the store was restored from a backup "
            + "made before that entry (then Entries and HeadHash are the backup's: write the new HeadHash down after a restore).";

        /// <summary>The entry Clear-BmgHistory records: when it cleared, what it removed, where the chain starts now.</summary>
        /// <remarks>
        /// <paramref name="acceptedTampered"/> (with <paramref name="acceptedReason"/>): the entries the clear removed although
        /// they did not verify, as <see cref="SequenceRanges"/> writes them, accepted by the one who ran it (its OsUser and Host).
        /// <paramref name="reason"/>: Clear-BmgHistory -Reason. <paramref name="priorClears"/>: the clears whose entries it removes
        /// (each with the clears its entry carried), oldest first, carried forward in its own entry.
        /// </remarks>
        public static ChangeEntry ClearedEntry(DateTimeOffset before, long removedEntries, long chainStart, string chainStartPreviousHash,
            ChangeOrigin origin, DateTimeOffset at, ChangeActor? actor = null, string? acceptedTampered = null, string? acceptedReason = null,
            string? reason = null, IReadOnlyList<HistoryClear>? priorClears = null)
        {
            var changes = new List<FieldChange>
            {
                new FieldChange(ClearedBeforeField, null, HistoryTime.ToText(before)),
                new FieldChange(RemovedEntriesField, null, removedEntries.ToString(CultureInfo.InvariantCulture)),
                new FieldChange(ChainStartField, null, chainStart.ToString(CultureInfo.InvariantCulture)),
                new FieldChange(ChainStartPreviousHashField, null, chainStartPreviousHash),
            };
            if (acceptedTampered != null)
            {
                changes.Add(new FieldChange(AcceptedTamperedField, null, acceptedTampered));
                changes.Add(new FieldChange(AcceptedReasonField, null, acceptedReason));
            }

            if (reason != null)
            {
                changes.Add(new FieldChange(ClearReasonField, null, reason));
            }

            if (priorClears != null && PriorClearsText.Write(priorClears) is string prior)
            {
                changes.Add(new FieldChange(PriorClearsField, null, prior));
            }

            ChangeActor who = actor ?? ChangeActor.Current;
            return new ChangeEntry(at, who.OsUser, who.Host, origin.Command, null, null, SubjectKind.History, "history", "history",
                ChangeAction.Cleared, FieldChanges.Of(changes), origin.ChangedBy);
        }

        /// <summary>Sequences ascending as short text: "7, 12-15, 20" (a run of consecutive ones as first-last).</summary>
        public static string SequenceRanges(IEnumerable<long> sequences)
        {
            var parts = new List<string>();
            long? first = null;
            long last = 0;
            foreach (long sequence in new SortedSet<long>(sequences))
            {
                if (first != null && sequence == last + 1)
                {
                    last = sequence;
                    continue;
                }

                if (first != null)
                {
                    parts.Add(first == last ? $"{first}" : $"{first}-{last}");
                }

                first = last = sequence;
            }

            if (first != null)
            {
                parts.Add(first == last ? $"{first}" : $"{first}-{last}");
            }

            return string.Join(", ", parts);
        }

        /// <summary>
        /// Every fault of a run of entries as its neighbours show it (the pairwise part of <see cref="Verify(IEnumerable{ChangeEntry}, string?)"/>: order, gaps,
        /// content against hash, links), the walk going on after each: the entries Clear-BmgHistory -AcceptTampered would
        /// remove unverified, each named by the sequence <see cref="Verify(IEnumerable{ChangeEntry}, string?)"/> would name for it.
        /// </summary>
        internal static IEnumerable<(long Sequence, string Reason)> PairFaults(IEnumerable<ChangeEntry> run)
        {
            ChangeEntry? previous = null;
            foreach (ChangeEntry entry in run)
            {
                (long? bad, string? reason, _) = Check(previous, entry);
                if (bad != null)
                {
                    yield return (bad.Value, reason!);
                }

                previous = entry;
            }
        }

        /// <summary>
        /// Walks the chain oldest first (as <see cref="IHistoryStore.ReadChain"/> gives it) and names the first
        /// entry that was altered, inserted or removed by hand. With <paramref name="knownHash"/> (a head hash
        /// written down earlier), also checks that the entry with that hash is still there: removing the newest
        /// entries leaves a chain that verifies, and only a hash kept elsewhere shows it.
        /// </summary>
        /// <remarks>
        /// The one rule for a known hash after Clear-BmgHistory: it is found when an entry of the chain has it, or when a
        /// clear still on record recorded it as its chain start (the hash of the newest entry that clear removed): that
        /// clear's entry, itself verified, vouches for it, and <see cref="HistoryVerification.KnownEntry"/> says so. The
        /// hash of an older removed entry is vouched for by nothing left, so it is not found; the reason then says a clear
        /// removed the entries before the chain's start, so such a hash can't be checked.
        /// </remarks>
        public static HistoryVerification Verify(IEnumerable<ChangeEntry> chain, string? knownHash = null) => Verify(chain, knownHash, names: null);

        /// <summary>
        /// <see cref="Verify(IEnumerable{ChangeEntry}, string?)"/>, and the store's names index (<paramref name="names"/>, read
        /// before the walk) checked against the entries as they go by (<see cref="HistoryNameIndexCheck"/>); a mismatch, found
        /// only when the chain itself holds (a row is checked against the entry it names, which must be the verified one), makes
        /// the result not valid with <see cref="HistoryVerification.BadName"/> set and no bad entry.
        /// </summary>
        public static HistoryVerification Verify(IEnumerable<ChangeEntry> chain, string? knownHash, IEnumerable<HistoryName>? names) =>
            Verify(chain, knownHash, names, imports: null, startGiven: null);

        /// <summary>
        /// <see cref="Verify(IEnumerable{ChangeEntry}, string?, IEnumerable{HistoryName}?)"/>, and the entries' ImportIds checked
        /// against <paramref name="imports"/> (every import history Id the store holds, read before the walk): an import the
        /// entries name that has no row is listed in <see cref="HistoryVerification.MissingImports"/>, found only when the chain
        /// holds, as the names index is. It leaves <see cref="HistoryVerification.Valid"/> as the chain and the index make it:
        /// the import history is not chained, and the entries that name the import verify.
        /// </summary>
        public static HistoryVerification Verify(IEnumerable<ChangeEntry> chain, string? knownHash, IEnumerable<HistoryName>? names,
            IReadOnlySet<long>? imports) =>
            Verify(chain, knownHash, names, imports, startGiven: null);

        /// <summary>
        /// As <see cref="Verify(IEnumerable{ChangeEntry}, string?, IEnumerable{HistoryName}?, IReadOnlySet{long}?)"/>, each entry
        /// also shown to <paramref name="records"/> as it is verified (Test-BmgHistory -Records: only entries up to the first bad one).
        /// </summary>
        internal static HistoryVerification Verify(IEnumerable<ChangeEntry> chain, string? knownHash, IEnumerable<HistoryName>? names,
            IReadOnlySet<long>? imports, RecordReplayCheck? records) =>
            Verify(chain, knownHash, names, imports, startGiven: null, records);

        /// <summary>
        /// <see cref="Verify(IEnumerable{ChangeEntry}, string?, IEnumerable{HistoryName}?)"/> of the part of a chain a clear
        /// would keep, which must start as <paramref name="start"/> says (its first entry's own sequence and previous hash:
        /// the clear that keeps it records that start), whatever an older clear among it recorded.
        /// </summary>
        internal static HistoryVerification VerifyFrom(IEnumerable<ChangeEntry> chain, (long Sequence, string PreviousHash) start, IEnumerable<HistoryName>? names) =>
            Verify(chain, null, names, imports: null, start);

        private static HistoryVerification Verify(IEnumerable<ChangeEntry> chain, string? knownHash, IEnumerable<HistoryName>? names,
            IReadOnlySet<long>? imports, (long Sequence, string PreviousHash)? startGiven, RecordReplayCheck? records = null)
        {
            HistoryNameIndexCheck? nameCheck = names == null ? null : new HistoryNameIndexCheck(names);
            HistoryImportCheck? importCheck = imports == null ? null : new HistoryImportCheck(imports);
            long count = 0;
            ChangeEntry? first = null;
            ChangeEntry? previous = null;
            long? badEntry = null;
            string? reason = null;
            ChangeEntry? badEntryAsRead = null;
            // The bad entry, when it is the stand-in of entries that no longer read (the way forward clears them with it).
            ChangeEntry? unreadable = null;
            (long Before, long After)? missingBetween = null;
            (long Sequence, string PreviousHash)? anchor = null;
            // The clear that set the chain's start (a later clear that removed nothing, which older versions recorded, repeats it).
            HistoryClear? startClear = null;
            bool knownFound = knownHash == null;
            string? knownEntry = null;
            var clears = new List<HistoryClear>();

            foreach (ChangeEntry entry in chain)
            {
                count += Count(entry);
                first ??= entry;
                if (entry.Action == ChangeAction.Cleared)
                {
                    HistoryClear clear = HistoryClear.FromEntry(entry);
                    // The clears whose entries this one removed, as it carried them: listed first, and a known hash one of
                    // them recorded as its chain's start is vouched for by this entry, which holds that record now.
                    foreach (HistoryClear prior in clear.PriorClears)
                    {
                        clears.Add(prior);
                        if (!knownFound && prior.ChainStart is > 1 && Same(prior.ChainStartPreviousHash, knownHash))
                        {
                            knownFound = true;
                            knownEntry = $"Entry {prior.ChainStart - 1}, removed by {prior.Describe()}, which recorded it as the chain's start (a record entry {entry.Sequence}, {clear.Describe()}, carries forward)";
                        }
                    }

                    clears.Add(clear);
                    if (TryReadAnchor(entry, out long start, out string startHash))
                    {
                        if (anchor == null || anchor.Value.Sequence != start || !Same(anchor.Value.PreviousHash, startHash))
                        {
                            startClear = clear;
                        }

                        anchor = (start, startHash);
                        // The genesis hash is no entry's: a clear of an empty history records it, and vouches for nothing.
                        if (!knownFound && start > 1 && Same(startHash, knownHash))
                        {
                            knownFound = true;
                            knownEntry = $"Entry {start - 1}, removed by {clear.Describe()}, which recorded it as the chain's start";
                        }
                    }
                }

                if (!knownFound && Same(entry.Hash, knownHash))
                {
                    knownFound = true;
                    knownEntry = $"Entry {entry.Sequence}, in the chain";
                }

                if (badEntry == null)
                {
                    (badEntry, reason, badEntryAsRead) = Check(previous, entry);
                    unreadable = badEntry == entry.Sequence && IsUnreadable(entry, out _) ? entry : null;
                    // A gap: the bad entry is one that isn't there, between the two read.
                    missingBetween = previous != null && badEntry > Through(previous) && badEntry < entry.Sequence ? (Through(previous), entry.Sequence) : null;
                    nameCheck?.Observe(entry);
                    importCheck?.Observe(entry);
                    records?.Observe(entry);
                }

                previous = entry;
            }

            // The chain must start where the last clear says it does (or at 1 after the genesis hash):
            // otherwise its oldest entries were removed by hand. That is the earliest fault, so it wins.
            (long Sequence, string PreviousHash) expected = startGiven ?? anchor ?? (1, GenesisHash);
            // An unreadable first entry (it has no previous hash to compare) is named for what it is, as Check did.
            if (first != null && (first.Sequence != expected.Sequence || (!Same(first.PreviousHash, expected.PreviousHash) && !IsUnreadable(first, out _))))
            {
                if (first.Sequence > expected.Sequence)
                {
                    badEntry = expected.Sequence;
                    badEntryAsRead = null;
                    missingBetween = (0, first.Sequence);
                    reason = $"{Entries(expected.Sequence, first.Sequence - 1)} missing: the chain starts at {first.Sequence}, but {(anchor == null ? "no Clear-BmgHistory removed older entries" : "the last Clear-BmgHistory left it starting at " + expected.Sequence)}; {(first.Sequence - 1 == expected.Sequence ? "it was" : "they were")} removed by hand.";
                }
                else
                {
                    badEntry = first.Sequence;
                    badEntryAsRead = Readable(first);
                    missingBetween = null;
                    reason = $"{Name(first)} does not start the chain as recorded (expected entry {expected.Sequence} after hash {expected.PreviousHash}); it was altered or inserted by hand.";
                }
            }

            if (badEntry == null && !knownFound)
            {
                // The chain itself holds, so nothing says it was changed: a hash mistyped or copied from another store
                // reads exactly like newest entries removed. Both are said, the likelier first, and the cmdlet's error is
                // KnownHashNotFound, not HistoryTampered (ChangeHistory.Failure). After a clear, the hash of an entry it
                // removed (older than the one the clear recorded) reads the same: nothing left vouches for it.
                reason = anchor is { Sequence: > 1 } start && startClear != null
                    ? $"No entry has the hash {knownHash}, and no clear recorded it as the chain's start. {Capital(startClear.Describe())} removed the entries before entry {start.Sequence}: the hash of one of them can't be checked. If the hash is of a later entry, check the hash you gave; {KnownHashGone}"
                    : $"No entry has the hash {knownHash}: check the hash you gave; {KnownHashGone}";
            }

            // The names index is checked only against a chain that holds; its fault is told before an unknown hash's.
            HistoryName? badName = null;
            if (badEntry == null && nameCheck?.Finish() is (HistoryName name, string nameReason))
            {
                badName = name;
                reason = knownFound ? nameReason : nameReason + " " + reason;
            }

            // Imports are checked only against a chain that holds, as the names index is; they don't touch Valid.
            IReadOnlyList<MissingImport>? missingImports = badEntry == null ? importCheck?.Finish() : null;

            bool valid = badEntry == null && badName == null && knownFound;
            return new HistoryVerification(valid, count, badEntry, valid ? null : reason, previous?.Hash, previous == null ? null : Through(previous), clears,
                knownFound ? knownEntry : null, badEntry != null ? badEntryAsRead : null, badName, badEntry != null ? missingBetween : null,
                missingImports)
            {
                UnreadableThrough = badEntry != null && unreadable != null && unreadable.Sequence == badEntry ? Through(unreadable) : null,
            };
        }

        /// <summary>
        /// An entry as a reason names it: its number and its subject as stored (device or user and its name then, the
        /// command, the time to the minute with its offset), so an admin knows whose entry it is without
        /// looking it up by number. An entry that no longer reads is named by its number (and what of its pack still reads).
        /// Subjects, commands and times only: an entry never holds a check-in code (its change shows as "changed").
        /// </summary>
        internal static string Name(ChangeEntry entry)
        {
            if (IsUnreadable(entry, out _))
            {
                return entry.Command.Length > 0 ? $"Entry {entry.Sequence} ({entry.Command})" : $"Entry {entry.Sequence}";
            }

            string when = Times.ShownTime.ToMinuteText(entry.At);
            string subject = entry.SubjectKind switch
            {
                SubjectKind.Device => $"device '{entry.Subject}', ",
                SubjectKind.User => $"user '{entry.Subject}', ",
                _ => "",
            };
            return $"Entry {entry.Sequence} ({subject}{entry.Command}, {when})";
        }

        // The bad entry a result carries: as it reads now, or null for one that no longer reads (nothing of it to show).
        private static ChangeEntry? Readable(ChangeEntry entry) => IsUnreadable(entry, out _) ? null : entry;

        internal static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

        internal static (long?, string?, ChangeEntry?) Check(ChangeEntry? previous, ChangeEntry entry)
        {
            // After a pack that no longer reads, the entry after its last (its stand-in has its first sequence only).
            long previousThrough = previous == null ? 0 : Through(previous);
            if (previous != null && entry.Sequence <= previousThrough)
            {
                return (entry.Sequence, $"{Name(entry)} comes after entry {previousThrough}: the sequence was rewritten or an entry inserted by hand.", Readable(entry));
            }

            if (previous != null && entry.Sequence > previousThrough + 1)
            {
                return (previousThrough + 1, $"{Entries(previousThrough + 1, entry.Sequence - 1)} missing between {previousThrough} and {entry.Sequence}: {(entry.Sequence - 1 == previousThrough + 1 ? "it was" : "they were")} removed by hand.", null);
            }

            if (IsUnreadable(entry, out string why))
            {
                return (entry.Sequence, $"{Name(entry)} was altered: {why}.", null);
            }

            if (!MatchesItsHash(entry))
            {
                return (entry.Sequence, Altered(entry), entry);
            }

            // An entry that no longer reads has no hash to link to: it is the fault, named when the walk met it.
            if (previous != null && !IsUnreadable(previous, out _) && !Same(entry.PreviousHash, previous.Hash))
            {
                // Both entries match their own hashes, yet don't link: one was rewritten with a recomputed hash,
                // or replaced by an entry made elsewhere. The earlier one is named.
                return (previous.Sequence, Unlinked(entry, previous), Readable(previous));
            }

            return (null, null, null);
        }

        /// <summary>
        /// What is wrong with an entry a history query shows (Get-BmgDeviceHistory, Get-BmgUserHistory), in the words
        /// <see cref="Verify(IEnumerable{ChangeEntry}, string?)"/> uses for it; null when nothing is. The query checks what it can without reading more than it
        /// shows: the entry against its own hash, and, when the entry shown just before it (newest first) is the chain's next
        /// entry and held, that the two link (the earlier one is named, as <see cref="Verify(IEnumerable{ChangeEntry}, string?)"/> names it). An entry rewritten
        /// with its hash recomputed links to no neighbour the query didn't read: only Test-BmgHistory walks every link.
        /// </summary>
        /// <param name="next">The entry shown just before this one, when it matched its own hash and linked; else null.</param>
        internal static string? CheckShown(ChangeEntry entry, ChangeEntry? next)
        {
            if (!MatchesItsHash(entry))
            {
                return Altered(entry);
            }

            return next != null && next.Sequence == entry.Sequence + 1 && !Same(next.PreviousHash, entry.Hash) ? Unlinked(next, entry) : null;
        }

        /// <summary>
        /// Whether the entry's content, with its sequence and previous hash, still gives its stored hash: the one check of an
        /// entry on its own, for the walk of the chain and for what a query shows. Compared as bytes (the stored text read in
        /// either case, as it always was): a query checks every entry it shows, up to a whole history.
        /// </summary>
        /// <remarks>
        /// An entry of the packed form (canonical version 2, or 4 with a ChangedBy) matches when either that form or its row
        /// form (version 1, or 3) gives its hash: one recorded before its packed form (a created record of an older store, in a
        /// pack or a row) was hashed with its row form, and stays as it was.
        /// Either way its content can't change without its hash: each version is SHA-256 over bytes that begin with its own tag.
        /// </remarks>
        [MethodImpl(PerRowCode.Compile)] // per entry: see Import.PerRowCode
        internal static bool MatchesItsHash(ChangeEntry entry)
        {
            Span<byte> computed = stackalloc byte[HashText.ByteLength];
            Span<byte> stored = stackalloc byte[HashText.ByteLength];
            if (!HashText.TryToBytes(entry.Hash, stored))
            {
                return false;
            }

            HistoryCanonicalForm.HashInto(entry, entry.Sequence, entry.PreviousHash, default, computed);
            if (computed.SequenceEqual(stored))
            {
                return true;
            }

            if (!HistoryCanonicalForm.TakesPackedForm(entry, out _))
            {
                return false;
            }

            HistoryCanonicalForm.HashInto(entry, entry.Sequence, entry.PreviousHash, default, computed, packedFormAllowed: false);
            return computed.SequenceEqual(stored);
        }

        private static string Altered(ChangeEntry entry) => $"{Name(entry)} was altered: its content no longer matches its hash.";

        private static string Unlinked(ChangeEntry entry, ChangeEntry previous) =>
            $"Entry {entry.Sequence} does not link to {Name(previous)} (its PreviousHash is not that entry's hash): entry {previous.Sequence} was rewritten (its hash recomputed) or one of the two was replaced or inserted by hand.";

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

        // "Entry 15 is" or "Entries 15-17 are": one missing entry is named in the singular.
        private static string Entries(long from, long to) =>
            from == to ? $"Entry {from.ToString(CultureInfo.InvariantCulture)} is" : $"Entries {from}-{to} are";
    }
}
