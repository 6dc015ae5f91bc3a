using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Errors;

namespace BizMobileGo.Core.History
{
    /// <summary>The errors of a history that does not verify: HistoryTampered and the way forward, imports missing, records tampered.</summary>
    public sealed partial class ChangeHistory
    {
        /// <summary>The error of a chain that doesn't verify: HistoryTampered, naming the first bad entry and why.</summary>
        public static BmgException Tampered(HistoryVerification verification) => Tampered(verification, null);

        /// <summary>
        /// HistoryTampered as <see cref="Tampered(HistoryVerification)"/>, with <paramref name="why"/> (what stands in the way of
        /// a clear -AcceptTampered) or else the ways forward: every command that refuses a history that doesn't verify says them.
        /// </summary>
        private static BmgException Tampered(HistoryVerification verification, string? why) =>
            new BmgException(ErrorIds.HistoryTampered, BmgErrorCategory.InvalidData,
                $"The change history was changed by hand: {verification.Reason} " + (why ?? WayForward(verification)),
                (object?)verification.FirstBadEntry ?? verification.BadName);

        /// <summary>
        /// What a team can do about an entry at fault (walkthrough 24, 4): look at it, then restore it from a backup (the
        /// history verifies again as it was), or accept it, recorded, by clearing through it. A names-index row is restored alone.
        /// </summary>
        private static string WayForward(HistoryVerification verification)
        {
            if (verification.FirstBadEntry is long bad)
            {
                // Built from the kind of failure (walkthrough 27, 7): a missing entry has no BadEntry to show and no time of its
                // own, so the clear that accepts it is timed after the entry before the gap (after the first one after it when
                // the oldest are missing: a clear must remove an entry); an unreadable one has no BadEntry either.
                if (verification.MissingBetween is (long before, long after))
                {
                    string which = after - before > 2 || before == 0 && after > 2 ? "entries' rows" : "entry's row";
                    return $"To go on: restore the missing {which} from a backup and run Test-BmgHistory again, or accept {(which == "entry's row" ? "it" : "them")}, recorded in the clear's own entry, with Clear-BmgHistory -Before <a time after entry {(before > 0 ? before : after)}'s> -AcceptTampered {bad} (README, Change history).";
                }

                // An entry that no longer reads has no time to go by either: the chain gives it none, so it goes with the entries
                // before the next one's time. Entries kept together (a pack) that no longer read go together, unread.
                long last = verification.UnreadableThrough ?? bad;
                string look = verification.BadEntry != null ? "(Test-BmgHistory).BadEntry shows the entry as it reads now. " : "";
                string time = verification.BadEntry != null ? "a time after the entry's" : bad > 1 ? $"a time after entry {bad - 1}'s" : $"a time before entry {last + 1}'s";
                return last > bad
                    ? $"To go on: restore the entries' row from a backup and run Test-BmgHistory again, or accept them, recorded in the clear's own entry, with Clear-BmgHistory -Before <{time}> -AcceptTampered {bad}: it removes entries {bad}-{last}, kept together, unread (README, Change history)."
                    : $"{look}To go on: restore the entry's row from a backup and run Test-BmgHistory again, or accept it, recorded in the clear's own entry, with Clear-BmgHistory -Before <{time}> -AcceptTampered {bad} (README, Change history).";
            }

            return verification.BadName != null
                ? "(Test-BmgHistory).BadName shows the row. To go on: restore the names index's row from a backup (README, Change history), or accept it with Clear-BmgHistory -Before <a time after entry " + verification.BadName.Through + "'s> -AcceptTampered " + verification.BadName.Through + "."
                : "";
        }

        /// <summary>How many missing imports <see cref="ImportsMissing"/> names by Id before it counts the rest.</summary>
        private const int MissingImportsNamed = 5;

        /// <summary>
        /// The error of imports the chain's entries name that the import history has no row of
        /// (<see cref="HistoryVerification.MissingImports"/>): ImportNotFound, as Get-BmgImportHistory -Id says of that Id, not
        /// HistoryTampered (the entries verify, and the import history is not chained); target: the first one's Id. Null when
        /// none is missing.
        /// </summary>
        public static BmgException? ImportsMissing(HistoryVerification verification)
        {
            IReadOnlyList<MissingImport> missing = verification.MissingImports;
            if (missing.Count == 0)
            {
                return null;
            }

            MissingImport first = missing[0];
            string entries = first.Entries == 1 ? $"entry {first.FirstEntry}" : $"{first.Entries} entries, {first.FirstEntry} to {first.LastEntry},";
            string what = missing.Count == 1
                ? $"The import history has no row for import {first.ImportId}, which {entries} of the change history name (their ImportId): the row was deleted by hand (the module deletes only rows no entry names)"
                : $"The import history has no row for imports {string.Join(", ", missing.Take(MissingImportsNamed).Select(import => import.ImportId))}{(missing.Count > MissingImportsNamed ? $" and {missing.Count - MissingImportsNamed} more" : "")}, which entries of the change history name (their ImportId; import {first.ImportId}: {entries.TrimEnd(',')}): the rows were deleted by hand (the module deletes only rows no entry names)";
            return new BmgException(ErrorIds.ImportNotFound, BmgErrorCategory.ObjectNotFound,
                $"{what}, so Get-BmgImportHistory no longer shows {(missing.Count == 1 ? "that import's" : "those imports'")} file, SHA-256, counts and row errors. " +
                $"The entries themselves verify: what {(missing.Count == 1 ? "the import" : "each import")} changed, who ran it (as the client said) and when are still in them (Get-BmgDeviceHistory | Where-Object ImportId -eq {first.ImportId}; Get-BmgUserHistory too). " +
                "The import history is not hash-chained, so this is all the module can tell of it: restore the row from a backup to show the import again; (Test-BmgHistory).MissingImports lists every import missing.",
                first.ImportId);
        }

        /// <summary>
        /// The errors of Test-BmgHistory -Records, one a mismatch listed (<see cref="RecordCheck.Mismatches"/>): RecordTampered,
        /// target the Identifier or UserName. A check-in code is named as set or empty, never by its value.
        /// </summary>
        public static IEnumerable<BmgException> RecordsTampered(HistoryVerification verification) =>
            (verification.Records?.Mismatches ?? Array.Empty<RecordMismatch>()).Select(mismatch =>
                new BmgException(ErrorIds.RecordTampered, BmgErrorCategory.InvalidData, mismatch.Problem, mismatch.Subject));

        /// <summary>
        /// The error of a verification that failed (<see cref="HistoryVerification.Valid"/> false): HistoryTampered when an
        /// entry of the chain is bad, which is certain; KnownHashNotFound (target: the hash) when the chain holds but has
        /// no entry with <paramref name="knownHash"/>, which a typo explains as well as a removal, so it claims neither.
        /// </summary>
        public static BmgException Failure(HistoryVerification verification, string? knownHash) =>
            verification.FirstBadEntry == null && verification.BadName == null && knownHash != null
                ? new BmgException(ErrorIds.KnownHashNotFound, BmgErrorCategory.ObjectNotFound, verification.Reason ?? "", knownHash)
                : Tampered(verification);
    }
}
