using System;
using System.Collections.Generic;

namespace BizMobileGo.Core.History
{
    /// <summary>
    /// What Test-BmgHistory found: whether the chain holds, how many entries it walked, the first bad entry and why, and the
    /// clears (Clear-BmgHistory) the chain still records.
    /// </summary>
    public sealed class HistoryVerification
    {
        public HistoryVerification(bool valid, long entries, long? firstBadEntry, string? reason, string? headHash, long? headSequence,
            IReadOnlyList<HistoryClear>? clears = null, string? knownEntry = null, ChangeEntry? badEntry = null, HistoryName? badName = null,
            (long Before, long After)? missingBetween = null, IReadOnlyList<MissingImport>? missingImports = null)
        {
            MissingImports = missingImports ?? Array.Empty<MissingImport>();
            MissingBetween = missingBetween;
            Valid = valid;
            Entries = entries;
            FirstBadEntry = firstBadEntry;
            Reason = reason;
            HeadHash = headHash;
            HeadSequence = headSequence;
            Clears = clears ?? Array.Empty<HistoryClear>();
            KnownEntry = knownEntry;
            BadEntry = badEntry;
            BadName = badName;
        }

        public bool Valid { get; }

        /// <summary>How many entries the chain holds.</summary>
        public long Entries { get; }

        /// <summary>The Sequence of the first entry found altered, inserted, or missing (removed); null when the chain holds.</summary>
        public long? FirstBadEntry { get; }

        /// <summary>
        /// The entry <see cref="FirstBadEntry"/> names, as it reads now (its subject, command, time and changes as stored, so
        /// whose entry it is shows without a search by number); null when the chain holds, or when that entry is missing or
        /// no longer reads. Carried from the walk Test-BmgHistory does anyway: the history queries don't verify entries.
        /// </summary>
        public ChangeEntry? BadEntry { get; }

        /// <summary>
        /// The row of the names index (the past names the look-ups by name read) that no entry of the chain backs, or the past
        /// name an entry carries that has no row (its Through: the newest entry that carries it); null when the index matches
        /// the chain, or when the chain itself doesn't verify (the index is checked only against a chain that does). The chain
        /// still holds then (<see cref="FirstBadEntry"/> is null); <see cref="Reason"/> says what is wrong.
        /// </summary>
        public HistoryName? BadName { get; }

        /// <summary>
        /// When <see cref="FirstBadEntry"/> is missing (removed by hand), the entries the gap lies between: Before, the entry
        /// before it (0 when the chain's oldest entries are the ones missing), and After, the first entry after it. Null for an
        /// entry altered, inserted or unreadable. The way forward names the entry before the gap (walkthrough 27, 7).
        /// </summary>
        public (long Before, long After)? MissingBetween { get; }

        /// <summary>
        /// The imports entries of the chain name (their ImportId) that the import history has no row of, oldest first: rows
        /// deleted by hand, since the module deletes only rows no entry names (Get-BmgImportHistory no longer shows them). Empty when every
        /// import named has its row, and when the chain doesn't verify (checked only against one that does). Not part of
        /// <see cref="Valid"/>: the import history is not chained, and the entries that name the import still verify; the
        /// cmdlet writes it as an error of its own (ImportNotFound, <see cref="ChangeHistory.ImportsMissing"/>).
        /// </summary>
        public IReadOnlyList<MissingImport> MissingImports { get; }

        /// <summary>
        /// When <see cref="FirstBadEntry"/> is the first of entries kept together that no longer read (a pack), the last of them:
        /// a clear that accepts it removes them all, unread. Null otherwise (a row that doesn't read is its own last).
        /// </summary>
        internal long? UnreadableThrough { get; init; }

        /// <summary>What is wrong with <see cref="FirstBadEntry"/> or <see cref="BadName"/>; null when both hold.</summary>
        public string? Reason { get; }

        /// <summary>
        /// The hash of the newest entry. Write it down (or keep it elsewhere): Test-BmgHistory -KnownHash then
        /// shows whether entries up to it were removed later, which the chain alone can't show.
        /// </summary>
        public string? HeadHash { get; }

        /// <summary>
        /// With -KnownHash, where the hash was found: "Entry 12, in the chain", or, for the hash a Clear-BmgHistory recorded
        /// as the chain's start (the newest entry it removed), "Entry 9, removed by the Clear-BmgHistory of ... by ...,
        /// which recorded it as the chain's start": that clear's entry vouches for it (HistoryChain.Verify has the rule).
        /// Null without -KnownHash or when the hash was not found (<see cref="Reason"/> says why).
        /// </summary>
        public string? KnownEntry { get; }

        /// <summary>The Sequence of the newest entry.</summary>
        public long? HeadSequence { get; }

        /// <summary>
        /// Every Clear-BmgHistory whose own entry the chain holds, oldest first: when, who, before what date and how many
        /// entries it removed. Walked with the chain, so it costs no second read; of a chain that doesn't verify, the
        /// entries are listed as they read (<see cref="Valid"/> says whether to trust them).
        /// </summary>
        public IReadOnlyList<HistoryClear> Clears { get; }

        /// <summary>
        /// With Test-BmgHistory -Records: every device and user row compared with what its history says (<see cref="RecordCheck"/>);
        /// null without -Records, or when the chain did not verify (a row can't be checked against entries that may be forged).
        /// </summary>
        public RecordCheck? Records { get; internal set; }

        /// <summary>
        /// The store checked, as it shows its location (a file path, or a server URI without its password): a saved result is the
        /// auditor's evidence, and says which store it is of (walkthrough 35, 9), as every other object of the module does.
        /// </summary>
        public string? Database { get; internal set; }

        /// <summary>When the check read the store (the snapshot it walked), in this computer's offset.</summary>
        public DateTimeOffset? CheckedAt { get; internal set; }

        public override string ToString() => Valid ? $"Valid: {Entries} entries, head {HeadHash}" : FirstBadEntry != null ? $"Not valid: entry {FirstBadEntry}: {Reason}" : $"Not valid: {Reason}";
    }
}
