using System;
using System.Collections.Generic;
using System.Linq;
using BizMobileGo.Core.Store;

namespace BizMobileGo.Core.History
{
    /// <summary>What the history cmdlets say beside their answer: a clear that took entries or names, an -User that matches no one.</summary>
    public sealed partial class ChangeHistory
    {
        /// <summary>
        /// The newest Clear-BmgHistory the chain holds (its own Cleared entry), or null when the history was never cleared: what
        /// Get-BmgDeviceHistory / Get-BmgUserHistory name when a device or user of the store has no entry left. One indexed read
        /// of the history's own entries (kind History), newest first; no device's or user's entry is read.
        /// </summary>
        public HistoryClear? NewestClear()
        {
            var query = new HistoryQuery(SubjectKind.History) { Actions = new[] { ChangeAction.Cleared } };
            foreach (ChangeEntry entry in Query(query))
            {
                return HistoryClear.FromEntry(entry);
            }

            return null;
        }

        /// <summary>
        /// What Get-BmgDeviceHistory / Get-BmgUserHistory say (-Verbose) for a device or user the store holds that has no entry
        /// left: it is no error (the subject exists), and the newest clear, when there was one, is what most likely took its
        /// entries (walkthrough 31, 5: after a retention clear, "has or had never" was false and alarming).
        /// </summary>
        public string NoEntriesNote(SubjectKind kind, string name)
        {
            string subject = kind == SubjectKind.Device
                ? $"The device '{Fields.FieldText.Printable(name)}' is in the store"
                : $"The user '{Fields.FieldText.Printable(name)}' is in the store";
            return NewestClear() is HistoryClear clear
                ? $"{subject}, but the change history holds no entry of it now: {RemovedBefore(clear)} (Test-BmgHistory lists the clears)."
                : $"{subject}, but the change history holds no entry of it (Test-BmgHistory checks the history).";
        }

        /// <summary>
        /// Why a name the store's devices or users don't hold and no entry left carries is not found, once the history was cleared
        /// (walkthrough 32, 4): the clear removed the entries recorded before its date and the names index's rows of them, so a
        /// subject whose entries all went then is no longer found by name, and "has or had never" would be untrue. Null when
        /// the history was never cleared: then no device or user ever had the name. Said after "…, and no entry left had it: ".
        /// </summary>
        public string? ClearedNamesNote(SubjectKind kind) =>
            NewestClear() is HistoryClear clear
                ? $"{RemovedBefore(clear)}, and the names those entries carried, so a {(kind == SubjectKind.Device ? "device" : "user")} whose entries all went then is no longer found by its {(kind == SubjectKind.Device ? "Identifier" : "UserName")} (Test-BmgHistory lists the clears)"
                : null;

        /// <summary>
        /// What a query of a time window says (a warning, once a command) when a Clear-BmgHistory removed part of it
        /// (walkthrough 35, 1): "every change in Q3" must never look complete when it is not. The window reaches into the cleared
        /// span when it starts before the newest clear's date (or has no start: the whole history); a window that starts at or
        /// after it is whole, and says nothing. <paramref name="removed"/> names what went ("Entries recorded", "Imports that
        /// ended, and that no entry left names,"). Null when nothing was cleared, or the window starts after the clear.
        /// <paramref name="wholeFromUtc"/>: the time from which the answer is known whole whatever its window (the newest N
        /// records asked for, all N found: the oldest one's time, <see cref="NewestWholeFrom"/>); at or after the clear's date
        /// nothing the clear took could be in it, so it says nothing either (walkthrough 44, finding 5: a nightly
        /// Get-BmgImportHistory -Last 5 warned after every retention clear). One indexed read of the history's own entries
        /// (<see cref="NewestClear"/>).
        /// </summary>
        public string? ClearedWindowWarning(DateTimeOffset? sinceUtc, string removed = "Entries recorded", DateTimeOffset? wholeFromUtc = null)
        {
            if (NewestClear() is not HistoryClear clear || clear.BeforeUtc is not DateTimeOffset before
                || (sinceUtc is DateTimeOffset since && since >= before) || (wholeFromUtc is DateTimeOffset whole && whole >= before))
            {
                return null;
            }

            string asked = sinceUtc is DateTimeOffset from ? $"this answer (from {Times.ShownTime.ToText(from)}) lacks them" : "this answer lacks them";
            return $"{removed} before {Times.ShownTime.ToText(before)} were removed by {clear.Describe()}"
                + (clear.Reason != null ? $" ('{clear.Reason}')" : "") + $": {asked} (Test-BmgHistory lists the clears).";
        }

        /// <summary>
        /// The time from which an answer of the newest <paramref name="asked"/> records is whole: when all of them were found
        /// (<paramref name="found"/>), the oldest one's time (<paramref name="oldestUtc"/>), since anything older, a cleared one
        /// too, would not be among the newest; null when fewer were found or none was asked (the answer may then lack older
        /// ones). Get-BmgImportHistory's answer, and the change history's as it is written (<see cref="WholeAnswerCheck"/>).
        /// </summary>
        public static DateTimeOffset? NewestWholeFrom(int? asked, int found, DateTimeOffset? oldestUtc) =>
            asked is int count && found >= count && found > 0 ? oldestUtc : null;

        // "the Clear-BmgHistory of 2026-12-02 23:20 by root@kitting-01 removed the entries recorded before 2026-12-01 00:00:00"
        private static string RemovedBefore(HistoryClear clear) =>
            $"{clear.Describe()} removed the entries recorded before "
            + (clear.Before is DateTimeOffset before ? Times.ShownTime.ToText(before) : "its -Before");

        /// <summary>How many of the history's OS users <see cref="UnknownOsUserWarning"/> names at most.</summary>
        public const int OsUsersNamed = 10;

        /// <summary>
        /// Said when Get-BmgDeviceHistory / Get-BmgUserHistory -User wrote nothing: null when an OS user of <paramref name="kind"/>'s
        /// entries, or a ChangedBy name of them, is one <paramref name="isMatch"/> accepts (the other filters left nothing: silent,
        /// as any filter that matches nothing), else a warning that no entry of the kind was ever made by or for
        /// <paramref name="user"/> (as typed), naming the OS users that made them and the names they were made for (a typo, or
        /// a user of another host, is then plain), first <see cref="OsUsersNamed"/> of each by name. Reads every OS user and
        /// ChangedBy name of the kind's entries: only asked after an answer of none.
        /// </summary>
        public string? UnknownOsUserWarning(SubjectKind kind, IReadOnlyList<string> user, Func<string, bool> isMatch)
        {
            IReadOnlyList<string> osUsers;
            IReadOnlyList<string> changedBy;
            using (IStoreTransaction read = _store.BeginReadTransaction())
            {
                osUsers = _store.ReadOsUsers(kind);
                changedBy = _store.ReadChangedByNames(kind);
            }

            if (osUsers.Any(isMatch) || changedBy.Any(isMatch))
            {
                return null;
            }

            string what = kind == SubjectKind.Device ? "a device" : kind == SubjectKind.User ? "a user" : "the history";
            string asked = string.Join(", ", user.Select(name => "'" + name + "'"));
            List<string> known = Listed(osUsers);
            if (known.Count == 0)
            {
                return $"-User {asked}: no entry of {what} is in the history.";
            }

            List<string> madeFor = Listed(changedBy);
            return madeFor.Count == 0
                ? $"-User {asked} matches no OS user who made an entry of {what}; the history's entries of {what} were made by: {Named(known)}."
                : $"-User {asked} matches no OS user who made an entry of {what}, nor anyone one was made for (-ChangedBy); the history's entries of {what} were made by: {Named(known)}; and for: {Named(madeFor)}.";
        }

        // Names once each as -User folds them (any case), in order.
        private static List<string> Listed(IEnumerable<string> names) =>
            names.Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(name => name, StringComparer.OrdinalIgnoreCase).ThenBy(name => name, StringComparer.Ordinal).ToList();

        // The first OsUsersNamed of them, and how many more.
        private static string Named(List<string> names) =>
            string.Join(", ", names.Take(OsUsersNamed)) + (names.Count > OsUsersNamed ? $" and {names.Count - OsUsersNamed} more" : "");
    }
}
